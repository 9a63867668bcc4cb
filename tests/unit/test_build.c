/* ismc build, end to end through the binary: validity against the schema,
 * contents, determinism, atomicity, refusals. */
#include <criterion/criterion.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ismc.h"

#define SCHEMA ISMC_SOURCE_DIR "/schemas/ismc.rng"

static char S_tmp[256];

static void S_sh(const char *fmt, ...);

/* Every test builds a copy of the fixture in a temporary folder: outside any
 * git repository, so provenance and time stamps do not depend on where the
 * project's checkout is (test_git.c covers builds inside repositories). */
static void S_setup(void)
{
	snprintf(S_tmp, sizeof S_tmp, "/tmp/ismc-build-XXXXXX");
	cr_assert_not_null(mkdtemp(S_tmp));
	S_sh("cp -R %s %s/min", ISMC_TEST_FIXTURES "/minimal", S_tmp);
}

static void S_teardown(void)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_tmp);
	cr_assert_eq(system(cmd), 0);
}

static int S_run(const char *fmt, ...)
{
	char args[2048], cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "%s %s >'%s/log' 2>&1", ISMC_BIN, args, S_tmp);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void S_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static char *S_slurp(const char *path)
{
	char *data;
	size_t len;
	ismc_error err;
	cr_assert_eq(ismc_file_read_all(path, &data, &len, &err), 0, "%s", err.msg);
	return data;
}

/* The string value of an XPath expression over `file` (namespace prefix i). */
static char *S_xpath(const char *file, const char *expr)
{
	xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "%s", file);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "i", BAD_CAST ISMC_NS);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	cr_assert_not_null(r, "%s", expr);
	xmlChar *s = xmlXPathCastToString(r);
	char *out = ismc_xstrdup((char *)s);
	xmlFree(s);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return out;
}

static void S_expect(const char *file, const char *expr, const char *want)
{
	char *got = S_xpath(file, expr);
	cr_expect_str_eq(got, want, "%s: %s", file, expr);
	free(got);
}

static const char *const S_files[] = { "soa.xml", "register.xml", "risks.xml",
	                               "evidence-pack.xml", "manifest.xml" };

TestSuite(build, .init = S_setup, .fini = S_teardown);

Test(build, outputs_are_valid_and_hold_the_model)
{
	cr_assert_eq(S_run("build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char path[512];
	for (size_t i = 0; i < 5; i++) {
		ismc_error err;
		snprintf(path, sizeof path, "%s/out/%s", S_tmp, S_files[i]);
		cr_expect_eq(ismc_emit_validate(path, SCHEMA, &err), 0, "%s", err.msg);
	}
	snprintf(path, sizeof path, "%s/out/soa.xml", S_tmp);
	S_expect(path, "count(/i:soa/i:control)", "93");
	S_expect(path, "/i:soa/i:control[1]/@id", "A.5.1");
	S_expect(path, "/i:soa/i:control[38]/@id", "A.6.1");
	S_expect(path, "/i:soa/i:control[93]/@id", "A.8.34");
	/* A.5.1: in the register's implemented_by and in DOC-SCOPE's controls: once */
	S_expect(path, "count(/i:soa/i:control[@id='A.5.1']/i:implemented-by/i:doc-ref)", "1");
	S_expect(path, "/i:soa/i:control[@id='A.5.1']/i:implemented-by/i:doc-ref/@version", "1.0");
	S_expect(path, "/i:soa/i:control[@id='A.5.15']/i:risks/i:risk-ref/@id", "R-001");
	S_expect(path, "count(/i:soa/i:control[@id='A.5.16']/i:risks/i:risk-ref)", "0");
	snprintf(path, sizeof path, "%s/out/risks.xml", S_tmp);
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@score", "12");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@likelihood-label", "Possible");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@impact-label", "Major");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@above-acceptance", "true");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:residual/@score", "6");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:residual/@above-acceptance", "false");
	snprintf(path, sizeof path, "%s/out/register.xml", S_tmp);
	S_expect(path, "count(/i:register/i:document)", "2");
	S_expect(path, "/i:register/i:document[@id='DOC-SCOPE']/@next-review", "2027-01-15");
	S_expect(path, "/i:register/i:document[@id='REC-REVIEW']/i:referenced-by/i:ref/@id", "DOC-SCOPE");
	snprintf(path, sizeof path, "%s/out/evidence-pack.xml", S_tmp);
	S_expect(path, "count(/i:evidence-pack/i:coverage/i:clause[@leaf='true' and @covered='true'])", "30");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='REC-REVIEW']/i:body//i:ref/@id", "DOC-SCOPE");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='DOC-SCOPE']/i:body//i:link/@target", "REC-REVIEW");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='DOC-SCOPE']/i:body//i:link/@fragment", "findings");
	S_expect(path, "count(/i:evidence-pack/i:sources/i:source)", "6");
	/* the blob id git would give: `printf 'x' | git hash-object --stdin` style */
	S_expect(path, "string-length(/i:evidence-pack/i:sources/i:source[@path='isms.yml']/@blob)", "40");
	S_expect(path, "/i:evidence-pack/i:provenance/@in-repository", "false");
	S_expect(path, "count(/i:evidence-pack/i:diagnostics)", "0");
}

