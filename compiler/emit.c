/* emit.c: the outputs of `ismc build` as XML, written through libxml2's
 * tree API (never by string concatenation; the helpers are xml.c's) in one
 * namespace, described by schemas/ismc.rng. It only reads the resolved model.
 * Everything is ordered (catalog order, then path order), and the only time
 * stamps come from ctx->epoch, so the same input gives byte-identical files. */
#include "ismc.h"

#include <cmark-gfm.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *S_bool(long v)
{
	return v ? "true" : "false";
}

/* ---- shared parts ---- */


/* A reference to document `d`, or to the id `id` that names no document (a
 * draft). A document whose own id is invalid (a draft) is referred to by
 * id "", as its <document> element has it. */
static void S_doc_ref(xmlNodePtr parent, const ismc_doc *d, const char *id)
{
	xmlNodePtr r = ismc_xml_el(parent, "doc-ref");
	ismc_xml_attr(r, "id", d ? (d->id.s ? d->id.s : "") : id);
	if (!d)
		return;
	ismc_xml_attr(r, "title", d->title.s);
	ismc_xml_attr(r, "version", d->version.s);
	ismc_xml_attr(r, "status", d->status.s);
	ismc_xml_attr(r, "type", d->type.s);
}

static xmlNodePtr S_ref_el(xmlNodePtr parent, const ismc_model *m, const char *id)
{
	xmlNodePtr r = ismc_xml_el(parent, "ref");
	ismc_xml_attr(r, "id", id);
	const char *kind, *title = ismc_ref_title(m, id, &kind);
	ismc_xml_attr(r, "kind", kind);
	ismc_xml_attr(r, "title", title);
	return r;
}

static void S_root_attrs(const ismc_emit_ctx *c, xmlNodePtr root)
{
	const ismc_model *m = c->m;
	/* required by the schema: a draft without one says so with "" */
	ismc_xml_attr(root, "organisation", m->cfg.organisation.s ? m->cfg.organisation.s : "");
	ismc_xml_attr(root, "standard", ismc_catalog_id(m->catalog));
	ismc_xml_date_attr(root, "as-of", m->as_of);
	if (c->epoch >= 0) {
		ismc_xml_time_attr(root, "generated", c->epoch);
		/* the build's time, or the commit's standing in for it */
		ismc_xml_attr(root, "generated-from", c->epoch_sde ? "source-date-epoch" : "commit");
	}
	if (c->draft)
		ismc_xml_attr(root, "draft", "true");
}

/* A control's SoA decision as attributes (soa.xml, frameworks.xml):
 * decided, and for a decision applicable, with status and implemented for
 * an applicable control. Returns the decision, NULL when undecided. */
static const ismc_decision *S_decision_attrs(xmlNodePtr n, const ismc_control_facts *f)
{
	const ismc_decision *dc = f->decision;
	if (!dc || !dc->applicable.s) {
		ismc_xml_attr(n, "decided", "false");
		return NULL;
	}
	ismc_xml_attr(n, "decided", "true");
	ismc_xml_attr(n, "applicable", S_bool(dc->applicable.n));
	if (dc->applicable.n) {
		ismc_xml_attr(n, "status", dc->status.s);
		ismc_xml_attr(n, "implemented", S_bool(f->implemented));
	}
	return dc;
}

/* ---- soa ---- */

static void S_regdoc(const ismc_emit_ctx *c, xmlNodePtr parent, const ismc_doc *d);

/* An evidence file a decision lists, with what the build copied. */
static void S_file_ref(const ismc_emit_ctx *c, xmlNodePtr parent, const char *path)
{
	xmlNodePtr n = ismc_xml_el(parent, "file-ref");
	ismc_xml_attr(n, "path", path);
	const ismc_file *f = ismc_source_hashed(c->m->src, path);
	if (!f)
		return; /* missing: broken-link, in a draft */
	ismc_xml_attrl(n, "size", (long)f->size);
	ismc_xml_attr(n, "sha256", f->sha256);
}

/* The changes of a control's decision through the history (proof.c). */
static void S_decision_history(const ismc_emit_ctx *c, xmlNodePtr parent, const char *id)
{
	const ismc_decision_history *dh = ismc_proofs_decisions(c->proofs, id);
	if (!dh || !dh->n)
		return;
	xmlNodePtr n = ismc_xml_el(parent, "decision-history");
	for (size_t i = 0; i < dh->n; i++) {
		const ismc_decision_change *ch = &dh->v[i];
		xmlNodePtr e = ismc_xml_el(n, "change");
		ismc_xml_attr(e, "commit", ch->commit->id);
		ismc_xml_time_attr(e, "date", ch->commit->time);
		ismc_xml_attr(e, "author", ch->commit->author);
		if (ch->applicable || ch->status) {
			ismc_xml_attr(e, "applicable", ch->applicable);
			ismc_xml_attr(e, "status", ch->status);
		} else {
			ismc_xml_attr(e, "removed", "true");
		}
		ismc_xml_text(e, ch->commit->subject, strlen(ch->commit->subject));
	}
}

static void S_soa(const ismc_emit_ctx *c, xmlNodePtr soa)
{
	const ismc_model *m = c->m;
	S_root_attrs(c, soa);
	if (m->soa_doc)
		S_regdoc(c, soa, m->soa_doc);
	const ismc_catalog *cat = m->catalog;
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const ismc_control *ctl = ismc_catalog_control_at(cat, i);
		const ismc_control_facts *f = &m->control_facts[i];
		xmlNodePtr n = ismc_xml_el(soa, "control");
		ismc_xml_attr(n, "id", ctl->id);
		ismc_xml_attr(n, "theme", ctl->theme);
		ismc_xml_attr(n, "title", ctl->title);
		const ismc_decision *dc = S_decision_attrs(n, f);
		if (!dc)
			continue;
		ismc_xml_attr(n, "owner", dc->owner.s);
		if (dc->target.s)
			ismc_xml_date_attr(n, "target", dc->target.n);
		ismc_xml_text_el(n, "justification", dc->justification.s);
		xmlNodePtr ib = ismc_xml_el(n, "implemented-by");
		for (size_t k = 0; k < f->nimplementers; k++)
			S_doc_ref(ib, f->implementers[k], NULL);
		xmlNodePtr ev = ismc_xml_el(n, "evidence");
		for (size_t k = 0; k < dc->evidence.n; k++)
			if (ismc_evidence_is_file(dc->evidence.v[k].s))
				S_file_ref(c, ev, dc->evidence.v[k].s);
			else
				S_doc_ref(ev, f->evidence[k], dc->evidence.v[k].s);
		xmlNodePtr rs = ismc_xml_el(n, "risks");
		for (size_t k = 0; k < f->nrisks; k++) {
			const ismc_risk *r = m->risks.v[f->risks[k]];
			xmlNodePtr rr = ismc_xml_el(rs, "risk-ref");
			ismc_xml_attr(rr, "id", r->id.s);
			ismc_xml_attr(rr, "title", r->title.s ? r->title.s : ""); /* a draft */
		}
		S_decision_history(c, n, ctl->id);
		/* the recurring activities that operate it and the suppliers whose
		 * management evidences it: the SoA's evidence beyond documents */
		if (f->nactivities) {
			xmlNodePtr as = ismc_xml_el(n, "activities");
			for (size_t k = 0; k < f->nactivities; k++)
				S_ref_el(as, m, f->activities[k]->id.s);
		}
		if (f->nsuppliers) {
			xmlNodePtr ss = ismc_xml_el(n, "suppliers");
			for (size_t k = 0; k < f->nsuppliers; k++)
				S_ref_el(ss, m, f->suppliers[k]->id.s);
		}
	}
}

/* ---- document register ---- */

static void S_history(const ismc_emit_ctx *c, xmlNodePtr parent, const char *path)
{
	const ismc_history *h = c->history ? ismc_map_get(c->history, path) : NULL;
	if (!h || h->nrevs == 0)
		return;
	xmlNodePtr n = ismc_xml_el(parent, "history");
	ismc_xml_attrl(n, "revisions", (long)h->nrevs);
	for (size_t i = 0; i < h->nrevs; i++) {
		const ismc_commit *cm = h->revs[i];
		xmlNodePtr r = ismc_xml_el(n, "revision");
		ismc_xml_attr(r, "commit", cm->id);
		ismc_xml_attr(r, "author", cm->author);
		ismc_xml_attr(r, "email", cm->email);
		ismc_xml_time_attr(r, "date", cm->time);
		if (i == 0)
			ismc_xml_attr(r, "last", "true");
		if (i + 1 == h->nrevs)
			ismc_xml_attr(r, "created", "true");
		ismc_xml_text(r, cm->subject ? cm->subject : "", strlen(cm->subject ? cm->subject : ""));
	}
}

/* <approval>: the approving commit of an approved document, and how git
 * proves who approved it (proof.c). */
static void S_approval(const ismc_emit_ctx *c, xmlNodePtr parent, const ismc_doc *d)
{
	const ismc_approval *ap = ismc_proofs_approval(c->proofs, d);
	if (!ap)
		return;
	xmlNodePtr n = ismc_xml_el(parent, "approval");
	ismc_xml_attr(n, "state", ismc_approval_states[ap->state]);
	ismc_xml_attr(n, "method", ismc_proofs_names[ap->method]);
	if (ap->commit) {
		ismc_xml_attr(n, "commit", ap->commit->id);
		ismc_xml_time_attr(n, "date", ap->commit->time);
		ismc_xml_attr(n, "author", ap->commit->author);
		ismc_xml_attr(n, "email", ap->commit->email);
	}
	if (ap->merge) {
		ismc_xml_attr(n, "merge", ap->merge->id);
		ismc_xml_time_attr(n, "merge-date", ap->merge->time);
	}
	if (ap->pull_request)
		ismc_xml_attrl(n, "pull-request", ap->pull_request);
	if (ap->person) {
		ismc_xml_attr(n, "person", ap->person->id.s);
		ismc_xml_attr(n, "approver", ap->person->name.s);
		ismc_xml_attr(n, "proof-commit", ap->proof_commit);
	}
	ismc_xml_attr(n, "signature", ap->signature);
	if (ap->key) {
		ismc_xml_attr(n, "key", ap->key);
		ismc_xml_attr(n, "verified", "true");
	}
	if (ap->note)
		ismc_xml_text(n, ap->note, strlen(ap->note));
}

/* The id of a document's i-th referrer. */
static const char *S_referrer_id(const ismc_doc *doc, size_t i)
{
	const ismc_referrer *r = &doc->referrers[i];
	return r->doc ? r->doc->id.s : r->control->id;
}

/* <referenced-by>: the documents and controls the resolve step found, each
 * id once. The risks selecting those controls are not listed: listed under
 * every document they would make documents times risks; a reader joins
 * them through each <risk>'s <control-ref>s (document.xsl's key).
 * `streamed`: the element alone, its <ref>s written by S_write_child. */
static void S_referenced_by(const ismc_emit_ctx *c, xmlNodePtr parent, const ismc_doc *doc,
                            int streamed)
{
	xmlNodePtr n = ismc_xml_el(parent, "referenced-by");
	for (size_t i = 0; !streamed && i < doc->nreferrers; i++)
		S_ref_el(n, c->m, S_referrer_id(doc, i));
}

/* What of a document's element S_document builds: lean, without what
 * only its page shows, its back references and its history (the pack kept
 * in memory for the other pages); in full (a batch's pack); or in full for
 * a file, but the <ref>s of its <referenced-by>, which S_write_child
 * writes as it writes the file. */
enum { S_LEAN, S_FULL, S_STREAMED };

