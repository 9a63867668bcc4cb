/* The explanation table is complete, `ismc explain` prints it, and the docs
 * built on it (docs/diagnostics/, the man pages) say the same thing. */
#include <criterion/criterion.h>
#include <ctype.h>
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
		cr_assert(e->summary && e->clause && e->details && e->example && e->fix,
		          "%s: every field is written", name);
		cr_assert(strlen(e->summary) > 10 && !strchr(e->summary, '\n'), "%s: one line", name);
		cr_assert_eq(e->summary[strlen(e->summary) - 1], '.', "%s: a sentence", name);
		cr_assert(isdigit((unsigned char)e->clause[0]), "%s: the clause starts with its number", name);
		cr_assert(strlen(e->details) > 80, "%s: details say something", name);
		cr_assert(strlen(e->example) > 20, "%s: an example", name);
		cr_assert(strlen(e->fix) > 20, "%s: a fix", name);
		char tag[64];
		snprintf(tag, sizeof tag, "[%s]", name);
		cr_assert(strstr(e->example, tag), "%s: the example shows the diagnostic", name);
	}
}

Test(explain, prints_every_code_and_refuses_unknown_ones)
{
	for (int i = 0; i < ISMC_NCODES; i++) {
		const char *name = ismc_code_get((ismc_code)i)->name;
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		cr_assert_eq(ismc_explain_print(f, name), 0);
		fclose(f);
		cr_assert(!strncmp(text, name, strlen(name)), "%s", text);
		cr_assert(S_contains(text, ismc_explain_get((ismc_code)i)->fix), "%s: the fix", name);
		char page[96];
		snprintf(page, sizeof page, "docs/diagnostics/%s.md", name);
		cr_assert(strstr(text, page), "%s: points at its page", name);
		free(text);
	}
	FILE *null = fopen("/dev/null", "w");
	cr_assert_eq(ismc_explain_print(null, "unknown-feild"), 2);
	cr_assert_eq(ismc_explain_print(null, ""), 2);
	fclose(null);

	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);
	cr_assert_eq(ismc_explain_print(f, NULL), 0);
	fclose(f);
	for (int i = 0; i < ISMC_NCODES; i++)
		cr_assert(strstr(list, ismc_code_get((ismc_code)i)->name));
	free(list);
}

Test(explain, every_code_has_a_docs_page_saying_the_same)
{
	char *index = S_source("docs/diagnostics/README.md");
	cr_assert_not_null(index, "docs/diagnostics/README.md");
	for (int i = 0; i < ISMC_NCODES; i++) {
		const char *name = ismc_code_get((ismc_code)i)->name;
		const ismc_explanation *e = ismc_explain_get((ismc_code)i);
		char rel[128], link[128];
		snprintf(rel, sizeof rel, "docs/diagnostics/%s.md", name);
		char *page = S_source(rel);
		cr_assert_not_null(page, "%s is missing", rel);
		cr_assert(strstr(page, name), "%s names its code", rel);
		cr_assert(S_contains(page, e->summary), "%s: summary differs from explain.c", rel);
		cr_assert(S_contains(page, e->clause), "%s: clause differs from explain.c", rel);
		cr_assert(S_contains(page, e->details), "%s: details differ from explain.c", rel);
		cr_assert(S_contains(page, e->fix), "%s: fix differs from explain.c", rel);
		cr_assert(strstr(page, "## Example"), "%s: an example", rel);
		snprintf(link, sizeof link, "(%s.md)", name);
		cr_assert(strstr(index, link), "README.md links %s", name);
		free(page);
	}
	free(index);
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
		                         &ismc_schema_asset, &ismc_schema_decision };
	for (size_t s = 0; s < sizeof schemas / sizeof *schemas; s++)
		for (size_t i = 0; i < schemas[s]->nfields; i++)
			S_man_has(man, rel, "It Cm", schemas[s]->fields[i].name);
	free(man);
}

/* ismc(1) lists every diagnostic code and every format. */
Test(explain, the_command_man_page_lists_codes_and_formats)
{
	const char *rel = "man/ismc.1";
	char *man = S_source(rel);
	cr_assert_not_null(man, "%s", rel);
	for (int i = 0; i < ISMC_NCODES; i++)
		S_man_has(man, rel, "It Sy", ismc_code_get((ismc_code)i)->name);
	const char *formats[] = { "text", "json", "sarif", "github" };
	for (size_t i = 0; i < 4; i++)
		S_man_has(man, rel, "It Cm", formats[i]);
	free(man);
}
