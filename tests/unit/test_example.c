/* example-isms/ as the fixture it is meant to be: clean at its pinned as-of
 * date with full coverage, exactly its real overdue items five months on,
 * and each kind of gap, made in a copy, caught by its code: a leaf clause's
 * coverage (clause-uncovered), a control decision (soa-missing-control), a
 * clause's records (record-missing). The edits are
 * found through the model, so the test follows the example as it grows. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"
#define AS_OF "2026-06-30" /* inside the example's audit period: see docs/format.md */

static char S_tmp[256], S_root[300];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "example");
	snprintf(S_root, sizeof S_root, "%s/isms", S_tmp);
	t_sh("cp -R '%s' '%s'", EXAMPLE, S_root);
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(example, .init = S_setup, .fini = S_teardown);

/* Every diagnostic, one a line, for failure messages. */
static char *S_dump(const ismc_diags *d)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	for (size_t i = 0; i < ismc_diags_count(d) && i < 40; i++)
		ismc_diag_print(f, ismc_diags_at(d, i), 0);
	fclose(f);
	return text;
}

/* A file of the copy, by its path below the root; the caller frees it. */
static char *S_read(const char *rel, size_t *len)
{
	return t_slurp_len(t_path("%s/%s", S_root, rel), len);
}

/* Byte offset of line `line` (1-based) in text. */
static size_t S_line_at(const char *text, size_t len, int line)
{
	size_t off = 0;
	for (int l = 1; l < line && off < len; off++)
		if (text[off] == '\n')
			l++;
	return off;
}

/* Replaces text[from, to) of file `rel` with `with`. */
static void S_splice(const char *rel, size_t from, size_t to, const char *with)
{
	size_t len;
	char *text = S_read(rel, &len);
	cr_assert_leq(to, len);
	ismc_buf b = { 0 };
	ismc_buf_put(&b, text, from);
	ismc_buf_puts(&b, with);
	ismc_buf_put(&b, text + to, len - to);
	t_spit_len(t_path("%s/%s", S_root, rel), b.data ? b.data : "", b.len);
	ismc_buf_free(&b);
	free(text);
}

/* Rewrites one item of a front matter `clauses:` list so that it no longer
 * covers `leaf`: a parent (6.1) becomes its other leaves, a leaf is dropped
 * with its separator. Flow lists ([a, b]) and block lists (- a) both. */
static void S_uncover(const char *rel, const ismc_val *v, const char *leaf)
{
	const ismc_catalog *cat = ismc_catalog_default();
	ismc_buf rest = { 0 };
	for (size_t k = 0; k < ismc_catalog_nclauses(cat); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(cat, k);
		if (cl->leaf && strcmp(cl->id, leaf) && ismc_clause_covers(v->s, cl->id))
			ismc_buf_printf(&rest, "%s%s", rest.len ? ", " : "", cl->id);
	}
	size_t len;
	char *text = S_read(rel, &len);
	size_t line = S_line_at(text, len, v->pos.line);
	size_t next = S_line_at(text, len, v->pos.line + 1);
	size_t from = line + (size_t)v->pos.col - 1;
	size_t to = from + strlen(v->s) + (v->node && !v->node->plain ? 2 : 0);
	int block = strspn(text + line, " -") == from - line;
	if (rest.len) {
		cr_assert_not(block, "a parent clause in a block list: extend the test");
	} else if (block) {
		from = line; /* the whole "- a" line */
		to = next;
	} else if (text[to] == ',') {
		to += 1 + strspn(text + to + 1, " "); /* "a, b" drops "a, " */
	} else {
		while (from > line && (text[from - 1] == ' ' || text[from - 1] == ','))
			from--; /* "b, a" drops ", a" */
	}
	free(text);
	S_splice(rel, from, to, rest.len ? rest.data : "");
	ismc_buf_free(&rest);
}

static size_t S_errors_of(const ismc_diags *d, ismc_code code, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		n += dg->code == code && dg->severity == ISMC_ERROR && strstr(dg->msg, needle);
	}
	return n;
}

/* Checks the edited copy again: it must fail with exactly one error, of
 * `code` with `needle` in its message (`what` names the edit in failure
 * messages); *r gets its readiness. */
static void S_expect_one_error(ismc_code code, const char *needle, const char *what,
                               ismc_readiness *r)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	char *dump = S_dump(c.d);
	cr_assert_eq(S_errors_of(c.d, code, needle), 1, "%s:\n%s", what, dump);
	cr_assert_eq(ismc_diags_count_severity(c.d, ISMC_ERROR), 1, "%s:\n%s", what, dump);
	free(dump);
	ismc_report_readiness(c.m, r);
	t_model_free(&c);
}

