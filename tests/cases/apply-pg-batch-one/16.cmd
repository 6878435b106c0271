atlas
migrate
apply
--url
$URL
--tx-mode
all
