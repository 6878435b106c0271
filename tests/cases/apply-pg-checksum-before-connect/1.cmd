atlas
migrate
apply
--dir
file://migrations
--url
$URL
