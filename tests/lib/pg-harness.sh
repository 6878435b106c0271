# A throwaway PostgreSQL cluster for the tests (sourced by run-test and by
# scripts that need a server).
#
#   pg_harness_start   initdb --nosync into a mktemp -d directory under /tmp,
#                      a free private port and a private socket directory,
#                      pg_ctl -w start; exports ATLAS_TEST_PG_URL (superuser,
#                      trust), ATLAS_TEST_PG_PWURL (role pwuser behind a
#                      scram-sha-256 line), ATLAS_TEST_PG_PORT, _HOST, _SOCKDIR.
#   pg_harness_stop    pg_ctl stop -m immediate and removes the directory.
#
# Runs the server as user postgres when the tests run as root (initdb
# refuses root).  The caller installs a trap that calls pg_harness_stop.

pg_harness_bindir() {
	for d in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
	return 1
}

pg_harness_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_harness_start() {
	PGH_BIN=$(pg_harness_bindir) || { echo "pg-harness: initdb not found (apt-get install postgresql-15)" >&2; return 1; }
	PGH_DIR=$(mktemp -d /tmp/atlas-pg.XXXXXX) || return 1
	chmod 755 "$PGH_DIR"
	mkdir -p "$PGH_DIR/data" "$PGH_DIR/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PGH_DIR"
	if ! pg_harness_as "$PGH_BIN/initdb" --nosync -A trust -U postgres -E UTF8 --locale=C \
		-D "$PGH_DIR/data" >"$PGH_DIR/initdb.log" 2>&1; then
		cat "$PGH_DIR/initdb.log" >&2
		return 1
	fi
	cat >"$PGH_DIR/data/pg_hba.conf" <<HBA
local all pwuser scram-sha-256
host  all pwuser 127.0.0.1/32 scram-sha-256
host  all pwuser ::1/128 scram-sha-256
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGH_DIR/data/pg_hba.conf"
	tries=0
	while :; do
		PGH_PORT=$(( 20000 + ( $$ * 7 + tries * 131 + $(date +%N | sed 's/^0*//;s/^$/0/') ) % 40000 ))
		if pg_harness_as "$PGH_BIN/pg_ctl" -w -t 60 -D "$PGH_DIR/data" -l "$PGH_DIR/server.log" \
			-o "-p $PGH_PORT -k $PGH_DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
			start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			echo "pg-harness: could not start PostgreSQL:" >&2
			cat "$PGH_DIR/server.log" >&2
			return 1
		fi
	done
	ATLAS_TEST_PG_HOST=127.0.0.1
	ATLAS_TEST_PG_PORT=$PGH_PORT
	ATLAS_TEST_PG_SOCKDIR=$PGH_DIR/sock
	ATLAS_TEST_PG_URL="postgres://postgres@127.0.0.1:$PGH_PORT/postgres?sslmode=disable"
	ATLAS_TEST_PG_PWURL="postgres://pwuser:pw-secret-42@127.0.0.1:$PGH_PORT/postgres?sslmode=disable"
	export ATLAS_TEST_PG_HOST ATLAS_TEST_PG_PORT ATLAS_TEST_PG_SOCKDIR ATLAS_TEST_PG_URL ATLAS_TEST_PG_PWURL
	"$PGH_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGH_PORT" -U postgres -d postgres \
		-c "SET password_encryption = 'scram-sha-256'; CREATE ROLE pwuser LOGIN CREATEDB PASSWORD 'pw-secret-42';" >/dev/null || return 1
	return 0
}

pg_harness_stop() {
	if [ -n "${PGH_DIR:-}" ] && [ -d "$PGH_DIR" ]; then
		pg_harness_as "$PGH_BIN/pg_ctl" -D "$PGH_DIR/data" -m immediate stop >/dev/null 2>&1 || true
		rm -rf "$PGH_DIR"
	fi
	PGH_DIR=
}
