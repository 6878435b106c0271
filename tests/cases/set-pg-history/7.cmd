atlas
migrate
set
--url
$URL&search_path=public
