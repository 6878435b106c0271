atlas
migrate
hash
--env
local