static xmlNodePtr S_document(const ismc_emit_ctx *c, xmlNodePtr parent, const ismc_doc *d,
                             int what)
{
	const ismc_model *m = c->m;
	xmlNodePtr n = ismc_xml_el(parent, "document");
	ismc_xml_attr(n, "id", d->id.s ? d->id.s : "");
	ismc_xml_attr(n, "title", d->title.s ? d->title.s : "");
	ismc_xml_attr(n, "type", d->type.s);
	ismc_xml_attr(n, "owner", d->owner.s);
	ismc_xml_attr(n, "version", d->version.s);
	ismc_xml_attr(n, "status", d->status.s);
	ismc_xml_attr(n, "classification", d->classification.s);
	ismc_xml_attr(n, "path", d->path);
	ismc_xml_attr(n, "approved-by", d->approved_by.s);
	if (d->approved_on.s)
		ismc_xml_date_attr(n, "approved-on", d->approved_on.n);
	if (d->date.s)
		ismc_xml_date_attr(n, "date", d->date.n);
	ismc_xml_attr(n, "climate-change", d->climate_change.s);
	if (d->next_review_days >= 0) {
		ismc_xml_date_attr(n, "next-review", d->next_review_days);
		ismc_xml_attr(n, "overdue", S_bool(d->next_review_days < m->as_of));
	}
	for (size_t i = 0; i < d->clauses.n; i++) {
		xmlNodePtr r = ismc_xml_el(n, "clause-ref");
		ismc_xml_attr(r, "id", d->clauses.v[i].s);
		const ismc_clause *cl = ismc_catalog_clause(m->catalog, d->clauses.v[i].s);
		ismc_xml_attr(r, "title", cl ? cl->title : NULL);
	}
	for (size_t i = 0; i < d->controls.n; i++) {
		xmlNodePtr r = ismc_xml_el(n, "control-ref");
		ismc_xml_attr(r, "id", d->controls.v[i].s);
		const ismc_control *ctl = ismc_catalog_control(m->catalog, d->controls.v[i].s);
		ismc_xml_attr(r, "title", ctl ? ctl->title : NULL);
	}
	if (d->related.n) {
		xmlNodePtr rel = ismc_xml_el(n, "related");
		for (size_t i = 0; i < d->related.n; i++)
			S_ref_el(rel, m, d->related.v[i].s);
	}
	if (what != S_LEAN) {
		S_referenced_by(c, n, d, what == S_STREAMED);
		S_history(c, n, d->path);
	}
	S_approval(c, n, d);
	return n;
}

/* A register's document: block: the register as a controlled document. */
static void S_regdoc(const ismc_emit_ctx *c, xmlNodePtr parent, const ismc_doc *d)
{
	xmlNodePtr n = ismc_xml_el(parent, "register-document");
	ismc_xml_attr(n, "register", d->register_kind);
	ismc_xml_attr(n, "id", d->id.s ? d->id.s : "");
	ismc_xml_attr(n, "title", d->title.s ? d->title.s : "");
	ismc_xml_attr(n, "owner", d->owner.s);
	ismc_xml_attr(n, "version", d->version.s);
	ismc_xml_attr(n, "status", d->status.s);
	ismc_xml_attr(n, "classification", d->classification.s);
	ismc_xml_attr(n, "path", d->path);
	ismc_xml_attr(n, "approved-by", d->approved_by.s);
	if (d->approved_on.s)
		ismc_xml_date_attr(n, "approved-on", d->approved_on.n);
	if (d->next_review_days >= 0) {
		ismc_xml_date_attr(n, "next-review", d->next_review_days);
		ismc_xml_attr(n, "overdue", S_bool(d->next_review_days < c->m->as_of));
	}
	S_history(c, n, d->path);
	S_approval(c, n, d);
}

/* ---- risks ---- */

static const char *S_label(const ismc_list *scale, long v)
{
	return v >= 1 && (size_t)v <= scale->n ? scale->v[v - 1].s : NULL;
}

/* A score; a likelihood or impact that is missing or invalid (0: a draft)
 * is left out, and with it the score and the acceptance verdict. */
static void S_score(const ismc_emit_ctx *c, xmlNodePtr parent, const char *name, long l, long i)
{
	const ismc_config *cfg = &c->m->cfg;
	xmlNodePtr s = ismc_xml_el(parent, name);
	/* a draft may lack a valid likelihood or impact: it is left out, with
	 * the score; the attributes keep their order otherwise */
	if (l >= 1)
		ismc_xml_attrl(s, "likelihood", l);
	if (i >= 1)
		ismc_xml_attrl(s, "impact", i);
	if (l >= 1 && i >= 1)
		ismc_xml_attrl(s, "score", l * i);
	if (l >= 1)
		ismc_xml_attr(s, "likelihood-label", S_label(&cfg->likelihood, l));
	if (i >= 1)
		ismc_xml_attr(s, "impact-label", S_label(&cfg->impact, i));
	if (l >= 1 && i >= 1 && cfg->acceptance.s)
		ismc_xml_attr(s, "above-acceptance", S_bool(l * i > cfg->acceptance.n));
}

static void S_risks(const ismc_emit_ctx *c, xmlNodePtr rk)
{
	const ismc_model *m = c->m;
	const ismc_config *cfg = &m->cfg;
	S_root_attrs(c, rk);
	if (cfg->acceptance.s)
		ismc_xml_attrl(rk, "acceptance", cfg->acceptance.n);
	const ismc_list *scales[2] = { &cfg->likelihood, &cfg->impact };
	static const char *const names[2] = { "likelihood", "impact" };
	for (int s = 0; s < 2; s++) {
		xmlNodePtr sc = ismc_xml_el(rk, "scale");
		ismc_xml_attr(sc, "kind", names[s]);
		for (size_t i = 0; i < scales[s]->n; i++) {
			xmlNodePtr l = ismc_xml_el(sc, "level");
			ismc_xml_attrl(l, "value", (long)i + 1);
			ismc_xml_attr(l, "label", scales[s]->v[i].s);
		}
	}
	for (size_t k = 0; k < m->risks.n; k++) {
		const ismc_risk *r = m->risks.v[k];
		xmlNodePtr n = ismc_xml_el(rk, "risk");
		ismc_xml_attr(n, "id", r->id.s ? r->id.s : "");
		ismc_xml_attr(n, "title", r->title.s ? r->title.s : "");
		ismc_xml_attr(n, "owner", r->owner.s);
		ismc_xml_attr(n, "treatment", r->treatment.s);
		ismc_xml_attr(n, "accepted-by", r->accepted_by.s);
		if (r->accepted_on.s)
			ismc_xml_date_attr(n, "accepted-on", r->accepted_on.n);
		if (r->review_on.s)
			ismc_xml_date_attr(n, "review-on", r->review_on.n);
		ismc_xml_text_el(n, "threat", r->threat.s);
		ismc_xml_text_el(n, "vulnerability", r->vulnerability.s);
		S_score(c, n, "inherent", r->likelihood.n, r->impact.n);
		S_score(c, n, "residual", r->residual.n, r->residual.m);
		if (r->target_residual.s)
			S_score(c, n, "target", r->target_residual.n, r->target_residual.m);
		for (size_t i = 0; i < r->assets.n; i++)
			S_ref_el(n, m, r->assets.v[i].s);
		for (size_t i = 0; i < r->controls.n; i++) {
			xmlNodePtr cr = ismc_xml_el(n, "control-ref");
			ismc_xml_attr(cr, "id", r->controls.v[i].s);
			const ismc_control *ctl = ismc_catalog_control(m->catalog, r->controls.v[i].s);
			ismc_xml_attr(cr, "title", ctl ? ctl->title : NULL);
		}
	}
}

/* ---- evidence pack ---- */

static void S_provenance(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	xmlNodePtr p = ismc_xml_el(pack, "provenance");
	const ismc_provenance *pv = c->prov;
	ismc_xml_attr(p, "in-repository", S_bool(pv && pv->in_repo));
	if (pv && pv->in_repo && pv->commit[0]) { /* a repository without commits has none */
		ismc_xml_attr(p, "repository-path", pv->repo_path ? pv->repo_path : "");
		ismc_xml_attr(p, "commit", pv->commit);
		ismc_xml_attr(p, "tree", pv->tree);
		ismc_xml_attr(p, "dirty", S_bool(pv->dirty));
		if (pv->commit_time >= 0)
			ismc_xml_time_attr(p, "commit-time", pv->commit_time);
	}
	if (pv && pv->in_repo && pv->commit_day >= 0)
		ismc_xml_date_attr(p, "commit-date", pv->commit_day);
	ismc_xml_date_attr(p, "as-of", c->m->as_of);
	if (c->at)
		ismc_xml_attr(p, "at", "true");
	else if (pv && pv->in_repo && pv->commit_day > c->m->as_of)
		ismc_xml_attr(p, "as-of-before-commit", "true");
	ismc_xml_attr(p, "tool-version", ISMC_VERSION);
}

/* The catalog's names, so that templates name the standard, its control
 * set, themes and main clauses from the data rather than from literals. */
static void S_catalog(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_catalog *cat = c->m->catalog;
	xmlNodePtr n = ismc_xml_el(pack, "catalog");
	ismc_xml_attr(n, "id", ismc_catalog_id(cat));
	ismc_xml_attr(n, "name", ismc_catalog_name(cat));
	ismc_xml_attr(n, "family", ismc_catalog_family(cat));
	ismc_xml_attr(n, "control-set", ismc_catalog_control_set(cat));
	for (size_t i = 0; i < ismc_catalog_ngroups(cat); i++) {
		const ismc_group *g = ismc_catalog_group_at(cat, i);
		xmlNodePtr e = ismc_xml_el(n, "theme");
		ismc_xml_attr(e, "key", g->key);
		ismc_xml_attr(e, "label", g->label);
		ismc_xml_attr(e, "name", g->name);
	}
	for (size_t i = 0; i < ismc_catalog_nclause_groups(cat); i++) {
		const ismc_group *g = ismc_catalog_clause_group_at(cat, i);
		xmlNodePtr e = ismc_xml_el(n, "clause-group");
		ismc_xml_attr(e, "key", g->key);
		ismc_xml_attr(e, "name", g->name);
	}
}

static void S_coverage(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr cov = ismc_xml_el(pack, "coverage");
	for (size_t k = 0; k < ismc_catalog_nclauses(m->catalog); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
		xmlNodePtr n = ismc_xml_el(cov, "clause");
		ismc_xml_attr(n, "id", cl->id);
		ismc_xml_attr(n, "title", cl->title);
		ismc_xml_attr(n, "leaf", S_bool(cl->leaf));
		if (!cl->leaf)
			continue;
		const ismc_clause_facts *f = &m->clause_facts[k];
		ismc_xml_attr(n, "covered", S_bool(f->covered));
		for (size_t i = 0; i < f->ndocs; i++)
			S_doc_ref(n, f->docs[i], NULL);
	}
}

static void S_assets(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	xmlNodePtr as = ismc_xml_el(pack, "assets");
	for (size_t k = 0; k < c->m->assets.n; k++) {
		const ismc_asset *a = c->m->assets.v[k];
		xmlNodePtr n = ismc_xml_el(as, "asset");
		ismc_xml_attr(n, "id", a->id.s ? a->id.s : "");
		ismc_xml_attr(n, "name", a->name.s ? a->name.s : "");
		ismc_xml_attr(n, "type", a->type.s);
		ismc_xml_attr(n, "owner", a->owner.s);
		ismc_xml_attr(n, "classification", a->classification.s);
		ismc_xml_attr(n, "location", a->location.s);
	}
}

