atlas
migrate
apply
--dir
file://migrations
--url
postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable
