/* pdf_join.c: the parts of a pack rendered in parts (pdf.c) joined into one
 * PDF. libqpdf reads each part; the joined file is written here, object by
 * object, one part at a time, each object renumbered (object n of a part is
 * its base + n), so memory stays that of one part: libqpdf's own writer
 * holds every object of the result at once, about 2.8 KB an object, which
 * for the 1.2 million objects of 1,000 tagged documents was 3.5 GB.
 *
 * `qpdf --empty --pages` keeps only the first file's document-level
 * objects; here each part's are merged (planned first, S_plan_part, reading
 * only its catalog's objects; then written, S_write_part):
 * - the pages, in order, under one page tree;
 * - the bookmarks: a part's top-level items after those before, or, for a
 *   part that continues the last top-level item (a later batch of
 *   documents), after that item's children; links and counts adjusted;
 * - the named destinations (WeasyPrint's anchors, one per id): one sorted
 *   name tree, each name and each link's /Dest written the same way;
 * - links between parts: pdf.c turned a link whose target lies in another
 *   part into a URI `ismc-pdf-dest:NAME`, which WeasyPrint keeps as an
 *   external link; here it becomes a link to the named destination again;
 * - the structure tree (PDF/UA): each part's elements under one Document
 *   element, its parent tree's keys (the pages' /StructParents and the
 *   links' /StructParent) moved past those of the parts before;
 * - the catalog: the first part's entries (language, XMP metadata,
 *   MarkInfo, viewer preferences) and document information.
 * Then the page numbers: pdf.c rendered "Page N of M" for the whole pack in
 * one run of empty pages; each becomes a form XObject drawn after the
 * content of the page of that number (which is put between q and Q),
 * marked as a pagination artifact.
 *
 * libqpdf's C API reports errors through qpdf_has_error after a call, and
 * makes a type mismatch one: S_get and S_len read what is there, S_check
 * turns an error into an ismc_error. Handles are released per object. */
#define _XOPEN_SOURCE 700
#include "ismc.h"

#include <errno.h>
#include <limits.h>
#include <qpdf/qpdf-c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MARK ISMC_PDF_DEST_MARK

static int S_check(qpdf_data q, const char *what, ismc_error *err)
{
	if (!qpdf_has_error(q))
		return 0;
	qpdf_error e = qpdf_get_error(q);
	snprintf(err->msg, sizeof err->msg, "cannot %s: %s", what,
	         e ? qpdf_get_error_full_text(q, e) : "libqpdf failed");
	return -1;
}

/* libqpdf's C API makes a type mismatch (a key of a null, the length of
 * a dictionary) an error: these read what is there, or nothing. */
static qpdf_oh S_get(qpdf_data q, qpdf_oh dict, const char *key)
{
	return qpdf_oh_is_dictionary(q, dict) ? qpdf_oh_get_key(q, dict, key) : qpdf_oh_new_null(q);
}

static int S_len(qpdf_data q, qpdf_oh arr)
{
	return qpdf_oh_is_array(q, arr) ? qpdf_oh_get_array_n_items(q, arr) : 0;
}

static int S_has(qpdf_data q, qpdf_oh dict, const char *key)
{
	return qpdf_oh_is_dictionary(q, dict) && qpdf_oh_has_key(q, dict, key);
}

static long long S_int(qpdf_data q, qpdf_oh v)
{
	return qpdf_oh_is_integer(q, v) ? qpdf_oh_get_int_value(q, v) : 0;
}

static qpdf_data S_open(const char *pdf, ismc_error *err)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read(q, pdf, NULL) & QPDF_ERRORS) {
		char what[PATH_MAX + 16];
		snprintf(what, sizeof what, "read '%s'", pdf);
		S_check(q, what, err);
		qpdf_cleanup(&q);
		return NULL;
	}
	return q;
}

/* A name, read without creating a handle to keep. */
static int S_is_name(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
	qpdf_oh v = S_get(q, dict, key);
	int is = qpdf_oh_is_name_and_equals(q, v, name);
	qpdf_oh_release(q, v);
	return is;
}

/* The text of a PDF string as UTF-8, into a buffer the caller frees. */
static char *S_text(qpdf_data q, qpdf_oh s, size_t *len)
{
	size_t n = 0;
	const char *t = qpdf_oh_get_binary_utf8_value(q, s, &n);
	char *out = ismc_xmalloc(n + 1);
	memcpy(out, t, n);
	out[n] = '\0';
	*len = n;
	return out;
}

/* ---- scanning a part ---- */

int ismc_pdf_scan(const char *pdf, int first, ismc_buf *orient, ismc_map *dests, ismc_arena *a,
                  ismc_error *err)
{
	qpdf_data q = S_open(pdf, err);
	if (!q)
		return -1;
	int n = qpdf_get_num_pages(q);
	for (int i = 0; orient && i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh box = S_get(q, page, "/MediaBox");
		double w = 0, h = 0;
		if (S_len(q, box) == 4) {
			qpdf_oh v[4];
			for (int k = 0; k < 4; k++)
				v[k] = qpdf_oh_get_array_item(q, box, k);
			w = qpdf_oh_get_numeric_value(q, v[2]) - qpdf_oh_get_numeric_value(q, v[0]);
			h = qpdf_oh_get_numeric_value(q, v[3]) - qpdf_oh_get_numeric_value(q, v[1]);
			for (int k = 0; k < 4; k++)
				qpdf_oh_release(q, v[k]);
		}
		ismc_buf_put(orient, w > h ? "L" : "P", 1);
		qpdf_oh_release(q, box);
		qpdf_oh_release(q, page);
	}
	/* the names: WeasyPrint writes them as one flat /Names array */
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh names = S_get(q, root, "/Names");
	qpdf_oh tree = S_get(q, names, "/Dests");
	qpdf_oh arr = S_get(q, tree, "/Names");
	int m = dests ? S_len(q, arr) : 0;
	for (int i = 0; i + 1 < m; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, arr, i);
		qpdf_oh v = qpdf_oh_get_array_item(q, arr, i + 1);
		qpdf_oh d = qpdf_oh_is_dictionary(q, v) ? S_get(q, v, "/D")
		                                         : qpdf_oh_new_object(q, v);
		qpdf_oh pg = S_len(q, d) ? qpdf_oh_get_array_item(q, d, 0) : qpdf_oh_new_null(q);
		int at = qpdf_oh_is_dictionary(q, pg) ? qpdf_find_page_by_oh(q, pg) : -1;
		if (at >= 0 && qpdf_oh_is_string(q, k)) {
			size_t len;
			char *name = S_text(q, k, &len);
			const char *key = ismc_arena_strdup(a, name);
			free(name);
			ismc_map_put(dests, key, (void *)(intptr_t)(first + at + 1));
		}
		qpdf_oh_release(q, pg);
		qpdf_oh_release(q, d);
		qpdf_oh_release(q, v);
		qpdf_oh_release(q, k);
	}
	int rc = S_check(q, "read the part's destinations", err) ? -1 : n;
	qpdf_cleanup(&q);
	return rc;
}

