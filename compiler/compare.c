/* compare.c: change control for `ismc check --base REV` (docs/git.md). The
 * ISMS at REV is a second model; documents are matched by id (a renamed file
 * keeps its id), SoA decisions by control and risks by id. Content means the
 * file's bytes, compared by git blob id. */
#include "ismc.h"

#include <stdlib.h>
#include <string.h>

/* The blob id of the bytes a model read for a document. */
static const char *S_blob(const ismc_model *m, const char *path)
{
	const ismc_file *f = ismc_source_hashed(m->src, path);
	return f ? f->oid : "";
}


/* "  PATH" and, for a moved document, " (was OLD)", then the line's end;
 * paths are escaped (ismc_buf_escape): the summary is read in a terminal. */
static void S_paths(ismc_buf *b, const char *path, const char *was)
{
	ismc_buf_puts(b, "  ");
	ismc_buf_escape(b, path, strlen(path));
	if (was) {
		ismc_buf_puts(b, " (was ");
		ismc_buf_escape(b, was, strlen(was));
		ismc_buf_puts(b, ")");
	}
	ismc_buf_puts(b, "\n");
}

static int S_vercmp(const ismc_val *a, const ismc_val *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return (a->m > b->m) - (a->m < b->m);
}

static const char *S_ver(const ismc_doc *d)
{
	return d->version.s ? d->version.s : "?";
}

/* version-not-bumped for `cur` against its base self `old`; returns whether
 * the content changed. */
static int S_document(const ismc_model *base, const ismc_model *cur, const ismc_doc *old,
                      const ismc_doc *d, const char *base_name)
{
	const char *a = S_blob(base, old->path), *b = S_blob(cur, d->path);
	int changed = !a[0] || !b[0] || strcmp(a, b) != 0;
	if (!ismc_doc_approved(d) || !d->version.s || !old->version.s)
		return changed;
	int cmp = S_vercmp(&d->version, &old->version);
	if (cmp < 0)
		ismc_diag_add(cur->diags, ISMC_VERSION_NOT_BUMPED, d->version.key,
		              "version %s of %s is lower than version %s at %s", d->version.s,
		              d->id.s, old->version.s, base_name);
	else if (cmp == 0 && changed && ismc_doc_approved(old))
		ismc_diag_add(cur->diags, ISMC_VERSION_NOT_BUMPED, d->version.key,
		              "%s changed since %s but its version is still %s; approved content "
		              "needs a new version", d->id.s, base_name, d->version.s);
	return changed;
}

static void S_decision(char *buf, size_t n, const ismc_decision *dc)
{
	if (!dc || !dc->applicable.s)
		snprintf(buf, n, "undecided");
	else if (!dc->applicable.n)
		snprintf(buf, n, "not applicable");
	else
		snprintf(buf, n, "applicable, %s", dc->status.s ? dc->status.s : "no status");
}

static void S_score(char *buf, size_t n, long l, long i, int ok)
{
	if (ok)
		snprintf(buf, n, "%ld (%ldx%ld)", l * i, l, i);
	else
		snprintf(buf, n, "-");
}

static void S_risk(char *inh, char *res, size_t n, const ismc_risk *r)
{
	S_score(inh, n, r->likelihood.n, r->impact.n, r->likelihood.s && r->impact.s);
	S_score(res, n, r->residual.n, r->residual.m, r->residual.s != NULL);
}

static const ismc_risk *S_find_risk(const ismc_model *m, const char *id)
{
	const ismc_def *def = m && id ? ismc_model_lookup(m, id) : NULL;
	return def && def->kind == ISMC_ID_RISK ? def->obj : NULL;
}

