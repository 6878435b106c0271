atlas
migrate
apply
--url
sqlite://db.sqlite
1