Test(example, checks_clean_at_the_pinned_date)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	char *dump = S_dump(c.d);
	cr_assert_eq(ismc_diags_count(c.d), 0, "the example gives no diagnostic at all:\n%s", dump);
	free(dump);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.leaves_covered, 30);
	cr_assert_eq(r.leaves, 30);
	cr_assert_eq(r.decided, 93);
	cr_assert_eq(r.controls, 93);
	cr_assert_geq(c.m->docs.n, 25);
	cr_assert_geq(c.m->risks.n, 30);
	cr_assert_geq(c.m->assets.n, 25);
	t_model_free(&c);

	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check '%s' --as-of " AS_OF, S_root), 0, "%s", out);
	cr_assert_not_null(strstr(out, "30/30 leaf clauses addressed"), "%s", out);
	cr_assert_not_null(strstr(out, "93/93 controls decided"), "%s", out);
	cr_assert_not_null(strstr(out, "ismc: 0 errors, 0 warnings"), "%s", out);
	free(out);
}

Test(example, records_age_out_after_the_audit_period)
{
	/* why the example and its tests pin --as-of: two years on, every record
	 * is older than the 12-month period */
	t_model c;
	t_model_load(&c, S_root, "2028-06-30");
	cr_assert_eq(S_errors_of(c.d, ISMC_RECORD_MISSING, "clause "), 7);
	t_model_free(&c);
}

/* What falls overdue in the five months after the pinned date, each of
 * them real: the example's own dates put them there. */
static const struct {
	ismc_code code;
	const char *id;
} S_overdue_december[] = {
	/* approved September to November 2025, reviewed yearly (PLAN-003 half-yearly) */
	{ ISMC_REVIEW_OVERDUE, "GDL-001" }, { ISMC_REVIEW_OVERDUE, "PLAN-005" },
	{ ISMC_REVIEW_OVERDUE, "PLAN-002" }, { ISMC_REVIEW_OVERDUE, "PLAN-003" },
	{ ISMC_REVIEW_OVERDUE, "POL-003" }, { ISMC_REVIEW_OVERDUE, "POL-004" },
	{ ISMC_REVIEW_OVERDUE, "POL-005" }, { ISMC_REVIEW_OVERDUE, "POL-001" },
	{ ISMC_REVIEW_OVERDUE, "POL-002" }, { ISMC_REVIEW_OVERDUE, "POL-006" },
	{ ISMC_REVIEW_OVERDUE, "PROC-015" }, { ISMC_REVIEW_OVERDUE, "PROC-001" },
	{ ISMC_REVIEW_OVERDUE, "PROC-008" }, { ISMC_REVIEW_OVERDUE, "PROC-009" },
	{ ISMC_REVIEW_OVERDUE, "PROC-013" }, { ISMC_REVIEW_OVERDUE, "PROC-002" },
	{ ISMC_REVIEW_OVERDUE, "PROC-012" }, { ISMC_REVIEW_OVERDUE, "STD-002" },
	{ ISMC_REVIEW_OVERDUE, "STD-005" }, /* STD-001 was approved again in February 2026 */
	{ ISMC_REVIEW_OVERDUE, "STD-007" },
	/* monthly and quarterly activities whose newest records are of June */
	{ ISMC_ACTIVITY_OVERDUE, "ACT-LOG-REVIEW" }, { ISMC_ACTIVITY_OVERDUE, "ACT-VULN-SCAN" },
	{ ISMC_ACTIVITY_OVERDUE, "ACT-MONTHLY-REVIEW" }, { ISMC_ACTIVITY_OVERDUE, "ACT-METRICS-REPORT" },
	{ ISMC_ACTIVITY_OVERDUE, "ACT-ACCESS-REVIEW" }, { ISMC_ACTIVITY_OVERDUE, "ACT-RISK-REVIEW" },
	/* the planned controls of the 2026 treatment plan */
	{ ISMC_TARGET_OVERDUE, "A.8.23" }, { ISMC_TARGET_OVERDUE, "A.8.11" },
	{ ISMC_TARGET_OVERDUE, "A.8.12" },
	/* the effectiveness checks of NC-2026-01 and NC-2026-02 */
	{ ISMC_ACTION_OVERDUE, "NC-2026-01" }, { ISMC_ACTION_OVERDUE, "NC-2026-02" },
	/* the risks to be reviewed in October */
	{ ISMC_RISK_REVIEW_OVERDUE, "R-001" }, { ISMC_RISK_REVIEW_OVERDUE, "R-002" },
	{ ISMC_RISK_REVIEW_OVERDUE, "R-011" }, { ISMC_RISK_REVIEW_OVERDUE, "R-014" },
	{ ISMC_RISK_REVIEW_OVERDUE, "R-025" }, { ISMC_RISK_REVIEW_OVERDUE, "R-034" },
	/* an important supplier last reviewed in November 2024, every 24 months */
	{ ISMC_SUPPLIER_REVIEW_OVERDUE, "SUP-012" },
};

