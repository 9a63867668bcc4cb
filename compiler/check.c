/* check.c: the rules of SPEC §4 over the model, one small function per
 * diagnostic code, run from one table. Rules only read the model and add
 * diagnostics; what several rules and the outputs share is derived once in
 * ismc_check_derive. The parse-time codes (yaml-syntax, missing-field, ...)
 * come from the stages that see the text; the git codes from git.c. */
#include "ismc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EACH(T, var, vec) \
	for (size_t var##_i = 0; var##_i < (vec).n; var##_i++) \
		for (T *var = (vec).v[var##_i]; var; var = NULL)

static const char *const S_record_clauses[] = { "7.2", "9.1", "9.2.2", "9.3.3", "10.2" };

int ismc_doc_approved(const ismc_doc *doc)
{
	return doc->status.s && doc->status.n == ISMC_STATUS_APPROVED;
}


/* ---- link resolution, shared by broken-link, unsafe-link and derive ---- */


/* The scheme of a URL ("https"), or NULL for a relative reference. */
static int S_scheme(const char *url, char *out, size_t cap)
{
	size_t i = 0;
	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	if (url[i] != ':' || i + 1 > cap)
		return 0;
	for (size_t k = 0; k < i; k++)
		out[k] = (char)tolower((unsigned char)url[k]);
	out[i] = '\0';
	return 1;
}

static int S_hex(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static void S_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
			*w++ = (char)(S_hex((unsigned char)r[1]) * 16 + S_hex((unsigned char)r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Resolves a link of `from` (a root-relative path) into a root-relative
 * target path and fragment, both in the arena. */
ismc_link_kind ismc_link_resolve(ismc_arena *a, const char *from, const char *url,
                                 const char **target, const char **frag)
{
	char scheme[32];
	*target = NULL;
	*frag = NULL;
	if (!*url)
		return ISMC_LINK_EMPTY;
	if (S_scheme(url, scheme, sizeof scheme)) {
		if (!strcmp(scheme, "http") || !strcmp(scheme, "https") || !strcmp(scheme, "mailto"))
			return ISMC_LINK_EXTERNAL;
		return ISMC_LINK_UNSAFE;
	}
	if (url[0] == '/' && url[1] == '/')
		return ISMC_LINK_EXTERNAL; /* protocol-relative: a web address */
	char *u = ismc_arena_strdup(a, url);
	char *hash = strchr(u, '#');
	if (hash) {
		*hash = '\0';
		*frag = hash + 1;
	}
	char *q = strchr(u, '?');
	if (q)
		*q = '\0';
	S_unescape(u);
	if (*frag) {
		char *f = ismc_arena_strdup(a, *frag);
		S_unescape(f);
		*frag = f;
	}
	/* segments of the base folder, then of the link */
	ismc_buf joined = { 0 };
	if (u[0] != '/') {
		const char *slash = strrchr(from, '/');
		if (slash)
			ismc_buf_put(&joined, from, (size_t)(slash - from + 1));
	}
	ismc_buf_puts(&joined, u[0] == '/' ? u + 1 : u);
	char *segs[512];
	size_t n = 0;
	int outside = 0;
	for (char *tok = strtok(joined.data ? joined.data : (char[]){ "" }, "/"); tok; tok = strtok(NULL, "/")) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (n == 0)
				outside = 1;
			else
				n--;
			continue;
		}
		if (n < 512)
			segs[n++] = tok;
	}
	ismc_buf out = { 0 };
	for (size_t i = 0; i < n; i++)
		ismc_buf_printf(&out, "%s%s", i ? "/" : "", segs[i]);
	*target = ismc_arena_strdup(a, out.data ? out.data : "");
	ismc_buf_free(&out);
	ismc_buf_free(&joined);
	if (outside)
		return ISMC_LINK_OUTSIDE;
	if (!**target && !hash)
		return ISMC_LINK_EMPTY;
	if (!**target)
		*target = from; /* "#anchor" alone: this document */
	return ISMC_LINK_LOCAL;
}

/* ---- derive: facts several rules and the outputs need ---- */

static void S_mark_doc(ismc_model *m, const ismc_doc *self, const char *id)
{
	ismc_doc *d = ismc_model_doc(m, id);
	if (d && d != self)
		d->referenced = 1;
}

static void S_implement(ismc_model *m, const char *control, ismc_doc *doc)
{
	if (doc && ismc_doc_approved(doc) && control)
		ismc_map_put(m->impl, control, doc);
}

void ismc_check_derive(ismc_model *m)
{
	if (m->impl)
		return;
	m->impl = ismc_map_new();
	m->bypath = ismc_map_new();
	size_t ncl = ismc_catalog_nclauses(m->catalog);
	m->covered = ismc_xcalloc(ncl ? ncl : 1, 1);
	EACH(ismc_doc, doc, m->docs)
		ismc_map_put(m->bypath, doc->path, doc);
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->controls.n; i++)
			S_implement(m, doc->controls.v[i].s, doc);
		for (size_t i = 0; i < doc->related.n; i++)
			S_mark_doc(m, doc, doc->related.v[i].s);
		for (size_t i = 0; i < doc->nrefs; i++)
			S_mark_doc(m, doc, doc->refs[i].id);
		for (size_t i = 0; i < doc->nlinks; i++) {
			const char *target, *frag;
			if (ismc_link_resolve(m->arena, doc->path, doc->links[i].url, &target, &frag) == ISMC_LINK_LOCAL) {
				ismc_doc *t = ismc_map_get(m->bypath, target);
				if (t && t != doc)
					t->referenced = 1;
			}
		}
		if (!ismc_doc_approved(doc))
			continue;
		for (size_t i = 0; i < doc->clauses.n; i++)
			for (size_t k = 0; k < ncl; k++) {
				const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
				if (ismc_clause_covers(doc->clauses.v[i].s, cl->id))
					m->covered[k] = 1;
			}
	}
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control)
			continue;
		for (size_t i = 0; i < dc->implemented_by.n; i++) {
			S_mark_doc(m, NULL, dc->implemented_by.v[i].s);
			S_implement(m, dc->control->id, ismc_model_doc(m, dc->implemented_by.v[i].s));
		}
		for (size_t i = 0; i < dc->evidence.n; i++)
			S_mark_doc(m, NULL, dc->evidence.v[i].s);
	}
	S_mark_doc(m, NULL, m->cfg.scope.s);
}

