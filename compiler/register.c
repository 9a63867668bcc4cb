/* register.c: the YAML registers (SPEC §3 and docs/format.md: risks,
 * assets, controls, activities, nonconformities, suppliers). A register file holds one
 * top-level key naming its kind; it parses into a value, as a document does,
 * and model.c adds its records (several files of one kind are merged there). */
#include "ismc.h"

#include <string.h>

static const char *const S_kinds[ISMC_NREGISTER_KINDS] = { ISMC_REGISTER_KINDS(ISMC_X_NAME) };

/* The table each kind's records are validated by, in ISMC_REGISTER_KINDS
 * order. */
static const ismc_schema *const S_schemas[ISMC_NREGISTER_KINDS] = {
	[ISMC_REG_RISKS] = &ismc_schema_risk,
	[ISMC_REG_ASSETS] = &ismc_schema_asset,
	[ISMC_REG_CONTROLS] = &ismc_schema_decision,
	[ISMC_REG_ACTIVITIES] = &ismc_schema_activity,
	[ISMC_REG_NONCONFORMITIES] = &ismc_schema_nonconformity,
	[ISMC_REG_SUPPLIERS] = &ismc_schema_supplier,
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
	if (root->kind != ISMC_Y_MAP || root->n != 2) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, root->kind == ISMC_Y_MAP ? root->pos : top,
		          "a register holds one top-level key: risks, assets, controls, "
		          "activities, nonconformities or suppliers");
		return NULL;
	}
	const ismc_ynode *key = root->items[0], *list = root->items[1];
	int kind = -1;
	for (int i = 0; i < ISMC_NREGISTER_KINDS; i++)
		if (strcmp(key->str, S_kinds[i]) == 0)
			kind = i;
	if (kind < 0) {
		const char *near = ismc_closest(key->str, S_kinds, ISMC_NREGISTER_KINDS);
		ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
		          "'%s' is not a register kind%s%s%s", key->str,
		          near ? "; did you mean '" : " (risks, assets, controls, activities, "
		                                              "nonconformities or suppliers)",
		          near ? near : "", near ? "'?" : "");
		return NULL;
	}
	ismc_register *reg = ismc_arena_alloc(a, sizeof(*reg));
	reg->kind = (ismc_register_kind)kind;
	reg->key = key->pos;
	if (list->kind == ISMC_Y_NULL)
		return reg;
	if (list->kind != ISMC_Y_SEQ) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, list->pos,
		          "'%s' must be a list of records", key->str);
		return reg;
	}
	/* a scale isms.yml got wrong (reported there) bounds nothing here */
	int sl = cfg->likelihood.n >= 2 ? (int)cfg->likelihood.n : 0;
	int si = cfg->impact.n >= 2 ? (int)cfg->impact.n : 0;
	ismc_validate_ctx ctx = { a, d, NULL, 0, sl, si, cfg->classes };
	reg->records = ismc_arena_alloc(a, (list->n + 1) * sizeof(void *));
	for (size_t i = 0; i < list->n; i++) {
		void *rec = S_record(a, d, &ctx, path, reg->kind, list->items[i]);
		if (rec)
			reg->records[reg->n++] = rec;
	}
	return reg;
}
