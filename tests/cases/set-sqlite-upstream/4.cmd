atlas
migrate
set
foo
bar
--url
sqlite://db.sqlite
