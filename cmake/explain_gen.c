/* explain_gen.c: the build step that turns docs/diagnostics/<code>.md into
 * the explanations `ismc explain` prints and SARIF carries (explain_data.c),
 * as embed_dir.cmake turns the catalogs into data: the page is the one place a
 * code's explanation is written. Built and run by CMake; never installed.
 *
 * Usage: explain_gen DOCDIR OUT.c
 *
 * Every code of ISMC_CODES needs DOCDIR/<code>.md in the form every page has
 * (docs/hacking.md, "Adding a diagnostic code"):
 *
 *   # <code>
 *   <summary: one paragraph>
 *   | | |
 *   |---|---|
 *   | severity | error (not adjustable) |       agrees with ISMC_CODES
 *   | <standard> | <the requirement behind it> |
 *   ## What it means      paragraphs
 *   ## Example            paragraphs and ``` fenced blocks (files, console)
 *   ## Fix                paragraphs, up to the line
 *   In a terminal, `ismc explain <code>` prints this explanation.
 *
 * A missing page, a missing part, or a page of no code stops the build with
 * `path:line: error: ...` and writes nothing. Paragraph lines are joined
 * with spaces; paragraphs are separated by a blank line; a fenced block
 * keeps its lines, each indented by two spaces, and loses its fences. */
#include "ismc.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *enumname, *name;
	ismc_severity severity;
	int adjustable;
} S_codes[] = {
#define X(e, name, sev, adj, area, gap, todo) { "ISMC_" #e, name, sev, adj },
	ISMC_CODES(X)
#undef X
};
#define S_NCODES (sizeof S_codes / sizeof *S_codes)

/* A growable string; the generator's only allocation. */
typedef struct {
	char *s;
	size_t len, cap;
} S_str;

