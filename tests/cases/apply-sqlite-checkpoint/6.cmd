atlas
migrate
apply
--url
sqlite://other.db
--to-version
2
