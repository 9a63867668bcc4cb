/* emit.c: the outputs of `ismc build` as XML, written through libxml2's
 * tree API (never by string concatenation) in one namespace, described by
 * schemas/ismc.rng. Everything is ordered (catalog order, then path order),
 * and the only time stamps come from ctx->epoch, so the same input gives
 * byte-identical files. */
#include "ismc.h"

#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers shared with emit_body.c ---- */

/* Drops what XML 1.0 cannot carry (C0 controls but tab, LF, CR; U+FFFE/F).
 * Input is valid UTF-8 (screened when read). Returns `s` or a copy in `b`. */
static const char *S_clean(const char *s, ismc_buf *b)
{
	const unsigned char *p = (const unsigned char *)s;
	int bad = 0;
	for (; *p && !bad; p++)
		bad = (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		      (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF));
	if (!bad)
		return s;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			continue;
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			p += 2;
			continue;
		}
		ismc_buf_put(b, (const char *)p, 1);
	}
	if (!b->data)
		ismc_buf_put(b, "", 0);
	return b->data;
}

xmlNodePtr ismc_xml_el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, parent->ns, BAD_CAST name, NULL);
}

void ismc_xml_attr(xmlNodePtr n, const char *name, const char *val)
{
	if (!val)
		return;
	ismc_buf b = { 0 };
	xmlNewProp(n, BAD_CAST name, BAD_CAST S_clean(val, &b));
	ismc_buf_free(&b);
}

