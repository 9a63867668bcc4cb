/* pagecache.c: what a build leaves beside OUT so that the next build over it
 * renders again only the pages whose inputs changed (docs/output.md,
 * "Rebuilding over an earlier OUT").
 *
 * The file, `.<OUT>.ismc-cache` in OUT's parent folder, holds one record per
 * page: the page's path in OUT, the key of its inputs (transform.c), the
 * calls its rendering made to the ismc: functions with a digest of their
 * answers, and the identity of the page file (device, inode, size, modification
 * time) as the build wrote it. A page is taken from the earlier OUT only
 * when its key is the same, the functions answer the same calls the same
 * way, and the file in OUT is still the one the record names; anything
 * else (no file, another format, a line that does not parse) renders the
 * page again. So the cache can make a build faster, never different. It is
 * read one record at a time (ismc_pagecache_scan): a rebuild of 10,000
 * pages never holds the whole file.
 *
 * The answers of the compile come first: each document body's scan
 * (markdown.c, ismc_scans_save), a record named "scan#PATH" whose key
 * digests the body and whose marks are what the scan found; then the
 * proofs' (proof.c, ismc_proofs_save), a record named "approval#PATH"
 * whose key digests the blobs of the file's revisions and its current
 * approval, and whose offset is the index of the approving revision; then
 * the history walk's (git_history.c, ismc_diffs_save), a record named
 * "diff#A B" per pair of root trees it compared, whose marks are the
 * changes.
 *
 * A document's body in evidence-pack.xml is kept the same way (emit.c): a
 * record named "evidence-pack.xml#PATH" with the body's place in that file
 * (offset, length), the ids it looked up as its calls, and as marks the
 * anchors and asset references the pages need of it; a record named
 * "evidence-pack.xml" gives that file's identity.
 *
 * Text, one record per `P` line followed by its `C` line (the numbers of its
 * calls, when it made any) and its `M` lines (marks). The calls are strings
 * of a table: each `D` line defines the next one, before the first record
 * that names it, and a `T` line begins a new table (each part of the file
 * has its own, ismc_pagecache_writer). A page's 250 calls are thus a line
 * of numbers, and the 190,000 distinct calls of 10,000 pages are written
 * once each, where they were 3.3 million lines. In a field, 0x1f (the
 * separator of a call's parts and of a mark's) is written '|', and bytes
 * that are spaces, controls, '%' or '|' are written %XX. */
#define _GNU_SOURCE
#include "ismc.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first line: what makes the file ismc's (any version), then the
 * version this one reads (another version is no cache, and replaced). */
static const char S_ours[] = "ismc page cache ";
static const char S_magic[] = "ismc page cache 3\n";

struct ismc_pagecache {
	ismc_arena *a;
	ismc_map *recs; /* page -> ismc_page_rec */
};

/* A call of a table as a scan read it; `w`, `out`: its number in the table
 * of the writer numbered `w` (0: none yet), so that a record copied from
 * one file to another looks each of its calls up once. */
typedef struct {
	const char *s;
	unsigned w;
	size_t out;
} S_call;

struct ismc_pagecache_table {
	S_call *e;
	size_t n, cap;
	ismc_arena *a;
};

struct ismc_pagecache_writer {
	FILE *f;
	unsigned serial; /* this writer's number in the process, from 1 */
	ismc_map *ids;   /* call -> its number + 1 in this writer's table */
	ismc_arena *a;
	size_t n;        /* the calls defined */
	size_t *num;     /* a record's calls' numbers, while it is written */
	size_t cap;
};

/* A field's separator (0x1f, between a call's name and arguments and in
 * marks) is written '|', which is otherwise escaped: the most frequent
 * byte to escape costs one byte, not three. */
static int S_plain(unsigned char c)
{
	return c > ' ' && c != '%' && c != 0x7f && c != '|';
}

