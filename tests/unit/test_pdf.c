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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

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
/* A control selected by 300 risks (a large ISMS): its SoA row lists every
 * one, wrapped in the risks column and broken across pages, with every word
 * on the page; kept whole, the row was cut off at the page's foot and ran
 * past its right edge. */
Test(pdf, soa_row_of_many_risks_wraps_and_breaks)
{
	S_need_tools();
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	ismc_buf b = { 0 };
	ismc_buf_puts(&b, "risks:\n");
	for (int i = 1; i <= 300; i++)
		ismc_buf_printf(&b, "  - id: R-%05d\n    title: Risk %d\n    owner: CTO\n"
		                "    assets: [AS-001]\n    threat: external attacker\n"
		                "    vulnerability: weak access control\n    likelihood: 3\n"
		                "    impact: 4\n    treatment: mitigate\n    controls: [A.5.1]\n"
		                "    residual: {likelihood: 2, impact: 3}\n", i, i);
	t_spit(t_path("%s/isms/registers/risks.yml", S_tmp), b.data);
	ismc_buf_free(&b);
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --pdf",
	                        S_tmp, S_tmp), 0, "the build failed: see %s/log", S_tmp);
	const char *pdf = t_path("%s/out/pack.pdf", S_tmp);
	char size[16] = "";
	int first = S_words_on_pages(pdf, "R-00001", size, sizeof size);
	cr_assert(first > 0);
	cr_expect_str_eq(size, "landscape", "the SoA's pages");
	/* the SoA's pages (their running head) hold all 300, in the A.5.1 row */
	t_sh("cd '%s/out' && n=$(pdfinfo pack.pdf | awk '/^Pages:/ { print $2 }') && "
	     "for p in $(seq 1 $n); do pdftotext -f $p -l $p pack.pdf - > p.txt; "
	     "head -n 1 p.txt | grep -qx 'Statement of Applicability' && cat p.txt; done "
	     "> soa.txt; grep -o 'R-[0-9]*' soa.txt | sort -u | wc -l > n.txt", S_tmp);
	char *n = t_slurp(t_path("%s/out/n.txt", S_tmp));
	cr_expect_eq(strtol(n, NULL, 10), 300, "%s distinct risk ids on the SoA's pages", n);
	free(n);
}

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

/* ---- a pack rendered in parts (compiler/pdf.c, pdf_join.c) ---- */

