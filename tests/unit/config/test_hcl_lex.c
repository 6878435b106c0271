/*
 * Lexer tests: token kinds, texts and spans as hclsyntax produces them
 * (expected streams recorded with `hclref tokens`), and the lexical
 * diagnostics of checkInvalidTokens.
 */
#include "hcl_test.h"

#include <string.h>

static const char *tokens(struct arena *a, const char *src, struct diags *d)
{
	struct hcl_token *toks;
	size_t n;
	(void)!hcl_lex(&toks, &n, a, "t.hcl", src, strlen(src), d);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s ", hcl_tok_name(toks[i].kind));
		hcl_json_string(&sb, toks[i].text.p, toks[i].text.len);
		strbuf_addf(&sb, " %u:%u %u:%u\n", toks[i].span.start.line, toks[i].span.start.col,
			    toks[i].span.end.line, toks[i].span.end.col);
	}
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

static struct arena *A;
static struct diags D;

static void setup(void)
{
	A = arena_new();
	diags_init(&D, A);
}

static void teardown(void)
{
	arena_free(A);
}

TestSuite(hcl_lex, .init = setup, .fini = teardown);

Test(hcl_lex, interpolation_and_line_comment)
{
	cr_assert_str_eq(tokens(A, "url = \"a${b}\" # c\n", &D),
			 "TokenIdent \"url\" 1:1 1:4\n"
			 "TokenEqual \"=\" 1:5 1:6\n"
			 "TokenOQuote \"\\\"\" 1:7 1:8\n"
			 "TokenQuotedLit \"a\" 1:8 1:9\n"
			 "TokenTemplateInterp \"${\" 1:9 1:11\n"
			 "TokenIdent \"b\" 1:11 1:12\n"
			 "TokenTemplateSeqEnd \"}\" 1:12 1:13\n"
			 "TokenCQuote \"\\\"\" 1:13 1:14\n"
			 "TokenComment \"# c\\n\" 1:15 2:1\n"
			 "TokenEOF \"\" 2:1 2:1\n");
	cr_assert_eq(D.errors, 0);
}

Test(hcl_lex, flush_heredoc_pieces)
{
	cr_assert_str_eq(tokens(A, "x = <<-EOT\n  a\n   ${b}\n  EOT\n", &D),
			 "TokenIdent \"x\" 1:1 1:2\n"
			 "TokenEqual \"=\" 1:3 1:4\n"
			 "TokenOHeredoc \"<<-EOT\\n\" 1:5 2:1\n"
			 "TokenStringLit \"  a\\n\" 2:1 3:1\n"
			 "TokenStringLit \"   \" 3:1 3:4\n"
			 "TokenTemplateInterp \"${\" 3:4 3:6\n"
			 "TokenIdent \"b\" 3:6 3:7\n"
			 "TokenTemplateSeqEnd \"}\" 3:7 3:8\n"
			 "TokenStringLit \"\\n\" 3:8 4:1\n"
			 "TokenCHeredoc \"  EOT\" 4:1 4:6\n"
			 "TokenNewline \"\\n\" 4:6 5:1\n"
			 "TokenEOF \"\" 5:1 5:1\n");
}

Test(hcl_lex, columns_count_characters_and_block_comments)
{
	cr_assert_str_eq(tokens(A, "\xc3\xa9 = \"\xc3\xbc${x}\" /* c */ // d\n", &D),
			 "TokenIdent \"\xc3\xa9\" 1:1 1:2\n"
			 "TokenEqual \"=\" 1:3 1:4\n"
			 "TokenOQuote \"\\\"\" 1:5 1:6\n"
			 "TokenQuotedLit \"\xc3\xbc\" 1:6 1:7\n"
			 "TokenTemplateInterp \"${\" 1:7 1:9\n"
			 "TokenIdent \"x\" 1:9 1:10\n"
			 "TokenTemplateSeqEnd \"}\" 1:10 1:11\n"
			 "TokenCQuote \"\\\"\" 1:11 1:12\n"
			 "TokenComment \"/* c */\" 1:13 1:20\n"
			 "TokenComment \"// d\\n\" 1:21 2:1\n"
			 "TokenEOF \"\" 2:1 2:1\n");
}

