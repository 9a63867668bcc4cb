/* check.c: the rules of SPEC §4 over the model, one small function per
 * diagnostic code, run from one table. Rules only read the resolved model
 * (what several rules and the outputs share was derived once by resolve.c)
 * and add diagnostics. The parse-time codes (yaml-syntax, missing-field, ...)
 * come from the stages that see the text; the git codes from git.c. */
#include "ismc.h"

#include <ctype.h>
#include <string.h>

#define EACH(T, var, vec) \
	for (size_t var##_i = 0; var##_i < (vec).n; var##_i++) \
		for (T *var = (vec).v[var##_i]; var; var = NULL)

/* ---- the rules ---- */

static void S_duplicate_id(const ismc_model *m)
{
	EACH(ismc_dup, dup, m->dups) {
		ismc_diag *dg = ismc_diag_add(m->diags, ISMC_DUPLICATE_ID, dup->second,
		                          "'%s' is defined twice", dup->id);
		ismc_diag_note(dg, dup->first, "'%s' is first defined here", dup->id);
	}
}

/* "A.5.15 Access control", or "A.5.36 ... and A.8.8 ...": the controls of
 * `cur` that `ids` name, in its catalog order, each once. */
static void S_successors(ismc_buf *b, const ismc_catalog *cur, const char *const *ids, size_t n)
{
	size_t count = 0, shown = 0;
	for (size_t i = 0; i < ismc_catalog_ncontrols(cur); i++) {
		const ismc_control *c = ismc_catalog_control_at(cur, i);
		for (size_t k = 0; k < n; k++)
			if (!strcmp(ids[k], c->id)) {
				count++;
				break;
			}
	}
	for (size_t i = 0; i < ismc_catalog_ncontrols(cur); i++) {
		const ismc_control *c = ismc_catalog_control_at(cur, i);
		for (size_t k = 0; k < n; k++)
			if (!strcmp(ids[k], c->id)) {
				shown++;
				ismc_buf_printf(b, "%s%s %s", shown == 1 ? "" : shown == count ? " and " : ", ",
				                c->id, c->title);
				break;
			}
	}
}

/* An id of the catalog's earlier edition (ISO/IEC 27001:2013's A.9.1.1, or
 * its objective A.9.1): says what it was and what it became, with the names
 * the data gives. 1 when reported. */
static int S_earlier_edition(const ismc_model *m, const char *id, ismc_pos pos)
{
	const ismc_catalog *cur = m->catalog, *old = ismc_catalog_predecessor(cur);
	char canon[24];
	if (!old)
		return 0;
	const ismc_control *c = ismc_catalog_canonical(old, id, canon) == 0
	                        ? ismc_catalog_control(old, canon) : NULL;
	ismc_buf b = { 0 };
	if (c) {
		S_successors(&b, cur, c->successors, c->nsuccessors);
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		              "'%s' is an %s control (%s); in %s it is %s", id, ismc_catalog_name(old),
		              c->title, ismc_catalog_name(cur), b.data ? b.data : "no control");
		ismc_buf_free(&b);
		return 1;
	}
	/* an objective of the earlier edition (A.9.1: fewer levels than its
	 * controls, so written as the current edition writes a control) */
	if (ismc_catalog_canonical(cur, id, canon) != 0 && ismc_catalog_canonical(old, id, canon) != 0)
		return 0;
	size_t n = strlen(canon);
	const ismc_group *obj = ismc_catalog_objective(old, canon);
	if (!obj || ismc_catalog_control(cur, canon))
		return 0;
	ismc_vec ids = { 0 };
	for (size_t i = 0; i < ismc_catalog_ncontrols(old); i++) {
		const ismc_control *oc = ismc_catalog_control_at(old, i);
		if (!strncmp(oc->id, canon, n) && oc->id[n] == '.')
			for (size_t k = 0; k < oc->nsuccessors; k++)
				ismc_vec_push(&ids, (void *)oc->successors[k]);
	}
	S_successors(&b, cur, (const char *const *)ids.v, ids.n);
	ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
	              "'%s' is an %s control objective (%s), not a control; in %s its controls "
	              "are %s", id, ismc_catalog_name(old), obj->name, ismc_catalog_name(cur),
	              b.data ? b.data : "none");
	ismc_vec_free(&ids);
	ismc_buf_free(&b);
	return 1;
}

static void S_control_ref(const ismc_model *m, const char *id, ismc_pos pos)
{
	const ismc_catalog *cat = m->catalog;
	if (ismc_catalog_control(cat, id))
		return;
	char canon[24];
	if (ismc_catalog_canonical(cat, id, canon) == 0 && ismc_catalog_control(cat, canon)) {
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not how controls are written; write '%s'", id, canon);
		return;
	}
	if (S_earlier_edition(m, id, pos))
		return;
	const char *near = ismc_catalog_suggest_control(cat, id);
	if (near) {
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not an %s control; did you mean '%s'?", id,
		          ismc_catalog_control_set(cat), near);
	} else {
		ismc_buf range = { 0 };
		ismc_catalog_control_range(cat, &range);
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not an %s control of %s (%s)", id, ismc_catalog_control_set(cat),
		          ismc_catalog_name(cat), range.data ? range.data : "");
		ismc_buf_free(&range);
	}
}