/* ---- writing PDF syntax ---- */

/* A PDF string of `n` bytes, literal, escaped */
static void S_string(ismc_buf *b, const char *s, size_t n)
{
	ismc_buf_put(b, "(", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '(' || c == ')' || c == '\\')
			ismc_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			ismc_buf_printf(b, "\\%03o", c);
		else
			ismc_buf_put(b, (const char *)&c, 1);
	}
	ismc_buf_put(b, ")", 1);
}

/* The bytes the joined file writes a destination's name as, from its
 * UTF-8: ASCII as it is, else UTF-16BE with a byte order mark (as
 * WeasyPrint writes a text string), so that a link's /Dest and the name
 * tree's key are the same bytes whichever part and writer they came from. */
static void S_name_bytes(ismc_buf *out, const char *u, size_t n)
{
	size_t i = 0;
	while (i < n && !(u[i] & 0x80))
		i++;
	if (i == n) {
		ismc_buf_put(out, u, n);
		return;
	}
	ismc_buf_put(out, "\xfe\xff", 2);
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)u[i];
		unsigned long cp = c;
		int k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		if (k)
			cp = c & (0x3f >> k);
		for (i++; k > 0 && i < n; k--, i++)
			cp = cp << 6 | ((unsigned char)u[i] & 0x3f);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			unsigned long hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
			char w[4] = { (char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo };
			ismc_buf_put(out, w, 4);
		} else {
			char w[2] = { (char)(cp >> 8), (char)cp };
			ismc_buf_put(out, w, 2);
		}
	}
}

/* A name (libqpdf gives it with its escapes resolved) */
static void S_pdfname(ismc_buf *b, const char *name)
{
	ismc_buf_put(b, "/", 1);
	for (const unsigned char *c = (const unsigned char *)name + 1; *c; c++)
		if (*c < 0x21 || *c > 0x7e || strchr("#()<>[]{}/%", *c))
			ismc_buf_printf(b, "#%02x", *c);
		else
			ismc_buf_put(b, (const char *)c, 1);
}

/* ---- the plan of the join ---- */

/* What writing an object of a part changes in it. */
typedef struct {
	long page;                       /* a page: its number in the pack, 1-based */
	long parent, prev, next, first, last; /* an outline item: its links (joined numbers) */
	int count_set;
	long long count;
	ismc_buf forms;                  /* a dictionary the page-number forms join: entries */
	int xsub;                        /* ...in its /XObject (a resources dictionary) */
} S_fix;

typedef struct {
	const char *pdf;
	int cont;
	long size;        /* its trailer's /Size */
	long base;        /* an object n of the part is base + n in the joined file */
	long *remap;      /* [size]: 0 as above, -1 left out (a reference to it: null), else
	                   * the joined object that stands for it */
	S_fix **fix;      /* [size] */
	long npages, page0;  /* its pages; those of the parts before */
	long long keyoff; /* added to its structure keys */
	long long shown;  /* its outline root's /Count */
	long *tops;       /* its top-level outline items, in order */
	long ntops;
	long long *tcount; /* each top item's /Count */
	long *tlast;      /* each top item's last child, 0 for none */
} S_plan;

/* the joined file's own objects */
enum { S_CATALOG = 1, S_PAGES, S_STRUCT, S_PTREE, S_DOC, S_OUTLINES, S_DESTS, S_SAVE, S_FIRST };

typedef struct {
	char *key; /* S_name_bytes */
	size_t len;
	char *value;
} S_dest;

typedef struct {
	S_plan *pl;       /* the parts, then the page numbers' PDF */
	size_t n;         /* parts */
	long pages;       /* in the pack */
	long forms, overlays, size; /* the first form, the first overlay, /Size */
	int tagged;
	long long keys;   /* the next free structure key */
	ismc_buf nums;    /* the parent tree's entries */
	ismc_buf kids;    /* the Document element's */
	ismc_buf catalog; /* the first part's catalog entries the joined one keeps */
	ismc_buf kidpages;/* the pages' references */
	long info;        /* the first part's /Info, joined, or 0 */
	long ofirst, olast; /* the outline root's */
	long long oshown;
	ismc_vec dests;   /* S_dest * */
	ismc_map *named;
	ismc_arena *a;
	/* the output */
	FILE *f;
	long long at;
	long long *offset; /* [size] */
	uint64_t h1, h2;
} S_join;

static S_fix *S_fixof(S_plan *p, long n)
{
	if (n <= 0 || n >= p->size)
		return NULL;
	if (!p->fix[n])
		p->fix[n] = ismc_xcalloc(1, sizeof **p->fix);
	return p->fix[n];
}

