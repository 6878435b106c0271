#!/bin/bash
# One measured run: reset the bench database, then apply workload W with TOOL.
#
#   apply.sh W TOOL [ARG]
#
# W:  W1 W2 W3 W5 W6  DROP+CREATE database $BENCH_DB, then apply that workload
#     W4            NO reset: apply W3's files again to a DB already migrated
#                   by the same tool (run `apply.sh W4-prep TOOL [ARG]` once first)
#     W4-prep       reset + apply W3 (the set-up for W4; not measured)
#     reset         only the reset (measure it to subtract it)
#     start         no database, no workload (start-up: tools version / emptymain)
#     H10k          no database: the 10,000-file atlas dir (tools hash / sha256sum)
#     H1k           no database: W3's 1000-file atlas dir (hash memory flatness)
# TOOL:
#     psql-perfile  one `psql -1 -f FILE` process (and connection) per file
#     psql-1sess    one psql session for all files, BEGIN/\i FILE/COMMIT per file
#     psql-hist     as psql-1sess plus an INSERT into a history table in each
#                   transaction (what any runner must at least do). For W4 it is
#                   connect + SELECT the 1000 recorded versions.
#     psql-1tx      one psql session, all files in ONE transaction (psql -1)
#     dbmate        dbmate --no-dump-schema migrate   (native binary; ARG overrides it)
#     dbmate-npm    same through the npm package's node wrapper (node_modules/.bin/dbmate)
#     sql-migrate   sql-migrate up                    (ARG overrides the binary)
#     sqitch        sqitch deploy                     (ARG overrides the binary)
#     floor         floor.c, one round trip per file body  (-m whole)
#     floor-stmt    floor.c, one round trip per statement  (-m stmt)
#     floor-one     floor.c, one round trip per migration  (-m one)
#     floor-pipe    floor.c, one query per statement but pipelined (-m pipe)
#     atlas BIN     BIN migrate apply --dir file://<W>/atlas/migrations --url $BENCH_URL
#                   (the atlas CLI contract: use it for atlas or the new C runner;
#                   $ATLAS_ARGS, word-split, is appended)
#     version BIN   BIN version                       (start-up)
#     emptymain     $EMPTYMAIN: empty main linked to atlas's libraries (build.sh)
#     hash BIN      BIN migrate hash --dir file://<W>/atlas/migrations
#     sha256sum     sha256sum over the same dir's *.sql files (no shell: the
#                   names are expanded here and passed as arguments)
#     cmd 'SHELL'   any runner: SHELL is run by sh -c with $BENCH_W (workload dir,
#                   holding plain/ atlas/ dbmate/ sqlmigrate/ sqitch/), $BENCH_URL,
#                   $PGHOST $PGPORT $PGUSER $BENCH_DB exported
# Env:
#     BENCH_NORESET=1      skip the reset (any W)
#     BENCH_TIMEOUT=S      with BENCH_TIME_FILE: kill the tool after S seconds
#                          (recorded as exit 137)
#     BENCH_SETTLE=0       skip the CHECKPOINT + sync before each database run
#     BENCH_TIME_FILE=F    also time the tool part alone (reset excluded) with
#                          runstat (build.sh), appending "wall_s user_s sys_s
#                          maxrss_kb exit" per run to F
#     BENCH_QUIET=0        keep the tool's stdout (default: discarded)
#     BENCH_WRAP='CMD ...' prefix the tool command (word-split), e.g.
#                          'strace -f -yy -e trace=write,sendto -o /tmp/st' or 'perf stat'
# (Edit this file only while no run is going: bash reads a script as it runs.)
set -u
export LC_ALL=C
. "$(dirname "$0")/env.sh"
SELF=$(readlink -f "$0")

W=${1:?usage: apply.sh W TOOL [ARG]}
TOOL=${2:-}
ARG=${3:-}

reset_db() {
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" \
        -c "CREATE DATABASE $BENCH_DB" || exit 1
}

# --- inner bodies for the psql variants (run as `apply.sh --inner W TOOL`) ---
if [ "$W" = --inner ]; then
    W=$2; TOOL=$3; dir=$BENCH_WORK/$W/plain
    PSQLRUN=("$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB")
    case $TOOL in
    psql-perfile)
        for f in "$dir"/*.sql; do "${PSQLRUN[@]}" -1 -f "$f" || exit 1; done ;;
    psql-1sess)
        for f in "$dir"/*.sql; do printf 'BEGIN;\n\\i %s\nCOMMIT;\n' "$f"; done | "${PSQLRUN[@]}" -f - ;;
    psql-1tx)
        for f in "$dir"/*.sql; do printf '\\i %s\n' "$f"; done | "${PSQLRUN[@]}" -1 -f - ;;
    psql-hist)
        { echo "SET client_min_messages = warning;"
          echo "CREATE TABLE IF NOT EXISTS bench_history (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
          for f in "$dir"/*.sql; do
              v=${f##*/}; v=${v%%_*}
              printf "BEGIN;\n\\\\i %s\nINSERT INTO bench_history (version) VALUES ('%s');\nCOMMIT;\n" "$f" "$v"
          done; } | "${PSQLRUN[@]}" -f - ;;
    esac
    exit $?
