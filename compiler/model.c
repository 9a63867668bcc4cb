/* model.c: reads every ISMS file of a source into one model, with ids
 * resolved through hash tables, and ends with the resolve step (resolve.c).
 * The source keeps each file's bytes (read once); the syntax trees made from
 * them are freed once parsed, so only what the checks and outputs need stays
 * in the model. */
#include "ismc.h"

#include <stddef.h>

#include <stdlib.h>
#include <string.h>

void ismc_model_define(ismc_model *m, const char *id, ismc_id_kind kind, void *obj, ismc_pos pos)
{
	ismc_def *def = ismc_arena_alloc(m->arena, sizeof(*def));
	def->kind = kind;
	def->obj = obj;
	def->pos = pos;
	ismc_def *first = ismc_map_put(m->ids, id, def);
	if (first) {
		ismc_dup *dup = ismc_arena_alloc(m->arena, sizeof(*dup));
		dup->id = id;
		dup->first = first->pos;
		dup->second = pos;
		ismc_vec_push(&m->dups, dup);
	}
}

const ismc_def *ismc_model_lookup(const ismc_model *m, const char *id)
{
	return id ? ismc_map_get(m->ids, id) : NULL; /* a record without one (a draft) */
}

ismc_doc *ismc_model_doc(const ismc_model *m, const char *id)
{
	const ismc_def *def = m && id ? ismc_model_lookup(m, id) : NULL;
	return def && def->kind == ISMC_ID_DOC ? def->obj : NULL;
}

const char *const ismc_id_kinds[] = { ISMC_ID_KINDS(ISMC_X_NAME) NULL };

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
	*kind = ismc_id_kinds[def->kind];
	switch (def->kind) {
	case ISMC_ID_DOC:
		return ((const ismc_doc *)def->obj)->title.s;
	case ISMC_ID_RISK:
		return ((const ismc_risk *)def->obj)->title.s;
	case ISMC_ID_ASSET:
		return ((const ismc_asset *)def->obj)->name.s;
	case ISMC_ID_ACTIVITY:
		return ((const ismc_activity *)def->obj)->title.s;
	case ISMC_ID_NONCONFORMITY:
		return ((const ismc_nonconformity *)def->obj)->title.s;
	case ISMC_ID_PERSON:
		return ((const ismc_person *)def->obj)->name.s;
	case ISMC_ID_REGISTER:
		return ((const ismc_doc *)def->obj)->title.s;
	default:
		return ((const ismc_supplier *)def->obj)->name.s;
	}
}

static void S_title_digest(const char *id, void *def, void *arg)
{
	const ismc_model *m = ((void **)arg)[0];
	ismc_sha256_ctx *h = ((void **)arg)[1];
	(void)def;
	const char *kind = NULL, *title = ismc_ref_title(m, id, &kind);
	ismc_sha256_add_str(h, id);
	ismc_sha256_add_str(h, kind);
	ismc_sha256_add_str(h, title);
}

void ismc_ref_titles_digest(const ismc_model *m, unsigned char md[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, "ismc titles 1", 14);
	const char *cat = m->catalog ? ismc_catalog_id(m->catalog) : "";
	ismc_sha256_add(h, cat, strlen(cat) + 1);
	void *arg[] = { (void *)m, h };
	ismc_map_each(m->ids, S_title_digest, arg);
	ismc_sha256_end(h, md);
}

/* Where the model keeps each kind's records, and the kind of id they
 * define (ISMC_REGISTER_KINDS). */
#define S_X_LIST(e, name, schema, id, area, list) offsetof(ismc_model, list),
#define S_X_ID(e, name, schema, id, area, list) id,
static const size_t S_list[ISMC_NREGISTER_KINDS] = { ISMC_REGISTER_KINDS(S_X_LIST) };
static const int S_id_kind[ISMC_NREGISTER_KINDS] = { ISMC_REGISTER_KINDS(S_X_ID) };

const ismc_vec *ismc_model_records(const ismc_model *m, ismc_register_kind kind)
{
	return (const ismc_vec *)((const char *)m + S_list[kind]);
}

