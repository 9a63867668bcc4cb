/* register.c: the YAML registers (SPEC §3). A register file holds one
 * top-level key naming its kind; several files of one kind are merged. */
#include "ismc.h"

#include <string.h>

static const char *const S_kinds[ISMC_NREGISTER_KINDS] = { ISMC_REGISTER_KINDS(ISMC_X_NAME) };

static void S_record(ismc_model *m, const ismc_validate_ctx *ctx, const char *path,
                     ismc_register_kind kind, const ismc_ynode *item)
{
	if (item->kind != ISMC_Y_MAP) {
		ismc_diag_add(m->diags, ISMC_INVALID_VALUE, item->pos,
		          "each %s record must be a mapping of fields", S_kinds[kind]);
		return;
	}
	if (kind == ISMC_REG_RISKS) {
		ismc_risk *r = ismc_arena_alloc(m->arena, sizeof(*r));
		r->path = path;
		r->pos = item->pos;
		ismc_schema_validate(ctx, &ismc_schema_risk, item, item->pos, r);
		if (!r->residual.s) {
			/* no residual given: the inherent scores stand */
			r->residual.n = r->likelihood.n;
			r->residual.m = r->impact.n;
			r->residual.pos = item->pos;
		}
		if (r->id.s)
			ismc_model_define(m, r->id.s, ISMC_ID_RISK, r, r->id.pos);
		ismc_vec_push(&m->risks, r);
	} else if (kind == ISMC_REG_ASSETS) {
		ismc_asset *as = ismc_arena_alloc(m->arena, sizeof(*as));
		as->path = path;
		as->pos = item->pos;
		ismc_schema_validate(ctx, &ismc_schema_asset, item, item->pos, as);
		if (as->id.s)
			ismc_model_define(m, as->id.s, ISMC_ID_ASSET, as, as->id.pos);
		ismc_vec_push(&m->assets, as);
	} else {
		ismc_decision *dc = ismc_arena_alloc(m->arena, sizeof(*dc));
		dc->path = path;
		dc->pos = item->pos;
		ismc_schema_validate(ctx, &ismc_schema_decision, item, item->pos, dc);
		if (dc->applicable.s && dc->applicable.n && !dc->status.s && !dc->status.node)
			ismc_diag_add(m->diags, ISMC_MISSING_FIELD, item->pos,
			          "control decision lacks required field 'status' (an applicable "
			          "control is implemented, partial, planned or not-implemented)");
		if (dc->id.s)
			dc->control = ismc_catalog_control(m->catalog, dc->id.s);
		ismc_vec_push(&m->decisions, dc);
	}
}

void ismc_register_parse(ismc_model *m, const char *path, const char *text, size_t len)
{
	if (ismc_text_screen(m->diags, path, &text, &len) != 0)
		return;
	ismc_ynode *root = ismc_yaml_parse(m->arena, m->diags, path, text, len, 0);
	if (!root)
		return;
	ismc_pos top = { path, 1, 1 };
	if (root->kind != ISMC_Y_MAP || root->n != 2) {
		ismc_diag_add(m->diags, ISMC_INVALID_VALUE, root->kind == ISMC_Y_MAP ? root->pos : top,
		          "a register holds one top-level key: risks, assets or controls");
		return;
	}
	const ismc_ynode *key = root->items[0], *list = root->items[1];
	int kind = -1;
	for (int i = 0; i < ISMC_NREGISTER_KINDS; i++)
		if (strcmp(key->str, S_kinds[i]) == 0)
			kind = i;
	if (kind < 0) {
		const char *near = ismc_closest(key->str, S_kinds, ISMC_NREGISTER_KINDS);
		ismc_diag_add(m->diags, ISMC_INVALID_VALUE, key->pos,
		          "'%s' is not a register kind%s%s%s", key->str,
		          near ? "; did you mean '" : " (risks, assets or controls)",
		          near ? near : "", near ? "'?" : "");
		return;
	}
	if (kind == ISMC_REG_CONTROLS && m->ncontrol_files++ == 0)
		m->controls_pos = key->pos;
	if (list->kind == ISMC_Y_NULL)
		return;
	if (list->kind != ISMC_Y_SEQ) {
		ismc_diag_add(m->diags, ISMC_INVALID_VALUE, list->pos,
		          "'%s' must be a list of records", key->str);
		return;
	}
	/* a scale isms.yml got wrong (reported there) bounds nothing here */
	int sl = m->cfg.likelihood.n >= 2 ? (int)m->cfg.likelihood.n : 0;
	int si = m->cfg.impact.n >= 2 ? (int)m->cfg.impact.n : 0;
	ismc_validate_ctx ctx = { m->arena, m->diags, NULL, 0, sl, si, m->cfg.classes };
	for (size_t i = 0; i < list->n; i++)
		S_record(m, &ctx, path, (ismc_register_kind)kind, list->items[i]);
}
