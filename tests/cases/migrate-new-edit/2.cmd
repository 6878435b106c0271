atlas
migrate
new
edited
--edit
