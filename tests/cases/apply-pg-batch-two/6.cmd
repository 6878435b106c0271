atlas
migrate
apply
--url
$URL
