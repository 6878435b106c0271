#!/bin/sh
# No network traffic but the database (issue 7): `strace -f -e
# trace=connect` of migrate apply and migrate status finds AF_INET/AF_INET6
# connects only to the database's address and port (no update check, no
# DNS server, no telemetry).  test_fly_rootfs.sh repeats this inside the
# release image when run as root.
. "$ATLAS_SRCDIR/tests/integration/test_fly_lib.sh"

if ! command -v strace >/dev/null 2>&1; then
	echo "FAIL: strace is not installed (scripts/install-deps installs it)" >&2
	exit 1
fi
DIR=$(fixture wait)
new_db fly_network pwuser || exit 99
URL="postgres://pwuser:pw-secret-42@127.0.0.1:$ATLAS_TEST_PG_PORT/fly_network?sslmode=disable"

traced() { # traced NAME ARGS...: atlas under strace, connects in $WORK/NAME.trace
	name=$1
	shift
	# LeakSanitizer cannot run under ptrace (sanitizer builds).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=connect -o "$WORK/$name.trace" "$ATLAS_BIN" "$@" \
		>"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
	check "$name: exit 0 (got $rc)" [ "$rc" = 0 ]
	grep -E 'AF_INET6?[,}]|sa_family=AF_INET' "$WORK/$name.trace" >"$WORK/$name.inet"
	count=$(wc -l <"$WORK/$name.inet")
	check "$name: connects to the database ($count)" [ "$count" -ge "$want" ]
	other=$(grep -vF "sin_port=htons($ATLAS_TEST_PG_PORT), sin_addr=inet_addr(\"127.0.0.1\")" "$WORK/$name.inet")
	check "$name: nothing else: $other" [ -z "$other" ]
}

want=2 # the statement connection and the lock connection
traced apply migrate apply --url "$URL" --dir "file://$DIR" --wait 5s
check "apply: applied" [ "$(sql fly_network "SELECT version FROM atlas_schema_revisions.atlas_schema_revisions")" = 1 ]
want=1
traced status migrate status --url "$URL" --dir "file://$DIR"
check "status: report" contains "$WORK/status.out" "Migration Status: OK"

finish