static void S_unknown_control(const ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->controls.n; i++)
			S_control_ref(m, doc->controls.v[i].s, doc->controls.v[i].pos);
		for (size_t i = 0; i < doc->nrefs; i++)
			if (doc->refs[i].kind == ISMC_REF_CONTROL)
				S_control_ref(m, doc->refs[i].id, doc->refs[i].pos);
	}
	EACH(ismc_risk, r, m->risks)
		for (size_t i = 0; i < r->controls.n; i++)
			S_control_ref(m, r->controls.v[i].s, r->controls.v[i].pos);
	EACH(ismc_decision, dc, m->decisions)
		if (dc->id.s)
			S_control_ref(m, dc->id.s, dc->id.pos);
}

static void S_unknown_clause(const ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		for (size_t i = 0; i < doc->clauses.n; i++) {
			const ismc_val *v = &doc->clauses.v[i];
			if (ismc_catalog_clause(m->catalog, v->s))
				continue;
			/* "6" or "7": a whole clause, which no document addresses at once */
			ismc_buf subs = { 0 };
			for (size_t k = 0; k < ismc_catalog_nclauses(m->catalog); k++) {
				const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
				if (ismc_clause_covers(v->s, cl->id) && !strchr(cl->id + strlen(v->s) + 1, '.'))
					ismc_buf_printf(&subs, "%s%s", subs.len ? ", " : "", cl->id);
			}
			const char *near = ismc_catalog_suggest_clause(m->catalog, v->s);
			if (subs.len)
				ismc_diag_add(m->diags, ISMC_UNKNOWN_CLAUSE, v->pos,
				          "'%s' is a whole clause; list the clauses addressed (%s)", v->s, subs.data);
			else if (near)
				ismc_diag_add(m->diags, ISMC_UNKNOWN_CLAUSE, v->pos,
				          "'%s' is not a clause of %s; did you mean '%s'?", v->s,
				          ismc_catalog_name(m->catalog), near);
			else {
				ismc_buf range = { 0 };
				ismc_catalog_clause_range(m->catalog, &range);
				ismc_diag_add(m->diags, ISMC_UNKNOWN_CLAUSE, v->pos,
				          "'%s' is not a clause of %s (%s)", v->s, ismc_catalog_name(m->catalog),
				          range.data ? range.data : "");
				ismc_buf_free(&range);
			}
			ismc_buf_free(&subs);
		}
}

static const char *const S_kindname[] = { "a document", "a risk", "an asset", "a person",
	                                   "a register's document block" };