/* Does `msg` name `id` as a word (R-001 is not R-0011)? */
static int S_names(const char *msg, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = strstr(msg, id); p; p = strstr(p + 1, id))
		if ((p == msg || !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.", p[-1])) &&
		    !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", p[n]))
			return 1;
	return 0;
}

Test(example, reports_exactly_what_is_overdue_on_1_december_2026)
{
	t_model c;
	t_model_load(&c, S_root, "2026-12-01");
	char *dump = S_dump(c.d);
	size_t want = sizeof S_overdue_december / sizeof *S_overdue_december;
	cr_assert_eq(ismc_diags_count_severity(c.d, ISMC_ERROR), 0, "%s", dump);
	cr_assert_eq(ismc_diags_count(c.d), want, "%zu diagnostics, not %zu:\n%s",
	             ismc_diags_count(c.d), want, dump);
	for (size_t k = 0; k < want; k++) {
		size_t n = 0;
		for (size_t i = 0; i < ismc_diags_count(c.d); i++) {
			const ismc_diag *dg = ismc_diags_at(c.d, i);
			n += dg->code == S_overdue_december[k].code && S_names(dg->msg, S_overdue_december[k].id);
		}
		cr_assert_eq(n, 1, "[%s] for %s:\n%s", ismc_code_get(S_overdue_december[k].code)->name,
		             S_overdue_december[k].id, dump);
	}
	free(dump);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.due_overdue, want, "the summary counts the same items");
	cr_assert_eq(r.reviews_overdue, 20);
	t_model_free(&c);
}

Test(example, nothing_is_overdue_at_the_pinned_date)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.due_overdue, 0);
	cr_assert_gt(r.due_soon, 0, "the summer's activities, targets and audit");
	cr_assert_eq(c.m->activities.n, 12);
	cr_assert_eq(c.m->nonconformities.n, 5);
	cr_assert_gt(c.m->suppliers.n, 10);
	/* every activity has its record, each the newest of its pattern */
	for (size_t i = 0; i < c.m->activities.n; i++) {
		const ismc_activity *a = c.m->activities.v[i];
		cr_assert_not_null(a->latest, "%s has a record", a->id.s);
	}
	t_model_free(&c);
}

/* Removes every approved document's coverage of `leaf`; the check must then
 * fail with clause-uncovered for it and nothing else. */
static void S_uncover_leaf(const char *leaf)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	size_t edits = 0;
	for (size_t i = 0; i < c.m->docs.n; i++) {
		const ismc_doc *doc = c.m->docs.v[i];
		/* from the last item back, so earlier positions stay valid */
		for (size_t k = doc->clauses.n; k-- > 0;)
			if (ismc_clause_covers(doc->clauses.v[k].s, leaf)) {
				S_uncover(doc->path, &doc->clauses.v[k], leaf);
				edits++;
			}
	}
	t_model_free(&c);
	cr_assert_gt(edits, 0, "no document addresses %s", leaf);

	char needle[32];
	snprintf(needle, sizeof needle, "clause %s ", leaf);
	ismc_readiness r;
	S_expect_one_error(ISMC_CLAUSE_UNCOVERED, needle, leaf, &r);
	cr_assert_eq(r.leaves_covered, 29);
}

Test(example, uncovering_a_leaf_clause_fails) { S_uncover_leaf("4.3"); }
Test(example, uncovering_a_sub_clause_of_a_parent_fails) { S_uncover_leaf("6.1.2"); }
Test(example, uncovering_a_documented_information_clause_fails) { S_uncover_leaf("7.5.3"); }
Test(example, uncovering_improvement_fails) { S_uncover_leaf("10.1"); }

/* Deletes the decision on `control` (NULL: the first exclusion); the check
 * must then fail with soa-missing-control for it and nothing else. */
