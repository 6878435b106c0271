atlas
migrate
apply
--env
local
2
