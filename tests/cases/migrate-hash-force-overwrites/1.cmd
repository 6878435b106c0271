atlas
migrate
hash
--force
