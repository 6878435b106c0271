# bench/: side-by-side timing of `atlas migrate apply` against psql, the
# floor.c yardstick and dbmate (issue 9).  Never part of `make check`: CI
# does not run benchmarks.  `make bench` needs root for the journaled loop
# image (without root it falls back to $BENCH_ROOT's own file system), the
# PostgreSQL 15 server binaries, python3, and npm for dbmate (installed into
# the build dir's bench/node_modules, never committed).
BENCH_FILES = bench/README.md bench/ORIGIN bench/env.sh bench/pg.sh bench/setup.sh \
	bench/apply.sh bench/bench.sh bench/run.sh bench/build.sh bench/roundtrips.sh \
	bench/gen.py bench/table.py bench/floor.c bench/runstat.c bench/emptymain.c \
	bench/package.json
EXTRA_DIST += $(BENCH_FILES)

bench: atlas$(EXEEXT)
	@mkdir -p bench
	BENCH_NPM_DIR='$(abs_builddir)/bench' CC='$(CC)' \
		$(SHELL) $(srcdir)/bench/run.sh '$(abs_builddir)/atlas$(EXEEXT)'
.PHONY: bench