static void S_put(S_str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			fputs("explain_gen: out of memory\n", stderr);
			exit(2);
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void S_puts(S_str *b, const char *s)
{
	S_put(b, s, strlen(s));
}

static void S_printf(S_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_printf(S_str *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	S_put(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* One page, as lines (the text's newlines become NULs; '\r' and trailing
 * blanks are dropped). */
typedef struct {
	const char *path;
	char *text;
	char **line;
	size_t n;
	size_t at; /* the next line to read, 0-based */
} S_page;

static int S_error(const S_page *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int S_error(const S_page *p, size_t at, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%zu: error: ", p->path, at + 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int S_page_read(S_page *p, const char *path)
{
	memset(p, 0, sizeof *p);
	p->path = path;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: error: %s: every code of ISMC_CODES (compiler/ismc.h) needs "
		        "its page\n", path, strerror(errno));
		return -1;
	}
	S_str t = { 0 };
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		S_put(&t, buf, n);
	int bad = ferror(f);
	fclose(f);
	S_puts(&t, ""); /* an empty page is text too */
	if (bad) {
		fprintf(stderr, "%s: error: cannot read the page\n", path);
		free(t.s);
		return -1;
	}
	p->text = t.s;
	size_t lines = 1;
	for (size_t i = 0; i < t.len; i++)
		lines += t.s[i] == '\n';
	p->line = calloc(lines, sizeof *p->line);
	if (!p->line) {
		fputs("explain_gen: out of memory\n", stderr);
		exit(2);
	}
	for (char *s = t.s; s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(s);
		while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		p->line[p->n++] = s;
		s = nl ? nl + 1 : NULL;
	}
	while (p->n && !*p->line[p->n - 1])
		p->n--;
	return 0;
}

static void S_page_free(S_page *p)
{
	free(p->line);
	free(p->text);
}

static const char *S_cur(const S_page *p)
{
	return p->at < p->n ? p->line[p->at] : NULL;
}

static void S_skip_blank(S_page *p)
{
	while (p->at < p->n && !*p->line[p->at])
		p->at++;
}

static int S_starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* Does line `s` end a paragraph: a heading, a fence, a list item, a quote,
 * a table row (as in Markdown), or `stop`? */
static int S_breaks(const char *s, const char *stop)
{
	return *s == '#' || *s == '>' || *s == '|' || S_starts(s, "```") || S_starts(s, "- ") ||
	       S_starts(s, "* ") || S_starts(s, "+ ") || (stop && !strcmp(s, stop));
}

/* Does line `s` start something other than a paragraph? The prose parts
 * hold paragraphs only, which is what a terminal can show as wrapped text. */
static int S_not_prose(const char *s)
{
	if (S_breaks(s, NULL) || S_starts(s, "    "))
		return 1;
	size_t d = strspn(s, "0123456789");
	return d && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

/* Appends the paragraph at the cursor, its lines joined by spaces. */
static void S_paragraph(S_page *p, S_str *out, const char *stop)
{
	for (int first = 1; p->at < p->n && *p->line[p->at]; first = 0) {
		if (!first && S_breaks(p->line[p->at], stop))
			break;
		if (!first)
			S_puts(out, " ");
		const char *s = p->line[p->at++];
		S_puts(out, s + strspn(s, " "));
	}
}

/* Paragraphs up to the next "## " heading (or `stop`, a line that ends the
 * part), separated by blank lines; `part` names it in messages. */
static int S_prose(S_page *p, S_str *out, const char *part, const char *stop)
{
	for (S_skip_blank(p); S_cur(p) && !S_starts(S_cur(p), "## ") &&
	                      !(stop && !strcmp(S_cur(p), stop)); S_skip_blank(p)) {
		if (S_not_prose(S_cur(p)))
			return S_error(p, p->at, "'%s' holds paragraphs only, not '%.20s'", part,
			               S_cur(p));
		if (out->len)
			S_puts(out, "\n\n");
		S_paragraph(p, out, stop);
	}
	if (!out->len)
		return S_error(p, p->at, "'%s' is empty", part);
	return 0;
}

/* The example: paragraphs as lines, fenced blocks as lines indented by two
 * spaces; blocks separated by a blank line. */
static int S_example(S_page *p, size_t head, S_str *out)
{
	int fenced = 0;
	for (S_skip_blank(p); S_cur(p) && !S_starts(S_cur(p), "## "); S_skip_blank(p)) {
		if (out->len)
			S_puts(out, "\n\n");
		if (!S_starts(S_cur(p), "```")) {
			if (S_not_prose(S_cur(p)))
				return S_error(p, p->at, "'## Example' holds paragraphs and ``` blocks "
				               "only, not '%.20s'", S_cur(p));
			S_paragraph(p, out, NULL);
			continue;
		}
		size_t open = p->at++;
		for (int first = 1; S_cur(p) && !S_starts(S_cur(p), "```"); first = 0) {
			if (!first)
				S_puts(out, "\n");
			if (*S_cur(p))
				S_puts(out, "  ");
			S_puts(out, p->line[p->at++]);
		}
		if (!S_cur(p))
			return S_error(p, open, "this ``` block is never closed");
		p->at++;
		fenced = 1;
	}
	if (!fenced)
		return S_error(p, head, "'## Example' needs a ``` block with the output of ismc");
	return 0;
}

/* `| a | b |` into its trimmed cells (at most `max`); returns their count. */
static size_t S_cells(char *row, char **cell, size_t max)
{
	size_t n = 0;
	char *s = row + 1;
	for (char *bar; (bar = strchr(s, '|')) && n < max; s = bar + 1) {
		*bar = '\0';
		while (*s == ' ')
			s++;
		size_t len = strlen(s);
		while (len && s[len - 1] == ' ')
			s[--len] = '\0';
		cell[n++] = s;
	}
	return n;
}

/* The parts of one explanation. */
typedef struct {
	S_str summary, standard, clause, details, example, fix;
} S_parts;

static void S_parts_free(S_parts *e)
{
	free(e->summary.s);
	free(e->standard.s);
	free(e->clause.s);
	free(e->details.s);
	free(e->example.s);
	free(e->fix.s);
}

/* The severity row of the page must say what ISMC_CODES says. */
static int S_severity(const S_page *p, size_t at, size_t c, const char *text)
{
	const char *want = S_codes[c].severity == ISMC_ERROR ? "error" : "warning";
	const char *adj = S_codes[c].adjustable ? " (adjustable" : " (not adjustable)";
	size_t n = strlen(want);
	if (strncmp(text, want, n) != 0 || strncmp(text + n, adj, strlen(adj)) != 0)
		return S_error(p, at, "the severity row says '%s'; ISMC_CODES (compiler/ismc.h) "
		               "says %s, %s", text, want,
		               S_codes[c].adjustable ? "adjustable" : "not adjustable");
	return 0;
}

static int S_parse(S_page *p, size_t c, S_parts *e)
{
	const char *name = S_codes[c].name;
	if (!p->n || p->line[0][0] != '#' || p->line[0][1] != ' ' || strcmp(p->line[0] + 2, name))
		return S_error(p, 0, "the page must start with the title '# %s'", name);
	p->at = 1;
	S_skip_blank(p);
	if (!S_cur(p) || S_not_prose(S_cur(p)))
		return S_error(p, p->at, "the title must be followed by the summary, one paragraph");
	S_paragraph(p, &e->summary, NULL);

	S_skip_blank(p);
	size_t table = p->at, rows = 0;
	int severity = 0;
	for (; S_starts(S_cur(p), "|"); p->at++) {
		char *cell[3];
		size_t n = S_cells(p->line[p->at], cell, 3);
		if (n < 2 || (!*cell[0] && !*cell[1]) || strspn(cell[0], ":-") == strlen(cell[0]))
			continue; /* the empty header, the separator */
		if (!strcmp(cell[0], "severity")) {
			if (S_severity(p, p->at, c, cell[1]) != 0)
				return -1;
			severity = 1;
		} else if (rows++ == 0) {
			S_puts(&e->standard, cell[0]);
			S_puts(&e->clause, cell[1]);
		} else {
			return S_error(p, p->at, "one row names the requirement behind the code; "
			               "this is a second");
		}
	}
	if (!severity || !rows || !*e->standard.s || !*e->clause.s)
		return S_error(p, table, "the summary must be followed by the table of two rows: "
		               "'| severity | ... |' and '| <standard> | <requirement> |'");

	static const char *const heads[] = { "## What it means", "## Example", "## Fix" };
	for (size_t h = 0; h < 3; h++) {
		S_skip_blank(p);
		if (!S_cur(p) || strcmp(S_cur(p), heads[h]) != 0)
			return S_error(p, p->at, "expected the section '%s' here%s%s%s", heads[h],
			               S_cur(p) ? ", not '" : "", S_cur(p) ? S_cur(p) : "",
			               S_cur(p) ? "'" : "");
		size_t at = p->at++;
		int rc = h == 0 ? S_prose(p, &e->details, heads[h], NULL)
		       : h == 1 ? S_example(p, at, &e->example) : 0;
		if (h == 2) {
			char footer[160];
			snprintf(footer, sizeof footer,
			         "In a terminal, `ismc explain %s` prints this explanation.", name);
			rc = S_prose(p, &e->fix, heads[h], footer);
			if (rc == 0 && (!S_cur(p) || strcmp(S_cur(p), footer) != 0))
				rc = S_error(p, at, "'## Fix' must end with the line '%s'", footer);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Appends `s` as C string literals, one per line of the text. */
static void S_literal(S_str *out, const char *field, const char *s)
{
	S_printf(out, "\t\t.%s =", field);
	do {
		S_puts(out, "\n\t\t\t\"");
		for (; *s && *s != '\n'; s++) {
			unsigned char ch = (unsigned char)*s;
			if (ch == '"' || ch == '\\')
				S_printf(out, "\\%c", ch);
			else if (ch == '?' && s[1] == '?') /* no trigraphs */
				S_puts(out, "?\\");
			else if (ch < 0x20 || ch == 0x7f)
				S_printf(out, "\\%03o", ch);
			else
				S_put(out, s, 1);
		}
		if (*s == '\n') {
			S_puts(out, "\\n");
			s++;
		}
		S_puts(out, "\"");
	} while (*s);
	S_puts(out, ",\n");
}

/* A page whose name is no code (a code renamed or removed) is an error too:
 * its link from README.md and SARIF would lead nowhere. */
static int S_stray_pages(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: error: %s\n", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (struct dirent *ent; (ent = readdir(d));) {
		size_t n = strlen(ent->d_name);
		if (n < 4 || strcmp(ent->d_name + n - 3, ".md") != 0 || !strcmp(ent->d_name, "README.md"))
			continue;
		size_t c = 0;
		while (c < S_NCODES && (strlen(S_codes[c].name) != n - 3 ||
		                        strncmp(S_codes[c].name, ent->d_name, n - 3) != 0))
			c++;
		if (c == S_NCODES) {
			fprintf(stderr, "%s/%s: error: no code '%.*s' in ISMC_CODES (compiler/ismc.h)\n",
			        dir, ent->d_name, (int)(n - 3), ent->d_name);
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: explain_gen DOCDIR OUT.c\n", stderr);
		return 2;
	}
	const char *dir = argv[1], *outpath = argv[2];
	S_str out = { 0 }, path = { 0 }, tmp = { 0 };
	int rc = S_stray_pages(dir);
	S_puts(&out, "/* Generated from docs/diagnostics/<code>.md by cmake/explain_gen.c; do not "
	             "edit. */\n#include \"ismc.h\"\n\n"
	             "const ismc_explanation ismc_explanations[ISMC_NCODES] = {\n");
	for (size_t c = 0; c < S_NCODES; c++) {
		S_page p;
		S_parts e = { 0 };
		path.len = 0;
		S_printf(&path, "%s/%s.md", dir, S_codes[c].name);
		if (S_page_read(&p, path.s) != 0) {
			rc = -1;
			continue;
		}
		if (S_parse(&p, c, &e) == 0) {
			S_printf(&out, "\t[%s] = {\n", S_codes[c].enumname);
			S_literal(&out, "summary", e.summary.s);
			S_literal(&out, "standard", e.standard.s);
			S_literal(&out, "clause", e.clause.s);
			S_literal(&out, "details", e.details.s);
			S_literal(&out, "example", e.example.s);
			S_literal(&out, "fix", e.fix.s);
			S_puts(&out, "\t},\n");
		} else {
			rc = -1;
		}
		S_parts_free(&e);
		S_page_free(&p);
	}
	S_puts(&out, "};\n");

	/* all or nothing: a failed run leaves no file for the build to use */
	if (rc == 0) {
		S_printf(&tmp, "%s.tmp", outpath);
		FILE *f = fopen(tmp.s, "wb");
		int ok = f && fwrite(out.s, 1, out.len, f) == out.len;
		if (f && fclose(f) != 0)
			ok = 0;
		if (!ok || rename(tmp.s, outpath) != 0) {
			fprintf(stderr, "%s: error: %s\n", outpath, strerror(errno));
			remove(tmp.s);
			rc = -1;
		}
	}
	free(out.s);
	free(path.s);
	free(tmp.s);
	return rc == 0 ? 0 : 1;
}
