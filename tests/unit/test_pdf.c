/* `ismc build --pdf` (transform.c, templates/print.xsl and print.css through
 * WeasyPrint), through the binary: the PDF holds the table of contents, every
 * control of the SoA, running headers and page numbers, and is tagged (PDF/UA-1:
 * a structure tree, the title shown, the language, bookmarks); --pdf-variant
 * passes another variant through; without WeasyPrint the build stops with
 * exit 2 naming the package. The renderer tests skip,
 * saying why, only when weasyprint or poppler-utils is missing: scripts/deps.sh
 * installs both, so CI runs them. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"

static char S_tmp[256];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "pdf");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(pdf, .init = S_setup, .fini = S_teardown);

static void S_need_tools(void)
{
	if (t_sh_status("command -v weasyprint >/dev/null 2>&1") != 0)
		cr_skip_test("weasyprint is not installed (scripts/deps.sh installs it)");
	if (t_sh_status("command -v pdftotext >/dev/null 2>&1 && "
	                "command -v pdfinfo >/dev/null 2>&1") != 0)
		cr_skip_test("pdftotext/pdfinfo are not installed (poppler-utils; scripts/deps.sh)");
}

/* The language the PDF's catalog declares (/Lang), "" when none: poppler's
 * tools do not print it, and WeasyPrint writes the catalog as plain text
 * (no object streams), so the file's bytes are read. Fills `lang` (n). */
static void S_pdf_lang(const char *pdf, char *lang, size_t n)
{
	size_t len;
	char *b = t_slurp_len(pdf, &len);
	*lang = '\0';
	for (char *p = b; p && (p = memmem(p, len - (size_t)(p - b), "/Lang", 5)); p += 5) {
		char *q = p + 5;
		while (q < b + len && isspace((unsigned char)*q))
			q++;
		if (q < b + len && *q == '(') {
			size_t i = 0;
			for (q++; q < b + len && *q != ')' && i + 1 < n; q++)
				lang[i++] = *q;
			lang[i] = '\0';
			break;
		}
	}
	free(b);
}

/* pdfinfo's line `key:` of `info`, its value without the padding */
static const char *S_info(const char *info, const char *key, char *val, size_t n)
{
	const char *p = strstr(info, key);
	*val = '\0';
	if (!p)
		return val;
	p += strlen(key);
	while (*p == ' ')
		p++;
	snprintf(val, n, "%.*s", (int)strcspn(p, "\n"), p);
	return val;
}

/* Asserts that `text` holds each of `want` (n of them); `what` names it. */
static void S_has_each(const char *text, const char *const *want, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		cr_assert_not_null(strstr(text, want[i]), "no %s in %s", want[i], what);
}

static size_t S_count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Is `id` in `text` as a whole token (A.5.1 is not A.5.10)? */
static int S_has_token(const char *text, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = strstr(text, id); p; p = strstr(p + 1, id)) {
		char after = p[n];
		char before = p == text ? ' ' : p[-1];
		if (!(after >= '0' && after <= '9') && after != '.' &&
		    !(before >= '0' && before <= '9') && before != '.')
			return 1;
		/* a full stop after the id ends a sentence when a space follows */
		if (after == '.' && (p[n + 1] == ' ' || p[n + 1] == '\n') && before != '.')
			return 1;
	}
	return 0;
}

/* The page's one marking: its header (first line) names no classification
 * and its footer carries the pack's marking. */
static void S_one_marking_per_page(const char *text)
{
	static const char *const classes[] = { "Public", "Internal", "Confidential", "Restricted" };
	size_t pages = 0;
	for (const char *page = strchr(text, '\f'); page && page[1]; page = strchr(page + 1, '\f')) {
		const char *p = page + 1, *end = strchr(p, '\f');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (*p == '\n' || *p == ' ')
			p++;
		size_t hl = strcspn(p, "\n");
		char *head = strndup(p, hl), *all = strndup(page + 1, len);
		for (size_t i = 0; i < 4; i++)
			cr_assert_null(strstr(head, classes[i]), "page %zu: its header says %s: '%s'",
			               pages + 2, classes[i], head);
		cr_assert_eq(S_count(all, "Confidential — prepared for audit"), 1,
		             "page %zu: not one marking in its footer", pages + 2);
		free(head);
		free(all);
		pages++;
	}
	cr_assert_gt(pages, 50);
}

