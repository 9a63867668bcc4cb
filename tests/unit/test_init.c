/* ismc init: the skeleton it writes, its refusals, and the folded text
 * report with the gap analysis that `check` gives on it. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "init");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(init, .init = S_setup, .fini = S_teardown);

/* S_tmp/rel, for an argument (t_path). */
static const char *S_path(const char *rel)
{
	return t_path("%s/%s", S_tmp, rel);
}

static size_t S_count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "%s", dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), s = strlen(suffix);
		n += e->d_name[0] != '.' && l > s && !strcmp(e->d_name + l - s, suffix);
	}
	closedir(d);
	return n;
}

static size_t S_count_code(const ismc_diags *d, ismc_code code)
{
	size_t n = 0;
	for (size_t i = 0; i < ismc_diags_count(d); i++)
		n += ismc_diags_at(d, i)->code == code;
	return n;
}

/* The text report into a string; *status gets its exit status. */
static char *S_report(const ismc_model *m, const ismc_diags *d, int *status)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	cr_assert_not_null(f);
	*status = ismc_report_text(f, m, d, 0, 0, 1);
	fclose(f);
	return text;
}

static size_t S_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(init, writes_the_skeleton)
{
	ismc_error err;
	char dir[512]; /* parents are created too */
	snprintf(dir, sizeof dir, "%s", S_path("new/isms"));
	cr_assert_eq(ismc_init_write(dir, &err), 38, "%s", err.msg);
	cr_assert(t_exists(S_path("new/isms/isms.yml")));
	cr_assert(t_exists(S_path("new/isms/README.md")));
	cr_assert_eq(S_count_files(S_path("new/isms/documents"), ".md"), 30);
	cr_assert_eq(S_count_files(S_path("new/isms/registers"), ".yml"), 6);

	t_model c;
	t_model_load(&c, dir, "2026-06-30");
	const ismc_catalog *cat = ismc_catalog_default();
	cr_assert_eq(c.m->docs.n, 30, "README.md is no ISMS document");
	/* a draft per leaf clause, each listing exactly its clause */
	for (size_t k = 0; k < ismc_catalog_nclauses(cat); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(cat, k);
		if (!cl->leaf)
			continue;
		char id[32];
		snprintf(id, sizeof id, "ISMS-%s", cl->id);
		for (char *p = id; *p; p++)
			*p = *p == '.' ? '-' : *p;
		const ismc_def *def = ismc_model_lookup(c.m, id);
		cr_assert_not_null(def, "no stub %s", id);
		const ismc_doc *doc = def->obj;
		cr_assert_eq(doc->status.n, ISMC_STATUS_DRAFT, "%s", id);
		cr_assert_eq(doc->clauses.n, 1, "%s", id);
		cr_assert_str_eq(doc->clauses.v[0].s, cl->id);
		cr_assert_gt(doc->nslugs, 1, "%s has headings prompting for the clause", id);
	}
	/* the stub for 6.1.2 asks for what the clause requires */
	char *ra = t_slurp(S_path("new/isms/documents/06-1-2-risk-assessment.md"));
	cr_assert_not_null(strstr(ra, "## Risk acceptance criteria"));
	cr_assert_not_null(strstr(ra, "## Consistent, valid and comparable results"));
	cr_assert_not_null(strstr(ra, "status: draft"));
	free(ra);
	/* every control, in catalog order, with its title as a comment */
	cr_assert_eq(c.m->decisions.n, ismc_catalog_ncontrols(cat));
	for (size_t i = 0; i < c.m->decisions.n; i++) {
		const ismc_decision *dc = c.m->decisions.v[i];
		cr_assert_eq(dc->control, ismc_catalog_control_at(cat, i));
		cr_assert_null(dc->applicable.s, "%s is left undecided", dc->id.s);
	}
	char *reg = t_slurp(S_path("new/isms/registers/controls.yml"));
	cr_assert_not_null(strstr(reg, "  - id: A.8.34   # Protection of information systems during audit testing\n"
	                               "    applicable:\n    justification:\n"));
	free(reg);
	cr_assert_eq(c.m->risks.n, 0);
	cr_assert_eq(c.m->assets.n, 0);
	cr_assert_eq(c.m->nonconformities.n, 0);
	cr_assert_eq(c.m->suppliers.n, 0);
	/* the recurring activities of a certified ISMS, none recorded yet */
	cr_assert_eq(c.m->activities.n, 11);
	/* the context stub asks for the Amd 1:2024 decision on climate change */
	char *ctx = t_slurp(S_path("new/isms/documents/04-1-context.md"));
	cr_assert_not_null(strstr(ctx, "\nclimate_change:   # relevant or not-relevant"), "%s", ctx);
	cr_assert_not_null(strstr(ctx, "\n## Climate change\n"), "%s", ctx);
	free(ctx);
	cr_assert_str_eq(c.m->cfg.scope.s, "ISMS-4-3");
	cr_assert_eq(c.m->cfg.acceptance.n, 6);
	cr_assert_eq(c.m->cfg.likelihood.n, 5);
	cr_assert_eq(c.m->cfg.impact.n, 5);
	t_model_free(&c);
}