/* A reference that must resolve; `want` is the kind it must be, or -1. */
static void S_ref(const ismc_model *m, const char *id, ismc_pos pos, int want, int lenient)
{
	const ismc_def *def = ismc_model_lookup(m, id);
	if (def) {
		if (want >= 0 && (int)def->kind != want)
			ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, pos, "'%s' is %s, not %s", id,
			          S_kindname[def->kind], S_kindname[want]);
		return;
	}
	char upper[64];
	size_t n = strlen(id);
	if (n < sizeof upper) {
		for (size_t i = 0; i <= n; i++)
			upper[i] = (char)toupper((unsigned char)id[i]);
		if (strcmp(upper, id) != 0 && ismc_model_lookup(m, upper)) {
			ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, pos,
			          "'%s' is written in the wrong case; write '%s'", id, upper);
			return;
		}
	}
	if (lenient)
		return; /* `[see-also]` in prose: only a near miss of a real id counts */
	const char *near = ismc_model_suggest_id(m, id);
	if (near)
		ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, pos,
		          "'%s' is not defined; did you mean '%s'?", id, near);
	else
		ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, pos,
		          "'%s' is not defined by any document, risk or asset", id);
}

static void S_unknown_reference(const ismc_model *m)
{
	if (m->cfg.scope.s)
		S_ref(m, m->cfg.scope.s, m->cfg.scope.pos, ISMC_ID_DOC, 0);
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->related.n; i++) {
			/* a control decision is a register record too: `related: [A.5.15]` */
			if (ismc_ref_classify(doc->related.v[i].s) == ISMC_REF_CONTROL)
				S_control_ref(m, doc->related.v[i].s, doc->related.v[i].pos);
			else
				S_ref(m, doc->related.v[i].s, doc->related.v[i].pos, -1, 0);
		}
		for (size_t i = 0; i < doc->nrefs; i++) {
			const ismc_ref *r = &doc->refs[i];
			if (r->kind == ISMC_REF_ID || r->kind == ISMC_REF_WRONG_CASE)
				S_ref(m, r->id, r->pos, -1, r->kind == ISMC_REF_WRONG_CASE);
		}
	}
	EACH(ismc_risk, r, m->risks)
		for (size_t i = 0; i < r->assets.n; i++)
			S_ref(m, r->assets.v[i].s, r->assets.v[i].pos, ISMC_ID_ASSET, 0);
	EACH(ismc_decision, dc, m->decisions) {
		for (size_t i = 0; i < dc->implemented_by.n; i++)
			S_ref(m, dc->implemented_by.v[i].s, dc->implemented_by.v[i].pos, ISMC_ID_DOC, 0);
		for (size_t i = 0; i < dc->evidence.n; i++)
			if (!ismc_evidence_is_file(dc->evidence.v[i].s)) /* files: broken-link */
				S_ref(m, dc->evidence.v[i].s, dc->evidence.v[i].pos, ISMC_ID_DOC, 0);
	}
}

/* What a broken link's finding shares with others: its target as the
 * repository has it, with the fragment ("records/review.md#finding"). */
static const char *S_link_group(const ismc_model *m, const ismc_link *l)
{
	if (!l->target)
		return l->kind == ISMC_LINK_EMPTY ? "(no destination)" : l->url;
	return l->frag && *l->frag ? ismc_arena_printf(m->arena, "%s#%s", l->target, l->frag)
	                           : l->target;
}

static ismc_diag *S_last(ismc_diags *d)
{
	return (ismc_diag *)ismc_diags_at(d, ismc_diags_count(d) - 1);
}

/* A file a register names (an evidence file, a person's key): it must be a
 * file of the ISMS, below the root. */
