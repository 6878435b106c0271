atlas
migrate
apply
--url
$URL&search_path=public
