/* The source reads each file once: later stages get the bytes that were
 * checked, with the hashes recorded at that read, even when the file changes
 * on disk in between. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

Test(source, reads_each_file_once)
{
	char dir[256];
	t_tmpdir(dir, sizeof dir, "source");
	t_spit(t_path("%s/isms.yml", dir), "organisation: X\n");
	t_spit(t_path("%s/a.md", dir), "first\n");
	ismc_error err;
	ismc_source *src = ismc_source_open_dir(dir, NULL, 0, &err);
	cr_assert_not_null(src, "%s", err.msg);
	const ismc_file *f = ismc_source_find(src, "a.md");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->sha256, "", "nothing is hashed before it is read");

	const char *text, *again;
	size_t len, len2;
	cr_assert_eq(ismc_source_load(src, "a.md", &text, &len, &err), 0, "%s", err.msg);
	cr_assert_eq(len, 6);
	cr_assert_str_eq(text, "first\n");
	cr_assert_eq(f->size, 6);

	t_spit(t_path("%s/a.md", dir), "changed on disk since\n");
	cr_assert_eq(ismc_source_load(src, "a.md", &again, &len2, &err), 0, "%s", err.msg);
	cr_assert_eq(again, text, "the same bytes, not a second read");
	cr_assert_eq(len2, 6);
	char sha[65], blob[41];
	ismc_sha256("first\n", 6, sha);
	ismc_git_blob_id("first\n", 6, blob);
	cr_assert_eq(ismc_source_hashed(src, "a.md"), f);
	cr_assert_str_eq(f->sha256, sha, "the hash of the bytes read, not of the file now");
	cr_assert_str_eq(f->oid, blob);
	cr_assert_null(ismc_source_hashed(src, "isms.yml"), "never loaded: nothing to hash");

	cr_assert_lt(ismc_source_load(src, "missing.md", &text, &len, &err), 0);
	cr_assert_null(text);
	ismc_source_free(src);
	t_rmtree(dir);
}

Test(source, too_large_is_not_read)
{
	char dir[256];
	t_tmpdir(dir, sizeof dir, "source");
	size_t n = ISMC_MAX_FILE + 1;
	char *big = malloc(n);
	cr_assert_not_null(big);
	memset(big, 'a', n);
	t_spit_len(t_path("%s/big.md", dir), big, n);
	free(big);
	ismc_error err;
	ismc_source *src = ismc_source_open_dir(dir, NULL, 0, &err);
	cr_assert_not_null(src, "%s", err.msg);
	const char *text = "x";
	size_t len = 1;
	cr_assert_eq(ismc_source_load(src, "big.md", &text, &len, &err), 1);
	cr_assert_null(text);
	cr_assert_eq(len, 0);
	const ismc_file *f = ismc_source_find(src, "big.md");
	cr_assert_null(f->text);
	cr_assert_null(ismc_source_hashed(src, "big.md"), "no hash of bytes never read");
	cr_assert_eq(f->size, n, "the listed size stays");
	ismc_source_free(src);
	t_rmtree(dir);
}
