atlas
migrate
validate
