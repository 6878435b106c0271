atlas
migrate
new
1
--env
local