/* isms.yml's approval settings: the least proof, and who may approve what. */
static void S_approval_policy(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_config *cfg = &c->m->cfg;
	xmlNodePtr n = ismc_xml_el(pack, "approval-policy");
	ismc_xml_attr(n, "proof", ismc_proofs_names[cfg->proof.n]);
	for (int t = 0; t <= ISMC_NDOC_TYPES; t++) {
		const ismc_list *l = cfg->approver_roles[t];
		if (!l)
			continue;
		xmlNodePtr a = ismc_xml_el(n, "approvers");
		ismc_xml_attr(a, "type", t < ISMC_NDOC_TYPES ? ismc_doc_types[t] : "register");
		for (size_t i = 0; i < l->n; i++)
			ismc_xml_text_el(a, "role", l->v[i].s);
	}
}

static void S_people(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	xmlNodePtr ps = ismc_xml_el(pack, "people");
	for (size_t k = 0; k < c->m->people.n; k++) {
		const ismc_person *p = c->m->people.v[k];
		xmlNodePtr n = ismc_xml_el(ps, "person");
		ismc_xml_attr(n, "id", p->id.s ? p->id.s : "");
		ismc_xml_attr(n, "name", p->name.s ? p->name.s : "");
		for (size_t i = 0; i < p->roles.n; i++)
			ismc_xml_text_el(n, "role", p->roles.v[i].s);
		for (size_t i = 0; i < p->emails.n; i++)
			ismc_xml_text_el(n, "email", p->emails.v[i].s);
		/* a key file with the fingerprint of the key imported from it, in order */
		const ismc_vec *fprs = ismc_proofs_keys(c->proofs, p);
		size_t f = 0;
		for (size_t i = 0; i < p->keys.n; i++) {
			xmlNodePtr key = ismc_xml_el(n, "key");
			const char *v = p->keys.v[i].s;
			if (!ismc_source_find(c->m->src, v)) {
				ismc_xml_attr(key, "ssh", v);
				continue;
			}
			ismc_xml_attr(key, "path", v);
			if (fprs && f < fprs->n)
				ismc_xml_attr(key, "fingerprint", fprs->v[f++]);
		}
	}
}

/* ---- operating the ISMS: activities, nonconformities, suppliers, what
 * falls due ---- */

static void S_duration_attr(xmlNodePtr n, const char *name, long count, int unit)
{
	char d[32];
	ismc_duration_format(count, unit, d);
	ismc_xml_attr(n, name, d);
}

static void S_clause_refs(const ismc_model *m, xmlNodePtr n, const ismc_list *clauses)
{
	for (size_t i = 0; i < clauses->n; i++) {
		xmlNodePtr r = ismc_xml_el(n, "clause-ref");
		ismc_xml_attr(r, "id", clauses->v[i].s);
		const ismc_clause *cl = ismc_catalog_clause(m->catalog, clauses->v[i].s);
		ismc_xml_attr(r, "title", cl ? cl->title : NULL);
	}
}

static void S_control_refs(const ismc_model *m, xmlNodePtr n, const ismc_list *controls)
{
	for (size_t i = 0; i < controls->n; i++) {
		xmlNodePtr r = ismc_xml_el(n, "control-ref");
		ismc_xml_attr(r, "id", controls->v[i].s);
		const ismc_control *ctl = ismc_catalog_control(m->catalog, controls->v[i].s);
		ismc_xml_attr(r, "title", ctl ? ctl->title : NULL);
	}
}

/* The due item of `kind` for record `obj` (the first: an activity and a
 * supplier have one), or NULL. */
static const ismc_due *S_due_of(const ismc_model *m, ismc_due_kind kind, const void *obj)
{
	for (size_t i = 0; i < m->ndue; i++)
		if (m->due[i].kind == kind && m->due[i].obj == obj)
			return &m->due[i];
	return NULL;
}

static void S_due_attrs(xmlNodePtr n, const ismc_due *d)
{
	if (!d)
		return;
	ismc_xml_date_attr(n, "due", d->date);
	ismc_xml_attr(n, "overdue", S_bool(d->overdue));
}

static void S_activities(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr as = ismc_xml_el(pack, "activities");
	for (size_t k = 0; k < m->activities.n; k++) {
		const ismc_activity *a = m->activities.v[k];
		xmlNodePtr n = ismc_xml_el(as, "activity");
		ismc_xml_attr(n, "id", a->id.s ? a->id.s : "");
		ismc_xml_attr(n, "title", a->title.s ? a->title.s : "");
		ismc_xml_attr(n, "owner", a->owner.s);
		if (a->every.s)
			S_duration_attr(n, "every", a->every.n, (int)a->every.m);
		if (a->grace.s)
			S_duration_attr(n, "grace", a->grace.n, (int)a->grace.m);
		S_due_attrs(n, S_due_of(m, ISMC_DUE_ACTIVITY, a));
		S_clause_refs(m, n, &a->clauses);
		S_control_refs(m, n, &a->controls);
		for (size_t i = 0; i < a->records.n; i++)
			ismc_xml_text_el(n, "records", a->records.v[i].s);
		if (a->latest) {
			xmlNodePtr l = ismc_xml_el(n, "latest");
			ismc_xml_date_attr(l, "date", a->latest->date.n);
			S_doc_ref(l, a->latest, NULL);
		}
	}
}

static void S_register_documents(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	xmlNodePtr rs = ismc_xml_el(pack, "register-documents");
	for (size_t k = 0; k < c->m->regdocs.n; k++)
		S_regdoc(c, rs, c->m->regdocs.v[k]);
}

/* Every evidence file of the controls registers, once, in path order: its
 * hashes, the commit that last changed it, and where the build copied it. */
static void S_evidence_files(const ismc_emit_ctx *c, xmlNodePtr pack, const ismc_vec *files)
{
	xmlNodePtr es = ismc_xml_el(pack, "evidence-files");
	for (size_t i = 0; i < files->n; i++) {
		const ismc_file *f = files->v[i];
		xmlNodePtr n = ismc_xml_el(es, "file");
		ismc_xml_attr(n, "path", f->path);
		ismc_xml_attrl(n, "size", (long)f->size);
		ismc_xml_attr(n, "sha256", f->sha256);
		ismc_xml_attr(n, "blob", f->oid);
		const ismc_history *h = c->history ? ismc_map_get(c->history, f->path) : NULL;
		if (h && h->nrevs) {
			ismc_xml_attr(n, "commit", h->revs[0]->id);
			ismc_xml_time_attr(n, "date", h->revs[0]->time);
		}
		char copy[4096];
		snprintf(copy, sizeof copy, "evidence/%s", f->path);
		ismc_xml_attr(n, "copy", copy);
	}
}

/* The coverage of each framework of isms.yml `frameworks:` (crosswalk.c):
 * per requirement its status and the controls behind it with their SoA
 * decision and implementing documents. */
static void S_frameworks(const ismc_emit_ctx *c, xmlNodePtr parent)
{
	const ismc_model *m = c->m;
	for (size_t i = 0; i < m->nframeworks; i++) {
		const ismc_framework *fw = &m->frameworks[i];
		xmlNodePtr f = ismc_xml_el(parent, "framework");
		ismc_xml_attr(f, "id", fw->cw->id);
		ismc_xml_attr(f, "name", fw->cw->name);
		ismc_xml_attr(f, "label", fw->cw->label);
		ismc_xml_attrl(f, "requirements", (long)fw->nreqs);
		for (int k = 0; k < ISMC_NCOVERAGES; k++)
			ismc_xml_attrl(f, ismc_coverages[k], (long)fw->count[k]);
		for (size_t r = 0; r < fw->nreqs; r++) {
			const ismc_requirement_cover *rc = &fw->reqs[r];
			xmlNodePtr q = ismc_xml_el(f, "requirement");
			ismc_xml_attr(q, "id", rc->req->id);
			ismc_xml_attr(q, "title", rc->req->title);
			ismc_xml_attr(q, "source", rc->req->source);
			ismc_xml_attr(q, "status", ismc_coverages[rc->status]);
			if (rc->excluded)
				ismc_xml_attr(q, "excluded", rc->excluded->id);
			for (size_t k = 0; k < rc->req->ncontrols; k++) {
				const ismc_control *ctl = rc->controls[k];
				const ismc_control_facts *cf = &m->control_facts[ctl->index];
				xmlNodePtr n = ismc_xml_el(q, "control");
				ismc_xml_attr(n, "id", ctl->id);
				ismc_xml_attr(n, "title", ctl->title);
				ismc_xml_attr(n, "met", S_bool(rc->met[k]));
				if (!S_decision_attrs(n, cf))
					continue;
				for (size_t d = 0; d < cf->nimplementers; d++)
					S_doc_ref(n, cf->implementers[d], NULL);
			}
		}
	}
}

static void S_nonconformities(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr ns = ismc_xml_el(pack, "nonconformities");
	for (size_t k = 0; k < m->nonconformities.n; k++) {
		const ismc_nonconformity *nc = m->nonconformities.v[k];
		xmlNodePtr n = ismc_xml_el(ns, "nonconformity");
		ismc_xml_attr(n, "id", nc->id.s ? nc->id.s : "");
		ismc_xml_attr(n, "title", nc->title.s ? nc->title.s : "");
		if (nc->raised_on.s)
			ismc_xml_date_attr(n, "raised-on", nc->raised_on.n);
		ismc_xml_attr(n, "source", nc->source.s);
		ismc_xml_attr(n, "status", nc->status.s);
		if (nc->closed_on.s)
			ismc_xml_date_attr(n, "closed-on", nc->closed_on.n);
		S_clause_refs(m, n, &nc->clauses);
		S_control_refs(m, n, &nc->controls);
		ismc_xml_text_el(n, "description", nc->description.s);
		ismc_xml_text_el(n, "correction", nc->correction.s);
		ismc_xml_text_el(n, "root-cause", nc->root_cause.s);
		for (size_t i = 0; i < nc->actions.n; i++) {
			const ismc_nc_action *act = nc->actions.v[i];
			xmlNodePtr a = ismc_xml_el(n, "action");
			ismc_xml_attr(a, "id", act->id.s ? act->id.s : "");
			ismc_xml_attr(a, "owner", act->owner.s);
			if (act->due.s)
				ismc_xml_date_attr(a, "due", act->due.n);
			if (act->done_on.s)
				ismc_xml_date_attr(a, "done-on", act->done_on.n);
			for (size_t d = 0; d < m->ndue; d++)
				if (m->due[d].action == act)
					ismc_xml_attr(a, "overdue", S_bool(m->due[d].overdue));
			const char *what = act->action.s ? act->action.s : "";
			ismc_xml_text(a, what, strlen(what));
		}
		const ismc_nc_check *chk = nc->effectiveness.n ? nc->effectiveness.v[0] : NULL;
		if (chk) {
			xmlNodePtr e = ismc_xml_el(n, "effectiveness");
			if (chk->checked_on.s)
				ismc_xml_date_attr(e, "checked-on", chk->checked_on.n);
			if (chk->effective.s)
				ismc_xml_attr(e, "effective", S_bool(chk->effective.n));
			ismc_xml_attr(e, "by", chk->by.s);
		}
		if (nc->related.n) {
			xmlNodePtr rel = ismc_xml_el(n, "related");
			for (size_t i = 0; i < nc->related.n; i++)
				S_ref_el(rel, m, nc->related.v[i].s);
		}
	}
}

