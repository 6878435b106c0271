atlas
migrate
set
--url
sqlite://db.sqlite
