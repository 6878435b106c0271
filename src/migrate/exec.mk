# plan and executor of migrate apply/status/set (owner: helper "exec")
libatlas_a_SOURCES += src/migrate/plan.c src/migrate/executor.c
noinst_HEADERS += src/migrate/exec.h src/cli/migrate_run.h

check_PROGRAMS += tests/unit/migrate/test_plan
TESTS += tests/unit/migrate/test_plan
tests_unit_migrate_test_plan_SOURCES = tests/unit/migrate/test_plan.c tests/unit/migrate/test_plan_txmode.c
tests_unit_migrate_test_plan_CFLAGS = $(TEST_CFLAGS)
tests_unit_migrate_test_plan_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/integration/test_apply_pg
TESTS += tests/integration/test_apply_pg
tests_integration_test_apply_pg_SOURCES = tests/integration/test_apply_pg.c \
	tests/integration/pgtest.c tests/integration/pgtest.h
tests_integration_test_apply_pg_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_apply_pg_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/integration/test_apply_sqlite
TESTS += tests/integration/test_apply_sqlite
tests_integration_test_apply_sqlite_SOURCES = tests/integration/test_apply_sqlite.c \
	tests/integration/pgtest.c tests/integration/pgtest.h
tests_integration_test_apply_sqlite_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_apply_sqlite_LDADD = $(TEST_LIBS)
