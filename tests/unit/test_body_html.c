/* A document page's body rendered in C (body_html.c) only where it renders
 * what the templates would: ismc_body_html_usable on the shipped templates
 * and on templates of one's own that replace a rule of the body; and, through
 * the binary, a --templates folder's rule of the body reaching the page. The
 * bytes of the two renderings are compared by tests/body_html.sh. */
#include <criterion/criterion.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256];
static char S_base[PATH_MAX]; /* the shipped templates, resolved */

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "body_html");
	cr_assert_not_null(realpath(ISMC_SOURCE_DIR "/templates", S_base));
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(body_html, .init = S_setup, .fini = S_teardown);

/* Is what `usable` asks about renderable in C under a stylesheet of S_tmp
 * that imports the shipped document.xsl and adds `extra`? */
static int S_usable_by(int (*usable)(xsltStylesheetPtr, const char *), const char *extra)
{
	const char *path = t_path("%s/own.xsl", S_tmp);
	char text[4096];
	snprintf(text, sizeof text,
	         "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	         "  xmlns:p=\"urn:ismc:pack:1\">\n"
	         "<xsl:import href=\"%s/document.xsl\"/>\n%s\n</xsl:stylesheet>\n",
	         S_base, extra);
	t_spit(path, text);
	xsltStylesheetPtr st = xsltParseStylesheetFile((const xmlChar *)path);
	cr_assert_not_null(st, "%s", text);
	int ok = usable(st, S_base);
	xsltFreeStylesheet(st);
	return ok;
}

/* S_usable_by for the body. */
static int S_usable_with(const char *extra)
{
	return S_usable_by(ismc_body_html_usable, extra);
}

Test(body_html, the_shipped_templates_leave_the_body_to_ismc)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/document.xsl", S_base);
	xsltStylesheetPtr st = xsltParseStylesheetFile((const xmlChar *)path);
	cr_assert_not_null(st);
	cr_assert_eq(ismc_body_html_usable(st, S_base), 1);
	/* the same files in another folder are templates of one's own */
	cr_assert_eq(ismc_body_html_usable(st, "/nonexistent"), 0);
	xsltFreeStylesheet(st);
	/* a stylesheet of one's own that adds nothing the body reads */
	cr_assert_eq(S_usable_with("<xsl:template match=\"p:risk\" mode=\"row\"/>"), 1);
}

Test(body_html, a_rule_of_ones_own_for_the_body_takes_it_back)
{
	/* a block, an inline element, a named template the body calls, the
	 * anchors' key: each is the templates' to render then */
	cr_assert_eq(S_usable_with("<xsl:template match=\"p:table\" mode=\"body\"/>"), 0);
	cr_assert_eq(S_usable_with("<xsl:template match=\"p:em\" mode=\"inline\"/>"), 0);
	cr_assert_eq(S_usable_with("<xsl:template match=\"p:item\" mode=\"task-box\"/>"), 0);
	cr_assert_eq(S_usable_with("<xsl:template name=\"record-link\"/>"), 0);
	cr_assert_eq(S_usable_with("<xsl:template name=\"link-out\"/>"), 0);
	cr_assert_eq(S_usable_with("<xsl:key name=\"anchor\" match=\"p:p\" use=\"@id\"/>"), 0);
}

Test(body_html, a_templates_folder_still_brands_the_body)
{
	/* branding.xsl of one's own (common.xsl includes it) with a rule for
	 * emphasis: the page shows that rule, not ismc's rendering */
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/own.md", S_tmp),
	       "---\nid: DOC-OWN\ntitle: Own\ntype: guideline\nowner: CISO\nversion: \"1.0\"\n"
	       "status: draft\nrelated: [DOC-SCOPE]\n---\n# Own\n\nSome *stressed* words.\n");
	t_spit(t_path("%s/brand/branding.xsl", S_tmp),
	       "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	       "  xmlns:p=\"urn:ismc:pack:1\" exclude-result-prefixes=\"p\">\n"
	       "<xsl:variable name=\"brand-product\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-cover-title\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-cover-subtitle\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-cover-note\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-marking\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-footer\" select=\"''\"/>\n"
	       "<xsl:template match=\"p:em\" mode=\"inline\">"
	       "<i class=\"own-em\"><xsl:apply-templates mode=\"inline\"/></i></xsl:template>\n"
	       "</xsl:stylesheet>\n");
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --draft", S_tmp,
	                        S_tmp), 0);
	char *page = t_slurp(t_path("%s/out/html/documents/DOC-OWN.html", S_tmp));
	cr_assert_not_null(strstr(page, "<em>stressed</em>"));
	free(page);
	cr_assert_eq(t_run_ismc(S_tmp,
	                        "build '%s/isms' -o '%s/out' --as-of 2026-06-30 --draft "
	                        "--templates '%s/brand'",
	                        S_tmp, S_tmp, S_tmp), 0);
	page = t_slurp(t_path("%s/out/html/documents/DOC-OWN.html", S_tmp));
	cr_assert_not_null(strstr(page, "<i class=\"own-em\">stressed</i>"), "%s", page);
	cr_assert_null(strstr(page, "<em>stressed</em>"));
	free(page);
}

