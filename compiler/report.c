/* report.c: what `check` prints after the rules have run: the diagnostics
 * (folded when one code has many), the gap analysis, the readiness summary
 * (SPEC §5) and the closing summary line. The last two come from the
 * ismc_summary that every format (format.c) renders the same way. */
#include "ismc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ismc_report_readiness(const ismc_model *m, ismc_readiness *r)
{
	memset(r, 0, sizeof(*r));
	const ismc_catalog *cat = m->catalog;
	for (size_t k = 0; k < ismc_catalog_nclauses(cat); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(cat, k);
		if (!cl->leaf)
			continue;
		r->leaves++;
		r->leaves_covered += (size_t)ismc_clause_covered(m, cl->id);
	}
	r->controls = ismc_catalog_ncontrols(cat);
	for (size_t i = 0; i < r->controls; i++) {
		const ismc_control *c = ismc_catalog_control_at(cat, i);
		const ismc_decision *dc = ismc_map_get(m->decided, c->id);
		if (!dc || !dc->applicable.s)
			continue;
		r->decided++;
		if (!dc->applicable.n)
			continue;
		r->applicable++;
		if (dc->status.s && dc->status.n == ISMC_CTL_IMPLEMENTED &&
		    ismc_control_implemented(m, c->id))
			r->implemented++;
	}
	for (size_t i = 0; i < m->risks.n; i++) {
		const ismc_risk *rk = m->risks.v[i];
		if (!m->cfg.acceptance.s || rk->residual.n * rk->residual.m <= m->cfg.acceptance.n)
			continue;
		r->risks_above++;
		if (!rk->accepted_by.s || !rk->accepted_on.s)
			r->risks_above_unaccepted++;
	}
	for (size_t i = 0; i < m->ndue; i++) {
		const ismc_due *d = &m->due[i];
		r->reviews_overdue += d->kind == ISMC_DUE_REVIEW && d->overdue;
		r->due_overdue += (size_t)d->overdue;
		r->due_soon += (size_t)ismc_due_soon(m, d);
	}
}

static const char *S_s(size_t n)
{
	return n == 1 ? "" : "s";
}

/* ---- the summary every format closes with ---- */

void ismc_summary_make(ismc_summary *s, const ismc_model *m, const ismc_diags *d, int werror)
{
	memset(s, 0, sizeof(*s));
	s->errors = ismc_diags_count_severity(d, ISMC_ERROR);
	s->warnings = ismc_diags_count_severity(d, ISMC_WARNING);
	s->werror = werror;
	s->status = s->errors || (werror && s->warnings) ? 1 : 0;
	if (!m)
		return;
	s->model = 1;
	s->documents = m->docs.n;
	s->risks = m->risks.n;
	s->controls = m->decisions.n;
	ismc_report_readiness(m, &s->readiness);
	ismc_date_format(m->as_of, s->as_of);
	ismc_buf span = { 0 };
	ismc_catalog_clause_span(m->catalog, &span);
	snprintf(s->clauses_label, sizeof s->clauses_label, "clauses %s", span.data ? span.data : "");
	ismc_buf_free(&span);
	s->frameworks = m->frameworks;
	s->nframeworks = m->nframeworks;
}

