atlas
migrate
apply
--url
$URL&search_path=public
--revisions-schema
public
1
