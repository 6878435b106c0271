atlas
migrate
status