static void S_suppliers(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr ss = ismc_xml_el(pack, "suppliers");
	for (size_t k = 0; k < m->suppliers.n; k++) {
		const ismc_supplier *sp = m->suppliers.v[k];
		xmlNodePtr n = ismc_xml_el(ss, "supplier");
		ismc_xml_attr(n, "id", sp->id.s ? sp->id.s : "");
		ismc_xml_attr(n, "name", sp->name.s ? sp->name.s : "");
		ismc_xml_attr(n, "service", sp->service.s);
		ismc_xml_attr(n, "criticality", sp->criticality.s);
		ismc_xml_attr(n, "owner", sp->owner.s);
		if (sp->last_review.s)
			ismc_xml_date_attr(n, "last-review", sp->last_review.n);
		if (sp->review_every.s)
			S_duration_attr(n, "review-every", sp->review_every.n, (int)sp->review_every.m);
		S_due_attrs(n, S_due_of(m, ISMC_DUE_SUPPLIER, sp));
		for (size_t i = 0; i < sp->assets.n; i++)
			S_ref_el(n, m, sp->assets.v[i].s);
		S_control_refs(m, n, &sp->controls);
		if (sp->agreement_doc) {
			S_doc_ref(ismc_xml_el(n, "agreement"), sp->agreement_doc, NULL);
		} else if (sp->agreement_file) {
			xmlNodePtr ag = ismc_xml_el(n, "agreement");
			ismc_xml_attr(ismc_xml_el(ag, "file"), "path", sp->agreement_file->path);
		}
	}
}

/* Everything that falls due, by date: overdue, due soon (within
 * ISMC_DUE_SOON_DAYS), and later. */
static void S_due(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr ds = ismc_xml_el(pack, "due");
	ismc_xml_attrl(ds, "soon-days", ISMC_DUE_SOON_DAYS);
	for (size_t i = 0; i < m->ndue; i++) {
		const ismc_due *d = &m->due[i];
		xmlNodePtr n = ismc_xml_el(ds, "item");
		ismc_xml_attr(n, "kind", ismc_due_kinds[d->kind]);
		ismc_xml_attr(n, "id", d->id);
		ismc_xml_attr(n, "sub", d->sub);
		ismc_xml_attr(n, "title", d->title);
		ismc_xml_attr(n, "owner", d->owner);
		ismc_xml_date_attr(n, "date", d->date);
		if (d->late != d->date && !d->never)
			ismc_xml_date_attr(n, "late", d->late);
		if (d->every > 0)
			S_duration_attr(n, "every", d->every, d->unit);
		if (d->never)
			ismc_xml_attr(n, "never", "true");
		ismc_xml_attr(n, "state", d->overdue ? "overdue" : ismc_due_soon(m, d) ? "soon" : "later");
	}
}

static void S_diagnostics(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	xmlNodePtr ds = ismc_xml_el(pack, "diagnostics");
	for (size_t i = 0; c->diags && i < ismc_diags_count(c->diags); i++) {
		const ismc_diag *dg = ismc_diags_at(c->diags, i);
		xmlNodePtr n = ismc_xml_el(ds, "diagnostic");
		ismc_xml_attr(n, "code", ismc_code_get(dg->code)->name);
		ismc_xml_attr(n, "severity", ismc_severity_name(dg->severity));
		if (dg->pos.file) {
			ismc_xml_attr(n, "file", dg->pos.file);
			ismc_xml_attrl(n, "line", dg->pos.line);
			ismc_xml_attrl(n, "column", dg->pos.col);
		}
		ismc_xml_text(n, dg->msg, strlen(dg->msg));
	}
}

/* <documents> of the pack kept in memory: each document lean (S_document)
 * and without its body, which S_save_streamed builds as it writes the file and
 * replaces by a stub. */
static void S_documents(const ismc_emit_ctx *c, xmlNodePtr pack, ismc_pack *out)
{
	const ismc_model *m = c->m;
	xmlNodePtr docs = ismc_xml_el(pack, "documents");
	out->docs = calloc(m->docs.n ? m->docs.n : 1, sizeof *out->docs);
	if (!out->docs)
		abort();
	out->ndocs = m->docs.n;
	for (size_t i = 0; i < m->docs.n; i++)
		out->docs[i] = S_document(c, docs, m->docs.v[i], S_LEAN);
}

/* What the pages of other documents see of a body, walked once as the file
 * gets it: the ids a link can point to (sections, headings, anchors) go to
 * p->anchors as "ID#id", the asset references to the stub (when there is
 * one), in document order (the key docs-of-asset of common.xsl finds the
 * same in the stub as in the body: docs/output.md). */
static void S_stub_walk(ismc_pack *p, const char *id, xmlNodePtr stub, xmlNodePtr n,
                        ismc_vec *marks);

/* The pack's anchor "id#anchor" and, in the stub, the asset reference
 * `asset`: what S_stub_walk makes of a body, and the body cache's marks
 * ("a\x1fANCHOR", "s\x1fASSET") make again of a body taken unread. */
static void S_stub_anchor(ismc_pack *p, const char *id, const char *anchor)
{
	size_t len = strlen(id) + strlen(anchor) + 2;
	char *key = ismc_arena_alloc(p->arena, len);
	snprintf(key, len, "%s#%s", id, anchor);
	if (ismc_map_put(p->anchors, key, key))
		return;
	unsigned char md[32];
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, key, len - 1);
	ismc_sha256_end(h, md);
	for (size_t i = 0; i < 32; i++)
		p->anchors_set[i] ^= md[i];
}

static void S_stub_asset(xmlNodePtr stub, const char *asset)
{
	xmlNodePtr r = ismc_xml_el(stub, "ref");
	ismc_xml_attr(r, "kind", "asset");
	ismc_xml_attr(r, "id", asset);
}

static void S_mark(ismc_vec *marks, char kind, const char *v)
{
	if (!marks)
		return;
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "%c\x1f%s", kind, v);
	ismc_vec_push(marks, b.data);
}

static void S_stub_walk(ismc_pack *p, const char *id, xmlNodePtr stub, xmlNodePtr n,
                        ismc_vec *marks)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)k->name;
		xmlChar *v;
		if ((!strcmp(name, "section") || !strcmp(name, "heading") || !strcmp(name, "anchor")) &&
		    (v = xmlGetProp(k, BAD_CAST "id"))) {
			S_stub_anchor(p, id, (const char *)v);
			S_mark(marks, 'a', (const char *)v);
			xmlFree(v);
		} else if (stub && !strcmp(name, "ref") && (v = xmlGetProp(k, BAD_CAST "kind"))) {
			if (!strcmp((const char *)v, "asset")) {
				xmlChar *rid = xmlGetProp(k, BAD_CAST "id");
				S_stub_asset(stub, rid ? (const char *)rid : "");
				S_mark(marks, 's', rid ? (const char *)rid : "");
				xmlFree(rid);
			}
			xmlFree(v);
		}
		S_stub_walk(p, id, stub, k, marks);
	}
}

/* Document d's body built from its Markdown under its element `n`. A body
 * too deep to render (nesting-too-deep, in a draft) stays empty. */
static void S_body_built(const ismc_emit_ctx *c, const ismc_doc *d, xmlNodePtr n)
{
	xmlNodePtr body = ismc_xml_el(n, "body");
	if (!d->too_deep.file)
		ismc_emit_body(c->m, d, d->body, d->body_len, body, NULL);
}

/* Document i in full, with its body, under `parent` (a batch's pack; the
 * pack's own are S_write_document's). */
static xmlNodePtr S_each_document(const ismc_emit_ctx *c, xmlNodePtr parent, size_t i,
                                  ismc_pack *p)
{
	(void)p;
	const ismc_doc *d = c->m->docs.v[i];
	xmlNodePtr n = S_document(c, parent, d, S_FULL);
	S_body_built(c, d, n);
	return n;
}

/* A digest of the text nodes under `n`, in document order: what the body
 * parsed back from evidence-pack.xml must have, once the whitespace of the
 * formatted save is taken out (S_kept_body). */
static unsigned long long S_text_sig(xmlNodePtr n)
{
	unsigned long long h = 0xcbf29ce484222325ull; /* FNV-1a, 64 bits */
	for (xmlNodePtr k = n->children; k;) {
		if (k->type == XML_TEXT_NODE) {
			for (const xmlChar *c = k->content; c && *c; c++)
				h = (h ^ *c) * 0x100000001b3ull;
			h = (h ^ 0x100) * 0x100000001b3ull; /* a node ends */
		}
		if (k->type == XML_ELEMENT_NODE && k->children) {
			k = k->children;
			continue;
		}
		while (!k->next && k->parent != n)
			k = k->parent;
		k = k->next;
	}
	return h;
}

/* Whether text node `t` is "\n" and the indentation of `level`, as
 * xmlNodeDumpOutput's formatted save writes it (two spaces a level, at
 * most 30 levels). */
static int S_is_indent(xmlNodePtr t, int level)
{
	if (!t || t->type != XML_TEXT_NODE || !t->content || t->content[0] != '\n')
		return 0;
	size_t n = 2 * (size_t)(level < 30 ? level : 30), i = 0;
	while (i < n && t->content[1 + i] == ' ')
		i++;
	return i == n && t->content[1 + n] == '\0';
}

/* Takes out of element `e`, written at `level` by a formatted save, what
 * the save added: an element whose children are all elements is written
 * with each on a line of its own, indented, which parses back as a text
 * node before each child and one before the end tag; any other element
 * and all it holds are written as they are. An element whose text looks
 * like that indentation loses it too: S_kept_body's digest then differs. */
static void S_unformat(xmlNodePtr e, int level)
{
	size_t n = 0;
	for (xmlNodePtr k = e->children; k; k = k->next, n++)
		if (n % 2 ? k->type == XML_TEXT_NODE : !S_is_indent(k, k->next ? level + 1 : level))
			return;
	if (n < 3 || n % 2 == 0)
		return;
	for (xmlNodePtr k = e->children, next; k; k = next) {
		next = k->next;
		if (k->type == XML_TEXT_NODE) {
			xmlUnlinkNode(k);
			xmlFreeNode(k);
		} else if (k->type == XML_ELEMENT_NODE) {
			S_unformat(k, level + 1);
		}
	}
}

/* The body of document i parsed back from evidence-pack.xml under its
 * element `n`, the whitespace of the formatted save taken out: the tree
 * S_write_document built (the same elements, attributes and text; its
 * adjacent text nodes were merged as it was built). Returns 0, or -1 when
 * the file does not have it (taken from the earlier OUT) or what parses
 * back is not that tree (its text's digest differs): the caller builds it. */
static int S_kept_body(const ismc_pack *p, size_t i, xmlNodePtr n)
{
	long long off = p->kept_at[i][0], len = p->kept_at[i][1];
	if (len <= 0 || len > INT_MAX)
		return -1;
	char *buf = ismc_xmalloc((size_t)len);
	xmlNodePtr body = NULL;
	int ok = pread(fileno(p->kept), buf, (size_t)len, off) == len &&
	         xmlParseInNodeContext(n, buf, (int)len,
	                               XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
	                                       XML_PARSE_NOWARNING,
	                               &body) == XML_ERR_OK &&
	         body && !body->next && body->type == XML_ELEMENT_NODE &&
	         !strcmp((const char *)body->name, "body");
	free(buf);
	if (ok) {
		S_unformat(body, p->kept_level);
		ok = S_text_sig(body) == p->kept_sig[i];
	}
	if (!ok) {
		xmlFreeNodeList(body);
		return -1;
	}
	xmlAddChild(n, body);
	return 0;
}

/* Document i in full, without its body: a document of the register. */
static xmlNodePtr S_each_register(const ismc_emit_ctx *c, xmlNodePtr parent, size_t i,
                                  ismc_pack *p)
{
	(void)p;
	return S_document(c, parent, c->m->docs.v[i], S_STREAMED);
}

