atlas
migrate
apply
--url
sqlite://globex.db
