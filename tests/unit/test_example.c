/* example-isms/ as the fixture it is meant to be: clean at its pinned as-of
 * date with full coverage, and each kind of gap, made in a copy, caught by
 * its code: a leaf clause's coverage (clause-uncovered), a control decision
 * (soa-missing-control), a clause's records (record-missing). The edits are
 * found through the model, so the test follows the example as it grows. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "ismc.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"
#define AS_OF "2026-06-30" /* inside the example's audit period: see docs/format.md */

static char S_tmp[256], S_root[300];

static void S_setup(void)
{
	snprintf(S_tmp, sizeof S_tmp, "/tmp/ismc-example-XXXXXX");
	cr_assert_not_null(mkdtemp(S_tmp));
	snprintf(S_root, sizeof S_root, "%s/isms", S_tmp);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "cp -R '%s' '%s'", EXAMPLE, S_root);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void S_teardown(void)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_tmp);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(example, .init = S_setup, .fini = S_teardown);

typedef struct {
	ismc_source *src;
	ismc_diags *d;
	ismc_model *m;
} S_check;

static void S_load(S_check *c, const char *as_of_text)
{
	long as_of;
	ismc_error err;
	cr_assert_eq(ismc_date_parse(as_of_text, &as_of), 0);
	c->src = ismc_source_open_dir(S_root, NULL, 0, &err);
	cr_assert_not_null(c->src, "%s", err.msg);
	c->d = ismc_diags_new();
	c->m = ismc_model_load(c->src, as_of, c->d, &err);
	cr_assert_not_null(c->m, "%s", err.msg);
	ismc_check_run(c->m);
	ismc_diags_sort(c->d);
}

static void S_free(S_check *c)
{
	ismc_model_free(c->m);
	ismc_diags_free(c->d);
	ismc_source_free(c->src);
}

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

static char *S_read(const char *rel, size_t *len)
{
	char path[600];
	char *text;
	ismc_error err;
	snprintf(path, sizeof path, "%s/%s", S_root, rel);
	cr_assert_eq(ismc_file_read_all(path, &text, len, &err), 0, "%s", err.msg);
	return text;
}

static void S_write(const char *rel, const char *text, size_t len)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", S_root, rel);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
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
	S_write(rel, b.data ? b.data : "", b.len);
	ismc_buf_free(&b);
	free(text);
}

/* Rewrites one item of a front matter `clauses:` list so that it no longer
 * covers `leaf`: a parent (6.1) becomes its other leaves, a leaf is dropped
 * with its separator. Flow lists ([a, b]) and block lists (- a) both. */
static void S_uncover(const char *rel, const ismc_val *v, const char *leaf)
{
	const ismc_catalog *cat = ismc_catalog_get();
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

Test(example, checks_clean_at_the_pinned_date)
{
	S_check c;
	S_load(&c, AS_OF);
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
	S_free(&c);

	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s check '%s' --as-of " AS_OF " >'%s/out' 2>&1", ISMC_BIN,
	         S_root, S_tmp);
	int st = system(cmd);
	char path[600], *out;
	size_t len;
	ismc_error err;
	snprintf(path, sizeof path, "%s/out", S_tmp);
	cr_assert_eq(ismc_file_read_all(path, &out, &len, &err), 0);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", out);
	cr_assert_not_null(strstr(out, "30/30 leaf clauses addressed"), "%s", out);
	cr_assert_not_null(strstr(out, "93/93 controls decided"), "%s", out);
	cr_assert_not_null(strstr(out, "ismc: 0 errors, 0 warnings"), "%s", out);
	free(out);
}

Test(example, records_age_out_after_the_audit_period)
{
	/* why the example and its tests pin --as-of: two years on, every record
	 * is older than the 12-month period */
	S_check c;
	S_load(&c, "2028-06-30");
	cr_assert_eq(S_errors_of(c.d, ISMC_RECORD_MISSING, "clause "), 5);
	S_free(&c);
}

/* Removes every approved document's coverage of `leaf`; the check must then
 * fail with clause-uncovered for it and nothing else. */
static void S_uncover_leaf(const char *leaf)
{
	S_check c;
	S_load(&c, AS_OF);
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
	S_free(&c);
	cr_assert_gt(edits, 0, "no document addresses %s", leaf);

	S_load(&c, AS_OF);
	char needle[32];
	snprintf(needle, sizeof needle, "clause %s ", leaf);
	char *dump = S_dump(c.d);
	cr_assert_eq(S_errors_of(c.d, ISMC_CLAUSE_UNCOVERED, needle), 1, "%s:\n%s", leaf, dump);
	cr_assert_eq(ismc_diags_count_severity(c.d, ISMC_ERROR), 1, "%s:\n%s", leaf, dump);
	free(dump);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.leaves_covered, 29);
	S_free(&c);
}

Test(example, uncovering_a_leaf_clause_fails) { S_uncover_leaf("4.3"); }
Test(example, uncovering_a_sub_clause_of_a_parent_fails) { S_uncover_leaf("6.1.2"); }
Test(example, uncovering_a_documented_information_clause_fails) { S_uncover_leaf("7.5.3"); }
Test(example, uncovering_improvement_fails) { S_uncover_leaf("10.1"); }

/* Deletes the decision on `control` (NULL: the first exclusion); the check
 * must then fail with soa-missing-control for it and nothing else. */
static void S_undecide(const char *control)
{
	S_check c;
	S_load(&c, AS_OF);
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
	S_free(&c);
	S_splice(path, from, to, "");

	S_load(&c, AS_OF);
	char needle[32];
	snprintf(needle, sizeof needle, "for %s ", id);
	char *dump = S_dump(c.d);
	cr_assert_eq(S_errors_of(c.d, ISMC_SOA_MISSING_CONTROL, needle), 1, "%s:\n%s", id, dump);
	cr_assert_eq(ismc_diags_count_severity(c.d, ISMC_ERROR), 1, "%s:\n%s", id, dump);
	free(dump);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.decided, 92);
	S_free(&c);
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
	S_check c;
	S_load(&c, AS_OF);
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
		char path[600];
		snprintf(path, sizeof path, "%s/%s", S_root, doc->path);
		cr_assert_eq(remove(path), 0, "%s", path);
		removed++;
	}
	S_free(&c);
	cr_assert_gt(removed, 0, "no record for %s", clause);

	S_load(&c, AS_OF);
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
	S_free(&c);
}

Test(example, removing_the_competence_records_fails) { S_unrecord("7.2"); }
Test(example, removing_the_audit_records_fails) { S_unrecord("9.2.2"); }
Test(example, removing_the_management_review_minutes_fails) { S_unrecord("9.3.3"); }
Test(example, removing_the_corrective_action_log_fails) { S_unrecord("10.2"); }
