atlas
migrate
apply
--url
sqlite://db.sqlite
--dry-run
