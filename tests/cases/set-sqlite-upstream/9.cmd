atlas
migrate
set
1
--url
sqlite://db.sqlite
