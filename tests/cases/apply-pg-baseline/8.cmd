atlas
migrate
apply
--url
$URL&search_path=public
--baseline
1
1
