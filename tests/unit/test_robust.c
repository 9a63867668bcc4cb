/* Bad input never crashes: the minimal fixture, mutated at random (byte
 * flips, cuts, YAML and Markdown metacharacters), goes through the whole
 * pipeline, check and XML emission. Run under ASan/UBSan by scripts/test.sh,
 * this is a small deterministic fuzzer. */
#include <criterion/criterion.h>
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
		ismc_emit_ctx ctx = { m, d, 1, NULL, NULL, -1 };
		t_sh("mkdir -p %s", out);
		cr_assert_eq(ismc_emit_all(&ctx, out, &err), 0, "%s", err.msg);
		ismc_model_free(m);
		ismc_diags_free(d);
		ismc_source_free(src);

		/* restore the original for the next round */
		t_spit_len(path, orig, len);
	}
	free(orig);
	free(buf);
	t_rmtree(tmp);
}
