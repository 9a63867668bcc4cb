#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"

Test(yaml, keeps_byte_positions_of_keys_and_items)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	const char *t = "title: \"été\"\nlist: [a, \"b\"]\n";
	ismc_ynode *n = ismc_yaml_parse(a, d, "f.md", t, strlen(t), 1);
	cr_assert_not_null(n);
	cr_assert_eq(n->kind, ISMC_Y_MAP);
	cr_assert_eq(n->items[0]->pos.line, 2);
	ismc_ynode *l = ismc_yaml_get(n, "list");
	cr_assert_eq(l->kind, ISMC_Y_SEQ);
	cr_assert_eq(l->items[1]->pos.col, 11);
	cr_assert_str_eq(ismc_yaml_get(n, "title")->str, "été");
	cr_assert_eq(ismc_diags_count(d), 0);
	ismc_diags_free(d);
	ismc_arena_free(a);
}

Test(yaml, refuses_aliases_and_reports_syntax)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	const char *t = "a: &x [1, 2]\nb: *x\n";
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", t, strlen(t), 0));
	cr_assert(ismc_diags_has(d, ISMC_YAML_ALIAS));
	const char *bad = "a: [1, 2\n";
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", bad, strlen(bad), 0));
	cr_assert(ismc_diags_has(d, ISMC_YAML_SYNTAX));
	ismc_diags_free(d);
	ismc_arena_free(a);
}

Test(yaml, bounds_nesting)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	char deep[400];
	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", deep, sizeof deep, 0));
	cr_assert(ismc_diags_has(d, ISMC_YAML_SYNTAX));
	ismc_diags_free(d);
	ismc_arena_free(a);
}
