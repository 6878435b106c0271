atlas
migrate
set
1
