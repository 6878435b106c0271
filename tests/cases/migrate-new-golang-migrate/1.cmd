atlas
migrate
new
init
--dir
file://db?format=golang-migrate