static void S_file_ref(const ismc_model *m, const ismc_val *v, const char *what)
{
	const ismc_file *f = ismc_source_find(m->src, v->s);
	if (f && !f->escapes && !f->badname && f->size > ISMC_MAX_FILE)
		ismc_diag_add(m->diags, ISMC_FILE_TOO_LARGE, v->pos,
		              "%s '%s' is larger than the %u MiB limit", what, v->s, ISMC_MAX_FILE >> 20);
	if (f && !f->escapes && !f->badname)
		return;
	if (f && f->escapes)
		ismc_diag_add(m->diags, ISMC_BROKEN_LINK, v->pos, "%s '%s' leads outside the ISMS root",
		              what, v->s);
	else if (ismc_source_is_dir(m->src, v->s))
		ismc_diag_add(m->diags, ISMC_BROKEN_LINK, v->pos, "%s '%s' is a folder, not a file", what,
		              v->s);
	else
		ismc_diag_add(m->diags, ISMC_BROKEN_LINK, v->pos,
		              "%s '%s': no such file in the ISMS (paths are relative to the root; "
		              "dot-folders are not read)", what, v->s);
}

/* An SSH public key line, where a person's keys list paths. */
static int S_ssh_key(const char *s)
{
	return !strncmp(s, "ssh-", 4) || !strncmp(s, "ecdsa-", 6) || !strncmp(s, "sk-", 3);
}

static void S_broken_link(const ismc_model *m)
{
	int repo = ismc_source_prefix(m->src) != NULL;
	EACH(ismc_doc, doc, m->docs)
		for (size_t i = 0; i < doc->nlinks; i++) {
			const ismc_link *l = &doc->links[i];
			size_t before = ismc_diags_count(m->diags);
			/* `[![Complete](badge.svg)]()`: a badge, whose link goes nowhere on purpose */
			if (l->kind == ISMC_LINK_EMPTY && !l->badge)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos, "link with no destination");
			else if (l->kind == ISMC_LINK_OUTSIDE && repo)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				              "link '%s' leads outside the repository", l->url);
			else if (l->kind == ISMC_LINK_OUTSIDE)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				              "link '%s' leads outside the ISMS root (which is in no git "
				              "repository)", l->url);
			else if (l->kind == ISMC_LINK_REPO && l->repo_at == ISMC_AT_NONE)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				              "link '%s': no file '%s' in the repository", l->url, l->target);
			else if (l->kind == ISMC_LINK_LOCAL && !l->file && !l->folder)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': no file '%s' in the ISMS", l->url, l->target);
			else if (l->kind == ISMC_LINK_LOCAL && l->frag_state == ISMC_FRAG_MISSING && l->near)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': '%s' has no heading '#%s'; did you mean '#%s'?", l->url,
				          l->target, l->frag, l->near);
			else if (l->kind == ISMC_LINK_LOCAL && l->frag_state == ISMC_FRAG_MISSING)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': '%s' has no heading '#%s'", l->url, l->target, l->frag);
			else
				continue;
			if (ismc_diags_count(m->diags) > before) /* the folded report groups by target */
				ismc_diag_group(S_last(m->diags), S_link_group(m, l));
		}
}

static void S_broken_file(const ismc_model *m)
{
	EACH(ismc_decision, dc, m->decisions)
		for (size_t i = 0; i < dc->evidence.n; i++)
			if (ismc_evidence_is_file(dc->evidence.v[i].s))
				S_file_ref(m, &dc->evidence.v[i], "evidence file");
	EACH(ismc_person, p, m->people)
		for (size_t i = 0; i < p->keys.n; i++)
			if (!S_ssh_key(p->keys.v[i].s))
				S_file_ref(m, &p->keys.v[i], "key file");
}

static void S_unsafe_link(const ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		for (size_t i = 0; i < doc->nlinks; i++) {
			const ismc_link *l = &doc->links[i];
			if (l->kind != ISMC_LINK_UNSAFE)
				continue;
			if (ismc_link_protocol_relative(l->url))
				ismc_diag_add(m->diags, ISMC_UNSAFE_LINK, l->pos,
				              "link '%.60s' has no scheme: it takes that of wherever the page "
				              "is opened (file: for a pack opened from disk); write https:// "
				              "in full", l->url);
			else
				ismc_diag_add(m->diags, ISMC_UNSAFE_LINK, l->pos,
				              "link '%.60s' uses a forbidden scheme: only http, https, mailto "
				              "and relative links are allowed", l->url);
		}
}