void ismc_xml_attrl(xmlNodePtr n, const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

void ismc_xml_text(xmlNodePtr n, const char *text, size_t len)
{
	char *copy = ismc_xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	ismc_buf b = { 0 };
	xmlNodeAddContent(n, BAD_CAST S_clean(copy, &b));
	ismc_buf_free(&b);
	free(copy);
}

/* An element holding text: <name>text</name>, skipped when text is NULL. */
static xmlNodePtr S_text_el(xmlNodePtr parent, const char *name, const char *text)
{
	if (!text)
		return NULL;
	xmlNodePtr n = ismc_xml_el(parent, name);
	ismc_xml_text(n, text, strlen(text));
	return n;
}

static void S_date_attr(xmlNodePtr n, const char *name, long days)
{
	char d[11];
	ismc_date_format(days, d);
	ismc_xml_attr(n, name, d);
}

static void S_time_attr(xmlNodePtr n, const char *name, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	ismc_xml_attr(n, name, buf);
}

static const char *S_bool(long v)
{
	return v ? "true" : "false";
}

/* ---- shared parts ---- */


static void S_doc_ref(xmlNodePtr parent, const ismc_doc *d, const char *id)
{
	xmlNodePtr r = ismc_xml_el(parent, "doc-ref");
	ismc_xml_attr(r, "id", d ? d->id.s : id);
	if (!d)
		return;
	ismc_xml_attr(r, "title", d->title.s);
	ismc_xml_attr(r, "version", d->version.s);
	ismc_xml_attr(r, "status", d->status.s);
	ismc_xml_attr(r, "type", d->type.s);
}

static void S_root_attrs(const ismc_emit_ctx *c, xmlNodePtr root)
{
	const ismc_model *m = c->m;
	ismc_xml_attr(root, "organisation", m->cfg.organisation.s);
	ismc_xml_attr(root, "standard", "iso27001:2022");
	S_date_attr(root, "as-of", m->as_of);
	if (c->epoch >= 0)
		S_time_attr(root, "generated", c->epoch);
	if (c->draft)
		ismc_xml_attr(root, "draft", "true");
}

/* Documents that implement control `id` (register, then front matter), each once. */
static void S_implementers(const ismc_model *m, const ismc_decision *dc, const char *id,
                           ismc_vec *out)
{
	ismc_map *seen = ismc_map_new();
	if (dc)
		for (size_t i = 0; i < dc->implemented_by.n; i++) {
			ismc_doc *d = ismc_model_doc(m, dc->implemented_by.v[i].s);
			if (d && !ismc_map_put(seen, d->id.s, d))
				ismc_vec_push(out, d);
		}
	for (size_t k = 0; k < m->docs.n; k++) {
		ismc_doc *d = m->docs.v[k];
		for (size_t i = 0; i < d->controls.n; i++)
			if (d->id.s && !strcmp(d->controls.v[i].s, id) && !ismc_map_put(seen, d->id.s, d))
				ismc_vec_push(out, d);
	}
	ismc_map_free(seen);
}

/* ---- soa ---- */

static void S_soa(const ismc_emit_ctx *c, xmlNodePtr soa)
{
	const ismc_model *m = c->m;
	S_root_attrs(c, soa);
	const ismc_catalog *cat = m->catalog;
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const ismc_control *ctl = ismc_catalog_control_at(cat, i);
		const ismc_decision *dc = ismc_map_get(m->decided, ctl->id);
		xmlNodePtr n = ismc_xml_el(soa, "control");
		ismc_xml_attr(n, "id", ctl->id);
		ismc_xml_attr(n, "theme", ctl->theme);
		ismc_xml_attr(n, "title", ctl->title);
		if (!dc || !dc->applicable.s) {
			ismc_xml_attr(n, "decided", "false");
			continue;
		}
		ismc_xml_attr(n, "decided", "true");
		ismc_xml_attr(n, "applicable", S_bool(dc->applicable.n));
		if (dc->applicable.n) {
			ismc_xml_attr(n, "status", dc->status.s);
			ismc_xml_attr(n, "implemented", S_bool(ismc_control_implemented(m, ctl->id)));
		}
		ismc_xml_attr(n, "owner", dc->owner.s);
		if (dc->target.s)
			S_date_attr(n, "target", dc->target.n);
		S_text_el(n, "justification", dc->justification.s);
		ismc_vec impl = { 0 };
		S_implementers(m, dc, ctl->id, &impl);
		xmlNodePtr ib = ismc_xml_el(n, "implemented-by");
		for (size_t k = 0; k < impl.n; k++)
			S_doc_ref(ib, impl.v[k], NULL);
		ismc_vec_free(&impl);
		xmlNodePtr ev = ismc_xml_el(n, "evidence");
		for (size_t k = 0; k < dc->evidence.n; k++)
			S_doc_ref(ev, ismc_model_doc(m, dc->evidence.v[k].s), dc->evidence.v[k].s);
		xmlNodePtr rs = ismc_xml_el(n, "risks");
		for (size_t k = 0; k < m->risks.n; k++) {
			const ismc_risk *r = m->risks.v[k];
			for (size_t j = 0; j < r->controls.n; j++)
				if (!strcmp(r->controls.v[j].s, ctl->id) && r->id.s) {
					xmlNodePtr rr = ismc_xml_el(rs, "risk-ref");
					ismc_xml_attr(rr, "id", r->id.s);
					ismc_xml_attr(rr, "title", r->title.s);
					break;
				}
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
		S_time_attr(r, "date", cm->time);
		if (i == 0)
			ismc_xml_attr(r, "last", "true");
		if (i + 1 == h->nrevs)
			ismc_xml_attr(r, "created", "true");
		ismc_xml_text(r, cm->subject ? cm->subject : "", strlen(cm->subject ? cm->subject : ""));
	}
}

const char *ismc_ref_title(const ismc_model *m, const char *id, const char **kind)
{
	const ismc_def *def = ismc_model_lookup(m, id);
	const ismc_control *ctl = def ? NULL : ismc_catalog_control(m->catalog, id);
	*kind = NULL;
	if (ctl) {
		*kind = "control";
		return ctl->title;
	}
	if (!def)
		return NULL;
	switch (def->kind) {
	case ISMC_ID_DOC:
		*kind = "document";
		return ((const ismc_doc *)def->obj)->title.s;
	case ISMC_ID_RISK:
		*kind = "risk";
		return ((const ismc_risk *)def->obj)->title.s;
	default:
		*kind = "asset";
		return ((const ismc_asset *)def->obj)->name.s;
	}
}

static void S_ref_el(xmlNodePtr parent, const ismc_model *m, const char *id)
{
	xmlNodePtr r = ismc_xml_el(parent, "ref");
	ismc_xml_attr(r, "id", id);
	const char *kind, *title = ismc_ref_title(m, id, &kind);
	ismc_xml_attr(r, "kind", kind);
	ismc_xml_attr(r, "title", title);
}

/* Who points at each document, computed once: documents (related, bracketed
 * ids, links), controls (implemented_by, evidence, a document's own controls) and
 * risks whose selected controls it implements. id -> ismc_vec of ids. */
typedef struct {
	ismc_map *by;   /* document id -> ismc_vec * of referring ids, in order */
	ismc_map *seen; /* "to\x1ffrom" pairs given, so each referrer comes once */
	ismc_vec vecs, keys; /* what the maps point at, to free */
} S_backrefs;

static void S_backref_add(S_backrefs *b, const char *to, const char *from)
{
	ismc_vec *v = ismc_map_get(b->by, to);
	if (!v) {
		v = ismc_xcalloc(1, sizeof(*v));
		ismc_map_put(b->by, to, v);
		ismc_vec_push(&b->vecs, v);
	}
	char key[256];
	snprintf(key, sizeof key, "%s\x1f%s", to, from);
	if (ismc_map_get(b->seen, key))
		return;
	char *k = ismc_xstrdup(key);
	ismc_map_put(b->seen, k, k);
	ismc_vec_push(&b->keys, k);
	ismc_vec_push(v, (void *)from);
}

static void S_backrefs_build(const ismc_model *m, S_backrefs *b)
{
	memset(b, 0, sizeof(*b));
	b->by = ismc_map_new();
	b->seen = ismc_map_new();
	for (size_t k = 0; k < m->docs.n; k++) {
		const ismc_doc *o = m->docs.v[k];
		if (!o->id.s)
			continue;
		for (size_t i = 0; i < o->related.n; i++)
			if (strcmp(o->related.v[i].s, o->id.s))
				S_backref_add(b, o->related.v[i].s, o->id.s);
		for (size_t i = 0; i < o->nrefs; i++)
			if (strcmp(o->refs[i].id, o->id.s))
				S_backref_add(b, o->refs[i].id, o->id.s);
		for (size_t i = 0; i < o->nlinks; i++) {
			const char *target, *frag;
			if (ismc_link_resolve(m->arena, o->path, o->links[i].url, &target, &frag) !=
			    ISMC_LINK_LOCAL)
				continue;
			const ismc_doc *t = m->bypath ? ismc_map_get(m->bypath, target) : NULL;
			if (t && t != o && t->id.s)
				S_backref_add(b, t->id.s, o->id.s);
		}
	}
	/* control -> documents implementing or evidencing it */
	ismc_map *ctl_docs = ismc_map_new();
	ismc_vec lists = { 0 };
	for (size_t i = 0; i < ismc_catalog_ncontrols(m->catalog); i++) {
		const ismc_control *ctl = ismc_catalog_control_at(m->catalog, i);
		const ismc_decision *dc = ismc_map_get(m->decided, ctl->id);
		ismc_vec *docs = ismc_xcalloc(1, sizeof(*docs));
		ismc_vec_push(&lists, docs);
		ismc_map_put(ctl_docs, ctl->id, docs);
		for (size_t j = 0; dc && j < dc->implemented_by.n; j++)
			ismc_vec_push(docs, (void *)dc->implemented_by.v[j].s);
		for (size_t j = 0; dc && j < dc->evidence.n; j++)
			ismc_vec_push(docs, (void *)dc->evidence.v[j].s);
	}
	for (size_t k = 0; k < m->docs.n; k++) {
		const ismc_doc *o = m->docs.v[k];
		for (size_t j = 0; o->id.s && j < o->controls.n; j++) {
			ismc_vec *docs = ismc_map_get(ctl_docs, o->controls.v[j].s);
			if (docs)
				ismc_vec_push(docs, (void *)o->id.s);
		}
	}
	for (size_t i = 0; i < ismc_catalog_ncontrols(m->catalog); i++) {
		const ismc_control *ctl = ismc_catalog_control_at(m->catalog, i);
		ismc_vec *docs = ismc_map_get(ctl_docs, ctl->id);
		for (size_t j = 0; j < docs->n; j++)
			S_backref_add(b, docs->v[j], ctl->id);
	}
	for (size_t k = 0; k < m->risks.n; k++) {
		const ismc_risk *r = m->risks.v[k];
		for (size_t j = 0; r->id.s && j < r->controls.n; j++) {
			ismc_vec *docs = ismc_map_get(ctl_docs, r->controls.v[j].s);
			for (size_t d = 0; docs && d < docs->n; d++)
				S_backref_add(b, docs->v[d], r->id.s);
		}
	}
	for (size_t i = 0; i < lists.n; i++) {
		ismc_vec_free(lists.v[i]);
		free(lists.v[i]);
	}
	ismc_vec_free(&lists);
	ismc_map_free(ctl_docs);
}

static void S_backrefs_free(S_backrefs *b)
{
	ismc_map_free(b->by);
	ismc_map_free(b->seen);
	for (size_t i = 0; i < b->vecs.n; i++) {
		ismc_vec_free(b->vecs.v[i]);
		free(b->vecs.v[i]);
	}
	for (size_t i = 0; i < b->keys.n; i++)
		free(b->keys.v[i]);
	ismc_vec_free(&b->vecs);
	ismc_vec_free(&b->keys);
}

static void S_referenced_by(const ismc_emit_ctx *c, const S_backrefs *b, xmlNodePtr parent,
                            const ismc_doc *doc)
{
	xmlNodePtr n = ismc_xml_el(parent, "referenced-by");
	ismc_vec *v = doc->id.s ? ismc_map_get(b->by, doc->id.s) : NULL;
	for (size_t i = 0; v && i < v->n; i++)
		S_ref_el(n, c->m, v->v[i]);
}

static xmlNodePtr S_document(const ismc_emit_ctx *c, const S_backrefs *b, xmlNodePtr parent,
                             const ismc_doc *d)
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
		S_date_attr(n, "approved-on", d->approved_on.n);
	if (d->date.s)
		S_date_attr(n, "date", d->date.n);
	if (d->next_review_days >= 0) {
		S_date_attr(n, "next-review", d->next_review_days);
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
	S_referenced_by(c, b, n, d);
	S_history(c, n, d->path);
	return n;
}

static void S_register(const ismc_emit_ctx *c, const S_backrefs *b, xmlNodePtr reg)
{
	S_root_attrs(c, reg);
	for (size_t i = 0; i < c->m->docs.n; i++)
		S_document(c, b, reg, c->m->docs.v[i]);
}

/* ---- risks ---- */

static const char *S_label(const ismc_list *scale, long v)
{
	return v >= 1 && (size_t)v <= scale->n ? scale->v[v - 1].s : NULL;
}

static void S_score(const ismc_emit_ctx *c, xmlNodePtr parent, const char *name, long l, long i)
{
	const ismc_config *cfg = &c->m->cfg;
	xmlNodePtr s = ismc_xml_el(parent, name);
	ismc_xml_attrl(s, "likelihood", l);
	ismc_xml_attrl(s, "impact", i);
	ismc_xml_attrl(s, "score", l * i);
	ismc_xml_attr(s, "likelihood-label", S_label(&cfg->likelihood, l));
	ismc_xml_attr(s, "impact-label", S_label(&cfg->impact, i));
	if (cfg->acceptance.s)
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
			S_date_attr(n, "accepted-on", r->accepted_on.n);
		if (r->review_on.s)
			S_date_attr(n, "review-on", r->review_on.n);
		S_text_el(n, "threat", r->threat.s);
		S_text_el(n, "vulnerability", r->vulnerability.s);
		S_score(c, n, "inherent", r->likelihood.n, r->impact.n);
		S_score(c, n, "residual", r->residual.n, r->residual.m);
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
	if (pv && pv->in_repo) {
		ismc_xml_attr(p, "repository-path", pv->repo_path ? pv->repo_path : "");
		ismc_xml_attr(p, "commit", pv->commit);
		ismc_xml_attr(p, "tree", pv->tree);
		ismc_xml_attr(p, "dirty", S_bool(pv->dirty));
		if (pv->commit_time >= 0)
			S_time_attr(p, "commit-time", pv->commit_time);
	}
	S_date_attr(p, "as-of", c->m->as_of);
	ismc_xml_attr(p, "tool-version", ISMC_VERSION);
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
		ismc_xml_attr(n, "covered", S_bool(ismc_clause_covered(m, cl->id)));
		for (size_t i = 0; i < m->docs.n; i++) {
			const ismc_doc *d = m->docs.v[i];
			for (size_t j = 0; j < d->clauses.n; j++)
				if (ismc_clause_covers(d->clauses.v[j].s, cl->id)) {
					S_doc_ref(n, d, NULL);
					break;
				}
		}
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

static void S_documents(const ismc_emit_ctx *c, const S_backrefs *b, xmlNodePtr pack)
{
	const ismc_model *m = c->m;
	xmlNodePtr docs = ismc_xml_el(pack, "documents");
	for (size_t i = 0; i < m->docs.n; i++) {
		const ismc_doc *d = m->docs.v[i];
		xmlNodePtr n = S_document(c, b, docs, d);
		xmlNodePtr body = ismc_xml_el(n, "body");
		/* a body too deep to render (nesting-too-deep, in a draft) stays empty */
		if (!d->too_deep.file)
			ismc_emit_body(m, d, d->body, d->body_len, body);
	}
}

/* The files the model read, with the hashes recorded when it read them; a
 * file too large to read (file-too-large, in a draft) has none to give. */
static void S_sources(const ismc_emit_ctx *c, xmlNodePtr pack)
{
	const ismc_source *src = c->m->src;
	xmlNodePtr ss = ismc_xml_el(pack, "sources");
	static const char *const kinds[] = { "other", "document", "register", "config" };
	for (size_t i = 0; i < ismc_source_count(src); i++) {
		const ismc_file *f = ismc_source_at(src, i);
		if (f->kind == ISMC_FILE_OTHER || !f->text)
			continue;
		xmlNodePtr n = ismc_xml_el(ss, "source");
		ismc_xml_attr(n, "path", f->path);
		ismc_xml_attr(n, "kind", kinds[f->kind]);
		ismc_xml_attrl(n, "size", (long)f->size);
		ismc_xml_attr(n, "blob", f->oid);
		ismc_xml_attr(n, "sha256", f->sha256);
	}
}

/* ---- files ---- */

static xmlDocPtr S_new_doc(const char *root_name, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	*root = xmlNewDocNode(doc, NULL, BAD_CAST root_name, NULL);
	xmlDocSetRootElement(doc, *root);
	xmlSetNs(*root, xmlNewNs(*root, BAD_CAST ISMC_NS, NULL));
	return doc;
}

static int S_save(xmlDocPtr doc, const char *dir, const char *name, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1) < 0 ? -1 : 0;
	if (rc)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", path);
	xmlFreeDoc(doc);
	return rc;
}

static int S_emit_files(const ismc_emit_ctx *c, const S_backrefs *b, const char *dir,
                        ismc_error *err);

int ismc_emit_all(const ismc_emit_ctx *c, const char *dir, ismc_error *err)
{
	S_backrefs b;
	S_backrefs_build(c->m, &b);
	int rc = S_emit_files(c, &b, dir, err);
	S_backrefs_free(&b);
	return rc;
}

static int S_emit_files(const ismc_emit_ctx *c, const S_backrefs *b, const char *dir,
                        ismc_error *err)
{
	xmlNodePtr root;
	xmlDocPtr doc = S_new_doc("soa", &root);
	S_soa(c, root);
	if (S_save(doc, dir, "soa.xml", err) != 0)
		return -1;
	doc = S_new_doc("register", &root);
	S_register(c, b, root);
	if (S_save(doc, dir, "register.xml", err) != 0)
		return -1;
	doc = S_new_doc("risks", &root);
	S_risks(c, root);
	if (S_save(doc, dir, "risks.xml", err) != 0)
		return -1;

	doc = S_new_doc("evidence-pack", &root);
	S_root_attrs(c, root);
	ismc_xml_attr(root, "scope", c->m->cfg.scope.s);
	S_provenance(c, root);
	if (c->draft)
		S_diagnostics(c, root);
	S_coverage(c, root);
	S_soa(c, ismc_xml_el(root, "soa"));
	S_register(c, b, ismc_xml_el(root, "register"));
	S_risks(c, ismc_xml_el(root, "risks"));
	S_assets(c, root);
	S_documents(c, b, root);
	S_sources(c, root);
	return S_save(doc, dir, "evidence-pack.xml", err);
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