static long S_num(qpdf_data q, qpdf_oh oh)
{
	return qpdf_oh_is_indirect(q, oh) ? qpdf_oh_get_object_id(q, oh) : 0;
}

/* The joined number of object n of part p; 0 for none (null). */
static long S_map(const S_plan *p, long n)
{
	if (n <= 0 || n >= p->size || p->remap[n] < 0)
		return 0;
	return p->remap[n] ? p->remap[n] : p->base + n;
}

static void S_value(S_join *j, const S_plan *p, qpdf_data q, qpdf_oh v, int top, ismc_buf *b);

/* A dictionary, with `over` (key, text; text NULL drops the key) put in
 * place of the keys it names or added, and `extra` text inside the end. */
typedef struct {
	const char *key, *text;
} S_over;

static void S_dict(S_join *j, const S_plan *p, qpdf_data q, qpdf_oh d, const S_over *over,
                   size_t nover, const char *extra, ismc_buf *b)
{
	ismc_vec keys = { 0 };
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q))
		ismc_vec_push(&keys, ismc_xstrdup(qpdf_oh_dict_next_key(q)));
	ismc_buf_puts(b, "<<");
	for (size_t i = 0; i < keys.n; i++) {
		const char *k = keys.v[i];
		size_t o = 0;
		while (o < nover && strcmp(over[o].key, k))
			o++;
		if (o < nover && !over[o].text)
			continue;
		ismc_buf_put(b, " ", 1);
		S_pdfname(b, k);
		ismc_buf_put(b, " ", 1);
		if (o < nover) {
			ismc_buf_puts(b, over[o].text);
		} else {
			qpdf_oh v = qpdf_oh_get_key(q, d, k);
			S_value(j, p, q, v, 0, b);
			qpdf_oh_release(q, v);
		}
	}
	for (size_t o = 0; o < nover; o++) {
		size_t i = 0;
		while (i < keys.n && strcmp(keys.v[i], over[o].key))
			i++;
		if (i == keys.n && over[o].text) {
			ismc_buf_put(b, " ", 1);
			S_pdfname(b, over[o].key);
			ismc_buf_printf(b, " %s", over[o].text);
		}
	}
	if (extra)
		ismc_buf_puts(b, extra);
	ismc_buf_puts(b, " >>");
	for (size_t i = 0; i < keys.n; i++)
		free(keys.v[i]);
	ismc_vec_free(&keys);
}

/* An object's value in PDF syntax, its references renumbered; `top`: the
 * object itself, not a reference to it. */
static void S_value(S_join *j, const S_plan *p, qpdf_data q, qpdf_oh v, int top, ismc_buf *b)
{
	if (!top && qpdf_oh_is_indirect(q, v)) {
		long n = S_map(p, qpdf_oh_get_object_id(q, v));
		if (n)
			ismc_buf_printf(b, "%ld 0 R", n);
		else
			ismc_buf_puts(b, "null");
		return;
	}
	if (qpdf_oh_is_bool(q, v)) {
		ismc_buf_puts(b, qpdf_oh_get_bool_value(q, v) ? "true" : "false");
	} else if (qpdf_oh_is_integer(q, v)) {
		ismc_buf_printf(b, "%lld", qpdf_oh_get_int_value(q, v));
	} else if (qpdf_oh_is_real(q, v)) {
		ismc_buf_puts(b, qpdf_oh_get_real_value(q, v));
	} else if (qpdf_oh_is_name(q, v)) {
		S_pdfname(b, qpdf_oh_get_name(q, v));
	} else if (qpdf_oh_is_string(q, v)) {
		size_t n;
		const char *s = qpdf_oh_get_binary_string_value(q, v, &n);
		S_string(b, s, n);
	} else if (qpdf_oh_is_array(q, v)) {
		int n = qpdf_oh_get_array_n_items(q, v);
		ismc_buf_put(b, "[", 1);
		for (int i = 0; i < n; i++) {
			qpdf_oh it = qpdf_oh_get_array_item(q, v, i);
			if (i)
				ismc_buf_put(b, " ", 1);
			S_value(j, p, q, it, 0, b);
			qpdf_oh_release(q, it);
		}
		ismc_buf_put(b, "]", 1);
	} else if (qpdf_oh_is_dictionary(q, v)) {
		S_dict(j, p, q, v, NULL, 0, NULL, b);
	} else {
		ismc_buf_puts(b, "null");
	}
}

/* The top-level items of an outline root, their /Count and last child. */
static void S_plan_outline(S_plan *p, qpdf_data q, qpdf_oh root)
{
	p->shown = S_int(q, S_get(q, root, "/Count"));
	for (qpdf_oh it = S_get(q, root, "/First"); qpdf_oh_is_dictionary(q, it);
	     it = S_get(q, it, "/Next")) {
		if (S_num(q, it) <= 0 || S_num(q, it) >= p->size || p->ntops > p->size) /* a loop */
			break;
		p->tops = ismc_xrealloc(p->tops, (size_t)(p->ntops + 1) * sizeof *p->tops);
		p->tcount = ismc_xrealloc(p->tcount, (size_t)(p->ntops + 1) * sizeof *p->tcount);
		p->tlast = ismc_xrealloc(p->tlast, (size_t)(p->ntops + 1) * sizeof *p->tlast);
		p->tops[p->ntops] = S_num(q, it);
		p->tcount[p->ntops] = S_int(q, S_get(q, it, "/Count"));
		p->tlast[p->ntops] = S_num(q, S_get(q, it, "/Last"));
		p->ntops++;
	}
}