static void S_soa_missing_control(const ismc_model *m)
{
	for (size_t i = 0; i < ismc_catalog_ncontrols(m->catalog); i++) {
		const ismc_control *c = ismc_catalog_control_at(m->catalog, i);
		if (!ismc_map_get(m->decided, c->id))
			ismc_diag_add(m->diags, ISMC_SOA_MISSING_CONTROL, m->controls_pos,
			          "no SoA decision for %s %s: add it to a controls register with "
			          "applicable and justification", c->id, c->title);
	}
}

static void S_excluded_use(const ismc_model *m, const ismc_list *controls, const char *who)
{
	for (size_t i = 0; i < controls->n; i++) {
		ismc_decision *dc = ismc_map_get(m->decided, controls->v[i].s);
		if (dc && dc->applicable.s && !dc->applicable.n)
			ismc_diag_add(m->diags, ISMC_EXCLUDED_CONTROL_USED, controls->v[i].pos,
			          "%s relies on %s, which the SoA excludes (%s:%d)", who,
			          controls->v[i].s, dc->applicable.pos.file, dc->applicable.pos.line);
	}
}

static void S_excluded_control_used(const ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		S_excluded_use(m, &doc->controls, "this document");
	EACH(ismc_risk, r, m->risks)
		S_excluded_use(m, &r->controls, "this risk's treatment");
}

static int S_status_is(const ismc_decision *dc, const char *s)
{
	return dc->status.s && !strcmp(dc->status.s, s);
}

static void S_control_unimplemented(const ismc_model *m)
{
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control || !dc->applicable.s || !dc->applicable.n)
			continue;
		if (!S_status_is(dc, "implemented") && !S_status_is(dc, "partial"))
			continue;
		if (!ismc_control_implemented(m, dc->control->id))
			ismc_diag_add(m->diags, ISMC_CONTROL_UNIMPLEMENTED, dc->status.pos,
			          "%s is marked %s, but no approved document implements it (list one "
			          "in implemented_by, or the control in a document's controls)",
			          dc->control->id, dc->status.s);
	}
}

static void S_planned_without_target(const ismc_model *m)
{
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control || !dc->applicable.s || !dc->applicable.n || dc->target.node)
			continue;
		if (S_status_is(dc, "planned") || S_status_is(dc, "not-implemented"))
			ismc_diag_add(m->diags, ISMC_PLANNED_WITHOUT_TARGET, dc->status.pos,
			          "%s is %s but has no target date", dc->control->id, dc->status.s);
	}
}

static void S_risk_no_controls(const ismc_model *m)
{
	EACH(ismc_risk, r, m->risks)
		if (r->treatment.s && !strcmp(r->treatment.s, "mitigate") && r->controls.n == 0)
			ismc_diag_add(m->diags, ISMC_RISK_NO_CONTROLS, r->treatment.pos,
			          "risk %s is mitigated but selects no controls", r->id.s ? r->id.s : "");
}

static void S_risk_acceptance_missing(const ismc_model *m)
{
	if (!m->cfg.acceptance.s)
		return;
	EACH(ismc_risk, r, m->risks) {
		long score = r->residual.n * r->residual.m;
		if (score <= m->cfg.acceptance.n || (r->accepted_by.s && r->accepted_on.s))
			continue;
		ismc_diag_add(m->diags, ISMC_RISK_ACCEPTANCE_MISSING,
		          r->residual.s ? r->residual.pos : r->pos,
		          "residual risk %ld x %ld = %ld is above the acceptance level %ld: record "
		          "the risk owner's sign-off in accepted_by and accepted_on",
		          r->residual.n, r->residual.m, score, m->cfg.acceptance.n);
	}
}