int ismc_control_implemented(const ismc_model *m, const char *id)
{
	return m->impl && ismc_map_get(m->impl, id) != NULL;
}

int ismc_clause_covered(const ismc_model *m, const char *leaf)
{
	const ismc_clause *cl = ismc_catalog_clause(m->catalog, leaf);
	return cl && m->covered && m->covered[cl->index];
}

/* ---- the rules ---- */

static void S_duplicate_id(ismc_model *m)
{
	EACH(ismc_dup, dup, m->dups) {
		ismc_diag *dg = ismc_diag_add(m->diags, ISMC_DUPLICATE_ID, dup->second,
		                          "'%s' is defined twice", dup->id);
		ismc_diag_note(dg, dup->first, "'%s' is first defined here", dup->id);
	}
}

static void S_control_ref(ismc_model *m, const char *id, ismc_pos pos)
{
	if (ismc_catalog_control(m->catalog, id))
		return;
	char canon[16];
	if (ismc_control_canonical(id, canon) == 0 && ismc_catalog_control(m->catalog, canon)) {
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not how controls are written; write '%s'", id, canon);
		return;
	}
	const char *near = ismc_catalog_suggest_control(m->catalog, id);
	if (near)
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not an Annex A control; did you mean '%s'?", id, near);
	else
		ismc_diag_add(m->diags, ISMC_UNKNOWN_CONTROL, pos,
		          "'%s' is not an Annex A control of ISO/IEC 27001:2022 (A.5.1 to A.8.34)", id);
}

static void S_unknown_control(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->controls.n; i++)
			S_control_ref(m, doc->controls.v[i].s, doc->controls.v[i].pos);
		for (size_t i = 0; i < doc->nrefs; i++)
			if (ismc_ref_kind(doc->refs[i].id) == 2)
				S_control_ref(m, doc->refs[i].id, doc->refs[i].pos);
	}
	EACH(ismc_risk, r, m->risks)
		for (size_t i = 0; i < r->controls.n; i++)
			S_control_ref(m, r->controls.v[i].s, r->controls.v[i].pos);
	EACH(ismc_decision, dc, m->decisions)
		if (dc->id.s)
			S_control_ref(m, dc->id.s, dc->id.pos);
}

static void S_unknown_clause(ismc_model *m)
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
				          "'%s' is not a clause of ISO/IEC 27001:2022; did you mean '%s'?", v->s, near);
			else
				ismc_diag_add(m->diags, ISMC_UNKNOWN_CLAUSE, v->pos,
				          "'%s' is not a clause of ISO/IEC 27001:2022 (4.1 to 10.2)", v->s);
			ismc_buf_free(&subs);
		}
}

static const char *const S_kindname[] = { "a document", "a risk", "an asset" };

/* A reference that must resolve; `want` is the kind it must be, or -1. */
static void S_ref(ismc_model *m, const char *id, ismc_pos pos, int want, int lenient)
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

