/* pdf_join.c: the parts of a pack rendered in parts (pdf.c) joined into one
 * PDF through libqpdf.
 *
 * `qpdf --empty --pages a.pdf b.pdf --` keeps only the first file's
 * document-level objects, so each part's are merged here by hand, into the
 * first part's catalog (its title, language, XMP metadata, viewer
 * preferences and MarkInfo stay the pack's):
 * - the pages, in order (libqpdf's addPage: annotations and their pages
 *   come along; copied objects that point at pages point at the copies);
 * - the bookmarks: a part's top-level items after the first part's, or
 *   under the last top-level item when the part continues it (a later
 *   batch of documents under "Documents"); every /Count recomputed;
 * - the named destinations (WeasyPrint's anchors, one per id): one sorted
 *   name tree, every name and every link's /Dest written the same way;
 * - links between parts: pdf.c turned a link whose target lies in another
 *   part into a URI `ismc-pdf-dest:NAME`, which WeasyPrint keeps as an
 *   external link; here it becomes a link to the named destination again;
 * - the structure tree (PDF/UA): each part's elements under the first
 *   part's Document element, its parent tree's keys (the pages'
 *   /StructParents and the links' /StructParent) moved past those before.
 * Then the page numbers: pdf.c rendered "Page N of M" for the whole pack in
 * one run of near-empty pages, and each of its pages is drawn over the
 * page of that number as a form XObject, marked as a pagination artifact.
 *
 * libqpdf's C API reports errors through qpdf_has_error after a call;
 * S_check turns one into an ismc_error. Object handles are released as
 * soon as they are done with, since the join touches every object. */
#define _XOPEN_SOURCE 700
#include "ismc.h"

#include <limits.h>
#include <qpdf/qpdf-c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the marker pdf.c puts before a percent-encoded destination name */
#define S_MARK "ismc-pdf-dest:"

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

/* Adds `add` to the integer `key` of `dict`, when it has one. */
static void S_shift(qpdf_data q, qpdf_oh dict, const char *key, long long add)
{
	if (!add || !S_has(q, dict, key))
		return;
	qpdf_oh v = qpdf_oh_get_key(q, dict, key);
	qpdf_oh nv = qpdf_oh_new_integer(q, S_int(q, v) + add);
	qpdf_oh_replace_key(q, dict, key, nv);
	qpdf_oh_release(q, nv);
	qpdf_oh_release(q, v);
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

/* ---- joining ---- */

typedef struct {
	char *key; /* the name as the joined file writes it (bytes) */
	size_t len;
	qpdf_oh value;
} S_dest;

typedef struct {
	qpdf_data q;        /* the joined PDF: the first part, read, growing */
	qpdf_oh nums;       /* the parent tree's /Nums, flattened, in key order */
	long long next;     /* the first free parent-tree key */
	qpdf_oh container;  /* where the parts' top-level structure elements go */
	qpdf_oh outlines;   /* the outline root */
	ismc_vec dests;     /* S_dest *, in the order found */
	ismc_map *named;    /* name (UTF-8) -> 1: the first part to name one wins */
	ismc_arena *a;
	int tagged;
} S_join;

/* A name written the one way the joined file writes every name (libqpdf's
 * unicode string: PDFDocEncoding when it can, else UTF-16BE), so that a
 * link's /Dest and the name tree's key are the same bytes whichever part
 * and whichever writer made them. */
static qpdf_oh S_name(qpdf_data q, const char *utf8, size_t len)
{
	return qpdf_oh_new_binary_unicode_string(q, utf8, len);
}

/* Appends a number tree's (key + add, value) pairs to `out`; returns the
 * largest key, or -1 when it has none. */
static long long S_nums(qpdf_data q, qpdf_oh node, long long add, qpdf_oh out)
{
	long long max = -1;
	qpdf_oh nums = S_get(q, node, "/Nums");
	int n = S_len(q, nums);
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, nums, i);
		qpdf_oh v = qpdf_oh_get_array_item(q, nums, i + 1);
		long long key = S_int(q, k);
		if (key > max)
			max = key;
		qpdf_oh nk = qpdf_oh_new_integer(q, key + add);
		qpdf_oh_append_item(q, out, nk);
		qpdf_oh_append_item(q, out, v);
		qpdf_oh_release(q, nk);
		qpdf_oh_release(q, v);
		qpdf_oh_release(q, k);
	}
	qpdf_oh_release(q, nums);
	qpdf_oh kids = S_get(q, node, "/Kids");
	n = S_len(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
		long long m = S_nums(q, kid, add, out);
		if (m > max)
			max = m;
		qpdf_oh_release(q, kid);
	}
	qpdf_oh_release(q, kids);
	return max;
}