static void S_undecide(const char *control)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	const ismc_decision *dc = NULL, *next = NULL;
	for (size_t i = 0; i < c.m->decisions.n && !dc; i++) {
		const ismc_decision *x = c.m->decisions.v[i];
		if (control ? !strcmp(x->id.s, control) : !x->applicable.n) {
			dc = x;
			next = i + 1 < c.m->decisions.n ? c.m->decisions.v[i + 1] : NULL;
			if (next && strcmp(next->path, dc->path) != 0)
				next = NULL; /* the last record of its file */
		}
	}
	cr_assert_not_null(dc, "no decision on %s", control ? control : "an excluded control");
	char id[16], path[300];
	snprintf(id, sizeof id, "%s", dc->id.s);
	snprintf(path, sizeof path, "%s", dc->path);
	size_t len;
	char *text = S_read(path, &len);
	size_t from = S_line_at(text, len, dc->pos.line);
	size_t to = next ? S_line_at(text, len, next->pos.line) : len;
	free(text);
	t_model_free(&c);
	S_splice(path, from, to, "");

	char needle[32];
	snprintf(needle, sizeof needle, "for %s ", id);
	ismc_readiness r;
	S_expect_one_error(ISMC_SOA_MISSING_CONTROL, needle, id, &r);
	cr_assert_eq(r.decided, 92);
}

Test(example, dropping_the_first_decision_fails) { S_undecide("A.5.1"); }
Test(example, dropping_a_physical_control_decision_fails) { S_undecide("A.7.4"); }
Test(example, dropping_the_last_decision_fails) { S_undecide("A.8.34"); }
Test(example, dropping_an_exclusion_fails) { S_undecide(NULL); }

/* Deletes every approved record listing `clause`; the check must then fail
 * with record-missing for it. What else breaks is the records' absence
 * (references to them, clauses only they addressed), nothing more. */
static void S_unrecord(const char *clause)
{
	t_model c;
	t_model_load(&c, S_root, AS_OF);
	size_t removed = 0;
	for (size_t i = 0; i < c.m->docs.n; i++) {
		const ismc_doc *doc = c.m->docs.v[i];
		if (!doc->type.s || doc->type.n != ISMC_TYPE_RECORD || !ismc_doc_approved(doc))
			continue;
		int lists = 0;
		for (size_t k = 0; k < doc->clauses.n; k++)
			lists |= ismc_clause_covers(doc->clauses.v[k].s, clause);
		if (!lists)
			continue;
		const char *path = t_path("%s/%s", S_root, doc->path);
		cr_assert_eq(remove(path), 0, "%s", path);
		removed++;
	}
	t_model_free(&c);
	cr_assert_gt(removed, 0, "no record for %s", clause);

	t_model_load(&c, S_root, AS_OF);
	char needle[32];
	snprintf(needle, sizeof needle, "clause %s ", clause);
	char *dump = S_dump(c.d);
	cr_assert_eq(S_errors_of(c.d, ISMC_RECORD_MISSING, needle), 1, "%s:\n%s", clause, dump);
	cr_assert_eq(S_errors_of(c.d, ISMC_RECORD_MISSING, ""), 1, "only %s:\n%s", clause, dump);
	for (size_t i = 0; i < ismc_diags_count(c.d); i++) {
		const ismc_diag *dg = ismc_diags_at(c.d, i);
		if (dg->severity != ISMC_ERROR)
			continue;
		cr_assert(dg->code == ISMC_RECORD_MISSING || dg->code == ISMC_UNKNOWN_REFERENCE ||
		          dg->code == ISMC_BROKEN_LINK || dg->code == ISMC_CLAUSE_UNCOVERED,
		          "unexpected [%s] after removing the records of %s:\n%s",
		          ismc_code_get(dg->code)->name, clause, dump);
	}
	free(dump);
	t_model_free(&c);
}

Test(example, removing_the_competence_records_fails) { S_unrecord("7.2"); }
Test(example, removing_the_audit_records_fails) { S_unrecord("9.2.2"); }
Test(example, removing_the_management_review_minutes_fails) { S_unrecord("9.3.3"); }
/* The nonconformities register is the record of 10.2: without it, and
 * without a record listing the clause, the check fails with record-missing
 * and nothing else. */
Test(example, removing_the_nonconformities_register_fails)
{
	cr_assert_eq(remove(t_path("%s/registers/nonconformities.yml", S_root)), 0);
	ismc_readiness r;
	S_expect_one_error(ISMC_RECORD_MISSING, "clause 10.2 ", "no nonconformities register", &r);
}

/* The document pages are rendered in batches by --jobs worker processes
 * (transform.c): 58 documents make 4 batches, shared out among 3 workers or
 * rendered in turn by one process, and every byte of every output is the
 * same either way. */