static void S_readiness_block(ismc_buf *b, const ismc_summary *s)
{
	const ismc_readiness *r = &s->readiness;
	ismc_buf_printf(b, "readiness as of %s:\n", s->as_of);
	ismc_buf_printf(b, "  %-16s%zu/%zu leaf clauses addressed by approved documents\n",
	                s->clauses_label, r->leaves_covered, r->leaves);
	ismc_buf_printf(b, "  SoA             %zu/%zu controls decided (%zu applicable, %zu excluded)\n",
	                r->decided, r->controls, r->applicable, r->decided - r->applicable);
	ismc_buf_printf(b, "  implementation  %zu/%zu applicable controls implemented\n",
	                r->implemented, r->applicable);
	ismc_buf_printf(b, "  risks           %zu above acceptance, %zu of them without sign-off\n",
	                r->risks_above, r->risks_above_unaccepted);
	ismc_buf_printf(b, "  reviews         %zu overdue\n", r->reviews_overdue);
	ismc_buf_printf(b, "  due             %zu overdue, %zu in the next %d days\n", r->due_overdue,
	                r->due_soon, ISMC_DUE_SOON_DAYS);
	for (size_t i = 0; i < s->nframeworks; i++) {
		const ismc_framework *fw = &s->frameworks[i];
		ismc_buf_puts(b, "  ");
		ismc_buf_escape(b, fw->cw->label, strlen(fw->cw->label)); /* data: maybe $ISMC_CROSSWALKS' */
		ismc_buf_printf(b, "%*s%zu/%zu requirements covered, %zu partial, %zu gap%s\n",
		                (int)(strlen(fw->cw->label) < 15 ? 16 - strlen(fw->cw->label) : 1), "",
		                fw->count[ISMC_COV_COVERED], fw->nreqs, fw->count[ISMC_COV_PARTIAL],
		                fw->count[ISMC_COV_GAP], S_s(fw->count[ISMC_COV_GAP]));
	}
}

void ismc_summary_line(ismc_buf *b, const ismc_summary *s)
{
	ismc_buf_printf(b, "ismc: %zu error%s, %zu warning%s", s->errors, S_s(s->errors),
	                s->warnings, S_s(s->warnings));
	if (s->model)
		ismc_buf_printf(b, " in %zu document%s, %zu risk%s, %zu control%s", s->documents,
		                S_s(s->documents), s->risks, S_s(s->risks), s->controls,
		                S_s(s->controls));
	if (s->werror && s->warnings && !s->errors)
		ismc_buf_puts(b, " (warnings are errors: --werror)");
}

void ismc_summary_render(ismc_buf *b, const ismc_summary *s, int readiness)
{
	if (s->model && readiness)
		S_readiness_block(b, s);
	ismc_summary_line(b, s);
	ismc_buf_puts(b, "\n");
}

/* ---- folding and the gap analysis ----
 *
 * A check of a young ISMS (one `ismc init` just wrote) finds hundreds of
 * errors of a handful of kinds. Listing them all buries the message, so the
 * text report folds: a code with more than S_FOLD diagnostics shows its first
 * S_SHOW and a note with the rest's count, and a report with more than S_FOLD
 * diagnostics ends with the gap analysis, one line per area and code saying
 * what the diagnostics ask the user to do. A check in CI with a few errors
 * sees every one of them, as a compiler prints them; JSON, SARIF and GitHub
 * output always list everything. docs/format.md describes this. */

#define S_FOLD 10
#define S_SHOW 5

static const char *const S_area_names[ISMC_NAREAS] = { ISMC_AREAS(ISMC_X_NAME) };

#define S_X_AREA(e, name, schema, id, area, list) area,
static const ismc_area S_register_area[ISMC_NREGISTER_KINDS] = { ISMC_REGISTER_KINDS(S_X_AREA) };

/* Register path -> area (a pointer into S_register_area): the model knows
 * which file holds decisions, risks, assets, ... The caller frees the map. */
static ismc_map *S_register_areas(const ismc_model *m)
{
	ismc_map *map = ismc_map_new();
	if (!m)
		return map;
	for (int k = 0; k < ISMC_NREGISTER_KINDS; k++) {
		const ismc_vec *recs = ismc_model_records(m, (ismc_register_kind)k);
		for (size_t i = 0; i < recs->n; i++)
			ismc_map_put(map, ((const ismc_record *)recs->v[i])->path,
			             (void *)&S_register_area[k]);
	}
	return map;
}

/* The area of a diagnostic: its code's (ISMC_CODES) when the code names the
 * work, else that of the file it points at; a file nothing was modelled from
 * falls back on its kind. */
