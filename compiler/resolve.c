/* resolve.c: the last step of loading. Everything the rules and the outputs
 * derive from more than one record is computed here, once, and stored on the
 * model: each link and bracketed id resolved onto its record, the by-path
 * index, per catalog control its decision, implementers, evidence, risks,
 * activities and suppliers, per clause its coverage, per document whether
 * anything points at it and who, each activity's latest record, each
 * supplier's agreement, and last what falls due (due.c). After it the model
 * is read-only: check.c holds rules, emit.c writes. */
#include "ismc.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EACH(T, var, vec) \
	for (size_t var##_i = 0; var##_i < (vec).n; var##_i++) \
		for (T *var = (vec).v[var##_i]; var; var = NULL)

/* ---- links ---- */

/* The scheme of a URL ("https"), or 0 for a relative reference. */
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

static void S_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
			*w++ = (char)(ismc_hex_digit((unsigned char)r[1]) * 16 +
			              ismc_hex_digit((unsigned char)r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* `//host/path`: the scheme is the page's, so from a pack opened from disk
 * it is file: (a network share on Windows). Browsers read a backslash there
 * as a slash, so `\\host` and `/\host` are the same. */
int ismc_link_protocol_relative(const char *url)
{
	return (url[0] == '/' || url[0] == '\\') && (url[1] == '/' || url[1] == '\\');
}

/* Appends the segments of `path` to segs[0..*n), resolving "." and "..";
 * returns 1 when ".." climbs above the first segment. */
static int S_segments(char *path, char **segs, size_t *n, size_t cap)
{
	int above = 0;
	char *save = NULL;
	for (char *tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (*n == 0)
				above = 1;
			else
				(*n)--;
			continue;
		}
		if (*n < cap)
			segs[(*n)++] = tok;
	}
	return above;
}

/* The folder a site-absolute link's prefix stands for (isms.yml `links:`,
 * the longest prefix first), root-relative; NULL when none matches. */
static const char *S_link_map(const ismc_config *cfg, const char *u, size_t *plen)
{
	const char *best = NULL;
	*plen = 0;
	for (size_t i = 0; i < cfg->nlink_map; i++) {
		size_t n = strlen(cfg->link_prefix[i]);
		if (n > *plen && !strncmp(u, cfg->link_prefix[i], n)) {
			best = cfg->link_folder[i];
			*plen = n;
		}
	}
	return best;
}

/* Classifies a link of `from` (a root-relative path) and gives a local one
 * its root-relative target path (a repository one its path from the
 * repository's top) and decoded fragment, both in the arena. The path is
 * resolved as a reader of the repository resolves it (GitHub, a checkout):
 * relative to the document's folder, or to the root for a leading '/' (or
 * to the folder isms.yml `links:` maps its prefix to); one that leaves the
 * root but stays in the repository is ISMC_LINK_REPO. */
static ismc_link_kind S_link_parse(ismc_arena *a, const ismc_source *src, const ismc_config *cfg,
                                   const char *from, const char *url, const char **target,
                                   const char **frag)
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
	if (ismc_link_protocol_relative(url))
		return ISMC_LINK_UNSAFE;
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
	if (!*u) {
		*target = from; /* "#anchor" (or "?q") alone: this document */
		return ISMC_LINK_LOCAL;
	}
	/* the base: the repository's top down to the root (when known), then
	 * the document's folder, or the folder a site-absolute prefix maps to */
	const char *prefix = ismc_source_prefix(src);
	ismc_buf joined = { 0 };
	if (prefix && *prefix) { /* put, not printf: once per link of every body */
		ismc_buf_puts(&joined, prefix);
		ismc_buf_puts(&joined, "/");
	}
	size_t plen;
	const char *mapped = u[0] == '/' ? S_link_map(cfg, u, &plen) : NULL;
	if (mapped) {
		ismc_buf_puts(&joined, mapped);
		ismc_buf_puts(&joined, "/");
		ismc_buf_puts(&joined, u + plen);
	} else if (u[0] == '/') {
		ismc_buf_puts(&joined, u + 1);
	} else {
		const char *slash = strrchr(from, '/');
		if (slash)
			ismc_buf_put(&joined, from, (size_t)(slash - from + 1));
		ismc_buf_puts(&joined, u);
	}
	char *segs[512];
	size_t n = 0, np = 0;
	int above = S_segments(joined.data, segs, &n, 512);
	/* how many leading segments are the root's prefix */
	char *pcopy = prefix ? ismc_arena_strdup(a, prefix) : NULL;
	char *psegs[512];
	if (pcopy)
		S_segments(pcopy, psegs, &np, 512);
	int inside = !above && n >= np;
	for (size_t i = 0; inside && i < np; i++)
		inside = !strcmp(segs[i], psegs[i]);
	ismc_buf out = { 0 };
	for (size_t i = inside ? np : 0; i < n; i++) {
		if (out.len)
			ismc_buf_puts(&out, "/");
		ismc_buf_puts(&out, segs[i]);
	}
	*target = ismc_arena_strdup(a, out.data ? out.data : "");
	ismc_buf_free(&out);
	ismc_buf_free(&joined);
	if (inside)
		return ISMC_LINK_LOCAL; /* "" is the root folder itself ("..", "/") */
	return above || !prefix ? ISMC_LINK_OUTSIDE : ISMC_LINK_REPO;
}

static int S_is_markdown(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && !strcasecmp(path + n - 3, ".md");
}

/* What the resolve step keeps while it runs. */
typedef struct {
	ismc_model *m;
	ismc_map *slugs;    /* path of a Markdown file that is no document -> S_slugs */
	ismc_map *firstdoc; /* document id -> index + 1 of the first document with it */
	int doc_ids_first;  /* every document's id is first defined by a document:
	                       then an id defined as something else, or not at
	                       all, names no document (S_referrers) */
	ismc_arena *tmp;    /* what lives only while the step runs */
} S_ctx;

typedef struct {
	const char **v;
	size_t n;
} S_slugs;

/* The heading anchors of Markdown file `path`: document `doc`'s own (the
 * document at that path, or NULL), else the file read (once, through the
 * source) and parsed now. A file that cannot be read as text (outside the
 * root, too large, not UTF-8) has none. */
static int S_slugs_of(S_ctx *c, const char *path, const ismc_doc *doc, S_slugs *out,
                      ismc_error *err)
{
	if (doc) {
		out->v = doc->slugs;
		out->n = doc->nslugs;
		return 0;
	}
	S_slugs *s = ismc_map_get(c->slugs, path);
	if (!s) {
		s = ismc_arena_alloc(c->tmp, sizeof(*s));
		const ismc_file *f = ismc_source_find(c->m->src, path);
		const char *text;
		size_t len;
		int rc = f->escapes ? 1 : ismc_source_load(c->m->src, path, &text, &len, err);
		if (rc < 0)
			return -1;
		if (rc == 0 && !ismc_utf8_invalid(text, len))
			s->v = ismc_markdown_slugs(c->m->arena, text, len, &s->n);
		ismc_map_put(c->slugs, ismc_arena_strdup(c->tmp, path), s);
	}
	*out = *s;
	return 0;
}

static int S_link(S_ctx *c, const ismc_doc *doc, ismc_link *l, ismc_error *err)
{
	ismc_model *m = c->m;
	l->kind = S_link_parse(m->arena, m->src, &m->cfg, doc->path, l->url, &l->target, &l->frag);
	if (l->kind == ISMC_LINK_REPO)
		l->repo_at = ismc_source_repo_stat(m->src, l->target);
	if (l->kind != ISMC_LINK_LOCAL)
		return 0;
	l->file = ismc_source_find(m->src, l->target);
	l->folder = !l->file && ismc_source_is_dir(m->src, l->target);
	l->doc = ismc_map_get(m->bypath, l->target);
	if (!l->frag || !*l->frag) {
		l->frag_state = ISMC_FRAG_NONE;
		return 0;
	}
	l->frag_state = ISMC_FRAG_UNCHECKED;
	if (!l->file || !S_is_markdown(l->target))
		return 0;
	S_slugs s = { NULL, 0 };
	if (S_slugs_of(c, l->target, l->doc, &s, err) != 0)
		return -1;
	l->frag_state = ISMC_FRAG_MISSING;
	for (size_t i = 0; i < s.n && l->frag_state == ISMC_FRAG_MISSING; i++)
		if (strcmp(s.v[i], l->frag) == 0)
			l->frag_state = ISMC_FRAG_FOUND;
	if (l->frag_state == ISMC_FRAG_MISSING)
		l->near = ismc_closest(l->frag, s.v, s.n);
	return 0;
}

/* ---- bracketed ids ---- */

/* May bracketed text `id`, which names nothing, be a reference? isms.yml
 * `references:` lists the patterns; by default, the shape of the ids
 * docs/format.md shows (POL-001, R-012, PROC-IR-2): one with a digit. An
 * id the ISMS defines, or a near miss of one (a typo to report), is a
 * reference whatever its shape (the caller). */
static int S_reference_shape(const ismc_config *cfg, const char *id)
{
	if (cfg->ref_patterns) {
		char upper[64];
		size_t n = strlen(id);
		if (n >= sizeof upper)
			return 0;
		for (size_t i = 0; i <= n; i++) /* `[pol-003]` is judged as POL-003 */
			upper[i] = (char)toupper((unsigned char)id[i]);
		for (size_t i = 0; i < cfg->nref_patterns; i++)
			if (ismc_glob_match(cfg->ref_patterns[i], id) ||
			    ismc_glob_match(cfg->ref_patterns[i], upper))
				return 1;
		return 0;
	}
	return strpbrk(id, "0123456789") != NULL;
}

/* ---- controls and clauses ---- */

/* A growable array of pointers in the making, copied into the arena once
 * complete. */
static void **S_freeze(ismc_arena *a, ismc_vec *v, size_t *n)
{
	void **out = ismc_arena_alloc(a, (v->n + 1) * sizeof(void *));
	if (v->n)
		memcpy(out, v->v, v->n * sizeof(void *));
	*n = v->n;
	ismc_vec_free(v);
	return out;
}

static ismc_control_facts *S_facts_of(ismc_model *m, const char *id)
{
	const ismc_control *ctl = id ? ismc_catalog_control(m->catalog, id) : NULL;
	return ctl ? &m->control_facts[ctl->index] : NULL;
}

/* Implementers: the first decision's implemented_by, then the documents that
 * list the control, each id once (documents of one id count as one). */
static void S_implementers(ismc_model *m)
{
	size_t nc = ismc_catalog_ncontrols(m->catalog);
	ismc_vec *impl = ismc_xcalloc(nc ? nc : 1, sizeof(ismc_vec));
	ismc_map **seen = ismc_xcalloc(nc ? nc : 1, sizeof(ismc_map *));
	for (size_t i = 0; i < nc; i++) {
		const ismc_decision *dc = m->control_facts[i].decision;
		seen[i] = ismc_map_new();
		for (size_t k = 0; dc && k < dc->implemented_by.n; k++) {
			ismc_doc *d = ismc_model_doc(m, dc->implemented_by.v[k].s);
			if (d && !ismc_map_put(seen[i], d->id.s, d))
				ismc_vec_push(&impl[i], d);
		}
	}
	EACH(ismc_doc, d, m->docs)
		for (size_t k = 0; d->id.s && k < d->controls.n; k++) {
			const ismc_control *ctl = ismc_catalog_control(m->catalog, d->controls.v[k].s);
			if (ctl && !ismc_map_put(seen[ctl->index], d->id.s, d))
				ismc_vec_push(&impl[ctl->index], d);
		}
	for (size_t i = 0; i < nc; i++) {
		ismc_control_facts *f = &m->control_facts[i];
		f->implementers = (ismc_doc **)S_freeze(m->arena, &impl[i], &f->nimplementers);
		ismc_map_free(seen[i]);
	}
	free(impl);
	free(seen);
}

/* Per catalog control, the records of `recs` (activities, suppliers) whose
 * list of controls at `list_off` names it, each once, in register order;
 * the caller frees the array. */
static ismc_vec *S_listing(const ismc_model *m, const ismc_vec *recs, size_t list_off)
{
	size_t nc = ismc_catalog_ncontrols(m->catalog);
	ismc_vec *by = ismc_xcalloc(nc ? nc : 1, sizeof(ismc_vec));
	for (size_t r = 0; r < recs->n; r++) {
		/* a record without an id (a draft) cannot be referred to: not
		 * listed, as a risk without one is not */
		if (!((const ismc_record *)recs->v[r])->id.s)
			continue;
		const ismc_list *l = (const ismc_list *)((const char *)recs->v[r] + list_off);
		for (size_t k = 0; k < l->n; k++) {
			const ismc_control *ctl = ismc_catalog_control(m->catalog, l->v[k].s);
			ismc_vec *v = ctl ? &by[ctl->index] : NULL;
			if (v && !(v->n && v->v[v->n - 1] == recs->v[r]))
				ismc_vec_push(v, recs->v[r]);
		}
	}
	return by;
}

static void S_controls(ismc_model *m)
{
	size_t nc = ismc_catalog_ncontrols(m->catalog);
	m->control_facts = ismc_arena_alloc(m->arena, (nc + 1) * sizeof(ismc_control_facts));
	for (size_t i = 0; i < nc; i++) {
		ismc_control_facts *f = &m->control_facts[i];
		f->decision = ismc_map_get(m->decided, ismc_catalog_control_at(m->catalog, i)->id);
		if (f->decision) {
			const ismc_list *ev = &f->decision->evidence;
			f->evidence = ismc_arena_alloc(m->arena, (ev->n + 1) * sizeof(ismc_doc *));
			f->evidence_files = ismc_arena_alloc(m->arena, (ev->n + 1) * sizeof(ismc_file *));
			for (size_t k = 0; k < ev->n; k++) {
				if (!ismc_evidence_is_file(ev->v[k].s)) {
					f->evidence[k] = ismc_model_doc(m, ev->v[k].s);
					continue;
				}
				const ismc_file *file = ismc_source_find(m->src, ev->v[k].s);
				if (file && !file->escapes && !file->badname)
					f->evidence_files[k] = file;
			}
		}
	}
	S_implementers(m);
	/* implemented: by an approved document in front matter or in any decision */
	EACH(ismc_doc, d, m->docs) {
		if (!ismc_doc_approved(d))
			continue;
		for (size_t k = 0; k < d->controls.n; k++) {
			ismc_control_facts *f = S_facts_of(m, d->controls.v[k].s);
			if (f)
				f->implemented = 1;
		}
	}
	EACH(ismc_decision, dc, m->decisions)
		for (size_t k = 0; dc->control && k < dc->implemented_by.n; k++) {
			const ismc_doc *d = ismc_model_doc(m, dc->implemented_by.v[k].s);
			if (d && ismc_doc_approved(d))
				m->control_facts[dc->control->index].implemented = 1;
		}
	/* the risks selecting each control, each risk once */
	ismc_vec *risks = ismc_xcalloc(nc ? nc : 1, sizeof(ismc_vec));
	for (size_t r = 0; r < m->risks.n; r++) {
		const ismc_risk *rk = m->risks.v[r];
		for (size_t k = 0; rk->id.s && k < rk->controls.n; k++) {
			const ismc_control *ctl = ismc_catalog_control(m->catalog, rk->controls.v[k].s);
			ismc_vec *v = ctl ? &risks[ctl->index] : NULL;
			if (v && !(v->n && (size_t)(uintptr_t)v->v[v->n - 1] == r + 1))
				ismc_vec_push(v, (void *)(uintptr_t)(r + 1));
		}
	}
	ismc_vec *acts = S_listing(m, &m->activities, offsetof(ismc_activity, controls));
	ismc_vec *sups = S_listing(m, &m->suppliers, offsetof(ismc_supplier, controls));
	for (size_t i = 0; i < nc; i++) {
		ismc_control_facts *f = &m->control_facts[i];
		f->activities = (const ismc_activity **)S_freeze(m->arena, &acts[i], &f->nactivities);
		f->suppliers = (const ismc_supplier **)S_freeze(m->arena, &sups[i], &f->nsuppliers);
		f->nrisks = risks[i].n;
		f->risks = ismc_arena_alloc(m->arena, (risks[i].n + 1) * sizeof(size_t));
		for (size_t k = 0; k < risks[i].n; k++)
			f->risks[k] = (size_t)(uintptr_t)risks[i].v[k] - 1;
		ismc_vec_free(&risks[i]);
	}
	free(risks);
	free(acts);
	free(sups);
}

static void S_clauses(ismc_model *m)
{
	size_t ncl = ismc_catalog_nclauses(m->catalog);
	m->clause_facts = ismc_arena_alloc(m->arena, (ncl + 1) * sizeof(ismc_clause_facts));
	ismc_vec *docs = ismc_xcalloc(ncl ? ncl : 1, sizeof(ismc_vec));
	EACH(ismc_doc, d, m->docs)
		for (size_t i = 0; i < d->clauses.n; i++)
			for (size_t k = 0; k < ncl; k++) {
				const ismc_clause *cl = ismc_catalog_clause_at(m->catalog, k);
				if (!ismc_clause_covers(d->clauses.v[i].s, cl->id))
					continue;
				if (ismc_doc_approved(d))
					m->clause_facts[k].covered = 1;
				if (cl->leaf && !(docs[k].n && docs[k].v[docs[k].n - 1] == d))
					ismc_vec_push(&docs[k], d);
			}
	for (size_t k = 0; k < ncl; k++)
		m->clause_facts[k].docs = (ismc_doc **)S_freeze(m->arena, &docs[k],
		                                                 &m->clause_facts[k].ndocs);
	free(docs);
}

/* ---- activities and suppliers ---- */

/* Does record id `id` match one of the activity's patterns? */
static int S_matches(const ismc_activity *a, const char *id)
{
	for (size_t k = 0; k < a->records.n; k++)
		if (ismc_glob_match(a->records.v[k].s, id))
			return 1;
	return 0;
}

/* Each activity's latest approved record dated on or before the as-of date
 * (a record dated later is date-in-future, and proves nothing yet); every
 * record an activity's patterns match counts as referenced. */
static void S_activities(ismc_model *m)
{
	EACH(ismc_activity, a, m->activities)
		EACH(ismc_doc, d, m->docs) {
			if (!d->id.s || !S_matches(a, d->id.s))
				continue;
			d->referenced = 1;
			if (!d->type.s || d->type.n != ISMC_TYPE_RECORD || !ismc_doc_approved(d) ||
			    !d->date.s || d->date.n > m->as_of)
				continue;
			if (!a->latest || d->date.n > a->latest->date.n)
				a->latest = d;
		}
}

/* A supplier's agreement: a document when written as an id, else a file
 * of the ISMS by its root-relative path. */
static void S_suppliers(ismc_model *m)
{
	EACH(ismc_supplier, sp, m->suppliers) {
		const char *ag = sp->agreement.s;
		if (!ag)
			continue;
		if (ismc_id_valid(ag)) {
			ismc_doc *d = ismc_model_doc(m, ag);
			sp->agreement_doc = d;
			if (d)
				d->referenced = 1;
		} else {
			sp->agreement_file = ismc_source_find(m->src, ag);
		}
	}
}

/* ---- what points at each document ---- */

static void S_mark(ismc_model *m, const ismc_doc *self, const char *id)
{
	ismc_doc *d = id ? ismc_model_doc(m, id) : NULL;
	if (d && d != self)
		d->referenced = 1;
}

/* orphan-document: related, bracketed ids and links of other documents,
 * implemented_by and evidence of any decision, and isms.yml's scope. */
static void S_referenced(ismc_model *m)
{
	EACH(ismc_doc, doc, m->docs) {
		for (size_t i = 0; i < doc->related.n; i++)
			S_mark(m, doc, doc->related.v[i].s);
		for (size_t i = 0; i < doc->nrefs; i++) {
			const ismc_def *def = doc->refs[i].def;
			ismc_doc *d = def && def->kind == ISMC_ID_DOC ? def->obj : NULL;
			if (d && d != doc)
				d->referenced = 1;
		}
		for (size_t i = 0; i < doc->nlinks; i++) {
			ismc_doc *t = doc->links[i].doc;
			if (doc->links[i].kind == ISMC_LINK_LOCAL && t && t != doc)
				t->referenced = 1;
		}
	}
	EACH(ismc_decision, dc, m->decisions) {
		if (!dc->control)
			continue;
		for (size_t i = 0; i < dc->implemented_by.n; i++)
			S_mark(m, NULL, dc->implemented_by.v[i].s);
		for (size_t i = 0; i < dc->evidence.n; i++)
			S_mark(m, NULL, dc->evidence.v[i].s);
	}
	S_mark(m, NULL, m->cfg.scope.s);
	EACH(ismc_nonconformity, nc, m->nonconformities)
		for (size_t i = 0; i < nc->related.n; i++)
			S_mark(m, NULL, nc->related.v[i].s);
}

/* One "document `to` is pointed at by `r`" while the lists are made; `id`
 * numbers r's id: referrers of one id are one (S_referrers). */
typedef struct {
	size_t to; /* index of the first document with the id pointed at */
	size_t id; /* the first document with r's id, or nd + the control's index */
	ismc_referrer r;
} S_pair;

/* Records that the document(s) with id `to` are pointed at by `r`, whose
 * id is numbered `id`; `pairs` is a buffer of S_pair in the order found. */
static void S_refer(S_ctx *c, ismc_buf *pairs, const char *to, ismc_referrer r, size_t id)
{
	size_t idx = (size_t)(uintptr_t)ismc_map_get(c->firstdoc, to);
	if (!idx)
		return;
	S_pair p = { idx - 1, id, r };
	ismc_buf_put(pairs, (const char *)&p, sizeof p);
}

/* S_refer of a document known by its element, not its id: no lookup. */
static void S_refer_doc(ismc_buf *pairs, const ismc_doc *to, ismc_referrer r, size_t id)
{
	if (!to->firstdoc)
		return;
	S_pair p = { to->firstdoc - 1, id, r };
	ismc_buf_put(pairs, (const char *)&p, sizeof p);
}

/* Who points at each document, in the order the outputs list them: the
 * documents in path order (each one's related, bracketed ids, then links),
 * then the controls in catalog order (implemented_by, evidence, then the
 * documents listing the control). Risks are not: that would be documents
 * times risks; the templates join the controls to their risks. */
static void S_referrers(S_ctx *c)
{
	ismc_model *m = c->m;
	ismc_buf pairs = { 0 };
	size_t nd = m->docs.n;
	EACH(ismc_doc, o, m->docs) {
		if (!o->id.s)
			continue;
		ismc_referrer r = { o, NULL };
		size_t id = o->firstdoc - 1;
		for (size_t i = 0; i < o->related.n; i++)
			if (strcmp(o->related.v[i].s, o->id.s))
				S_refer(c, &pairs, o->related.v[i].s, r, id);
		for (size_t i = 0; i < o->nrefs; i++) {
			/* most name a risk, an asset or a control: known without
			 * looking the id up again */
			const ismc_def *def = o->refs[i].def;
			if (c->doc_ids_first && (!def || def->kind != ISMC_ID_DOC))
				continue;
			if (!strcmp(o->refs[i].id, o->id.s))
				continue;
			if (def && def->kind == ISMC_ID_DOC) /* a document of that very id */
				S_refer_doc(&pairs, def->obj, r, id);
			else
				S_refer(c, &pairs, o->refs[i].id, r, id);
		}
		for (size_t i = 0; i < o->nlinks; i++) {
			const ismc_doc *t = o->links[i].doc;
			if (o->links[i].kind == ISMC_LINK_LOCAL && t && t != o && t->id.s)
				S_refer_doc(&pairs, t, r, id);
		}
	}
	size_t nc = ismc_catalog_ncontrols(m->catalog);
	ismc_vec *listing = ismc_xcalloc(nc ? nc : 1, sizeof(ismc_vec));
	EACH(ismc_doc, o, m->docs)
		for (size_t k = 0; o->id.s && k < o->controls.n; k++) {
			const ismc_control *ctl = ismc_catalog_control(m->catalog, o->controls.v[k].s);
			if (ctl)
				ismc_vec_push(&listing[ctl->index], o);
		}
	for (size_t i = 0; i < nc; i++) {
		ismc_referrer r = { NULL, ismc_catalog_control_at(m->catalog, i) };
		/* a control is one with a document of its id, should there be one */
		size_t id = (size_t)(uintptr_t)ismc_map_get(c->firstdoc, r.control->id);
		id = id ? id - 1 : nd + i;
		const ismc_decision *dc = m->control_facts[i].decision;
		for (size_t k = 0; dc && k < dc->implemented_by.n; k++)
			S_refer(c, &pairs, dc->implemented_by.v[k].s, r, id);
		for (size_t k = 0; dc && k < dc->evidence.n; k++)
			S_refer(c, &pairs, dc->evidence.v[k].s, r, id);
		for (size_t k = 0; k < listing[i].n; k++)
			S_refer_doc(&pairs, listing[i].v[k], r, id);
		ismc_vec_free(&listing[i]);
	}
	free(listing);

	/* a stable counting sort by document gives each its slice, in the order
	 * found; then each slice keeps the first referrer of each id (documents
	 * are keyed by id, as the outputs show them), told by its number */
	const S_pair *pv = (const S_pair *)pairs.data;
	size_t np = pairs.len / sizeof(S_pair);
	size_t *start = ismc_xcalloc(nd + 1, sizeof(size_t));
	for (size_t i = 0; i < np; i++)
		start[pv[i].to + 1]++;
	for (size_t i = 0; i < nd; i++)
		start[i + 1] += start[i];
	ismc_referrer *all = ismc_arena_alloc(m->arena, (np + 1) * sizeof(ismc_referrer));
	size_t *ids = ismc_xcalloc(np + 1, sizeof(size_t));
	for (size_t i = 0; i < np; i++) {
		ismc_doc *d = m->docs.v[pv[i].to];
		ids[start[pv[i].to] + d->nreferrers] = pv[i].id;
		all[start[pv[i].to] + d->nreferrers++] = pv[i].r;
	}
	size_t *seen = ismc_xcalloc(nd + nc + 1, sizeof(size_t)); /* id -> slice + 1 */
	for (size_t i = 0; i < nd; i++) {
		ismc_doc *d = m->docs.v[i];
		size_t k = 0;
		for (size_t j = start[i]; j < start[i] + d->nreferrers; j++)
			if (seen[ids[j]] != i + 1) {
				seen[ids[j]] = i + 1;
				all[start[i] + k++] = all[j];
			}
		d->referrers = all + start[i];
		d->nreferrers = k;
	}
	free(seen);
	free(ids);
	/* a second document of an id shows the first one's list */
	EACH(ismc_doc, d, m->docs) {
		size_t first = d->firstdoc;
		const ismc_doc *f = first ? m->docs.v[first - 1] : d;
		d->referrers = f->referrers;
		d->nreferrers = f->nreferrers;
	}
	free(start);
	ismc_buf_free(&pairs);
}

/* ---- people ---- */

/* The lookups of the people register: role -> holders, and a person's id,
 * name and e-mail addresses (compared in lower case) -> that person. */
static void S_people(ismc_model *m)
{
	if (!m->npeople_files)
		return;
	m->roles = ismc_map_new();
	m->people_by = ismc_map_new();
	ismc_map *holders = ismc_map_new(); /* role -> ismc_vec * */
	ismc_vec roles = { 0 };
	EACH(ismc_person, p, m->people) {
		ismc_role *self = ismc_arena_alloc(m->arena, sizeof(*self));
		self->name = p->name.s;
		self->holders = ismc_arena_alloc(m->arena, sizeof(ismc_person *));
		self->holders[0] = p;
		self->n = 1;
		if (p->id.s)
			ismc_map_put(m->people_by, p->id.s, self);
		if (p->name.s)
			ismc_map_put(m->people_by, p->name.s, self);
		for (size_t i = 0; i < p->emails.n; i++) {
			char *e = ismc_arena_strdup(m->arena, p->emails.v[i].s);
			for (char *q = e; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			ismc_map_put(m->people_by, e, self);
		}
		for (size_t i = 0; i < p->roles.n; i++) {
			ismc_vec *v = ismc_map_get(holders, p->roles.v[i].s);
			if (!v) {
				v = ismc_xcalloc(1, sizeof(*v));
				ismc_map_put(holders, p->roles.v[i].s, v);
				ismc_vec_push(&roles, (void *)p->roles.v[i].s);
			}
			if (!v->n || v->v[v->n - 1] != p)
				ismc_vec_push(v, p);
		}
	}
	for (size_t i = 0; i < roles.n; i++) {
		ismc_vec *v = ismc_map_get(holders, roles.v[i]);
		ismc_role *r = ismc_arena_alloc(m->arena, sizeof(*r));
		r->name = roles.v[i];
		r->holders = (const ismc_person **)S_freeze(m->arena, v, &r->n);
		ismc_map_put(m->roles, r->name, r);
		free(v);
	}
	ismc_vec_free(&roles);
	ismc_map_free(holders);
}

/* The role holders or the person `who` names; NULL when none. */
static const ismc_role *S_named(const ismc_model *m, const char *who)
{
	const ismc_role *r;
	if (!m->people_by || !who)
		return NULL;
	if ((r = ismc_map_get(m->roles, who)) || (r = ismc_map_get(m->people_by, who)))
		return r;
	/* an e-mail address, alone or as "Name <email>", in any case */
	char buf[320];
	const char *lt = strrchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	size_t n = lt && gt ? (size_t)(gt - lt - 1) : strlen(who);
	if (n >= sizeof buf || !memchr(lt && gt ? lt + 1 : who, '@', n))
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)(lt && gt ? lt + 1 : who)[i]);
	buf[n] = '\0';
	return ismc_map_get(m->people_by, buf);
}

size_t ismc_people_named(const ismc_model *m, const char *who, const ismc_person *const **out)
{
	const ismc_role *r = S_named(m, who);
	*out = r ? r->holders : NULL;
	return r ? r->n : 0;
}

const ismc_list *ismc_approver_roles(const ismc_model *m, const ismc_doc *doc)
{
	if (doc->register_kind)
		return m->cfg.approver_roles[ISMC_NDOC_TYPES];
	return doc->type.s ? m->cfg.approver_roles[doc->type.n] : NULL;
}

/* Who may approve each approved document: the people approved_by names,
 * those holding a role isms.yml approvers allows for its type (when it
 * says). */
static void S_approvers(ismc_model *m, ismc_doc *d)
{
	const ismc_person *const *named;
	size_t n = ismc_people_named(m, d->approved_by.s, &named);
	const ismc_list *allowed = ismc_approver_roles(m, d);
	ismc_vec keep = { 0 };
	for (size_t i = 0; i < n; i++) {
		int ok = !allowed;
		for (size_t k = 0; allowed && k < allowed->n && !ok; k++)
			for (size_t r = 0; r < named[i]->roles.n && !ok; r++)
				ok = !strcmp(named[i]->roles.v[r].s, allowed->v[k].s);
		if (ok)
			ismc_vec_push(&keep, (void *)named[i]);
	}
	d->approvers = (const ismc_person **)S_freeze(m->arena, &keep, &d->napprovers);
	ismc_vec_free(&keep);
}

/* ---- the step ---- */

int ismc_resolve(ismc_model *m, ismc_error *err)
{
	S_ctx c = { .m = m, .slugs = ismc_map_new(), .firstdoc = ismc_map_new(),
		    .tmp = ismc_arena_new() };
	int rc = 0;
	m->bypath = ismc_map_new();
	for (size_t i = 0; i < m->docs.n; i++) {
		ismc_doc *d = m->docs.v[i];
		ismc_map_put(m->bypath, d->path, d);
		if (d->id.s)
			ismc_map_put(c.firstdoc, d->id.s, (void *)(uintptr_t)(i + 1));
	}
	EACH(ismc_doc, d, m->docs)
		d->firstdoc = d->id.s ? (size_t)(uintptr_t)ismc_map_get(c.firstdoc, d->id.s) : 0;
	c.doc_ids_first = 1;
	EACH(ismc_doc, d, m->docs) {
		const ismc_def *def = d->id.s ? ismc_model_lookup(m, d->id.s) : NULL;
		if (d->id.s && (!def || def->kind != ISMC_ID_DOC))
			c.doc_ids_first = 0;
	}
	EACH(ismc_doc, d, m->docs) {
		for (size_t i = 0; i < d->nrefs; i++) {
			ismc_ref *r = &d->refs[i];
			r->def = ismc_model_lookup(m, r->id);
			if (r->kind == ISMC_REF_CONTROL)
				r->control = ismc_catalog_control(m->catalog, r->id);
			else if (r->kind == ISMC_REF_ID && !r->def && !S_reference_shape(&m->cfg, r->id) &&
			         !ismc_model_suggest_id(m, r->id))
				r->kind = ISMC_REF_NONE; /* `[INCIDENT-ID]`: a placeholder, text */
		}
		for (size_t i = 0; i < d->nlinks && !rc; i++)
			rc = S_link(&c, d, &d->links[i], err);
		if (rc)
			goto out;
	}
	S_people(m);
	EACH(ismc_doc, d, m->docs)
		S_approvers(m, d);
	EACH(ismc_doc, d, m->regdocs)
		S_approvers(m, d);
	S_controls(m);
	S_clauses(m);
	S_referenced(m);
	S_activities(m);
	S_suppliers(m);
	S_referrers(&c);
	ismc_resolve_due(m);
out:
	ismc_map_free(c.slugs);
	ismc_map_free(c.firstdoc);
	ismc_arena_free(c.tmp);
	return rc;
}

int ismc_evidence_is_file(const char *item)
{
	return strchr(item, '/') || strchr(item, '.');
}

int ismc_control_implemented(const ismc_model *m, const char *id)
{
	const ismc_control *ctl = ismc_catalog_control(m->catalog, id);
	return ctl && m->control_facts && m->control_facts[ctl->index].implemented;
}

int ismc_clause_covered(const ismc_model *m, const char *leaf)
{
	const ismc_clause *cl = ismc_catalog_clause(m->catalog, leaf);
	return cl && m->clause_facts && m->clause_facts[cl->index].covered;
}
