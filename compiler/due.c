/* due.c: what falls due, the last part of the resolve step. An ISMS is
 * operated between audits: documents come up for review, recurring
 * activities want their next record, planned controls have targets, risks
 * review dates, sign-offs expire, corrective actions are due, suppliers
 * want reviewing and the certification body comes back. Each becomes one
 * ismc_due here, once; the rules (the *-overdue codes), the summary, the
 * outputs and the calendar all read the same list. */
#include "ismc.h"

#include <stdlib.h>
#include <string.h>

#define EACH(T, var, vec) \
	for (size_t var##_i = 0; var##_i < (vec).n; var##_i++) \
		for (T *var = (vec).v[var##_i]; var; var = NULL)

#define ISMC_X_DUE_NAME(e, name, word) name,
#define ISMC_X_DUE_WORD(e, name, word) word,
const char *const ismc_due_kinds[] = { ISMC_DUE_KINDS(ISMC_X_DUE_NAME) NULL };
const char *const ismc_due_words[] = { ISMC_DUE_KINDS(ISMC_X_DUE_WORD) NULL };

/* How far ahead the audits of the certification cycle are listed. */
#define S_AUDIT_YEARS 10

static ismc_due *S_add(ismc_vec *v, ismc_arena *a, ismc_due_kind kind, const char *id,
                       const char *title, const char *owner, long date, ismc_pos pos,
                       const void *obj)
{
	ismc_due *d = ismc_arena_alloc(a, sizeof(*d));
	d->kind = kind;
	d->id = id;
	d->title = title ? title : "";
	d->owner = owner;
	d->date = d->late = date;
	d->pos = pos;
	d->obj = obj;
	ismc_vec_push(v, d);
	return d;
}

static void S_recurs(ismc_due *d, long count, int unit)
{
	d->every = count;
	d->unit = unit;
}

/* Documents, then the registers' document: blocks (the SoA's review too). */
static void S_documents(ismc_model *m, ismc_vec *v)
{
	for (int k = 0; k < 2; k++)
	EACH(ismc_doc, doc, k ? m->regdocs : m->docs) {
		if (doc->next_review_days < 0 || !doc->id.s)
			continue;
		ismc_pos pos = doc->next_review.s ? doc->next_review.pos : doc->approved_on.pos;
		ismc_due *d = S_add(v, m->arena, ISMC_DUE_REVIEW, doc->id.s, doc->title.s,
		                    doc->owner.s, doc->next_review_days, pos, doc);
		if (doc->review_interval.s)
			S_recurs(d, doc->review_interval.n, (int)doc->review_interval.m);
		else
			S_recurs(d, m->cfg.review_count, m->cfg.review_unit);
	}
}

/* An activity is due `every` after its latest record, and overdue once its
 * grace has passed too; never recorded, it is due now. */
static void S_activities(ismc_model *m, ismc_vec *v)
{
	EACH(ismc_activity, a, m->activities) {
		if (!a->id.s || !a->every.s)
			continue;
		long date = a->latest ? ismc_date_add(a->latest->date.n, a->every.n, (int)a->every.m)
		                      : m->as_of;
		ismc_due *d = S_add(v, m->arena, ISMC_DUE_ACTIVITY, a->id.s, a->title.s, a->owner.s,
		                    date, a->id.pos, a);
		S_recurs(d, a->every.n, (int)a->every.m);
		if (!a->latest) {
			d->never = 1;
			d->late = m->as_of - 1;
		} else if (a->grace.s) {
			d->late = ismc_date_add(date, a->grace.n, (int)a->grace.m);
		}
	}
}

/* A control not yet implemented is due by its target. */
static void S_targets(ismc_model *m, ismc_vec *v)
{
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control || !dc->applicable.s || !dc->applicable.n || !dc->target.s ||
		    !dc->status.s || dc->status.n == ISMC_CTL_IMPLEMENTED)
			continue;
		S_add(v, m->arena, ISMC_DUE_TARGET, dc->control->id, dc->control->title, dc->owner.s,
		      dc->target.n, dc->target.pos, dc);
	}
}

/* A risk's review, and its sign-off's expiry: a residual above acceptance
 * needs a sign-off, which stands for risk.acceptance_valid. */
static void S_risks(ismc_model *m, ismc_vec *v)
{
	const ismc_config *cfg = &m->cfg;
	EACH(ismc_risk, r, m->risks) {
		if (!r->id.s)
			continue;
		if (r->review_on.s)
			S_add(v, m->arena, ISMC_DUE_RISK_REVIEW, r->id.s, r->title.s, r->owner.s,
			      r->review_on.n, r->review_on.pos, r);
		if (cfg->acceptance_valid.s && cfg->acceptance.s && r->accepted_on.s &&
		    r->residual.n * r->residual.m > cfg->acceptance.n)
			S_add(v, m->arena, ISMC_DUE_ACCEPTANCE, r->id.s, r->title.s, r->owner.s,
			      ismc_date_add(r->accepted_on.n, cfg->acceptance_valid.n,
			                    (int)cfg->acceptance_valid.m),
			      r->accepted_on.pos, r);
	}
}

/* An open nonconformity wants its root cause and actions within
 * nonconformity.analyse_within of being raised; each action not done is
 * due on its date, whatever the nonconformity's status. */
static void S_nonconformities(ismc_model *m, ismc_vec *v)
{
	EACH(ismc_nonconformity, nc, m->nonconformities) {
		if (!nc->id.s)
			continue;
		int open = !nc->status.s || nc->status.n == ISMC_NC_OPEN;
		if (open && nc->raised_on.s && (!nc->root_cause.s || nc->actions.n == 0))
			S_add(v, m->arena, ISMC_DUE_ANALYSIS, nc->id.s, nc->title.s, NULL,
			      ismc_date_add(nc->raised_on.n, m->cfg.analyse_count, m->cfg.analyse_unit),
			      nc->id.pos, nc);
		for (size_t i = 0; i < nc->actions.n; i++) {
			const ismc_nc_action *act = nc->actions.v[i];
			if (act->done_on.node || !act->due.s || !act->id.s)
				continue;
			ismc_due *d = S_add(v, m->arena, ISMC_DUE_ACTION, nc->id.s, act->action.s,
			                    act->owner.s, act->due.n, act->due.pos, nc);
			d->sub = act->id.s;
			d->action = act;
		}
	}
}

static void S_suppliers(ismc_model *m, ismc_vec *v)
{
	EACH(ismc_supplier, sp, m->suppliers) {
		if (!sp->id.s || !sp->review_every.s)
			continue;
		long count = sp->review_every.n;
		int unit = (int)sp->review_every.m;
		long date = sp->last_review.s ? ismc_date_add(sp->last_review.n, count, unit) : m->as_of;
		ismc_due *d = S_add(v, m->arena, ISMC_DUE_SUPPLIER, sp->id.s, sp->name.s, sp->owner.s,
		                    date, sp->last_review.s ? sp->last_review.pos : sp->id.pos, sp);
		S_recurs(d, count, unit);
		if (!sp->last_review.s) {
			d->never = 1;
			d->late = m->as_of - 1;
		}
	}
}

/* The audits of the certification cycle from the as-of date on: in each
 * three-year cycle two surveillance audits, a year apart, and the
 * recertification audit at its end, which starts the next cycle. The first
 * cycle's dates may be given (certification.surveillance, recertification);
 * the rest are derived. */
static void S_audits(ismc_model *m, ismc_vec *v)
{
	const ismc_certification *c = m->cfg.certification.n ? m->cfg.certification.v[0] : NULL;
	if (!c || !c->certified_on.s)
		return;
	long until = ismc_date_add(m->as_of, S_AUDIT_YEARS, ISMC_YEARS);
	long start = c->certified_on.n;
	for (int cycle = 0; start <= until; cycle++) {
		long dates[3];
		const ismc_pos *at[3] = { NULL, NULL, NULL };
		for (int k = 0; k < 2; k++) {
			dates[k] = ismc_date_add(start, k + 1, ISMC_YEARS);
			if (cycle == 0 && (size_t)k < c->surveillance.n) {
				dates[k] = c->surveillance.v[k].n;
				at[k] = &c->surveillance.v[k].pos;
			}
		}
		dates[2] = ismc_date_add(start, 3, ISMC_YEARS);
		if (cycle == 0 && c->recertification.s) {
			dates[2] = c->recertification.n;
			at[2] = &c->recertification.pos;
		}
		for (int k = 0; k < 3; k++) {
			if (dates[k] < m->as_of || dates[k] > until)
				continue;
			ismc_due *d = S_add(v, m->arena, ISMC_DUE_AUDIT, "certification",
			                    c->body.s ? c->body.s : "the certification body", NULL,
			                    dates[k], at[k] ? *at[k] : c->pos, NULL);
			d->sub = k < 2 ? "surveillance" : "recertification";
		}
		if (dates[2] <= start)
			break; /* a recertification given before the certificate: no cycle */
		start = dates[2];
	}
}

static int S_cmp(const void *a, const void *b)
{
	const ismc_due *x = *(const ismc_due *const *)a, *y = *(const ismc_due *const *)b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return strcmp(x->sub ? x->sub : "", y->sub ? y->sub : "");
}

void ismc_resolve_due(ismc_model *m)
{
	ismc_vec v = { 0 };
	S_documents(m, &v);
	S_activities(m, &v);
	S_targets(m, &v);
	S_risks(m, &v);
	S_nonconformities(m, &v);
	S_suppliers(m, &v);
	S_audits(m, &v);
	if (v.n)
		qsort(v.v, v.n, sizeof(void *), S_cmp);
	ismc_due *out = ismc_arena_alloc(m->arena, (v.n + 1) * sizeof(ismc_due));
	for (size_t i = 0; i < v.n; i++) {
		out[i] = *(const ismc_due *)v.v[i];
		out[i].overdue = out[i].kind != ISMC_DUE_AUDIT && out[i].late < m->as_of;
	}
	m->due = out;
	m->ndue = v.n;
	ismc_vec_free(&v);
}

int ismc_due_soon(const ismc_model *m, const ismc_due *d)
{
	return !d->overdue && d->date <= m->as_of + ISMC_DUE_SOON_DAYS;
}

long ismc_due_at(const ismc_due *d, long k)
{
	return k == 0 || d->every <= 0 ? d->date : ismc_date_add(d->date, k * d->every, d->unit);
}
