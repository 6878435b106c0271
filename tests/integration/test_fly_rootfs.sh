#!/bin/sh
# The Fly.io image, proven without a container runtime (issue 7):
# `make fly-rootfs DESTDIR=...` assembles the FROM-scratch tree, then the
# release command runs inside it by direct exec (unshare --root/--wd execs
# /atlas itself: no shell exists in the tree, none is used), with an
# environment holding only DATABASE_URL, against the harness PostgreSQL at
# 127.0.0.1 (the tree has no /etc/hosts), as Fly's release VM would:
#   (a) /atlas migrate apply --env prod            (url = getenv("DATABASE_URL"))
#   (b) /atlas migrate apply --url $DATABASE_URL --dir file:///app/migrations
#       with the literal text `$DATABASE_URL` as the argument;
# the revision table is checked after each.  Also: the tree's contents (no
# shell, the loader and libraries, CA certificates), a missing secret and a
# wrong password fail with a clear line and no password, an strace of the
# release command finds no connection but the database's, and a host name
# resolves once the VM provides /etc/hosts.
#
# Needs root for the chroot: SKIPs (exit 77) otherwise.
. "$ATLAS_SRCDIR/tests/integration/test_fly_lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the rootfs test changes root (unshare --root) and must run as root"
	exit 77
fi
: "${ATLAS_BUILDDIR:?run through make check}"

ROOT=$WORK/rootfs
PW=pw-secret-42
EXPECT="20250301120100|2|2
20250301120200|2|2"

# ---- the tree ----------------------------------------------------------------
# -o atlas: the binary the other tests are running is never relinked here.
if ! make -s -o atlas -C "$ATLAS_BUILDDIR" fly-rootfs DESTDIR="$ROOT" >"$WORK/make.log" 2>&1; then
	cat "$WORK/make.log" >&2
	echo "FAIL: make fly-rootfs" >&2
	exit 1