/* Collects a name tree's names (the first of each wins). */
static void S_names(S_join *j, qpdf_oh node)
{
	qpdf_data q = j->q;
	qpdf_oh arr = S_get(q, node, "/Names");
	int n = S_len(q, arr);
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, arr, i);
		size_t len;
		char *name = qpdf_oh_is_string(q, k) ? S_text(q, k, &len) : NULL;
		qpdf_oh_release(q, k);
		if (!name)
			continue;
		const char *key = ismc_arena_strdup(j->a, name);
		if (ismc_map_put(j->named, key, (void *)1)) {
			free(name);
			continue;
		}
		S_dest *d = ismc_arena_alloc(j->a, sizeof *d);
		qpdf_oh s = S_name(q, name, len);
		const char *bytes = qpdf_oh_get_binary_string_value(q, s, &d->len);
		d->key = ismc_arena_strndup(j->a, bytes, d->len);
		d->value = qpdf_oh_get_array_item(q, arr, i + 1);
		qpdf_oh_release(q, s);
		ismc_vec_push(&j->dests, d);
		free(name);
	}
	qpdf_oh_release(q, arr);
	qpdf_oh kids = S_get(q, node, "/Kids");
	n = S_len(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
		S_names(j, kid);
		qpdf_oh_release(q, kid);
	}
	qpdf_oh_release(q, kids);
}

static int S_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                                        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A page's links: a link to another part (S_MARK) becomes a link to its
 * named destination, every /Dest name is written as S_name writes it, and
 * the structure keys move by `add`. */
static void S_fix_page(S_join *j, qpdf_oh page, long long add)
{
	qpdf_data q = j->q;
	S_shift(q, page, "/StructParents", add);
	qpdf_oh annots = S_get(q, page, "/Annots");
	int n = S_len(q, annots);
	for (int i = 0; i < n; i++) {
		qpdf_oh an = qpdf_oh_get_array_item(q, annots, i);
		S_shift(q, an, "/StructParent", add);
		if (!S_is_name(q, an, "/Subtype", "/Link")) {
			qpdf_oh_release(q, an);
			continue;
		}
		char *name = NULL;
		size_t len = 0;
		qpdf_oh act = S_get(q, an, "/A");
		qpdf_oh uri = S_get(q, act, "/URI");
		qpdf_oh dst = S_get(q, an, "/Dest");
		if (qpdf_oh_is_string(q, uri) && S_is_name(q, act, "/S", "/URI")) {
			size_t ulen;
			char *u = S_text(q, uri, &ulen);
			size_t m = strlen(S_MARK);
			if (ulen > m && !strncmp(u, S_MARK, m)) {
				/* percent-decoding what pdf.c encoded */
				name = ismc_xmalloc(ulen);
				for (size_t k = m; k < ulen; k++) {
					int hi, lo;
					if (u[k] == '%' && k + 2 < ulen && (hi = S_hex(u[k + 1])) >= 0 &&
					    (lo = S_hex(u[k + 2])) >= 0) {
						name[len++] = (char)(hi * 16 + lo);
						k += 2;
					} else {
						name[len++] = u[k];
					}
				}
				name[len] = '\0';
				qpdf_oh_remove_key(q, an, "/A");
				if (S_has(q, an, "/Contents")) {
					/* as WeasyPrint labels an internal link: by its target */
					qpdf_oh c = qpdf_oh_new_binary_unicode_string(q, name, len);
					qpdf_oh_replace_key(q, an, "/Contents", c);
					qpdf_oh_release(q, c);
				}
			}
			free(u);
		} else if (qpdf_oh_is_string(q, dst)) {
			name = S_text(q, dst, &len);
		}
		if (name) {
			qpdf_oh s = S_name(q, name, len);
			qpdf_oh_replace_key(q, an, "/Dest", s);
			qpdf_oh_release(q, s);
			free(name);
		}
		qpdf_oh_release(q, dst);
		qpdf_oh_release(q, uri);
		qpdf_oh_release(q, act);
		qpdf_oh_release(q, an);
	}
	qpdf_oh_release(q, annots);
}

