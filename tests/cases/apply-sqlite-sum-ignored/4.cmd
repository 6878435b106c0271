atlas
migrate
set
3
--url
sqlite://db.sqlite
