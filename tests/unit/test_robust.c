/* Hostile input answers quickly and within bounds: sizes that used to take
 * hours, scores without a scale. (The random mutation of the fixture this
 * file began with is now the fuzz targets' job: tests/fuzz/, whose corpora
 * CTest replays with the schema as oracle.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

/* ---- hostile sizes: every input answers quickly ----
 *
 * These used to take hours (a duplicate-key test quadratic in the keys of a
 * mapping). The assertions are on the diagnostics; the timeout only keeps a
 * regression from hanging the suite. */

/* The 4-character key number i, from [a-z0-9]. */
static void S_key(size_t i, char out[5])
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	for (int k = 0; k < 4; k++, i /= 36)
		out[k] = al[i % 36];
	out[4] = '\0';
}

Test(robust, a_register_of_1_1_million_keys_answers_quickly, .timeout = 120)
{
	char tmp[256], *out;
	t_tmpdir(tmp, sizeof tmp, "keys");
	t_copy_fixture("minimal", t_path("%s/isms", tmp));
	/* "abcd: \n" x 1.1 million: 7.3 MiB, under the 8 MiB file limit */
	size_t n = 1100000;
	char *text = ismc_xmalloc(7 * n), key[5];
	for (size_t i = 0; i < n; i++) {
		S_key(i, key);
		memcpy(text + 7 * i, key, 4);
		memcpy(text + 7 * i + 4, ": \n", 3);
	}
	cr_assert_gt(7 * n, (size_t)7 << 20);
	t_spit_len(t_path("%s/isms/registers/big.yml", tmp), text, 7 * n);
	free(text);
	cr_assert_eq(t_run_ismc_out(&out, tmp, "check isms --as-of 2026-06-30"), 1);
	cr_expect(strstr(out, "registers/big.yml:10001:1: error: more than 10000 keys in one "
	                      "mapping: no ISMS record needs that many; split it [yaml-syntax]\n"),
	          "%s", out);
	cr_expect(strstr(out, "ismc: 1 error, 0 warnings"), "%s", out);
	free(out);
	t_rmtree(tmp);
}

Test(robust, front_matter_of_100000_fields_answers_quickly, .timeout = 120)
{
	char tmp[256], *out, key[5];
	t_tmpdir(tmp, sizeof tmp, "fields");
	t_copy_fixture("minimal", t_path("%s/isms", tmp));
	ismc_buf t = { 0 };
	ismc_buf_puts(&t, "---\nid: POL-777\ntitle: Wide\ntype: policy\nowner: CISO\n"
	                  "version: \"1.0\"\nstatus: draft\n");
	for (size_t i = 0; i < 100000; i++) {
		S_key(i, key);
		ismc_buf_printf(&t, "x%s: 1\n", key);
	}
	ismc_buf_puts(&t, "---\nBody.\n");
	t_spit_len(t_path("%s/isms/wide.md", tmp), t.data, t.len);
	ismc_buf_free(&t);
	cr_assert_eq(t_run_ismc_out(&out, tmp, "check isms --as-of 2026-06-30"), 1);
	/* six fields on lines 2-7, then the x fields: the 10,001st key is the
	 * 9,995th of those, on line 10,002 */
	cr_expect(strstr(out, "wide.md:10002:1: error: more than 10000 keys in one mapping"),
	          "%s", out);
	free(out);
	t_rmtree(tmp);
}

/* Without a risk scale (isms.yml's is broken) a score is still bounded, so
 * likelihood x impact cannot overflow (UBSan stops the sanitizer build on
 * signed overflow): huge scores are invalid values. */
Test(robust, scores_without_a_scale_are_bounded)
{
	char tmp[256], *out;
	t_tmpdir(tmp, sizeof tmp, "scores");
	t_copy_fixture("minimal", t_path("%s/isms", tmp));
	t_sh("cd %s/isms && sed -i 's/^risk:$/risk: broken/; /^  likelihood:/d; /^  impact:/d; "
	     "/^  acceptance:/d' isms.yml && sed -i 's/likelihood: 3$/likelihood: "
	     "99999999999999999999/; s/impact: 4$/impact: 1001/' registers/risks.yml", tmp);
	cr_assert_eq(t_run_ismc_out(&out, tmp, "build isms -o out --draft --as-of 2026-06-30"), 1);
	cr_expect(strstr(out, "registers/risks.yml:8:17: error: '99999999999999999999' is not a "
	                      "valid likelihood score: expected a whole number from 1 to 1000 "
	                      "[invalid-value]\n"), "%s", out);
	cr_expect(strstr(out, "registers/risks.yml:9:13: error: '1001' is not a valid impact score"),
	          "%s", out);
	free(out);
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(t_path("%s/out/risks.xml", tmp),
	                                ISMC_SOURCE_DIR "/schemas/ismc.rng", &err), 0, "%s", err.msg);
	t_rmtree(tmp);
}
