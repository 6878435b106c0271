#!/usr/bin/env python3
"""Deterministic workload generator for the migration-runner benchmark.

    gen.py [OUTDIR]            (default: $BENCH_WORK or /tmp/atlas-bench/w)

Writes, for each workload W1 W2 W3 W5 W6 (W4 reuses W3's files on an already
migrated database), the same migrations in every tool's layout:

  OUTDIR/<W>/plain/<version>_<name>.sql           bare SQL (psql, floor)
  OUTDIR/<W>/atlas/migrations/*.sql + atlas.sum   atlas layout (for the C runner / atlas)
  OUTDIR/<W>/dbmate/db/migrations/*.sql           "-- migrate:up" / "-- migrate:down"
  OUTDIR/<W>/sqlmigrate/migrations/*.sql          "-- +migrate Up" / "-- +migrate Down"
  OUTDIR/<W>/sqlmigrate/dbconfig.yml
  OUTDIR/<W>/sqitch/{sqitch.conf,sqitch.plan,deploy/,revert/}

Workloads:
  W1  1 file: one CREATE TABLE
  W2  100 files: CREATE TABLE + CREATE INDEX + one INSERT of 10 rows (3 statements/file)
  W3  1000 files of the W2 shape
  W5  1 file: CREATE TABLE + 10,000 single-row INSERT statements
  W6  (extra) 1000 files: a CREATE TABLE, then 999 one-row INSERTs into it
      (isolates the runner's per-migration overhead from server DDL cost)
  H10k  10,000 files of the W2 shape, atlas layout only (migrate hash vs sha256sum;
      no database)

Versions are 14-digit numbers 20240101000001, 20240101000002, ... (valid for
every tool; lexical order == numeric order). Output is byte-for-byte
reproducible: no timestamps, no randomness.
"""
import base64
import hashlib
import os
import shutil
import sys

BASE_VERSION = 20240101000000
PSQL = os.environ.get("PSQL", "/usr/lib/postgresql/15/bin/psql")


def table_sql(n):
    return (f"CREATE TABLE t_{n:04d} (\n"
            f"  id bigint PRIMARY KEY,\n"
            f"  name text NOT NULL,\n"
            f"  created_at timestamptz NOT NULL DEFAULT now()\n"
            f");\n")


def w2_body(n):
    rows = ", ".join(f"({i}, 'row-{n}-{i}')" for i in range(1, 11))
    return (table_sql(n)
            + f"CREATE INDEX t_{n:04d}_name_idx ON t_{n:04d} (name);\n"
            + f"INSERT INTO t_{n:04d} (id, name) VALUES {rows};\n")


def workloads():
    # each: list of (name, up_sql, down_sql)
    yield "W1", [("create_t_0001", table_sql(1), "DROP TABLE t_0001;\n")]
    for w, count in (("W2", 100), ("W3", 1000)):
        yield w, [(f"create_t_{n:04d}", w2_body(n), f"DROP TABLE t_{n:04d};\n")
                  for n in range(1, count + 1)]
    big = ["CREATE TABLE big (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\n"]
    big += [f"INSERT INTO big (id, name) VALUES ({i}, 'row-{i}');\n" for i in range(1, 10001)]
    yield "W5", [("big_inserts", "".join(big), "DROP TABLE big;\n")]
    # W6 (extra): 1000 near-free migrations, so that the runner's own
    # per-migration cost (transaction, history row, commit flush, round trips,
    # file handling) is not buried under DDL cost on the server
    ledger = [("create_ledger",
               "CREATE TABLE ledger (\n  id integer PRIMARY KEY,\n  note text NOT NULL\n);\n",
               "DROP TABLE ledger;\n")]
    ledger += [(f"ledger_{n:04d}", f"INSERT INTO ledger (id, note) VALUES ({n}, 'm-{n}');\n",
                f"DELETE FROM ledger WHERE id = {n};\n") for n in range(2, 1001)]
    yield "W6", ledger
    yield "H10k", [(f"create_t_{n:05d}", w2_body(n), "") for n in range(1, 10001)]


ATLAS_ONLY = {"H10k"}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def atlas_sum(d):
    """atlas.sum exactly as atlas's migrate.NewHashFile/MarshalText write it
    (checked against upstream testdata): a running sha256 over name+content
    per file, then h1:sha256 over all (name, hash) pairs."""
    files = sorted(f for f in os.listdir(d) if f.endswith(".sql"))
    h = hashlib.sha256()
    rows = []
    for f in files:
        h.update(f.encode())
        with open(os.path.join(d, f), "rb") as fh:
            h.update(fh.read())
        rows.append((f, base64.b64encode(h.copy().digest()).decode()))
    s = hashlib.sha256()
    for n, hh in rows:
        s.update(n.encode())
        s.update(hh.encode())
    return ("h1:%s\n" % base64.b64encode(s.digest()).decode()
            + "".join("%s h1:%s\n" % r for r in rows))


def gen(out):
    for w, migs in workloads():
        root = os.path.join(out, w)
        if os.path.isdir(root):
            shutil.rmtree(root)
        plan = ["%syntax-version=1.0.0", "%project=bench", ""]
        for i, (name, up, down) in enumerate(migs, 1):
            v = BASE_VERSION + i
            fn = f"{v}_{name}.sql"
            write(f"{root}/atlas/migrations/{fn}", up)
            if w in ATLAS_ONLY:
                continue
            write(f"{root}/plain/{fn}", up)
            write(f"{root}/dbmate/db/migrations/{fn}",
                  f"-- migrate:up\n{up}\n-- migrate:down\n{down}")
            write(f"{root}/sqlmigrate/migrations/{fn}",
                  f"-- +migrate Up\n{up}\n-- +migrate Down\n{down}")
            chg = f"m{i:05d}_{name}"
            # sqitch convention: each deploy script is its own transaction
            write(f"{root}/sqitch/deploy/{chg}.sql", f"BEGIN;\n{up}COMMIT;\n")
            write(f"{root}/sqitch/revert/{chg}.sql", f"BEGIN;\n{down}COMMIT;\n")
            plan.append(f"{chg} 2024-01-01T00:00:00Z Bench <bench@example.com> # {w} migration {i}")
        write(f"{root}/atlas/migrations/atlas.sum", atlas_sum(f"{root}/atlas/migrations"))
        if w in ATLAS_ONLY:
            print(f"{w}: {len(migs)} file(s) -> {root}/atlas")
            continue
        write(f"{root}/sqitch/sqitch.plan", "\n".join(plan) + "\n")
        write(f"{root}/sqitch/sqitch.conf",
              "[core]\n\tengine = pg\n\tplan_file = sqitch.plan\n\ttop_dir = .\n"
              f"[engine \"pg\"]\n\tclient = {PSQL}\n"
              "[user]\n\tname = Bench\n\temail = bench@example.com\n")
        write(f"{root}/sqlmigrate/dbconfig.yml",
              "bench:\n  dialect: postgres\n"
              # sql-migrate expands ${VAR} here: apply.sh's env.sh exports them
              "  datasource: host=${PGHOST} port=${PGPORT} user=${PGUSER} dbname=${BENCH_DB} sslmode=disable\n"
              "  dir: migrations\n  table: gorp_migrations\n")
        print(f"{w}: {len(migs)} migration(s) -> {root}")


if __name__ == "__main__":
    gen(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BENCH_WORK", "/tmp/atlas-bench/w"))
