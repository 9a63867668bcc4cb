/* `ismc build --pdf` (transform.c, templates/print.xsl and print.css through
 * WeasyPrint), through the binary: the PDF holds the table of contents, every
 * control of the SoA, running headers and page numbers; without WeasyPrint
 * the build stops with exit 2 naming the package. The renderer tests skip,
 * saying why, only when weasyprint or poppler-utils is missing: scripts/deps.sh
 * installs both, so CI runs them. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ismc.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"

static char S_tmp[256];

static void S_setup(void)
{
	snprintf(S_tmp, sizeof S_tmp, "/tmp/ismc-pdf-XXXXXX");
	cr_assert_not_null(mkdtemp(S_tmp));
}

static void S_teardown(void)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_tmp);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(pdf, .init = S_setup, .fini = S_teardown);

static int S_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *S_slurp(const char *path)
{
	char *data;
	size_t len;
	ismc_error err;
	cr_assert_eq(ismc_file_read_all(path, &data, &len, &err), 0, "%s", err.msg);
	return data;
}

static void S_need_tools(void)
{
	if (S_sh("command -v weasyprint >/dev/null 2>&1") != 0)
		cr_skip_test("weasyprint is not installed (scripts/deps.sh installs it)");
	if (S_sh("command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1") != 0)
		cr_skip_test("pdftotext/pdfinfo are not installed (poppler-utils; scripts/deps.sh)");
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
	cr_assert_eq(S_sh("%s build '%s' -o '%s/out' --as-of 2026-06-30 --pdf >'%s/log' 2>&1",
	                  ISMC_BIN, EXAMPLE, S_tmp, S_tmp), 0, "the build failed: see %s/log", S_tmp);
	char p[PATH_MAX];

	/* pdfinfo: a real PDF, with its page count and title */
	cr_assert_eq(S_sh("pdfinfo '%s/out/pack.pdf' >'%s/info'", S_tmp, S_tmp), 0);
	snprintf(p, sizeof p, "%s/info", S_tmp);
	char *info = S_slurp(p);
	const char *pages = strstr(info, "Pages:");
	cr_assert_not_null(pages, "%s", info);
	long npages = strtol(pages + 6, NULL, 10);
	/* cover, contents, SoA, registers and 52 approved documents */
	cr_assert_gt(npages, 60, "only %ld pages", npages);
	cr_assert_not_null(strstr(info, "Paylark Ltd"), "%s", info);
	free(info);

	/* pdftotext: the contents, every control of the SoA */
	cr_assert_eq(S_sh("pdftotext -layout '%s/out/pack.pdf' '%s/pack.txt'", S_tmp, S_tmp), 0);
	snprintf(p, sizeof p, "%s/pack.txt", S_tmp);
	char *text = S_slurp(p);
	cr_assert_not_null(strstr(text, "Contents"));
	cr_assert_not_null(strstr(text, "ISMS Evidence Pack"), "the cover");
	cr_assert_not_null(strstr(text, "2026-06-30"), "the as-of date on the cover");
	const ismc_catalog *cat = ismc_catalog_get();
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const char *id = ismc_catalog_control_at(cat, i)->id;
		cr_assert(S_has_token(text, id), "control %s is not in the PDF", id);
	}
	/* the table of contents lists the parts and the documents with page numbers
	 * (dot leaders, then the number) */
	static const char *const toc[] = { "Statement of Applicability", "Clause coverage",
		                           "Document register", "Risk register", "Asset inventory",
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
	snprintf(p, sizeof p, "%s/out/print.html", S_tmp);
	cr_assert_neq(access(p, F_OK), 0);
	snprintf(p, sizeof p, "%s/out/manifest.xml", S_tmp);
	char *manifest = S_slurp(p);
	cr_assert_not_null(strstr(manifest, "path=\"pack.pdf\""), "the manifest hashes the PDF");
	free(manifest);
}

Test(pdf, missing_weasyprint_is_exit_2)
{
	/* an earlier pack stays as it was */
	cr_assert_eq(S_sh("%s build '%s/minimal' -o '%s/out' --as-of 2026-06-30 >/dev/null 2>&1",
	                  ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp), 0);
	cr_assert_eq(S_sh("PATH='%s/nowhere' %s build '%s/minimal' -o '%s/out' --as-of 2026-06-30 "
	                  "--pdf >'%s/log' 2>&1", S_tmp, ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp, S_tmp), 2);
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/log", S_tmp);
	char *log = S_slurp(p);
	cr_assert_not_null(strstr(log, "install the Debian package 'weasyprint'"), "%s", log);
	free(log);
	snprintf(p, sizeof p, "%s/out/pack.pdf", S_tmp);
	cr_assert_neq(access(p, F_OK), 0);
	snprintf(p, sizeof p, "%s/out/html/index.html", S_tmp);
	cr_assert_eq(access(p, F_OK), 0, "the earlier pack was removed");
}

Test(pdf, draft_is_marked)
{
	S_need_tools();
	cr_assert_eq(S_sh("cp -r '%s/minimal' '%s/isms' && printf -- '---\\nid: DOC-X\\ntitle: X\\n"
	                  "type: guideline\\nowner: CISO\\nversion: \"1.0\"\\nstatus: approved\\n"
	                  "approved_by: CEO\\napproved_on: 2026-01-15\\n---\\nSee [NOPE-1].\\n' "
	                  ">'%s/isms/x.md'", ISMC_TEST_FIXTURES, S_tmp, S_tmp), 0);
	cr_assert_eq(S_sh("%s build '%s/isms' -o '%s/out' --as-of 2026-06-30 --draft --pdf "
	                  ">'%s/log' 2>&1", ISMC_BIN, S_tmp, S_tmp, S_tmp), 1);
	cr_assert_eq(S_sh("pdftotext '%s/out/pack.pdf' '%s/pack.txt'", S_tmp, S_tmp), 0);
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/pack.txt", S_tmp);
	char *text = S_slurp(p);
	cr_assert_not_null(strstr(text, "DRAFT"));
	cr_assert_not_null(strstr(text, "Findings of the checks"));
	cr_assert_not_null(strstr(text, "unknown-reference"));
	free(text);
}

Test(pdf, deterministic)
{
	S_need_tools();
	for (int i = 0; i < 2; i++)
		cr_assert_eq(S_sh("%s build '%s/minimal' -o '%s/out%d' --as-of 2026-06-30 --pdf "
		                  ">'%s/log' 2>&1", ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp, i, S_tmp), 0);
	cr_assert_eq(S_sh("cmp '%s/out0/pack.pdf' '%s/out1/pack.pdf'", S_tmp, S_tmp), 0,
	             "two builds of one ISMS gave different PDFs");
}
