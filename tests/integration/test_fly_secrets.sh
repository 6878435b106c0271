#!/bin/sh
# No password on any output (issue 7): every error path that can see a
# database URL, for migrate apply, status and set, with the URL given as a
# flag, through $DATABASE_URL expansion, from atlas.hcl (literal, input
# variable, getenv, for_each) and (when a path shows the URL) in the JSON
# report, prints neither the password nor its percent-encoding.
# A URL, where shown, reads `user:xxxxx@`.
. "$ATLAS_SRCDIR/tests/integration/test_fly_lib.sh"

DIR=$(fixture wait)
CANARY='Pw-Leak-Canary-7319'
ENC='Pw%2DLeak%2DCanary%2D7319' # the same, needlessly percent-encoded
PORT=$ATLAS_TEST_PG_PORT
DEAD=$(free_port)
new_db fly_secrets pwuser || exit 99
new_db fly_secrets_ok pwuser || exit 99

n=0
leaks() { # leaks NAME: no password in a finished run's output
	for f in "$WORK/$1.out" "$WORK/$1.err"; do
		for s in "$CANARY" "$ENC" "Leak-Canary" "pw-secret-42"; do
			lacks "$f" "$s" || return 1
		done
	done
	return 0
}

# fails_clean NAME ARGS...: atlas with its output in $WORK/NAME.{out,err};
# it must fail, say why, and show no password.
fails_clean() {
	name=$1
	shift
	n=$((n + 1))
	atlas "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
	check "$name: fails (got $rc)" [ "$rc" != 0 ]
	check "$name: no memory error (valgrind 99, ASan 86, LSan 23)" \
		test "$rc" != 99 -a "$rc" != 86 -a "$rc" != 23 -a "$rc" -lt 128
	case $name in
	*-json) ;; # --format suppresses the Error: line (migrate.md §4.3 step 14)
	*) check "$name: says why" grep -q '^Error: ' "$WORK/$name.err" ;;
	esac
	check "$name: no password" leaks "$name"
}

for cmd in apply status set; do
	case $cmd in
	apply) c="migrate apply" ;;
	status) c="migrate status" ;;
	set) c="migrate set 1" ;;
	esac
	# shellcheck disable=SC2086
	{
		fails_clean "$cmd-wrongpw" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
		fails_clean "$cmd-wrongpw-enc" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$ENC@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
		fails_clean "$cmd-wrongpw-wait" $c --dir "file://$DIR" --wait 5s \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
		fails_clean "$cmd-nodb" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets_none?sslmode=disable"
		fails_clean "$cmd-refused" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$DEAD/fly_secrets?sslmode=disable"
		fails_clean "$cmd-refused-wait" $c --dir "file://$DIR" --wait 1s \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$DEAD/fly_secrets?sslmode=disable"
		fails_clean "$cmd-badport" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:port/fly_secrets"
		fails_clean "$cmd-badescape" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY%zz@127.0.0.1:$PORT/fly_secrets"
		fails_clean "$cmd-baddriver" $c --dir "file://$DIR" \
			--url "mysqlx://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets"
		fails_clean "$cmd-nodriver" $c --dir "file://$DIR" \
			--url "pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets"
		fails_clean "$cmd-badsslmode" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=bogus"
		fails_clean "$cmd-sslrequired" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=require"
		fails_clean "$cmd-badparam" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?connect_timeout=soon"
		fails_clean "$cmd-nohost" $c --dir "file://$DIR" \
			--url "postgres://pwuser:$CANARY@no-such-host.invalid:$PORT/fly_secrets?sslmode=disable"
		DATABASE_URL="postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
		export DATABASE_URL
		# shellcheck disable=SC2016 # atlas expands it, not the shell
		fails_clean "$cmd-envvar" $c --dir "file://$DIR" --url '$DATABASE_URL'
		unset DATABASE_URL
		fails_clean "$cmd-baddir" $c --dir "file://$WORK/no-such-dir" \
			--url "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
	}
done

# The URL from atlas.hcl: a literal, an input variable, getenv, for_each.
proj=$WORK/proj
mkdir -p "$proj"
cp -R "$DIR" "$proj/migrations"
cat >"$proj/atlas.hcl" <<EOF
variable "url" {
  type    = string
  default = ""
}
env "literal" {
  url = "postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
}
env "var" {
  url = var.url
}
env "getenv" {
  url = getenv("DATABASE_URL")
}
env "each" {
  for_each = toset([var.url])
  url      = each.value
}
env "refused" {
  url  = "postgres://pwuser:$CANARY@127.0.0.1:$DEAD/fly_secrets?sslmode=disable"
  wait = "1s"
}
EOF
cd "$proj" || exit 99
wrong="postgres://pwuser:$CANARY@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
for cmd in apply status; do
	fails_clean "hcl-$cmd-literal" migrate $cmd --env literal
	fails_clean "hcl-$cmd-var" migrate $cmd --env var --var "url=$wrong"
	fails_clean "hcl-$cmd-var-badport" migrate $cmd --env var \
		--var "url=postgres://pwuser:$CANARY@127.0.0.1:port/x"
	DATABASE_URL=$wrong
	export DATABASE_URL
	fails_clean "hcl-$cmd-getenv" migrate $cmd --env getenv
	unset DATABASE_URL
	fails_clean "hcl-$cmd-refused" migrate $cmd --env refused
	fails_clean "hcl-$cmd-unknown-env" migrate $cmd --env nosuch --var "url=$wrong"
done
fails_clean "hcl-apply-each" migrate apply --env each --var "url=$wrong"
cd "$WORK" || exit 99

# A lock held by someone else, a failing statement: errors after connecting.
bad=$WORK/bad
mkdir -p "$bad"
printf 'CREATE TABLE ok1 (id int);\nTHIS IS NOT SQL;\n' >"$bad/1_bad.sql"
write_sum() { # the dir's atlas.sum, by atlas itself
	atlas migrate hash --dir "file://$1" >/dev/null 2>&1
}
if write_sum "$bad"; then
	fails_clean "apply-badsql" migrate apply --dir "file://$bad" \
		--url "postgres://pwuser:pw-secret-42@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
	fails_clean "apply-badsql-json" migrate apply --dir "file://$bad" --format '{{ json . }}' \
		--url "postgres://pwuser:pw-secret-42@127.0.0.1:$PORT/fly_secrets?sslmode=disable"
else
	fail "atlas migrate hash failed"
fi

# Success paths that print the URL (JSON report): redacted.
atlas migrate apply --dir "file://$DIR" --format '{{ json . }}' \
	--url "postgres://pwuser:pw-secret-42@127.0.0.1:$PORT/fly_secrets_ok?sslmode=disable" \
	>"$WORK/json.out" 2>"$WORK/json.err"
rc=$?
check "json: exit 0 (got $rc)" [ "$rc" = 0 ]
check "json: no password" leaks json
atlas migrate status --dir "file://$DIR" --format '{{ json . }}' \
	--url "postgres://pwuser:pw-secret-42@127.0.0.1:$PORT/fly_secrets_ok?sslmode=disable" \
	>"$WORK/sjson.out" 2>"$WORK/sjson.err"
rc=$?
check "status json: exit 0 (got $rc)" [ "$rc" = 0 ]
check "status json: no password" leaks sjson

echo "$n failing runs checked"
finish