static int S_bytes_cmp(const void *x, const void *y)
{
	const ismc_buf *a = x, *b = y;
	int c = memcmp(a->data, b->data, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int S_key_cmp(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* `key` of the dictionary `d`, a null when `d` is none (libqpdf's C API
 * makes a type mismatch an error) */
static qpdf_oh S_q(qpdf_data q, qpdf_oh d, const char *key)
{
	return qpdf_oh_is_dictionary(q, d) ? qpdf_oh_get_key(q, d, key) : qpdf_oh_new_null(q);
}

static int S_qlen(qpdf_data q, qpdf_oh a)
{
	return qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 0;
}

/* The PDF read back with libqpdf: its named destinations are one flat name
 * tree, sorted, each name once, each to a page; every link to a name names
 * one of them, and none is left as the URI pdf.c gives a link to another
 * part; when tagged, the parent tree has each key once, in order, below
 * /ParentTreeNextKey when there is one, and holds every page's and every
 * link's key. Returns
 * the links to names. */
static size_t S_check_joined(const char *pdf)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	cr_assert_eq(qpdf_read(q, pdf, NULL) & QPDF_ERRORS, 0, "%s", pdf);
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh arr = S_q(q, S_q(q, S_q(q, root, "/Names"), "/Dests"), "/Names");
	int n = S_qlen(q, arr);
	ismc_buf *names = calloc((size_t)n / 2 + 1, sizeof *names);
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, arr, i);
		size_t len;
		const char *b = qpdf_oh_get_binary_string_value(q, k, &len);
		ismc_buf_put(&names[i / 2], b, len);
		qpdf_oh v = qpdf_oh_get_array_item(q, arr, i + 1);
		qpdf_oh pg = S_qlen(q, v) ? qpdf_oh_get_array_item(q, v, 0) : qpdf_oh_new_null(q);
		cr_assert_geq(qpdf_find_page_by_oh(q, pg), 0, "%s: the name '%s' is on no page", pdf,
		              names[i / 2].data);
		if (i)
			cr_assert_lt(S_bytes_cmp(&names[i / 2 - 1], &names[i / 2]), 0,
			             "%s: the names are not sorted, or one is twice: '%s', '%s'", pdf,
			             names[i / 2 - 1].data, names[i / 2].data);
	}
	size_t nnames = (size_t)n / 2;
	qpdf_oh str = S_q(q, root, "/StructTreeRoot");
	qpdf_oh nums = S_q(q, S_q(q, str, "/ParentTree"), "/Nums");
	int m = S_qlen(q, nums);
	long long *keys = calloc((size_t)m / 2 + 1, sizeof *keys);
	for (int i = 0; i + 1 < m; i += 2) {
		keys[i / 2] = qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, nums, i));
		if (i)
			cr_assert_lt(keys[i / 2 - 1], keys[i / 2], "%s: the parent tree's keys", pdf);
	}
	size_t nkeys = (size_t)m / 2;
	int tagged = qpdf_oh_is_dictionary(q, str);
	qpdf_oh next = S_q(q, str, "/ParentTreeNextKey"); /* optional: WeasyPrint writes none */
	if (nkeys && !qpdf_oh_is_null(q, next))
		cr_assert_gt(qpdf_oh_get_int_value(q, next), keys[nkeys - 1],
		             "%s: /ParentTreeNextKey", pdf);
	size_t links = 0;
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		if (tagged) {
			long long k = qpdf_oh_get_int_value(q, S_q(q, page, "/StructParents"));
			cr_assert_not_null(bsearch(&k, keys, nkeys, sizeof *keys, S_key_cmp),
			                   "%s: page %d's /StructParents %lld", pdf, i + 1, k);
		}
		qpdf_oh annots = S_q(q, page, "/Annots");
		for (int a = 0; a < S_qlen(q, annots); a++) {
			qpdf_oh an = qpdf_oh_get_array_item(q, annots, a);
			if (tagged) {
				long long k = qpdf_oh_get_int_value(q, S_q(q, an, "/StructParent"));
				cr_assert_not_null(bsearch(&k, keys, nkeys, sizeof *keys, S_key_cmp),
				                   "%s: a link's /StructParent %lld on page %d", pdf, k, i + 1);
			}
			qpdf_oh uri = S_q(q, S_q(q, an, "/A"), "/URI");
			if (qpdf_oh_is_string(q, uri))
				cr_assert_null(strstr(qpdf_oh_get_string_value(q, uri), ISMC_PDF_DEST_MARK),
				               "%s: a link left to another part on page %d", pdf, i + 1);
			qpdf_oh dest = S_q(q, an, "/Dest");
			if (qpdf_oh_is_string(q, dest)) {
				ismc_buf b = { 0 };
				size_t len;
				const char *v = qpdf_oh_get_binary_string_value(q, dest, &len);
				ismc_buf_put(&b, v, len);
				cr_assert_not_null(bsearch(&b, names, nnames, sizeof *names, S_bytes_cmp),
				                   "%s: page %d links to '%s', which is no name", pdf, i + 1,
				                   b.data);
				ismc_buf_free(&b);
				links++;
			}
		}
	}
	cr_assert_not(qpdf_has_error(q), "%s", pdf);
	for (size_t i = 0; i < nnames; i++)
		ismc_buf_free(&names[i]);
	free(names);
	free(keys);
	qpdf_cleanup(&q);
	return links;
}

/* Every page but the first (the cover) says "Page i of n" and carries the
 * pack's marking, once each, in the text of `txt` (pdftotext -layout). */
