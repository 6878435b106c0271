atlas
migrate
apply
--url
sqlite://file:$WORK/t3.db?cache=shared&_fk=1
--dir
file://b2
