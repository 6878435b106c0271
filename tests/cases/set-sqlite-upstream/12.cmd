atlas
migrate
set
2
--url
sqlite://db.sqlite
