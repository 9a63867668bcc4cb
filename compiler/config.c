/* config.c: isms.yml, the root's settings (SPEC §1). A broken isms.yml is a
 * diagnostic, and the compile goes on with defaults so one run shows all. */
#include "ismc.h"

#include <stdlib.h>
#include <string.h>

static const char *const S_default_classes[] = { "public", "internal", "confidential",
	                                         "restricted", NULL };

static const char **S_strings(ismc_arena *a, const ismc_list *l, size_t *n)
{
	const char **v = ismc_arena_alloc(a, (l->n + 1) * sizeof(char *));
	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[i].s;
	if (n)
		*n = l->n;
	return v;
}

static void S_checks(ismc_config *cfg, ismc_diags *d)
{
	const ismc_ynode *map = cfg->checks.node;
	if (!map || map->kind == ISMC_Y_NULL)
		return;
	if (map->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, map->pos,
		          "'checks' must map diagnostic codes to error, warning or off");
		return;
	}
	const char *names[ISMC_NCODES];
	for (int i = 0; i < ISMC_NCODES; i++)
		names[i] = ismc_code_get((ismc_code)i)->name;
	for (size_t k = 0; k + 1 < map->n; k += 2) {
		const ismc_ynode *key = map->items[k], *val = map->items[k + 1];
		int code = ismc_code_find(key->str);
		if (code < 0) {
			const char *near = ismc_closest(key->str, names, ISMC_NCODES);
			if (near)
				ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
				          "'%s' is not a diagnostic code; did you mean '%s'?", key->str, near);
			else
				ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
				          "'%s' is not a diagnostic code (see 'ismc explain')", key->str);
			continue;
		}
		const char *s = val->kind == ISMC_Y_SCALAR ? val->str : "";
		ismc_severity sev = !strcmp(s, "error") ? ISMC_ERROR
		                    : !strcmp(s, "warning") ? ISMC_WARNING
		                    : !strcmp(s, "off") ? ISMC_OFF : ISMC_NOTE;
		if (sev == ISMC_NOTE) {
			ismc_diag_add(d, ISMC_INVALID_VALUE, val->pos,
			          "'%s' is not a severity: write error, warning or off", s);
			continue;
		}
		ismc_diags_set_severity(d, (ismc_code)code, sev);
	}
}

/* A mapping of strings to strings (aliases, links) into two arrays; what is
 * not such a pair is invalid-value. */
static size_t S_pairs(ismc_arena *a, ismc_diags *d, const ismc_val *v, const char *name,
                      const char *what, const char ***from, const char ***to)
{
	const ismc_ynode *map = v->node;
	*from = *to = NULL;
	if (!map || map->kind == ISMC_Y_NULL)
		return 0;
	if (map->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, map->pos, "'%s' must be a mapping: %s", name, what);
		return 0;
	}
	*from = ismc_arena_alloc(a, (map->n / 2 + 1) * sizeof(char *));
	*to = ismc_arena_alloc(a, (map->n / 2 + 1) * sizeof(char *));
	size_t n = 0;
	for (size_t k = 0; k + 1 < map->n; k += 2) {
		const ismc_ynode *key = map->items[k], *val = map->items[k + 1];
		if (val->kind != ISMC_Y_SCALAR || !*val->str) {
			ismc_diag_add(d, ISMC_INVALID_VALUE, val->pos, "'%s' needs a value: %s", key->str, what);
			continue;
		}
		(*from)[n] = key->str;
		(*to)[n++] = val->str;
	}
	return n;
}

/* aliases: another tool's front matter key -> ismc's field. */
static void S_aliases(ismc_config *cfg, ismc_arena *a, ismc_diags *d)
{
	cfg->naliases = S_pairs(a, d, &cfg->aliases, "aliases", "aliases maps another tool's front matter "
	                        "key to ismc's field (effective_date: approved_on)",
	                        &cfg->alias_from, &cfg->alias_to);
	const char *names[64];
	size_t nf = ismc_schema_document.nfields;
	for (size_t i = 0; i < nf && i < 64; i++)
		names[i] = ismc_schema_document.fields[i].name;
	const ismc_ynode *map = cfg->aliases.node;
	size_t w = 0;
	for (size_t i = 0, k = 1; i < cfg->naliases; i++, k += 2) {
		int known = 0;
		for (size_t j = 0; j < nf; j++)
			known |= !strcmp(names[j], cfg->alias_to[i]);
		/* the value's position: the pairs were taken in order */
		while (k < map->n && map->items[k]->str != cfg->alias_to[i])
			k += 2;
		if (!known) {
			const char *near = ismc_closest(cfg->alias_to[i], names, nf);
			ismc_pos at = k < map->n ? map->items[k]->pos : cfg->aliases.pos;
			if (near)
				ismc_diag_add(d, ISMC_INVALID_VALUE, at, "'%s' is no front matter field; did you "
				              "mean '%s'?", cfg->alias_to[i], near);
			else
				ismc_diag_add(d, ISMC_INVALID_VALUE, at, "'%s' is no front matter field",
				              cfg->alias_to[i]);
			continue;
		}
		cfg->alias_from[w] = cfg->alias_from[i];
		cfg->alias_to[w++] = cfg->alias_to[i];
	}
	cfg->naliases = w;
}

