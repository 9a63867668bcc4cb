/* The explanations compiled from docs/diagnostics/<code>.md are complete,
 * `ismc explain` and SARIF show them, the build step refuses a page that
 * lacks a part, and the docs beside them (the index, the man pages) list
 * every code. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

/* A file of the source tree, or NULL when it is missing; the caller frees. */
static char *S_source(const char *rel)
{
	char *text;
	size_t len;
	ismc_error err;
	if (ismc_file_read_all(t_path("%s/%s", ISMC_SOURCE_DIR, rel), &text, &len, &err) != 0)
		return NULL;
	return text;
}

/* Runs of white space become one space, so wrapping does not matter. */
static char *S_squeeze(const char *s)
{
	char *out = ismc_xmalloc(strlen(s) + 1), *w = out;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (w > out && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return out;
}

static int S_contains(const char *hay, const char *needle)
{
	char *h = S_squeeze(hay), *n = S_squeeze(needle);
	int found = strstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
}

Test(explain, every_code_has_a_complete_explanation)
{
	for (int i = 0; i < ISMC_NCODES; i++) {
		const char *name = ismc_code_get((ismc_code)i)->name;
		const ismc_explanation *e = ismc_explain_get((ismc_code)i);
		cr_assert(e->summary && e->standard && e->clause && e->details && e->example && e->fix,
		          "%s: every part is there", name);
		cr_assert(strlen(e->summary) > 10 && !strchr(e->summary, '\n'), "%s: one line", name);
		cr_assert_eq(e->summary[strlen(e->summary) - 1], '.', "%s: a sentence", name);
		cr_assert_str_eq(e->standard, "ISO/IEC 27001:2022", "%s: the standard", name);
		cr_assert(isdigit((unsigned char)e->clause[0]), "%s: the clause starts with its number", name);
		cr_assert(strlen(e->details) > 80, "%s: details say something", name);
		cr_assert(strlen(e->example) > 20, "%s: an example", name);
		cr_assert(strlen(e->fix) > 20, "%s: a fix", name);
		char tag[64];
		snprintf(tag, sizeof tag, "[%s]\n", name);
		cr_assert(strstr(e->example, tag), "%s: the example shows the diagnostic", name);
		cr_assert(!strstr(e->example, "```"), "%s: the fences are gone", name);
		cr_assert(!strstr(e->fix, "prints this explanation"), "%s: the page's footer is not "
		          "the fix", name);
	}
}

/* The explanation of code `name` as `ismc explain` prints it; the caller frees. */
static char *S_explain(const char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	cr_assert_eq(ismc_explain_print(f, name), 0);
	fclose(f);
	return text;
}

Test(explain, prints_the_parts_of_every_page)
{
	for (int i = 0; i < ISMC_NCODES; i++) {
		const char *name = ismc_code_get((ismc_code)i)->name;
		const ismc_explanation *e = ismc_explain_get((ismc_code)i);
		char *text = S_explain(name);
		cr_assert(!strncmp(text, name, strlen(name)), "%s", text);
		const char *parts[] = { e->summary, e->clause, e->details, e->fix };
		for (size_t k = 0; k < 4; k++)
			cr_assert(S_contains(text, parts[k]), "%s: part %zu is missing:\n%s", name, k, text);
		const char *heads[] = { "\nWhat it means\n  ", "\nExample\n  ", "\nFix\n  " };
		for (size_t k = 0; k < 3; k++)
			cr_assert(strstr(text, heads[k]), "%s: heading %s", name, heads[k] + 1);
		char std[64];
		snprintf(std, sizeof std, "\n\n%s\n  ", e->standard);
		cr_assert(strstr(text, std), "%s: the standard heads the requirement", name);
		/* the example's files and output keep their lines, indented */
		for (const char *l = e->example; *l; l += strcspn(l, "\n"), l += *l == '\n') {
			size_t n = strcspn(l, "\n");
			if (strncmp(l, "  ", 2) != 0)
				continue;
			char want[1024];
			snprintf(want, sizeof want, "\n  %.*s\n", (int)n, l);
			cr_assert(strstr(text, want), "%s: example line '%.*s'", name, (int)n, l);
		}
		/* prose is wrapped for a terminal; only the title line and verbatim
		 * lines may be longer */
		for (size_t at = strcspn(text, "\n") + 1; text[at]; ) {
			const char *l = text + at;
			size_t n = strcspn(l, "\n");
			cr_assert(n <= 78 || !strncmp(l, "    ", 4) || !strncmp(l, "More: ", 6),
			          "%s: a line of %zu columns: %.*s", name, n, (int)n, l);
			at += n + (l[n] == '\n');
		}
		char page[96];
		snprintf(page, sizeof page, "docs/diagnostics/%s.md", name);
		cr_assert(strstr(text, page), "%s: points at its page", name);
		free(text);
	}
}

Test(explain, lists_every_code_and_refuses_unknown_ones)
{
	FILE *null = fopen("/dev/null", "w");
	cr_assert_eq(ismc_explain_print(null, "unknown-feild"), 2);
	cr_assert_eq(ismc_explain_print(null, ""), 2);
	fclose(null);

	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);
	cr_assert_eq(ismc_explain_print(f, NULL), 0);
	fclose(f);
	for (int i = 0; i < ISMC_NCODES; i++) {
		char want[256];
		snprintf(want, sizeof want, "%-24s %s\n", ismc_code_get((ismc_code)i)->name,
		         ismc_explain_get((ismc_code)i)->summary);
		cr_assert(strstr(list, want), "%s", want);
	}
	free(list);
}