static void S_page_numbers(const char *txt, long n)
{
	long i = 1;
	for (const char *page = strchr(txt, '\f'); page && page[1]; page = strchr(page + 1, '\f')) {
		i++;
		const char *end = strchr(page + 1, '\f');
		char *all = strndup(page + 1, end ? (size_t)(end - page - 1) : strlen(page + 1));
		char want[64];
		snprintf(want, sizeof want, "Page %ld of %ld", i, n);
		cr_assert_eq(S_count(all, want), 1, "page %ld: not one '%s':\n%s", i, want, all);
		cr_assert_eq(S_count(all, "Page "), 1, "page %ld: two page numbers:\n%s", i, all);
		cr_assert_eq(S_count(all, "Confidential — prepared for audit"), 1,
		             "page %ld: not one marking:\n%s", i, all);
		free(all);
	}
	cr_assert_eq(i, n, "%ld pages of text for %ld pages", i, n);
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

	/* the same pack rendered in parts: ISMC_PDF_MEMORY lowered so that the
	 * documents are cut into parts and no register is (the largest, the
	 * SoA, is 130 KB of print HTML; a part may have 195 KB): the same text
	 * on the same pages, the same bookmarks, still tagged */
	setenv("ISMC_PDF_MEMORY", "400M", 1);
	char *log = NULL;
	cr_assert_eq(t_run_ismc_out(&log, S_tmp, "build '%s' -o '%s/parts' --as-of 2026-06-30 --pdf",
	                            EXAMPLE, S_tmp), 0, "%s", log);
	unsetenv("ISMC_PDF_MEMORY");
	const char *note = strstr(log, "pack.pdf is rendered in ");
	cr_assert_not_null(note, "%s", log);
	cr_assert_geq(strtol(note + strlen("pack.pdf is rendered in "), NULL, 10), 4, "%s", log);
	free(log);
	t_sh("pdftotext -layout '%s/parts/pack.pdf' '%s/parts.txt'", S_tmp, S_tmp);
	cr_assert_eq(t_sh_status("cmp -s '%s/pack.txt' '%s/parts.txt'", S_tmp, S_tmp), 0,
	             "in parts, the text differs: diff %s/pack.txt %s/parts.txt", S_tmp, S_tmp);
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s/parts/pack.pdf' | sed -n '/<outline>/,$p' "
	     ">'%s/parts.outline'", S_tmp, S_tmp);
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s/out/pack.pdf' | sed -n '/<outline>/,$p' "
	     ">'%s/one.outline'", S_tmp, S_tmp);
	cr_assert_eq(t_sh_status("cmp -s '%s/one.outline' '%s/parts.outline'", S_tmp, S_tmp), 0,
	             "in parts, the bookmarks differ: diff %s/one.outline %s/parts.outline", S_tmp,
	             S_tmp);
	S_pdf_lang(t_path("%s/parts/pack.pdf", S_tmp), lang, sizeof lang);
	cr_assert_str_eq(lang, "en", "the joined catalog's /Lang");
	t_sh("pdfinfo '%s/parts/pack.pdf' >'%s/info'", S_tmp, S_tmp);
	info = t_slurp(t_path("%s/info", S_tmp));
	cr_assert_str_eq(S_info(info, "Tagged:", val, sizeof val), "yes", "%s", info);
	cr_assert_str_eq(S_info(info, "Title:", val, sizeof val), "Paylark Ltd — ISMS Evidence Pack");
	free(info);
	t_sh("pdfinfo -meta '%s/parts/pack.pdf' >'%s/meta'", S_tmp, S_tmp);
	meta = t_slurp(t_path("%s/meta", S_tmp));
	cr_assert_not_null(strstr(meta, "pdfuaid:part=\"1\""), "%s", meta);
	free(meta);
	t_sh("pdfinfo -struct '%s/parts/pack.pdf' >'%s/struct'", S_tmp, S_tmp);
	tree = t_slurp(t_path("%s/struct", S_tmp));
	S_has_each(tree, tags, sizeof tags / sizeof *tags, "the joined structure tree");
	free(tree);
	/* every link of the single run is there, internal ones to names the
	 * joined file holds (links from the SoA to the documents cross parts) */
	size_t one = S_check_joined(t_path("%s/out/pack.pdf", S_tmp));
	cr_assert_eq(S_check_joined(t_path("%s/parts/pack.pdf", S_tmp)), one,
	             "the internal links of one run and of parts");
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

