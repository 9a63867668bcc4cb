/* sha256.c: SHA-256 (FIPS 180-4) for the evidence pack's hashes and the
 * manifest, through OpenSSL's libcrypto (which uses the CPU's SHA
 * instructions where there are any); files are hashed in pieces, never read
 * whole. Git's blob ids (SHA-1) go through libcrypto too: ismc_git_blob_id. */
#include "ismc.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcrypto fails a digest only when out of memory or broken: as
 * ismc_xmalloc does, abort rather than write a wrong hash */
static void S_broken(void)
{
	fputs("ismc: a digest failed in libcrypto\n", stderr);
	abort();
}

/* The n bytes of a digest as 2n lowercase hex digits and a NUL. */
static void S_hex_n(const unsigned char *md, int n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

static void S_hex(const unsigned char md[32], char hex[65])
{
	S_hex_n(md, 32, hex);
}

/* The algorithm, fetched from libcrypto's provider once a process:
 * EVP_sha256() fetches it again at every digest begun, which was most of
 * the cost of digesting a short string (a rebuild digests hundreds of
 * thousands: each anchor, key and record). */
static const EVP_MD *S_md(void)
{
	static EVP_MD *md;
	if (!md && !(md = EVP_MD_fetch(NULL, "SHA2-256", NULL)))
		S_broken();
	return md;
}

void ismc_sha256(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(len ? data : "", len, md, &n, S_md(), NULL) || n != 32)
		S_broken();
	S_hex(md, hex);
}

/* Small additions are gathered and handed to libcrypto a buffer at a
 * time: a key digests thousands of short strings (ids, commit ids), and
 * each EVP_DigestUpdate call costs more than its bytes. */
struct ismc_sha256_ctx {
	EVP_MD_CTX *md;
	size_t n; /* bytes in buf */
	unsigned char buf[4096];
};

static void S_flush(ismc_sha256_ctx *c)
{
	if (c->n && !EVP_DigestUpdate(c->md, c->buf, c->n))
		S_broken();
	c->n = 0;
}

ismc_sha256_ctx *ismc_sha256_begin(void)
{
	ismc_sha256_ctx *c = ismc_xmalloc(sizeof *c);
	c->n = 0;
	c->md = EVP_MD_CTX_new();
	if (!c->md || !EVP_DigestInit_ex(c->md, S_md(), NULL))
		S_broken();
	return c;
}

void ismc_sha256_add(ismc_sha256_ctx *c, const void *data, size_t len)
{
	if (len <= sizeof c->buf - c->n) {
		if (len)
			memcpy(c->buf + c->n, data, len);
		c->n += len;
		return;
	}
	S_flush(c);
	if (len < sizeof c->buf) {
		memcpy(c->buf, data, len);
		c->n = len;
	} else if (!EVP_DigestUpdate(c->md, data, len)) {
		S_broken();
	}
}

void ismc_sha256_add_str(ismc_sha256_ctx *c, const char *s)
{
	ismc_sha256_add(c, s ? "1" : "0", 1);
	if (s)
		ismc_sha256_add(c, s, strlen(s) + 1);
}

void ismc_sha256_end(ismc_sha256_ctx *c, unsigned char md[32])
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	S_flush(c);
	if (!EVP_DigestFinal_ex(c->md, out, &n) || n != 32)
		S_broken();
	memcpy(md, out, 32);
	EVP_MD_CTX_free(c->md);
	free(c);
}

void ismc_sha256_hex(const unsigned char md[32], char hex[65])
{
	S_hex(md, hex);
}

int ismc_sha256_unhex(const char *hex, unsigned char md[32])
{
	if (strlen(hex) != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		int h = ismc_hex_digit((unsigned char)hex[2 * i]);
		int l = ismc_hex_digit((unsigned char)hex[2 * i + 1]);
		if (h < 0 || l < 0)
			return -1;
		md[i] = (unsigned char)(h * 16 + l);
	}
	return 0;
}

int ismc_sha256_file(const char *path, char hex[65], size_t *size, ismc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	ismc_sha256_ctx *ctx = ismc_sha256_begin();
	enum { CHUNK = 1 << 20 };
	char *chunk = ismc_xmalloc(CHUNK);
	size_t n, total = 0;
	while ((n = fread(chunk, 1, CHUNK, f)) > 0) {
		ismc_sha256_add(ctx, chunk, n);
		total += n;
	}
	int bad = ferror(f);
	fclose(f);
	free(chunk);
	unsigned char md[32];
	ismc_sha256_end(ctx, md);
	if (bad) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s'", path);
		return -1;
	}
	S_hex(md, hex);
	if (size)
		*size = total;
	return 0;
}

/* Git's id of a blob of these bytes: the SHA-1 of "blob LEN\0" and them.
 * libgit2's own (git_odb_hash) runs SHA-1 with collision detection, two
 * and a half times slower than libcrypto's, and a working-tree build ids
 * every file of the ISMS (100 MB at 10,000 documents); the ids are the
 * same for any bytes but the crafted collisions detection exists for,
 * which libgit2 refuses to hash and ismc then ids as libcrypto does. */
void ismc_git_blob_id(const char *data, size_t len, char out[41])
{
	static EVP_MD *sha1;
	if (!sha1 && !(sha1 = EVP_MD_fetch(NULL, "SHA1", NULL)))
		S_broken();
	char head[32];
	int hl = snprintf(head, sizeof head, "blob %zu", len);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!c || !EVP_DigestInit_ex(c, sha1, NULL) || !EVP_DigestUpdate(c, head, (size_t)hl + 1) ||
	    !EVP_DigestUpdate(c, len ? data : "", len) || !EVP_DigestFinal_ex(c, md, &n) || n != 20)
		S_broken();
	EVP_MD_CTX_free(c);
	S_hex_n(md, 20, out);
}