/* Every word of every page lies on the page (pdftotext -bbox): a table that
 * ran off the paper, cutting off its last columns, would not. Returns the
 * page (1-based) where `word` first starts a word, 0 when none, and that
 * page's orientation in `size`. */
static int S_words_on_pages(const char *pdf, const char *word, char *size, size_t n)
{
	t_sh("pdftotext -bbox '%s' '%s.bbox'", pdf, pdf);
	char *x = t_slurp(t_path("%s.bbox", pdf));
	double w = 0, h = 0;
	int page = 0, at = 0;
	*size = '\0';
	for (const char *p = x; (p = strchr(p, '<')); p++) {
		if (!strncmp(p, "<page ", 6)) {
			page++;
			w = strtod(strstr(p, "width=\"") + 7, NULL);
			h = strtod(strstr(p, "height=\"") + 8, NULL);
		} else if (!strncmp(p, "<word ", 6)) {
			double xmax = strtod(strstr(p, "xMax=\"") + 6, NULL);
			const char *t = strchr(p, '>') + 1;
			cr_assert_leq(xmax, w + 0.5, "page %d: '%.*s' ends at %.1f, past the page's width "
			              "%.1f", page, (int)strcspn(t, "<"), t, xmax, w);
			if (!at && !strncmp(t, word, strlen(word))) {
				at = page;
				snprintf(size, n, "%s", w > h ? "landscape" : "portrait");
			}
		}
	}
	free(x);
	return at;
}

Test(pdf, wide_tables_wrap_or_turn_landscape)
{
	S_need_tools();
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	/* a table of 10 columns of long text, with a word longer than any column,
	 * then a paragraph; and a 4-column table with a long word: the first gets
	 * landscape pages, the second wraps on a portrait one, and no word of
	 * either runs off the paper */
	ismc_buf b = { 0 };
	ismc_buf_puts(&b, "---\nid: REC-WIDE\ntitle: Wide log\ntype: record\nowner: CISO\n"
	              "version: \"1.0\"\nstatus: approved\napproved_by: CEO\napproved_on: 2026-03-02\n"
	              "date: 2026-03-01\nrelated: [DOC-SCOPE]\n---\n# Wide log\n\nSee [DOC-SCOPE].\n\n"
	              "## Narrow\n\n| Item | Note | Owner | Where |\n|---|---|---|---|\n"
	              "| N-1 | Supercalifragilisticexpialidociouslylongidentifierthatneverbreaks"
	              "anywhereatallXYZ | Head of Platform | eu-west-2 |\n\n## Log\n\n"
	              "| Ref | Raised | Source | Requirement | Description | Correction | Root cause "
	              "| Corrective action | Owner | Status |\n|---|---|---|---|---|---|---|---|---|---|\n");
	for (int r = 1; r <= 6; r++)
		ismc_buf_printf(&b, "| NC-2026-%02d | 2026-0%d-1%d | External audit finding raised by the "
		                "certification body | A.5.18 and POL-004 section 2.2 | %d leavers kept "
		                "access to design tools for three to nine days after they left | Access "
		                "removed the same day | Tools not integrated with the identity provider; "
		                "the leaver checklist did not list them | Connect every tool to single "
		                "sign-on and list the rest in the checklist | Head of Customer Operations | "
		                "LASTCOL-%d closed and verified effective |\n", r, r, r, r, r);
	ismc_buf_puts(&b, "\nAFTER-WIDE paragraph.\n");
	t_spit(t_path("%s/isms/records/wide.md", S_tmp), b.data);
	ismc_buf_free(&b);
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --pdf",
	                        S_tmp, S_tmp), 0, "the build failed: see %s/log", S_tmp);
	const char *pdf = t_path("%s/out/pack.pdf", S_tmp);
	char size[16] = "";
	/* the narrow table: a portrait page, its long word broken, on the page */
	cr_assert(S_words_on_pages(pdf, "N-1", size, sizeof size) > 0, "the narrow table");
	cr_assert_str_eq(size, "portrait");
	/* the wide one: landscape, every row's last column there */
	int wide = S_words_on_pages(pdf, "NC-2026-01", size, sizeof size);
	cr_assert(wide > 0, "the wide table");
	cr_assert_str_eq(size, "landscape", "the wide table's page");
	t_sh("pdftotext -layout '%s' '%s/pack.txt'", pdf, S_tmp);
	char *text = t_slurp(t_path("%s/pack.txt", S_tmp));
	for (int r = 1; r <= 6; r++) {
		char want[16];
		snprintf(want, sizeof want, "LASTCOL-%d", r);
		cr_assert_not_null(strstr(text, want), "row %d's last column is cut off", r);
	}
	/* the header's columns, each heading broken between its words only */
	static const char *const heads[] = { "Corrective", "Owner", "Status" };
	S_has_each(text, heads, 3, "the wide table's header");
	cr_assert_null(strstr(text, "ac\xe2\x80\x90"), "a heading hyphenated:\n%s", text);
	free(text);
	/* after the wide section, the document is portrait again */
	int after = S_words_on_pages(pdf, "AFTER-WIDE", size, sizeof size);
	cr_assert(after >= wide, "the paragraph after the table");
	cr_assert_str_eq(size, "landscape", "the paragraph stays with its section");
}

