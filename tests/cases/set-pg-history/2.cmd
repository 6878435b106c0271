atlas
migrate
set
2
--url
$URL&search_path=public
