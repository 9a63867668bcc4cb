/* check.c: the rules of SPEC §4 over the model, one small function per
 * diagnostic code, run from one table. Rules only read the resolved model
 * (what several rules and the outputs share was derived once by resolve.c)
 * and add diagnostics. The parse-time codes (yaml-syntax, missing-field, ...)
 * come from the stages that see the text; the git codes from git.c. */
#include "ismc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

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

static void S_control_refs(const ismc_model *m, const ismc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		S_control_ref(m, l->v[i].s, l->v[i].pos);
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
	EACH(ismc_activity, a, m->activities)
		S_control_refs(m, &a->controls);
	EACH(ismc_nonconformity, nc, m->nonconformities)
		S_control_refs(m, &nc->controls);
	EACH(ismc_supplier, sp, m->suppliers)
		S_control_refs(m, &sp->controls);
}

static void S_clause_refs(const ismc_model *m, const ismc_list *clauses)
{
	for (size_t i = 0; i < clauses->n; i++) {
		const ismc_val *v = &clauses->v[i];
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

static void S_unknown_clause(const ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		S_clause_refs(m, &doc->clauses);
	EACH(ismc_activity, a, m->activities)
		S_clause_refs(m, &a->clauses);
	EACH(ismc_nonconformity, nc, m->nonconformities)
		S_clause_refs(m, &nc->clauses);
}

/* "a risk", "an asset": an id kind's name with its article. */
static const char *S_a(ismc_id_kind k)
{
	return strchr("aeiou", ismc_id_kinds[k][0]) ? "an" : "a";
}

/* A reference that must resolve; `want` is the kind it must be, or -1. */
static void S_ref(const ismc_model *m, const char *id, ismc_pos pos, int want, int lenient)
{
	const ismc_def *def = ismc_model_lookup(m, id);
	if (def) {
		if (want >= 0 && (int)def->kind != want)
			ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, pos, "'%s' is %s %s, not %s %s",
			              id, S_a(def->kind), ismc_id_kinds[def->kind], S_a((ismc_id_kind)want),
			              ismc_id_kinds[want]);
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
	EACH(ismc_nonconformity, nc, m->nonconformities)
		for (size_t i = 0; i < nc->related.n; i++)
			S_ref(m, nc->related.v[i].s, nc->related.v[i].pos, -1, 0);
	EACH(ismc_supplier, sp, m->suppliers) {
		for (size_t i = 0; i < sp->assets.n; i++)
			S_ref(m, sp->assets.v[i].s, sp->assets.v[i].pos, ISMC_ID_ASSET, 0);
		/* an agreement is a document by its id, or a file by its path */
		if (sp->agreement.s && ismc_id_valid(sp->agreement.s))
			S_ref(m, sp->agreement.s, sp->agreement.pos, ISMC_ID_DOC, 0);
		else if (sp->agreement.s && !sp->agreement_file)
			ismc_diag_add(m->diags, ISMC_UNKNOWN_REFERENCE, sp->agreement.pos,
			              "agreement '%s' is neither a document id nor a file of the ISMS "
			              "(a path from the root, e.g. contracts/aws.pdf)", sp->agreement.s);
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
	EACH(ismc_activity, a, m->activities)
		S_excluded_use(m, &a->controls, "this activity");
	EACH(ismc_supplier, sp, m->suppliers)
		S_excluded_use(m, &sp->controls, "this supplier's management");
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

/* Is any date of a nonconformity's handling (raised, an action done,
 * closed, checked) within [from, to]? */
static int S_nc_in_period(const ismc_nonconformity *nc, long from, long to)
{
	const ismc_val *dates[3] = { &nc->raised_on, &nc->closed_on, NULL };
	const ismc_nc_check *chk = nc->effectiveness.n ? nc->effectiveness.v[0] : NULL;
	dates[2] = chk ? &chk->checked_on : NULL;
	for (int i = 0; i < 3; i++)
		if (dates[i] && dates[i]->s && dates[i]->n >= from && dates[i]->n <= to)
			return 1;
	for (size_t i = 0; i < nc->actions.n; i++) {
		const ismc_nc_action *a = nc->actions.v[i];
		if (a->done_on.s && a->done_on.n >= from && a->done_on.n <= to)
			return 1;
	}
	return 0;
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
		const char *ncr = ismc_catalog_nc_record(m->catalog);
		int by_ncs = ncr && !strcmp(ncr, leaf);
		if (by_ncs)
			EACH(ismc_nonconformity, nc, m->nonconformities)
				ok |= S_nc_in_period(nc, from, m->as_of);
		if (ok)
			continue;
		const ismc_clause *cl = ismc_catalog_clause(m->catalog, leaf);
		const char *also = by_ncs
		                   ? ", or a nonconformity handled in that period" : "";
		char asof[11], d[11];
		ismc_date_format(m->as_of, asof);
		if (newest) {
			ismc_date_format(newest->date.n, d);
			/* at the newest record's date: a new record is the work */
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING, newest->date.pos,
			          "clause %s %s needs a record within the audit period; the newest, %s, "
			          "is dated %s, more than %s before %s%s", leaf, cl ? cl->title : "",
			          newest->id.s, d, m->cfg.period.s ? m->cfg.period.s : "12 months", asof,
			          also);
		} else {
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING,
			              cl ? S_clause_place(m, (size_t)cl->index, leaf) : m->cfg.standard_pos,
			          "clause %s %s needs an approved record (type record, listing %s) "
			          "dated within the audit period before %s%s", leaf, cl ? cl->title : "",
			          leaf, asof, also);
		}
	}
}

/* The controlled documents: every document, then the registers' document:
 * blocks; the rules on approval and review run over both. */
#define EACH_CONTROLLED(var, m) \
	for (int var##_k = 0; var##_k < 2; var##_k++) \
		EACH(ismc_doc, var, var##_k ? (m)->regdocs : (m)->docs)

/* ---- what falls due (the resolve step's m->due) ---- */

#define EACH_DUE(var, k) \
	for (size_t var##_i = 0; var##_i < m->ndue; var##_i++) \
		for (const ismc_due *var = &m->due[var##_i]; var; var = NULL) \
			if (var->kind == (k) && var->overdue)

static void S_review_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_REVIEW) {
		char due[11];
		ismc_date_format(d->date, due);
		ismc_diag_add(m->diags, ISMC_REVIEW_OVERDUE, d->pos, "%s was due for review on %s",
		              d->id, due);
	}
}

static void S_activity_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_ACTIVITY) {
		const ismc_activity *a = d->obj;
		ismc_buf pats = { 0 };
		for (size_t i = 0; i < a->records.n; i++)
			ismc_buf_printf(&pats, "%s%s", i ? ", " : "", a->records.v[i].s);
		char due[11], last[11], asof[11];
		ismc_date_format(d->date, due);
		ismc_date_format(m->as_of, asof);
		if (d->never) {
			ismc_diag_add(m->diags, ISMC_ACTIVITY_OVERDUE, d->pos,
			              "activity %s has no record: no approved record matching %s is "
			              "dated on or before %s", d->id, pats.data, asof);
		} else {
			ismc_date_format(a->latest->date.n, last);
			ismc_diag_add(m->diags, ISMC_ACTIVITY_OVERDUE, d->pos,
			              "activity %s was due by %s: its newest record, %s, is dated %s, "
			              "and it recurs every %s%s%s", d->id, due,
			              a->latest->id.s, last, a->every.s,
			              a->grace.s ? " with a grace of " : "", a->grace.s ? a->grace.s : "");
		}
		ismc_buf_free(&pats);
	}
}

static void S_target_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_TARGET) {
		const ismc_decision *dc = d->obj;
		char due[11];
		ismc_date_format(d->date, due);
		ismc_diag_add(m->diags, ISMC_TARGET_OVERDUE, d->pos,
		              "%s %s is still %s, past its target date %s", d->id, d->title,
		              dc->status.s, due);
	}
}