/* Leaves out a number tree's nodes, collecting its entries with `add`. */
static long long S_plan_nums(S_join *j, S_plan *p, qpdf_data q, qpdf_oh node, long long add)
{
	long long max = -1;
	long n = S_num(q, node);
	if (n > 0 && n < p->size)
		p->remap[n] = -1;
	qpdf_oh nums = S_get(q, node, "/Nums");
	int m = S_len(q, nums);
	for (int i = 0; i + 1 < m; i += 2) {
		long long k = S_int(q, qpdf_oh_get_array_item(q, nums, i));
		if (k > max)
			max = k;
		ismc_buf_printf(&j->nums, " %lld ", k + add);
		S_value(j, p, q, qpdf_oh_get_array_item(q, nums, i + 1), 0, &j->nums);
	}
	qpdf_oh kids = S_get(q, node, "/Kids");
	for (int i = 0; i < S_len(q, kids); i++) {
		long long k = S_plan_nums(j, p, q, qpdf_oh_get_array_item(q, kids, i), add);
		if (k > max)
			max = k;
	}
	return max;
}

/* Collects a name tree's names (the first part to name one wins), their
 * values renumbered, and leaves its nodes out. */
static void S_plan_names(S_join *j, S_plan *p, qpdf_data q, qpdf_oh node)
{
	long n = S_num(q, node);
	if (n > 0 && n < p->size)
		p->remap[n] = -1;
	qpdf_oh arr = S_get(q, node, "/Names");
	n = S_num(q, arr);
	if (n > 0 && n < p->size)
		p->remap[n] = -1;
	int m = S_len(q, arr);
	for (int i = 0; i + 1 < m; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, arr, i);
		if (!qpdf_oh_is_string(q, k))
			continue;
		size_t len;
		char *name = S_text(q, k, &len);
		if (!ismc_map_put(j->named, ismc_arena_strdup(j->a, name), (void *)1)) {
			S_dest *d = ismc_arena_alloc(j->a, sizeof *d);
			ismc_buf key = { 0 }, val = { 0 };
			S_name_bytes(&key, name, len);
			S_value(j, p, q, qpdf_oh_get_array_item(q, arr, i + 1), 0, &val);
			d->key = ismc_arena_strndup(j->a, key.data ? key.data : "", key.len);
			d->len = key.len;
			d->value = ismc_arena_strdup(j->a, val.data ? val.data : "null");
			ismc_buf_free(&key);
			ismc_buf_free(&val);
			ismc_vec_push(&j->dests, d);
		}
		free(name);
	}
	qpdf_oh kids = S_get(q, node, "/Kids");
	for (int i = 0; i < S_len(q, kids); i++)
		S_plan_names(j, p, q, qpdf_oh_get_array_item(q, kids, i));
}

/* Leaves out a page tree's nodes: a reference to one is the joined one. */
static void S_plan_tree(S_plan *p, qpdf_data q, qpdf_oh node, int depth)
{
	long n = S_num(q, node);
	if (depth > 32 || n <= 0 || n >= p->size || !S_is_name(q, node, "/Type", "/Pages"))
		return;
	p->remap[n] = S_PAGES;
	qpdf_oh kids = S_get(q, node, "/Kids");
	for (int i = 0; i < S_len(q, kids); i++)
		S_plan_tree(p, q, qpdf_oh_get_array_item(q, kids, i), depth + 1);
}

/* A part's plan: what it leaves out, what stands for what, what changes;
 * its structure entries, names and Document kids collected. The part is
 * read lazily: only its catalog's objects are resolved here. */
