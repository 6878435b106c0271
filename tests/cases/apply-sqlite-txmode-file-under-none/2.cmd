atlas
migrate
apply
--url
sqlite://db.sqlite
--tx-mode
none
