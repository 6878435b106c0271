atlas
migrate
apply
--url
$URL&search_path=public
99999999999999999999