fi

case $W in
reset) reset_db; exit 0 ;;
W4)      SRC=W3; RESET=0 ;;
W4-prep) SRC=W3; RESET=1 ;;
W1|W2|W3|W5|W6) SRC=$W; RESET=1 ;;
start)   SRC=; RESET=0 ;;
H10k)    SRC=H10k; RESET=0 ;;
H1k)     SRC=W3; RESET=0 ;;
*) echo "apply.sh: unknown workload $W" >&2; exit 2 ;;
esac
[ "${BENCH_NORESET:-0}" = 1 ] && RESET=0
BW=$BENCH_WORK/$SRC
[ -z "$SRC" ] || [ -d "$BW" ] || { echo "apply.sh: $BW missing: run gen.py first" >&2; exit 2; }

CWD=$BW
[ -n "$SRC" ] || CWD=/
case $TOOL in
psql-perfile|psql-1sess|psql-1tx|psql-hist)
    CMD=(/bin/bash "$SELF" --inner "$SRC" "$TOOL")
    if [ "$W" = W4 ]; then
        [ "$TOOL" = psql-hist ] || { echo "apply.sh: W4 (no-op run) needs a history: only psql-hist" >&2; exit 2; }
        CMD=("$PSQL" -X -q -At -d "$BENCH_DB" -c "SELECT version FROM bench_history ORDER BY version")
    fi ;;
dbmate|dbmate-npm)
    BIN=${ARG:-$DBMATE}; [ "$TOOL" = dbmate-npm ] && BIN=${ARG:-$DBMATE_NPM}
    CMD=("$BIN" --url "$BENCH_URL" --migrations-dir "$BW/dbmate/db/migrations" --no-dump-schema migrate) ;;
sql-migrate)
    CWD=$BW/sqlmigrate
    CMD=("${ARG:-$SQL_MIGRATE}" up -config=dbconfig.yml -env=bench) ;;
sqitch)
    CWD=$BW/sqitch
    CMD=("${ARG:-$SQITCH}" deploy "db:pg://$BENCH_USER@$BENCH_HOST:$BENCH_PORT/$BENCH_DB") ;;
floor|floor-stmt|floor-one|floor-pipe)
    m=whole; [ "$TOOL" != floor ] && m=${TOOL#floor-}
    CMD=("$FLOOR" -m "$m" "host=$BENCH_HOST port=$BENCH_PORT user=$BENCH_USER dbname=$BENCH_DB sslmode=disable" "$BW/plain") ;;
atlas)
    [ -n "$ARG" ] || { echo "apply.sh: atlas needs the binary: apply.sh $W atlas /path/to/bin" >&2; exit 2; }
    CMD=("$ARG" migrate apply --dir "file://$BW/atlas/migrations" --url "$BENCH_URL" ${ATLAS_ARGS:-}) ;;
version)
    [ -n "$ARG" ] || { echo "apply.sh: version needs the binary" >&2; exit 2; }
    CMD=("$ARG" version) ;;
emptymain)
    CMD=("$EMPTYMAIN") ;;
hash)
    [ -n "$ARG" ] || { echo "apply.sh: hash needs the binary" >&2; exit 2; }
    CMD=("$ARG" migrate hash --dir "file://$BW/atlas/migrations") ;;
sha256sum)
    CWD=$BW/atlas/migrations
    CMD=(sha256sum -- "$CWD"/*.sql) ;;
cmd)
    [ -n "$ARG" ] || { echo "apply.sh: cmd needs a shell command" >&2; exit 2; }
    export BENCH_W=$BW
    CMD=(/bin/sh -c "$ARG") ;;
*) echo "apply.sh: unknown tool '$TOOL' (see the header of $SELF)" >&2; exit 2 ;;
esac

[ "$RESET" = 1 ] && reset_db
# Same starting state for every run: no dirty buffers or pending writeback
# left by the reset or by the previous run (a checkpoint or a writeback
# landing inside a timed run made W2/W3 vary 3x).
if [ -n "$SRC" ] && [ "$SRC" != H10k ] && [ "$W" != H1k ] && [ "${BENCH_SETTLE:-1}" = 1 ]; then
    "$PSQL" -X -q -d postgres -c CHECKPOINT || exit 1
    sync
fi

if [ -n "${BENCH_WRAP:-}" ]; then
    read -r -a WRAP <<<"$BENCH_WRAP"
    CMD=("${WRAP[@]}" "${CMD[@]}")
fi
if [ -n "${BENCH_TIME_FILE:-}" ]; then
    CMD=("$BENCH_ROOT/runstat" -o "$BENCH_TIME_FILE" ${BENCH_TIMEOUT:+-t "$BENCH_TIMEOUT"} -- "${CMD[@]}")
fi
cd "$CWD" || exit 1
if [ "${BENCH_QUIET:-1}" = 1 ]; then
    "${CMD[@]}" >/dev/null
else
    "${CMD[@]}"
fi