/* SARIF's rules carry the explanations: summary, details, and as help the
 * requirement under the page's own label, and the fix (with no address
 * configured, the whole explanation instead of a helpUri). */
Test(explain, sarif_rules_carry_the_explanations)
{
	char *text = NULL;
	size_t len = 0;
	ismc_diags *d = ismc_diags_new();
	FILE *f = open_memstream(&text, &len);
	cr_assert_eq(ismc_format_write(f, ISMC_FORMAT_SARIF, NULL, d, 0, 0), 0);
	fclose(f);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	cr_assert_not_null(root, "%s", jerr.text);
	json_t *rules = json_object_get(json_object_get(json_object_get(
		json_array_get(json_object_get(root, "runs"), 0), "tool"), "driver"), "rules");
	cr_assert_eq(json_array_size(rules), ISMC_NCODES);
	for (int i = 0; i < ISMC_NCODES; i++) {
		json_t *rule = json_array_get(rules, (size_t)i);
		const ismc_explanation *e = ismc_explain_get((ismc_code)i);
		const char *name = ismc_code_get((ismc_code)i)->name;
		cr_assert_str_eq(json_string_value(json_object_get(rule, "id")), name);
#define S_TEXT(key) json_string_value(json_object_get(json_object_get(rule, key), "text"))
		cr_assert_str_eq(S_TEXT("shortDescription"), e->summary, "%s", name);
		cr_assert_str_eq(S_TEXT("fullDescription"), e->details, "%s", name);
		char help[8192];
		if (*ISMC_URL) /* the page is linked: help is the requirement and the fix */
			snprintf(help, sizeof help, "%s: %s\n\nFix: %s", e->standard, e->clause, e->fix);
		else /* no address: the whole explanation, and no placeholder address */
			snprintf(help, sizeof help, "%s\n\n%s\n\n%s: %s\n\nFix: %s\n\n`ismc explain %s` "
			         "prints this explanation.", e->summary, e->details, e->standard,
			         e->clause, e->fix, name);
		cr_assert_str_eq(S_TEXT("help"), help, "%s", name);
		cr_assert_eq(json_object_get(rule, "helpUri") != NULL, *ISMC_URL != '\0', "%s", name);
#undef S_TEXT
	}
	json_decref(root);
	ismc_diags_free(d);
	free(text);
}