/* approvers: document type (or `register`) -> the roles that may approve.
 * A type left out may be approved by anyone approved_by names. */
static void S_approvers(ismc_config *cfg, ismc_arena *a, ismc_diags *d, const ismc_validate_ctx *ctx)
{
	const ismc_ynode *map = cfg->approvers.node;
	if (!map || map->kind == ISMC_Y_NULL)
		return;
	if (map->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, ISMC_INVALID_VALUE, map->pos,
		              "'approvers' must map document types (and register) to lists of roles");
		return;
	}
	const char *names[ISMC_NDOC_TYPES + 1];
	for (int i = 0; i < ISMC_NDOC_TYPES; i++)
		names[i] = ismc_doc_types[i];
	names[ISMC_NDOC_TYPES] = "register";
	for (size_t k = 0; k + 1 < map->n; k += 2) {
		const ismc_ynode *key = map->items[k], *val = map->items[k + 1];
		int t = -1;
		for (int i = 0; i <= ISMC_NDOC_TYPES; i++)
			if (!strcmp(names[i], key->str))
				t = i;
		if (t < 0) {
			const char *near = ismc_closest(key->str, names, ISMC_NDOC_TYPES + 1);
			if (near)
				ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
				              "'%s' is not a document type; did you mean '%s'?", key->str, near);
			else
				ismc_diag_add(d, ISMC_INVALID_VALUE, key->pos,
				              "'%s' is not a document type (policy, standard, procedure, plan, "
				              "guideline, record) or register", key->str);
			continue;
		}
		/* the roles, validated as every list field is */
		static const ismc_field roles = { "approvers", ISMC_T_STRS, ISMC_F_LIST, 0, NULL, NULL, NULL };
		ismc_list *l = ismc_arena_alloc(a, sizeof(*l));
		ismc_schema_list(ctx, &roles, key, val, l);
		cfg->approver_roles[t] = l;
	}
}

/* Values the rest of the compile relies on, whatever isms.yml said. */
static void S_defaults(ismc_config *cfg, ismc_arena *a, ismc_diags *d)
{
	if (cfg->period.s) {
		cfg->period_count = cfg->period.n;
		cfg->period_unit = (int)cfg->period.m;
	} else {
		cfg->period_count = 12;
		cfg->period_unit = ISMC_MONTHS;
	}
	if (cfg->review_interval.s) {
		cfg->review_count = cfg->review_interval.n;
		cfg->review_unit = (int)cfg->review_interval.m;
	} else {
		cfg->review_count = 12;
		cfg->review_unit = ISMC_MONTHS;
	}
	const ismc_nc_settings *nc = cfg->nonconformity.n ? cfg->nonconformity.v[0] : NULL;
	if (nc && nc->analyse_within.s) {
		cfg->analyse_count = nc->analyse_within.n;
		cfg->analyse_unit = (int)nc->analyse_within.m;
	} else {
		cfg->analyse_count = 30;
		cfg->analyse_unit = ISMC_DAYS;
	}
	if (cfg->classifications.n)
		cfg->classes = S_strings(a, &cfg->classifications, NULL);
	else
		cfg->classes = (const char **)S_default_classes;
	if (cfg->default_classification.s) {
		int found = 0;
		for (size_t i = 0; cfg->classes[i]; i++)
			found |= !strcmp(cfg->classes[i], cfg->default_classification.s);
		if (!found)
			ismc_diag_add(d, ISMC_INVALID_VALUE, cfg->default_classification.pos,
			          "default_classification '%s' is not one of the classifications",
			          cfg->default_classification.s);
	} else {
		int internal = 0;
		for (size_t i = 0; cfg->classes[i]; i++)
			internal |= !strcmp(cfg->classes[i], "internal");
		cfg->default_classification.s = internal ? "internal" : cfg->classes[0];
	}
	cfg->excl = S_strings(a, &cfg->exclude, &cfg->nexcl);
	cfg->extra = S_strings(a, &cfg->extra_fields, &cfg->nextra);
	if (cfg->references.set)
		cfg->ref_patterns = S_strings(a, &cfg->references, &cfg->nref_patterns);
}