static ismc_area S_area_of(const ismc_map *registers, const ismc_diag *dg)
{
	ismc_area area = ismc_code_get(dg->code)->area;
	if (area != ISMC_AREA_FILE)
		return area;
	const char *file = dg->pos.file;
	if (!file || !strcmp(file, "isms.yml"))
		return ISMC_AREA_SETUP;
	const ismc_area *reg = ismc_map_get(registers, file);
	if (reg)
		return *reg;
	size_t n = strlen(file);
	return n > 3 && !strcmp(file + n - 3, ".md") ? ISMC_AREA_DOCUMENTS : ISMC_AREA_REGISTERS;
}

/* Prints `text` wrapped before column 80, its continuation lines indented
 * by `indent`; the first line continues after what the caller printed up to
 * column `col`. A "[...]" stays on one line. */
static void S_wrap(FILE *f, const char *text, int col, int indent)
{
	int start = col;
	const char *p = text;
	while (*p) {
		const char *close = *p == '[' ? strchr(p, ']') : NULL;
		size_t w = close ? (size_t)(close - p + 1) : strcspn(p, " ");
		if (col > start && col + 1 + (int)w > 79) {
			fprintf(f, "\n%*s", indent, "");
			col = start = indent;
		} else if (col > start) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (int)w;
		p += w;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

/* How many control decisions say nothing about `applicable` (the state
 * `ismc init` leaves them in); *path is the file they share, or NULL. */
static size_t S_undecided(const ismc_model *m, const char **path)
{
	size_t n = 0;
	*path = NULL;
	for (size_t i = 0; i < m->decisions.n; i++) {
		const ismc_decision *dc = m->decisions.v[i];
		if (!dc->control || dc->applicable.s)
			continue;
		if (n++ == 0)
			*path = dc->path;
		else if (*path && strcmp(*path, dc->path) != 0)
			*path = NULL;
	}
	return n;
}

/* Uncovered leaf clauses that a document not yet approved (draft or review)
 * already lists: work begun rather than work to start. */
static size_t S_drafted(const ismc_model *m)
{
	size_t n = 0;
	const ismc_catalog *cat = m->catalog;
	for (size_t k = 0; k < ismc_catalog_nclauses(cat); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(cat, k);
		if (!cl->leaf || ismc_clause_covered(m, cl->id))
			continue;
		int found = 0;
		for (size_t i = 0; i < m->docs.n && !found; i++) {
			const ismc_doc *doc = m->docs.v[i];
			if (!doc->status.s || (doc->status.n != ISMC_STATUS_DRAFT &&
			                       doc->status.n != ISMC_STATUS_REVIEW))
				continue;
			for (size_t c = 0; c < doc->clauses.n && !found; c++)
				found = ismc_clause_covers(doc->clauses.v[c].s, cl->id);
		}
		n += (size_t)found;
	}
	return n;
}

/* The line of one group: what and what to do, sharpened by the model for
 * the work a new ISMS starts with. */
static void S_gap_text(ismc_buf *b, const ismc_model *m, ismc_area area, ismc_code c, size_t n)
{
	const char *path;
	size_t k;
	if (m && area == ISMC_AREA_SOA && c == ISMC_MISSING_FIELD && (k = S_undecided(m, &path)) > 0) {
		ismc_buf_printf(b, "%zu control%s undecided: set applicable (true or false) and a "
		                "justification for each in ", k, S_s(k));
		if (path)
			ismc_buf_escape(b, path, strlen(path));
		else
			ismc_buf_puts(b, "the controls registers");
	} else if (m && c == ISMC_SOA_MISSING_CONTROL && m->ncontrol_files) {
		ismc_buf_printf(b, "%zu control%s without a decision: add one for each to ", n, S_s(n));
		ismc_buf_escape(b, m->controls_pos.file, strlen(m->controls_pos.file));
		ismc_buf_puts(b, ", with applicable and justification");
	} else if (m && c == ISMC_SOA_MISSING_CONTROL) {
		ismc_buf_printf(b, "%zu control%s without a decision: write a controls register (a "
		                "YAML file whose one key is controls:, e.g. registers/controls.yml) "
		                "with a record for each, with applicable and justification", n, S_s(n));
	} else if (m && c == ISMC_CLAUSE_UNCOVERED && (k = S_drafted(m)) > 0) {
		size_t all = ismc_catalog_nleaves(m->catalog);
		if (k == n)
			ismc_buf_printf(b, "%s%zu leaf clause%s %s only draft documents: complete "
			                "each, then approve it (status: approved, approved_by, approved_on)",
			                n == all ? "all " : "", n, S_s(n), n == 1 ? "has" : "have");
		else
			ismc_buf_printf(b, "%zu leaf clause%s addressed by no approved document, %zu of "
			                "them by drafts: complete and approve a document for each",
			                n, S_s(n), k);
	} else if (m && (c == ISMC_UNKNOWN_CONTROL || c == ISMC_UNKNOWN_CLAUSE)) {
		/* the catalog's own numbering, which the code's row cannot know */
		ismc_buf_printf(b, ismc_code_get(c)->gap, n, S_s(n));
		ismc_buf range = { 0 };
		size_t ng = ismc_catalog_nclause_groups(m->catalog);
		if (c == ISMC_UNKNOWN_CONTROL) {
			ismc_catalog_control_range(m->catalog, &range);
			ismc_buf_printf(b, ": write %s ids as the catalog does, %s",
			                ismc_catalog_control_set(m->catalog), range.data ? range.data : "");
		} else if (ng) {
			ismc_catalog_clause_range(m->catalog, &range);
			ismc_buf_printf(b, ": list clauses of %s to %s as the standard numbers them, %s",
			                ismc_catalog_clause_group_at(m->catalog, 0)->key,
			                ismc_catalog_clause_group_at(m->catalog, ng - 1)->key,
			                range.data ? range.data : "");
		} else {
			ismc_buf_printf(b, ": %s", ismc_code_get(c)->todo);
		}
		ismc_buf_free(&range);
	} else if (m && c == ISMC_RECORD_MISSING) {
		ismc_buf_printf(b, "%zu clause%s need%s a record: add an approved document of type "
		                "record, dated within the last %s, listing the clause", n, S_s(n),
		                n == 1 ? "s" : "", m->cfg.period.s ? m->cfg.period.s : "12 months");
	} else {
		ismc_buf_printf(b, ismc_code_get(c)->gap, n, S_s(n));
		ismc_buf_printf(b, ": %s", ismc_code_get(c)->todo);
	}
	ismc_buf_printf(b, " [%zu %s]", n, ismc_code_get(c)->name);
}

static void S_gap_line(FILE *f, const char *area, int *shown, const char *text)
{
	fprintf(f, "  %-11s", shown[0]++ ? "" : area);
	S_wrap(f, text, 13, 15);
}

static void S_gap_analysis(FILE *f, const ismc_model *m, const ismc_diags *d, int colour)
{
	size_t count[ISMC_NAREAS][ISMC_NCODES] = { { 0 } };
	size_t errors = 0, warnings = 0;
	ismc_map *registers = S_register_areas(m);
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		if (dg->severity < ISMC_WARNING)
			continue;
		count[S_area_of(registers, dg)][dg->code]++;
		errors += dg->severity == ISMC_ERROR;
		warnings += dg->severity == ISMC_WARNING;
	}
	ismc_map_free(registers);
	fprintf(f, "\n%sgap analysis:%s what the %zu error%s", colour ? "\033[1m" : "",
	        colour ? "\033[0m" : "", errors, S_s(errors));
	if (warnings)
		fprintf(f, " and %zu warning%s", warnings, S_s(warnings));
	fputs(" ask for, by area\n", f);
	for (int a = 0; a < ISMC_NAREAS; a++) {
		int shown = 0;
		ismc_buf b = { 0 };
		for (int c = 0; c < ISMC_NCODES; c++) {
			if (!count[a][c])
				continue;
			b.len = 0;
			S_gap_text(&b, m, (ismc_area)a, (ismc_code)c, count[a][c]);
			S_gap_line(f, S_area_names[a], &shown, b.data);
		}
		/* empty registers raise no error, yet they are work ahead */
		if (m && a == ISMC_AREA_RISKS && m->risks.n == 0)
			S_gap_line(f, S_area_names[a], &shown,
			           "none recorded yet: assess the risks to the information in scope "
			           "(6.1.2, 8.2) and record them in a risks register");
		if (m && a == ISMC_AREA_ASSETS && m->assets.n == 0)
			S_gap_line(f, S_area_names[a], &shown,
			           "none recorded yet: list the information and the assets that hold "
			           "it in an assets register (A.5.9)");
		ismc_buf_free(&b);
	}
	fputs("  help       `ismc explain CODE` says why a code matters and how to fix it\n", f);
}

/* A folded code whose findings share targets (broken links to one heading,
 * say) lists its largest groups: one fix each. */
#define S_GROUPS 10
typedef struct {
	const char *group;
	const ismc_diag *first;
	size_t n;
} S_group;

static int S_group_cmp(const void *a, const void *b)
{
	const S_group *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->group, y->group);
}