/* Appends the outline items from `first` on (a sibling chain) to the
 * children of `parent`. */
static void S_outline_append(qpdf_data q, qpdf_oh parent, qpdf_oh first)
{
	qpdf_oh last = S_get(q, parent, "/Last");
	qpdf_oh item = qpdf_oh_new_object(q, first);
	int had = qpdf_oh_is_dictionary(q, last);
	if (had) {
		qpdf_oh_replace_key(q, last, "/Next", item);
		qpdf_oh_replace_key(q, item, "/Prev", last);
	} else {
		qpdf_oh_replace_key(q, parent, "/First", item);
		qpdf_oh_remove_key(q, item, "/Prev");
	}
	while (qpdf_oh_is_dictionary(q, item)) {
		qpdf_oh_replace_key(q, item, "/Parent", parent);
		qpdf_oh_replace_key(q, parent, "/Last", item);
		qpdf_oh next = S_get(q, item, "/Next");
		qpdf_oh_release(q, item);
		item = next;
	}
	qpdf_oh_release(q, item);
	qpdf_oh_release(q, last);
}

/* Sets every item's /Count from its children (open items count the items
 * shown under them; a closed one keeps its count negative, as the PDF
 * reference has it); returns the items shown under `node`. */
static long long S_outline_count(qpdf_data q, qpdf_oh node, int root)
{
	long long shown = 0;
	qpdf_oh kid = S_get(q, node, "/First");
	while (qpdf_oh_is_dictionary(q, kid)) {
		shown += 1 + S_outline_count(q, kid, 0);
		qpdf_oh next = S_get(q, kid, "/Next");
		qpdf_oh_release(q, kid);
		kid = next;
	}
	qpdf_oh_release(q, kid);
	qpdf_oh was = S_get(q, node, "/Count");
	int closed = !root && qpdf_oh_is_integer(q, was) && S_int(q, was) < 0;
	qpdf_oh_release(q, was);
	qpdf_oh c = qpdf_oh_new_integer(q, closed ? -shown : shown);
	qpdf_oh_replace_key(q, node, "/Count", c);
	qpdf_oh_release(q, c);
	return closed ? 0 : shown;
}

/* The element a structure tree's top-level elements are under: WeasyPrint
 * writes one Document element below the root; another tree's root itself
 * (its /K made an array). */
static qpdf_oh S_document(qpdf_data q, qpdf_oh str)
{
	qpdf_oh k = S_get(q, str, "/K");
	qpdf_oh doc = S_len(q, k) == 1 ? qpdf_oh_get_array_item(q, k, 0) : qpdf_oh_new_object(q, k);
	if (!qpdf_oh_is_dictionary(q, doc) || !S_is_name(q, doc, "/S", "/Document")) {
		qpdf_oh_release(q, doc);
		doc = qpdf_oh_new_object(q, str);
		if (!qpdf_oh_is_array(q, k)) {
			qpdf_oh arr = qpdf_oh_is_null(q, k) ? qpdf_oh_new_array(q)
			                                    : qpdf_oh_wrap_in_array(q, k);
			qpdf_oh_replace_key(q, str, "/K", arr);
			qpdf_oh_release(q, arr);
		}
	}
	qpdf_oh_release(q, k);
	return doc;
}

/* The first part: the joined file's catalog, structure and bookmarks. */
static int S_join_open(S_join *j, const char *pdf, ismc_error *err)
{
	memset(j, 0, sizeof *j);
	j->a = ismc_arena_new();
	j->named = ismc_map_new();
	if (!(j->q = S_open(pdf, err)))
		return -1;
	qpdf_data q = j->q;
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh str = S_get(q, root, "/StructTreeRoot");
	j->nums = qpdf_oh_new_array(q);
	j->tagged = qpdf_oh_is_dictionary(q, str);
	if (j->tagged) {
		qpdf_oh pt = S_get(q, str, "/ParentTree");
		j->next = S_nums(q, pt, 0, j->nums) + 1;
		qpdf_oh_release(q, pt);
		j->container = S_document(q, str);
	}
	qpdf_oh_release(q, str);
	j->outlines = S_get(q, root, "/Outlines");
	if (!qpdf_oh_is_dictionary(q, j->outlines)) {
		qpdf_oh_release(q, j->outlines);
		qpdf_oh d = qpdf_oh_new_dictionary(q);
		j->outlines = qpdf_make_indirect_object(q, d);
		qpdf_oh_release(q, d);
		qpdf_oh_replace_key(q, root, "/Outlines", j->outlines);
	}
	qpdf_oh names = S_get(q, root, "/Names");
	qpdf_oh tree = S_get(q, names, "/Dests");
	S_names(j, tree);
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, names);
	int n = qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		S_fix_page(j, page, 0);
		qpdf_oh_release(q, page);
	}
	qpdf_oh_release(q, root);
	return S_check(q, "read the first part", err);
}