/* A pack cut finer than its registers (the minimal fixture, with room for
 * a few table rows a part): tables continue in the next part, under their
 * caption and header; the pages are numbered through, the contents give
 * each part's and document's page as its bookmark does, links and the
 * structure tree hold together, and two builds give the same bytes. */
Test(pdf, parts_cut_tables_and_join)
{
	S_need_tools();
	setenv("ISMC_PDF_MEMORY", "150M", 1);
	char *log = NULL;
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(t_run_ismc_out(&log, S_tmp, "build '%s/minimal' -o '%s/out%d' --as-of "
		                            "2026-06-30 --pdf", ISMC_TEST_FIXTURES, S_tmp, i), 0, "%s",
		             log);
		const char *note = strstr(log, "pack.pdf is rendered in ");
		cr_assert_not_null(note, "%s", log);
		cr_assert_geq(strtol(note + strlen("pack.pdf is rendered in "), NULL, 10), 8, "%s", log);
		free(log);
	}
	unsetenv("ISMC_PDF_MEMORY");
	const char *pdf = t_path("%s/out0/pack.pdf", S_tmp);
	cr_assert_eq(t_sh_status("cmp '%s' '%s/out1/pack.pdf'", pdf, S_tmp), 0,
	             "two builds in parts gave different PDFs");
	t_sh("pdfinfo '%s' >'%s/info'", pdf, S_tmp);
	char *info = t_slurp(t_path("%s/info", S_tmp));
	char val[256];
	cr_assert_str_eq(S_info(info, "Tagged:", val, sizeof val), "yes", "%s", info);
	cr_assert_str_eq(S_info(info, "Title:", val, sizeof val), "Minimal Ltd — ISMS Evidence Pack");
	long pages = strtol(S_info(info, "Pages:", val, sizeof val), NULL, 10);
	free(info);
	t_sh("pdftotext -layout '%s' '%s/pack.txt'", pdf, S_tmp);
	char *text = t_slurp(t_path("%s/pack.txt", S_tmp));
	S_page_numbers(text, pages);
	/* every control of the SoA, whose tables were cut */
	const ismc_catalog *cat = ismc_catalog_default();
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const char *id = ismc_catalog_control_at(cat, i)->id;
		cr_assert(S_has_token(text, id), "control %s is not in the PDF", id);
	}
	cr_assert_geq(S_count(text, "Technological controls (A.8)"), 2,
	              "the cut table's caption, again in the next part");
	/* the contents: each entry's page is its bookmark's */
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s' >'%s/outline'", pdf, S_tmp);
	char *outline = t_slurp(t_path("%s/outline", S_tmp));
	/* the contents: from page 2 to the page before the next bookmark's */
	const char *it = strstr(outline, ">Contents</item>");
	cr_assert_not_null(it, "%s", outline);
	it = strstr(it, "<item page=\"");
	cr_assert_not_null(it, "%s", outline);
	long after = strtol(it + 12, NULL, 10);
	const char *contents = strchr(text, '\f') + 1, *first = contents;
	for (long k = 2; k < after; k++)
		first = strchr(first, '\f') + 1;
	size_t checked = 0;
	for (it = strstr(outline, "<item page=\""); it; it = strstr(it + 1, "<item page=\"")) {
		long page = strtol(it + 12, NULL, 10);
		const char *t = strchr(it, '>') + 1;
		char title[256];
		snprintf(title, sizeof title, "%.*s", (int)strcspn(t, "<"), t);
		const char *entry = strstr(contents, title);
		if (!entry || entry > first || !strcmp(title, "Contents"))
			continue;
		const char *eol = strchr(entry, '\n');
		const char *num = eol;
		while (num > entry && num[-1] == ' ')
			num--;
		while (num > entry && isdigit((unsigned char)num[-1]))
			num--;
		cr_assert_eq(strtol(num, NULL, 10), page, "the contents give '%s' page %ld, its "
		             "bookmark %ld", title, strtol(num, NULL, 10), page);
		checked++;
	}
	cr_assert_geq(checked, 8, "only %zu entries of the contents checked:\n%s", checked, outline);
	/* the documents' bookmarks under Documents, as in one run */
	const char *docs = strstr(outline, ">Documents</item>");
	cr_assert_not_null(docs, "%s", outline);
	cr_assert(!strncmp(docs + strlen(">Documents</item>"), "\n<outline>", 10), "%s", outline);
	free(outline);
	free(text);
	cr_assert_gt(S_check_joined(pdf), 0, "no internal link");
}

