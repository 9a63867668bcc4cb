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
 * page again. So the cache can make a build faster, never different.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char S_magic[] = "ismc page cache 2\n";

struct ismc_pagecache {
	ismc_arena *a;
	ismc_map *recs; /* page -> ismc_page_rec */
};

static void S_put_field(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == '%' || *p == 0x7f)
			fprintf(f, "%%%02X", *p);
		else
			fputc(*p, f);
}

static int S_unhex(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
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
		int h = S_unhex((unsigned char)p[1]), l = h < 0 ? -1 : S_unhex((unsigned char)p[2]);
		if (h < 0 || l < 0 || (h == 0 && l == 0))
			return NULL;
		*o++ = (char)(h * 16 + l);
		p += 2;
	}
	*o = '\0';
	return s;
}

static int S_get_digest(const char *hex, unsigned char md[32])
{
	if (strlen(hex) != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		int h = S_unhex((unsigned char)hex[2 * i]), l = S_unhex((unsigned char)hex[2 * i + 1]);
		if (h < 0 || l < 0)
			return -1;
		md[i] = (unsigned char)(h * 16 + l);
	}
	return 0;
}

int ismc_pagecache_put(FILE *f, const ismc_page_rec *r)
{
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

/* Parses the records of `text` (after the magic line, up to `end`) into
 * pc; -1 at the first line that is not a record. A record's count of calls
 * is bounded by what is left of the text (each call line is at least three
 * bytes), so a damaged count cannot ask for more memory than the file. */
static int S_parse(ismc_pagecache *pc, char *text, const char *end)
{
	ismc_page_rec *r = NULL;
	size_t want = 0, wantm = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return -1; /* a last line cut short */
		*next++ = '\0';
		if (line[0] == 'C' && line[1] == ' ' && r && r->ncalls < want && !r->nmarks) {
			char *c = S_get_field(line + 2);
			if (!c)
				return -1;
			r->calls[r->ncalls++] = c;
			continue;
		}
		if (line[0] == 'M' && line[1] == ' ' && r && r->ncalls == want && r->nmarks < wantm) {
			char *c = S_get_field(line + 2);
			if (!c)
				return -1;
			r->marks[r->nmarks++] = c;
			continue;
		}
		if (line[0] != 'P' || line[1] != ' ' || (r && (r->ncalls != want || r->nmarks != wantm)))
			return -1;
		char page[4096], key[80], ans[80];
		unsigned long long dev, ino, size;
		long long ms, mns, off, len;
		size_t n, nm;
		int used = 0;
		if (strlen(line) >= sizeof page ||
		    sscanf(line + 2, "%4095s %79s %79s %llu %llu %llu %lld %lld %lld %lld %zu %zu%n", page,
		           key, ans, &dev, &ino, &size, &ms, &mns, &off, &len, &n, &nm, &used) != 12 ||
		    line[2 + used] != '\0' || n > (size_t)(end - next) / 3 ||
		    nm > (size_t)(end - next) / 3 || off < 0 || len < 0 || !S_get_field(page))
			return -1;
		r = ismc_arena_alloc(pc->a, sizeof *r);
		if (S_get_digest(key, r->key) != 0 || S_get_digest(ans, r->answers) != 0)
			return -1;
		r->page = ismc_arena_strdup(pc->a, page);
		r->dev = dev, r->ino = ino, r->size = size, r->mtime_s = ms, r->mtime_ns = mns;
		r->offset = off, r->length = len;
		want = n, wantm = nm;
		r->calls = ismc_arena_alloc(pc->a, (n ? n : 1) * sizeof *r->calls);
		r->marks = ismc_arena_alloc(pc->a, (nm ? nm : 1) * sizeof *r->marks);
		ismc_map_put(pc->recs, r->page, r);
	}
	return r && (r->ncalls != want || r->nmarks != wantm) ? -1 : 0;
}

int ismc_pagecache_ours(const char *file)
{
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 1 : 0;
	char head[sizeof S_magic - 1];
	ssize_t n = read(fd, head, sizeof head);
	struct stat st;
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && n == (ssize_t)sizeof head &&
	         !memcmp(head, S_magic, sizeof head);
	close(fd);
	return ok;
}

ismc_pagecache *ismc_pagecache_read(const char *file)
{
	ismc_pagecache *pc = ismc_xcalloc(1, sizeof *pc);
	pc->a = ismc_arena_new();
	pc->recs = ismc_map_new();
	char *text = NULL;
	size_t len = 0;
	ismc_error err = { { 0 } };
	if (!file || !ismc_pagecache_ours(file) || ismc_file_read_all(file, &text, &len, &err) != 0)
		return pc;
	if (len < sizeof S_magic - 1 || memchr(text, '\0', len) ||
	    S_parse(pc, text + sizeof S_magic - 1, text + len) != 0) {
		/* not a cache this version reads whole: none */
		ismc_map_free(pc->recs);
		pc->recs = ismc_map_new();
		free(text);
		return pc;
	}
	/* the records' strings point into text: it lives as long as pc */
	char **keep = ismc_arena_alloc(pc->a, sizeof *keep);
	*keep = text;
	ismc_map_put(pc->recs, "", keep); /* no page is named "": freed with pc */
	return pc;
}

const ismc_page_rec *ismc_pagecache_get(const ismc_pagecache *pc, const char *page)
{
	return pc && *page ? ismc_map_get(pc->recs, page) : NULL;
}

void ismc_pagecache_free(ismc_pagecache *pc)
{
	if (!pc)
		return;
	char **keep = ismc_map_get(pc->recs, "");
	if (keep)
		free(*keep);
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

int ismc_pagecache_write(const char *file, const ismc_page_rec *const *recs, size_t n,
                         const char *const *parts, size_t nparts, ismc_error *err)
{
	FILE *f = fopen(file, "wbx");
	if (!f && errno == EEXIST && unlink(file) == 0)
		f = fopen(file, "wbx");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", file, strerror(errno));
		return -1;
	}
	int ok = fputs(S_magic, f) >= 0;
	for (size_t i = 0; ok && i < n; i++)
		ok = ismc_pagecache_put(f, recs[i]) == 0;
	for (size_t i = 0; ok && i < nparts; i++) {
		char *text = NULL;
		size_t len = 0;
		if (ismc_file_read_all(parts[i], &text, &len, err) != 0) {
			ok = 0;
			break;
		}
		ok = fwrite(text, 1, len, f) == len;
		free(text);
	}
	ok = fclose(f) == 0 && ok;
	if (!ok && !*err->msg)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", file);
	return ok ? 0 : -1;
}
