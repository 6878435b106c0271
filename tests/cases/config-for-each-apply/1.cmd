atlas
migrate
apply
--env
tenants
