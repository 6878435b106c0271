atlas
migrate
apply
--url
$URL&search_path=bc_test
