#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

Test(check, minimal_fixture_is_clean_and_ready)
{
	t_model c;
	t_model_load(&c, ISMC_TEST_FIXTURES "/minimal", "2026-06-30");
	cr_assert_eq(ismc_diags_count(c.d), 0);
	ismc_readiness r;
	ismc_report_readiness(c.m, &r);
	cr_assert_eq(r.leaves, 30);
	cr_assert_eq(r.leaves_covered, 30);
	cr_assert_eq(r.decided, 93);
	cr_assert_eq(r.implemented, 93);
	cr_assert_eq(c.m->docs.n, 2);
	const ismc_def *def = ismc_model_lookup(c.m, "R-001");
	cr_assert_not_null(def);
	cr_assert_eq(def->kind, ISMC_ID_RISK);
	t_model_free(&c);
}

Test(check, as_of_moves_records_out_of_the_period)
{
	t_model c; /* the record is dated 2026-03-01 */
	t_model_load(&c, ISMC_TEST_FIXTURES "/minimal", "2027-03-02");
	cr_assert(ismc_diags_has(c.d, ISMC_RECORD_MISSING));
	cr_assert(ismc_diags_has(c.d, ISMC_REVIEW_OVERDUE), "approved 2026-01-15, yearly");
	cr_assert_eq(ismc_diags_count_severity(c.d, ISMC_ERROR), 7); /* 7.2, 8.2, 8.3, 9.1, 9.2.2, 9.3.3, 10.2 */
	t_model_free(&c);
}

Test(check, every_code_has_a_name_and_unique)
{
	for (int i = 0; i < ISMC_NCODES; i++) {
		const ismc_code_info *c = ismc_code_get((ismc_code)i);
		cr_assert_not_null(c->name);
		cr_assert_eq(ismc_code_find(c->name), i);
	}
}
