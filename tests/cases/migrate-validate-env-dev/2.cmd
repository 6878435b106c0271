atlas
migrate
validate
--env
local
--dev-url
sqlite://dev?mode=memory
