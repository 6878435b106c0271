atlas
migrate
validate
--env
local
