atlas
migrate
set
1
--url
$URL&search_path=bc_test