static void S_risk_review_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_RISK_REVIEW) {
		char due[11];
		ismc_date_format(d->date, due);
		ismc_diag_add(m->diags, ISMC_RISK_REVIEW_OVERDUE, d->pos,
		              "risk %s was due for review on %s", d->id, due);
	}
}

static void S_risk_acceptance_expired(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_ACCEPTANCE) {
		const ismc_risk *r = d->obj;
		char on[11], until[11];
		ismc_date_format(r->accepted_on.n, on);
		ismc_date_format(d->date, until);
		ismc_diag_add(m->diags, ISMC_RISK_ACCEPTANCE_EXPIRED, d->pos,
		              "the acceptance of risk %s's residual score of %ld (by %s on %s) expired "
		              "on %s: risk.acceptance_valid is %s", d->id, r->residual.n * r->residual.m,
		              r->accepted_by.s ? r->accepted_by.s : "nobody", on, until,
		              m->cfg.acceptance_valid.s);
	}
}

static void S_action_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_ACTION) {
		char due[11];
		ismc_date_format(d->date, due);
		ismc_diag_add(m->diags, ISMC_ACTION_OVERDUE, d->pos,
		              "corrective action %s of %s was due on %s and is not done (no done_on)",
		              d->sub, d->id, due);
	}
}

