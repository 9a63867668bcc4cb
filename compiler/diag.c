/* diag.c: the code table, the diagnostic set, ordering and printing. */
#include "ismc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const ismc_code_info S_codes[ISMC_NCODES] = {
#define X(e, name, sev, adj, area, gap, todo) [ISMC_##e] = { name, sev, adj, area, gap, todo },
	ISMC_CODES(X)
#undef X
};

const ismc_code_info *ismc_code_get(ismc_code c)
{
	return &S_codes[c];
}

int ismc_code_find(const char *name)
{
	for (int i = 0; i < ISMC_NCODES; i++)
		if (strcmp(S_codes[i].name, name) == 0)
			return i;
	return -1;
}

struct ismc_diags {
	ismc_diag *v;
	size_t n, cap;
	ismc_severity sev[ISMC_NCODES];
	int release;            /* a release build: codes not adjustable keep their default */
	int kept[ISMC_NCODES];  /* lowering that `release` refused */
};

ismc_diags *ismc_diags_new(void)
{
	ismc_diags *d = ismc_xcalloc(1, sizeof(*d));
	for (int i = 0; i < ISMC_NCODES; i++)
		d->sev[i] = S_codes[i].severity;
	return d;
}

void ismc_diags_free(ismc_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		free(d->v[i].note);
		free(d->v[i].group);
	}
	free(d->v);
	free(d);
}

void ismc_diags_set_severity(ismc_diags *d, ismc_code c, ismc_severity s)
{
	if (d->release && !S_codes[c].adjustable && s < S_codes[c].severity) {
		d->kept[c] = 1;
		return;
	}
	d->sev[c] = s;
}

void ismc_diags_release(ismc_diags *d)
{
	d->release = 1;
}

int ismc_diags_kept(const ismc_diags *d, ismc_code c)
{
	return d->kept[c];
}

ismc_severity ismc_diags_severity(const ismc_diags *d, ismc_code c)
{
	return d->sev[c];
}

static char *S_vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = ismc_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}

/* A diagnostic whose code is turned off goes to a scratch slot, so callers can
 * attach notes without checking; it is never listed. */
static ismc_diag S_dropped;

ismc_diag *ismc_diag_add(ismc_diags *d, ismc_code c, ismc_pos pos, const char *fmt, ...)
{
	if (d->sev[c] == ISMC_OFF) {
		free(S_dropped.note);
		S_dropped.note = NULL;
		return &S_dropped;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = ismc_xrealloc(d->v, d->cap * sizeof(ismc_diag));
	}
	ismc_diag *dg = &d->v[d->n++];
	memset(dg, 0, sizeof(*dg));
	dg->code = c;
	dg->seq = d->n;
	dg->severity = d->sev[c];
	dg->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	dg->msg = S_vformat(fmt, ap);
	va_end(ap);
	return dg;
}

void ismc_diag_note(ismc_diag *dg, ismc_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(dg->note);
	dg->note = S_vformat(fmt, ap);
	dg->note_pos = pos;
	va_end(ap);
	if (dg == &S_dropped) {
		free(dg->note);
		dg->note = NULL;
	}
}

void ismc_diag_group(ismc_diag *dg, const char *group)
{
	if (dg == &S_dropped)
		return;
	free(dg->group);
	dg->group = group ? ismc_xstrdup(group) : NULL;
}

void ismc_diag_demote(ismc_diag *dg)
{
	if (dg == &S_dropped)
		return;
	dg->demoted = 1;
	if (dg->severity == ISMC_ERROR)
		dg->severity = ISMC_WARNING;
}

static int S_strcmp0(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0; /* placeless diagnostics come first */
	return strcmp(a, b);
}

static int S_cmp(const void *pa, const void *pb)
{
	const ismc_diag *a = pa, *b = pb;
	int c = S_strcmp0(a->pos.file, b->pos.file);
	if (c)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int S_same(const ismc_diag *a, const ismc_diag *b)
{
	return a->code == b->code && a->pos.line == b->pos.line && a->pos.col == b->pos.col &&
	       !S_strcmp0(a->pos.file, b->pos.file) && !strcmp(a->msg, b->msg);
}

void ismc_diags_sort(ismc_diags *d)
{
	/* isms.yml `checks:` is read after some diagnostics exist: the severity
	 * in force at the end is the one that counts. */
	size_t k = 0;
	for (size_t r = 0; r < d->n; r++) {
		d->v[r].severity = d->sev[d->v[r].code];
		if (d->v[r].demoted && d->v[r].severity == ISMC_ERROR)
			d->v[r].severity = ISMC_WARNING;
		if (d->v[r].severity == ISMC_OFF) {
			free(d->v[r].msg);
			free(d->v[r].note);
			free(d->v[r].group);
			continue;
		}
		d->v[k++] = d->v[r];
	}
	d->n = k;
	if (d->n == 0)
		return;
	qsort(d->v, d->n, sizeof(ismc_diag), S_cmp);
	size_t w = 0;
	for (size_t r = 0; r < d->n; r++) {
		if (w > 0 && S_same(&d->v[w - 1], &d->v[r])) {
			free(d->v[r].msg);
			free(d->v[r].note);
			free(d->v[r].group);
			continue;
		}
		d->v[w++] = d->v[r];
	}
	d->n = w;
}

void ismc_diags_drop(ismc_diags *d, const int *drop)
{
	size_t w = 0;
	for (size_t r = 0; r < d->n; r++) {
		if (drop[r]) {
			free(d->v[r].msg);
			free(d->v[r].note);
			free(d->v[r].group);
			continue;
		}
		d->v[w++] = d->v[r];
	}
	d->n = w;
}

size_t ismc_diags_count(const ismc_diags *d)
{
	return d->n;
}

const ismc_diag *ismc_diags_at(const ismc_diags *d, size_t i)
{
	return &d->v[i];
}

size_t ismc_diags_count_severity(const ismc_diags *d, ismc_severity s)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].severity == s;
	return n;
}

int ismc_diags_has(const ismc_diags *d, ismc_code c)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].code == c)
			return 1;
	return 0;
}

static const char *const S_sevname[] = { "off", "note", "warning", "error" };
static const char *const S_sevcolour[] = { "", "\033[1;36m", "\033[1;35m", "\033[1;31m" };

const char *ismc_severity_name(ismc_severity s)
{
	return S_sevname[s];
}

static void S_print_one(FILE *f, ismc_pos pos, ismc_severity sev, const char *msg,
                        const char *code, int colour)
{
	if (colour)
		fputs("\033[1m", f);
	/* one diagnostic, one line: paths and values quoted from the ISMS may
	 * hold breaks or terminal controls (ismc_buf_escape shows them) */
	if (pos.file) {
		ismc_fputs_esc(f, pos.file);
		fprintf(f, ":%d:%d: ", pos.line, pos.col);
	} else {
		fputs("ismc: ", f);
	}
	if (colour)
		fprintf(f, "%s%s:\033[0m ", S_sevcolour[sev], S_sevname[sev]);
	else
		fprintf(f, "%s: ", S_sevname[sev]);
	ismc_fputs_esc(f, msg);
	if (code)
		fprintf(f, " [%s]", code);
	fputc('\n', f);
}

void ismc_diag_print(FILE *f, const ismc_diag *dg, int colour)
{
	S_print_one(f, dg->pos, dg->severity, dg->msg, S_codes[dg->code].name, colour);
	if (dg->note)
		S_print_one(f, dg->note_pos, ISMC_NOTE, dg->note, NULL, colour);
}