void ismc_compare(FILE *out, const ismc_model *base, const ismc_model *cur,
                  const char *base_name)
{
	ismc_buf docs = { 0 }, ctls = { 0 }, risks = { 0 };
	size_t added = 0, removed = 0, changed = 0, nctl = 0, nrisk = 0;

	/* documents: added and changed in the current order, then removed */
	for (size_t i = 0; i < cur->docs.n; i++) {
		const ismc_doc *d = cur->docs.v[i];
		const ismc_doc *old = d->id.s ? ismc_model_doc(base, d->id.s) : NULL;
		if (!d->id.s || (ismc_model_doc(cur, d->id.s) != d))
			continue; /* no id, or a duplicate: duplicate-id says so */
		if (!old) {
			added++;
			ismc_buf_printf(&docs, "    added    %s %s", d->id.s, S_ver(d));
			S_paths(&docs, d->path, NULL);
			continue;
		}
		int moved = strcmp(old->path, d->path) != 0;
		if (!S_document(base, cur, old, d, base_name) && !moved)
			continue;
		changed++;
		ismc_buf_printf(&docs, "    changed  %s %s -> %s", d->id.s, S_ver(old), S_ver(d));
		S_paths(&docs, d->path, moved ? old->path : NULL);
	}
	for (size_t i = 0; base && i < base->docs.n; i++) {
		const ismc_doc *old = base->docs.v[i];
		if (!old->id.s || ismc_model_doc(base, old->id.s) != old || ismc_model_doc(cur, old->id.s))
			continue;
		removed++;
		ismc_buf_printf(&docs, "    removed  %s %s", old->id.s, S_ver(old));
		S_paths(&docs, old->path, NULL);
	}

	/* SoA decisions, in catalog order */
	for (size_t i = 0; i < ismc_catalog_ncontrols(cur->catalog); i++) {
		const char *id = ismc_catalog_control_at(cur->catalog, i)->id;
		char was[96], now[96];
		S_decision(was, sizeof was, base ? ismc_map_get(base->decided, id) : NULL);
		S_decision(now, sizeof now, ismc_map_get(cur->decided, id));
		if (strcmp(was, now) == 0)
			continue;
		nctl++;
		if (base) /* for a new ISMS the count says enough */
			ismc_buf_printf(&ctls, "    %-8s %s -> %s\n", id, was, now);
	}

	/* risk scores */
	for (size_t i = 0; i < cur->risks.n; i++) {
		const ismc_risk *r = cur->risks.v[i];
		if (!r->id.s || S_find_risk(cur, r->id.s) != r)
			continue;
		const ismc_risk *o = S_find_risk(base, r->id.s);
		char ia[32], ra[32], ib[32], rb[32];
		S_risk(ib, rb, sizeof ib, r);
		if (!o) {
			nrisk++;
			ismc_buf_printf(&risks, "    added    %s  inherent %s, residual %s\n", r->id.s, ib, rb);
			continue;
		}
		S_risk(ia, ra, sizeof ia, o);
		if (!strcmp(ia, ib) && !strcmp(ra, rb))
			continue;
		nrisk++;
		ismc_buf_printf(&risks, "    changed  %s  inherent %s -> %s, residual %s -> %s\n",
		                r->id.s, ia, ib, ra, rb);
	}
	for (size_t i = 0; base && i < base->risks.n; i++) {
		const ismc_risk *o = base->risks.v[i];
		if (!o->id.s || S_find_risk(base, o->id.s) != o || S_find_risk(cur, o->id.s))
			continue;
		nrisk++;
		ismc_buf_printf(&risks, "    removed  %s\n", o->id.s);
	}

	ismc_fprintln_esc(out, "changes since %s%s:", base_name, base ? "" : " (no ISMS there yet)");
	fprintf(out, "  documents  %zu added, %zu removed, %zu changed\n", added, removed, changed);
	if (docs.data)
		fputs(docs.data, out);
	fprintf(out, "  SoA        %zu decision%s changed\n", nctl, nctl == 1 ? "" : "s");
	if (ctls.data)
		fputs(ctls.data, out);
	fprintf(out, "  risks      %zu changed\n", nrisk);
	if (risks.data)
		fputs(risks.data, out);
	fputc('\n', out);
	ismc_buf_free(&docs);
	ismc_buf_free(&ctls);
	ismc_buf_free(&risks);
}