xmlNodePtr ismc_pack_doc_copy(const ismc_pack *p, size_t i, xmlNodePtr parent, int *parsed)
{
	const ismc_doc *d = p->ctx->m->docs.v[i];
	xmlNodePtr n = S_document(p->ctx, parent, d, S_FULL);
	int back = p->kept && p->kept_at[i][1] && S_kept_body(p, i, n) == 0;
	if (!back)
		S_body_built(p->ctx, d, n);
	if (parsed)
		*parsed = back;
	return n;
}

void ismc_pack_anchors(ismc_pack *p)
{
	p->anchors = ismc_map_new();
	p->arena = ismc_arena_new();
	for (size_t i = 0; i < p->ndocs; i++) {
		xmlChar *id = xmlGetProp(p->docs[i], BAD_CAST "id");
		for (xmlNodePtr b = id ? p->docs[i]->children : NULL; b; b = b->next)
			if (b->type == XML_ELEMENT_NODE && !strcmp((const char *)b->name, "body"))
				S_stub_walk(p, (const char *)id, NULL, b, NULL);
		xmlFree(id);
	}
}

void ismc_pack_free(ismc_pack *p)
{
	xmlFreeDoc(p->doc);
	if (p->kept)
		fclose(p->kept);
	free(p->kept_at);
	free(p->kept_sig);
	ismc_map_free(p->anchors);
	ismc_arena_free(p->arena);
	free(p->docs);
	free(p->digest);
	memset(p, 0, sizeof *p);
}

/* The indentation of a line at `level`, as the formatted save writes it. */
static void S_indent(xmlOutputBufferPtr ob, int level)
{
	for (int i = 0; i < level; i++)
		xmlOutputBufferWrite(ob, 2, "  ");
}

/* xmlNodeDumpOutput(ob, doc, n, level, 1, "UTF-8"), by ismc_xml_dump
 * where it can (three times faster: the bodies are most of the pack) */
static void S_node_dump(xmlOutputBufferPtr ob, xmlDocPtr doc, xmlNodePtr n, int level)
{
	ismc_buf b = { 0 };
	if (ismc_xml_dump(&b, n, level) == 0)
		xmlOutputBufferWrite(ob, (int)b.len, b.data ? b.data : "");
	else
		xmlNodeDumpOutput(ob, doc, n, level, 1, "UTF-8");
	ismc_buf_free(&b);
}

/* Writes `n` at `level` as xmlSaveFormatFileEnc would inside its parent. */
static void S_dump(xmlOutputBufferPtr ob, xmlDocPtr doc, xmlNodePtr n, int level)
{
	S_indent(ob, level);
	S_node_dump(ob, doc, n, level);
	xmlOutputBufferWrite(ob, 1, "\n");
}

/* An element's start tag as the formatted save writes it on a line of its
 * own at `level`, `<name attrs>`: the element dumped in place without its
 * children, `<name attrs/>`, so its namespace is declared only where the
 * tree declares it. */
static void S_start_tag(xmlOutputBufferPtr ob, xmlDocPtr doc, xmlNodePtr n, int level)
{
	S_indent(ob, level);
	xmlNodePtr kids = n->children, last = n->last;
	n->children = n->last = NULL;
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodeDump(b, doc, n, 0, 1);
	n->children = kids;
	n->last = last;
	const char *s = (const char *)xmlBufferContent(b);
	size_t len = strlen(s); /* "<name .../>" */
	xmlOutputBufferWrite(ob, (int)(len - 2), s);
	xmlOutputBufferWrite(ob, 2, ">\n");
	xmlBufferFree(b);
}

/* Its end tag, on a line of its own at `level`. */
static void S_end_tag(xmlOutputBufferPtr ob, xmlNodePtr n, int level)
{
	S_indent(ob, level);
	xmlOutputBufferWriteString(ob, "</");
	xmlOutputBufferWriteString(ob, (const char *)n->name);
	xmlOutputBufferWriteString(ob, ">\n");
}

/* The elements whose children the files get one at a time, each built,
 * written and freed, so that no file's documents are all in memory: the
 * register's documents, and the pack's documents with their bodies. */
typedef xmlNodePtr S_each(const ismc_emit_ctx *c, xmlNodePtr parent, size_t i, ismc_pack *p);
static const struct {
	const char *name;
	S_each *each;
} S_streamed[] = {
	{ "register", S_each_register },
	{ "documents", S_each_document },
};

/* Where S_save_streamed writes: the file, and while `hash` is set, that
 * digest too (the bytes of one document of the pack: its page's key,
 * transform.c). */
typedef struct {
	FILE *f;
	ismc_sha256_ctx *hash;
	long long written; /* bytes so far: where a body starts (S_write_document) */
	int failed;        /* a write fell short */
	/* S_ref_bytes' memo: a referrer (its document or control, by address:
	 * no id to hash and compare per <ref>) -> its <ref> as written, in `ra` */
	ismc_map *refs;
	ismc_arena *ra;
	/* evidence-pack.xml: where document i's element of its <register> is
	 * in this file (S_write_regdoc), which its element of <documents>
	 * begins with (S_write_document); lengths 0 until written */
	long long *reg_off, *reg_len;
} S_sink;

/* The bytes of the <ref> of referrer i of `d`, as xmlNodeDumpOutput writes
 * it (built under `scratch`, an element of `doc`, then freed), made once
 * per referrer and file: the documents' <referenced-by>s name the same
 * referrers over and over (1.45 million <ref>s at 10,000 generated
 * documents), and building each as a tree and writing it was a tenth of a
 * rebuild. */
static const char *S_ref_bytes(S_sink *s, xmlDocPtr doc, xmlNodePtr scratch,
                               const ismc_model *m, const ismc_doc *d, size_t i)
{
	const ismc_referrer *who = &d->referrers[i];
	const char *k = who->doc ? (const char *)who->doc : (const char *)who->control;
	const char *b = ismc_map_get(s->refs, k);
	if (b)
		return b;
	xmlNodePtr r = S_ref_el(scratch, m, S_referrer_id(d, i));
	xmlBufferPtr buf = xmlBufferCreate();
	xmlNodeDump(buf, doc, r, 0, 1);
	b = ismc_arena_strdup(s->ra, (const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlUnlinkNode(r);
	xmlFreeNode(r);
	ismc_map_put(s->refs, k, (void *)b);
	return b;
}

/* Writes the child `k` of document d's element (S_STREAMED) at `level`,
 * as xmlNodeDumpOutput writes it in a formatted save: its <referenced-by>
 * from S_ref_bytes. */
static void S_write_child(xmlOutputBufferPtr ob, S_sink *s, xmlDocPtr doc, xmlNodePtr k,
                          int level, const ismc_model *m, const ismc_doc *d)
{
	if (strcmp((const char *)k->name, "referenced-by") || k->children) {
		S_node_dump(ob, doc, k, level);
		return;
	}
	if (!d->nreferrers) {
		xmlOutputBufferWriteString(ob, "<referenced-by/>");
		return;
	}
	xmlOutputBufferWriteString(ob, "<referenced-by>\n");
	for (size_t i = 0; i < d->nreferrers; i++) {
		S_indent(ob, level + 1);
		xmlOutputBufferWriteString(ob, S_ref_bytes(s, doc, k, m, d, i));
		xmlOutputBufferWrite(ob, 1, "\n");
	}
	S_indent(ob, level);
	xmlOutputBufferWriteString(ob, "</referenced-by>");
}

/* Writes document d's element `n` (S_STREAMED) at `level`, as S_dump would
 * write it in full. */
static void S_dump_document(xmlOutputBufferPtr ob, S_sink *s, xmlDocPtr doc, xmlNodePtr n,
                            int level, const ismc_model *m, const ismc_doc *d)
{
	S_start_tag(ob, doc, n, level);
	for (xmlNodePtr k = n->children; k; k = k->next) {
		S_indent(ob, level + 1);
		S_write_child(ob, s, doc, k, level + 1, m, d);
		xmlOutputBufferWrite(ob, 1, "\n");
	}
	S_end_tag(ob, n, level);
}

static int S_sink_write(void *ctx, const char *buf, int len)
{
	S_sink *s = ctx;
	s->written += len;
	if (s->hash)
		ismc_sha256_add(s->hash, buf, (size_t)len);
	if (fwrite(buf, 1, (size_t)len, s->f) == (size_t)len)
		return len;
	s->failed = 1;
	return -1;
}

static int S_sink_close(void *ctx)
{
	S_sink *s = ctx;
	return fclose(s->f) == 0 && !s->failed ? 0 : -1;
}

/* ---- bodies taken from the earlier OUT (pagecache.c) ---- */

/* A rebuild over an earlier OUT takes each document's body, the bulk of
 * evidence-pack.xml and of emit's time, from that OUT's evidence-pack.xml
 * when its key and the ids it looked up are what they were: the bytes, and
 * the anchors and asset references the pack in memory needs of it (its
 * marks). Every build records its bodies for the next one. */
typedef struct {
	ismc_pagecache *old;       /* the earlier OUT's records of bodies, or NULL */
	FILE *from;                /* its evidence-pack.xml, the one they name */
	FILE *part;                /* this build's records, or NULL: none kept */
	ismc_pagecache_writer *pw; /* what writes them */
	char part_path[PATH_MAX];
	unsigned char env[32];     /* ismc and the libraries a body goes through */
	/* what the ids a body looks up name now (ismc_ref_titles_digest), kept
	 * as the key of evidence-pack.xml's own record; while the earlier
	 * build's is the same, so is every body's looked-up titles digest */
	unsigned char titles[32];
	int same_titles;
	unsigned char (*head)[32]; /* each document's head key (S_head_key) */
	/* register.xml: the earlier one (its identity a mark of evidence-pack.xml's
	 * record), and where each document's element is in this one */
	FILE *reg_from;
	ismc_page_rec reg_file;
	long long *xoff, *xlen;
	size_t taken, all;
} S_bodies;

/* What a body is made of: ismc, libxml2 and cmark-gfm, the document's path,
 * whether it is too deep to render, its Markdown, and each of its links as
 * the resolve step found it. The ids it looks up are checked apart
 * (S_refs_digest). */
static void S_body_key(const S_bodies *b, const ismc_doc *d, unsigned char key[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, b->env, 32);
	ismc_sha256_add(h, d->path, strlen(d->path) + 1);
	ismc_sha256_add(h, d->too_deep.file ? "deep" : "", d->too_deep.file ? 5 : 1);
	char n[64];
	snprintf(n, sizeof n, "%zu", d->body_len);
	ismc_sha256_add(h, n, strlen(n) + 1);
	unsigned char md[32]; /* the body's bytes' digest: the scan's (markdown.c) */
	if (d->has_body_md) {
		memcpy(md, d->body_md, 32);
	} else {
		ismc_sha256_ctx *bh = ismc_sha256_begin();
		ismc_sha256_add(bh, d->body, d->body_len);
		ismc_sha256_end(bh, md);
	}
	ismc_sha256_add(h, md, 32);
	for (size_t j = 0; j < d->nlinks; j++) {
		const ismc_link *l = &d->links[j];
		const char *f[] = { l->url, l->target, l->frag, l->doc ? l->doc->id.s : NULL };
		/* the link's facts as fixed-size numbers, not formatted (a body
		 * has dozens of links, 10,000 bodies a rebuild) */
		const int32_t v[] = { (int32_t)l->kind, (int32_t)l->image, (int32_t)l->repo_at,
			              l->doc != NULL, l->doc == d };
		ismc_sha256_add(h, v, sizeof v);
		for (size_t k = 0; k < sizeof f / sizeof *f; k++)
			ismc_sha256_add(h, f[k] ? f[k] : "", f[k] ? strlen(f[k]) + 1 : 1);
	}
	ismc_sha256_end(h, key);
}

/* What a document's element is made of but its body (S_document in
 * S_STREAMED, as both <register> and <documents> have it): ismc and
 * libxml2, its front matter, whether it is overdue, the ids of its clauses,
 * controls, related records and referrers, its history and its approval.
 * The titles and kinds it looks up are not in it: an element is taken whole
 * only while they are the earlier build's (S_bodies.same_titles). */
static void S_head_key(const S_bodies *b, const ismc_emit_ctx *c, const ismc_doc *d,
                       unsigned char key[32])
{
	ismc_sha256_ctx *k = ismc_sha256_begin();
	ismc_sha256_add(k, "ismc head key 1", 16);
	ismc_sha256_add(k, b->env, 32);
	const ismc_val *v[] = { &d->id, &d->title, &d->type, &d->owner, &d->version, &d->status,
		                &d->classification, &d->approved_by, &d->approved_on, &d->date,
		                &d->climate_change };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		ismc_sha256_add_str(k, v[i]->s);
		ismc_sha256_add(k, &v[i]->n, sizeof v[i]->n);
	}
	ismc_sha256_add_str(k, d->path);
	const long long review[] = { d->next_review_days,
		                     d->next_review_days >= 0 && d->next_review_days < c->m->as_of };
	ismc_sha256_add(k, review, sizeof review);
	const ismc_list *lists[] = { &d->clauses, &d->controls, &d->related };
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		ismc_sha256_add(k, &lists[i]->n, sizeof lists[i]->n);
		for (size_t j = 0; j < lists[i]->n; j++)
			ismc_sha256_add_str(k, lists[i]->v[j].s);
	}
	ismc_sha256_add(k, &d->nreferrers, sizeof d->nreferrers);
	for (size_t j = 0; j < d->nreferrers; j++)
		ismc_sha256_add_str(k, S_referrer_id(d, j));
	const ismc_history *hist = c->history ? ismc_map_get(c->history, d->path) : NULL;
	size_t nrevs = hist ? hist->nrevs : 0;
	ismc_sha256_add(k, &nrevs, sizeof nrevs);
	for (size_t j = 0; j < nrevs; j++) {
		const ismc_commit *cm = hist->revs[j];
		ismc_sha256_add_str(k, cm->id);
		ismc_sha256_add_str(k, cm->author);
		ismc_sha256_add_str(k, cm->email);
		ismc_sha256_add(k, &cm->time, sizeof cm->time);
		ismc_sha256_add_str(k, cm->subject);
	}
	const ismc_approval *ap = ismc_proofs_approval(c->proofs, d);
	ismc_sha256_add(k, ap ? "A" : "-", 1);
	if (ap) {
		const long long n[] = { ap->state, ap->method, ap->pull_request,
			                ap->commit ? ap->commit->time : 0,
			                ap->merge ? ap->merge->time : 0 };
		ismc_sha256_add(k, n, sizeof n);
		const char *f[] = { ap->commit ? ap->commit->id : NULL,
			            ap->commit ? ap->commit->author : NULL,
			            ap->commit ? ap->commit->email : NULL,
			            ap->merge ? ap->merge->id : NULL,
			            ap->person ? ap->person->id.s : NULL,
			            ap->person ? ap->person->name.s : NULL,
			            ap->proof_commit, ap->signature, ap->key, ap->note };
		for (size_t i = 0; i < sizeof f / sizeof *f; i++)
			ismc_sha256_add_str(k, f[i]);
	}
	ismc_sha256_end(k, key);
}

