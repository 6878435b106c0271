atlas
migrate
apply
--env
multi
