atlas
migrate
set
0
