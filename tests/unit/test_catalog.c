#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ismc.h"

/* The embedded catalog must be its data file, row for row, and the data file
 * the reference (/work/shared/reference, when this machine has it). */
Test(catalog, matches_the_reference_files)
{
	const ismc_catalog *c = ismc_catalog_default();
	cr_assert_eq(ismc_catalog_ncontrols(c), 93);
	cr_assert_eq(ismc_catalog_nleaves(c), 30);
	FILE *f = fopen(ISMC_SOURCE_DIR "/schemas/catalog/iso27001-2022/controls.tsv", "r");
	cr_assert_not_null(f);
	char line[512];
	size_t i = 0;
	int header = 1;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		const ismc_control *ctl = ismc_catalog_control_at(c, i++);
		char expect[512];
		snprintf(expect, sizeof expect, "%s\t%s\t%s", ctl->id, ctl->theme, ctl->title);
		cr_assert_str_eq(line, expect);
	}
	fclose(f);
	cr_assert_eq(i, 93);
	int themes[9] = { 0 };
	for (size_t k = 0; k < 93; k++)
		themes[ismc_catalog_control_at(c, k)->id[2] - '0']++;
	cr_assert_eq(themes[5], 37);
	cr_assert_eq(themes[6], 8);
	cr_assert_eq(themes[7], 14);
	cr_assert_eq(themes[8], 34);
}

Test(catalog, clause_parents_cover_their_leaves)
{
	cr_assert(ismc_clause_covers("9.2", "9.2.1"));
	cr_assert(ismc_clause_covers("9.2.1", "9.2.1"));
	cr_assert(!ismc_clause_covers("9.2", "9.3.1"));
	cr_assert(!ismc_clause_covers("1", "10.1"));
	const ismc_clause *cl = ismc_catalog_clause(ismc_catalog_default(), "6.1");
	cr_assert_not_null(cl);
	cr_assert(!cl->leaf);
}

Test(catalog, canonicalises_variant_control_ids)
{
	char out[24];
	cr_assert_eq(ismc_control_canonical("A.05.01", out), 0);
	cr_assert_str_eq(out, "A.5.1");
	cr_assert_eq(ismc_control_canonical("iso27001:a.8.13", out), 0);
	cr_assert_str_eq(out, "A.8.13");
	cr_assert_neq(ismc_control_canonical("B.5.1", out), 0);
	cr_assert_neq(ismc_control_canonical("A.5", out), 0);
	cr_assert_str_eq(ismc_catalog_suggest_control(ismc_catalog_default(), "A.5.99"), "A.5.9");
}

/* The reference copies of the 2022 catalog, where this machine has them. */
static void S_same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
	if (!fb) {
		if (fa)
			fclose(fa);
		return;
	}
	cr_assert_not_null(fa);
	char la[512], lb[512];
	while (fgets(lb, sizeof lb, fb)) {
		cr_assert_not_null(fgets(la, sizeof la, fa), "%s ends before %s", a, b);
		cr_assert_str_eq(la, lb);
	}
	cr_assert_null(fgets(la, sizeof la, fa), "%s is longer than %s", a, b);
	fclose(fa);
	fclose(fb);
}

Test(catalog, the_2022_data_is_the_reference)
{
	S_same_file(ISMC_SOURCE_DIR "/schemas/catalog/iso27001-2022/controls.tsv",
	            "/work/shared/reference/iso27001-2022-annex-a.tsv");
	S_same_file(ISMC_SOURCE_DIR "/schemas/catalog/iso27001-2022/clauses.tsv",
	            "/work/shared/reference/iso27001-2022-clauses.tsv");
}

