atlas
migrate
apply
--url
$URL
--allow-dirty