Test(example, builds_the_same_bytes_whatever_the_number_of_jobs)
{
	char *out = NULL;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s' -o '%s/j1' --as-of " AS_OF " --jobs 1",
	                            S_root, S_tmp), 0, "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s' -o '%s/j3' --as-of " AS_OF " --jobs=3",
	                            S_root, S_tmp), 0, "%s", out);
	free(out);
	cr_expect(t_exists(t_path("%s/j3/html/documents/POL-001.html", S_tmp)));
	cr_expect(t_exists(t_path("%s/j3/html/documents/STD-007.html", S_tmp)));
	cr_expect_eq(t_sh_status("diff -r '%s/j1' '%s/j3' >&2", S_tmp, S_tmp), 0,
	             "the outputs of --jobs 1 and --jobs 3 differ");
	cr_expect_neq(t_run_ismc_out(&out, S_tmp, "build '%s' -o '%s/j0' --jobs 0", S_root, S_tmp),
	              0);
	cr_expect(strstr(out, "--jobs wants a number of processes from 1 to 64"), "%s", out);
	free(out);
	cr_expect_not(t_exists(t_path("%s/j0", S_tmp)));
}

/* brand/documents.xsl: `each` for every document of its pack. */
static void S_own_documents_xsl(const char *each)
{
	char xsl[2048];
	snprintf(xsl, sizeof xsl,
	         "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	         "  xmlns:p=\"urn:ismc:pack:1\" xmlns:exsl=\"http://exslt.org/common\"\n"
	         "  extension-element-prefixes=\"exsl\">\n"
	         "<xsl:param name=\"outdir\"/>\n"
	         "<xsl:template match=\"/\">"
	         "<xsl:for-each select=\"/p:evidence-pack/p:documents/p:document\">%s"
	         "</xsl:for-each><pages/></xsl:template>\n</xsl:stylesheet>\n", each);
	t_sh("mkdir -p '%s/brand'", S_tmp);
	t_spit(t_path("%s/brand/documents.xsl", S_tmp), xsl);
}

/* A documents.xsl of one's own written for an earlier ismc (every document
 * of p:documents, no doctype) still works: its pack holds only its batch's
 * documents, and each page gets the doctype it did not write. */
Test(example, an_own_documents_xsl_renders_its_batch)
{
	S_own_documents_xsl("<exsl:document href=\"{$outdir}/{@id}.html\" method=\"html\"><html><body>"
	                    "<p><xsl:value-of select=\"concat(@id, ' ', "
	                    "count(/p:evidence-pack/p:documents/p:document))\"/></p>"
	                    "</body></html></exsl:document>");
	char *out = NULL;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build '%s' -o '%s/out' --as-of " AS_OF
	                            " --jobs 2 --templates '%s/brand'", S_root, S_tmp, S_tmp), 0,
	             "%s", out);
	free(out);
	char *page = t_slurp(t_path("%s/out/html/documents/POL-001.html", S_tmp));
	cr_expect(!strncmp(page, "<!DOCTYPE html>\n<html>", 22), "%.80s", page);
	/* 58 documents, at least 16 a batch: no pack holds them all */
	const char *p = strstr(page, "POL-001 ");
	cr_assert_not_null(p, "%s", page);
	long n = strtol(p + 8, NULL, 10);
	cr_expect(n >= 1 && n < 58, "a batch's pack held %ld documents", n);
	free(page);
}

/* A documents.xsl of one's own must render only its batch (docs/output.md):
 * one that writes another batch's page (here POL-001's, from every batch) is
 * refused by the worker that runs it, the build stops (exit 2) with the
 * reason, and OUT is not written. */
Test(example, a_batch_writes_only_its_own_pages)
{
	S_own_documents_xsl("<exsl:document href=\"{$outdir}/POL-001.html\" method=\"html\"><html/>"
	                    "</exsl:document>");
	char *out = NULL;
	cr_expect_eq(t_run_ismc_out(&out, S_tmp, "build '%s' -o '%s/out' --as-of " AS_OF
	                            " --jobs 2 --templates '%s/brand'", S_root, S_tmp, S_tmp), 2,
	             "%s", out);
	/* the batch of POL-001 wrote it over and over and no page of its
	 * own; the other batches were refused: the first worker's reason */
	cr_expect(strstr(out, "the templates failed to render") ||
	                  strstr(out, "the templates wrote no page for"),
	          "%s", out);
	static const char lead[] = "ismc: the templates";
	const char *why = strstr(out, lead);
	cr_expect(why && !strstr(why + sizeof lead - 1, "the templates"),
	          "one reason, not two run together: %s", out);
	free(out);
	cr_expect_not(t_exists(t_path("%s/out", S_tmp)));
}
