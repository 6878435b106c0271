atlas
migrate
apply
--url
$URL
--dry-run
