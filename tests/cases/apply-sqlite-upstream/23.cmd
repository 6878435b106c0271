atlas
migrate
apply
--url
sqlite://db.sqlite
--revisions-schema
main