/* A document too large for one WeasyPrint run within ISMC_PDF_MEMORY stops
 * the build before any run starts, naming it, the estimate and how to lift
 * the limit; nothing is written. A value that is no amount is a usage
 * error. */
Test(pdf, memory_limit_refuses_before_rendering)
{
	if (t_sh_status("command -v weasyprint >/dev/null 2>&1") != 0)
		cr_skip_test("weasyprint is not installed (scripts/deps.sh installs it)");
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	ismc_buf b = { 0 };
	ismc_buf_puts(&b, "---\nid: REC-BIG\ntitle: Big log\ntype: record\nowner: CISO\n"
	              "version: \"1.0\"\nstatus: approved\napproved_by: CEO\napproved_on: 2026-03-02\n"
	              "date: 2026-03-01\nrelated: [DOC-SCOPE]\n---\n# Big log\n\nSee [DOC-SCOPE].\n\n");
	for (int i = 0; i < 3000; i++)
		ismc_buf_printf(&b, "- Entry %d: a line of the log, long enough to count for something "
		                "in the print document.\n", i);
	t_spit(t_path("%s/isms/records/big.md", S_tmp), b.data);
	ismc_buf_free(&b);
	setenv("ISMC_PDF_MEMORY", "200M", 1);
	char *out = NULL;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 "
	                            "--pdf", S_tmp, S_tmp), 2, "%s", out);
	static const char *const want[] = { "ismc: --pdf: the document REC-BIG is ",
		                            "MB of print HTML, which WeasyPrint needs about ",
		                            "more than the 200 MB it may use (ISMC_PDF_MEMORY); set "
		                            "ISMC_PDF_MEMORY=", "M or more to render it anyway, or split "
		                            "the document" };
	S_has_each(out, want, sizeof want / sizeof *want, "the refusal");
	cr_assert_null(strstr(out, "rendered in"), "%s", out);
	free(out);
	cr_assert_neq(access(t_path("%s/out", S_tmp), F_OK), 0, "a pack was written");
	setenv("ISMC_PDF_MEMORY", "lots", 1);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 "
	                            "--pdf", S_tmp, S_tmp), 2, "%s", out);
	cr_assert_not_null(strstr(out, "ISMC_PDF_MEMORY='lots' is not an amount of memory"), "%s",
	                   out);
	free(out);
	unsetenv("ISMC_PDF_MEMORY");
}

/* Is `pid` running: there, and not a zombie (a container's first process
 * may never reap the orphans this test makes, and kill(pid, 0) succeeds on
 * a zombie). */
static int S_alive(pid_t pid)
{
	char *stat = NULL;
	size_t len = 0;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	ssize_t n = getline(&stat, &len, f);
	fclose(f);
	const char *close = n > 0 ? strrchr(stat, ')') : NULL;
	int alive = close && close[1] == ' ' && close[2] != 'Z' && close[2] != 'X';
	free(stat);
	return alive;
}

/* A build stopped while WeasyPrint runs (a CI job cancelled: SIGTERM)
 * stops WeasyPrint too, and leaves its print folder only inside the
 * build's temporary folder, which the next build removes: nothing under
 * $TMPDIR, no process rendering for nobody. The WeasyPrint here is a
 * stand-in that writes its pid and waits, so the test never races a real
 * render. */