Test(catalog, catalogs_are_chosen_by_id)
{
	const ismc_catalog *c = ismc_catalog_find("iso27001:2022");
	cr_assert_not_null(c);
	cr_assert_eq(c, ismc_catalog_default());
	cr_assert_str_eq(ismc_catalog_name(c), "ISO/IEC 27001:2022");
	cr_assert_str_eq(ismc_catalog_control_set(c), "Annex A");
	cr_assert_null(ismc_catalog_find("iso27001:2099"));
	/* only a catalog with clauses can be an ISMS's standard */
	cr_assert_str_eq(ismc_standards[0], "iso27001:2022");
	cr_assert_null(ismc_standards[1]);
	cr_assert_eq(ismc_catalog_nrecords(c), 7, "7.2, 8.2, 8.3, 9.1, 9.2.2, 9.3.3, 10.2");
	cr_assert_str_eq(ismc_catalog_record_at(c, 1), "8.2");
	cr_assert_str_eq(ismc_catalog_record_at(c, 6), "10.2");
	cr_assert_str_eq(ismc_catalog_nc_record(c), "10.2");
	cr_assert_str_eq(ismc_catalog_climate(c), "4.1", "Amd 1:2024");
	cr_assert_str_eq(ismc_catalog_group(c, "people")->label, "A.6");
	ismc_buf b = { 0 };
	ismc_catalog_control_range(c, &b);
	ismc_buf_puts(&b, "|");
	ismc_catalog_clause_range(c, &b);
	ismc_buf_puts(&b, "|");
	ismc_catalog_clause_span(c, &b);
	cr_assert_str_eq(b.data, "A.5.1 to A.8.34|4.1 to 10.2|4-10");
	ismc_buf_free(&b);
}

/* ISO/IEC 27001:2013: 114 controls in 14 clauses and 35 objectives, each
 * control with the 2022 controls it became (ISO/IEC 27002:2022 Annex B);
 * every 2022 control but the 11 new ones has a predecessor. */
Test(catalog, the_2013_catalog_and_its_correspondence)
{
	const ismc_catalog *now = ismc_catalog_find("iso27001:2022");
	const ismc_catalog *old = ismc_catalog_predecessor(now);
	cr_assert_not_null(old);
	cr_assert_str_eq(ismc_catalog_id(old), "iso27001:2013");
	cr_assert_eq(ismc_catalog_successor(old), now);
	cr_assert_eq(ismc_catalog_ncontrols(old), 114);
	cr_assert_eq(ismc_catalog_nclauses(old), 0);
	cr_assert_null(ismc_catalog_climate(old), "the amendment is to the 2022 edition");
	cr_assert_null(ismc_catalog_nc_record(old));
	cr_assert_eq(ismc_catalog_ngroups(old), 14);
	int has_predecessor[200] = { 0 };
	for (size_t i = 0; i < ismc_catalog_ncontrols(old); i++) {
		const ismc_control *c = ismc_catalog_control_at(old, i);
		cr_assert_gt(c->nsuccessors, 0, "%s has no successor", c->id);
		for (size_t k = 0; k < c->nsuccessors; k++) {
			const ismc_control *s = ismc_catalog_control(now, c->successors[k]);
			cr_assert_not_null(s, "%s: '%s' is no 2022 control", c->id, c->successors[k]);
			has_predecessor[s->index] = 1;
		}
	}
	static const char *const added[] = { "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9",
		"A.8.10", "A.8.11", "A.8.12", "A.8.16", "A.8.23", "A.8.28" };
	size_t nnew = 0;
	for (size_t i = 0; i < ismc_catalog_ncontrols(now); i++)
		if (!has_predecessor[i]) {
			cr_assert_lt(nnew, 11);
			cr_assert_str_eq(ismc_catalog_control_at(now, i)->id, added[nnew]);
			nnew++;
		}
	cr_assert_eq(nnew, 11);
	const ismc_control *c = ismc_catalog_control(old, "A.9.1.1");
	cr_assert_str_eq(c->title, "Access control policy");
	cr_assert_str_eq(c->successors[0], "A.5.15");
	c = ismc_catalog_control(old, "A.12.3.1");
	cr_assert_str_eq(c->successors[0], "A.8.13");
	c = ismc_catalog_control(old, "A.18.2.3");
	cr_assert_eq(c->nsuccessors, 2);
	cr_assert_str_eq(c->successors[1], "A.8.8");
	cr_assert_str_eq(ismc_catalog_objective(old, "A.9.1")->name,
	                 "Business requirements of access control");
	char out[24];
	cr_assert_eq(ismc_catalog_canonical(old, "iso27001:a.09.01.01", out), 0);
	cr_assert_str_eq(out, "A.9.1.1");
	cr_assert_eq(ismc_catalog_canonical(old, "iso27001-2013:A.12.3.1", out), 0);
	cr_assert_neq(ismc_catalog_canonical(old, "A.9.1", out), 0);
	cr_assert_neq(ismc_catalog_canonical(now, "A.9.1.1", out), 0);
	/* any catalog's shape is a control id in a bracket */
	cr_assert_eq(ismc_control_canonical("A.12.3.1", out), 0);
}