Test(hcl_lex, numbers_splat_and_legacy_index)
{
	cr_assert_str_eq(tokens(A, "a = [1.5e3, b.0, c[*].d]\n", &D),
			 "TokenIdent \"a\" 1:1 1:2\n"
			 "TokenEqual \"=\" 1:3 1:4\n"
			 "TokenOBrack \"[\" 1:5 1:6\n"
			 "TokenNumberLit \"1.5e3\" 1:6 1:11\n"
			 "TokenComma \",\" 1:11 1:12\n"
			 "TokenIdent \"b\" 1:13 1:14\n"
			 "TokenDot \".\" 1:14 1:15\n"
			 "TokenNumberLit \"0\" 1:15 1:16\n"
			 "TokenComma \",\" 1:16 1:17\n"
			 "TokenIdent \"c\" 1:18 1:19\n"
			 "TokenOBrack \"[\" 1:19 1:20\n"
			 "TokenStar \"*\" 1:20 1:21\n"
			 "TokenCBrack \"]\" 1:21 1:22\n"
			 "TokenDot \".\" 1:22 1:23\n"
			 "TokenIdent \"d\" 1:23 1:24\n"
			 "TokenCBrack \"]\" 1:24 1:25\n"
			 "TokenNewline \"\\n\" 1:25 2:1\n"
			 "TokenEOF \"\" 2:1 2:1\n");
}

Test(hcl_lex, escaped_template_sigils_are_literals)
{
	cr_assert_str_eq(tokens(A, "k = \"a%%{y}\"\n", &D),
			 "TokenIdent \"k\" 1:1 1:2\n"
			 "TokenEqual \"=\" 1:3 1:4\n"
			 "TokenOQuote \"\\\"\" 1:5 1:6\n"
			 "TokenQuotedLit \"a\" 1:6 1:7\n"
			 "TokenQuotedLit \"%%{\" 1:7 1:10\n"
			 "TokenQuotedLit \"y}\" 1:10 1:12\n"
			 "TokenCQuote \"\\\"\" 1:12 1:13\n"
			 "TokenNewline \"\\n\" 1:13 2:1\n"
			 "TokenEOF \"\" 2:1 2:1\n");
}

Test(hcl_lex, identifiers_contain_dashes)
{
	const char *t = tokens(A, "tx-mode = a - b\n", &D);
	cr_assert(strstr(t, "TokenIdent \"tx-mode\" 1:1 1:8\n"), "%s", t);
	cr_assert(strstr(t, "TokenMinus \"-\" 1:13 1:14\n"), "%s", t);
}

static const char *first_diag(const char *src)
{
	(void)tokens(A, src, &D);
	cr_assert(D.head, "no diagnostic for %s", src);
	return diag_format(A, D.head);
}

Test(hcl_lex, single_quotes)
{
	cr_assert_str_eq(first_diag("env \"p\" {\n  url = 'x'\n}\n"),
			 "t.hcl:2,9-10: Invalid character; Single quotes are not valid. Use double quotes (\") to enclose strings.");
}

Test(hcl_lex, semicolon)
{
	cr_assert_str_eq(first_diag("env \"p\" {\n  url = \"x\";\n}\n"),
			 "t.hcl:2,12-13: Invalid character; The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.");
}

Test(hcl_lex, quoted_newline)
{
	cr_assert_str_eq(first_diag("env \"p\" {\n  url = \"abc\ndef\"\n}\n"),
			 "t.hcl:2,13-3,1: Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.");
}

Test(hcl_lex, bad_utf8_reported_once)
{
	cr_assert_str_eq(first_diag("a = \"\xff\xfe\"\n"),
			 "t.hcl:1,6-7: Invalid character encoding; All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.");
	cr_assert_eq(D.errors, 1);
}

Test(hcl_lex, bom_is_skipped)
{
	const char *t = tokens(A, "\xEF\xBB\xBF" "a = 1\n", &D);
	cr_assert_eq(D.errors, 0);
	cr_assert(strncmp(t, "TokenIdent \"a\" 1:1 1:2\n", 23) == 0, "%s", t);
}

Test(hcl_lex, curly_quotes)
{
	cr_assert_str_eq(first_diag("a = \xE2\x80\x9Cx\xE2\x80\x9D\n"),
			 "t.hcl:1,5-6: Invalid character; \"Curly quotes\" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a \"straight quote\".");
}

Test(hcl_lex, crlf_newlines)
{
	const char *t = tokens(A, "a = 1\r\nb = 2\r\n", &D);
	cr_assert(strstr(t, "TokenNewline \"\\r\\n\" 1:6 2:1\n"), "%s", t);
	cr_assert(strstr(t, "TokenIdent \"b\" 2:1 2:2\n"), "%s", t);
}