Test(build, is_deterministic_across_runs_and_copies)
{
	S_sh("cp -R %s %s/copy", ISMC_TEST_FIXTURES "/minimal", S_tmp);
	cr_assert_eq(S_run("build %s/min -o %s/a --as-of 2026-06-30", S_tmp, S_tmp), 0);
	cr_assert_eq(S_run("build %s/min -o %s/b --as-of 2026-06-30", S_tmp, S_tmp), 0);
	cr_assert_eq(S_run("build %s/copy -o %s/c --as-of 2026-06-30", S_tmp, S_tmp), 0);
	for (size_t i = 0; i < 5; i++) {
		char a[512], b[512], c[512];
		snprintf(a, sizeof a, "%s/a/%s", S_tmp, S_files[i]);
		snprintf(b, sizeof b, "%s/b/%s", S_tmp, S_files[i]);
		snprintf(c, sizeof c, "%s/c/%s", S_tmp, S_files[i]);
		char *da = S_slurp(a), *db = S_slurp(b), *dc = S_slurp(c);
		cr_expect_str_eq(da, db, "%s differs between two builds", S_files[i]);
		cr_expect_str_eq(da, dc, "%s differs between two copies", S_files[i]);
		free(da), free(db), free(dc);
	}
}

Test(build, source_date_epoch_stamps_the_outputs)
{
	cr_assert_eq(S_run("build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char path[512];
	snprintf(path, sizeof path, "%s/out/soa.xml", S_tmp);
	S_expect(path, "count(/i:soa/@generated)", "0");
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	int rc = S_run("build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp);
	unsetenv("SOURCE_DATE_EPOCH");
	cr_assert_eq(rc, 0);
	S_expect(path, "/i:soa/@generated", "2026-01-01T00:00:00Z");
}

Test(build, a_failed_build_leaves_the_earlier_output_untouched)
{
	S_sh("cp -R %s %s/isms", ISMC_TEST_FIXTURES "/minimal", S_tmp);
	cr_assert_eq(S_run("build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char soa[512];
	snprintf(soa, sizeof soa, "%s/out/soa.xml", S_tmp);
	char *before = S_slurp(soa);
	/* an error: the build must stop and write nothing */
	S_sh("printf -- '---\\nid: POL-9\\n---\\n' > %s/isms/broken.md", S_tmp);
	cr_assert_eq(S_run("build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 1);
	char *after = S_slurp(soa);
	cr_expect_str_eq(before, after);
	free(after);
	/* nothing left beside OUT: no temporary folders */
	S_sh("test $(ls -A %s | grep -c '^\\.out\\.') -eq 0", S_tmp);
	/* --draft writes it anyway, marked, with the diagnostics */
	cr_assert_eq(S_run("build %s/isms -o %s/out --as-of 2026-06-30 --draft", S_tmp, S_tmp), 1);
	S_expect(soa, "/i:soa/@draft", "true");
	char pack[512];
	snprintf(pack, sizeof pack, "%s/out/evidence-pack.xml", S_tmp);
	S_expect(pack, "/i:evidence-pack/i:diagnostics/i:diagnostic[1]/@code", "missing-field");
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(pack, SCHEMA, &err), 0, "%s", err.msg);
	free(before);
}

Test(build, refuses_an_output_folder_inside_the_root)
{
	S_sh("cp -R %s %s/isms", ISMC_TEST_FIXTURES "/minimal", S_tmp);
	cr_assert_eq(S_run("build %s/isms -o %s/isms/out --as-of 2026-06-30", S_tmp, S_tmp), 2);
	S_sh("test ! -e %s/isms/out", S_tmp);
	cr_assert_eq(S_run("build %s/isms --as-of 2026-06-30", S_tmp), 2, "no -o");
}

Test(build, never_emits_characters_outside_xml_1_0)
{
	S_sh("cp -R %s %s/isms", ISMC_TEST_FIXTURES "/minimal", S_tmp);
	/* a vertical tab and a form feed are valid UTF-8 but not XML 1.0 */
	S_sh("printf '\\n\\nControl \\013characters\\014 here.\\n' >> %s/isms/scope.md", S_tmp);
	cr_assert_eq(S_run("build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char pack[512];
	snprintf(pack, sizeof pack, "%s/out/evidence-pack.xml", S_tmp);
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(pack, SCHEMA, &err), 0, "%s", err.msg);
	char *text = S_slurp(pack);
	cr_expect(strstr(text, "Control characters here.") != NULL);
	free(text);
}
