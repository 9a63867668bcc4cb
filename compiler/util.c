/* util.c: allocation, the arena, buffers, the hash table and text helpers. */
#include "ismc.h"

#include <ctype.h>
#include <dirent.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

/* ---- allocation: out of memory aborts here, nowhere else ---- */

static void S_oom(void)
{
	fputs("ismc: out of memory\n", stderr);
	abort();
}

void *ismc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

void *ismc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		S_oom();
	return p;
}

void *ismc_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

char *ismc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(ismc_xmalloc(n), s, n);
}

/* ---- arena ---- */

typedef struct S_chunk {
	struct S_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
} S_chunk;

struct ismc_arena {
	S_chunk *head;
};

ismc_arena *ismc_arena_new(void)
{
	return ismc_xcalloc(1, sizeof(ismc_arena));
}

void ismc_arena_free(ismc_arena *a)
{
	if (!a)
		return;
	for (S_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/* n bytes, not cleared: the caller writes them all */
static void *S_arena_take(ismc_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	S_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;
		c = ismc_xmalloc(sizeof(S_chunk) + size);
		c->used = 0;
		c->size = size;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

void *ismc_arena_alloc(ismc_arena *a, size_t n)
{
	void *p = S_arena_take(a, n);
	memset(p, 0, n);
	return p;
}

char *ismc_arena_strndup(ismc_arena *a, const char *s, size_t n)
{
	char *p = S_arena_take(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ismc_arena_strdup(ismc_arena *a, const char *s)
{
	return ismc_arena_strndup(a, s, strlen(s));
}

char *ismc_arena_printf(ismc_arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = ismc_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

/* ---- buffers and vectors ---- */

static void S_buf_grow(ismc_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = ismc_xrealloc(b->data, cap);
	b->cap = cap;
}

void ismc_buf_put(ismc_buf *b, const char *s, size_t n)
{
	S_buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ismc_buf_puts(ismc_buf *b, const char *s)
{
	ismc_buf_put(b, s, strlen(s));
}

void ismc_buf_vprintf(ismc_buf *b, const char *fmt, va_list ap)
{
	/* into the room there is, formatted again only when it did not fit:
	 * the XSLT functions format millions of short pieces (transform.c) */
	S_buf_grow(b, 64);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) { /* an encoding error: nothing added */
		b->data[b->len] = '\0';
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		S_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void ismc_buf_printf(ismc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ismc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void ismc_buf_free(ismc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void ismc_vec_push(ismc_vec *v, void *p)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = ismc_xrealloc(v->v, v->cap * sizeof(void *));
	}
	v->v[v->n++] = p;
}

void ismc_vec_free(ismc_vec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* ---- folders ---- */

static int S_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ismc_dir_names(const char *dir, int skip_hidden, ismc_vec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    !(skip_hidden && e->d_name[0] == '.'))
			ismc_vec_push(out, ismc_xstrdup(e->d_name));
	closedir(d);
	if (out->n) /* qsort(NULL, 0) is undefined */
		qsort(out->v, out->n, sizeof(void *), S_namecmp);
	return 0;
}

void ismc_names_free(ismc_vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	ismc_vec_free(v);
}

/* ---- hash table: open addressing, FNV-1a, power-of-two capacity ---- */

/* A slot: the key's hash beside the key and its value, so that a probe
 * reads one place of memory, not three arrays (a lookup in a table of
 * 10,000 ids is a cache miss a read). */
typedef struct {
	uint64_t hash; /* a probe compares it before the key's bytes (another
	                  key's string is a cache miss), and growing does not
	                  hash again */
	const char *key; /* NULL: an empty slot */
	void *val;
} S_entry;

struct ismc_map {
	S_entry *e;
	size_t n, cap;
	int byaddr; /* keys are addresses (ismc_map_new_byaddr), not strings */
};

static uint64_t S_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	/* FNV's low bits depend only on the low bits of each byte, and a slot
	 * is the low bits: ids that differ in a digit would crowd together.
	 * The high bits, mixed down (the finaliser of MurmurHash3), spread them. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint64_t S_key_hash(const ismc_map *m, const char *key)
{
	/* an address: its bits above its alignment, spread */
	return m->byaddr ? ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull >> 20 : S_hash(key);
}

ismc_map *ismc_map_new(void)
{
	ismc_map *m = ismc_xcalloc(1, sizeof(*m));
	m->cap = 64;
	m->e = ismc_xcalloc(m->cap, sizeof *m->e);
	return m;
}

ismc_map *ismc_map_new_byaddr(void)
{
	ismc_map *m = ismc_map_new();
	m->byaddr = 1;
	return m;
}

void ismc_map_free(ismc_map *m)
{
	if (!m)
		return;
	free(m->e);
	free(m);
}

/* The slot of `key` (hash h), or the empty slot where it would go. */
static size_t S_slot(const ismc_map *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->e[i].key && (m->byaddr ? m->e[i].key != key
	                                 : m->e[i].hash != h || strcmp(m->e[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *ismc_map_get(const ismc_map *m, const char *key)
{
	if (!m->n)
		return NULL;
	size_t i = S_slot(m, key, S_key_hash(m, key));
	return m->e[i].key ? m->e[i].val : NULL;
}

void *ismc_map_put(ismc_map *m, const char *key, void *val)
{
	if ((m->n + 1) * 2 > m->cap) { /* at most half full: short probes */
		ismc_map grown = { ismc_xcalloc(m->cap * 2, sizeof *m->e), 0, m->cap * 2,
			           m->byaddr };
		for (size_t i = 0; i < m->cap; i++)
			if (m->e[i].key)
				grown.e[S_slot(&grown, m->e[i].key, m->e[i].hash)] = m->e[i];
		free(m->e);
		m->e = grown.e;
		m->cap = grown.cap;
	}
	uint64_t h = S_key_hash(m, key);
	size_t i = S_slot(m, key, h);
	if (m->e[i].key)
		return m->e[i].val;
	m->e[i] = (S_entry){ h, key, val };
	m->n++;
	return NULL;
}

void ismc_map_each(const ismc_map *m, void (*fn)(const char *key, void *val, void *arg),
                   void *arg)
{
	for (size_t i = 0; m && i < m->cap; i++)
		if (m->e[i].key)
			fn(m->e[i].key, m->e[i].val, arg);
}

size_t ismc_map_count(const ismc_map *m)
{
	return m->n;
}

/* ---- files ---- */

int ismc_copy_bytes(FILE *from, long long off, long long len, FILE *to)
{
	if (len >= 0 && fseeko(from, (off_t)off, SEEK_SET) != 0)
		return -1;
	enum { CHUNK = 1 << 20 };
	char *chunk = ismc_xmalloc(CHUNK);
	int ok = 1;
	while (ok && len != 0) {
		size_t want = len > 0 && len < CHUNK ? (size_t)len : CHUNK;
		size_t got = fread(chunk, 1, want, from);
		if (got == 0)
			break;
		ok = fwrite(chunk, 1, got, to) == got;
		if (len > 0)
			len -= (long long)got;
	}
	free(chunk);
	return ok && !ferror(from) && len <= 0 ? 0 : -1;
}

/* ---- text ---- */

int ismc_hex_digit(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

size_t ismc_utf8_invalid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		uint64_t w; /* eight ASCII bytes at once: most of a policy's text */
		if (n - i >= sizeof w && (memcpy(&w, s + i, sizeof w), !(w & 0x8080808080808080u))) {
			i += sizeof w;
			continue;
		}
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, c &= 0x07;
		} else {
			return i + 1;
		}
		if (i + len > n)
			return i + 1;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i + 1;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return i + 1;
		i += len;
	}
	return 0;
}

/* The code point of the UTF-8 sequence at s[0..n) into *cp: its length, or
 * 0 when the bytes there are not UTF-8 (ismc_utf8_invalid's rules). */
static size_t S_utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t bad = ismc_utf8_invalid((const char *)s, n < 4 ? n : 4);
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
	if (bad == 1 || len > n)
		return 0;
	*cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t k = 1; k < len; k++)
		*cp = (*cp << 6) | (s[k] & 0x3F);
	return len;
}

/* C0 controls, DEL and C1 controls (U+0080-U+009F): what a terminal acts on. */
static int S_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

size_t ismc_text_unsafe(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = S_utf8_next(s + i, n - i, &cp);
		if (!len || S_control(cp))
			return i + 1;
		i += len;
	}
	return 0;
}

void ismc_buf_escape(ismc_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = S_utf8_next(s + i, n - i, &cp);
		if (len && !S_control(cp)) {
			ismc_buf_put(b, (const char *)s + i, len);
			i += len;
		} else if (!len) {
			ismc_buf_printf(b, "\\x%02x", s[i++]);
		} else if (cp == '\n' || cp == '\r' || cp == '\t') {
			ismc_buf_puts(b, cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t");
			i += len;
		} else {
			ismc_buf_printf(b, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
			i += len;
		}
	}
	ismc_buf_put(b, "", 0); /* terminated even when nothing was added */
}

void ismc_fputs_esc(FILE *f, const char *s)
{
	ismc_buf b = { 0 };
	ismc_buf_escape(&b, s, strlen(s));
	fputs(b.data, f);
	ismc_buf_free(&b);
}

void ismc_vfprintln_esc(FILE *f, const char *fmt, va_list ap)
{
	ismc_buf raw = { 0 }, esc = { 0 };
	ismc_buf_vprintf(&raw, fmt, ap);
	ismc_buf_escape(&esc, raw.data, raw.len);
	ismc_buf_put(&esc, "\n", 1);
	fputs(esc.data, f);
	ismc_buf_free(&raw);
	ismc_buf_free(&esc);
}

void ismc_fprintln_esc(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ismc_vfprintln_esc(f, fmt, ap);
	va_end(ap);
}

int ismc_edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	if ((int)(la > lb ? la - lb : lb - la) >= cap)
		return cap;
	int row[65], prev[65];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		row[0] = (int)i;
		int best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
		memcpy(prev, row, sizeof(int) * (lb + 1));
	}
	return prev[lb] < cap ? prev[lb] : cap;
}

const char *ismc_closest(const char *word, const char *const *cands, size_t n)
{
	/* A likely typo: at most a third of the word, and never more than 3. */
	int limit = (int)strlen(word) / 3;
	if (limit > 3)
		limit = 3;
	if (limit < 1)
		limit = 1;
	const char *best = NULL;
	int bestd = limit + 1;
	for (size_t i = 0; i < n; i++) {
		int dd = ismc_edit_distance(word, cands[i], bestd);
		if (dd < bestd) {
			bestd = dd;
			best = cands[i];
		}
	}
	return best;
}

/* Days from civil date (Howard Hinnant's algorithm). */
static long S_days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void S_civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static unsigned S_month_days(long y, unsigned m)
{
	static const unsigned md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : md[m - 1];
}

int ismc_date_parse(const char *s, long *days)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	long y = strtol(s, NULL, 10);
	unsigned m = (unsigned)strtol(s + 5, NULL, 10);
	unsigned d = (unsigned)strtol(s + 8, NULL, 10);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > S_month_days(y, m))
		return -1;
	*days = S_days_from_civil(y, m, d);
	return 0;
}

void ismc_date_format(long days, char out[11])
{
	long y;
	unsigned m, d;
	S_civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04ld-%02u-%02u", y % 10000, m % 100, d % 100);
}

long ismc_date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return S_days_from_civil(tm.tm_year + 1900L, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

int ismc_duration_parse(const char *s, long *count, int *unit)
{
	static const char *const units[] = { "day", "week", "month", "year" };
	char *end;
	if (!isdigit((unsigned char)*s))
		return -1;
	long n = strtol(s, &end, 10);
	if (n <= 0 || n > 100000 || *end != ' ')
		return -1;
	while (*end == ' ')
		end++;
	for (int u = 0; u < 4; u++) {
		size_t l = strlen(units[u]);
		if (strncmp(end, units[u], l) == 0 &&
		    (end[l] == '\0' || (end[l] == 's' && end[l + 1] == '\0'))) {
			*count = n;
			*unit = u;
			return 0;
		}
	}
	return -1;
}

void ismc_duration_format(long count, int unit, char out[32])
{
	static const char *const units[] = { "day", "week", "month", "year" };
	snprintf(out, 32, "%ld %s%s", count, units[unit & 3], count == 1 ? "" : "s");
}

long ismc_date_add(long days, long count, int unit)
{
	if (unit == ISMC_DAYS)
		return days + count;
	if (unit == ISMC_WEEKS)
		return days + 7 * count;
	long y;
	unsigned m, d;
	S_civil_from_days(days, &y, &m, &d);
	long months = y * 12 + (long)m - 1 + (unit == ISMC_YEARS ? 12 * count : count);
	y = months >= 0 ? months / 12 : -((-months + 11) / 12);
	m = (unsigned)(months - y * 12) + 1;
	/* 31 January + 1 month is the last day of February, not 3 March. */
	if (d > S_month_days(y, m))
		d = S_month_days(y, m);
	return S_days_from_civil(y, m, d);
}

/* ---- memory back to the system ---- */

/* jemalloc's control call when the executable links it (CMakeLists.txt
 * ISMC_JEMALLOC), else NULL: the tests and the sanitizer builds run on
 * glibc's allocator. */
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
	__attribute__((weak));

void ismc_memory_release(void)
{
	if (mallctl) {
		/* every arena's unused pages, now rather than after its decay time
		 * (4096 is MALLCTL_ARENAS_ALL) */
		mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
		return;
	}
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

void ismc_memory_huge_pages(int on)
{
#ifdef __linux__
	/* a kernel without the flag (before 3.15) keeps its own setting */
	(void)prctl(PR_SET_THP_DISABLE, on ? 0 : 1, 0, 0, 0);
#else
	(void)on;
#endif
}

/* ---- ISMC_TIMING ---- */

/* This process's resident memory in MB, or -1. */
static long S_resident_mb(void)
{
	long pages = -1, resident = -1;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = -1;
		fclose(f);
	}
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

void ismc_timing(const char *what, struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (what && getenv("ISMC_TIMING"))
		fprintf(stderr, "ismc: timing: %.3f s %s (%ld MB resident)\n",
		        (double)(now.tv_sec - since->tv_sec) + (now.tv_nsec - since->tv_nsec) / 1e9,
		        what, S_resident_mb());
	*since = now;
}