/* docs/diagnostics/README.md has a row per code with its severity and summary. */
Test(explain, the_index_lists_every_code_with_its_severity)
{
	char *index = S_source("docs/diagnostics/README.md");
	cr_assert_not_null(index, "docs/diagnostics/README.md");
	size_t rows = 0;
	for (const char *p = index; (p = strstr(p, "\n| [`")); p++)
		rows++;
	cr_assert_eq(rows, ISMC_NCODES, "README.md has %zu rows of codes", rows);
	for (int i = 0; i < ISMC_NCODES; i++) {
		const ismc_code_info *info = ismc_code_get((ismc_code)i);
		const char *summary = ismc_explain_get((ismc_code)i)->summary;
		char row[512];
		snprintf(row, sizeof row, "\n| [`%s`](%s.md) | %s%s | %.*s |\n", info->name,
		         info->name, ismc_severity_name(info->severity),
		         info->adjustable ? ", adjustable" : "", (int)strlen(summary) - 1, summary);
		cr_assert(strstr(index, row), "README.md lacks the row%s", row);
	}
	free(index);
}

/* The build step: a copy of docs/diagnostics, damaged one way at a time,
 * stops it with the page and line and writes nothing. */
static char S_gen_dir[256];

static void S_gen_setup(void)
{
	t_tmpdir(S_gen_dir, sizeof S_gen_dir, "explain");
	t_sh("cp %s/docs/diagnostics/*.md '%s'", ISMC_SOURCE_DIR, S_gen_dir);
}

static void S_gen_teardown(void)
{
	t_rmtree(S_gen_dir);
}

/* Runs the generator on the copy; its exit status, stderr in *err. */
static int S_gen(char **err)
{
	int rc = t_sh_status("'%s' '%s' '%s/out.c' 2>'%s/err'", ISMC_EXPLAIN_GEN, S_gen_dir,
	                     S_gen_dir, S_gen_dir);
	*err = t_slurp(t_path("%s/err", S_gen_dir));
	return rc;
}

/* Rewrites page `code` with `from` replaced by `to` (once). */
static void S_damage(const char *code, const char *from, const char *to)
{
	const char *path = t_path("%s/%s.md", S_gen_dir, code);
	char *page = t_slurp(path);
	char *at = strstr(page, from);
	cr_assert_not_null(at, "%s: no '%s'", code, from);
	ismc_buf b = { 0 };
	ismc_buf_put(&b, page, (size_t)(at - page));
	ismc_buf_puts(&b, to);
	ismc_buf_puts(&b, at + strlen(from));
	t_spit(path, b.data);
	ismc_buf_free(&b);
	free(page);
}

static void S_gen_fails(const char *want)
{
	char *err;
	cr_assert_eq(S_gen(&err), 1, "%s", err);
	cr_assert(strstr(err, want), "wanted '%s' in:\n%s", want, err);
	cr_assert(!t_exists(t_path("%s/out.c", S_gen_dir)), "nothing is written");
	free(err);
}

TestSuite(explain_gen, .init = S_gen_setup, .fini = S_gen_teardown);

Test(explain_gen, compiles_the_pages)
{
	char *err;
	cr_assert_eq(S_gen(&err), 0, "%s", err);
	cr_assert_str_eq(err, "");
	char *c = t_slurp(t_path("%s/out.c", S_gen_dir));
	cr_assert(strstr(c, "[ISMC_NESTING_TOO_DEEP] = {"));
	free(c);
	free(err);
}

Test(explain_gen, refuses_a_page_without_its_fix)
{
	S_damage("review-overdue", "## Fix", "## Remedy");
	S_gen_fails("/review-overdue.md:");
	S_gen_fails(": error: expected the section '## Fix' here, not '## Remedy'");
}

Test(explain_gen, refuses_a_page_without_the_footer)
{
	S_damage("yaml-alias", "In a terminal, `ismc explain yaml-alias` prints this explanation.",
	         "");
	S_gen_fails("yaml-alias.md:");
	S_gen_fails("'## Fix' must end with the line 'In a terminal, `ismc explain yaml-alias` "
	            "prints this explanation.'");
}

Test(explain_gen, refuses_an_example_without_output)
{
	S_damage("invalid-utf8", "```console\n", "");
	S_damage("invalid-utf8", "93 controls\n```\n", "93 controls\n");
	S_gen_fails("invalid-utf8.md:14: error: '## Example' needs a ``` block with the output of "
	            "ismc");
}

