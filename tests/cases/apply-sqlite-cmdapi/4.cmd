atlas
migrate
apply
--url
sqlite://db2.sqlite
--dir
file://migrations2
