atlas
migrate
apply
--url
$URL&search_path=public
--lock-timeout
5x
