/* Frameworks as data (crosswalk.c): the built-in crosswalks and their rows,
 * the example's NIS2 and GDPR coverage requirement by requirement, what an
 * SoA exclusion and a bad isms.yml entry do, and a framework added as a data
 * file ($ISMC_CROSSWALKS) without a rebuild. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"
#define FIXTURES ISMC_SOURCE_DIR "/tests/fixtures"
#define AS_OF "2026-06-30"

static char S_tmp[256], S_root[300];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "frameworks");
	snprintf(S_root, sizeof S_root, "%s/isms", S_tmp);
}

static void S_teardown(void)
{
	unsetenv("ISMC_CROSSWALKS");
	t_rmtree(S_tmp);
}

TestSuite(frameworks, .init = S_setup, .fini = S_teardown);

/* The minimal fixture at S_root, with `line` added to its isms.yml. */
static void S_minimal_with(const char *line)
{
	t_copy_fixture("minimal", S_root);
	char *cfg = t_slurp(t_path("%s/isms.yml", S_root));
	t_spit(t_path("%s/isms.yml", S_root), t_path("%s%s\n", cfg, line));
	free(cfg);
}

/* The rows of a crosswalk, "id=controls" joined by "; ". */
static char *S_rows(const ismc_crosswalk *cw)
{
	ismc_buf b = { 0 };
	for (size_t i = 0; i < cw->nreqs; i++) {
		ismc_buf_printf(&b, "%s%s=", i ? "; " : "", cw->reqs[i].id);
		for (size_t k = 0; k < cw->reqs[i].ncontrols; k++)
			ismc_buf_printf(&b, "%s%s", k ? "," : "", cw->reqs[i].controls[k]);
	}
	return b.data;
}

/* The built-in rows as checked against the articles' text (docs/frameworks/
 * nis2.md and gdpr.md give the reasons): a change to the data is a change
 * here, reviewed with it. */
Test(frameworks, the_built_in_crosswalks)
{
	ismc_error err = { "" };
	cr_assert_eq(ismc_crosswalks_load(&err), 0, "%s", err.msg);
	const ismc_crosswalk *nis2 = ismc_crosswalk_find("nis2"), *gdpr = ismc_crosswalk_find("gdpr");
	cr_assert_not_null(nis2);
	cr_assert_not_null(gdpr);
	cr_assert_str_eq(nis2->name, "NIS2 Directive (EU) 2022/2555");
	cr_assert_str_eq(nis2->catalog, "iso27001:2022");
	char *rows = S_rows(nis2);
	cr_assert_str_eq(rows,
	                 "Art. 21(2)(a)=A.5.1,A.5.2; "
	                 "Art. 21(2)(b)=A.5.24,A.5.25,A.5.26,A.5.27,A.5.28,A.6.8,A.8.16; "
	                 "Art. 21(2)(c)=A.5.29,A.5.30,A.8.13,A.8.14; "
	                 "Art. 21(2)(d)=A.5.19,A.5.20,A.5.21,A.5.22,A.5.23; "
	                 "Art. 21(2)(e)=A.8.8,A.8.25,A.8.26,A.8.27,A.8.28,A.8.29,A.8.32; "
	                 "Art. 21(2)(f)=A.5.35,A.5.36; "
	                 "Art. 21(2)(g)=A.5.10,A.6.3,A.8.1,A.8.7; "
	                 "Art. 21(2)(h)=A.8.24; "
	                 "Art. 21(2)(i)=A.5.9,A.5.11,A.5.15,A.5.16,A.5.18,A.6.1,A.6.2,A.6.5; "
	                 "Art. 21(2)(j)=A.5.14,A.8.5; "
	                 "Art. 21(3)=A.5.19,A.5.20,A.5.21,A.5.22; "
	                 "Art. 23(1)=A.5.5,A.5.24,A.5.26; "
	                 "Art. 23(4)=A.5.5,A.5.24,A.5.25");
	free(rows);
	rows = S_rows(gdpr);
	cr_assert_str_eq(rows,
	                 "Art. 5(1)(f)=A.5.15,A.5.34,A.8.24; "
	                 "Art. 25=A.5.34,A.8.11,A.8.25,A.8.27; "
	                 "Art. 28=A.5.19,A.5.20,A.5.22; "
	                 "Art. 32(1)(a)=A.8.11,A.8.24; "
	                 "Art. 32(1)(b)=A.5.15,A.8.6,A.8.14,A.8.20; "
	                 "Art. 32(1)(c)=A.5.30,A.8.13; "
	                 "Art. 32(1)(d)=A.5.35,A.5.36,A.8.8; "
	                 "Art. 32(2)=A.5.12,A.5.34; "
	                 "Art. 32(4)=A.5.10,A.6.2,A.6.3,A.6.6; "
	                 "Art. 33=A.5.5,A.5.24,A.5.25,A.5.26; "
	                 "Art. 34=A.5.24,A.5.26");
	free(rows);
	for (size_t i = 0; i < gdpr->nreqs; i++)
		cr_assert(!strncmp(gdpr->reqs[i].source, "Regulation (EU) 2016/679, ", 26));
}

