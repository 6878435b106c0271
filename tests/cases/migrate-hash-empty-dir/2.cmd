atlas
migrate
hash
--dir
file://migrations