static int S_plan_part(S_join *j, size_t i, ismc_error *err)
{
	S_plan *p = &j->pl[i];
	int numbers = i == j->n;
	qpdf_data q = S_open(p->pdf, err);
	if (!q)
		return -1;
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh trailer = qpdf_get_trailer(q);
	if (S_num(q, root) > 0)
		p->remap[S_num(q, root)] = -1;
	long info = S_num(q, S_get(q, trailer, "/Info"));
	if (info > 0 && info < p->size) {
		if (i == 0)
			j->info = p->base + info;
		else
			p->remap[info] = -1;
	}
	S_plan_tree(p, q, S_get(q, root, "/Pages"), 0);
	for (long k = 0; k < p->npages; k++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)k);
		long pn = S_num(q, page);
		if (numbers) {
			/* its pages become forms: the pages and their content go */
			if (pn > 0 && pn < p->size)
				p->remap[pn] = -1;
			qpdf_oh c = S_get(q, page, "/Contents");
			long cn = S_num(q, c);
			if (cn > 0 && cn < p->size)
				p->remap[cn] = -1;
			for (int e = 0; e < S_len(q, c); e++) {
				cn = S_num(q, qpdf_oh_get_array_item(q, c, e));
				if (cn > 0 && cn < p->size)
					p->remap[cn] = -1;
			}
			continue;
		}
		S_fix *f = S_fixof(p, pn);
		if (!f)
			continue;
		f->page = p->page0 + k + 1;
		ismc_buf_printf(&j->kidpages, " %ld 0 R", p->base + pn);
		/* the form joins the page's resources, or what they share */
		qpdf_oh res = S_get(q, page, "/Resources");
		qpdf_oh xo = S_get(q, res, "/XObject");
		S_fix *into = S_num(q, xo) ? S_fixof(p, S_num(q, xo))
		              : S_num(q, res) ? S_fixof(p, S_num(q, res)) : f;
		if (!into)
			continue;
		into->xsub = !S_num(q, xo);
		ismc_buf_printf(&into->forms, " /IsmcPage%ld %ld 0 R", f->page,
		                j->forms + f->page - 1);
	}
	if (!numbers) {
		qpdf_oh str = S_get(q, root, "/StructTreeRoot");
		if (i == 0)
			j->tagged = qpdf_oh_is_dictionary(q, str);
		if (j->tagged && qpdf_oh_is_dictionary(q, str)) {
			if (S_num(q, str) > 0)
				p->remap[S_num(q, str)] = S_STRUCT;
			p->keyoff = j->keys;
			long long max = S_plan_nums(j, p, q, S_get(q, str, "/ParentTree"), p->keyoff);
			j->keys = p->keyoff + max + 1;
			/* WeasyPrint's tree: one Document element, whose kids join ours */
			qpdf_oh k = S_get(q, str, "/K");
			qpdf_oh doc = S_len(q, k) == 1 ? qpdf_oh_get_array_item(q, k, 0) : k;
			qpdf_oh kids = k;
			if (S_is_name(q, doc, "/S", "/Document") && S_num(q, doc) > 0) {
				p->remap[S_num(q, doc)] = S_DOC;
				kids = S_get(q, doc, "/K");
			}
			if (qpdf_oh_is_array(q, kids)) {
				for (int e = 0; e < S_len(q, kids); e++) {
					ismc_buf_put(&j->kids, " ", 1);
					S_value(j, p, q, qpdf_oh_get_array_item(q, kids, e), 0, &j->kids);
				}
			} else if (!qpdf_oh_is_null(q, kids)) {
				ismc_buf_put(&j->kids, " ", 1);
				S_value(j, p, q, kids, 0, &j->kids);
			}
		}
		qpdf_oh out = S_get(q, root, "/Outlines");
		if (S_num(q, out) > 0)
			p->remap[S_num(q, out)] = -1;
		S_plan_outline(p, q, out);
		qpdf_oh names = S_get(q, root, "/Names");
		if (S_num(q, names) > 0)
			p->remap[S_num(q, names)] = -1;
		S_plan_names(j, p, q, S_get(q, names, "/Dests"));
		long meta = S_num(q, S_get(q, root, "/Metadata"));
		if (i > 0 && meta > 0 && meta < p->size)
			p->remap[meta] = -1;
		if (i == 0) {
			/* the catalog keeps the first part's other entries: language,
			 * metadata, MarkInfo, viewer preferences, output intents */
			static const S_over rebuilt[] = { { "/Type", NULL }, { "/Pages", NULL },
				                          { "/StructTreeRoot", NULL },
				                          { "/Outlines", NULL }, { "/Names", NULL } };
			ismc_buf cat = { 0 };
			S_dict(j, p, q, root, rebuilt, sizeof rebuilt / sizeof *rebuilt, NULL, &cat);
			/* "<< ... >>": the entries only */
			if (cat.len > 5)
				ismc_buf_put(&j->catalog, cat.data + 2, cat.len - 5);
			ismc_buf_free(&cat);
		}
	}
	char what[PATH_MAX + 16];
	snprintf(what, sizeof what, "read '%s'", p->pdf);
	int rc = S_check(q, what, err);
	qpdf_cleanup(&q);
	return rc;
}

/* The outline: each part's top-level items after those before, or, for a
 * part that continues the last top-level item (a later batch of
 * documents), after that item's children; the links and counts that
 * change. */
static void S_plan_outlines(S_join *j)
{
	size_t holder = SIZE_MAX; /* the part holding the last top-level item */
	long hitem = 0;           /* that item, its number in its part */
	long prevlast = 0, hlast = 0; /* joined: the last top-level item; the holder's last child */
	long long hadd = 0, hown = 0;
	for (size_t i = 0; i < j->n; i++) {
		S_plan *p = &j->pl[i];
		if (!p->ntops)
			continue;
		long first = p->base + p->tops[0], last = p->base + p->tops[p->ntops - 1];
		int under = p->cont && holder != SIZE_MAX;
		long parent = under ? j->pl[holder].base + hitem : S_OUTLINES;
		long before = under ? hlast : prevlast;
		for (long k = 0; k < p->ntops; k++)
			S_fixof(p, p->tops[k])->parent = parent;
		if (before) {
			S_fixof(p, p->tops[0])->prev = before;
			/* the item before is in an earlier part, planned: its fix */
			for (size_t e = 0; e <= i; e++) {
				S_plan *o = &j->pl[e];
				long n = before - o->base;
				if (n > 0 && n < o->size && o->remap[n] == 0) {
					S_fixof(o, n)->next = first;
					break;
				}
			}
		}
		if (under) {
			S_plan *h = &j->pl[holder];
			S_fix *hf = S_fixof(h, hitem);
			if (!hlast)
				hf->first = first;
			hf->last = last;
			hlast = last;
			hadd += p->shown;
			hf->count_set = 1;
			hf->count = hown < 0 ? hown - hadd : hown + hadd;
			if (hown >= 0)
				j->oshown += p->shown;
		} else {
			if (!j->ofirst)
				j->ofirst = first;
			j->olast = last;
			prevlast = last;
			j->oshown += p->shown;
			holder = i;
			hitem = p->tops[p->ntops - 1];
			hown = p->tcount[p->ntops - 1];
			hlast = p->tlast[p->ntops - 1] ? p->base + p->tlast[p->ntops - 1] : 0;
			hadd = 0;
		}
	}
}

/* ---- writing ---- */

