atlas
migrate
new