/* Appends the part `pdf` (its pages, bookmarks, names and structure). */
static int S_join_part(S_join *j, const char *pdf, int cont, ismc_error *err)
{
	qpdf_data q = j->q;
	qpdf_data src = S_open(pdf, err);
	if (!src)
		return -1;
	int first = qpdf_get_num_pages(q);
	int n = qpdf_get_num_pages(src);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(src, (size_t)i);
		qpdf_add_page(q, src, page, QPDF_FALSE);
		qpdf_oh_release(src, page);
	}
	char what[PATH_MAX + 32];
	snprintf(what, sizeof what, "join '%s'", pdf);
	if (S_check(q, what, err) || S_check(src, what, err)) {
		qpdf_cleanup(&src);
		return -1;
	}
	/* the catalog, once its pages are in: what it points at comes along,
	 * pointing at the copied pages; the copy itself is not written */
	qpdf_oh sroot = qpdf_get_root(src);
	qpdf_oh cat = qpdf_oh_copy_foreign_object(q, src, sroot);
	qpdf_oh_release(src, sroot);
	if (S_check(q, what, err) || S_check(src, what, err)) {
		qpdf_cleanup(&src);
		return -1;
	}
	long long add = j->next;
	qpdf_oh str = S_get(q, cat, "/StructTreeRoot");
	if (j->tagged && qpdf_oh_is_dictionary(q, str)) {
		qpdf_oh pt = S_get(q, str, "/ParentTree");
		long long max = S_nums(q, pt, add, j->nums);
		if (max >= 0)
			j->next = add + max + 1;
		qpdf_oh doc = S_document(q, str);
		qpdf_oh kids = S_get(q, doc, "/K");
		qpdf_oh into = S_get(q, j->container, "/K");
		int m = S_len(q, kids);
		for (int i = 0; i < m; i++) {
			qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
			if (qpdf_oh_is_dictionary(q, kid))
				qpdf_oh_replace_key(q, kid, "/P", j->container);
			qpdf_oh_append_item(q, into, kid);
			qpdf_oh_release(q, kid);
		}
		qpdf_oh_release(q, into);
		qpdf_oh_release(q, kids);
		qpdf_oh_release(q, doc);
		qpdf_oh_release(q, pt);
	}
	qpdf_oh_release(q, str);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)(first + i));
		S_fix_page(j, page, j->tagged ? add : 0);
		qpdf_oh_release(q, page);
	}
	qpdf_oh out = S_get(q, cat, "/Outlines");
	qpdf_oh top = S_get(q, out, "/First");
	if (qpdf_oh_is_dictionary(q, top)) {
		qpdf_oh last = S_get(q, j->outlines, "/Last");
		qpdf_oh parent = cont && qpdf_oh_is_dictionary(q, last) ? qpdf_oh_new_object(q, last)
		                                                         : qpdf_oh_new_object(q, j->outlines);
		S_outline_append(q, parent, top);
		qpdf_oh_release(q, parent);
		qpdf_oh_release(q, last);
	}
	qpdf_oh_release(q, top);
	qpdf_oh_release(q, out);
	qpdf_oh names = S_get(q, cat, "/Names");
	qpdf_oh tree = S_get(q, names, "/Dests");
	S_names(j, tree);
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, names);
	qpdf_oh_release(q, cat);
	/* the stream data stays in the part's file, read when written */
	qpdf_cleanup(&src);
	return S_check(q, what, err);
}

