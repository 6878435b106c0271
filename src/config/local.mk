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
