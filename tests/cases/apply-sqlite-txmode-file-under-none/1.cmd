atlas
migrate
hash