int ismc_config_load(ismc_config *cfg, ismc_arena *a, ismc_diags *d, const ismc_source *src,
                     ismc_error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->standard_pos = (ismc_pos){ "isms.yml", 1, 1 };
	const ismc_file *f = ismc_source_find(src, "isms.yml");
	if (!f) {
		snprintf(err->msg, sizeof err->msg,
		         "'%s' is not an ISMS root: it has no isms.yml (see 'ismc init')",
		         ismc_source_root(src));
		return -1;
	}
	const char *text;
	size_t len;
	int big = ismc_source_load(src, "isms.yml", &text, &len, err);
	if (big < 0)
		return -1;
	ismc_validate_ctx ctx = { a, d, NULL, 0, 0, 0, S_default_classes, NULL, NULL, 0, NULL };
	ismc_pos top = { "isms.yml", 1, 1 };
	size_t bad;
	const char *body = text;
	if (!big && len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		body += 3, len -= 3;
	if (big) {
		ismc_diag_add(d, ISMC_FILE_TOO_LARGE, top, "isms.yml is larger than %u MiB", ISMC_MAX_FILE >> 20);
	} else if ((bad = ismc_utf8_invalid(body, len))) {
		ismc_pos p = top;
		for (size_t i = 0; i + 1 < bad; i++)
			if (body[i] == '\n')
				p.line++, p.col = 1;
			else
				p.col++;
		ismc_diag_add(d, ISMC_INVALID_UTF8, p, "invalid UTF-8 byte sequence");
	} else {
		ismc_ynode *root = ismc_yaml_parse(a, d, "isms.yml", body, len, 0);
		if (root && root->kind != ISMC_Y_MAP) {
			ismc_diag_add(d, ISMC_INVALID_VALUE, root->pos, "isms.yml must be a mapping of settings");
		} else if (root) {
			ismc_schema_validate(&ctx, &ismc_schema_config, root, top, cfg);
			ismc_ynode *std = ismc_yaml_get(root, "standard");
			if (std)
				cfg->standard_pos = cfg->standard.key;
			const ismc_ynode *risk = cfg->risk.node;
			if (risk && risk->kind == ISMC_Y_MAP)
				ismc_schema_validate(&ctx, &ismc_schema_risk_method, risk, cfg->risk.key, cfg);
			else if (risk && risk->kind != ISMC_Y_NULL)
				ismc_diag_add(d, ISMC_INVALID_VALUE, risk->pos,
				          "'risk' must be a mapping with likelihood, impact and acceptance");
			if (cfg->likelihood.set && cfg->likelihood.n < 2)
				ismc_diag_add(d, ISMC_INVALID_VALUE, cfg->likelihood.key,
				          "the likelihood scale needs at least two labels");
			if (cfg->impact.set && cfg->impact.n < 2)
				ismc_diag_add(d, ISMC_INVALID_VALUE, cfg->impact.key,
				          "the impact scale needs at least two labels");
			long max = (long)(cfg->likelihood.n * cfg->impact.n);
			if (cfg->acceptance.s && (cfg->acceptance.n < 1 || (max && cfg->acceptance.n > max)))
				ismc_diag_add(d, ISMC_INVALID_VALUE, cfg->acceptance.pos,
				          "acceptance %ld is off the risk scale (1 to %ld)", cfg->acceptance.n, max);
			for (size_t k = 0; max && k < cfg->acceptance_authority.n; k++) {
				const ismc_authority *t = cfg->acceptance_authority.v[k];
				if (t->above.s && (t->above.n < 0 || t->above.n >= max))
					ismc_diag_add(d, ISMC_INVALID_VALUE, t->above.pos,
					              "a tier above %ld covers no score of the risk scale "
					              "(1 to %ld)", t->above.n, max);
			}
			S_checks(cfg, d);
			S_aliases(cfg, a, d);
			cfg->nlink_map = S_pairs(a, d, &cfg->links, "links", "links maps a site-absolute prefix to "
			                         "the folder it stands for (\"/\": ../static/)",
			                         &cfg->link_prefix, &cfg->link_folder);
			for (size_t i = 0; i < cfg->nlink_map; i++)
				if (cfg->link_prefix[i][0] != '/')
					ismc_diag_add(d, ISMC_INVALID_VALUE, cfg->links.pos,
					              "'%s' is no site-absolute prefix: it starts with '/'",
					              cfg->link_prefix[i]);
			S_approvers(cfg, a, d, &ctx);
			const ismc_ynode *ap = cfg->approval.node;
			if (ap && ap->kind == ISMC_Y_MAP)
				ismc_schema_validate(&ctx, &ismc_schema_approval, ap, cfg->approval.key, cfg);
			else if (ap && ap->kind != ISMC_Y_NULL)
				ismc_diag_add(d, ISMC_INVALID_VALUE, ap->pos,
				              "'approval' must be a mapping: {proof: none|author|trailer|signature}");
		}
	}
	S_defaults(cfg, a, d);
	return 0;
}