/* The cover tells its three dates apart, each labelled: the as-of date, the
 * source commit's date and the build's time (SOURCE_DATE_EPOCH), or says the
 * build's time is not recorded. */
Test(pdf, cover_dates_are_distinct_and_labelled)
{
	S_need_tools();
	t_copy_fixture("minimal", t_path("%s/repo", S_tmp));
	git_repository *repo;
	git_libgit2_init();
	cr_assert_eq(git_repository_init(&repo, t_path("%s/repo", S_tmp), 0), 0);
	t_git_commit(repo, "The ISMS", 1775044800 /* 2026-04-01T12:00:00Z */, NULL, NULL);
	git_repository_free(repo);
	git_libgit2_shutdown();
	cr_assert_eq(t_sh_status("cd '%s' && SOURCE_DATE_EPOCH=1782896400 NO_COLOR=1 %s build repo "
	                         "--rev HEAD -o out --as-of 2026-06-30 --pdf >log 2>&1", S_tmp,
	                         ISMC_BIN), 0, "see %s/log", S_tmp);
	t_sh("pdftotext -l 1 -layout '%s/out/pack.pdf' '%s/cover.txt'", S_tmp, S_tmp);
	char *cover = t_slurp(t_path("%s/cover.txt", S_tmp));
	static const char *const want[] = { "Status as of", "2026-06-30", "Source commit",
		                            "committed on 2026-04-01 at 12:00 UTC", "Pack built",
		                            "2026-07-01 at 09:00 UTC", "from SOURCE_DATE_EPOCH" };
	S_has_each(cover, want, sizeof want / sizeof *want, "the cover");
	cr_assert_null(strstr(cover, "generated on"), "an unlabelled date:\n%s", cover);
	free(cover);
	/* without SOURCE_DATE_EPOCH the build's time is not passed off as the
	 * commit's */
	cr_assert_eq(t_sh_status("cd '%s' && env -u SOURCE_DATE_EPOCH NO_COLOR=1 %s build repo "
	                         "--rev HEAD -o out2 --as-of 2026-06-30 --pdf >log 2>&1", S_tmp,
	                         ISMC_BIN), 0, "see %s/log", S_tmp);
	t_sh("pdftotext -l 1 -layout '%s/out2/pack.pdf' '%s/cover2.txt'", S_tmp, S_tmp);
	cover = t_slurp(t_path("%s/cover2.txt", S_tmp));
	cr_assert_not_null(strstr(cover, "time not recorded"), "%s", cover);
	cr_assert_eq(S_count(cover, "2026-04-01"), 1, "the commit's date once, as the commit's:\n%s",
	             cover);
	free(cover);
}