/* The digest of what the ids of `calls` ("ref\x1fID", sorted) name now;
 * -1 when a call is not one. */
static int S_refs_digest(const ismc_model *m, const char *const *calls, size_t n,
                         unsigned char md[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if (strncmp(calls[i], "ref\x1f", 4)) {
			rc = -1;
			continue;
		}
		const char *kind = NULL, *title = ismc_ref_title(m, calls[i] + 4, &kind);
		ismc_sha256_add(h, calls[i], strlen(calls[i]) + 1);
		ismc_sha256_add(h, kind ? kind : "", kind ? strlen(kind) + 1 : 1);
		ismc_sha256_add(h, title ? title : "", title ? strlen(title) + 1 : 1);
	}
	ismc_sha256_end(h, md);
	return rc;
}

static int S_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts `v` (strings it owns) and frees the repeats. */
static void S_sort_unique(ismc_vec *v)
{
	if (v->n)
		qsort(v->v, v->n, sizeof *v->v, S_str_cmp);
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++)
		if (k && !strcmp(v->v[k - 1], v->v[i]))
			free(v->v[i]);
		else
			v->v[k++] = v->v[i];
	v->n = k;
}

/* Opens what the bodies of evidence-pack.xml in `dir` are taken from and
 * recorded to. Returns 0, or -1 with err filled. */
static int S_bodies_open(const ismc_emit_ctx *c, const char *dir, S_bodies *b, ismc_error *err)
{
	memset(b, 0, sizeof *b);
	if (!c->reuse || !c->reuse->cache_out)
		return 0;
	snprintf(b->part_path, sizeof b->part_path, "%s/.ismc-pages-bodies", dir);
	/* the compile's records first: the next build's model, proofs and
	 * history walk read up to them */
	if (!(b->part = fopen(b->part_path, "wbx")) ||
	    !(b->pw = ismc_pagecache_writer_new(b->part)) || ismc_pagecache_head(b->part) != 0 ||
	    ismc_scans_save(c->m->scans, b->pw) != 0 || ismc_proofs_save(c->proofs, b->pw) != 0 ||
	    ismc_diffs_save(c->diffs, b->pw) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", b->part_path,
		         strerror(errno));
		return -1;
	}
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, "ismc body key 1", 16);
	ismc_pagecache_self(h);
	ismc_sha256_add(h, cmark_version_string(), strlen(cmark_version_string()) + 1);
	ismc_sha256_end(h, b->env);
	ismc_ref_titles_digest(c->m, b->titles);
	b->head = ismc_xcalloc(c->m->docs.n + 1, sizeof *b->head);
	for (size_t i = 0; i < c->m->docs.n; i++)
		S_head_key(b, c, c->m->docs.v[i], b->head[i]);
	b->xoff = ismc_xcalloc(c->m->docs.n + 1, sizeof *b->xoff);
	b->xlen = ismc_xcalloc(c->m->docs.n + 1, sizeof *b->xlen);
	if (!c->reuse->old_out)
		return 0;
	b->old = ismc_pagecache_read(c->reuse->cache_in, "evidence-pack.xml");
	const ismc_page_rec *r = ismc_pagecache_get(b->old, "evidence-pack.xml");
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/evidence-pack.xml", c->reuse->old_out);
	if (r && ismc_pagecache_same(r, path))
		b->from = fopen(path, "rb");
	b->same_titles = b->from && !memcmp(r->key, b->titles, 32);
	/* the earlier register.xml, when it is the one its mark names */
	ismc_page_rec was = { 0 };
	int used = 0;
	for (size_t k = 0; b->same_titles && k < r->nmarks; k++)
		if (!strncmp(r->marks[k], "f\x1f", 2) &&
		    sscanf(r->marks[k] + 2, "%llu %llu %llu %lld %lld%n", &was.dev, &was.ino,
		           &was.size, &was.mtime_s, &was.mtime_ns, &used) == 5 &&
		    !r->marks[k][2 + used]) {
			snprintf(path, sizeof path, "%s/register.xml", c->reuse->old_out);
			if (ismc_pagecache_same(&was, path))
				b->reg_from = fopen(path, "rb");
		}
	return 0;
}

/* The record of this build's evidence-pack.xml (its identity, which the
 * bodies' records are of), then the part closed. */
static int S_bodies_close(S_bodies *b, const char *file, int ok, ismc_error *err)
{
	if (b->from)
		fclose(b->from);
	if (b->reg_from)
		fclose(b->reg_from);
	b->from = b->reg_from = NULL;
	ismc_pagecache_free(b->old);
	b->old = NULL;
	free(b->head);
	free(b->xoff);
	free(b->xlen);
	b->head = NULL;
	b->xoff = b->xlen = NULL;
	if (!b->part)
		return ok ? 0 : -1;
	ismc_page_rec r = { .page = "evidence-pack.xml" };
	memcpy(r.key, b->titles, 32);
	char f[160];
	const char *marks[1] = { f };
	if (b->reg_file.ino) { /* register.xml's identity, which its elements' places are of */
		snprintf(f, sizeof f, "f\x1f%llu %llu %llu %lld %lld", b->reg_file.dev,
		         b->reg_file.ino, b->reg_file.size, b->reg_file.mtime_s, b->reg_file.mtime_ns);
		r.marks = marks;
		r.nmarks = 1;
	}
	if (ok && file)
		ok = ismc_pagecache_stat(&r, file) == 0 && ismc_pagecache_put(b->pw, &r) == 0;
	ok = fclose(b->part) == 0 && ok;
	b->part = NULL;
	ismc_pagecache_writer_free(b->pw);
	b->pw = NULL;
	if (!ok && !*err->msg)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", b->part_path);
	if (ok && b->taken)
		printf("ismc: %zu of %zu document bodies unchanged, taken from the earlier output\n",
		       b->taken, b->all);
	return ok ? 0 : -1;
}

/* What a body's record holds beyond its anchors and asset references
 * ('a', 's'), as S_write_document writes it: the head key of its element
 * ('h'), the digest of the element's bytes ('d'), the body's place from the
 * element's start ('b', "OFFSET LENGTH"), the place of the document's
 * element of <register> in the same file ('r') and, when there is one, of
 * its element in register.xml ('x'). The record's offset and length are
 * the element's in <documents>. */
typedef struct {
	unsigned char head[32], digest[32];
	long long boff, blen, roff, rlen, xoff, xlen;
	unsigned has; /* S_HAS_*: which of them the record has */
} S_elmarks;

enum { S_HAS_H = 1, S_HAS_D = 2, S_HAS_B = 4, S_HAS_R = 8, S_HAS_ALL = 15, S_HAS_X = 16 };

static int S_span(const char *v, long long *off, long long *len)
{
	int used = 0;
	return sscanf(v, "%lld %lld%n", off, len, &used) == 2 && !v[used] && *off >= 0 &&
	                       *len >= 0 && *len < (1LL << 31)
	               ? 0
	               : -1;
}

/* r's marks read into e; -1 when one is not S_write_document's (a record
 * that came from no build, or an earlier version: nothing of it is taken). */
static int S_marks_read(const ismc_page_rec *r, S_elmarks *e)
{
	memset(e, 0, sizeof *e);
	for (size_t k = 0; k < r->nmarks; k++) {
		const char *m = r->marks[k], *v = m + 2;
		if (!m[0] || m[1] != '\x1f')
			return -1;
		int rc = 0;
		switch (m[0]) {
		case 'a':
		case 's':
			continue;
		case 'h':
			rc = ismc_sha256_unhex(v, e->head), e->has |= S_HAS_H;
			break;
		case 'd':
			rc = ismc_sha256_unhex(v, e->digest), e->has |= S_HAS_D;
			break;
		case 'b':
			rc = S_span(v, &e->boff, &e->blen), e->has |= S_HAS_B;
			break;
		case 'r':
			rc = S_span(v, &e->roff, &e->rlen), e->has |= S_HAS_R;
			break;
		case 'x':
			rc = S_span(v, &e->xoff, &e->xlen), e->has |= S_HAS_X;
			break;
		default:
			return -1;
		}
		if (rc)
			return -1;
	}
	return (e->has & S_HAS_ALL) == S_HAS_ALL && e->boff + e->blen <= r->length ? 0 : -1;
}