/* What ismc_frameworks_resolve found for one framework: "id=status" rows. */
static char *S_report(const ismc_model *m, const char *id)
{
	ismc_buf b = { 0 };
	for (size_t i = 0; i < m->nframeworks; i++) {
		const ismc_framework *fw = &m->frameworks[i];
		if (strcmp(fw->cw->id, id) != 0)
			continue;
		for (size_t k = 0; k < fw->nreqs; k++)
			ismc_buf_printf(&b, "%s%s=%s", k ? "; " : "", fw->reqs[k].req->id,
			                ismc_coverages[fw->reqs[k].status]);
	}
	return b.data;
}

/* The example's report: everything covered but what rests on A.8.16
 * Monitoring activities (partial in its SoA: NIS2 incident handling) and
 * A.8.11 Data masking (partial: GDPR by design, and pseudonymisation). */
Test(frameworks, the_example_report)
{
	t_sh("cp -R '%s' '%s'", EXAMPLE, S_root);
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	cr_assert_eq(ismc_diags_count(c.d), 0);
	cr_assert_eq(c.m->nframeworks, 2);
	char *r = S_report(c.m, "nis2");
	cr_assert_str_eq(r, "Art. 21(2)(a)=covered; Art. 21(2)(b)=partial; Art. 21(2)(c)=covered; "
	                    "Art. 21(2)(d)=covered; Art. 21(2)(e)=covered; Art. 21(2)(f)=covered; "
	                    "Art. 21(2)(g)=covered; Art. 21(2)(h)=covered; Art. 21(2)(i)=covered; "
	                    "Art. 21(2)(j)=covered; Art. 21(3)=covered; Art. 23(1)=covered; "
	                    "Art. 23(4)=covered");
	free(r);
	r = S_report(c.m, "gdpr");
	cr_assert_str_eq(r, "Art. 5(1)(f)=covered; Art. 25=partial; Art. 28=covered; "
	                    "Art. 32(1)(a)=partial; Art. 32(1)(b)=covered; Art. 32(1)(c)=covered; "
	                    "Art. 32(1)(d)=covered; Art. 32(2)=covered; Art. 32(4)=covered; "
	                    "Art. 33=covered; Art. 34=covered");
	free(r);
	const ismc_requirement_cover *b = &c.m->frameworks[0].reqs[1];
	cr_assert_str_eq(b->controls[6]->id, "A.8.16");
	cr_assert(!b->met[6]);
	cr_assert(b->met[0]);
	t_model_free(&c);

	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 0);
	cr_assert(strstr(out, "  NIS2            12/13 requirements covered, 1 partial, 0 gaps\n"), "%s", out);
	cr_assert(strstr(out, "  GDPR            9/11 requirements covered, 2 partial, 0 gaps\n"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s --format json", AS_OF), 0);
	cr_assert(strstr(out, "\"id\": \"gdpr\""), "%s", out);
	free(out);
}

/* A control the SoA excludes makes each requirement it is mapped onto a
 * gap, whatever the others; the build names it. */
Test(frameworks, an_excluded_control_is_a_gap)
{
	S_minimal_with("frameworks: [gdpr]");
	t_sh("cd '%s' && sh '%s/tests/cases/frameworks/setup'", S_root, ISMC_SOURCE_DIR);
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	char *r = S_report(c.m, "gdpr");
	cr_assert(strstr(r, "Art. 32(1)(c)=gap"), "%s", r);
	cr_assert(strstr(r, "Art. 25=partial"), "%s", r);
	free(r);
	cr_assert_str_eq(c.m->frameworks[0].reqs[5].excluded->id, "A.8.13");
	t_model_free(&c);
}

/* A framework isms.yml names that no crosswalk defines is invalid-value
 * at its place, with the nearest id. */
Test(frameworks, an_unknown_framework_is_invalid)
{
	S_minimal_with("frameworks: [nis2, nis-2, hipaa, nis2]");
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 1);
	cr_assert(strstr(out, "isms.yml:13:20: error: 'nis-2' is not a framework ismc knows; did you "
	                      "mean 'nis2'? [invalid-value]"), "%s", out);
	cr_assert(strstr(out, "isms.yml:13:27: error: 'hipaa' is not a framework ismc knows "
	                      "(known: gdpr, nis2) [invalid-value]"), "%s", out);
	cr_assert(strstr(out, "isms.yml:13:34: error: 'nis2' is listed twice [invalid-value]"), "%s", out);
	cr_assert(strstr(out, "  NIS2            "), "%s", out);
	free(out);
}