Test(init, check_lists_exactly_the_gaps)
{
	ismc_error err;
	cr_assert_eq(ismc_init_write(S_tmp, &err), 38, "%s", err.msg);
	t_model c;
	t_model_load(&c, S_tmp, "2026-06-30");
	/* nothing but the work ahead: decisions, approvals, records */
	cr_assert_eq(S_count_code(c.d, ISMC_MISSING_FIELD), 2 * 93);
	cr_assert_eq(S_count_code(c.d, ISMC_CLAUSE_UNCOVERED), 30);
	cr_assert_eq(S_count_code(c.d, ISMC_RECORD_MISSING), 7);
	cr_assert_eq(S_count_code(c.d, ISMC_ACTIVITY_OVERDUE), 11, "no activity has a record yet");
	cr_assert_eq(ismc_diags_count(c.d), 186 + 30 + 7 + 11, "no other errors or warnings");
	for (size_t i = 0; i < ismc_diags_count(c.d); i++) {
		const ismc_diag *dg = ismc_diags_at(c.d, i);
		if (dg->code == ISMC_MISSING_FIELD)
			cr_assert_str_eq(dg->pos.file, "registers/controls.yml");
	}

	int status;
	char *out = S_report(c.m, c.d, &status);
	cr_assert_eq(status, 1);
	cr_assert_lt(S_lines(out), 60, "folded, not 234 lines:\n%s", out);
	cr_assert_not_null(strstr(out, "ismc: note: 181 more like these not shown (--all "
	                               "lists them) [missing-field]\n"), "%s", out);
	cr_assert_not_null(strstr(out, "ismc: note: 25 more like these not shown"), "%s", out);
	cr_assert_null(strstr(out, "more like these not shown (--all lists them) [record-missing]"),
	               "7 record-missing are all listed");
	cr_assert_not_null(strstr(out, "\ngap analysis: what the 223 errors and 11 warnings ask for, by area\n"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  SoA        93 controls undecided: set applicable (true or "
	                               "false) and a\n"), "%s", out);
	cr_assert_not_null(strstr(out, "in registers/controls.yml"), "%s", out);
	cr_assert_not_null(strstr(out, "[186 missing-field]\n"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  clauses    all 30 leaf clauses have only draft documents"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  records    7 clauses need a record"), "%s", out);
	cr_assert_not_null(strstr(out, "[7 record-missing]\n"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  operation  11 activity records overdue"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  risks      none recorded yet"), "%s", out);
	/* the areas come in working order, the readiness block and summary last */
	const char *soa = strstr(out, "  SoA  "), *cl = strstr(out, "  clauses  "),
	           *rec = strstr(out, "  records  "), *rd = strstr(out, "\nreadiness as of");
	cr_assert(soa && cl && rec && rd && soa < cl && cl < rec && rec < rd);
	cr_assert_not_null(strstr(out, "ismc: 223 errors, 11 warnings in 30 documents, 0 risks, 93 controls\n"), "%s", out);
	free(out);
	t_model_free(&c);
}

/* Follows a register's instructions: the commented example record, its `#`
 * marks removed, under the top-level key without its `[]`. */
static void S_uncomment_example(const char *rel, const char *key)
{
	char *text = t_slurp(S_path(rel));
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "%s:\n", key);
	for (const char *line = strstr(text, "\n#  - id:") + 1; line[0] == '#' && line[1] == ' ';) {
		size_t n = strcspn(line, "\n");
		ismc_buf_put(&b, line + 1, n);
		ismc_buf_puts(&b, "\n");
		line += n + 1;
	}
	t_spit(S_path(rel), b.data);
	ismc_buf_free(&b);
	free(text);
}

