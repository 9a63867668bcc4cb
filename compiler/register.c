/* register.c: the YAML registers (SPEC §3 and docs/format.md: risks,
 * assets, controls, people, activities, nonconformities, suppliers). A
 * register file holds one top-level key naming its kind, optionally with a
 * document: block that makes it a controlled document (id, version, owner,
 * approval); it parses into a value, as a document does, and model.c adds
 * its records (several files of one kind are merged there). */
#include "ismc.h"

#include <string.h>

const char *const ismc_register_kinds[] = { ISMC_REGISTER_KINDS(ISMC_X_REG_NAME) NULL };
#define S_kinds ismc_register_kinds

/* The table each kind's records are validated by (ISMC_REGISTER_KINDS). */
#define S_X_SCHEMA(e, name, schema, id, area, list) &schema,
static const ismc_schema *const S_schemas[ISMC_NREGISTER_KINDS] = {
	ISMC_REGISTER_KINDS(S_X_SCHEMA)
};

/* What a kind needs beyond its table: values that stand for absent ones,
 * and fields required only in some states. */
static void S_record_rules(ismc_diags *d, ismc_register_kind kind, void *rec)
{
	if (kind == ISMC_REG_RISKS) {
		ismc_risk *r = rec;
		if (!r->residual.s) {
			/* no residual given: the inherent scores stand */
			r->residual.n = r->likelihood.n;
			r->residual.m = r->impact.n;
			r->residual.pos = r->pos;
		}
	} else if (kind == ISMC_REG_CONTROLS) {
		ismc_decision *dc = rec;
		if (dc->applicable.s && dc->applicable.n && !dc->status.s && !dc->status.node)
			ismc_diag_add(d, ISMC_MISSING_FIELD, dc->pos,
			          "control decision lacks required field 'status' (an applicable "
			          "control is implemented, partial, planned or not-implemented)");
	} else if (kind == ISMC_REG_NONCONFORMITIES) {
		ismc_nonconformity *nc = rec;
		if (nc->status.s && nc->status.n == ISMC_NC_CLOSED && !nc->closed_on.node)
			ismc_diag_add(d, ISMC_MISSING_FIELD, nc->status.pos,
			              "a closed nonconformity needs closed_on, the date it was closed");
	}
}

/* One record of a register of kind `kind`, or NULL when it is no mapping. */
static void *S_record(ismc_arena *a, ismc_diags *d, const ismc_validate_ctx *ctx,
                      const char *path, ismc_register_kind kind, const ismc_ynode *item)
{
	if (item->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, item->pos,
		          "each %s record must be a mapping of fields", S_kinds[kind]);
		return NULL;
	}
	const ismc_schema *sch = S_schemas[kind];
	ismc_record *rec = ismc_arena_alloc(a, sch->size);
	rec->path = path;
	rec->pos = item->pos;
	ismc_schema_validate(ctx, sch, item, item->pos, rec);
	S_record_rules(d, kind, rec);
	return rec;
}

ismc_register *ismc_register_parse(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                                   const char *path, const char *text, size_t len)
{
	if (ismc_text_screen(d, path, &text, &len) != 0)
		return NULL;
	ismc_ynode *root = ismc_yaml_parse(a, d, path, text, len, 0);
	if (!root)
		return NULL;
	ismc_pos top = { path, 1, 1 };
	ismc_buf kinds = { 0 };
	for (int i = 0; i < ISMC_NREGISTER_KINDS; i++)
		ismc_buf_printf(&kinds, "%s%s", i == 0 ? "" : i + 1 < ISMC_NREGISTER_KINDS ? ", " : " or ",
		                S_kinds[i]);
	/* the kind's key, and an optional document: block beside it */
	const ismc_ynode *key = NULL, *list = NULL, *dkey = NULL, *dmap = NULL;
	int bad = root->kind != ISMC_Y_MAP || root->n < 2 || root->n > 4;
	for (size_t k = 0; !bad && k + 1 < root->n; k += 2) {
		if (!strcmp(root->items[k]->str, "document") && !dkey)
			dkey = root->items[k], dmap = root->items[k + 1];
		else if (!key)
			key = root->items[k], list = root->items[k + 1];
		else
			bad = 1;
	}
	if (bad || !key) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, root->kind == ISMC_Y_MAP ? root->pos : top,
		          "a register holds one top-level key, %s, and may open with a document: block",
		          kinds.data);
		ismc_buf_free(&kinds);
		return NULL;
	}
	int kind = -1;
	for (int i = 0; i < ISMC_NREGISTER_KINDS; i++)
		if (strcmp(key->str, S_kinds[i]) == 0)
			kind = i;
	if (kind < 0) {
		const char *near = ismc_closest(key->str, S_kinds, ISMC_NREGISTER_KINDS);
		if (near)
			ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
			              "'%s' is not a register kind; did you mean '%s'?", key->str, near);
		else
			ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
			              "'%s' is not a register kind (%s)", key->str, kinds.data);
		ismc_buf_free(&kinds);
		return NULL;
	}
	ismc_buf_free(&kinds);
	ismc_register *reg = ismc_arena_alloc(a, sizeof(*reg));
	reg->kind = (ismc_register_kind)kind;
	reg->key = key->pos;
	/* a scale isms.yml got wrong (reported there) bounds nothing here */
	int sl = cfg->likelihood.n >= 2 ? (int)cfg->likelihood.n : 0;
	int si = cfg->impact.n >= 2 ? (int)cfg->impact.n : 0;
	ismc_vec persons = { 0 };
	ismc_validate_ctx ctx = { a, d, NULL, 0, sl, si, cfg->classes, NULL, NULL, 0, &persons };
	if (dkey && dmap->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, dmap->kind == ISMC_Y_NULL ? dkey->pos : dmap->pos,
		              "document: must be a mapping of fields (id, title, owner, version, "
		              "status, approved_by, approved_on)");
	} else if (dkey) {
		ismc_doc *doc = ismc_arena_alloc(a, sizeof(*doc));
		doc->path = path;
		doc->fm_pos = dkey->pos;
		doc->register_kind = S_kinds[kind];
		ismc_schema_validate(&ctx, &ismc_schema_register_document, dmap, dkey->pos, doc);
		if (!doc->classification.s) {
			doc->classification.s = cfg->default_classification.s;
			doc->classification.pos = dkey->pos;
		}
		ismc_doc_next_review(doc, cfg);
		reg->doc = doc;
	}
	if (list->kind != ISMC_Y_NULL && list->kind != ISMC_Y_SEQ) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, list->pos,
		          "'%s' must be a list of records", key->str);
	} else if (list->kind == ISMC_Y_SEQ) {
		reg->records = ismc_arena_alloc(a, (list->n + 1) * sizeof(void *));
		for (size_t i = 0; i < list->n; i++) {
			void *rec = S_record(a, d, &ctx, path, reg->kind, list->items[i]);
			if (rec)
				reg->records[reg->n++] = rec;
		}
	}
	/* the document: block's fields come first, as in the file */
	reg->persons = ismc_arena_alloc(a, (persons.n + 1) * sizeof(ismc_person_ref *));
	if (persons.n)
		memcpy(reg->persons, persons.v, persons.n * sizeof(ismc_person_ref *));
	reg->npersons = persons.n;
	ismc_vec_free(&persons);
	return reg;
}
