atlas
migrate
status
--env
prod
