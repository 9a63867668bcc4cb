/* Bad input never crashes: the minimal fixture, mutated at random (byte
 * flips, cuts, YAML and Markdown metacharacters), goes through the whole
 * pipeline, check and XML emission, and the draft it gives is valid against
 * the schema. Run under ASan/UBSan by scripts/test.sh, this is a small
 * deterministic fuzzer. */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

static unsigned long S_state = 88172645463325252ul;

static unsigned long S_rand(void)
{
	S_state ^= S_state << 13;
	S_state ^= S_state >> 7;
	S_state ^= S_state << 17;
	return S_state;
}

static const char *const S_tokens[] = {
	"---\n", "\n", ": ", "- ", "[", "]", "{", "}", "*a", "&a ", "!!binary ", "\"", "'",
	"[POL-1]", "[A.05.01]", "](../../x.md#y)", "](javascript:x)", "<script>", "\t", "\r\n",
	"\xef\xbb\xbf", "\xc3", "\xff", "`", "```\n", "| a | b |\n|---|---|\n", "#", "\\",
	"9999999999999999999999", "-1", "0", "2026-02-30", "null", "~", "? ", "%YAML 1.2\n",
};

static void S_mutate(char *buf, size_t *len, size_t cap)
{
	int ops = 1 + (int)(S_rand() % 4);
	for (int k = 0; k < ops; k++) {
		size_t at = *len ? S_rand() % *len : 0;
		switch (S_rand() % 4) {
		case 0: /* flip a byte */
			if (*len)
				buf[at] = (char)(S_rand() & 0xff);
			break;
		case 1: /* cut */
			*len = at;
			break;
		case 2: { /* insert a token */
			const char *t = S_tokens[S_rand() % (sizeof S_tokens / sizeof *S_tokens)];
			size_t tl = strlen(t);
			if (*len + tl < cap) {
				memmove(buf + at + tl, buf + at, *len - at);
				memcpy(buf + at, t, tl);
				*len += tl;
			}
			break;
		}
		default: /* duplicate a slice */
			if (*len && *len * 2 < cap) {
				size_t n = S_rand() % (*len - at + 1);
				memmove(buf + at + n, buf + at, *len - at);
				*len += n;
			}
			break;
		}
	}
}

static const char *const S_victims[] = { "isms.yml", "scope.md", "records/review.md",
	                                  "registers/risks.yml", "registers/assets.yml" };

Test(robust, mutated_inputs_never_crash)
{
	char tmp[256], dir[300], out[300];
	t_tmpdir(tmp, sizeof tmp, "robust");
	snprintf(dir, sizeof dir, "%s/isms", tmp);
	snprintf(out, sizeof out, "%s/out", tmp);
	t_copy_fixture("minimal", dir);
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(ISMC_SOURCE_DIR "/schemas/ismc.rng");
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	cr_assert_not_null(rng);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
	enum { CAP = 1 << 16 };
	char *orig = malloc(CAP), *buf = malloc(CAP);
	for (int iter = 0; iter < 400; iter++) {
		const char *victim = S_victims[iter % 5];
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, victim);
		FILE *f = fopen(path, "rb");
		cr_assert_not_null(f);
		size_t len = fread(orig, 1, CAP / 2, f);
		fclose(f);
		memcpy(buf, orig, len);
		size_t mlen = len;
		S_mutate(buf, &mlen, CAP);
		t_spit_len(path, buf, mlen);

		ismc_error err;
		ismc_source *src = ismc_source_open_dir(dir, NULL, 0, &err);
		cr_assert_not_null(src);
		ismc_diags *d = ismc_diags_new();
		ismc_model *m = ismc_model_load(src, 20634, d, &err);
		cr_assert_not_null(m, "iteration %d (%s): %s", iter, victim, err.msg);
		ismc_check_run(m);
		ismc_diags_sort(d);
		ismc_emit_ctx ctx = { m, d, 1, NULL, NULL, -1, 0 };
		t_sh("mkdir -p %s", out);
		cr_assert_eq(ismc_emit_all(&ctx, out, &err), 0, "%s", err.msg);
		/* and the draft is valid XML of the schema, whatever the input (in
		 * one round of five victims out of ten: libxml2's validation costs
		 * more than all the rest) */
		static const char *const files[] = { "soa.xml", "register.xml", "risks.xml",
			                             "evidence-pack.xml" };
		for (size_t k = 0; iter / 5 % 10 == 0 && k < 4; k++) {
			xmlDocPtr doc = xmlReadFile(t_path("%s/%s", out, files[k]), NULL, XML_PARSE_NONET);
			cr_assert_not_null(doc, "iteration %d (%s): %s", iter, victim, files[k]);
			cr_assert_eq(xmlRelaxNGValidateDoc(vc, doc), 0, "iteration %d (%s): %s is not valid",
			             iter, victim, files[k]);
			xmlFreeDoc(doc);
		}
		ismc_model_free(m);
		ismc_diags_free(d);
		ismc_source_free(src);

		/* restore the original for the next round */
		t_spit_len(path, orig, len);
	}
	free(orig);
	free(buf);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	xmlRelaxNGFreeParserCtxt(pc);
	t_rmtree(tmp);
}

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
