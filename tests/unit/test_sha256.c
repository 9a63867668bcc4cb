/* The hashes the evidence pack and the manifest record: SHA-256 (libcrypto)
 * of a buffer and of a file read in pieces against the test vectors of FIPS
 * 180-4 (NIST's "SHA-256 examples") and the padding edges, and the git blob
 * id against git's own ids. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "ismc.h"

static void S_expect(const char *data, size_t len, const char *want)
{
	char hex[65];
	memset(hex, 'x', sizeof hex);
	ismc_sha256(data, len, hex);
	cr_expect_str_eq(hex, want, "SHA-256 of %zu bytes", len);
}

Test(sha256, fips_180_4_empty)
{
	S_expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, fips_180_4_abc)
{
	S_expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, fips_180_4_448_bits)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	cr_assert_eq(strlen(m), 56, "the message is 448 bits");
	S_expect(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, fips_180_4_million_a)
{
	size_t n = 1000000;
	char *m = malloc(n);
	cr_assert_not_null(m);
	memset(m, 'a', n);
	S_expect(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* Lengths around the 64-byte block and the 56-byte padding limit, where a
 * hand-written pad goes wrong first (values from coreutils' sha256sum). */
Test(sha256, padding_edges)
{
	static const struct {
		size_t n;
		const char *hex;
	} cases[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char a[128];
	memset(a, 'a', sizeof a);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		S_expect(a, cases[i].n, cases[i].hex);
}

/* `git hash-object` of the same bytes. */
Test(sha256, git_blob_id)
{
	char id[41];
	ismc_git_blob_id("", 0, id);
	cr_expect_str_eq(id, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	ismc_git_blob_id("abc", 3, id);
	cr_expect_str_eq(id, "f2ba8f84ab5c1bce84a7b441cb1959cfc7093b7f");
}

/* A file is hashed in pieces of 1 MiB: the million 'a' of FIPS 180-4 plus
 * one more MiB crosses a piece's end, and both its hash and its size must
 * be those of the bytes in one buffer. */
Test(sha256, file_in_pieces)
{
	size_t sizes[] = { 0, 3, 1000000, (1u << 20), (1u << 20) + 1, 3u << 20 };
	char path[] = "/tmp/ismc-sha256-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	char *m = malloc(3u << 20);
	cr_assert_not_null(m);
	for (size_t i = 0; i < 3u << 20; i++)
		m[i] = (char)('a' + i % 23);
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		FILE *f = fopen(path, "wb");
		cr_assert_not_null(f);
		cr_assert_eq(fwrite(m, 1, sizes[k], f), sizes[k]);
		fclose(f);
		char want[65], got[65];
		size_t n = 7;
		ismc_error err = { { 0 } };
		ismc_sha256(m, sizes[k], want);
		cr_assert_eq(ismc_sha256_file(path, got, &n, &err), 0, "%s", err.msg);
		cr_expect_str_eq(got, want, "file of %zu bytes", sizes[k]);
		cr_expect_eq(n, sizes[k]);
	}
	free(m);
	unlink(path);
	char hex[65];
	ismc_error err = { { 0 } };
	cr_expect_eq(ismc_sha256_file(path, hex, NULL, &err), -1, "a missing file fails");
	cr_expect(strstr(err.msg, "cannot read") != NULL, "%s", err.msg);
}
