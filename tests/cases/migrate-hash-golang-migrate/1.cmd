atlas
migrate
hash
--dir-format
golang-migrate