/* `len` bytes of `f` at `off`, or NULL when they cannot be read. */
static char *S_read_at(FILE *f, long long off, long long len)
{
	char *bytes = ismc_xmalloc(len ? (size_t)len : 1);
	if (fseeko(f, (off_t)off, SEEK_SET) == 0 && fread(bytes, 1, (size_t)len, f) == (size_t)len)
		return bytes;
	free(bytes);
	return NULL;
}

/* The end tag of a document's element at `level`, on its own line. */
static void S_doc_end(char *buf, size_t size, int level, size_t *len)
{
	size_t n = 0;
	for (int i = 0; i < level && n + 2 < size; i++)
		buf[n++] = ' ', buf[n++] = ' ';
	n += (size_t)snprintf(buf + n, size - n, "</document>\n");
	*len = n;
}

/* Document i's element of <register> (S_STREAMED, as S_dump_document
 * writes it) at `level`: in evidence-pack.xml with `p`, else in
 * register.xml. Taken whole from the earlier file while its head key and
 * the titles it looks up are the earlier build's, else built; its place in
 * this file kept for S_write_document (in the sink: the <documents>
 * element begins with it; in b for register.xml: its record). */
static void S_write_regdoc(xmlOutputBufferPtr ob, S_sink *sink, xmlDocPtr doc, xmlNodePtr parent,
                           int level, const ismc_emit_ctx *c, size_t i, ismc_pack *p,
                           S_bodies *b)
{
	const ismc_doc *d = c->m->docs.v[i];
	FILE *from = p ? b->from : b->reg_from;
	char page[PATH_MAX];
	snprintf(page, sizeof page, "evidence-pack.xml#%s", d->path);
	const ismc_page_rec *r = from && b->same_titles ? ismc_pagecache_get(b->old, page) : NULL;
	S_elmarks e;
	char *bytes = NULL;
	long long at = 0, len = 0;
	if (r && S_marks_read(r, &e) == 0 && !memcmp(e.head, b->head[i], 32) &&
	    (p || (e.has & S_HAS_X))) {
		at = p ? e.roff : e.xoff, len = p ? e.rlen : e.xlen;
		bytes = S_read_at(from, at, len);
	}
	xmlOutputBufferFlush(ob);
	long long off = sink->written;
	if (bytes) {
		S_sink_write(sink, bytes, (int)len);
		free(bytes);
	} else {
		xmlNodePtr n = S_each_register(c, parent, i, p);
		S_dump_document(ob, sink, doc, n, level, c->m, d);
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		xmlOutputBufferFlush(ob);
	}
	if (p) {
		sink->reg_off[i] = off;
		sink->reg_len[i] = sink->written - off;
	} else if (b->xoff) {
		b->xoff[i] = off;
		b->xlen[i] = sink->written - off;
	}
}

/* Document i of the pack, in full, written at `level` as S_dump writes it,
 * its bytes digested into p->digest[i]. Taken whole from the earlier
 * evidence-pack.xml when its body's key, its head key and the titles it
 * looks up are the earlier build's (its digest then the record's);
 * else its start tag and children are its element of <register> in this
 * file (S_write_regdoc) and its body is taken (S_bodies) or built. Then
 * recorded. */
