atlas
migrate
apply