Test(pdf, stopped_build_stops_weasyprint_and_leaves_nothing)
{
	t_sh("mkdir -p '%s/bin' '%s/tmp'", S_tmp, S_tmp);
	t_spit(t_path("%s/bin/weasyprint", S_tmp),
	       t_path("#!/bin/sh\necho $$ > '%s/wp.pid'\nexec sleep 60\n", S_tmp));
	t_sh("chmod +x '%s/bin/weasyprint'", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/out' --as-of 2026-06-30",
	                        ISMC_TEST_FIXTURES, S_tmp), 0);
	/* the build in the background; its pid, then the stand-in's */
	t_sh("PATH='%s/bin':\"$PATH\" TMPDIR='%s/tmp' %s build '%s/minimal' -o '%s/out' "
	     "--as-of 2026-06-30 --pdf >'%s/log' 2>&1 & echo $! > '%s/ismc.pid'",
	     S_tmp, S_tmp, ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp, S_tmp, S_tmp);
	for (int i = 0; i < 600 && !t_exists(t_path("%s/wp.pid", S_tmp)); i++)
		usleep(50000);
	cr_assert(t_exists(t_path("%s/wp.pid", S_tmp)), "the build never started weasyprint");
	usleep(200000); /* the pid is written before the shell execs sleep */
	char *ipid = t_slurp(t_path("%s/ismc.pid", S_tmp)), *wpid = t_slurp(t_path("%s/wp.pid", S_tmp));
	pid_t ismc = (pid_t)atol(ipid), wp = (pid_t)atol(wpid);
	free(ipid), free(wpid);
	cr_assert(ismc > 0 && wp > 0);
	cr_assert_eq(kill(ismc, SIGTERM), 0);
	int gone = 0;
	for (int i = 0; i < 100 && !gone; i++) {
		usleep(50000);
		gone = !S_alive(wp) && !S_alive(ismc);
	}
	if (!gone)
		kill(wp, SIGKILL);
	cr_assert(gone, "weasyprint (pid %d) or ismc (pid %d) still runs after SIGTERM", (int)wp,
	          (int)ismc);
	/* nothing under TMPDIR; the earlier pack as it was, its temporary
	 * folder beside it with the print folder inside */
	cr_expect_eq(t_sh_status("[ -z \"$(ls -A '%s/tmp')\" ]", S_tmp), 0, "TMPDIR holds something");
	cr_expect_eq(access(t_path("%s/out/pack.pdf", S_tmp), F_OK), -1);
	cr_expect_eq(access(t_path("%s/out/html/index.html", S_tmp), F_OK), 0);
	cr_expect_eq(t_sh_status("ls -d '%s'/.out.tmp-*/.print-* >/dev/null 2>&1", S_tmp), 0);
	/* the next build removes it */
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/minimal' -o '%s/out' --as-of 2026-06-30",
	                        ISMC_TEST_FIXTURES, S_tmp), 0);
	cr_expect_neq(t_sh_status("ls -d '%s'/.out.tmp-* >/dev/null 2>&1", S_tmp), 0,
	              "the killed build's temporary folder is still there");
}

/* Text in Japanese (and Greek, Cyrillic, accented Latin) reaches the PDF:
 * without a font for a script WeasyPrint leaves its text out, silently, so
 * scripts/deps.sh installs fonts-noto-cjk beside the emoji font. */
Test(pdf, text_of_every_script_reaches_the_pdf)
{
	S_need_tools();
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/jp.md", S_tmp),
	       "---\nid: POL-JP\ntitle: 情報セキュリティ方針\ntype: policy\nowner: CISO\n"
	       "version: \"1.0\"\nstatus: approved\napproved_by: CEO\napproved_on: 2026-01-15\n"
	       "related: [DOC-SCOPE]\n---\n# 情報セキュリティ方針\n\n"
	       "当社は情報セキュリティを重視します。Café, naïve, Ελληνικά, Русский.\n");
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --pdf", S_tmp,
	                        S_tmp), 0);
	t_sh("pdftotext '%s/out/pack.pdf' '%s/pack.txt'", S_tmp, S_tmp);
	char *text = t_slurp(t_path("%s/pack.txt", S_tmp));
	static const char *const want[] = { "POL-JP 情報セキュリティ方針",
		                            "当社は情報セキュリティを重視します。",
		                            "Café, naïve, Ελληνικά, Русский." };
	S_has_each(text, want, sizeof want / sizeof *want, "pack.pdf's text");
	free(text);
}