/* Where a finding about the whole ISMS is best read: the first document that
 * names `leaf` in its clauses (a draft, then: approving it is the work), else
 * the scope document's clauses (or its front matter), else isms.yml's
 * `standard:`. */
static ismc_pos S_clause_place(const ismc_model *m, size_t k, const char *leaf)
{
	const ismc_clause_facts *f = &m->clause_facts[k];
	for (size_t i = 0; i < f->ndocs; i++)
		for (size_t c = 0; c < f->docs[i]->clauses.n; c++)
			if (ismc_clause_covers(f->docs[i]->clauses.v[c].s, leaf))
				return f->docs[i]->clauses.v[c].pos;
	const ismc_doc *scope = ismc_model_doc(m, m->cfg.scope.s);
	if (scope && scope->clauses.key.file)
		return scope->clauses.key;
	if (scope && scope->fm_pos.file)
		return scope->fm_pos;
	return m->cfg.standard_pos;
}

static void S_clause_uncovered(const ismc_model *m)
{
	for (size_t k = 0; k < ismc_catalog_nclauses(m->catalog); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
		if (cl->leaf && !m->clause_facts[k].covered)
			ismc_diag_add(m->diags, ISMC_CLAUSE_UNCOVERED, S_clause_place(m, k, cl->id),
			          "clause %s %s is addressed by no approved document", cl->id, cl->title);
	}
}

static void S_record_missing(const ismc_model *m)
{
	long from = ismc_date_add(m->as_of, -m->cfg.period_count, m->cfg.period_unit);
	for (size_t c = 0; c < ismc_catalog_nrecords(m->catalog); c++) {
		const char *leaf = ismc_catalog_record_at(m->catalog, c);
		const ismc_doc *newest = NULL;
		int ok = 0;
		EACH(ismc_doc, doc, m->docs) {
			if (!doc->type.s || doc->type.n != ISMC_TYPE_RECORD || !ismc_doc_approved(doc) ||
			    !doc->date.s)
				continue;
			int lists = 0;
			for (size_t i = 0; i < doc->clauses.n; i++)
				lists |= ismc_clause_covers(doc->clauses.v[i].s, leaf);
			if (!lists || doc->date.n > m->as_of)
				continue;
			if (doc->date.n >= from)
				ok = 1;
			if (!newest || doc->date.n > newest->date.n)
				newest = doc;
		}
		if (ok)
			continue;
		const ismc_clause *cl = ismc_catalog_clause(m->catalog, leaf);
		char asof[11], d[11];
		ismc_date_format(m->as_of, asof);
		if (newest) {
			ismc_date_format(newest->date.n, d);
			/* at the newest record's date: a new record is the work */
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING, newest->date.pos,
			          "clause %s %s needs a record within the audit period; the newest, %s, "
			          "is dated %s, more than %s before %s", leaf, cl ? cl->title : "",
			          newest->id.s, d, m->cfg.period.s ? m->cfg.period.s : "12 months", asof);
		} else {
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING,
			              cl ? S_clause_place(m, (size_t)cl->index, leaf) : m->cfg.standard_pos,
			          "clause %s %s needs an approved record (type record, listing %s) "
			          "dated within the audit period before %s", leaf, cl ? cl->title : "", leaf, asof);
		}
	}
}

/* The controlled documents: every document, then the registers' document:
 * blocks; the rules on approval and review run over both. */