static void S_groups(FILE *f, const ismc_diags *d, ismc_code c, int colour)
{
	ismc_map *index = ismc_map_new();
	S_group *g = NULL;
	size_t ng = 0, cap = 0;
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		if (dg->code != c || !dg->group)
			continue;
		size_t at = (size_t)(uintptr_t)ismc_map_get(index, dg->group);
		if (!at) {
			if (ng == cap)
				g = ismc_xrealloc(g, (cap = cap ? cap * 2 : 16) * sizeof *g);
			g[ng++] = (S_group){ dg->group, dg, 0 };
			at = ng;
			ismc_map_put(index, dg->group, (void *)(uintptr_t)at);
		}
		g[at - 1].n++;
	}
	if (ng)
		qsort(g, ng, sizeof *g, S_group_cmp);
	for (size_t i = 0; i < ng && i < S_GROUPS && g[i].n > 1; i++) {
		ismc_buf msg = { 0 };
		ismc_buf_printf(&msg, "%zu of them to '%s', the first at %s:%d:%d", g[i].n, g[i].group,
		                g[i].first->pos.file ? g[i].first->pos.file : "", g[i].first->pos.line,
		                g[i].first->pos.col);
		ismc_diag note = { .code = c, .severity = ISMC_NOTE, .msg = msg.data };
		ismc_diag_print(f, &note, colour);
		ismc_buf_free(&msg);
	}
	free(g);
	ismc_map_free(index);
}

