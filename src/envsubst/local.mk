# envsubst: ${VAR} expansion of flag values and the .env parser (--env-file)
libatlas_a_SOURCES += src/envsubst/envsubst.c src/envsubst/dotenv.c
noinst_HEADERS += src/envsubst/envsubst.h

check_PROGRAMS += tests/unit/envsubst/test_envsubst
TESTS += tests/unit/envsubst/test_envsubst
tests_unit_envsubst_test_envsubst_SOURCES = tests/unit/envsubst/test_envsubst.c \
	tests/unit/envsubst/test_dotenv.c
tests_unit_envsubst_test_envsubst_CFLAGS = $(TEST_CFLAGS)
tests_unit_envsubst_test_envsubst_LDADD = $(TEST_LIBS)

EXTRA_PROGRAMS += tests/fuzz/fuzz_envsubst tests/fuzz/fuzz_dotenv
FUZZ_TARGETS += tests/fuzz/fuzz_envsubst tests/fuzz/fuzz_dotenv
tests_fuzz_fuzz_envsubst_SOURCES = tests/fuzz/fuzz_envsubst.c
tests_fuzz_fuzz_envsubst_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_envsubst_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_dotenv_SOURCES = tests/fuzz/fuzz_dotenv.c
tests_fuzz_fuzz_dotenv_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_dotenv_LDFLAGS = $(FUZZ_LDFLAGS)
