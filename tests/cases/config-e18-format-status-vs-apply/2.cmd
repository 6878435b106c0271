atlas
migrate
apply
--env
prod