static int S_dest_cmp(const void *x, const void *y)
{
	const S_dest *a = *(S_dest *const *)x, *b = *(S_dest *const *)y;
	int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The merged name tree, the parent tree and the bookmarks' counts. */
static void S_join_finish(S_join *j)
{
	qpdf_data q = j->q;
	qpdf_oh root = qpdf_get_root(q);
	qsort(j->dests.v, j->dests.n, sizeof *j->dests.v, S_dest_cmp);
	qpdf_oh arr = qpdf_oh_new_array(q);
	for (size_t i = 0; i < j->dests.n; i++) {
		S_dest *d = j->dests.v[i];
		qpdf_oh k = qpdf_oh_new_binary_string(q, d->key, d->len);
		qpdf_oh_append_item(q, arr, k);
		qpdf_oh_append_item(q, arr, d->value);
		qpdf_oh_release(q, k);
	}
	qpdf_oh names = S_get(q, root, "/Names");
	if (!qpdf_oh_is_dictionary(q, names)) {
		qpdf_oh_release(q, names);
		names = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/Names", names);
	}
	qpdf_oh tree = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, tree, "/Names", arr);
	qpdf_oh itree = qpdf_make_indirect_object(q, tree);
	qpdf_oh_replace_key(q, names, "/Dests", itree);
	qpdf_oh_release(q, itree);
	qpdf_oh_release(q, tree);
	qpdf_oh_release(q, names);
	qpdf_oh_release(q, arr);
	if (j->tagged) {
		qpdf_oh str = S_get(q, root, "/StructTreeRoot");
		qpdf_oh pt = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, pt, "/Nums", j->nums);
		qpdf_oh ipt = qpdf_make_indirect_object(q, pt);
		qpdf_oh_replace_key(q, str, "/ParentTree", ipt);
		qpdf_oh next = qpdf_oh_new_integer(q, j->next);
		qpdf_oh_replace_key(q, str, "/ParentTreeNextKey", next);
		qpdf_oh_release(q, next);
		qpdf_oh_release(q, ipt);
		qpdf_oh_release(q, pt);
		qpdf_oh_release(q, str);
	}
	S_outline_count(q, j->outlines, 1);
	qpdf_oh_release(q, root);
}

/* Draws page i of `numbers` over page i of the joined file: its content
 * as a form XObject (the resources it needs copied once), wrapped as a
 * pagination artifact after the page's own content, which is put between
 * q and Q so that its graphics state cannot move the number. */
