atlas
migrate
apply
--env
prod
--exec-order
non-linear
