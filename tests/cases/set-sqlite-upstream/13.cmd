atlas
migrate
apply
1
--url
sqlite://db.sqlite
--dry-run