#define EACH_CONTROLLED(var, m) \
	for (int var##_k = 0; var##_k < 2; var##_k++) \
		EACH(ismc_doc, var, var##_k ? (m)->regdocs : (m)->docs)

static void S_review_overdue(const ismc_model *m)
{
	EACH_CONTROLLED(doc, m) {
		if (doc->next_review_days < 0 || doc->next_review_days >= m->as_of)
			continue;
		char due[11];
		ismc_date_format(doc->next_review_days, due);
		ismc_pos pos = doc->next_review.s ? doc->next_review.pos : doc->approved_on.pos;
		ismc_diag_add(m->diags, ISMC_REVIEW_OVERDUE, pos, "%s was due for review on %s",
		          doc->id.s ? doc->id.s : doc->path, due);
	}
}

static void S_approval_missing(const ismc_model *m)
{
	EACH_CONTROLLED(doc, m) {
		if (!ismc_doc_approved(doc))
			continue;
		int by = doc->approved_by.s != NULL;
		/* an approved_on that is given but invalid is reported already */
		int on = doc->approved_on.node && doc->approved_on.node->kind != ISMC_Y_NULL;
		if (!by || !on)
			ismc_diag_add(m->diags, ISMC_APPROVAL_MISSING, doc->status.pos,
			          "status is approved but %s %s missing", !by && !on ? "approved_by and approved_on"
			          : !by ? "approved_by" : "approved_on", !by && !on ? "are" : "is");
	}
}

/* An approval dated after the as-of date has not happened yet: the document
 * is not approved as of that day, whatever its status says. (Only approved_on
 * for now; the same code covers every date of a past event.) */
static void S_date_in_future(const ismc_model *m)
{
	char asof[11];
	ismc_date_format(m->as_of, asof);
	EACH_CONTROLLED(doc, m) {
		const ismc_val *v = &doc->approved_on;
		if (v->s && v->n > m->as_of)
			ismc_diag_add(m->diags, ISMC_DATE_IN_FUTURE, v->pos,
			              "approved_on %s is after the as-of date %s: the date of something "
			              "that happened cannot lie ahead", v->s, asof);
	}
}

static void S_orphan_document(const ismc_model *m)
{
	/* a retired document is kept as a record of the past: nothing need cite it */
	EACH(ismc_doc, doc, m->docs)
		if (!doc->referenced && doc->clauses.n == 0 && doc->controls.n == 0 &&
		    !(doc->status.s && doc->status.n == ISMC_STATUS_RETIRED))
			ismc_diag_add(m->diags, ISMC_ORPHAN_DOCUMENT, doc->fm_pos,
			          "%s is referenced by nothing and addresses no clause or control",
			          doc->id.s ? doc->id.s : "this document");
}

/* The closest role or person's name to `who`, for a did-you-mean. */
static const char *S_near_person(const ismc_model *m, const char *who)
{
	ismc_vec cands = { 0 };
	EACH(ismc_person, p, m->people) {
		if (p->name.s)
			ismc_vec_push(&cands, (void *)p->name.s);
		for (size_t i = 0; i < p->roles.n; i++)
			ismc_vec_push(&cands, (void *)p->roles.v[i].s);
	}
	const char *near = ismc_closest(who, (const char *const *)cands.v, cands.n);
	ismc_vec_free(&cands);
	return near;
}

static void S_unknown_person(const ismc_model *m)
{
	if (!m->npeople_files)
		return; /* without a people register, names are not checked */
	EACH(ismc_person_ref, pr, m->person_refs) {
		const ismc_person *const *who;
		if (ismc_people_named(m, pr->v->s, &who))
			continue;
		const char *near = S_near_person(m, pr->v->s);
		ismc_diag *dg = ismc_diag_add(m->diags, ISMC_UNKNOWN_PERSON, pr->v->pos,
		                              "%s '%s' is no one in the people register: no person has "
		                              "that id, name or email, and no one holds that role%s%s%s",
		                              pr->field, pr->v->s, near ? "; did you mean '" : "",
		                              near ? near : "", near ? "'?" : "");
		if (!pr->approver)
			ismc_diag_demote(dg);
	}
}

static void S_approver_not_allowed(const ismc_model *m)
{
	EACH_CONTROLLED(doc, m) {
		const ismc_list *allowed = ismc_approver_roles(m, doc);
		if (!allowed || !ismc_doc_approved(doc) || !doc->approved_by.s)
			continue;
		int ok = 0;
		for (size_t i = 0; i < allowed->n && !ok; i++)
			ok = !strcmp(allowed->v[i].s, doc->approved_by.s);
		/* a person holding an allowed role (resolve.c kept them) */
		if (ok || doc->napprovers)
			continue;
		const ismc_person *const *who;
		if (m->npeople_files && !ismc_people_named(m, doc->approved_by.s, &who))
			continue; /* unknown-person says it */
		ismc_buf roles = { 0 };
		for (size_t i = 0; i < allowed->n; i++)
			ismc_buf_printf(&roles, "%s%s", i ? ", " : "", allowed->v[i].s);
		ismc_diag_add(m->diags, ISMC_APPROVER_NOT_ALLOWED, doc->approved_by.pos,
		              "'%s' may not approve %s %s%s: isms.yml approvers allows %s",
		              doc->approved_by.s, doc->register_kind ? "the" : "a",
		              doc->register_kind ? doc->register_kind : doc->type.s,
		              doc->register_kind ? " register" : "", roles.len ? roles.data : "no one");
		ismc_buf_free(&roles);
	}
}

static void S_soa_unapproved(const ismc_model *m)
{
	if (m->cfg.proof.n <= ISMC_PROOF_NONE || m->soa_doc || !m->ncontrol_files)
		return;
	ismc_diag_add(m->diags, ISMC_SOA_UNAPPROVED, m->controls_pos,
	              "the Statement of Applicability has no id, version or approval: open the "
	              "controls register with a document: block (id, title, owner, version, status, "
	              "approved_by, approved_on)");
}

static const struct {
	ismc_code code;
	void (*run)(const ismc_model *m);
} S_rules[] = {
	{ ISMC_DUPLICATE_ID, S_duplicate_id },
	{ ISMC_UNKNOWN_CONTROL, S_unknown_control },
	{ ISMC_UNKNOWN_CLAUSE, S_unknown_clause },
	{ ISMC_UNKNOWN_REFERENCE, S_unknown_reference },
	{ ISMC_BROKEN_LINK, S_broken_link },
	{ ISMC_BROKEN_LINK, S_broken_file },
	{ ISMC_UNSAFE_LINK, S_unsafe_link },
	{ ISMC_SOA_MISSING_CONTROL, S_soa_missing_control },
	{ ISMC_EXCLUDED_CONTROL_USED, S_excluded_control_used },
	{ ISMC_CONTROL_UNIMPLEMENTED, S_control_unimplemented },
	{ ISMC_PLANNED_WITHOUT_TARGET, S_planned_without_target },
	{ ISMC_RISK_NO_CONTROLS, S_risk_no_controls },
	{ ISMC_RISK_ACCEPTANCE_MISSING, S_risk_acceptance_missing },
	{ ISMC_CLAUSE_UNCOVERED, S_clause_uncovered },
	{ ISMC_RECORD_MISSING, S_record_missing },
	{ ISMC_REVIEW_OVERDUE, S_review_overdue },
	{ ISMC_APPROVAL_MISSING, S_approval_missing },
	{ ISMC_DATE_IN_FUTURE, S_date_in_future },
	{ ISMC_ORPHAN_DOCUMENT, S_orphan_document },
	{ ISMC_UNKNOWN_PERSON, S_unknown_person },
	{ ISMC_APPROVER_NOT_ALLOWED, S_approver_not_allowed },
	{ ISMC_SOA_UNAPPROVED, S_soa_unapproved },
};

void ismc_check_run(const ismc_model *m)
{
	for (size_t i = 0; i < sizeof S_rules / sizeof *S_rules; i++)
		if (ismc_diags_severity(m->diags, S_rules[i].code) != ISMC_OFF)
			S_rules[i].run(m);
}