static void S_unknown_reference(ismc_model *m)
{
	if (m->cfg.scope.s)
		S_ref(m, m->cfg.scope.s, m->cfg.scope.pos, ISMC_ID_DOC, 0);
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->related.n; i++) {
			/* a control decision is a register record too: `related: [A.5.15]` */
			if (ismc_ref_kind(doc->related.v[i].s) == 2)
				S_control_ref(m, doc->related.v[i].s, doc->related.v[i].pos);
			else
				S_ref(m, doc->related.v[i].s, doc->related.v[i].pos, -1, 0);
		}
		for (size_t i = 0; i < doc->nrefs; i++) {
			int k = ismc_ref_kind(doc->refs[i].id);
			if (k != 2)
				S_ref(m, doc->refs[i].id, doc->refs[i].pos, -1, k == 3);
		}
	}
	EACH(ismc_risk, r, m->risks)
		for (size_t i = 0; i < r->assets.n; i++)
			S_ref(m, r->assets.v[i].s, r->assets.v[i].pos, ISMC_ID_ASSET, 0);
	EACH(ismc_decision, dc, m->decisions) {
		for (size_t i = 0; i < dc->implemented_by.n; i++)
			S_ref(m, dc->implemented_by.v[i].s, dc->implemented_by.v[i].pos, ISMC_ID_DOC, 0);
		for (size_t i = 0; i < dc->evidence.n; i++)
			S_ref(m, dc->evidence.v[i].s, dc->evidence.v[i].pos, ISMC_ID_DOC, 0);
	}
}

static const char **S_slugs_of(ismc_model *m, const char *path, size_t *n)
{
	ismc_doc *doc = ismc_map_get(m->bypath, path);
	if (doc) {
		*n = doc->nslugs;
		return doc->slugs;
	}
	/* a Markdown file that is no ISMS document (a README): parse it now */
	const char *text;
	size_t len;
	ismc_error err;
	*n = 0;
	if (ismc_source_load(m->src, path, &text, &len, &err) != 0 || ismc_utf8_invalid(text, len))
		return NULL;
	return ismc_markdown_slugs(m->arena, text, len, n);
}

static int S_is_markdown(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && !strcasecmp(path + n - 3, ".md");
}

static void S_broken_link(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		for (size_t i = 0; i < doc->nlinks; i++) {
			const ismc_link *l = &doc->links[i];
			const char *target, *frag;
			ismc_link_kind k = ismc_link_resolve(m->arena, doc->path, l->url, &target, &frag);
			if (k == ISMC_LINK_EMPTY) {
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos, "link with no destination");
				continue;
			}
			if (k == ISMC_LINK_OUTSIDE) {
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s' leads outside the ISMS root", l->url);
				continue;
			}
			if (k != ISMC_LINK_LOCAL)
				continue;
			const ismc_file *f = ismc_source_find(m->src, target);
			if (!f && !ismc_source_is_dir(m->src, target)) {
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': no file '%s' in the ISMS", l->url, target);
				continue;
			}
			if (!frag || !*frag || !f || !S_is_markdown(target))
				continue;
			size_t ns;
			const char **slugs = S_slugs_of(m, target, &ns);
			int found = 0;
			for (size_t s = 0; s < ns && !found; s++)
				found = strcmp(slugs[s], frag) == 0;
			if (found)
				continue;
			const char *near = ismc_closest(frag, slugs, ns);
			if (near)
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': '%s' has no heading '#%s'; did you mean '#%s'?", l->url,
				          target, frag, near);
			else
				ismc_diag_add(m->diags, ISMC_BROKEN_LINK, l->pos,
				          "link '%s': '%s' has no heading '#%s'", l->url, target, frag);
		}
}

static void S_unsafe_link(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs)
		for (size_t i = 0; i < doc->nlinks; i++) {
			const char *target, *frag;
			if (ismc_link_resolve(m->arena, doc->path, doc->links[i].url, &target, &frag) == ISMC_LINK_UNSAFE)
				ismc_diag_add(m->diags, ISMC_UNSAFE_LINK, doc->links[i].pos,
				          "link '%.60s' uses a forbidden scheme: only http, https, mailto "
				          "and relative links are allowed", doc->links[i].url);
		}
}

static void S_soa_missing_control(ismc_model *m)
{
	for (size_t i = 0; i < ismc_catalog_ncontrols(m->catalog); i++) {
		const ismc_control *c = ismc_catalog_control_at(m->catalog, i);
		if (!ismc_map_get(m->decided, c->id))
			ismc_diag_add(m->diags, ISMC_SOA_MISSING_CONTROL, m->controls_pos,
			          "no SoA decision for %s %s: add it to a controls register with "
			          "applicable and justification", c->id, c->title);
	}
}

