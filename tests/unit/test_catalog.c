#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ismc.h"

/* The embedded catalog must be the reference, row for row. */
Test(catalog, matches_the_reference_files)
{
	const ismc_catalog *c = ismc_catalog_get();
	cr_assert_eq(ismc_catalog_ncontrols(c), 93);
	cr_assert_eq(ismc_catalog_nleaves(c), 30);
	FILE *f = fopen(ISMC_SOURCE_DIR "/schemas/catalog/annex-a.tsv", "r");
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
	const ismc_clause *cl = ismc_catalog_clause(ismc_catalog_get(), "6.1");
	cr_assert_not_null(cl);
	cr_assert(!cl->leaf);
}

Test(catalog, canonicalises_variant_control_ids)
{
	char out[16];
	cr_assert_eq(ismc_control_canonical("A.05.01", out), 0);
	cr_assert_str_eq(out, "A.5.1");
	cr_assert_eq(ismc_control_canonical("iso27001:a.8.13", out), 0);
	cr_assert_str_eq(out, "A.8.13");
	cr_assert_neq(ismc_control_canonical("B.5.1", out), 0);
	cr_assert_neq(ismc_control_canonical("A.5", out), 0);
	cr_assert_str_eq(ismc_catalog_suggest_control(ismc_catalog_get(), "A.5.99"), "A.5.9");
}