Test(init, commented_examples_are_valid_records)
{
	ismc_error err;
	cr_assert_eq(ismc_init_write(S_tmp, &err), 38, "%s", err.msg);
	S_uncomment_example("registers/risks.yml", "risks");
	S_uncomment_example("registers/assets.yml", "assets");
	S_uncomment_example("registers/nonconformities.yml", "nonconformities");
	S_uncomment_example("registers/suppliers.yml", "suppliers");
	t_model c;
	t_model_load(&c, S_tmp, "2026-06-30");
	cr_assert_eq(c.m->risks.n, 1);
	cr_assert_eq(c.m->assets.n, 1);
	cr_assert_eq(c.m->nonconformities.n, 1);
	cr_assert_eq(c.m->suppliers.n, 1);
	const ismc_nonconformity *nc = c.m->nonconformities.v[0];
	cr_assert_eq(nc->actions.n, 1, "the flow mapping of the example action");
	const ismc_risk *r = c.m->risks.v[0];
	cr_assert_str_eq(r->id.s, "R-001");
	cr_assert_eq(r->residual.n * r->residual.m, 8, "above acceptance, so signed off");
	cr_assert_not_null(r->accepted_on.s);
	for (size_t i = 0; i < ismc_diags_count(c.d); i++) {
		const ismc_diag *dg = ismc_diags_at(c.d, i);
		cr_assert(strcmp(dg->pos.file, "registers/risks.yml") && strcmp(dg->pos.file, "registers/assets.yml") &&
		          strcmp(dg->pos.file, "registers/nonconformities.yml") &&
		          strcmp(dg->pos.file, "registers/suppliers.yml"),
		          "%s:%d: %s", dg->pos.file, dg->pos.line, dg->msg);
	}
	t_model_free(&c);
}

/* ismc_init_write on `dir` must fail, with `why` in its message. */
static void S_refused(const char *dir, const char *why)
{
	ismc_error err;
	cr_assert_eq(ismc_init_write(dir, &err), -1);
	cr_assert_not_null(strstr(err.msg, why), "%s", err.msg);
}

/* S_tmp/rel still holds `text`: nothing is overwritten. */
static void S_kept(const char *rel, const char *text)
{
	char *got = t_slurp(S_path(rel));
	cr_assert_str_eq(got, text, "nothing is overwritten: %s", rel);
	free(got);
}

Test(init, refuses_an_existing_isms)
{
	ismc_error err;
	cr_assert_eq(ismc_init_write(S_tmp, &err), 38, "%s", err.msg);
	t_spit(S_path("README.md"), "mine\n");
	S_refused(S_tmp, "already holds an ISMS (isms.yml)");
	S_kept("README.md", "mine\n");
}

Test(init, refuses_to_overwrite_any_file_and_writes_nothing)
{
	cr_assert_eq(mkdir(S_path("documents"), 0777), 0);
	t_spit(S_path("documents/05-2-policy.md"), "my policy\n");
	S_refused(S_tmp, "documents/05-2-policy.md' exists");
	cr_assert_not(t_exists(S_path("isms.yml")), "a refusal writes nothing");
	cr_assert_not(t_exists(S_path("registers")));
	S_kept("documents/05-2-policy.md", "my policy\n");
}

