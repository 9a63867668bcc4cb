#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"

static ismc_model *S_load(const char *root, long as_of, ismc_diags *d, ismc_source **src)
{
	ismc_error err;
	*src = ismc_source_open_dir(root, NULL, 0, &err);
	cr_assert_not_null(*src, "%s", err.msg);
	ismc_model *m = ismc_model_load(*src, as_of, d, &err);
	cr_assert_not_null(m, "%s", err.msg);
	ismc_check_run(m);
	ismc_diags_sort(d);
	return m;
}

Test(check, minimal_fixture_is_clean_and_ready)
{
	long as_of;
	ismc_date_parse("2026-06-30", &as_of);
	ismc_diags *d = ismc_diags_new();
	ismc_source *src;
	ismc_model *m = S_load(ISMC_TEST_FIXTURES "/minimal", as_of, d, &src);
	cr_assert_eq(ismc_diags_count(d), 0);
	ismc_readiness r;
	ismc_report_readiness(m, &r);
	cr_assert_eq(r.leaves, 30);
	cr_assert_eq(r.leaves_covered, 30);
	cr_assert_eq(r.decided, 93);
	cr_assert_eq(r.implemented, 93);
	cr_assert_eq(m->docs.n, 2);
	const ismc_def *def = ismc_model_lookup(m, "R-001");
	cr_assert_not_null(def);
	cr_assert_eq(def->kind, ISMC_ID_RISK);
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);
}

Test(check, as_of_moves_records_out_of_the_period)
{
	long as_of;
	ismc_date_parse("2027-03-02", &as_of); /* the record is dated 2026-03-01 */
	ismc_diags *d = ismc_diags_new();
	ismc_source *src;
	ismc_model *m = S_load(ISMC_TEST_FIXTURES "/minimal", as_of, d, &src);
	cr_assert(ismc_diags_has(d, ISMC_RECORD_MISSING));
	cr_assert(ismc_diags_has(d, ISMC_REVIEW_OVERDUE), "approved 2026-01-15, yearly");
	cr_assert_eq(ismc_diags_count_severity(d, ISMC_ERROR), 5);
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);
}

Test(check, every_code_has_a_name_and_unique)
{
	for (int i = 0; i < ISMC_NCODES; i++) {
		const ismc_code_info *c = ismc_code_get((ismc_code)i);
		cr_assert_not_null(c->name);
		cr_assert_eq(ismc_code_find(c->name), i);
	}
}