Test(explain_gen, refuses_a_fence_never_closed)
{
	S_damage("invalid-utf8", "93 controls\n```\n", "93 controls\n");
	S_gen_fails("invalid-utf8.md:18: error: this ``` block is never closed");
}

Test(explain_gen, refuses_a_list_where_paragraphs_go)
{
	S_damage("broken-link", "## Fix\n\n", "## Fix\n\n- a list item\n\n");
	S_gen_fails(": error: '## Fix' holds paragraphs only, not '- a list item'");
}

Test(explain_gen, refuses_a_severity_the_codes_table_does_not_say)
{
	S_damage("orphan-document", "| severity | warning (adjustable", "| severity | error (adjustable");
	S_gen_fails("orphan-document.md:7: error: the severity row says 'error (adjustable");
}

Test(explain_gen, refuses_a_page_without_the_requirement)
{
	S_damage("unsafe-link", "| ISO/IEC 27001:2022 |", "| |");
	S_gen_fails("unsafe-link.md:");
	S_gen_fails("'| <standard> | <requirement> |'");
}

Test(explain_gen, refuses_a_missing_page_and_a_stray_one)
{
	t_sh("mv '%s/path-escape.md' '%s/path-escapes.md'", S_gen_dir, S_gen_dir);
	S_gen_fails("/path-escape.md: error: No such file or directory: every code of ISMC_CODES "
	            "(compiler/ismc.h) needs its page");
	S_gen_fails("/path-escapes.md: error: no code 'path-escapes' in ISMC_CODES");
}

static void S_man_has(const char *man, const char *rel, const char *macro, const char *word)
{
	char want[128];
	snprintf(want, sizeof want, "\n.%s %s", macro, word);
	const char *p = man;
	size_t n = strlen(want);
	while ((p = strstr(p, want)) && p[n] != ' ' && p[n] != '\n')
		p += n;
	cr_assert(p, "%s does not document '%s' (as '.%s %s')", rel, word, macro, word);
}

/* ismc-format(5) documents every field of every schema table. */
Test(explain, the_format_man_page_documents_every_field)
{
	const char *rel = "man/ismc-format.5";
	char *man = S_source(rel);
	cr_assert_not_null(man, "%s", rel);
	const ismc_schema *schemas[] = { &ismc_schema_config, &ismc_schema_risk_method,
		                         &ismc_schema_document, &ismc_schema_risk,
		                         &ismc_schema_asset, &ismc_schema_decision,
		                         &ismc_schema_register_document, &ismc_schema_person,
		                         &ismc_schema_approval,
		                         &ismc_schema_authority, &ismc_schema_certification,
		                         &ismc_schema_nc_settings, &ismc_schema_activity,
		                         &ismc_schema_nonconformity, &ismc_schema_nc_action,
		                         &ismc_schema_nc_check, &ismc_schema_supplier };
	for (size_t s = 0; s < sizeof schemas / sizeof *schemas; s++)
		for (size_t i = 0; i < schemas[s]->nfields; i++)
			S_man_has(man, rel, "It Cm", schemas[s]->fields[i].name);
	free(man);
}

/* ismc(1) lists every diagnostic code, with its severity and summary, and
 * every --format. */
Test(explain, the_command_man_page_lists_codes_and_formats)
{
	const char *rel = "man/ismc.1";
	char *man = S_source(rel);
	cr_assert_not_null(man, "%s", rel);
	for (int i = 0; i < ISMC_NCODES; i++) {
		const ismc_code_info *info = ismc_code_get((ismc_code)i);
		char item[512];
		snprintf(item, sizeof item, "\n.It Sy %s Pq %s%s\n%s\n", info->name,
		         ismc_severity_name(info->severity), info->adjustable ? ", adjustable" : "",
		         ismc_explain_get((ismc_code)i)->summary);
		cr_assert(strstr(man, item), "%s lacks the item%s", rel, item);
	}
	static const char *const formats[ISMC_NFORMATS] = { ISMC_FORMATS(ISMC_X_NAME) };
	for (int i = 0; i < ISMC_NFORMATS; i++)
		S_man_has(man, rel, "It Cm", formats[i]);
	free(man);
}