int ismc_report_text(FILE *f, const ismc_model *m, const ismc_diags *d, int werror,
                     int flags, int readiness)
{
	int colour = flags & ISMC_OUT_COLOUR, all = flags & ISMC_OUT_ALL;
	size_t total[ISMC_NCODES] = { 0 }, printed[ISMC_NCODES] = { 0 };
	size_t n = ismc_diags_count(d);
	for (size_t i = 0; i < n; i++)
		total[ismc_diags_at(d, i)->code]++;
	for (size_t i = 0; i < n; i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		if (all || total[dg->code] <= S_FOLD || printed[dg->code]++ < S_SHOW)
			ismc_diag_print(f, dg, colour);
	}
	for (int c = 0; c < ISMC_NCODES && !all; c++) {
		if (total[c] <= S_FOLD)
			continue;
		S_groups(f, d, (ismc_code)c, colour);
		char msg[128];
		snprintf(msg, sizeof msg, "%zu more like these not shown (--all lists them)",
		         total[c] - S_SHOW);
		ismc_diag fold = { .code = (ismc_code)c, .severity = ISMC_NOTE, .msg = msg };
		ismc_diag_print(f, &fold, colour);
	}
	if (n > S_FOLD)
		S_gap_analysis(f, m, d, colour);
	ismc_summary sum;
	ismc_summary_make(&sum, m, d, werror);
	ismc_buf b = { 0 };
	if (n && sum.model && readiness)
		ismc_buf_puts(&b, "\n");
	ismc_summary_render(&b, &sum, readiness);
	fputs(b.data, f);
	ismc_buf_free(&b);
	return sum.status;
}
