atlas
migrate
hash
--dir
file://db/migrations
