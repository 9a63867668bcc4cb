/*
 * test_pagecache.c: reading the page cache (pagecache.c) as a rebuild does,
 * one record at a time, skipping what a reader does not need.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "pagecache");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(pagecache, .init = S_setup, .fini = S_teardown);

/* A cache of the kinds a build writes, in its order: a scan, an approval,
 * a body, evidence-pack.xml's own record, the answers, two pages. */
static const char *S_cache(void)
{
	const char *part = t_path("%s/part", S_tmp);
	FILE *f = fopen(part, "wbx");
	cr_assert(f);
	const char *calls[] = { "href\x1f" "document\x1fPOL-001\x1f\x1fsite\x1f../",
		                "title\x1f" "document\x1fPOL-002" };
	const char *marks[] = { "a\x1fpurpose", "s\x1f" "AS-001" };
	ismc_page_rec recs[] = {
		{ .page = ISMC_CACHE_SCAN "a.md", .marks = marks, .nmarks = 2 },
		{ .page = ISMC_CACHE_APPROVAL "a.md", .offset = 3 },
		{ .page = "evidence-pack.xml#a.md", .calls = calls + 1, .ncalls = 1, .marks = marks,
		  .nmarks = 2, .offset = 10, .length = 20 },
		{ .page = "evidence-pack.xml" },
		{ .page = ISMC_CACHE_ANSWERS },
		{ .page = "html/documents/POL-001.html", .calls = calls, .ncalls = 2 },
		{ .page = "html/soa.html", .calls = calls, .ncalls = 2, .marks = marks, .nmarks = 1 },
	};
	for (size_t i = 0; i < sizeof recs / sizeof *recs; i++) {
		memset(recs[i].key, (int)i + 1, 32);
		cr_assert_eq(ismc_pagecache_put(f, &recs[i]), 0);
	}
	cr_assert_eq(fclose(f), 0);
	const char *file = t_path("%s/cache", S_tmp);
	const char *parts[] = { part };
	ismc_error err = { { 0 } };
	cr_assert_eq(ismc_pagecache_write(file, parts, 1, &err), 0, "%s", err.msg);
	return file;
}

typedef struct {
	ismc_buf seen; /* "page ncalls nmarks calls?;" of each record handed over */
	int stop_at_answers;
} S_run;

static int S_look(const char *page, void *arg)
{
	S_run *run = arg;
	if (!strncmp(page, ISMC_CACHE_SCAN, strlen(ISMC_CACHE_SCAN)) ||
	    !strncmp(page, "evidence-pack.xml#", 18))
		return ISMC_SCAN_SKIP;
	if (run->stop_at_answers && !strcmp(page, ISMC_CACHE_ANSWERS))
		return ISMC_SCAN_STOP;
	return !strncmp(page, "html/documents/", 15) ? ISMC_SCAN_NO_CALLS : ISMC_SCAN_READ;
}

static int S_each(const ismc_page_rec *r, void *arg)
{
	S_run *run = arg;
	ismc_buf_printf(&run->seen, "%s %zu %zu %s;", r->page, r->ncalls, r->nmarks,
	                r->calls ? "calls" : "none");
	cr_assert(r->raw && r->rawlen && r->raw[r->rawlen - 1] == '\n');
	/* a record handed over without its calls still has them in raw */
	if (r->ncalls)
		cr_assert(memmem(r->raw, r->rawlen, "\nC ", 3), "%.*s", (int)r->rawlen, r->raw);
	if (r->calls)
		for (size_t i = 0; i < r->ncalls; i++)
			cr_assert(!strncmp(r->calls[i], "href\x1f", 5) ||
			          !strncmp(r->calls[i], "title\x1f", 6));
	return 0;
}