static void S_nonconformity_unanalysed(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_ANALYSIS) {
		const ismc_nonconformity *nc = d->obj;
		char raised[11];
		ismc_date_format(nc->raised_on.n, raised);
		const char *lacks = !nc->root_cause.s && !nc->actions.n ? "a root cause or corrective actions"
		                    : !nc->root_cause.s ? "a root cause" : "corrective actions";
		char within[32];
		ismc_duration_format(m->cfg.analyse_count, m->cfg.analyse_unit, within);
		ismc_diag_add(m->diags, ISMC_NONCONFORMITY_UNANALYSED, d->pos,
		              "nonconformity %s, raised on %s, is still open without %s more than "
		              "%s later (nonconformity.analyse_within)", d->id, raised, lacks, within);
	}
}

static void S_effectiveness_unchecked(const ismc_model *m)
{
	EACH(ismc_nonconformity, nc, m->nonconformities)
		if (nc->status.s && nc->status.n == ISMC_NC_CLOSED && nc->effectiveness.n == 0)
			ismc_diag_add(m->diags, ISMC_EFFECTIVENESS_UNCHECKED, nc->status.pos,
			              "nonconformity %s is closed without a review of its corrective "
			              "actions' effectiveness: record effectiveness: {checked_on, "
			              "effective, by}", nc->id.s ? nc->id.s : "");
}

static void S_supplier_review_overdue(const ismc_model *m)
{
	EACH_DUE(d, ISMC_DUE_SUPPLIER) {
		const ismc_supplier *sp = d->obj;
		char due[11];
		ismc_date_format(d->date, due);
		if (d->never)
			ismc_diag_add(m->diags, ISMC_SUPPLIER_REVIEW_OVERDUE, d->pos,
			              "supplier %s (%s) has never been reviewed: record its last_review",
			              d->id, d->title);
		else
			ismc_diag_add(m->diags, ISMC_SUPPLIER_REVIEW_OVERDUE, d->pos,
			              "supplier %s (%s) was due for review on %s (every %s)", d->id,
			              d->title, due, sp->review_every.s);
	}
}

/* ---- risks ---- */

static void S_residual_above_inherent(const ismc_model *m)
{
	EACH(ismc_risk, r, m->risks) {
		long in = r->likelihood.n * r->impact.n, res = r->residual.n * r->residual.m;
		if (r->likelihood.s && r->impact.s && r->residual.s && res > in)
			ismc_diag_add(m->diags, ISMC_RESIDUAL_ABOVE_INHERENT, r->residual.pos,
			              "residual %ld x %ld = %ld is above the inherent %ld x %ld = %ld: "
			              "treatment does not raise a risk", r->residual.n, r->residual.m,
			              res, r->likelihood.n, r->impact.n, in);
		long tg = r->target_residual.n * r->target_residual.m;
		if (r->target_residual.s && r->residual.n >= 1 && r->residual.m >= 1 && tg > res)
			ismc_diag_add(m->diags, ISMC_RESIDUAL_ABOVE_INHERENT, r->target_residual.pos,
			              "target_residual %ld x %ld = %ld is above the residual %ld x %ld = "
			              "%ld: planned controls do not raise a risk", r->target_residual.n,
			              r->target_residual.m, tg, r->residual.n, r->residual.m, res);
	}
}