static void S_write_document(xmlOutputBufferPtr ob, S_sink *sink, xmlDocPtr doc,
                             xmlNodePtr parent, int level, const ismc_emit_ctx *c, size_t i,
                             ismc_pack *p, S_bodies *b)
{
	const ismc_doc *d = c->m->docs.v[i];
	const char *id = d->id.s ? d->id.s : "";
	xmlNodePtr stub = ismc_xml_el(p->docs[i], "body");
	char page[PATH_MAX], end[256];
	size_t endlen;
	S_doc_end(end, sizeof end, level, &endlen);
	snprintf(page, sizeof page, "evidence-pack.xml#%s", d->path);
	unsigned char key[32] = { 0 }, md[32];
	if (b->part)
		S_body_key(b, d, key);
	const ismc_page_rec *r = b->from ? ismc_pagecache_get(b->old, page) : NULL;
	S_elmarks e;
	if (r && (memcmp(r->key, key, 32) || S_marks_read(r, &e) != 0))
		r = NULL;
	char *bytes = NULL; /* the element's, when whole; else the body's */
	int whole = 0;
	if (r && b->same_titles && !memcmp(e.head, b->head[i], 32)) {
		whole = (bytes = S_read_at(b->from, r->offset, r->length)) != NULL;
		memcpy(md, r->answers, 32);
	} else if (r && b->same_titles) {
		memcpy(md, r->answers, 32); /* what its ids name is as it was */
		bytes = S_read_at(b->from, r->offset + e.boff, e.blen);
	} else if (r && S_refs_digest(c->m, r->calls, r->ncalls, md) == 0 &&
	           !memcmp(md, r->answers, 32)) {
		bytes = S_read_at(b->from, r->offset + e.boff, e.blen);
	}
	ismc_vec asked = { 0 }, marks = { 0 };
	xmlNodePtr body = NULL;
	b->all++;
	if (bytes) {
		b->taken++;
		for (size_t k = 0; k < r->nmarks; k++) {
			const char *v = r->marks[k] + 2;
			if (r->marks[k][0] == 'a')
				S_stub_anchor(p, id, v);
			else if (r->marks[k][0] == 's')
				S_stub_asset(stub, v);
		}
	} else {
		body = ismc_xml_el(parent, "body");
		if (!d->too_deep.file)
			ismc_emit_body(c->m, d, d->body, d->body_len, body, b->part ? &asked : NULL);
		S_stub_walk(p, id, stub, body, b->part ? &marks : NULL);
	}
	xmlOutputBufferFlush(ob);
	long long off = sink->written, boff, blen;
	if (whole) { /* the element as it was: its digest too */
		S_sink_write(sink, bytes, (int)r->length);
		memcpy(p->digest[i], e.digest, 32);
		boff = e.boff, blen = e.blen;
	} else {
		sink->hash = ismc_sha256_begin();
		char *head = NULL;
		long long hlen = sink->reg_len[i] - (long long)endlen;
		if (hlen > 0 && fflush(sink->f) == 0) {
			head = ismc_xmalloc((size_t)sink->reg_len[i]);
			if (pread(fileno(sink->f), head, (size_t)sink->reg_len[i], sink->reg_off[i]) !=
			            sink->reg_len[i] ||
			    memcmp(head + hlen, end, endlen)) {
				free(head);
				head = NULL;
			}
		}
		if (head) { /* its element of <register>, but the end tag */
			S_sink_write(sink, head, (int)hlen);
			free(head);
		} else {
			xmlNodePtr n = S_document(c, parent, d, S_STREAMED);
			S_start_tag(ob, doc, n, level);
			for (xmlNodePtr k = n->children; k; k = k->next) {
				S_indent(ob, level + 1);
				S_write_child(ob, sink, doc, k, level + 1, c->m, d);
				xmlOutputBufferWrite(ob, 1, "\n");
			}
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		S_indent(ob, level + 1);
		xmlOutputBufferFlush(ob);
		boff = sink->written - off;
		if (bytes) /* the encoder's output already: to the sink as they are */
			S_sink_write(sink, bytes, (int)e.blen);
		else
			S_node_dump(ob, doc, body, level + 1);
		xmlOutputBufferFlush(ob);
		blen = sink->written - off - boff;
		if (body && p->kept_at) { /* for the pages' batches */
			p->kept_at[i][0] = off + boff;
			p->kept_at[i][1] = blen;
			p->kept_sig[i] = S_text_sig(body);
			p->kept_level = level + 1;
		}
		xmlOutputBufferWrite(ob, 1, "\n");
		xmlOutputBufferWrite(ob, (int)endlen, end);
		xmlOutputBufferFlush(ob);
		ismc_sha256_end(sink->hash, p->digest[i]);
		sink->hash = NULL;
	}
	long long len = sink->written - off;
	if (b->part) {
		S_sort_unique(&asked);
		ismc_vec all = { 0 };
		for (size_t k = 0; k < (bytes ? r->nmarks : marks.n); k++) {
			const char *m = bytes ? r->marks[k] : marks.v[k];
			if (m[0] == 'a' || m[0] == 's')
				ismc_vec_push(&all, (void *)m);
		}
		char hh[65], dh[65], bm[64], rm[64], xm[64], hm[67], dm[67];
		ismc_sha256_hex(b->head[i], hh);
		ismc_sha256_hex(p->digest[i], dh);
		snprintf(hm, sizeof hm, "h\x1f%s", hh);
		snprintf(dm, sizeof dm, "d\x1f%s", dh);
		snprintf(bm, sizeof bm, "b\x1f%lld %lld", boff, blen);
		snprintf(rm, sizeof rm, "r\x1f%lld %lld", sink->reg_off[i], sink->reg_len[i]);
		snprintf(xm, sizeof xm, "x\x1f%lld %lld", b->xoff[i], b->xlen[i]);
		const char *ours[] = { hm, dm, bm, rm, xm };
		for (size_t k = 0; k < sizeof ours / sizeof *ours - !b->xlen[i]; k++)
			ismc_vec_push(&all, (void *)ours[k]);
		ismc_page_rec rec = { .page = page, .offset = off, .length = len };
		memcpy(rec.key, key, 32);
		rec.calls = bytes ? r->calls : (const char **)asked.v;
		rec.ncalls = bytes ? r->ncalls : asked.n;
		rec.marks = (const char **)all.v;
		rec.nmarks = all.n;
		if (bytes) /* its answers, as just checked */
			memcpy(rec.answers, md, 32);
		if (bytes || S_refs_digest(c->m, rec.calls, rec.ncalls, rec.answers) == 0)
			ismc_pagecache_put(b->pw, &rec); /* a failed write: S_bodies_close */
		ismc_vec_free(&all);
	}
	for (size_t k = 0; k < asked.n; k++)
		free(asked.v[k]);
	for (size_t k = 0; k < marks.n; k++)
		free(marks.v[k]);
	ismc_vec_free(&asked);
	ismc_vec_free(&marks);
	free(bytes);
	if (body) {
		xmlUnlinkNode(body);
		xmlFreeNode(body);
	}
}

/* Writes `n` at `level` as xmlSaveFormatFileEnc writes it in a whole tree;
 * the children of the root and of an S_streamed element (whatever it holds
 * in memory) written as they are built. With `p`, each document's bytes
 * are digested into p->digest (the buffer flushed around it, so that the
 * sink sees exactly its bytes). */
static void S_write_tree(xmlOutputBufferPtr ob, S_sink *sink, xmlDocPtr doc, xmlNodePtr n,
                         int level, const ismc_emit_ctx *c, ismc_pack *p, S_bodies *b)
{
	S_each *each = NULL;
	for (size_t i = 0; i < sizeof S_streamed / sizeof *S_streamed; i++)
		if (!strcmp((const char *)n->name, S_streamed[i].name))
			each = S_streamed[i].each;
	size_t nkids = each ? c->m->docs.n : level == 0 && n->children ? 1 : 0;
	if (!nkids) {
		S_dump(ob, doc, n, level);
		return;
	}
	S_start_tag(ob, doc, n, level);
	if (each) {
		xmlNodePtr kids = n->children, last = n->last;
		n->children = n->last = NULL;
		for (size_t i = 0; i < nkids; i++) {
			if (each == S_each_document && p) { /* the pack's: digested, bodies taken */
				S_write_document(ob, sink, doc, n, level + 1, c, i, p, b);
				continue;
			}
			if (each == S_each_register && b) { /* kept, and taken */
				S_write_regdoc(ob, sink, doc, n, level + 1, c, i, p, b);
				continue;
			}
			xmlNodePtr k = each(c, n, i, p);
			if (each == S_each_register)
				S_dump_document(ob, sink, doc, k, level + 1, c->m, c->m->docs.v[i]);
			else
				S_dump(ob, doc, k, level + 1);
			xmlUnlinkNode(k);
			xmlFreeNode(k);
		}
		n->children = kids;
		n->last = last;
	} else {
		for (xmlNodePtr k = n->children; k; k = k->next)
			S_write_tree(ob, sink, doc, k, level + 1, c, p, b);
	}
	S_end_tag(ob, n, level);
}

/* dir/name, byte for byte what saving the whole tree of `doc` would write
 * (ismc_xml_save), but with the documents of S_streamed built one at a time:
 * the bodies and the register's documents are never all in memory. With
 * `p`, the pack kept in memory, each document's stub is made as its body is
 * written. */
static int S_save_streamed(const ismc_emit_ctx *c, xmlDocPtr doc, const char *dir,
                           const char *name, ismc_pack *p, S_bodies *b, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	S_sink sink = { .f = fopen(path, "wb") };
	xmlOutputBufferPtr ob =
	        sink.f ? xmlOutputBufferCreateIO(S_sink_write, S_sink_close, &sink,
	                                         xmlFindCharEncodingHandler("UTF-8"))
	               : NULL;
	if (!ob) {
		if (sink.f)
			fclose(sink.f);
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", path);
		return -1;
	}
	sink.refs = ismc_map_new_byaddr();
	sink.ra = ismc_arena_new();
	if (p) {
		sink.reg_off = ismc_xcalloc(c->m->docs.n + 1, sizeof *sink.reg_off);
		sink.reg_len = ismc_xcalloc(c->m->docs.n + 1, sizeof *sink.reg_len);
	}
	/* as xmlSaveFormatFileEnc: a document of a named encoding keeps
	 * non-ASCII characters in attributes as they are */
	const xmlChar *enc = doc->encoding;
	doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	xmlOutputBufferWriteString(ob, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	S_write_tree(ob, &sink, doc, xmlDocGetRootElement(doc), 0, c, p, b);
	xmlFree((xmlChar *)doc->encoding);
	doc->encoding = enc;
	ismc_map_free(sink.refs);
	ismc_arena_free(sink.ra);
	free(sink.reg_off);
	free(sink.reg_len);
	if (xmlOutputBufferClose(ob) < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", path);
		return -1;
	}
	return 0;
}

/* The files the model read, with the hashes recorded when it read them; a
 * file too large to read (file-too-large, in a draft) has none to give. */
static void S_sources(const ismc_emit_ctx *c, xmlNodePtr pack, const ismc_map *others)
{
	const ismc_source *src = c->m->src;
	xmlNodePtr ss = ismc_xml_el(pack, "sources");
	static const char *const kinds[] = { "other", "document", "register", "config" };
	for (size_t i = 0; i < ismc_source_count(src); i++) {
		const ismc_file *f = ismc_source_at(src, i);
		/* other files: the evidence files and key files the registers name */
		const char *kind = f->kind == ISMC_FILE_OTHER ? ismc_map_get(others, f->path)
		                                              : kinds[f->kind];
		if (!kind || !(f = ismc_source_hashed(src, f->path)))
			continue;
		xmlNodePtr n = ismc_xml_el(ss, "source");
		ismc_xml_attr(n, "path", f->path);
		ismc_xml_attr(n, "kind", kind);
		ismc_xml_attrl(n, "size", (long)f->size);
		ismc_xml_attr(n, "blob", f->oid);
		ismc_xml_attr(n, "sha256", f->sha256);
	}
}

/* ---- files ---- */

/* The files the registers name that are no ISMS files: each decision's
 * evidence files (into `evidence`, path order, each once) and each person's
 * key files, read through the source (so what is copied and hashed is what
 * was checked); `others` maps each path to its source kind. A file too
 * large to read (file-too-large, in a draft) is left out. */
static int S_named_files(const ismc_emit_ctx *c, ismc_vec *evidence, ismc_map *others,
                         ismc_error *err)
{
	const ismc_model *m = c->m;
	for (int pass = 0; pass < 2; pass++) {
		const ismc_vec *recs = pass ? &m->people : &m->decisions;
		for (size_t i = 0; i < recs->n; i++) {
			const ismc_list *l = pass ? &((const ismc_person *)recs->v[i])->keys
			                          : &((const ismc_decision *)recs->v[i])->evidence;
			for (size_t k = 0; k < l->n; k++) {
				const char *path = l->v[k].s;
				const ismc_file *f = ismc_source_find(m->src, path);
				if ((!pass && !ismc_evidence_is_file(path)) || !f || f->escapes || f->badname ||
				    ismc_map_get(others, f->path))
					continue;
				const char *text;
				size_t len;
				int rc = ismc_source_load(m->src, f->path, &text, &len, err);
				if (rc < 0)
					return -1;
				if (rc == ISMC_TOO_LARGE)
					continue;
				ismc_map_put(others, f->path, pass ? "key" : "evidence");
				if (!pass)
					ismc_vec_push(evidence, (void *)ismc_source_hashed(m->src, f->path));
			}
		}
	}
	return 0;
}

static int S_path_cmp(const void *a, const void *b)
{
	return strcmp((*(const ismc_file *const *)a)->path, (*(const ismc_file *const *)b)->path);
}

/* Copies each evidence file into dir/evidence/<path>, from the bytes read. */
static int S_copy_evidence(const ismc_emit_ctx *c, const char *dir, const ismc_vec *files,
                           ismc_error *err)
{
	for (size_t i = 0; i < files->n; i++) {
		const ismc_file *f = files->v[i];
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/evidence/%s", dir, f->path);
		for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
			*p = '\0';
			if (mkdir(path, 0777) != 0 && errno != EEXIST) {
				snprintf(err->msg, sizeof err->msg, "cannot make '%s': %s", path, strerror(errno));
				return -1;
			}
			*p = '/';
		}
		const char *text;
		size_t len;
		if (ismc_source_load(c->m->src, f->path, &text, &len, err) != 0)
			return -1;
		FILE *fp = fopen(path, "wbx");
		if (!fp || (len && fwrite(text, 1, len, fp) != len) || fclose(fp) != 0) {
			snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int S_save(xmlDocPtr doc, const char *dir, const char *name, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return ismc_xml_save(doc, path, err);
}

int ismc_emit_all(const ismc_emit_ctx *c, const char *dir, ismc_pack *pack, ismc_error *err)
{
	xmlNodePtr root;
	ismc_vec evidence = { 0 };
	ismc_map *others = ismc_map_new();
	int rc = -1, kept = 0; /* kept: bodies is open */
	S_bodies bodies;
	memset(&bodies, 0, sizeof bodies);
	struct timespec t;
	ismc_timing(NULL, &t);
	memset(pack, 0, sizeof *pack);
	if (S_named_files(c, &evidence, others, err) != 0)
		goto out;
	if (evidence.n)
		qsort(evidence.v, evidence.n, sizeof(void *), S_path_cmp);
	if (S_copy_evidence(c, dir, &evidence, err) != 0)
		goto out;
	xmlDocPtr doc = ismc_xml_doc("soa", &root);
	S_soa(c, root);
	if (S_save(doc, dir, "soa.xml", err) != 0)
		goto out;
	/* what the earlier OUT gives of register.xml and evidence-pack.xml */
	kept = 1;
	if (S_bodies_open(c, dir, &bodies, err) != 0)
		goto out;
	doc = ismc_xml_doc("register", &root);
	S_root_attrs(c, root);
	ismc_timing("emit: evidence files, soa.xml", &t);
	rc = S_save_streamed(c, doc, dir, "register.xml", NULL, &bodies, err);
	xmlFreeDoc(doc);
	ismc_timing("emit: register.xml", &t);
	if (rc != 0)
		goto out;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/register.xml", dir);
	if (ismc_pagecache_stat(&bodies.reg_file, path) != 0)
		memset(&bodies.reg_file, 0, sizeof bodies.reg_file);
	rc = -1;
	doc = ismc_xml_doc("risks", &root);
	S_risks(c, root);
	if (S_save(doc, dir, "risks.xml", err) != 0)
		goto out;

	if (c->m->nframeworks) { /* only when isms.yml names frameworks */
		doc = ismc_xml_doc("frameworks", &root);
		S_root_attrs(c, root);
		S_frameworks(c, root);
		if (S_save(doc, dir, "frameworks.xml", err) != 0)
			goto out;
	}

	doc = ismc_xml_doc("evidence-pack", &root);
	/* the pack stays in memory: each element and attribute name once */
	doc->dict = xmlDictCreate();
	S_root_attrs(c, root);
	ismc_xml_attr(root, "scope", c->m->cfg.scope.s);
	S_provenance(c, root);
	S_catalog(c, root);
	S_approval_policy(c, root);
	if (c->draft)
		S_diagnostics(c, root);
	S_coverage(c, root);
	S_soa(c, ismc_xml_el(root, "soa"));
	S_root_attrs(c, ismc_xml_el(root, "register")); /* its documents: S_save_streamed */
	S_risks(c, ismc_xml_el(root, "risks"));
	S_assets(c, root);
	S_activities(c, root);
	S_nonconformities(c, root);
	S_suppliers(c, root);
	S_due(c, root);
	if (c->m->nframeworks)
		S_frameworks(c, ismc_xml_el(root, "frameworks"));
	S_people(c, root);
	S_register_documents(c, root);
	S_evidence_files(c, root, &evidence);
	ismc_timing("emit: the rest of the XML", &t);
	pack->doc = doc;
	pack->ctx = c;
	pack->anchors = ismc_map_new();
	pack->arena = ismc_arena_new();
	S_documents(c, root, pack);
	pack->digest = ismc_xcalloc(pack->ndocs ? pack->ndocs : 1, sizeof *pack->digest);
	S_sources(c, root, others);
	ismc_timing("emit: the pack in memory", &t);
	pack->kept_at = ismc_xcalloc(pack->ndocs ? pack->ndocs : 1, sizeof *pack->kept_at);
	pack->kept_sig = ismc_xcalloc(pack->ndocs ? pack->ndocs : 1, sizeof *pack->kept_sig);
	rc = S_save_streamed(c, doc, dir, "evidence-pack.xml", pack, &bodies, err);
	snprintf(path, sizeof path, "%s/evidence-pack.xml", dir);
	if (rc == 0) /* NULL: the batches build every body again */
		pack->kept = fopen(path, "rb");
	kept = 0;
	rc = S_bodies_close(&bodies, path, rc == 0, err) != 0 ? -1 : rc;
	ismc_timing("emit: evidence-pack.xml", &t);
	if (rc)
		ismc_pack_free(pack);
out:
	if (kept) /* a file before evidence-pack.xml failed */
		S_bodies_close(&bodies, NULL, 0, err);
	ismc_vec_free(&evidence);
	ismc_map_free(others);
	return rc;
}

int ismc_emit_validate(const char *file, const char *schema, ismc_error *err)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema);
	xmlRelaxNGPtr rng = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	if (!rng) {
		snprintf(err->msg, sizeof err->msg, "cannot load the schema '%s'", schema);
		return -1;
	}
	xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET);
	int rc = -1;
	if (!doc) {
		snprintf(err->msg, sizeof err->msg, "'%s' is not well-formed XML", file);
	} else {
		xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
		rc = xmlRelaxNGValidateDoc(vc, doc) == 0 ? 0 : -1;
		if (rc)
			snprintf(err->msg, sizeof err->msg, "'%s' is not valid against '%s'", file, schema);
		xmlRelaxNGFreeValidCtxt(vc);
		xmlFreeDoc(doc);
	}
	xmlRelaxNGFree(rng);
	return rc;
}
