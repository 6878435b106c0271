atlas
migrate
status
--url
sqlite://db.sqlite
