atlas
migrate
apply
--url
$URL&search_path=bc_test
--revisions-schema
atlas_schema_revisions
