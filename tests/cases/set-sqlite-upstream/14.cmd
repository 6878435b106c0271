atlas
migrate
set
4
--url
sqlite://db.sqlite
