/* baseline.c: incremental adoption. A baseline is the findings a team has
 * accepted for now (`check --write-baseline FILE`); `--baseline FILE` then
 * reports only the others, and `--base REV --new-only` takes REV's findings
 * as the baseline. A finding is matched by its code, its file and a
 * fingerprint of its message and of the line it points at, never by its
 * line number: edits that move lines keep the match (docs/adoption.md has
 * the file's format). */
#include "ismc.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ismc_baseline {
	ismc_map *index; /* "code\tpath\tfingerprint" -> its place in keys + 1 */
	ismc_vec keys;   /* the distinct keys (owned), in file order */
	size_t *count;   /* entries per key */
	size_t cap;
	size_t n;        /* entries */
};

/* The text of line `line` of `path` in the source, trimmed; "" when the
 * finding has no place or the file cannot be read as text. */
static void S_line_text(const ismc_source *src, ismc_pos pos, ismc_buf *out)
{
	const char *text;
	size_t len;
	ismc_error err;
	if (!src || !pos.file || pos.line < 1 || !ismc_source_find(src, pos.file) ||
	    ismc_source_load(src, pos.file, &text, &len, &err) != 0 || !text)
		return;
	const char *p = text, *end = text + len;
	for (int l = 1; l < pos.line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
	}
	const char *e = memchr(p, '\n', (size_t)(end - p));
	if (!e)
		e = end;
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	ismc_buf_put(out, p, (size_t)(e - p));
}

void ismc_baseline_fingerprint(const ismc_diag *dg, const ismc_source *src, char out[17])
{
	/* numbers in the message (lines, counts, dates) are positions more often
	 * than content: each run of digits counts as one '0' */
	ismc_buf b = { 0 };
	for (const char *p = dg->msg; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)p[1]))
				p++;
			ismc_buf_put(&b, "0", 1);
		} else {
			ismc_buf_put(&b, p, 1);
		}
	}
	ismc_buf_put(&b, "\n", 1);
	S_line_text(src, dg->pos, &b);
	char hex[65];
	ismc_sha256(b.data, b.len, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	ismc_buf_free(&b);
}

static char *S_key(const char *code, const char *path, const char *fp)
{
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "%s\t%s\t%s", code, path ? path : "", fp);
	return b.data;
}

/* Adds one entry; takes `key`. */
static void S_add(ismc_baseline *b, char *key)
{
	size_t at = (size_t)(uintptr_t)ismc_map_get(b->index, key);
	if (at) {
		free(key);
	} else {
		if (b->keys.n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 64;
			b->count = ismc_xrealloc(b->count, b->cap * sizeof *b->count);
		}
		ismc_vec_push(&b->keys, key);
		b->count[b->keys.n - 1] = 0;
		at = b->keys.n;
		ismc_map_put(b->index, key, (void *)(uintptr_t)at);
	}
	b->count[at - 1]++;
	b->n++;
}

static ismc_baseline *S_new(void)
{
	ismc_baseline *b = ismc_xcalloc(1, sizeof *b);
	b->index = ismc_map_new();
	return b;
}

void ismc_baseline_free(ismc_baseline *b)
{
	if (!b)
		return;
	ismc_map_free(b->index);
	free(b->count);
	for (size_t i = 0; i < b->keys.n; i++)
		free(b->keys.v[i]);
	ismc_vec_free(&b->keys);
	free(b);
}

size_t ismc_baseline_count(const ismc_baseline *b)
{
	return b->n;
}

ismc_baseline *ismc_baseline_of(const ismc_diags *d, const ismc_source *src)
{
	ismc_baseline *b = S_new();
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		char fp[17];
		ismc_baseline_fingerprint(dg, src, fp);
		S_add(b, S_key(ismc_code_get(dg->code)->name, dg->pos.file, fp));
	}
	return b;
}

int ismc_baseline_write(const char *path, const ismc_diags *d, const ismc_source *src,
                        ismc_error *err)
{
	json_t *findings = json_array();
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		char fp[17];
		ismc_baseline_fingerprint(dg, src, fp);
		json_t *o = json_pack("{s:s,s:o,s:s}", "code", ismc_code_get(dg->code)->name,
		                      "path", dg->pos.file ? json_string(dg->pos.file) : json_null(),
		                      "fingerprint", fp);
		/* for a reader of the file (a diff in review); never matched on */
		json_t *msg = json_string(dg->msg);
		if (msg)
			json_object_set_new(o, "message", msg);
		if (dg->pos.file)
			json_object_set_new(o, "line", json_integer(dg->pos.line));
		json_array_append_new(findings, o);
	}
	json_t *root = json_pack("{s:i,s:s,s:o}", "ismc_baseline", 1, "tool_version", ISMC_VERSION,
	                         "findings", findings);
	int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write the baseline '%s'", path);
		return -1;
	}
	return 0;
}

int ismc_baseline_read(ismc_baseline **out, const char *path, ismc_error *err)
{
	json_error_t je;
	*out = NULL;
	json_t *root = json_load_file(path, 0, &je);
	if (!root) {
		snprintf(err->msg, sizeof err->msg, "cannot read the baseline '%s': %s (line %d)", path,
		         je.text, je.line);
		return -1;
	}
	json_t *version = json_object_get(root, "ismc_baseline");
	json_t *findings = json_object_get(root, "findings");
	if (!json_is_integer(version) || json_integer_value(version) != 1 || !json_is_array(findings)) {
		snprintf(err->msg, sizeof err->msg, "'%s' is no ismc baseline (version 1): "
		         "write one with --write-baseline", path);
		json_decref(root);
		return -1;
	}
	ismc_baseline *b = S_new();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const char *code = json_string_value(json_object_get(f, "code"));
		const char *fp = json_string_value(json_object_get(f, "fingerprint"));
		json_t *p = json_object_get(f, "path");
		if (!code || !fp || !(json_is_string(p) || json_is_null(p))) {
			snprintf(err->msg, sizeof err->msg, "baseline '%s': finding %zu lacks its code, "
			         "path or fingerprint", path, i + 1);
			ismc_baseline_free(b);
			json_decref(root);
			return -1;
		}
		S_add(b, S_key(code, json_string_value(p), fp));
	}
	json_decref(root);
	*out = b;
	return 0;
}

size_t ismc_baseline_filter(ismc_diags *d, const ismc_source *src, const ismc_baseline *b,
                            size_t *fixed)
{
	/* entries left per key, counted down as findings match them: two
	 * identical findings need two entries */
	size_t nk = b->keys.n, n = ismc_diags_count(d), matched = 0;
	size_t *left = ismc_xcalloc(nk ? nk : 1, sizeof *left);
	if (nk)
		memcpy(left, b->count, nk * sizeof *left);
	int *drop = ismc_xcalloc(n ? n : 1, sizeof *drop);
	for (size_t i = 0; i < n; i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		char fp[17];
		ismc_baseline_fingerprint(dg, src, fp);
		char *key = S_key(ismc_code_get(dg->code)->name, dg->pos.file, fp);
		size_t at = (size_t)(uintptr_t)ismc_map_get(b->index, key);
		free(key);
		if (at && left[at - 1]) {
			left[at - 1]--;
			drop[i] = 1;
			matched++;
		}
	}
	ismc_diags_drop(d, drop);
	*fixed = 0;
	for (size_t i = 0; i < nk; i++)
		*fixed += left[i];
	free(drop);
	free(left);
	return matched;
}
