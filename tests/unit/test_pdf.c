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
	/* bookmarks: the contents, the five parts, Operating the ISMS with its
	 * activities, nonconformities and suppliers, Framework coverage with a
	 * bookmark per framework (the example names two), and Documents with
	 * every approved document under it (pdftohtml lists the outline) */
	t_sh("pdftohtml -xml -i -q -stdout -f 1 -l 1 '%s/out/pack.pdf' >'%s/outline'", S_tmp, S_tmp);
	char *outline = t_slurp(t_path("%s/outline", S_tmp));
	static const char *const marks[] = { ">Contents</item>", ">Statement of Applicability</item>",
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
	cr_assert_eq(S_count(outline, "<item "), 7 + 4 + 1 + 2 + approved,
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
	/* running header (document id, version, classification) and page numbers */
	cr_assert_not_null(strstr(text, "POL-001 · version 4.1 · Public"), "running header");
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