static void S_put_field(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = 0;
		while (p[n] && S_plain(p[n]))
			n++;
		fwrite(p, 1, n, f); /* the runs that need no escape, whole */
		p += n;
		if (*p == 0x1f) {
			fputc('|', f);
			p++;
		} else if (*p) { /* escaped: no printf per byte */
			static const char hex[] = "0123456789ABCDEF";
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			fwrite(e, 1, 3, f);
			p++;
		}
	}
}

/* A field written by S_put_field, decoded in place; NULL when malformed. */
static char *S_get_field(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '%') {
			*o++ = *p == '|' ? 0x1f : *p;
			continue;
		}
		int h = ismc_hex_digit((unsigned char)p[1]);
		int l = h < 0 ? -1 : ismc_hex_digit((unsigned char)p[2]);
		if (h < 0 || l < 0 || (h == 0 && l == 0))
			return NULL;
		*o++ = (char)(h * 16 + l);
		p += 2;
	}
	*o = '\0';
	return s;
}

void ismc_pagecache_self(ismc_sha256_ctx *h)
{
	static char exe[65]; /* the executable's SHA-256, taken once a process */
	if (!*exe) {
		ismc_error e;
		if (ismc_sha256_file("/proc/self/exe", exe, NULL, &e) != 0)
			snprintf(exe, sizeof exe, "?");
	}
	ismc_sha256_add(h, ISMC_VERSION, sizeof ISMC_VERSION);
	ismc_sha256_add(h, exe, strlen(exe) + 1);
	ismc_sha256_add(h, xmlParserVersion, strlen(xmlParserVersion) + 1);
}

ismc_pagecache_writer *ismc_pagecache_writer_new(FILE *f)
{
	static unsigned serial;
	ismc_pagecache_writer *w = ismc_xcalloc(1, sizeof *w);
	w->f = f;
	w->serial = ++serial;
	return w;
}

FILE *ismc_pagecache_writer_file(const ismc_pagecache_writer *w)
{
	return w->f;
}

void ismc_pagecache_writer_free(ismc_pagecache_writer *w)
{
	if (!w)
		return;
	ismc_map_free(w->ids);
	ismc_arena_free(w->a);
	free(w->num);
	free(w);
}

/* The number of `call` in w's table, defined now (a `D` line, after the
 * `T` line of w's first) when it is not yet. */
static size_t S_define(ismc_pagecache_writer *w, const char *call)
{
	if (!w->ids) {
		w->ids = ismc_map_new();
		w->a = ismc_arena_new();
		fputs("T\n", w->f);
	}
	size_t k = (size_t)(uintptr_t)ismc_map_get(w->ids, call);
	if (k)
		return k - 1;
	fputs("D ", w->f);
	S_put_field(w->f, call);
	fputc('\n', w->f);
	ismc_map_put(w->ids, ismc_arena_strdup(w->a, call), (void *)(uintptr_t)(w->n + 1));
	return w->n++;
}

/* The number in w's table of r's call `i`: through the table the scan
 * read it from when r has one (once per call of that table), else by its
 * string. */
static size_t S_number(ismc_pagecache_writer *w, const ismc_page_rec *r, size_t i)
{
	if (!r->table)
		return S_define(w, r->calls[i]);
	S_call *c = &r->table->e[r->ids[i]];
	if (c->w != w->serial) {
		c->out = S_define(w, c->s);
		c->w = w->serial;
	}
	return c->out;
}

