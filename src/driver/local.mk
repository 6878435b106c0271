# driver: database URLs, the ops table, PostgreSQL (libpq) and SQLite back ends
libatlas_a_SOURCES += src/driver/url.c src/driver/revision.c src/driver/postgres.c \
	src/driver/sqlite.c
noinst_HEADERS += src/driver/driver.h src/driver/internal.h
libatlas_a_SOURCES += src/driver/wait.c

check_PROGRAMS += tests/unit/driver/test_driver
TESTS += tests/unit/driver/test_driver
tests_unit_driver_test_driver_SOURCES = tests/unit/driver/test_url.c
tests_unit_driver_test_driver_CFLAGS = $(TEST_CFLAGS)
tests_unit_driver_test_driver_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/integration/test_driver_pg
TESTS += tests/integration/test_driver_pg
tests_integration_test_driver_pg_SOURCES = tests/integration/test_driver_pg.c \
	tests/integration/pgtest.c tests/integration/pgtest.h
tests_integration_test_driver_pg_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_driver_pg_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/integration/test_driver_sqlite
TESTS += tests/integration/test_driver_sqlite
tests_integration_test_driver_sqlite_SOURCES = tests/integration/test_driver_sqlite.c
tests_integration_test_driver_sqlite_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_driver_sqlite_LDADD = $(TEST_LIBS)

EXTRA_PROGRAMS += tests/fuzz/fuzz_url
FUZZ_TARGETS += tests/fuzz/fuzz_url
tests_fuzz_fuzz_url_SOURCES = tests/fuzz/fuzz_url.c
tests_fuzz_fuzz_url_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_url_LDFLAGS = $(FUZZ_LDFLAGS)
