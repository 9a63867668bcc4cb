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
 * approval, and whose offset is the index of the approving revision.
 *
 * A document's body in evidence-pack.xml is kept the same way (emit.c): a
 * record named "evidence-pack.xml#PATH" with the body's place in that file
 * (offset, length), the ids it looked up as its calls, and as marks the
 * anchors and asset references the pages need of it; a record named
 * "evidence-pack.xml" gives that file's identity.
 *
 * Text, one record per `P` line followed by its `C` (calls) and `M` (marks)
 * lines: bytes that are spaces, controls or '%' in a field are written
 * %XX. */
#define _GNU_SOURCE
#include "ismc.h"

#include <errno.h>
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
static const char S_magic[] = "ismc page cache 2\n";

struct ismc_pagecache {
	ismc_arena *a;
	ismc_map *recs; /* page -> ismc_page_rec */
};

static int S_plain(unsigned char c)
{
	return c > ' ' && c != '%' && c != 0x7f;
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
		if (*p) { /* a call's separators are escaped: no printf per byte */
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
			*o++ = *p;
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

int ismc_pagecache_put(FILE *f, const ismc_page_rec *r)
{
	if (r->raw) /* a record as the scan read it: its lines again */
		return fwrite(r->raw, 1, r->rawlen, f) == r->rawlen && !ferror(f) ? 0 : -1;
	char key[65], ans[65];
	ismc_sha256_hex(r->key, key);
	ismc_sha256_hex(r->answers, ans);
	fputs("P ", f);
	S_put_field(f, r->page);
	fprintf(f, " %s %s %llu %llu %llu %lld %lld %lld %lld %zu %zu\n", key, ans, r->dev, r->ino,
	        r->size, r->mtime_s, r->mtime_ns, r->offset, r->length, r->ncalls, r->nmarks);
	for (size_t i = 0; i < r->ncalls; i++) {
		fputs("C ", f);
		S_put_field(f, r->calls[i]);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nmarks; i++) {
		fputs("M ", f);
		S_put_field(f, r->marks[i]);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* The record of a `P` line (its strings in `a`), with how many `C` and `M`
 * lines follow: 0, or -1 when the line is not one. A count is bounded by
 * what is left of the file (each line is at least three bytes), so a
 * damaged count cannot ask for more memory than the file holds. */
static int S_parse_p(char *line, long long left, ismc_arena *a, ismc_page_rec *r,
                     size_t *want, size_t *wantm)
{
	char page[4096], key[80], ans[80];
	unsigned long long dev, ino, size;
	long long ms, mns, off, len;
	size_t n, nm;
	int used = 0;
	if (line[0] != 'P' || line[1] != ' ' || strlen(line) >= sizeof page ||
	    sscanf(line + 2, "%4095s %79s %79s %llu %llu %llu %lld %lld %lld %lld %zu %zu%n", page,
	           key, ans, &dev, &ino, &size, &ms, &mns, &off, &len, &n, &nm, &used) != 12 ||
	    line[2 + used] != '\0' || n > (unsigned long long)left / 3 ||
	    nm > (unsigned long long)left / 3 || off < 0 || len < 0 || !S_get_field(page) ||
	    !*page || ismc_sha256_unhex(key, r->key) != 0 ||
	    ismc_sha256_unhex(ans, r->answers) != 0)
		return -1;
	r->page = ismc_arena_strdup(a, page);
	r->dev = dev, r->ino = ino, r->size = size, r->mtime_s = ms, r->mtime_ns = mns;
	r->offset = off, r->length = len;
	r->ncalls = r->nmarks = 0;
	*want = n, *wantm = nm;
	r->calls = ismc_arena_alloc(a, (n ? n : 1) * sizeof *r->calls);
	r->marks = ismc_arena_alloc(a, (nm ? nm : 1) * sizeof *r->marks);
	return 0;
}

long ismc_pagecache_scan(const char *file, int (*fn)(const ismc_page_rec *r, void *arg),
                         void *arg)
{
	return ismc_pagecache_scan_some(file, NULL, fn, arg);
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
	ismc_buf raw = { 0 }; /* the record's lines as read */
	ssize_t n = getline(&line, &cap, f);
	long count = -1;
	if (n == (ssize_t)sizeof S_magic - 1 && !memcmp(line, S_magic, (size_t)n)) {
		count = 0;
		ismc_arena *a = NULL;
		ismc_page_rec r = { 0 };
		int open = 0, stop = 0, mode = ISMC_SCAN_READ;
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
			int more = open && !end && (line[0] == 'C' || line[0] == 'M') && line[1] == ' ';
			if (more) {
				int call = line[0] == 'C';
				if ((call && (r.ncalls >= want || r.nmarks)) ||
				    (!call && (r.ncalls != want || r.nmarks >= wantm)))
					break;
				if (mode == ISMC_SCAN_SKIP) { /* counted, not read */
					call ? r.ncalls++ : r.nmarks++;
					continue;
				}
				ismc_buf_put(&raw, line, (size_t)n - 1);
				ismc_buf_put(&raw, "\n", 1);
				if (call && mode == ISMC_SCAN_NO_CALLS) {
					r.ncalls++;
					continue;
				}
				char *v = S_get_field(line + 2);
				if (!v)
					break;
				if (call)
					r.calls[r.ncalls++] = ismc_arena_strdup(a, v);
				else
					r.marks[r.nmarks++] = ismc_arena_strdup(a, v);
				continue;
			}
			if (open) { /* the record is whole: handed over */
				if (r.ncalls != want || r.nmarks != wantm)
					break;
				if (mode != ISMC_SCAN_SKIP) {
					count++;
					r.span = here - r.at;
					r.raw = raw.data;
					r.rawlen = raw.len;
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
			a = ismc_arena_new();
			raw.len = 0;
			ismc_buf_put(&raw, line, (size_t)n - 1); /* before S_parse_p decodes it */
			ismc_buf_put(&raw, "\n", 1);
			if (S_parse_p(line, left, a, &r, &want, &wantm) != 0)
				break;
			r.at = here;
			mode = look ? look(r.page, arg) : ISMC_SCAN_READ;
			if (mode == ISMC_SCAN_STOP)
				break;
			open = 1;
		}
		ismc_arena_free(a);
	}
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
	       !strncmp(page, ISMC_CACHE_APPROVAL, sizeof ISMC_CACHE_APPROVAL - 1);
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