static void S_put(S_join *j, const void *data, size_t n)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < n; i++) {
		j->h1 = (j->h1 ^ b[i]) * 0x100000001b3ULL;
		j->h2 = (j->h2 ^ b[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
	}
	fwrite(data, 1, n, j->f);
	j->at += (long long)n;
}

/* Writes object n: `body` (a value), or a stream of `data`. */
static void S_object(S_join *j, long n, const ismc_buf *body, const unsigned char *data,
                     size_t len)
{
	char head[48];
	j->offset[n] = j->at;
	S_put(j, head, (size_t)snprintf(head, sizeof head, "%ld 0 obj\n", n));
	S_put(j, body->data ? body->data : "null", body->data ? body->len : 4);
	if (data) {
		S_put(j, "\nstream\n", 8);
		S_put(j, data, len);
		S_put(j, "\nendstream", 10);
	}
	S_put(j, "\nendobj\n", 8);
}

static void S_text_name(ismc_buf *b, const char *utf8, size_t n)
{
	ismc_buf raw = { 0 };
	S_name_bytes(&raw, utf8, n);
	S_string(b, raw.data ? raw.data : "", raw.len);
	ismc_buf_free(&raw);
}

/* A link: its structure key moved; a link to another part (S_MARK) made a
 * link to its named destination; every /Dest name as S_name_bytes has it. */
static void S_link(S_join *j, const S_plan *p, qpdf_data q, qpdf_oh d, ismc_buf *b)
{
	S_over over[4];
	size_t n = 0;
	char key[32];
	ismc_buf dest = { 0 }, label = { 0 };
	if (S_has(q, d, "/StructParent")) {
		snprintf(key, sizeof key, "%lld", S_int(q, S_get(q, d, "/StructParent")) + p->keyoff);
		over[n++] = (S_over){ "/StructParent", key };
	}
	qpdf_oh act = S_get(q, d, "/A"), uri = S_get(q, act, "/URI"), dst = S_get(q, d, "/Dest");
	size_t m = strlen(S_MARK), len;
	if (qpdf_oh_is_string(q, uri) && S_is_name(q, act, "/S", "/URI")) {
		char *u = S_text(q, uri, &len);
		if (len > m && !strncmp(u, S_MARK, m)) {
			ismc_buf name = { 0 };
			for (size_t k = m; k < len; k++) {
				int hi, lo;
				if (u[k] == '%' && k + 2 < len && (hi = ismc_hex_digit(u[k + 1])) >= 0 &&
				    (lo = ismc_hex_digit(u[k + 2])) >= 0) {
					char c = (char)(hi * 16 + lo);
					ismc_buf_put(&name, &c, 1);
					k += 2;
				} else {
					ismc_buf_put(&name, &u[k], 1);
				}
			}
			S_text_name(&dest, name.data ? name.data : "", name.len);
			over[n++] = (S_over){ "/A", NULL };
			/* as WeasyPrint labels an internal link: by its target */
			if (S_has(q, d, "/Contents")) {
				S_string(&label, name.data ? name.data : "", name.len);
				over[n++] = (S_over){ "/Contents", label.data };
			}
			ismc_buf_free(&name);
		}
		free(u);
	} else if (qpdf_oh_is_string(q, dst)) {
		char *t = S_text(q, dst, &len);
		S_text_name(&dest, t, len);
		free(t);
	}
	if (dest.data)
		over[n++] = (S_over){ "/Dest", dest.data };
	S_dict(j, p, q, d, over, n, NULL, b);
	ismc_buf_free(&dest);
	ismc_buf_free(&label);
}

/* A page: its structure key moved, its content between q and Q with its
 * page number drawn after (the overlay), its form in its resources when
 * they are its own. */
static void S_page(S_join *j, const S_plan *p, qpdf_data q, qpdf_oh d, const S_fix *f,
                   ismc_buf *b)
{
	S_over over[3];
	size_t n = 0;
	char key[32];
	ismc_buf contents = { 0 }, res = { 0 };
	if (S_has(q, d, "/StructParents")) {
		snprintf(key, sizeof key, "%lld", S_int(q, S_get(q, d, "/StructParents")) + p->keyoff);
		over[n++] = (S_over){ "/StructParents", key };
	}
	qpdf_oh c = S_get(q, d, "/Contents");
	ismc_buf_printf(&contents, "[%d 0 R", S_SAVE);
	if (qpdf_oh_is_array(q, c)) {
		for (int i = 0; i < S_len(q, c); i++) {
			ismc_buf_put(&contents, " ", 1);
			S_value(j, p, q, qpdf_oh_get_array_item(q, c, i), 0, &contents);
		}
	} else if (!qpdf_oh_is_null(q, c)) {
		ismc_buf_put(&contents, " ", 1);
		S_value(j, p, q, c, 0, &contents);
	}
	ismc_buf_printf(&contents, " %ld 0 R]", j->overlays + f->page - 1);
	over[n++] = (S_over){ "/Contents", contents.data };
	qpdf_oh r = S_get(q, d, "/Resources");
	if (f->forms.data && !qpdf_oh_is_indirect(q, r)) {
		qpdf_oh xo = S_get(q, r, "/XObject");
		S_over sub = { "/XObject", NULL };
		ismc_buf xs = { 0 };
		if (qpdf_oh_is_dictionary(q, xo))
			S_dict(j, p, q, xo, NULL, 0, f->forms.data, &xs);
		else
			ismc_buf_printf(&xs, "<<%s >>", f->forms.data);
		sub.text = xs.data;
		S_dict(j, p, q, r, &sub, 1, NULL, &res);
		ismc_buf_free(&xs);
		over[n++] = (S_over){ "/Resources", res.data };
	}
	S_dict(j, p, q, d, over, n, NULL, b);
	ismc_buf_free(&contents);
	ismc_buf_free(&res);
}

/* Writes the objects of part i (or the page numbers' PDF, i == n: its
 * pages as forms), changed as planned; then frees what libqpdf read. */
static int S_write_part(S_join *j, size_t i, ismc_error *err)
{
	S_plan *p = &j->pl[i];
	qpdf_data q = S_open(p->pdf, err);
	if (!q)
		return -1;
	ismc_buf b = { 0 };
	for (long n = 1; n < p->size && !qpdf_has_error(q) && !ferror(j->f); n++) {
		if (p->remap[n])
			continue;
		qpdf_oh o = qpdf_get_object_by_id(q, (int)n, 0);
		const S_fix *f = p->fix[n];
		b.len = 0;
		if (qpdf_oh_is_null(q, o)) {
			qpdf_oh_release_all(q);
			continue; /* free */
		}
		if (qpdf_oh_is_stream(q, o)) {
			unsigned char *data = NULL;
			size_t len = 0;
			qpdf_oh_get_stream_data(q, o, qpdf_dl_none, NULL, &data, &len);
			char l[32];
			snprintf(l, sizeof l, "%zu", len);
			S_over over = { "/Length", l };
			S_dict(j, p, q, qpdf_oh_get_dict(q, o), &over, 1, NULL, &b);
			S_object(j, p->base + n, &b, data ? data : (unsigned char *)"", len);
			free(data);
		} else {
			if (f && f->page) {
				S_page(j, p, q, o, f, &b);
			} else if (qpdf_oh_is_dictionary(q, o) && S_is_name(q, o, "/Subtype", "/Link")) {
				S_link(j, p, q, o, &b);
			} else if (f) {
				char v[6][32];
				S_over over[7];
				size_t m = 0;
				const long *links[] = { &f->parent, &f->prev, &f->next, &f->first, &f->last };
				static const char *const keys[] = { "/Parent", "/Prev", "/Next", "/First",
					                            "/Last" };
				for (size_t k = 0; k < 5; k++)
					if (*links[k]) {
						snprintf(v[k], sizeof v[k], "%ld 0 R", *links[k]);
						over[m++] = (S_over){ keys[k], v[k] };
					}
				if (f->count_set) {
					snprintf(v[5], sizeof v[5], "%lld", f->count);
					over[m++] = (S_over){ "/Count", v[5] };
				}
				ismc_buf xs = { 0 };
				if (f->forms.data && f->xsub) {
					qpdf_oh xo = S_get(q, o, "/XObject");
					if (qpdf_oh_is_dictionary(q, xo))
						S_dict(j, p, q, xo, NULL, 0, f->forms.data, &xs);
					else
						ismc_buf_printf(&xs, "<<%s >>", f->forms.data);
					over[m++] = (S_over){ "/XObject", xs.data };
				}
				S_dict(j, p, q, o, over, m, f->xsub ? NULL : f->forms.data, &b);
				ismc_buf_free(&xs);
			} else {
				S_value(j, p, q, o, 1, &b);
			}
			S_object(j, p->base + n, &b, NULL, 0);
		}
		qpdf_oh_release_all(q);
	}
	if (i == j->n) {
		/* the forms: each page of the page numbers, drawn where it stood */
		for (long k = 0; k < p->npages && k < j->pages && !qpdf_has_error(q); k++) {
			qpdf_oh page = qpdf_get_page_n(q, (size_t)k);
			unsigned char *data = NULL;
			size_t len = 0;
			qpdf_oh_get_page_content_data(q, page, &data, &len);
			b.len = 0;
			ismc_buf_printf(&b, "<< /Type /XObject /Subtype /Form /BBox ");
			S_value(j, p, q, S_get(q, page, "/MediaBox"), 0, &b);
			ismc_buf_puts(&b, " /Resources ");
			S_value(j, p, q, S_get(q, page, "/Resources"), 0, &b);
			ismc_buf_printf(&b, " /Length %zu >>", len);
			S_object(j, j->forms + k, &b, data ? data : (unsigned char *)"", len);
			free(data);
			qpdf_oh_release_all(q);
		}
	}
	ismc_buf_free(&b);
	char what[PATH_MAX + 16];
	snprintf(what, sizeof what, "join '%s'", p->pdf);
	int rc = S_check(q, what, err);
	qpdf_cleanup(&q);
	return rc;
}

static int S_dest_cmp(const void *x, const void *y)
{
	const S_dest *a = *(S_dest *const *)x, *b = *(S_dest *const *)y;
	int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The joined file's own objects, the cross-reference table, the trailer. */
static void S_finish(S_join *j)
{
	ismc_buf b = { 0 };
	ismc_buf_puts(&b, "q\n");
	ismc_buf hd = { 0 };
	ismc_buf_printf(&hd, "<< /Length %zu >>", b.len);
	S_object(j, S_SAVE, &hd, (const unsigned char *)b.data, b.len);
	for (long k = 0; k < j->pages; k++) {
		b.len = hd.len = 0;
		ismc_buf_printf(&b, "\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC "
		                "q /IsmcPage%ld Do Q EMC\n", k + 1);
		ismc_buf_printf(&hd, "<< /Length %zu >>", b.len);
		S_object(j, j->overlays + k, &hd, (const unsigned char *)b.data, b.len);
	}
	b.len = 0;
	ismc_buf_printf(&b, "<< /Type /Pages /Count %ld /Kids [%s ] >>", j->pages,
	                j->kidpages.data ? j->kidpages.data : "");
	S_object(j, S_PAGES, &b, NULL, 0);
	if (j->tagged) {
		b.len = 0;
		ismc_buf_printf(&b, "<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R "
		                "/ParentTreeNextKey %lld >>", S_DOC, S_PTREE, j->keys);
		S_object(j, S_STRUCT, &b, NULL, 0);
		b.len = 0;
		ismc_buf_printf(&b, "<< /Nums [%s ] >>", j->nums.data ? j->nums.data : "");
		S_object(j, S_PTREE, &b, NULL, 0);
		b.len = 0;
		ismc_buf_printf(&b, "<< /Type /StructElem /S /Document /P %d 0 R /K [%s ] >>",
		                S_STRUCT, j->kids.data ? j->kids.data : "");
		S_object(j, S_DOC, &b, NULL, 0);
	}
	if (j->ofirst) {
		b.len = 0;
		ismc_buf_printf(&b, "<< /First %ld 0 R /Last %ld 0 R /Count %lld >>", j->ofirst,
		                j->olast, j->oshown);
		S_object(j, S_OUTLINES, &b, NULL, 0);
	}
	qsort(j->dests.v, j->dests.n, sizeof *j->dests.v, S_dest_cmp);
	b.len = 0;
	ismc_buf_puts(&b, "<< /Names [");
	for (size_t i = 0; i < j->dests.n; i++) {
		const S_dest *d = j->dests.v[i];
		ismc_buf_put(&b, " ", 1);
		S_string(&b, d->key, d->len);
		ismc_buf_printf(&b, " %s", d->value);
	}
	ismc_buf_puts(&b, " ] >>");
	S_object(j, S_DESTS, &b, NULL, 0);
	b.len = 0;
	ismc_buf_printf(&b, "<< /Type /Catalog /Pages %d 0 R", S_PAGES);
	if (j->tagged)
		ismc_buf_printf(&b, " /StructTreeRoot %d 0 R", S_STRUCT);
	if (j->ofirst)
		ismc_buf_printf(&b, " /Outlines %d 0 R", S_OUTLINES);
	ismc_buf_printf(&b, " /Names << /Dests %d 0 R >>%s >>", S_DESTS,
	                j->catalog.data ? j->catalog.data : "");
	S_object(j, S_CATALOG, &b, NULL, 0);
	/* every number from 0 to /Size - 1: the objects, and free entries for
	 * the gaps (what the parts left out) */
	long long xref = j->at;
	b.len = 0;
	ismc_buf_printf(&b, "xref\n0 %ld\n", j->size);
	S_put(j, b.data, b.len);
	for (long n = 0; n < j->size; n++) {
		char e[24];
		if (n && j->offset[n])
			snprintf(e, sizeof e, "%010lld 00000 n \n", j->offset[n]);
		else
			snprintf(e, sizeof e, "0000000000 65535 f \n");
		S_put(j, e, 20);
	}
	char id[40];
	snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)j->h1,
	         (unsigned long long)j->h2);
	b.len = 0;
	ismc_buf_printf(&b, "trailer\n<< /Size %ld /Root %d 0 R", j->size, S_CATALOG);
	if (j->info)
		ismc_buf_printf(&b, " /Info %ld 0 R", j->info);
	ismc_buf_printf(&b, " /ID [<%s> <%s>] >>\nstartxref\n%lld\n%%%%EOF\n", id, id, xref);
	S_put(j, b.data, b.len);
	ismc_buf_free(&b);
	ismc_buf_free(&hd);
}

