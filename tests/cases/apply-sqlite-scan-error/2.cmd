atlas
migrate
apply
--url
sqlite://db.sqlite