static int S_overlay(S_join *j, const char *numbers, ismc_error *err)
{
	qpdf_data q = j->q;
	qpdf_data src = S_open(numbers, err);
	if (!src)
		return -1;
	int n = qpdf_get_num_pages(q);
	if (qpdf_get_num_pages(src) != n) {
		snprintf(err->msg, sizeof err->msg, "the page numbers have %d pages, the pack %d",
		         qpdf_get_num_pages(src), n);
		qpdf_cleanup(&src);
		return -1;
	}
	qpdf_oh none = qpdf_oh_new_null(q);
	qpdf_oh save = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, save, (const unsigned char *)"q\n", 2, none, none);
	for (int i = 0; i < n && !qpdf_has_error(q) && !qpdf_has_error(src); i++) {
		qpdf_oh sp = qpdf_get_page_n(src, (size_t)i);
		unsigned char *data = NULL;
		size_t len = 0;
		qpdf_oh_get_page_content_data(src, sp, &data, &len);
		qpdf_oh sres = S_get(src, sp, "/Resources");
		if (!qpdf_oh_is_indirect(src, sres)) {
			qpdf_oh ind = qpdf_make_indirect_object(src, sres);
			qpdf_oh_release(src, sres);
			sres = ind;
		}
		qpdf_oh res = qpdf_oh_copy_foreign_object(q, src, sres);
		qpdf_oh sbox = S_get(src, sp, "/MediaBox");
		qpdf_oh box = qpdf_oh_parse(q, qpdf_oh_unparse_resolved(src, sbox));
		qpdf_oh form = qpdf_oh_new_stream(q);
		qpdf_oh_replace_stream_data(q, form, data ? data : (unsigned char *)"", len, none, none);
		free(data);
		qpdf_oh fd = qpdf_oh_get_dict(q, form);
		qpdf_oh v = qpdf_oh_new_name(q, "/XObject");
		qpdf_oh_replace_key(q, fd, "/Type", v);
		qpdf_oh_release(q, v);
		v = qpdf_oh_new_name(q, "/Form");
		qpdf_oh_replace_key(q, fd, "/Subtype", v);
		qpdf_oh_release(q, v);
		qpdf_oh_replace_key(q, fd, "/BBox", box);
		qpdf_oh_replace_key(q, fd, "/Resources", res);
		/* the page: its resources (WeasyPrint shares one dictionary among a
		 * part's pages) name the form, its content draws it last */
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh pres = S_get(q, page, "/Resources");
		if (!qpdf_oh_is_dictionary(q, pres)) {
			qpdf_oh_release(q, pres);
			pres = qpdf_oh_new_dictionary(q);
			qpdf_oh_replace_key(q, page, "/Resources", pres);
		}
		qpdf_oh xo = S_get(q, pres, "/XObject");
		if (!qpdf_oh_is_dictionary(q, xo)) {
			qpdf_oh_release(q, xo);
			xo = qpdf_oh_new_dictionary(q);
			qpdf_oh_replace_key(q, pres, "/XObject", xo);
		}
		char key[32], draw[160];
		snprintf(key, sizeof key, "/IsmcPage%d", i + 1);
		qpdf_oh_replace_key(q, xo, key, form);
		int dl = snprintf(draw, sizeof draw,
		                  "\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q %s Do Q EMC\n",
		                  key);
		qpdf_oh after = qpdf_oh_new_stream(q);
		qpdf_oh_replace_stream_data(q, after, (const unsigned char *)draw, (size_t)dl, none, none);
		qpdf_oh old = S_get(q, page, "/Contents");
		qpdf_oh contents = qpdf_oh_new_array(q);
		qpdf_oh_append_item(q, contents, save);
		if (qpdf_oh_is_array(q, old)) {
			int m = S_len(q, old);
			for (int k = 0; k < m; k++) {
				qpdf_oh it = qpdf_oh_get_array_item(q, old, k);
				qpdf_oh_append_item(q, contents, it);
				qpdf_oh_release(q, it);
			}
		} else if (qpdf_oh_is_stream(q, old)) {
			qpdf_oh_append_item(q, contents, old);
		}
		qpdf_oh_append_item(q, contents, after);
		qpdf_oh_replace_key(q, page, "/Contents", contents);
		qpdf_oh handles[] = { contents, old, after, xo, pres, page, fd, form, box, sbox, res };
		for (size_t k = 0; k < sizeof handles / sizeof *handles; k++)
			qpdf_oh_release(q, handles[k]);
		qpdf_oh_release(src, sbox);
		qpdf_oh_release(src, sres);
		qpdf_oh_release(src, sp);
	}
	qpdf_oh_release(q, none);
	qpdf_oh_release(q, save);
	int rc = S_check(q, "draw the page numbers", err) || S_check(src, "draw the page numbers", err)
	                 ? -1
	                 : 0;
	qpdf_cleanup(&src);
	return rc;
}

int ismc_pdf_join(const ismc_pdf_part *parts, size_t n, const char *numbers, const char *out,
                  ismc_error *err)
{
	S_join j;
	int rc = -1;
	if (S_join_open(&j, parts[0].pdf, err) != 0)
		goto out;
	for (size_t i = 1; i < n; i++)
		if (S_join_part(&j, parts[i].pdf, parts[i].cont, err) != 0)
			goto out;
	S_join_finish(&j);
	if (numbers && S_overlay(&j, numbers, err) != 0)
		goto out;
	qpdf_init_write(j.q, out);
	/* the same parts give the same bytes: an /ID from the content, and the
	 * streams as WeasyPrint compressed them */
	qpdf_set_deterministic_ID(j.q, QPDF_TRUE);
	qpdf_set_stream_data_mode(j.q, qpdf_s_preserve);
	qpdf_set_object_stream_mode(j.q, qpdf_o_preserve);
	if (!S_check(j.q, "prepare the joined PDF", err)) {
		qpdf_write(j.q);
		char what[PATH_MAX + 16];
		snprintf(what, sizeof what, "write '%s'", out);
		rc = S_check(j.q, what, err);
	}
out:
	if (j.q)
		qpdf_cleanup(&j.q);
	ismc_vec_free(&j.dests);
	ismc_map_free(j.named);
	ismc_arena_free(j.a);
	return rc;
}
