atlas
migrate
new
add_users