/* risk.acceptance_authority: the tier a score reaches is the one with the
 * highest `above` below it; its roles, or those of any higher tier, may
 * accept. Roles are matched without regard to case. */
static void S_risk_acceptance_authority(const ismc_model *m)
{
	const ismc_recs *tiers = &m->cfg.acceptance_authority;
	if (!tiers->n || !m->cfg.acceptance.s)
		return;
	EACH(ismc_risk, r, m->risks) {
		long score = r->residual.n * r->residual.m;
		if (!r->accepted_by.s || score <= m->cfg.acceptance.n)
			continue;
		const ismc_authority *reached = NULL;
		for (size_t k = 0; k < tiers->n; k++) {
			const ismc_authority *t = tiers->v[k];
			if (t->above.s && score > t->above.n && (!reached || t->above.n > reached->above.n))
				reached = t;
		}
		if (!reached)
			continue;
		int ok = 0;
		ismc_buf who = { 0 }, higher = { 0 };
		for (size_t k = 0; k < tiers->n; k++) {
			const ismc_authority *t = tiers->v[k];
			if (!t->above.s || t->above.n < reached->above.n)
				continue;
			ismc_buf *b = t->above.n == reached->above.n ? &who : &higher;
			for (size_t i = 0; i < t->by.n; i++) {
				ok |= !strcasecmp(t->by.v[i].s, r->accepted_by.s);
				ismc_buf_printf(b, "%s%s", b->len ? " or " : "", t->by.v[i].s);
			}
		}
		if (!ok)
			ismc_diag_add(m->diags, ISMC_RISK_ACCEPTANCE_AUTHORITY, r->accepted_by.pos,
			              "risk %s's residual score of %ld is above %ld, which "
			              "risk.acceptance_authority leaves to %s%s%s%s, not to '%s'",
			              r->id.s ? r->id.s : "", score, reached->above.n,
			              who.len ? who.data : "nobody", higher.len ? " (or a higher tier: " : "",
			              higher.len ? higher.data : "", higher.len ? ")" : "", r->accepted_by.s);
		ismc_buf_free(&who);
		ismc_buf_free(&higher);
	}
}

/* A mitigated risk whose residual is below its inherent score counts its
 * controls; when one of them is not implemented yet and no target_residual
 * says the residual is today's level, the register reports a future. */
static void S_residual_relies_on_planned(const ismc_model *m)
{
	EACH(ismc_risk, r, m->risks) {
		if (!r->treatment.s || r->treatment.n != ISMC_TREAT_MITIGATE || !r->residual.s ||
		    r->target_residual.node ||
		    r->residual.n * r->residual.m >= r->likelihood.n * r->impact.n)
			continue;
		ismc_buf pending = { 0 };
		for (size_t i = 0; i < r->controls.n; i++) {
			const ismc_decision *dc = ismc_map_get(m->decided, r->controls.v[i].s);
			if (!dc || !dc->applicable.s || !dc->applicable.n || !dc->status.s ||
			    (dc->status.n != ISMC_CTL_PLANNED && dc->status.n != ISMC_CTL_NOT_IMPLEMENTED))
				continue;
			ismc_buf_printf(&pending, "%s%s (%s)", pending.len ? ", " : "",
			                r->controls.v[i].s, dc->status.s);
		}
		if (pending.len)
			ismc_diag_add(m->diags, ISMC_RESIDUAL_RELIES_ON_PLANNED, r->residual.pos,
			              "risk %s's residual %ld x %ld counts controls not implemented yet, "
			              "%s: give today's level as residual, and the level once they are in "
			              "place as target_residual", r->id.s ? r->id.s : "", r->residual.n,
			              r->residual.m, pending.data);
		ismc_buf_free(&pending);
	}
}

/* ISO/IEC 27001:2022/Amd 1:2024 adds to 4.1 that the organization shall
 * determine whether climate change is a relevant issue: a document
 * addressing 4.1 states it (the 4.2 addition is a note, not checked). */
