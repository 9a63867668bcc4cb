/* report.c: what `check` prints after the rules have run: the diagnostics,
 * the readiness summary (SPEC §5) and the closing summary line. */
#include "ismc.h"

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
		if (dc->status.s && !strcmp(dc->status.s, "implemented") &&
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
	for (size_t i = 0; i < m->docs.n; i++) {
		const ismc_doc *doc = m->docs.v[i];
		if (doc->next_review_days >= 0 && doc->next_review_days < m->as_of)
			r->reviews_overdue++;
	}
}

static const char *S_s(size_t n)
{
	return n == 1 ? "" : "s";
}

int ismc_report_text(FILE *f, const ismc_model *m, const ismc_diags *d, int werror,
                     int colour, int readiness)
{
	for (size_t i = 0; i < ismc_diags_count(d); i++)
		ismc_diag_print(f, ismc_diags_at(d, i), colour);
	size_t errors = ismc_diags_count_severity(d, ISMC_ERROR);
	size_t warnings = ismc_diags_count_severity(d, ISMC_WARNING);
	if (m && readiness) {
		ismc_readiness r;
		char asof[11];
		ismc_report_readiness(m, &r);
		ismc_date_format(m->as_of, asof);
		if (ismc_diags_count(d))
			fputc('\n', f);
		fprintf(f, "readiness as of %s:\n", asof);
		fprintf(f, "  clauses 4-10    %zu/%zu leaf clauses addressed by approved documents\n",
		        r.leaves_covered, r.leaves);
		fprintf(f, "  SoA             %zu/%zu controls decided (%zu applicable, %zu excluded)\n",
		        r.decided, r.controls, r.applicable, r.decided - r.applicable);
		fprintf(f, "  implementation  %zu/%zu applicable controls implemented\n",
		        r.implemented, r.applicable);
		fprintf(f, "  risks           %zu above acceptance, %zu of them without sign-off\n",
		        r.risks_above, r.risks_above_unaccepted);
		fprintf(f, "  reviews         %zu overdue\n", r.reviews_overdue);
	}
	fprintf(f, "ismc: %zu error%s, %zu warning%s", errors, S_s(errors), warnings, S_s(warnings));
	if (m)
		fprintf(f, " in %zu document%s, %zu risk%s, %zu control%s", m->docs.n, S_s(m->docs.n),
		        m->risks.n, S_s(m->risks.n), m->decisions.n, S_s(m->decisions.n));
	if (werror && warnings && !errors)
		fputs(" (warnings are errors: --werror)", f);
	fputc('\n', f);
	return errors || (werror && warnings) ? 1 : 0;
}