static ismc_vec *S_records(ismc_model *m, ismc_register_kind kind)
{
	return (ismc_vec *)((char *)m + S_list[kind]);
}

const char *ismc_model_suggest_id(const ismc_model *m, const char *id)
{
	/* Only ids of similar shape are candidates: same prefix up to the hyphen. */
	const char *best = NULL;
	int bestd = 3;
	size_t plen = strcspn(id, "-");
	for (int k = -1; k < ISMC_NREGISTER_KINDS; k++) {
		if (k >= 0 && S_id_kind[k] < 0)
			continue;
		const ismc_vec *v = k < 0 ? &m->docs : ismc_model_records(m, (ismc_register_kind)k);
		for (size_t i = 0; i < v->n; i++) {
			const char *cand = k < 0 ? ((ismc_doc *)v->v[i])->id.s
			                         : ((ismc_record *)v->v[i])->id.s;
			if (!cand || strncasecmp(cand, id, plen) != 0)
				continue;
			int d = ismc_edit_distance(id, cand, bestd);
			if (d < bestd) {
				bestd = d;
				best = cand;
			}
		}
	}
	return best;
}

/* Adds a register's records and defines their ids, as for documents. */
static void S_add_register(ismc_model *m, const ismc_register *reg)
{
	if (!reg)
		return;
	if (reg->kind == ISMC_REG_CONTROLS && m->ncontrol_files++ == 0)
		m->controls_pos = reg->key;
	if (reg->kind == ISMC_REG_PEOPLE)
		m->npeople_files++;
	if (reg->doc) {
		if (reg->doc->id.s)
			ismc_model_define(m, reg->doc->id.s, ISMC_ID_REGISTER, reg->doc, reg->doc->id.pos);
		ismc_vec_push(&m->regdocs, reg->doc);
		if (reg->kind == ISMC_REG_CONTROLS && !m->soa_doc)
			m->soa_doc = reg->doc;
	}
	for (size_t i = 0; i < reg->npersons; i++)
		ismc_vec_push(&m->person_refs, reg->persons[i]);
	for (size_t i = 0; i < reg->n; i++) {
		ismc_record *rec = reg->records[i];
		if (reg->kind == ISMC_REG_CONTROLS) {
			ismc_decision *dc = (ismc_decision *)rec;
			if (dc->id.s)
				dc->control = ismc_catalog_control(m->catalog, dc->id.s);
		} else if (rec->id.s) {
			ismc_model_define(m, rec->id.s, (ismc_id_kind)S_id_kind[reg->kind], rec,
			                  rec->id.pos);
		}
		ismc_vec_push(S_records(m, reg->kind), rec);
	}
}

static int S_load_file(ismc_model *m, const ismc_file *f, ismc_error *err)
{
	ismc_pos top = { f->path, 1, 1 };
	if (f->escapes) {
		if (f->folder && f->kind == ISMC_FILE_DOC)
			ismc_diag_add(m->diags, ISMC_PATH_ESCAPE, top,
			              "symbolic link to a folder outside the ISMS root; it is not "
			              "followed, and nothing in it is read");
		else if (f->kind == ISMC_FILE_DOC || f->kind == ISMC_FILE_REGISTER)
			ismc_diag_add(m->diags, ISMC_PATH_ESCAPE, top,
			          "symbolic link leads outside the ISMS root; it is not followed");
		return 0;
	}
	if (f->kind != ISMC_FILE_DOC && f->kind != ISMC_FILE_REGISTER)
		return 0;
	if (f->badname) { /* the outputs (UTF-8 XML) and every report could not carry it */
		ismc_diag_add(m->diags, ISMC_INVALID_UTF8, top,
		              "the file's name is not valid UTF-8 or holds a control character "
		              "(shown escaped): rename it; it is not read");
		return 0;
	}
	const char *text;
	size_t len;
	int rc = ismc_source_load(m->src, f->path, &text, &len, err);
	if (rc < 0)
		return -1;
	if (rc == ISMC_TOO_LARGE) { /* listed so, or grown since */
		ismc_diag_add(m->diags, ISMC_FILE_TOO_LARGE, top, "file is larger than the %u MiB limit",
		          ISMC_MAX_FILE >> 20);
		return 0;
	}
	if (f->kind == ISMC_FILE_DOC) {
		ismc_doc *doc = ismc_document_parse_kept(m->arena, m->diags, &m->cfg, f->path, text,
		                                         len, m->scans);
		if (doc) {
			if (doc->id.s)
				ismc_model_define(m, doc->id.s, ISMC_ID_DOC, doc, doc->id.pos);
			ismc_vec_push(&m->docs, doc);
			for (size_t i = 0; i < doc->npersons; i++)
				ismc_vec_push(&m->person_refs, doc->persons[i]);
		}
	} else {
		S_add_register(m, ismc_register_parse(m->arena, m->diags, &m->cfg, f->path, text, len));
	}
	return 0;
}

