atlas
migrate
status
--url
$URL&search_path=bc_test