/* Adding a framework is a data file and its page: the fixture's soc2.tsv,
 * read through $ISMC_CROSSWALKS by the ismc that was built, reaches the
 * check, frameworks.xml (valid) and the site. */
Test(frameworks, a_framework_is_a_data_file)
{
	S_minimal_with("frameworks: [soc2, nis2]");
	setenv("ISMC_CROSSWALKS", FIXTURES "/crosswalks", 1);
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 0, "%s", out);
	cr_assert(strstr(out, "  SOC 2           4/4 requirements covered, 0 partial, 0 gaps\n"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o out --as-of %s", AS_OF), 0, "%s", out);
	free(out);
	ismc_error err;
	cr_assert_eq(ismc_emit_validate(t_path("%s/out/frameworks.xml", S_tmp),
	                                ISMC_SOURCE_DIR "/schemas/ismc.rng", &err), 0, "%s", err.msg);
	char *xml = t_slurp(t_path("%s/out/frameworks.xml", S_tmp));
	cr_assert(strstr(xml, "<requirement id=\"CC8.1\" title=\"Changes are authorised, tested and "
	                      "approved\" source=\"AICPA TSC 2017, CC8.1\" status=\"covered\">"), "%s", xml);
	free(xml);
	char *html = t_slurp(t_path("%s/out/html/frameworks.html", S_tmp));
	cr_assert(strstr(html, "SOC 2 (Trust Services Criteria, a few common criteria)"));
	free(html);
	html = t_slurp(t_path("%s/out/html/index.html", S_tmp));
	cr_assert(strstr(html, "href=\"frameworks.html\""));
	free(html);
}

/* A malformed crosswalk stops the compile (exit 2) with its file and line;
 * without $ISMC_CROSSWALKS the built-in ones stand. */
Test(frameworks, a_malformed_crosswalk_is_named)
{
	S_minimal_with("frameworks: [nis2]");
	t_sh("mkdir -p '%s/cw'", S_tmp);
	t_spit(t_path("%s/cw/bad.tsv", S_tmp), "key\tvalue\nname\tBad\ncatalog\tiso27001:2022\n"
	                                       "id\ttitle\tcontrols\tsource\nR1\tA row\tA.9.1.1\tnowhere\n");
	setenv("ISMC_CROSSWALKS", t_path("%s/cw", S_tmp), 1);
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 2, "%s", out);
	cr_assert(strstr(out, "bad.tsv:5: requirement 'R1': 'A.9.1.1' is no control of ISO/IEC 27001:2022"),
	          "%s", out);
	free(out);
	t_spit(t_path("%s/cw/bad.tsv", S_tmp), "name\tBad\n");
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 2, "%s", out);
	cr_assert(strstr(out, "bad.tsv:1: the first line must be the header"), "%s", out);
	free(out);
	unsetenv("ISMC_CROSSWALKS");
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of %s", AS_OF), 0, "%s", out);
	free(out);
}