Test(pdf, example_pack_pdf)
{
	S_need_tools();
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s' -o '%s/out' --as-of 2026-06-30 --pdf", EXAMPLE,
	                        S_tmp), 0, "the build failed: see %s/log", S_tmp);

	/* pdfinfo: a real PDF, with its page count and title */
	t_sh("pdfinfo '%s/out/pack.pdf' >'%s/info'", S_tmp, S_tmp);
	char *info = t_slurp(t_path("%s/info", S_tmp));
	const char *pages = strstr(info, "Pages:");
	cr_assert_not_null(pages, "%s", info);
	long npages = strtol(pages + 6, NULL, 10);
	/* cover, contents, SoA, registers and 52 approved documents */
	cr_assert_gt(npages, 60, "only %ld pages", npages);
	cr_assert_not_null(strstr(info, "Paylark Ltd"), "%s", info);
	/* tagged for screen readers (PDF/UA-1, ismc's default variant): the
	 * structure tree and MarkInfo (pdfinfo's Tagged), the XMP metadata that
	 * names the title and PDF/UA part 1, and the language */
	char val[256];
	cr_assert_str_eq(S_info(info, "Tagged:", val, sizeof val), "yes", "%s", info);
	cr_assert_str_eq(S_info(info, "Title:", val, sizeof val), "Paylark Ltd — ISMS Evidence Pack");
	cr_assert_str_eq(S_info(info, "Metadata Stream:", val, sizeof val), "yes");
	free(info);
	t_sh("pdfinfo -meta '%s/out/pack.pdf' >'%s/meta'", S_tmp, S_tmp);
	char *meta = t_slurp(t_path("%s/meta", S_tmp));
	cr_assert_not_null(strstr(meta, "pdfuaid:part=\"1\""), "%s", meta);
	cr_assert_not_null(strstr(meta, "Paylark Ltd — ISMS Evidence Pack"), "%s", meta);
	free(meta);
	char lang[32];
	S_pdf_lang(t_path("%s/out/pack.pdf", S_tmp), lang, sizeof lang);
	cr_assert_str_eq(lang, "en", "the catalog's /Lang");
	/* the structure: headings, tables with header cells, lists, links */
	t_sh("pdfinfo -struct '%s/out/pack.pdf' >'%s/struct'", S_tmp, S_tmp);
	char *tree = t_slurp(t_path("%s/struct", S_tmp));
	static const char *const tags[] = { "H1 (block)", "H2 (block)", "H3 (block)",
		                            "Table (block)", "TH", "TD", "L (block)", "LI (block)",
		                            "Link (inline)" };
	S_has_each(tree, tags, sizeof tags / sizeof *tags, "the structure tree");
	free(tree);
	/* bookmarks: the contents, the six parts, Operating the ISMS with its
	 * activities, nonconformities and suppliers, Framework coverage with a
	 * bookmark per framework (the example names two), and Documents with
	 * every approved document under it (pdftohtml lists the outline) */
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s/out/pack.pdf' >'%s/outline'", S_tmp, S_tmp);
	char *outline = t_slurp(t_path("%s/outline", S_tmp));
	static const char *const marks[] = { ">Contents</item>", ">Statement of Applicability</item>",
		                             ">Registers and people</item>",
		                             ">Risk register</item>", ">Documents</item>",
		                             ">Operating the ISMS</item>", ">Recurring activities</item>",
		                             ">Nonconformities and corrective actions</item>",
		                             ">Supplier register</item>",
		                             ">POL-001 Information Security Policy</item>",
		                             ">REC-MR-2026 Management Review Minutes, 19 May 2026</item>" };
	S_has_each(outline, marks, sizeof marks / sizeof *marks, "the bookmarks");
	char *reg = t_slurp(t_path("%s/out/register.xml", S_tmp));
	size_t approved = S_count(reg, "status=\"approved\"");
	free(reg);
	cr_assert(strstr(outline, ">Framework coverage</item>"));
	cr_assert(strstr(outline, ">NIS2 Directive (EU) 2022/2555: 12 of 13 covered, 1 partial, 0 gaps</item>"));
	cr_assert_eq(S_count(outline, "<item "), 8 + 4 + 1 + 2 + approved,
	             "%zu bookmarks for %zu approved documents", S_count(outline, "<item "), approved);
	free(outline);

	/* pdftotext: the contents, every control of the SoA */
	t_sh("pdftotext -layout '%s/out/pack.pdf' '%s/pack.txt'", S_tmp, S_tmp);
	char *text = t_slurp(t_path("%s/pack.txt", S_tmp));
	cr_assert_not_null(strstr(text, "Contents"));
	cr_assert_not_null(strstr(text, "ISMS Evidence Pack"), "the cover");
	cr_assert_not_null(strstr(text, "2026-06-30"), "the as-of date on the cover");
	const ismc_catalog *cat = ismc_catalog_default();
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const char *id = ismc_catalog_control_at(cat, i)->id;
		cr_assert(S_has_token(text, id), "control %s is not in the PDF", id);
	}
	/* the table of contents lists the parts and the documents with page numbers
	 * (dot leaders, then the number) */
	static const char *const toc[] = { "Statement of Applicability", "Clause coverage",
		                           "Document register", "Risk register", "Asset inventory",
		                           "Operating the ISMS",
		                           "POL-001 Information Security Policy" };
	const char *contents = strstr(text, "Contents");
	for (size_t i = 0; i < sizeof toc / sizeof *toc; i++) {
		const char *entry = strstr(contents, toc[i]);
		cr_assert_not_null(entry, "the contents lack '%s'", toc[i]);
		const char *eol = strchr(entry, '\n');
		cr_assert_not_null(eol);
		const char *q = eol;
		while (q > entry && q[-1] == ' ')
			q--;
		cr_assert(q > entry && q[-1] >= '0' && q[-1] <= '9', "'%s' has no page number in the "
		          "contents: '%.*s'", toc[i], (int)(eol - entry), entry);
	}
	/* running header (document id and version) and page numbers */
	cr_assert_not_null(strstr(text, "POL-001 · version 4.1"), "running header");
	S_one_marking_per_page(text);
	/* the header is printed once: in the margin, not again above the title;
	 * POL-001's first page is where its bookmark points */
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s/out/pack.pdf' >'%s/outline'", S_tmp, S_tmp);
	char *marks2 = t_slurp(t_path("%s/outline", S_tmp));
	const char *mark = strstr(marks2, ">POL-001 Information Security Policy</item>");
	cr_assert_not_null(mark, "POL-001's bookmark");
	while (mark > marks2 && strncmp(mark, "page=\"", 6))
		mark--;
	long polpage = strtol(mark + 6, NULL, 10);
	free(marks2);
	cr_assert_gt(polpage, 1, "POL-001's page");
	t_sh("pdftotext -layout -f %ld -l %ld '%s/out/pack.pdf' '%s/pol.txt'", polpage, polpage, S_tmp,
	     S_tmp);
	char *first = t_slurp(t_path("%s/pol.txt", S_tmp));
	cr_assert_not_null(strstr(first, "Information Security Policy"), "not POL-001's page:\n%s",
	                   first);
	cr_assert_eq(S_count(first, "POL-001 · version 4.1"), 1, "the header twice on POL-001's "
	             "first page:\n%s", first);
	free(first);
	/* id lists run on: AS-001's row (14 risks) takes a few lines, not one a risk */
	const char *inv = strstr(text, "Asset inventory\n");
	inv = inv ? strstr(inv, "AS-001") : NULL;
	const char *next = inv ? strstr(inv, "AS-002") : NULL;
	cr_assert(inv && next, "the asset inventory's first rows");
	size_t lines = 0;
	for (const char *q = inv; q < next; q++)
		lines += *q == '\n';
	cr_assert_leq(lines, 8, "AS-001 takes %zu lines:\n%.*s", lines, (int)(next - inv), inv);
	/* each printed document has its revisions (this example is built inside
	 * ismc's repository: its history is the ISMS's) and its approval proof */
	cr_assert_not_null(strstr(text, "Revisions of POL-001"), "POL-001's revision table");
	cr_assert_geq(S_count(text, "Approval proof"), 52, "an approval proof per approved document");
	char pageline[64];
	snprintf(pageline, sizeof pageline, "Page %ld of %ld", npages, npages);
	cr_assert_not_null(strstr(text, pageline), "no '%s'", pageline);
	free(text);

	/* the print document is an intermediate: not left in the pack */
	cr_assert_neq(access(t_path("%s/out/print.html", S_tmp), F_OK), 0);
	char *manifest = t_slurp(t_path("%s/out/manifest.xml", S_tmp));
	cr_assert_not_null(strstr(manifest, "path=\"pack.pdf\""), "the manifest hashes the PDF");
	free(manifest);
}