Test(pagecache, a_reader_skips_stops_and_leaves_calls_unread_where_it_asks)
{
	const char *file = S_cache();
	S_run all = { { 0 }, 0 };
	cr_assert_eq(ismc_pagecache_scan(file, S_each, &all), 7);
	S_run some = { { 0 }, 0 };
	cr_assert_eq(ismc_pagecache_scan_some(file, S_look, S_each, &some), 5);
	cr_expect_str_eq(some.seen.data,
	                 "approval#a.md 0 0 calls;"
	                 "evidence-pack.xml 0 0 calls;"
	                 "answers# 0 0 calls;"
	                 "html/documents/POL-001.html 2 0 none;"
	                 "html/soa.html 2 1 calls;");
	S_run stop = { { 0 }, 1 };
	cr_assert_eq(ismc_pagecache_scan_some(file, S_look, S_each, &stop), 2);
	cr_expect_str_eq(stop.seen.data, "approval#a.md 0 0 calls;evidence-pack.xml 0 0 calls;");
	/* a record read whole after one skipped: the skipped one's lines were
	 * counted through */
	ismc_pagecache *pc = ismc_pagecache_read(file, "evidence-pack.xml");
	const ismc_page_rec *body = ismc_pagecache_get(pc, "evidence-pack.xml#a.md");
	cr_assert(body);
	cr_expect_eq(body->length, 20);
	cr_expect_eq(body->nmarks, 2);
	cr_expect_str_eq(body->marks[1], "s\x1f" "AS-001");
	ismc_pagecache_free(pc);
	pc = ismc_pagecache_read(file, ISMC_CACHE_APPROVAL);
	cr_expect(ismc_pagecache_get(pc, ISMC_CACHE_APPROVAL "a.md"));
	cr_expect(!ismc_pagecache_get(pc, ISMC_CACHE_SCAN "a.md"));
	ismc_pagecache_free(pc);
	ismc_buf_free(&all.seen);
	ismc_buf_free(&some.seen);
	ismc_buf_free(&stop.seen);
}

/* A skipped record's lines are counted against its P line: a record that
 * claims more calls than follow ends the reading there. */
Test(pagecache, a_skipped_record_that_does_not_add_up_ends_the_reading)
{
	const char *file = S_cache();
	char *text = t_slurp(file);
	/* the body's record claims 1 call; make it claim 3 */
	char *p = strstr(text, "P evidence-pack.xml#a.md ");
	cr_assert(p);
	char *eol = strchr(p, '\n');
	cr_assert(eol && eol[-3] == '1' && eol[-2] == ' ' && eol[-1] == '2', "%.*s",
	          (int)(eol - p), p);
	eol[-3] = '3';
	t_spit(file, text);
	free(text);
	S_run some = { { 0 }, 0 };
	ismc_pagecache_scan_some(file, S_look, S_each, &some);
	cr_expect_str_eq(some.seen.data, "approval#a.md 0 0 calls;");
	ismc_buf_free(&some.seen);
}

/* A first part begun as a cache is (ismc_pagecache_head, emit.c's) becomes
 * the cache file, the others appended: the same records as a copy. */
Test(pagecache, a_headed_first_part_becomes_the_file_with_the_others_after_it)
{
	const char *copied = S_cache();
	const char *head = t_path("%s/head", S_tmp), *tail = t_path("%s/tail", S_tmp);
	FILE *f = fopen(head, "wbx"), *g = fopen(tail, "wbx");
	cr_assert(f && g);
	cr_assert_eq(ismc_pagecache_head(f), 0);
	ismc_page_rec a = { .page = "evidence-pack.xml" }, b = { .page = "html/index.html" };
	cr_assert_eq(ismc_pagecache_put(f, &a), 0);
	cr_assert_eq(ismc_pagecache_put(g, &b), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(fclose(g), 0);
	const char *file = t_path("%s/renamed", S_tmp);
	const char *parts[] = { head, tail };
	ismc_error err = { { 0 } };
	cr_assert_eq(ismc_pagecache_write(file, parts, 2, &err), 0, "%s", err.msg);
	cr_expect(!t_exists(head), "the first part is the file now");
	char *text = t_slurp(file), *plain = t_slurp(copied);
	cr_expect(!strncmp(text, "ismc page cache 2\nP evidence-pack.xml ", 38), "%s", text);
	cr_expect(strstr(text, "\nP html/index.html "), "%s", text);
	cr_expect(!strncmp(text, plain, 18), "the same first line as a copied cache");
	S_run all = { { 0 }, 0 };
	cr_expect_eq(ismc_pagecache_scan(file, S_each, &all), 2);
	free(text), free(plain);
	ismc_buf_free(&all.seen);
}
