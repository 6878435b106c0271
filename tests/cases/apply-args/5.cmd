atlas
migrate
apply
--dir
file://nope
--url
sqlite://x.db
