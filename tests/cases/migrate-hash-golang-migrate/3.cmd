atlas
migrate
validate
--dir
file://migrations?format=golang-migrate
