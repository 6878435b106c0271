atlas
migrate
status
--url
$URL&search_path=public