Test(pdf, variant_passes_through)
{
	S_need_tools();
	/* none: WeasyPrint's plain PDF, untagged */
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/plain' --as-of 2026-06-30 --pdf "
	                        "--pdf-variant none", ISMC_TEST_FIXTURES, S_tmp), 0);
	t_sh("pdfinfo '%s/plain/pack.pdf' >'%s/info'", S_tmp, S_tmp);
	char *info = t_slurp(t_path("%s/info", S_tmp));
	char val[64];
	cr_assert_str_eq(S_info(info, "Tagged:", val, sizeof val), "no", "%s", info);
	free(info);
	/* another of WeasyPrint's variants reaches it: PDF/A-3b says so in XMP */
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/a3b' --as-of 2026-06-30 --pdf "
	                        "--pdf-variant=pdf/a-3b", ISMC_TEST_FIXTURES, S_tmp), 0);
	t_sh("pdfinfo -meta '%s/a3b/pack.pdf' >'%s/meta'", S_tmp, S_tmp);
	char *meta = t_slurp(t_path("%s/meta", S_tmp));
	cr_assert_not_null(strstr(meta, "pdfaid:part=\"3\""), "%s", meta);
	free(meta);
}

Test(pdf, variant_usage_errors)
{
	/* without --pdf, or a value that cannot be a variant: exit 2, nothing written */
	char *out = NULL;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s/minimal' -o '%s/out' --as-of 2026-06-30 "
	                            "--pdf-variant pdf/ua-1", ISMC_TEST_FIXTURES, S_tmp), 2);
	cr_assert_not_null(strstr(out, "--pdf-variant says how to render the PDF: add --pdf"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s/minimal' -o '%s/out' --as-of 2026-06-30 "
	                            "--pdf --pdf-variant='--version'", ISMC_TEST_FIXTURES, S_tmp), 2);
	cr_assert_not_null(strstr(out, "--pdf-variant wants a variant"), "%s", out);
	free(out);
	/* one WeasyPrint refuses: its own message, exit 2, no OUT */
	if (t_sh_status("command -v weasyprint >/dev/null 2>&1") == 0) {
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s/minimal' -o '%s/out' --as-of "
		                            "2026-06-30 --pdf --pdf-variant pdf/x-9", ISMC_TEST_FIXTURES,
		                            S_tmp), 2);
		cr_assert_not_null(strstr(out, "weasyprint failed"), "%s", out);
		free(out);
	}
	cr_assert_neq(access(t_path("%s/out", S_tmp), F_OK), 0);
}

