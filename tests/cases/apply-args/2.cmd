atlas
migrate
apply
--url
sqlite://x.db
--log
{{ json . }}
--format
{{ json . }}
