atlas
migrate
apply
--url
sqlite://file:$WORK/t1.db?cache=shared&_fk=1
--dir
file://b1
