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

/* A few keys are compared pairwise, many through a hash set: both find a
 * duplicate, with both places. */
static void S_expect_duplicate(size_t nkeys, size_t dup_at)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	ismc_buf t = { 0 };
	for (size_t i = 0; i < nkeys; i++)
		ismc_buf_printf(&t, "k%zu: %zu\n", i == dup_at ? (size_t)1 : i, i);
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", t.data, t.len, 0), "%zu keys", nkeys);
	ismc_diags_sort(d);
	cr_assert_eq(ismc_diags_count(d), 1);
	const ismc_diag *dg = ismc_diags_at(d, 0);
	cr_expect_eq(dg->code, ISMC_YAML_SYNTAX);
	cr_expect_str_eq(dg->msg, "duplicate key 'k1'");
	cr_expect_eq(dg->pos.line, (int)dup_at + 1);
	cr_expect_eq(dg->note_pos.line, 2, "the first 'k1'");
	ismc_buf_free(&t);
	ismc_diags_free(d);
	ismc_arena_free(a);
}

Test(yaml, finds_duplicate_keys_in_small_and_large_mappings)
{
	S_expect_duplicate(5, 3);
	S_expect_duplicate(5000, 4321);
}

/* A mapping of ISMC_YAML_MAX_KEYS keys is fine; the next key is an error
 * at that key. */
Test(yaml, bounds_the_keys_of_a_mapping)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	ismc_buf t = { 0 };
	for (int i = 0; i < ISMC_YAML_MAX_KEYS; i++)
		ismc_buf_printf(&t, "k%d: x\n", i);
	ismc_ynode *n = ismc_yaml_parse(a, d, "r.yml", t.data, t.len, 0);
	cr_assert_not_null(n);
	cr_expect_eq(n->n, 2 * (size_t)ISMC_YAML_MAX_KEYS);
	cr_expect_eq(ismc_diags_count(d), 0);
	ismc_buf_puts(&t, "one-more: x\n");
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", t.data, t.len, 0));
	cr_assert_eq(ismc_diags_count(d), 1);
	const ismc_diag *dg = ismc_diags_at(d, 0);
	cr_expect_eq(dg->code, ISMC_YAML_SYNTAX);
	cr_expect_eq(dg->pos.line, ISMC_YAML_MAX_KEYS + 1);
	cr_expect(strstr(dg->msg, "more than 10000 keys in one mapping") != NULL, "%s", dg->msg);
	ismc_buf_free(&t);
	ismc_diags_free(d);
	ismc_arena_free(a);
}

/* One value past ISMC_YAML_MAX_NODES is an error at that value, even on a
 * single line (positions continue from the last, so this is linear too). */
Test(yaml, bounds_the_values_of_a_file)
{
	ismc_arena *a = ismc_arena_new();
	ismc_diags *d = ismc_diags_new();
	size_t items = ISMC_YAML_MAX_NODES; /* with the sequence itself: one too many */
	size_t len = 1 + 2 * items;
	char *t = ismc_xmalloc(len + 1);
	t[0] = '[';
	for (size_t i = 0; i < items; i++)
		memcpy(t + 1 + 2 * i, i + 1 < items ? "1," : "1]", 2);
	t[len] = '\0';
	cr_assert_null(ismc_yaml_parse(a, d, "r.yml", t, len, 0));
	cr_assert_eq(ismc_diags_count(d), 1);
	const ismc_diag *dg = ismc_diags_at(d, 0);
	cr_expect_eq(dg->code, ISMC_YAML_SYNTAX);
	cr_expect_eq(dg->pos.line, 1);
	cr_expect_eq(dg->pos.col, (int)len - 1, "the last item");
	cr_expect(strstr(dg->msg, "more than 1000000 YAML values") != NULL, "%s", dg->msg);
	free(t);
	ismc_diags_free(d);
	ismc_arena_free(a);
}