/* A template of one's own in S_tmp/own: the shipped templates/`name` with
 * the first `find` replaced by `with` (which must be there). */
static void S_own_copy(const char *name, const char *find, const char *with)
{
	char *text = t_slurp(t_path("%s/templates/%s", ISMC_SOURCE_DIR, name));
	char *at = strstr(text, find);
	cr_assert_not_null(at, "the shipped %s no longer holds %s", name, find);
	size_t n = strlen(text) + strlen(with) + 1;
	char *own = malloc(n);
	cr_assert_not_null(own);
	snprintf(own, n, "%.*s%s%s", (int)(at - text), text, with, at + strlen(find));
	t_spit(t_path("%s/own/%s", S_tmp, name), own);
	free(own);
	free(text);
}

/* The minimal fixture built into S_tmp/out with the templates of S_tmp/own. */
static void S_build_own(void)
{
	cr_assert_eq(t_run_ismc(S_tmp, "build '%s' -o '%s/out' --as-of 2026-06-30 --templates '%s/own'",
	                        ISMC_TEST_FIXTURES "/minimal", S_tmp, S_tmp), 0);
}

Test(body_html, a_templates_folder_may_hold_common_xsl_alone)
{
	/* common.xsl includes body.xsl, charts.xsl, tables.xsl and branding.xsl
	 * by name: a folder without them gets the shipped ones (it used to be
	 * refused: the read check looked for them in the folder) */
	S_own_copy("common.xsl", "'Dashboard'", "'Overview'");
	S_build_own();
	char *page = t_slurp(t_path("%s/out/html/documents/DOC-SCOPE.html", S_tmp));
	cr_assert_not_null(strstr(page, ">Overview<"));
	cr_assert_null(strstr(page, ">Dashboard<"));
	free(page);
}

Test(body_html, each_page_stylesheet_is_asked_for_itself)
{
	/* soa.xsl of one's own with a rule of mode "link": the SoA's lists are
	 * its templates', every other page's still ismc's (the answer is asked
	 * of each transformation's stylesheet, never taken from another's) */
	S_own_copy("soa.xsl", "</xsl:stylesheet>",
	           "<xsl:template match=\"p:doc-ref\" mode=\"link\">"
	           "<b class=\"own-link\"><xsl:value-of select=\"@id\"/></b></xsl:template>\n"
	           "</xsl:stylesheet>");
	S_build_own();
	char *page = t_slurp(t_path("%s/out/html/soa.html", S_tmp));
	cr_assert_not_null(strstr(page, "<b class=\"own-link\">DOC-SCOPE</b>"));
	free(page);
	static const char *const others[] = { "index.html", "risks.html", "coverage.html",
		                              "documents/DOC-SCOPE.html" };
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		page = t_slurp(t_path("%s/out/html/%s", S_tmp, others[i]));
		cr_assert_null(strstr(page, "own-link"), "%s", others[i]);
		cr_assert_not_null(strstr(page, "<ul class=\"links\">"), "%s", others[i]);
		free(page);
	}
}

Test(body_html, the_id_lists_are_ismcs_while_their_template_is_the_shipped_one)
{
	/* the asset inventory's lists of risks and documents, tables.xsl id-list */
	cr_assert_eq(S_usable_by(ismc_ids_html_usable, "<xsl:template match=\"p:em\" mode=\"inline\"/>"),
	             1);
	cr_assert_eq(S_usable_by(ismc_ids_html_usable, "<xsl:template name=\"id-list\"/>"), 0);
	/* a tables.xsl of one's own whose id-list writes its links its own way */
	S_own_copy("tables.xsl", "<span class=\"rid\"><xsl:value-of select=\"@id\"/></span></a>",
	           "<span class=\"rid own-rid\"><xsl:value-of select=\"@id\"/></span></a>");
	S_build_own();
	char *page = t_slurp(t_path("%s/out/html/assets.html", S_tmp));
	cr_assert_not_null(strstr(page, "<span class=\"rid own-rid\">R-001</span>"), "%s", page);
	free(page);
}
