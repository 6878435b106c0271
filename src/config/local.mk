# config: the HCL engine (lexer, parser, numbers, values, evaluator,
# functions) of src/config; project.c and config.h live in project.mk.
noinst_HEADERS += src/config/internal.h