int ismc_pdf_join(const ismc_pdf_part *parts, size_t n, const char *numbers, const char *out,
                  ismc_error *err)
{
	S_join j;
	memset(&j, 0, sizeof j);
	j.n = n;
	j.pl = ismc_xcalloc(n + 1, sizeof *j.pl);
	j.named = ismc_map_new();
	j.a = ismc_arena_new();
	j.h1 = 0xcbf29ce484222325ULL;
	j.h2 = 0x84222325cbf29ce4ULL;
	int rc = -1;
	/* the sizes and page counts first: every joined number follows */
	long base = S_FIRST;
	for (size_t i = 0; i <= n; i++) {
		S_plan *p = &j.pl[i];
		p->pdf = i < n ? parts[i].pdf : numbers;
		p->cont = i < n && parts[i].cont;
		qpdf_data q = S_open(p->pdf, err);
		if (!q)
			goto out;
		p->size = S_int(q, S_get(q, qpdf_get_trailer(q), "/Size"));
		p->npages = qpdf_get_num_pages(q);
		qpdf_cleanup(&q);
		if (p->size <= 0 || p->size > LONG_MAX / 4 || p->npages < 0) {
			snprintf(err->msg, sizeof err->msg, "'%s' is not a PDF ismc can join", p->pdf);
			goto out;
		}
		p->base = base;
		base += p->size;
		p->page0 = i < n ? j.pages : 0;
		if (i < n)
			j.pages += p->npages;
		p->remap = ismc_xcalloc((size_t)p->size, sizeof *p->remap);
		p->fix = ismc_xcalloc((size_t)p->size, sizeof *p->fix);
	}
	if (j.pl[n].npages != j.pages) {
		snprintf(err->msg, sizeof err->msg, "the page numbers have %ld pages, the pack %ld",
		         j.pl[n].npages, j.pages);
		goto out;
	}
	j.forms = base;
	j.overlays = j.forms + j.pages;
	j.size = j.overlays + j.pages;
	for (size_t i = 0; i <= n; i++)
		if (S_plan_part(&j, i, err) != 0)
			goto out;
	S_plan_outlines(&j);
	j.offset = ismc_xcalloc((size_t)j.size, sizeof *j.offset);
	if (!(j.f = fopen(out, "wb"))) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", out, strerror(errno));
		goto out;
	}
	S_put(&j, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15);
	for (size_t i = 0; i <= n; i++)
		if (S_write_part(&j, i, err) != 0)
			goto out;
	S_finish(&j);
	if (ferror(j.f)) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", out);
		goto out;
	}
	rc = 0;
out:
	if (j.f && fclose(j.f) != 0 && rc == 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", out, strerror(errno));
		rc = -1;
	}
	for (size_t i = 0; i <= n; i++) {
		S_plan *p = &j.pl[i];
		for (long k = 0; p->fix && k < p->size; k++)
			if (p->fix[k]) {
				ismc_buf_free(&p->fix[k]->forms);
				free(p->fix[k]);
			}
		free(p->fix);
		free(p->remap);
		free(p->tops);
		free(p->tcount);
		free(p->tlast);
	}
	free(j.pl);
	free(j.offset);
	ismc_buf_free(&j.nums);
	ismc_buf_free(&j.kids);
	ismc_buf_free(&j.catalog);
	ismc_buf_free(&j.kidpages);
	ismc_vec_free(&j.dests);
	ismc_map_free(j.named);
	ismc_arena_free(j.a);
	return rc;
}
