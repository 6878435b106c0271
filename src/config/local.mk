# config: the HCL engine (lexer, parser, numbers, values, evaluator,
# functions) of src/config; project.c and config.h live in project.mk.
noinst_HEADERS += src/config/internal.h
libatlas_a_SOURCES += src/config/hcl_lex.c src/config/hcl_parse.c src/config/hcl_num.c \
	src/config/hcl_value.c src/config/hcl_eval.c src/config/hcl_funcs.c \
	src/config/hcl_regex.c

# hcleval: the C side of the hclref differential test (same output shape).
check_PROGRAMS += tests/tools/hcleval
tests_tools_hcleval_SOURCES = tests/tools/hcleval.c tests/tools/hcljson.c tests/tools/hcljson.h
tests_tools_hcleval_LDADD = $(ATLAS_LIBS)

check_PROGRAMS += tests/unit/config/test_hcl
TESTS += tests/unit/config/test_hcl
tests_unit_config_test_hcl_SOURCES = tests/unit/config/hcl_test.c tests/unit/config/hcl_test.h \
	tests/unit/config/test_hcl_lex.c tests/unit/config/test_hcl_parse.c \
	tests/unit/config/test_hcl_eval.c tests/unit/config/test_hcl_funcs.c \
	tests/unit/config/test_hcl_value.c tests/unit/config/test_hcl_vectors.c \
	tests/tools/hcljson.c tests/tools/hcljson.h
tests_unit_config_test_hcl_CFLAGS = $(TEST_CFLAGS)
tests_unit_config_test_hcl_LDADD = $(TEST_LIBS)

# hclgen: random expressions for tests/tools/hcldiff.sh (run by hand with
# hclref; its agreed outputs are stored in tests/vectors/hclgen).
check_PROGRAMS += tests/tools/hclgen
tests_tools_hclgen_SOURCES = tests/tools/hclgen.c
tests_tools_hclgen_LDADD = $(ATLAS_LIBS)
EXTRA_DIST += tests/tools/hcldiff.sh

EXTRA_PROGRAMS += tests/fuzz/fuzz_hcl
FUZZ_TARGETS += tests/fuzz/fuzz_hcl
tests_fuzz_fuzz_hcl_SOURCES = tests/fuzz/fuzz_hcl.c
tests_fuzz_fuzz_hcl_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_hcl_LDFLAGS = $(FUZZ_LDFLAGS)

# hclbench: parse+evaluate a generated 1 MB project file (benchmark, not a
# test: run tests/tools/hclbench by hand; target < 50 ms).
check_PROGRAMS += tests/tools/hclbench
tests_tools_hclbench_SOURCES = tests/tools/hclbench.c
tests_tools_hclbench_LDADD = $(ATLAS_LIBS)