static void S_climate_change_undetermined(const ismc_model *m)
{
	const char *clause = ismc_catalog_climate(m->catalog);
	const ismc_val *first = NULL;
	const ismc_doc *at = NULL;
	if (!clause)
		return;
	EACH(ismc_doc, doc, m->docs) {
		if (!ismc_doc_approved(doc))
			continue;
		for (size_t i = 0; i < doc->clauses.n; i++) {
			if (!ismc_clause_covers(doc->clauses.v[i].s, clause))
				continue;
			if (doc->climate_change.s)
				return;
			if (!first) {
				first = &doc->clauses.v[i];
				at = doc;
			}
		}
	}
	if (first)
		ismc_diag_add(m->diags, ISMC_CLIMATE_CHANGE_UNDETERMINED, first->pos,
		              "%s addresses %s, but no approved document addressing it states "
		              "whether climate change is a relevant issue (ISO/IEC 27001:2022/Amd "
		              "1:2024): add climate_change: relevant or not-relevant, and the reasons "
		              "in the text", at->id.s ? at->id.s : at->path, clause);
}

/* ---- dates ---- */

/* date-in-future: every field flagged ISMC_F_PAST of record `rec` (a struct
 * table `sch` describes) and of its nested tables. */
static void S_future_in(const ismc_model *m, const ismc_schema *sch, const void *rec)
{
	for (size_t i = 0; i < sch->nfields; i++) {
		const ismc_field *f = &sch->fields[i];
		const void *slot = (const char *)rec + f->offset;
		if (f->type == ISMC_T_MAP || f->type == ISMC_T_MAPS) {
			const ismc_recs *rs = slot;
			for (size_t k = 0; k < rs->n; k++)
				S_future_in(m, f->sub, rs->v[k]);
			continue;
		}
		const ismc_val *v = slot;
		if (!(f->flags & ISMC_F_PAST) || !v->s || v->n <= m->as_of)
			continue;
		char asof[11];
		ismc_date_format(m->as_of, asof);
		ismc_diag_add(m->diags, ISMC_DATE_IN_FUTURE, v->pos,
		              "%s %s is after the as-of date %s: the date of something that happened "
		              "cannot lie ahead", f->name, v->s, asof);
	}
}

static void S_date_in_future(const ismc_model *m)
{
	S_future_in(m, &ismc_schema_config, &m->cfg);
	S_future_in(m, &ismc_schema_risk_method, &m->cfg);
	EACH(ismc_doc, doc, m->docs)
		S_future_in(m, &ismc_schema_document, doc);
	EACH(ismc_doc, doc, m->regdocs)
		S_future_in(m, &ismc_schema_register_document, doc);
	EACH(ismc_risk, r, m->risks)
		S_future_in(m, &ismc_schema_risk, r);
	EACH(ismc_nonconformity, nc, m->nonconformities)
		S_future_in(m, &ismc_schema_nonconformity, nc);
	EACH(ismc_supplier, sp, m->suppliers)
		S_future_in(m, &ismc_schema_supplier, sp);
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
	{ ISMC_ACTIVITY_OVERDUE, S_activity_overdue },
	{ ISMC_TARGET_OVERDUE, S_target_overdue },
	{ ISMC_RISK_REVIEW_OVERDUE, S_risk_review_overdue },
	{ ISMC_RISK_ACCEPTANCE_EXPIRED, S_risk_acceptance_expired },
	{ ISMC_ACTION_OVERDUE, S_action_overdue },
	{ ISMC_NONCONFORMITY_UNANALYSED, S_nonconformity_unanalysed },
	{ ISMC_EFFECTIVENESS_UNCHECKED, S_effectiveness_unchecked },
	{ ISMC_SUPPLIER_REVIEW_OVERDUE, S_supplier_review_overdue },
	{ ISMC_RESIDUAL_ABOVE_INHERENT, S_residual_above_inherent },
	{ ISMC_RISK_ACCEPTANCE_AUTHORITY, S_risk_acceptance_authority },
	{ ISMC_RESIDUAL_RELIES_ON_PLANNED, S_residual_relies_on_planned },
	{ ISMC_CLIMATE_CHANGE_UNDETERMINED, S_climate_change_undetermined },
};

void ismc_check_run(const ismc_model *m)
{
	for (size_t i = 0; i < sizeof S_rules / sizeof *S_rules; i++)
		if (ismc_diags_severity(m->diags, S_rules[i].code) != ISMC_OFF)
			S_rules[i].run(m);
}
