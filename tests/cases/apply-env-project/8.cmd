atlas
migrate
set
1
--env
prod
