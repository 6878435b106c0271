atlas
migrate
apply
1
2
