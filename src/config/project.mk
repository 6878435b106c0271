# project file: env selection and settings (project.c), src/cli/resolve.c
libatlas_a_SOURCES += src/config/project.c
noinst_HEADERS += src/config/config.h

check_PROGRAMS += tests/unit/config/test_project
TESTS += tests/unit/config/test_project
tests_unit_config_test_project_SOURCES = tests/unit/config/test_project.c \
	tests/unit/config/test_project_errors.c tests/unit/config/test_project_misc.c \
	tests/unit/config/test_project_vectors.c tests/unit/config/test_project_resolve.c \
	tests/unit/config/test_project_util.c \
	tests/unit/config/test_project_util.h
tests_unit_config_test_project_CFLAGS = $(TEST_CFLAGS)
tests_unit_config_test_project_LDADD = $(TEST_LIBS)

EXTRA_PROGRAMS += tests/fuzz/fuzz_project
FUZZ_TARGETS += tests/fuzz/fuzz_project
tests_fuzz_fuzz_project_SOURCES = tests/fuzz/fuzz_project.c
tests_fuzz_fuzz_project_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_project_LDFLAGS = $(FUZZ_LDFLAGS)