Test(pdf, missing_weasyprint_is_exit_2)
{
	/* an earlier pack stays as it was */
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/out' --as-of 2026-06-30",
	                        ISMC_TEST_FIXTURES, S_tmp), 0);
	/* no weasyprint on the PATH: the environment is the test, so no t_run_ismc */
	cr_assert_eq(t_sh_status("PATH='%s/nowhere' %s build '%s/minimal' -o '%s/out' "
	                         "--as-of 2026-06-30 --pdf >'%s/log' 2>&1",
	                         S_tmp, ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp, S_tmp), 2);
	char *log = t_slurp(t_path("%s/log", S_tmp));
	cr_assert_not_null(strstr(log, "install the Debian package 'weasyprint'"), "%s", log);
	free(log);
	cr_assert_neq(access(t_path("%s/out/pack.pdf", S_tmp), F_OK), 0);
	cr_assert_eq(access(t_path("%s/out/html/index.html", S_tmp), F_OK), 0,
	             "the earlier pack was removed");
}

Test(pdf, draft_is_marked)
{
	S_need_tools();
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/x.md", S_tmp),
	       "---\nid: DOC-X\ntitle: X\ntype: guideline\nowner: CISO\nversion: \"1.0\"\n"
	       "status: approved\napproved_by: CEO\napproved_on: 2026-01-15\n---\nSee [NOPE-1].\n");
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --draft --pdf",
	                        S_tmp, S_tmp), 1);
	t_sh("pdftotext '%s/out/pack.pdf' '%s/pack.txt'", S_tmp, S_tmp);
	char *text = t_slurp(t_path("%s/pack.txt", S_tmp));
	cr_assert_not_null(strstr(text, "DRAFT"));
	cr_assert_not_null(strstr(text, "Findings of the checks"));
	cr_assert_not_null(strstr(text, "unknown-reference"));
	free(text);
}

Test(pdf, deterministic)
{
	S_need_tools();
	for (int i = 0; i < 2; i++)
		cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/out%d' --as-of 2026-06-30 --pdf",
		                        ISMC_TEST_FIXTURES, S_tmp, i), 0);
	cr_assert_eq(t_sh_status("cmp '%s/out0/pack.pdf' '%s/out1/pack.pdf'", S_tmp, S_tmp), 0,
	             "two builds of one ISMS gave different PDFs");
}