Test(init, writes_beside_unrelated_files)
{
	ismc_error err;
	cr_assert_eq(mkdir(S_path(".git"), 0777), 0);
	t_spit(S_path("notes.txt"), "kept\n");
	cr_assert_eq(ismc_init_write(S_tmp, &err), 38, "%s", err.msg);
	S_kept("notes.txt", "kept\n");
}

Test(init, takes_back_a_half_written_skeleton)
{
	t_spit(S_path("registers"), "a file where init wants a folder\n");
	S_refused(S_tmp, "registers' exists and is not a folder");
	cr_assert_not(t_exists(S_path("isms.yml")), "files written before the failure are removed");
	cr_assert_not(t_exists(S_path("documents/04-1-context.md")));
	S_kept("registers", "a file where init wants a folder\n");
}

Test(init, refuses_a_file_as_folder)
{
	t_spit(S_path("plain"), "x\n");
	S_refused(S_path("plain"), "is not a folder");
	ismc_error err;
	cr_assert_eq(ismc_init_write(S_path("plain/sub"), &err), -1);
	cr_assert_eq(ismc_init_write("", &err), -1);
}

Test(init, command_line)
{
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "init '%s/cli'", S_tmp), 0, "%s", out);
	cr_assert_not_null(strstr(out, "(38 files)"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "init '%s/cli'", S_tmp), 2, "a second init is refused");
	cr_assert_not_null(strstr(out, "already holds an ISMS"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check '%s/cli' --as-of 2026-06-30", S_tmp), 1, "%s",
	             out);
	cr_assert_not_null(strstr(out, "gap analysis"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc(S_tmp, "init"), 2, "init without DIR is a usage error");
}

/* ---- folding, on diagnostics made by hand ---- */

static ismc_diags *S_many(ismc_code code, int n)
{
	ismc_diags *d = ismc_diags_new();
	for (int i = 0; i < n; i++) {
		ismc_pos pos = { "policies/a.md", i + 1, 1 };
		ismc_diag_add(d, code, pos, "problem %d", i + 1);
	}
	ismc_diags_sort(d);
	return d;
}

Test(report, ten_of_a_code_are_all_listed)
{
	ismc_diags *d = S_many(ISMC_BROKEN_LINK, 10);
	int status;
	char *out = S_report(NULL, d, &status);
	cr_assert_eq(status, 1);
	cr_assert_not_null(strstr(out, "policies/a.md:10:1: error: problem 10 [broken-link]\n"));
	cr_assert_null(strstr(out, "more like these"));
	cr_assert_null(strstr(out, "gap analysis"), "%s", out);
	cr_assert_str_eq(out + strlen(out) - strlen("ismc: 10 errors, 0 warnings\n"),
	                 "ismc: 10 errors, 0 warnings\n");
	free(out);
	ismc_diags_free(d);
}

Test(report, eleven_fold_to_five_and_a_gap_line)
{
	ismc_diags *d = S_many(ISMC_BROKEN_LINK, 11);
	int status;
	char *out = S_report(NULL, d, &status);
	cr_assert_eq(status, 1);
	cr_assert_not_null(strstr(out, "policies/a.md:5:1: error: problem 5 [broken-link]\n"));
	cr_assert_null(strstr(out, "problem 6 "), "%s", out);
	cr_assert_not_null(strstr(out, "ismc: note: 6 more like these not shown (--all lists "
	                               "them) [broken-link]\n"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  references 11 broken links: fix the path or the #heading "
	                               "[11 broken-link]\n"), "%s", out);
	cr_assert_not_null(strstr(out, "ismc: 11 errors, 0 warnings\n"));
	free(out);
	ismc_diags_free(d);
}

Test(report, gap_analysis_counts_warnings_and_groups_by_file)
{
	ismc_diags *d = ismc_diags_new();
	for (int i = 0; i < 6; i++) {
		ismc_pos pos = { "isms.yml", i + 1, 1 };
		ismc_diag_add(d, ISMC_UNKNOWN_FIELD, pos, "odd key %d", i);
		ismc_pos doc = { "policies/p.md", i + 1, 1 };
		ismc_diag_add(d, ISMC_MISSING_FIELD, doc, "no owner %d", i);
	}
	ismc_diags_sort(d);
	int status;
	char *out = S_report(NULL, d, &status);
	cr_assert_eq(status, 1);
	cr_assert_null(strstr(out, "more like these"), "6 of a code are all listed");
	cr_assert_not_null(strstr(out, "gap analysis: what the 6 errors and 6 warnings ask for"), "%s", out);
	cr_assert_not_null(strstr(out, "\n  setup      6 unknown fields: "), "%s", out);
	cr_assert_not_null(strstr(out, "\n  documents  6 required fields absent or empty: add the values "
	                               "the messages\n               name [6 missing-field]\n"), "%s", out);
	free(out);
	ismc_diags_free(d);
}

Test(report, every_code_has_a_gap_text)
{
	/* one diagnostic of every code, so each prints its gap line */
	ismc_diags *d = ismc_diags_new();
	for (int c = 0; c < ISMC_NCODES; c++) {
		ismc_pos pos = { "x.md", c + 1, 1 };
		ismc_diag_add(d, (ismc_code)c, pos, "m");
	}
	ismc_diags_sort(d);
	int status;
	char *out = S_report(NULL, d, &status);
	for (int c = 0; c < ISMC_NCODES; c++) {
		char want[64];
		snprintf(want, sizeof want, "[1 %s]\n", ismc_code_get((ismc_code)c)->name);
		cr_assert_not_null(strstr(out, want), "no gap line for %s:\n%s", want, out);
	}
	cr_assert_null(strstr(out, "see the messages above"), "a code lacks its gap text:\n%s", out);
	free(out);
	ismc_diags_free(d);
}

/* init writes below DIR only: a folder on the way that is a link (to a
 * folder of the user's elsewhere) is refused, and nothing lands there. */
Test(init, never_writes_through_a_link)
{
	cr_assert_eq(mkdir(S_path("elsewhere"), 0777), 0);
	cr_assert_eq(mkdir(S_path("new"), 0777), 0);
	cr_assert_eq(symlink(S_path("elsewhere"), S_path("new/documents")), 0);
	S_refused(S_path("new"), "new/documents' exists and is not a folder (a link: init writes "
	                         "into real folders only)");
	cr_assert_eq(S_count_files(S_path("elsewhere"), ""), 0, "nothing written through the link");
	cr_assert_not(t_exists(S_path("new/isms.yml")));
}

/* A failure midway (here the file size limit, hit by the controls register,
 * the largest file, written after the 30 documents) takes back exactly what
 * init made: its files and folders, and DIR itself when it made it; a
 * user's files and folders that were there stay. */
Test(init, a_failure_midway_takes_back_only_what_it_made)
{
	cr_assert_eq(mkdir(S_path("dir"), 0777), 0);
	cr_assert_eq(mkdir(S_path("dir/registers"), 0777), 0);
	t_spit(S_path("dir/notes.txt"), "mine\n");
	t_spit(S_path("dir/registers/old.txt"), "also mine\n");
	/* 8 KiB: controls.yml is about 9 KiB, every other file under 3 */
	static const char limited[] = "bash -c \"trap '' XFSZ; ulimit -f 8; exec '%s' init '%s'\" "
	                              ">%s 2>&1";
	cr_assert_eq(t_sh_status(limited, ISMC_BIN, S_path("dir"), S_path("log")), 2);
	char *log = t_slurp(S_path("log"));
	cr_expect(strstr(log, "cannot write '") && strstr(log, "registers/controls.yml"), "%s", log);
	free(log);
	t_sh("cd %s/dir && test \"$(find . | sort | tr '\\n' ' ')\" = "
	     "'. ./notes.txt ./registers ./registers/old.txt '", S_tmp);
	S_kept("dir/notes.txt", "mine\n");
	/* DIR made by init (and its parent) goes too */
	cr_assert_eq(t_sh_status(limited, ISMC_BIN, S_path("made/by/init"), S_path("log")), 2);
	cr_assert_not(t_exists(S_path("made")), "the folders init made are removed");
}
