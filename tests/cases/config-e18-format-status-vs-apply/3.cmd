atlas
migrate
apply
--env
prod
--dir
file://migrations?format=golang-migrate
