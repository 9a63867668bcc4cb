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
	ismc_pagecache_writer *w = ismc_pagecache_writer_new(f);
	for (size_t i = 0; i < sizeof recs / sizeof *recs; i++) {
		memset(recs[i].key, (int)i + 1, 32);
		cr_assert_eq(ismc_pagecache_put(w, &recs[i]), 0);
	}
	ismc_pagecache_writer_free(w);
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
	/* a record of no calls has its lines, to be written again as they
	 * are; one with calls has their numbers in the scan's table, even
	 * when handed over without them */
	if (!r->ncalls)
		cr_assert(r->raw && r->rawlen && r->raw[r->rawlen - 1] == '\n');
	else
		cr_assert(!r->raw && r->table && r->ids);
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
	ismc_pagecache_writer *wf = ismc_pagecache_writer_new(f), *wg = ismc_pagecache_writer_new(g);
	cr_assert_eq(ismc_pagecache_put(wf, &a), 0);
	cr_assert_eq(ismc_pagecache_put(wg, &b), 0);
	ismc_pagecache_writer_free(wf);
	ismc_pagecache_writer_free(wg);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(fclose(g), 0);
	const char *file = t_path("%s/renamed", S_tmp);
	const char *parts[] = { head, tail };
	ismc_error err = { { 0 } };
	cr_assert_eq(ismc_pagecache_write(file, parts, 2, &err), 0, "%s", err.msg);
	cr_expect(!t_exists(head), "the first part is the file now");
	char *text = t_slurp(file), *plain = t_slurp(copied);
	cr_expect(!strncmp(text, "ismc page cache 3\nP evidence-pack.xml ", 38), "%s", text);
	cr_expect(strstr(text, "\nP html/index.html "), "%s", text);
	cr_expect(!strncmp(text, plain, 18), "the same first line as a copied cache");
	S_run all = { { 0 }, 0 };
	cr_expect_eq(ismc_pagecache_scan(file, S_each, &all), 2);
	free(text), free(plain);
	ismc_buf_free(&all.seen);
}

/* "page:call,call;" of each record handed over, its calls from the table */
static int S_calls_of(const ismc_page_rec *r, void *arg)
{
	ismc_buf *b = arg;
	ismc_buf_printf(b, "%s:", r->page);
	for (size_t i = 0; i < r->ncalls; i++)
		ismc_buf_printf(b, "%s%s", i ? "," : "", r->calls[i]);
	ismc_buf_puts(b, ";");
	return 0;
}

typedef struct {
	ismc_pagecache_writer *w;
	int no_calls;
} S_copy;

static int S_copy_look(const char *page, void *arg)
{
	(void)page;
	return ((S_copy *)arg)->no_calls ? ISMC_SCAN_NO_CALLS : ISMC_SCAN_READ;
}

static int S_copy_rec(const ismc_page_rec *r, void *arg)
{
	cr_assert_eq(ismc_pagecache_put(((S_copy *)arg)->w, r), 0);
	return 0;
}

static size_t S_count_lines(const char *text, const char *start)
{
	size_t n = 0, k = strlen(start);
	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += !strncmp(p, start, k);
	return n;
}

/* Each part defines the calls its records name once, in a table of its
 * own; a record read from one file and written to another (also when its
 * calls were not decoded) names the same calls there. */
Test(pagecache, each_part_names_its_calls_from_a_table_of_its_own)
{
	const char *p1 = t_path("%s/p1", S_tmp), *p2 = t_path("%s/p2", S_tmp);
	FILE *f = fopen(p1, "wbx"), *g = fopen(p2, "wbx");
	cr_assert(f && g);
	cr_assert_eq(ismc_pagecache_head(f), 0);
	const char *x[] = { "title\x1f" "a", "title\x1f" "b b%|" }, *y[] = { "title\x1f" "b b%|", "c" },
		   *z[] = { "c", "title\x1f" "a" };
	ismc_page_rec rx = { .page = "html/x.html", .calls = x, .ncalls = 2 },
		      ry = { .page = "html/y.html", .calls = y, .ncalls = 2 },
		      rn = { .page = "html/none.html" },
		      rz = { .page = "html/z.html", .calls = z, .ncalls = 2 };
	ismc_pagecache_writer *wf = ismc_pagecache_writer_new(f), *wg = ismc_pagecache_writer_new(g);
	cr_assert_eq(ismc_pagecache_put(wf, &rx), 0);
	cr_assert_eq(ismc_pagecache_put(wf, &ry), 0);
	cr_assert_eq(ismc_pagecache_put(wf, &rn), 0);
	cr_assert_eq(ismc_pagecache_put(wg, &rz), 0);
	ismc_pagecache_writer_free(wf);
	ismc_pagecache_writer_free(wg);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(fclose(g), 0);
	const char *file = t_path("%s/cache", S_tmp);
	const char *parts[] = { p1, p2 };
	ismc_error err = { { 0 } };
	cr_assert_eq(ismc_pagecache_write(file, parts, 2, &err), 0, "%s", err.msg);
	char *text = t_slurp(file);
	cr_expect_eq(S_count_lines(text, "T\n"), 2, "%s", text);
	cr_expect_eq(S_count_lines(text, "D "), 5, "%s", text); /* 3, then 2 */
	cr_expect(strstr(text, "\nD title|b%20b%25%7C\n"), "%s", text);
	cr_expect(strstr(text, "\nC 1 2\n"), "y names b and c by number: %s", text);
	const char *want = "html/x.html:title\x1f" "a,title\x1f" "b b%|;"
	                   "html/y.html:title\x1f" "b b%|,c;html/none.html:;"
	                   "html/z.html:c,title\x1f" "a;";
	ismc_buf seen = { 0 };
	cr_assert_eq(ismc_pagecache_scan(file, S_calls_of, &seen), 4);
	cr_expect_str_eq(seen.data, want);
	/* copied into one part, with and without decoding the calls */
	for (int no_calls = 0; no_calls < 2; no_calls++) {
		const char *p3 = t_path("%s/p3-%d", S_tmp, no_calls);
		const char *again = t_path("%s/again-%d", S_tmp, no_calls);
		FILE *h = fopen(p3, "wbx");
		cr_assert(h);
		S_copy copy = { ismc_pagecache_writer_new(h), no_calls };
		cr_assert_eq(ismc_pagecache_scan_some(file, S_copy_look, S_copy_rec, &copy), 4);
		ismc_pagecache_writer_free(copy.w);
		cr_assert_eq(fclose(h), 0);
		const char *one[] = { p3 };
		cr_assert_eq(ismc_pagecache_write(again, one, 1, &err), 0, "%s", err.msg);
		char *copied = t_slurp(again);
		cr_expect_eq(S_count_lines(copied, "D "), 3, "%s", copied);
		free(copied);
		seen.len = 0;
		cr_assert_eq(ismc_pagecache_scan(again, S_calls_of, &seen), 4);
		cr_expect_str_eq(seen.data, want);
	}
	/* a number past the table ends the reading there */
	char *c12 = strstr(text, "\nC 1 2\n");
	cr_assert(c12);
	c12[5] = '3';
	t_spit(file, text);
	seen.len = 0;
	cr_expect_eq(ismc_pagecache_scan(file, S_calls_of, &seen), 1);
	free(text);
	ismc_buf_free(&seen);
}