static void S_excluded_use(ismc_model *m, const ismc_list *controls, const char *who)
{
	for (size_t i = 0; i < controls->n; i++) {
		ismc_decision *dc = ismc_map_get(m->decided, controls->v[i].s);
		if (dc && dc->applicable.s && !dc->applicable.n)
			ismc_diag_add(m->diags, ISMC_EXCLUDED_CONTROL_USED, controls->v[i].pos,
			          "%s relies on %s, which the SoA excludes (%s:%d)", who,
			          controls->v[i].s, dc->applicable.pos.file, dc->applicable.pos.line);
	}
}

static void S_excluded_control_used(ismc_model *m)
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

static void S_control_unimplemented(ismc_model *m)
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

static void S_planned_without_target(ismc_model *m)
{
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control || !dc->applicable.s || !dc->applicable.n || dc->target.node)
			continue;
		if (S_status_is(dc, "planned") || S_status_is(dc, "not-implemented"))
			ismc_diag_add(m->diags, ISMC_PLANNED_WITHOUT_TARGET, dc->status.pos,
			          "%s is %s but has no target date", dc->control->id, dc->status.s);
	}
}

static void S_risk_no_controls(ismc_model *m)
{
	EACH(ismc_risk, r, m->risks)
		if (r->treatment.s && !strcmp(r->treatment.s, "mitigate") && r->controls.n == 0)
			ismc_diag_add(m->diags, ISMC_RISK_NO_CONTROLS, r->treatment.pos,
			          "risk %s is mitigated but selects no controls", r->id.s ? r->id.s : "");
}

static void S_risk_acceptance_missing(ismc_model *m)
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

static void S_clause_uncovered(ismc_model *m)
{
	for (size_t k = 0; k < ismc_catalog_nclauses(m->catalog); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
		if (cl->leaf && !m->covered[k])
			ismc_diag_add(m->diags, ISMC_CLAUSE_UNCOVERED, m->cfg.standard_pos,
			          "clause %s %s is addressed by no approved document", cl->id, cl->title);
	}
}

static void S_record_missing(ismc_model *m)
{
	long from = ismc_date_add(m->as_of, -m->cfg.period_count, m->cfg.period_unit);
	for (size_t c = 0; c < sizeof S_record_clauses / sizeof *S_record_clauses; c++) {
		const char *leaf = S_record_clauses[c];
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
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING, m->cfg.standard_pos,
			          "clause %s %s needs a record within the audit period; the newest, %s, "
			          "is dated %s, more than %s before %s", leaf, cl ? cl->title : "",
			          newest->id.s, d, m->cfg.period.s ? m->cfg.period.s : "12 months", asof);
		} else {
			ismc_diag_add(m->diags, ISMC_RECORD_MISSING, m->cfg.standard_pos,
			          "clause %s %s needs an approved record (type record, listing %s) "
			          "dated within the audit period before %s", leaf, cl ? cl->title : "", leaf, asof);
		}
	}
}

static void S_review_overdue(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs) {
		if (doc->next_review_days < 0 || doc->next_review_days >= m->as_of)
			continue;
		char due[11];
		ismc_date_format(doc->next_review_days, due);
		ismc_pos pos = doc->next_review.s ? doc->next_review.pos : doc->approved_on.pos;
		ismc_diag_add(m->diags, ISMC_REVIEW_OVERDUE, pos, "%s was due for review on %s",
		          doc->id.s ? doc->id.s : doc->path, due);
	}
}

static void S_approval_missing(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs) {
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

static void S_orphan_document(ismc_model *m)
{
	/* a retired document is kept as a record of the past: nothing need cite it */
	EACH(ismc_doc, doc, m->docs)
		if (!doc->referenced && doc->clauses.n == 0 && doc->controls.n == 0 &&
		    !(doc->status.s && doc->status.n == ISMC_STATUS_RETIRED))
			ismc_diag_add(m->diags, ISMC_ORPHAN_DOCUMENT, doc->fm_pos,
			          "%s is referenced by nothing and addresses no clause or control",
			          doc->id.s ? doc->id.s : "this document");
}

static const struct {
	ismc_code code;
	void (*run)(ismc_model *m);
} S_rules[] = {
	{ ISMC_DUPLICATE_ID, S_duplicate_id },
	{ ISMC_UNKNOWN_CONTROL, S_unknown_control },
	{ ISMC_UNKNOWN_CLAUSE, S_unknown_clause },
	{ ISMC_UNKNOWN_REFERENCE, S_unknown_reference },
	{ ISMC_BROKEN_LINK, S_broken_link },
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
	{ ISMC_ORPHAN_DOCUMENT, S_orphan_document },
};

void ismc_check_run(ismc_model *m)
{
	ismc_check_derive(m);
	for (size_t i = 0; i < sizeof S_rules / sizeof *S_rules; i++)
		if (ismc_diags_severity(m->diags, S_rules[i].code) != ISMC_OFF)
			S_rules[i].run(m);
}
