# migrate: migration directory, atlas.sum, statement splitter (src/migrate)
libatlas_a_SOURCES += src/migrate/dir.c src/migrate/sum.c src/migrate/split.c \
	src/migrate/directive.c src/migrate/format.c
noinst_HEADERS += src/migrate/migrate.h src/migrate/internal.h

check_PROGRAMS += tests/unit/migrate/test_migrate
TESTS += tests/unit/migrate/test_migrate
tests_unit_migrate_test_migrate_SOURCES = tests/unit/migrate/test_split.c \
	tests/unit/migrate/test_sum.c tests/unit/migrate/test_dir.c tests/unit/migrate/mtest.h
tests_unit_migrate_test_migrate_CFLAGS = $(TEST_CFLAGS)
tests_unit_migrate_test_migrate_LDADD = $(TEST_LIBS)

EXTRA_PROGRAMS += tests/fuzz/fuzz_splitter tests/fuzz/fuzz_sum
FUZZ_TARGETS += tests/fuzz/fuzz_splitter tests/fuzz/fuzz_sum
tests_fuzz_fuzz_splitter_SOURCES = tests/fuzz/fuzz_splitter.c
tests_fuzz_fuzz_splitter_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_splitter_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_sum_SOURCES = tests/fuzz/fuzz_sum.c
tests_fuzz_fuzz_sum_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_sum_LDFLAGS = $(FUZZ_LDFLAGS)