fi
check "tree: /atlas" [ -x "$ROOT/atlas" ]
check "tree: project" test -f "$ROOT/app/atlas.hcl" -a -f "$ROOT/app/migrations/atlas.sum"
check "tree: CA certificates" [ -s "$ROOT/etc/ssl/certs/ca-certificates.crt" ]
check "tree: no shell" [ -z "$(find "$ROOT" \( -name sh -o -name bash -o -name dash -o -name busybox \) -print)" ]
check "tree: no /etc/hosts" [ ! -e "$ROOT/etc/hosts" ]
interp=$(readelf -l "$ROOT/atlas" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
check "tree: the loader ($interp)" test -n "$interp" -a -f "$ROOT$interp"
for lib in $(readelf -d "$ROOT/atlas" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
	check "tree: $lib" [ -n "$(find "$ROOT" -name "$lib" -print)" ]
done
bin_size=$(wc -c <"$ROOT/atlas")
tree_kib=$(du -sk "$ROOT" | cut -f1)
echo "fly rootfs: binary $bin_size bytes (stripped), tree $tree_kib KiB"

# A sanitizer build (make check of the sanitizers phase) reads its options
# and memory maps from /proc, which the tree lacks: it gets a private /proc
# in its own mount and PID namespaces.  A normal build runs as on Fly.
NS=
if readelf -d "$ROOT/atlas" | grep -q 'NEEDED.*libasan'; then
	mkdir -p "$ROOT/proc"
	NS="--mount --pid --fork --mount-proc=/proc"
fi

# release RUN_NAME DATABASE_URL ARGS...: the release command by direct exec
# in the tree, env = DATABASE_URL only (none when empty; ASAN_OPTIONS only
# speaks to a sanitizer build).
release() {
	name=$1
	url=$2
	shift 2
	if [ -n "$url" ]; then
		# shellcheck disable=SC2086 # $NS is a list of options
		env -i "DATABASE_URL=$url" ASAN_OPTIONS=detect_leaks=0 \
			unshare $NS --root="$ROOT" --wd=/app /atlas "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	else
		# shellcheck disable=SC2086
		env -i ASAN_OPTIONS=detect_leaks=0 unshare $NS --root="$ROOT" --wd=/app /atlas "$@" \
			>"$WORK/$name.out" 2>"$WORK/$name.err"
	fi
}

revs() {
	sql "$1" "SELECT version, applied, total FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY version"
}

# ---- (a) --env prod, url = getenv("DATABASE_URL") ------------------------------
new_db fly_hcl pwuser || exit 99
url_a="postgres://pwuser:$PW@127.0.0.1:$ATLAS_TEST_PG_PORT/fly_hcl?sslmode=disable"
release hcl "$url_a" migrate apply --env prod
rc=$?
check "(a) exit 0 (got $rc)" [ "$rc" = 0 ]
check "(a) report" contains "$WORK/hcl.out" "Migrating to version 20250301120200 (2 migrations in total):"
check "(a) revisions" [ "$(revs fly_hcl)" = "$EXPECT" ]
check "(a) tables" [ "$(sql fly_hcl "SELECT count(*) FROM pg_tables WHERE tablename IN ('users', 'posts')")" = 2 ]
release hcl2 "$url_a" migrate apply --env prod
rc=$?
check "(a) re-run: exit 0 (got $rc)" [ "$rc" = 0 ]
check "(a) re-run: nothing to do" contains "$WORK/hcl2.out" "No migration files to execute"
release hcl3 "$url_a" migrate status --env prod
rc=$?
check "(a) status: exit 0 (got $rc)" [ "$rc" = 0 ]
check "(a) status: OK" contains "$WORK/hcl3.out" "Migration Status: OK"

# ---- (b) --url $DATABASE_URL (literal), --dir file:///app/migrations --------------
new_db fly_arg pwuser || exit 99
url_b="postgres://pwuser:$PW@127.0.0.1:$ATLAS_TEST_PG_PORT/fly_arg?sslmode=disable"
# shellcheck disable=SC2016 # the literal text is the point
release arg "$url_b" migrate apply --url '$DATABASE_URL' --dir file:///app/migrations
rc=$?
check "(b) exit 0 (got $rc)" [ "$rc" = 0 ]
check "(b) report" contains "$WORK/arg.out" "Migrating to version 20250301120200 (2 migrations in total):"
check "(b) revisions" [ "$(revs fly_arg)" = "$EXPECT" ]
# shellcheck disable=SC2016
release arg2 "$url_b" migrate apply --url '${DATABASE_URL}' --dir file:///app/migrations --wait 10s
rc=$?
check "(b) braces form, re-run: exit 0 (got $rc)" [ "$rc" = 0 ]
check "(b) re-run: nothing to do" contains "$WORK/arg2.out" "No migration files to execute"

# ---- failures a release log must make clear ---------------------------------------
release nosecret "" migrate apply --env prod
rc=$?
check "no secret: fails (got $rc)" [ "$rc" != 0 ]
check "no secret: names the variable" contains "$WORK/nosecret.err" "DATABASE_URL"
# shellcheck disable=SC2016
release nosecret2 "" migrate apply --url '$DATABASE_URL' --dir file:///app/migrations
rc=$?
check "no secret (b): fails (got $rc)" [ "$rc" != 0 ]
check "no secret (b): names the variable" contains "$WORK/nosecret2.err" "DATABASE_URL"

bad="Wr0ng-Fly-Pass"
new_db fly_bad pwuser || exit 99
release badpw "postgres://pwuser:$bad@127.0.0.1:$ATLAS_TEST_PG_PORT/fly_bad?sslmode=disable" \
	migrate apply --env prod --wait 30s
rc=$?
check "wrong password: exit 1 (got $rc)" [ "$rc" = 1 ]
check "wrong password: clear line" contains "$WORK/badpw.err" "password authentication failed for user \"pwuser\""
check "wrong password: no password" lacks "$WORK/badpw.err" "$bad"
check "wrong password: nothing applied" [ "$(sql fly_bad "SELECT count(*) FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'")" = 0 ]

# ---- only the database's address is ever connected to -----------------------------
if command -v strace >/dev/null 2>&1; then
	new_db fly_net pwuser || exit 99
	url_n="postgres://pwuser:$PW@127.0.0.1:$ATLAS_TEST_PG_PORT/fly_net?sslmode=disable"
	# (LeakSanitizer cannot run under ptrace: sanitizer builds.)
	# shellcheck disable=SC2086
	env -i "DATABASE_URL=$url_n" ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=connect -o "$WORK/strace.log" \
		"$(command -v unshare)" $NS --root="$ROOT" --wd=/app /atlas migrate apply --env prod \
		>"$WORK/net.out" 2>"$WORK/net.err"
	rc=$?
	check "strace: exit 0 (got $rc)" [ "$rc" = 0 ]
	grep -E 'AF_INET6?[,}]|sa_family=AF_INET' "$WORK/strace.log" >"$WORK/inet.log"
	n=$(wc -l <"$WORK/inet.log")
	check "strace: the two database connections ($n)" [ "$n" -ge 2 ]
	other=$(grep -vF "sin_port=htons($ATLAS_TEST_PG_PORT), sin_addr=inet_addr(\"127.0.0.1\")" "$WORK/inet.log")
	check "strace: no other address: $other" [ -z "$other" ]
	check "strace: revisions" [ "$(revs fly_net)" = "$EXPECT" ]
else
	fail "strace is not installed (scripts/install-deps installs it)"
fi

# ---- a host name, as Fly's init provides /etc/hosts ------------------------------
# The tree has no resolver configuration of its own; glibc's built-in NSS
# must still resolve a name once the VM's /etc/hosts exists.
new_db fly_dns pwuser || exit 99
echo "127.0.0.1 my-db.flycast" >"$ROOT/etc/hosts"
release dns "postgres://pwuser:$PW@my-db.flycast:$ATLAS_TEST_PG_PORT/fly_dns?sslmode=disable" \
	migrate apply --env prod
rc=$?
rm -f "$ROOT/etc/hosts"
check "host name: exit 0 (got $rc)" [ "$rc" = 0 ]
check "host name: revisions" [ "$(revs fly_dns)" = "$EXPECT" ]

finish
