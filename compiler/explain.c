/* explain.c: what each diagnostic code means, the requirement behind it, an
 * example and the fix, for `ismc explain` and the SARIF rule descriptions
 * (format.c). The texts are the pages docs/diagnostics/<code>.md, compiled
 * into ismc_explanations (explain_data.c) at build time by
 * cmake/explain_gen.c, so the page and the terminal say the same. */
#include "ismc.h"

#include <string.h>

const ismc_explanation *ismc_explain_get(ismc_code c)
{
	return &ismc_explanations[c];
}

int ismc_explain_uri(ismc_code c, ismc_buf *out)
{
	if (!*ISMC_URL)
		return 0;
	ismc_buf_printf(out, "%s/blob/main/docs/diagnostics/%s.md", ISMC_URL, ismc_code_get(c)->name);
	return 1;
}

/* Prints the paragraph text[0..len) wrapped at 78 columns, each line
 * indented. */
static void S_wrap(FILE *f, const char *text, size_t len, int indent)
{
	int col = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		size_t n = 0;
		while (p + n < end && p[n] != ' ')
			n++;
		if (!n)
			break;
		if (col > indent && col + 1 + (int)n > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fprintf(f, " ");
		col += (int)fwrite(p, 1, n, f);
		p += n;
	}
	fputc('\n', f);
}

/* Prints an explanation's text: each paragraph wrapped, a line that starts
 * with two spaces (a file, ismc's output) as it is; all indented. */
static void S_text(FILE *f, const char *text, int indent)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (!strncmp(text, "  ", 2)) {
			fprintf(f, "%*s%.*s\n", indent, "", (int)n, text);
		} else if (n) {
			S_wrap(f, text, n, indent);
		} else {
			fputc('\n', f);
		}
		text += n + (text[n] == '\n');
	}
}

int ismc_explain_print(FILE *f, const char *code)
{
	if (!code) {
		for (int i = 0; i < ISMC_NCODES; i++)
			fprintf(f, "%-24s %s\n", ismc_code_get((ismc_code)i)->name,
			        ismc_explanations[i].summary);
		return 0;
	}
	int c = ismc_code_find(code);
	if (c < 0) {
		const char *names[ISMC_NCODES];
		for (int i = 0; i < ISMC_NCODES; i++)
			names[i] = ismc_code_get((ismc_code)i)->name;
		const char *near = ismc_closest(code, names, ISMC_NCODES);
		if (near)
			fprintf(stderr, "ismc: '%s' is not a diagnostic code; did you mean '%s'?\n", code, near);
		else
			fprintf(stderr, "ismc: '%s' is not a diagnostic code ('ismc explain' lists them)\n",
			        code);
		return 2;
	}
	const ismc_code_info *info = ismc_code_get((ismc_code)c);
	const ismc_explanation *e = &ismc_explanations[c];
	fprintf(f, "%s: %s\n", info->name, e->summary);
	fprintf(f, "  severity: %s%s\n\n", ismc_severity_name(info->severity),
	        info->adjustable ? " (adjustable in isms.yml checks:)"
	                         : " (lowerable in isms.yml checks: for check alone)");
	fprintf(f, "%s\n", e->standard);
	S_text(f, e->clause, 2);
	fputs("\nWhat it means\n", f);
	S_text(f, e->details, 2);
	fputs("\nExample\n", f);
	S_text(f, e->example, 2);
	fputs("\nFix\n", f);
	S_text(f, e->fix, 2);
	ismc_buf uri = { 0 };
	if (ismc_explain_uri((ismc_code)c, &uri))
		fprintf(f, "\nMore: %s\n", uri.data);
	else /* no address known: the page as installed (cmake --install) */
		fprintf(f, "\nMore: docs/diagnostics/%s.md (installed in share/doc/ismc/)\n",
		        info->name);
	ismc_buf_free(&uri);
	return 0;
}