ismc_model *ismc_model_load(const ismc_source *src, long as_of, const char *cache,
                            ismc_diags *diags, ismc_error *err)
{
	ismc_model *m = ismc_xcalloc(1, sizeof(*m));
	m->arena = ismc_arena_new();
	m->diags = diags;
	m->catalog = ismc_catalog_default(); /* until isms.yml says, and when it cannot */
	m->src = src;
	m->as_of = as_of;
	m->ids = ismc_map_new();
	m->decided = ismc_map_new();
	m->scans = cache ? ismc_scans_new(*cache ? cache : NULL) : NULL;
	if (ismc_config_load(&m->cfg, m->arena, diags, src, err) != 0)
		goto fail;
	/* the catalog isms.yml chose: `standard:` was validated against the
	 * embedded catalogs that have clauses (ismc_standards) */
	if (m->cfg.standard.s && ismc_catalog_find(m->cfg.standard.s))
		m->catalog = ismc_catalog_find(m->cfg.standard.s);
	m->controls_pos = m->cfg.standard_pos;
	ismc_source_classify((ismc_source *)src, m->cfg.excl, m->cfg.nexcl);
	for (size_t i = 0; i < ismc_source_count(src); i++)
		if (S_load_file(m, ismc_source_at(src, i), err) != 0)
			goto fail;
	ismc_scans_loaded(m->scans); /* the earlier build's scans: read what they could give */
	for (size_t i = 0; i < m->decisions.n; i++) {
		ismc_decision *dc = m->decisions.v[i];
		if (!dc->id.s || !dc->control)
			continue;
		ismc_decision *first = ismc_map_put(m->decided, dc->control->id, dc);
		if (first) {
			ismc_dup *dup = ismc_arena_alloc(m->arena, sizeof(*dup));
			dup->id = dc->control->id;
			dup->first = first->id.pos;
			dup->second = dc->id.pos;
			ismc_vec_push(&m->dups, dup);
		}
	}
	if (ismc_resolve(m, err) != 0 || ismc_frameworks_resolve(m, err) != 0)
		goto fail;
	return m;
fail:
	ismc_model_free(m);
	return NULL;
}

void ismc_model_free(ismc_model *m)
{
	if (!m)
		return;
	ismc_scans_free(m->scans);
	ismc_vec_free(&m->docs);
	ismc_vec_free(&m->risks);
	ismc_vec_free(&m->assets);
	ismc_vec_free(&m->decisions);
	ismc_vec_free(&m->people);
	ismc_vec_free(&m->regdocs);
	ismc_vec_free(&m->person_refs);
	ismc_map_free(m->people_by);
	ismc_map_free(m->roles);
	ismc_vec_free(&m->activities);
	ismc_vec_free(&m->nonconformities);
	ismc_vec_free(&m->suppliers);
	ismc_vec_free(&m->dups);
	ismc_map_free(m->ids);
	ismc_map_free(m->decided);
	ismc_map_free(m->bypath);
	ismc_arena_free(m->arena);
	free(m);
}