int ismc_pagecache_put(ismc_pagecache_writer *w, const ismc_page_rec *r)
{
	FILE *f = w->f;
	if (r->raw) /* a record of no calls as the scan read it: its lines again */
		return fwrite(r->raw, 1, r->rawlen, f) == r->rawlen && !ferror(f) ? 0 : -1;
	if (r->ncalls > w->cap) {
		w->cap = r->ncalls * 2;
		w->num = ismc_xrealloc(w->num, w->cap * sizeof *w->num);
	}
	for (size_t i = 0; i < r->ncalls; i++) /* the `D` lines come first */
		w->num[i] = S_number(w, r, i);
	char key[65], ans[65];
	ismc_sha256_hex(r->key, key);
	ismc_sha256_hex(r->answers, ans);
	fputs("P ", f);
	S_put_field(f, r->page);
	fprintf(f, " %s %s %llu %llu %llu %lld %lld %lld %lld %zu %zu\n", key, ans, r->dev, r->ino,
	        r->size, r->mtime_s, r->mtime_ns, r->offset, r->length, r->ncalls, r->nmarks);
	if (r->ncalls) {
		fputc('C', f);
		for (size_t i = 0; i < r->ncalls; i++) {
			char d[24], *e = d + sizeof d, *p = e;
			size_t v = w->num[i];
			do
				*--p = (char)('0' + v % 10);
			while (v /= 10);
			*--p = ' ';
			fwrite(p, 1, (size_t)(e - p), f);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nmarks; i++) {
		fputs("M ", f);
		S_put_field(f, r->marks[i]);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* The numbers of a `C` line (after "C"), `want` of them, each of a call of
 * `t`, into `ids`: 0, or -1 when the line is not that. */
static int S_parse_c(const char *s, const struct ismc_pagecache_table *t, size_t want,
                     unsigned *ids)
{
	for (size_t i = 0; i < want; i++) {
		if (*s++ != ' ' || *s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
			return -1;
		size_t v = 0;
		for (; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (size_t)(*s - '0');
			if (v >= t->n)
				return -1;
		}
		if (v >= t->n)
			return -1;
		ids[i] = (unsigned)v;
	}
	return *s ? -1 : 0;
}

/* A number of a `P` line as ismc_pagecache_put writes it: decimal digits,
 * after a '-' when `sign`; 0, or -1 when `s` is not one (or overflows). */
static int S_num(const char *s, int sign, unsigned long long *v)
{
	int neg = sign && *s == '-';
	s += neg;
	if (!*s)
		return -1;
	unsigned long long x = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (ULLONG_MAX - 9) / 10)
			return -1;
		x = x * 10 + (unsigned long long)(*s - '0');
	}
	if (sign && x > (unsigned long long)LLONG_MAX)
		return -1;
	*v = neg ? (unsigned long long)-(long long)x : x;
	return 0;
}

/* The record of a `P` line (its strings in `a`), with how many `C` and `M`
 * lines follow: 0, or -1 when the line is not one: twelve fields, one
 * space apart. A count is bounded by what is left of the file (a call
 * takes at least two bytes of the `C` line, a mark line three), so a
 * damaged count cannot ask for more memory than the file holds. */
static int S_parse_p(char *line, long long left, ismc_arena *a, ismc_page_rec *r,
                     size_t *want, size_t *wantm)
{
	char *f[12];
	size_t nf = 0;
	if (line[0] != 'P' || line[1] != ' ')
		return -1;
	for (char *p = line + 2; nf < 12; nf++) {
		f[nf] = p;
		char *sp = strchr(p, ' ');
		if (sp == p || !*p)
			return -1; /* an empty field */
		if (!sp) {
			nf++;
			break;
		}
		*sp = '\0';
		p = sp + 1;
		if (nf == 11)
			return -1; /* a thirteenth */
	}
	unsigned long long v[9];
	if (nf != 12 || strlen(f[0]) >= 4096)
		return -1;
	for (size_t i = 0; i < 9; i++) /* dev ino size, then mtime s ns, offset length, counts */
		if (S_num(f[3 + i], i >= 3 && i < 7, &v[i]) != 0)
			return -1;
	long long off = (long long)v[5], len = (long long)v[6];
	if (v[7] > (unsigned long long)left / 2 || v[8] > (unsigned long long)left / 3 || off < 0 ||
	    len < 0 || !S_get_field(f[0]) || !*f[0] || ismc_sha256_unhex(f[1], r->key) != 0 ||
	    ismc_sha256_unhex(f[2], r->answers) != 0)
		return -1;
	r->page = ismc_arena_strdup(a, f[0]);
	r->dev = v[0], r->ino = v[1], r->size = v[2];
	r->mtime_s = (long long)v[3], r->mtime_ns = (long long)v[4];
	r->offset = off, r->length = len;
	r->ncalls = r->nmarks = 0;
	*want = (size_t)v[7], *wantm = (size_t)v[8];
	r->calls = ismc_arena_alloc(a, (v[7] ? v[7] : 1) * sizeof *r->calls);
	r->marks = ismc_arena_alloc(a, (v[8] ? v[8] : 1) * sizeof *r->marks);
	return 0;
}

long ismc_pagecache_scan(const char *file, int (*fn)(const ismc_page_rec *r, void *arg),
                         void *arg)
{
	return ismc_pagecache_scan_some(file, NULL, fn, arg);
}

/* A `T` or `D` line (ended by '\0') read into t: 0, or -1 when it is not
 * one. */
static int S_table_line(char *line, struct ismc_pagecache_table *t)
{
	if (!strcmp(line, "T")) {
		t->n = 0; /* a new part's table: its strings stay in the arena */
		return 0;
	}
	char *v = line[0] == 'D' && line[1] == ' ' ? S_get_field(line + 2) : NULL;
	if (!v)
		return -1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->e = ismc_xrealloc(t->e, t->cap * sizeof *t->e);
	}
	t->e[t->n++] = (S_call){ ismc_arena_strdup(t->a, v), 0, 0 };
	return 0;
}

long ismc_pagecache_scan_some(const char *file, int (*look)(const char *page, void *arg),
                              int (*fn)(const ismc_page_rec *r, void *arg), void *arg)
{
	if (!file || !ismc_pagecache_ours(file))
		return -1;
	FILE *f = fopen(file, "rb");
	if (!f)
		return -1;
	struct stat st;
	long long left = fstat(fileno(f), &st) == 0 ? (long long)st.st_size : 0;
	char *line = NULL;
	size_t cap = 0, want = 0, wantm = 0;
	ismc_buf raw = { 0 }; /* the record's lines as read, when it has no calls */
	struct ismc_pagecache_table table = { .a = ismc_arena_new() };
	ssize_t n = getline(&line, &cap, f);
	long count = -1;
	if (n == (ssize_t)sizeof S_magic - 1 && !memcmp(line, S_magic, (size_t)n)) {
		count = 0;
		ismc_arena *a = NULL;
		ismc_page_rec r = { 0 };
		int open = 0, stop = 0, called = 0, mode = ISMC_SCAN_READ;
		long long pos = n; /* the bytes read so far */
		while (!stop) {
			n = getline(&line, &cap, f);
			long long here = pos; /* where the line starts */
			int end = n < 0;
			if (!end) {
				left -= n;
				pos += n;
				if (n == 0 || line[n - 1] != '\n' || memchr(line, '\0', (size_t)n))
					break; /* a last line cut short, or not text */
				line[n - 1] = '\0';
			}
			if (open && !end && line[0] == 'C' && (!line[1] || line[1] == ' ')) {
				/* the calls: once, before the marks, as many as said */
				if (called || !want || r.nmarks)
					break;
				called = 1;
				if (mode == ISMC_SCAN_SKIP) { /* counted, not read */
					size_t k = 0;
					for (const char *p = line + 1; *p; p++)
						k += *p == ' ';
					if (k != want)
						break;
					r.ncalls = want;
					continue;
				}
				unsigned *ids = ismc_arena_alloc(a, want * sizeof *ids);
				if (S_parse_c(line + 1, &table, want, ids) != 0)
					break;
				r.table = &table;
				r.ids = ids;
				r.ncalls = want;
				for (size_t i = 0; mode == ISMC_SCAN_READ && i < want; i++)
					r.calls[i] = table.e[ids[i]].s;
				continue;
			}
			if (open && !end && line[0] == 'M' && line[1] == ' ') {
				if (r.ncalls != want || r.nmarks >= wantm)
					break;
				if (mode == ISMC_SCAN_SKIP) {
					r.nmarks++;
					continue;
				}
				if (!want) {
					ismc_buf_put(&raw, line, (size_t)n - 1);
					ismc_buf_put(&raw, "\n", 1);
				}
				char *v = S_get_field(line + 2);
				if (!v)
					break;
				r.marks[r.nmarks++] = ismc_arena_strdup(a, v);
				continue;
			}
			if (open) { /* the record is whole: handed over */
				if (r.ncalls != want || r.nmarks != wantm)
					break;
				if (mode != ISMC_SCAN_SKIP) {
					count++;
					r.span = here - r.at;
					/* lines that name no call of the table are
					 * written again as they are */
					r.raw = want ? NULL : raw.data;
					r.rawlen = want ? 0 : raw.len;
					if (mode == ISMC_SCAN_NO_CALLS)
						r.calls = NULL;
					stop = fn(&r, arg) != 0;
				}
				ismc_arena_free(a);
				a = NULL;
				open = 0;
			}
			if (end || stop)
				break;
			if (line[0] == 'T' || line[0] == 'D') {
				if (S_table_line(line, &table) != 0)
					break;
				continue;
			}
			a = ismc_arena_new();
			raw.len = 0;
			ismc_buf_put(&raw, line, (size_t)n - 1); /* before S_parse_p decodes it */
			ismc_buf_put(&raw, "\n", 1);
			r = (ismc_page_rec){ 0 };
			if (S_parse_p(line, left, a, &r, &want, &wantm) != 0)
				break;
			r.at = here;
			called = 0;
			mode = look ? look(r.page, arg) : ISMC_SCAN_READ;
			if (mode == ISMC_SCAN_STOP)
				break;
			open = 1;
		}
		ismc_arena_free(a);
	}
	free(table.e);
	ismc_arena_free(table.a);
	ismc_buf_free(&raw);
	free(line);
	fclose(f);
	return count;
}

int ismc_pagecache_ours(const char *file)
{
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 1 : 0;
	char head[sizeof S_ours - 1];
	ssize_t n = read(fd, head, sizeof head);
	struct stat st;
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && n == (ssize_t)sizeof head &&
	         !memcmp(head, S_ours, sizeof head);
	close(fd);
	return ok;
}

typedef struct {
	ismc_pagecache *pc;
	const char *prefix;
} S_keep;

/* Is `page` a record of a kind a build writes first (ismc.h)? */
static int S_early(const char *page)
{
	return !strncmp(page, ISMC_CACHE_SCAN, sizeof ISMC_CACHE_SCAN - 1) ||
	       !strncmp(page, ISMC_CACHE_APPROVAL, sizeof ISMC_CACHE_APPROVAL - 1) ||
	       !strncmp(page, ISMC_CACHE_DIFF, sizeof ISMC_CACHE_DIFF - 1);
}

/* Whether S_keep_rec wants a record: one of the kind asked for; past the
 * early records when they are asked for, none. */
static int S_keep_look(const char *page, void *arg)
{
	const S_keep *k = arg;
	if (S_early(k->prefix))
		return !S_early(page) ? ISMC_SCAN_STOP
		       : !strncmp(page, k->prefix, strlen(k->prefix)) ? ISMC_SCAN_READ
		                                                       : ISMC_SCAN_SKIP;
	return S_early(page) ? ISMC_SCAN_SKIP : ISMC_SCAN_READ;
}

/* A record of the kind asked for (S_keep_look skips the others, and stops
 * past the early kinds), copied into the cache's arena; 1 (no more) after
 * evidence-pack.xml's own record. */
static int S_keep_rec(const ismc_page_rec *from, void *arg)
{
	S_keep *k = arg;
	int mine = !strncmp(from->page, k->prefix, strlen(k->prefix));
	/* emit.c writes the file's own record after its bodies' and before
	 * any page's: the bodies' reader need not read the pages */
	int last = !strcmp(k->prefix, "evidence-pack.xml") && !strcmp(from->page, k->prefix);
	if (!mine || ismc_map_get(k->pc->recs, from->page))
		return last; /* the first record of a page is the one */
	ismc_arena *a = k->pc->a;
	ismc_page_rec *r = ismc_arena_alloc(a, sizeof *r);
	*r = *from;
	r->raw = NULL; /* the scan's, gone after this call */
	r->rawlen = 0;
	r->table = NULL; /* the calls are copied as strings */
	r->ids = NULL;
	r->page = ismc_arena_strdup(a, from->page);
	r->calls = ismc_arena_alloc(a, (r->ncalls ? r->ncalls : 1) * sizeof *r->calls);
	r->marks = ismc_arena_alloc(a, (r->nmarks ? r->nmarks : 1) * sizeof *r->marks);
	for (size_t i = 0; i < r->ncalls; i++)
		r->calls[i] = ismc_arena_strdup(a, from->calls[i]);
	for (size_t i = 0; i < r->nmarks; i++)
		r->marks[i] = ismc_arena_strdup(a, from->marks[i]);
	ismc_map_put(k->pc->recs, r->page, r);
	return last;
}

ismc_pagecache *ismc_pagecache_read(const char *file, const char *prefix)
{
	ismc_pagecache *pc = ismc_xcalloc(1, sizeof *pc);
	pc->a = ismc_arena_new();
	pc->recs = ismc_map_new();
	S_keep k = { pc, prefix };
	ismc_pagecache_scan_some(file, S_keep_look, S_keep_rec, &k);
	return pc;
}

const ismc_page_rec *ismc_pagecache_get(const ismc_pagecache *pc, const char *page)
{
	return pc ? ismc_map_get(pc->recs, page) : NULL;
}

void ismc_pagecache_free(ismc_pagecache *pc)
{
	if (!pc)
		return;
	ismc_map_free(pc->recs);
	ismc_arena_free(pc->a);
	free(pc);
}

int ismc_pagecache_stat(ismc_page_rec *r, const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	r->dev = (unsigned long long)st.st_dev;
	r->ino = (unsigned long long)st.st_ino;
	r->size = (unsigned long long)st.st_size;
	r->mtime_s = (long long)st.st_mtim.tv_sec;
	r->mtime_ns = (long long)st.st_mtim.tv_nsec;
	return 0;
}

int ismc_pagecache_same(const ismc_page_rec *r, const char *path)
{
	ismc_page_rec now;
	return ismc_pagecache_stat(&now, path) == 0 && now.dev == r->dev && now.ino == r->ino &&
	       now.size == r->size && now.mtime_s == r->mtime_s && now.mtime_ns == r->mtime_ns;
}

int ismc_pagecache_reuse(const ismc_page_rec *r, const char *from, const char *to)
{
	return ismc_pagecache_same(r, from) && link(from, to) == 0 ? 0 : -1;
}

int ismc_pagecache_head(FILE *f)
{
	return fputs(S_magic, f) >= 0 ? 0 : -1;
}

/* Does the file `part` begin as a cache does (ismc_pagecache_head)? */
static int S_headed(const char *part)
{
	char head[sizeof S_magic - 1];
	FILE *f = fopen(part, "rb");
	int ok = f && fread(head, 1, sizeof head, f) == sizeof head &&
	         !memcmp(head, S_magic, sizeof head);
	if (f)
		fclose(f);
	return ok;
}

int ismc_pagecache_write(const char *file, const char *const *parts, size_t nparts,
                         ismc_error *err)
{
	/* a first part that begins as a cache does becomes the file, the
	 * others appended: the largest part is not copied */
	int headed = nparts && S_headed(parts[0]) && rename(parts[0], file) == 0;
	FILE *f = headed ? fopen(file, "ab") : fopen(file, "wbx");
	if (!f && !headed && errno == EEXIST && unlink(file) == 0)
		f = fopen(file, "wbx");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", file, strerror(errno));
		return -1;
	}
	int ok = headed || fputs(S_magic, f) >= 0;
	for (size_t i = headed ? 1 : 0; ok && i < nparts; i++) {
		FILE *in = fopen(parts[i], "rb");
		if (!in) {
			snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", parts[i],
			         strerror(errno));
			ok = 0;
			break;
		}
		ok = ismc_copy_bytes(in, 0, -1, f) == 0;
		fclose(in);
	}
	ok = fclose(f) == 0 && ok;
	if (!ok && !*err->msg)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", file);
	return ok ? 0 : -1;
}
