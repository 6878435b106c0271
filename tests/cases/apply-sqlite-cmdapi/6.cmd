atlas
migrate
status
--url
sqlite://db2.sqlite
--dir
file://migrations2
