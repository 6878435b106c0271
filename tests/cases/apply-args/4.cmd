atlas
migrate
apply
--url
sqlite://x.db
--dir
migrations
