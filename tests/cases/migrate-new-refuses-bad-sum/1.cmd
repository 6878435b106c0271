atlas
migrate
new
x
