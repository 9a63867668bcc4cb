/* fuzz_pagecache: the page cache beside OUT (.OUT.ismc-cache, pagecache.c),
 * as a rebuild reads it, record by record: a file anyone who can write
 * beside OUT may have damaged. The oracle, besides the sanitizers (no read
 * past a line, no allocation beyond what the file can hold): the scan
 * hands over at most one record per `P ` line, each with the calls and
 * marks its line announced; those records written to a cache (the calls
 * through the writer's own table) and scanned again are the same records
 * in the same order; and a scan's mark
 * that reads writes itself back (S_scan_mark). */
#include "fuzz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	ismc_pagecache_writer *part; /* the records written back, or NULL */
	ismc_vec digest; /* a digest of each record, in order */
	size_t at;       /* the second scan: the record it is at */
	ismc_vec *first; /* the second scan: the first scan's digests */
} S_run;

/* Everything of a record, as one SHA-256. */
static unsigned char *S_digest(const ismc_page_rec *r)
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, r->page, strlen(r->page) + 1);
	ismc_sha256_add(h, r->key, 32);
	ismc_sha256_add(h, r->answers, 32);
	long long v[] = { (long long)r->dev, (long long)r->ino, (long long)r->size, r->mtime_s,
		          r->mtime_ns, r->offset, r->length, (long long)r->ncalls,
		          (long long)r->nmarks };
	ismc_sha256_add(h, v, sizeof v);
	for (size_t i = 0; i < r->ncalls; i++)
		ismc_sha256_add(h, r->calls[i], strlen(r->calls[i]) + 1);
	for (size_t i = 0; i < r->nmarks; i++)
		ismc_sha256_add(h, r->marks[i], strlen(r->marks[i]) + 1);
	unsigned char *md = malloc(32);
	if (!md)
		abort();
	ismc_sha256_end(h, md);
	return md;
}

/* A scan's mark (markdown.c) that reads is one that its writer writes
 * back: read again, that writes the same bytes. */
static void S_scan_mark(const char *mark)
{
	ismc_arena *a = ismc_arena_new();
	ismc_doc d1 = { .path = "d.md", .body_line = 1 }, d2 = d1;
	if (ismc_scan_mark_read(a, &d1, mark) == 0) {
		ismc_buf b1 = { 0 }, b2 = { 0 };
		ismc_scan_mark_write(&b1, &d1, NULL);
		if (ismc_scan_mark_read(a, &d2, b1.data) != 0)
			fz_fail("a scan's mark written from one read does not read");
		ismc_scan_mark_write(&b2, &d2, NULL);
		if (strcmp(b1.data, b2.data))
			fz_fail("a scan's mark read and written changed");
		ismc_buf_free(&b1);
		ismc_buf_free(&b2);
	}
	ismc_arena_free(a);
}

static int S_each(const ismc_page_rec *r, void *arg)
{
	S_run *run = arg;
	if (!strncmp(r->page, ISMC_CACHE_SCAN, sizeof ISMC_CACHE_SCAN - 1) && r->nmarks == 1)
		S_scan_mark(r->marks[0]);
	unsigned char *md = S_digest(r);
	if (run->first) {
		if (run->at >= run->first->n || memcmp(md, run->first->v[run->at], 32))
			fz_fail("record %zu ('%s') changed when written and scanned again", run->at,
			        r->page);
		run->at++;
		free(md);
		return 0;
	}
	ismc_vec_push(&run->digest, md);
	if (ismc_pagecache_put(run->part, r) != 0)
		fz_fail("cannot write the record of '%s'", r->page);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX], part[PATH_MAX], again[PATH_MAX];
	snprintf(path, sizeof path, "%s/cache", fz_workdir());
	snprintf(part, sizeof part, "%s/part", fz_workdir());
	snprintf(again, sizeof again, "%s/again", fz_workdir());
	fz_write(path, data, size);
	FILE *f = fopen(part, "wb");
	if (!f)
		fz_fail("cannot write %s", part);
	S_run run = { ismc_pagecache_writer_new(f), { 0 }, 0, NULL };
	long n = ismc_pagecache_scan(path, S_each, &run);
	ismc_pagecache_writer_free(run.part);
	fclose(f);
	size_t lines = 0;
	for (size_t i = 0; i + 2 < size; i++)
		lines += data[i] == '\n' && data[i + 1] == 'P' && data[i + 2] == ' ';
	if (n > (long)lines || (n >= 0 && (size_t)n != run.digest.n))
		fz_fail("%ld records handed over, %zu seen, from %zu P lines", n, run.digest.n, lines);
	ismc_error err = { { 0 } };
	const char *parts[] = { part };
	if (ismc_pagecache_write(again, parts, 1, &err) != 0)
		fz_fail("cannot write the cache again: %s", err.msg);
	S_run second = { NULL, { 0 }, 0, &run.digest };
	long m = ismc_pagecache_scan(again, S_each, &second);
	if (m != (long)run.digest.n)
		fz_fail("%ld records scanned again, %zu written", m, run.digest.n);
	for (size_t i = 0; i < run.digest.n; i++)
		free(run.digest.v[i]);
	ismc_vec_free(&run.digest);
	/* what emit.c, the model and the proofs read, kept */
	static const char *const kinds[] = { "evidence-pack.xml", ISMC_CACHE_SCAN,
		                              ISMC_CACHE_APPROVAL, ISMC_CACHE_DIFF };
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		ismc_pagecache_free(ismc_pagecache_read(path, kinds[i]));
	return 0;
}
