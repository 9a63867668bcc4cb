/* crosswalk.c: frameworks as data. A crosswalk (schemas/crosswalks/<id>.tsv,
 * built in, or a file of the folder $ISMC_CROSSWALKS) lists a framework's
 * requirements as the law cites them, each with the catalog's controls that
 * address it; isms.yml `frameworks:` names the ones whose coverage the
 * outputs report. Adding a framework is a data file and a docs page
 * (docs/frameworks/), never code: nothing here knows a law by name. */
#define _POSIX_C_SOURCE 200809L
#include "ismc.h"

#include <stdlib.h>
#include <string.h>

const char *const ismc_coverages[] = { ISMC_COVERAGES(ISMC_X_NAME) NULL };

#define S_MAX_CROSSWALKS 64

static ismc_crosswalk S_cw[S_MAX_CROSSWALKS];
static size_t S_ncw;
static int S_loaded;

/* Splits a line in place at tabs into at most n fields; returns how many. */
static size_t S_fields(char *line, char **f, size_t n)
{
	size_t k = 0;
	while (k < n) {
		f[k++] = line;
		char *tab = strchr(line, '\t');
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return k;
}

static int S_fail(ismc_error *err, const char *origin, int line, const char *what)
{
	snprintf(err->msg, sizeof err->msg, "crosswalk %s:%d: %s", origin, line, what);
	return -1;
}

/* Parses `text` (copied; kept for the process) into `cw`. The format
 * (docs/frameworks/README.md): a `key value` header, settings (name, label,
 * catalog), then an `id title controls source` header and a row per
 * requirement. Every control must be one of the catalog's. */
static int S_parse(ismc_crosswalk *cw, const char *id, const char *origin, const char *text,
                   ismc_error *err)
{
	char *copy = ismc_xstrdup(text);
	ismc_vec reqs = { 0 };
	const ismc_catalog *cat = NULL;
	const char *why = NULL;
	char msg[256];
	int lineno = 0, state = 0; /* 0: before the header, 1: settings, 2: requirements */
	memset(cw, 0, sizeof(*cw));
	cw->id = ismc_xstrdup(id);
	cw->origin = origin;
	for (char *line = copy, *next; line && *line && !why; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *f[5];
		size_t n = S_fields(line, f, 5);
		if (state == 0) {
			if (n != 2 || strcmp(f[0], "key") || strcmp(f[1], "value"))
				why = "the first line must be the header 'key<TAB>value'";
			state = 1;
		} else if (state == 1 && !strcmp(f[0], "id")) {
			if (n != 4 || strcmp(f[1], "title") || strcmp(f[2], "controls") || strcmp(f[3], "source"))
				why = "the requirements' header is 'id<TAB>title<TAB>controls<TAB>source'";
			else if (!cw->name || !cw->catalog)
				why = "the settings name and catalog must come before the requirements";
			else if (!(cat = ismc_catalog_find(cw->catalog)))
				why = "its catalog is none of those built in";
			state = 2;
		} else if (state == 1) {
			if (n != 2 || !*f[1])
				why = "a setting is a key, a tab and a value";
			else if (!strcmp(f[0], "name"))
				cw->name = f[1];
			else if (!strcmp(f[0], "label"))
				cw->label = f[1];
			else if (!strcmp(f[0], "catalog"))
				cw->catalog = f[1];
			else
				why = "unknown setting (name, label and catalog are known)";
		} else if (n != 4 || !*f[0] || !*f[1] || !*f[2] || !*f[3]) {
			why = "a requirement has four fields: id, title, controls, source";
		} else {
			ismc_requirement *r = ismc_xcalloc(1, sizeof(*r));
			ismc_vec ctl = { 0 };
			r->id = f[0];
			r->title = f[1];
			r->source = f[3];
			for (char *save = NULL, *c = strtok_r(f[2], ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
				if (!ismc_catalog_control(cat, c) && !why) {
					snprintf(msg, sizeof msg, "requirement '%s': '%s' is no control of %s", r->id, c,
					         ismc_catalog_name(cat));
					why = msg;
				}
				ismc_vec_push(&ctl, c);
			}
			r->ncontrols = ctl.n;
			r->controls = (const char *const *)ctl.v;
			ismc_vec_push(&reqs, r);
		}
	}
	if (!why && state != 2)
		why = "no requirements' header 'id<TAB>title<TAB>controls<TAB>source'";
	if (!why) {
		if (!cw->label)
			cw->label = cw->id;
		cw->nreqs = reqs.n;
		cw->reqs = ismc_xcalloc(reqs.n + 1, sizeof(ismc_requirement));
		for (size_t i = 0; i < reqs.n; i++)
			cw->reqs[i] = *(ismc_requirement *)reqs.v[i];
	}
	/* a parsed crosswalk keeps `copy` (its strings point into it) and the
	 * controls' arrays; a failed one nothing */
	for (size_t i = 0; i < reqs.n; i++) {
		ismc_requirement *r = reqs.v[i];
		if (why)
			free((void *)r->controls);
		free(r);
	}
	ismc_vec_free(&reqs);
	if (why) {
		S_fail(err, origin, lineno, why);
		free(copy);
		free((char *)cw->id);
		memset(cw, 0, sizeof(*cw));
		return -1;
	}
	return 0;
}

/* "nis2.tsv" -> "nis2"; NULL when the name is no crosswalk's. */
static char *S_id_of(const char *name)
{
	size_t n = strlen(name);
	if (n <= 4 || strcmp(name + n - 4, ".tsv") != 0 || name[0] == '.')
		return NULL;
	char *id = ismc_xstrdup(name);
	id[n - 4] = '\0';
	return id;
}

static ismc_crosswalk *S_slot(const char *id)
{
	for (size_t i = 0; i < S_ncw; i++)
		if (S_cw[i].id && !strcmp(S_cw[i].id, id))
			return &S_cw[i];
	return S_ncw < S_MAX_CROSSWALKS ? &S_cw[S_ncw++] : NULL;
}

int ismc_crosswalks_load(ismc_error *err)
{
	if (S_loaded)
		return 0;
	S_loaded = 1;
	for (const ismc_embedded *e = ismc_crosswalk_files; e->path; e++) {
		char *id = S_id_of(e->path);
		ismc_crosswalk *cw = id ? S_slot(id) : NULL;
		int rc = cw ? S_parse(cw, id, e->path, e->text, err) : 0;
		free(id);
		if (rc)
			return -1;
	}
	const char *dir = getenv("ISMC_CROSSWALKS");
	if (!dir || !*dir)
		return 0;
	ismc_vec names = { 0 };
	if (ismc_dir_names(dir, 1, &names) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot read the crosswalks folder '%s' ($ISMC_CROSSWALKS)", dir);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; !rc && i < names.n; i++) {
		char *id = S_id_of(names.v[i]);
		if (!id)
			continue;
		char *path = ismc_xmalloc(strlen(dir) + strlen(names.v[i]) + 2);
		sprintf(path, "%s/%s", dir, (const char *)names.v[i]);
		char *text = NULL;
		size_t len;
		ismc_crosswalk *cw = S_slot(id);
		if (!cw)
			rc = S_fail(err, path, 0, "too many crosswalks");
		else if ((rc = ismc_file_read_all(path, &text, &len, err)) == 0)
			rc = S_parse(cw, id, path, text, err); /* path is kept as its origin */
		if (rc)
			free(path);
		free(text);
		free(id);
	}
	ismc_names_free(&names);
	return rc;
}

size_t ismc_crosswalk_count(void) { return S_ncw; }
const ismc_crosswalk *ismc_crosswalk_nth(size_t i) { return i < S_ncw ? &S_cw[i] : NULL; }

const ismc_crosswalk *ismc_crosswalk_find(const char *id)
{
	for (size_t i = 0; id && i < S_ncw; i++)
		if (S_cw[i].id && !strcmp(S_cw[i].id, id))
			return &S_cw[i];
	return NULL;
}

/* ---- coverage ---- */

static void S_cover(const ismc_model *m, ismc_requirement_cover *rc, const ismc_requirement *r)
{
	ismc_arena *a = m->arena;
	size_t met = 0;
	rc->req = r;
	rc->controls = ismc_arena_alloc(a, (r->ncontrols + 1) * sizeof(*rc->controls));
	rc->met = ismc_arena_alloc(a, (r->ncontrols + 1) * sizeof(int));
	for (size_t k = 0; k < r->ncontrols; k++) {
		const ismc_control *c = ismc_catalog_control(m->catalog, r->controls[k]);
		const ismc_decision *dc = c ? m->control_facts[c->index].decision : NULL;
		rc->controls[k] = c;
		if (dc && dc->applicable.s && !dc->applicable.n && !rc->excluded)
			rc->excluded = c;
		rc->met[k] = dc && dc->applicable.s && dc->applicable.n && dc->status.s &&
		             dc->status.n == ISMC_CTL_IMPLEMENTED && m->control_facts[c->index].implemented;
		met += (size_t)rc->met[k];
	}
	rc->status = rc->excluded || met == 0 ? ISMC_COV_GAP
	             : met == r->ncontrols    ? ISMC_COV_COVERED
	                                      : ISMC_COV_PARTIAL;
}

int ismc_frameworks_resolve(ismc_model *m, ismc_error *err)
{
	const ismc_list *l = &m->cfg.frameworks;
	if (l->n == 0)
		return 0;
	if (ismc_crosswalks_load(err) != 0)
		return -1;
	const char **ids = ismc_arena_alloc(m->arena, (ismc_crosswalk_count() + 1) * sizeof(char *));
	for (size_t i = 0; i < ismc_crosswalk_count(); i++)
		ids[i] = ismc_crosswalk_nth(i)->id;
	m->frameworks = ismc_arena_alloc(m->arena, l->n * sizeof(ismc_framework));
	for (size_t i = 0; i < l->n; i++) {
		const ismc_val *v = &l->v[i];
		const ismc_crosswalk *cw = ismc_crosswalk_find(v->s);
		const char *near = cw ? NULL : ismc_closest(v->s, ids, ismc_crosswalk_count());
		int twice = 0;
		for (size_t k = 0; cw && k < m->nframeworks; k++)
			twice |= m->frameworks[k].cw == cw;
		if (!cw && near) {
			ismc_diag_add(m->diags, ISMC_INVALID_VALUE, v->pos,
			              "'%s' is not a framework ismc knows; did you mean '%s'?", v->s, near);
		} else if (!cw) {
			ismc_buf known = { 0 };
			for (size_t k = 0; k < ismc_crosswalk_count(); k++)
				ismc_buf_printf(&known, "%s%s", k ? ", " : "", ids[k]);
			ismc_diag_add(m->diags, ISMC_INVALID_VALUE, v->pos,
			              "'%s' is not a framework ismc knows (known: %s)", v->s,
			              known.data ? known.data : "none");
			ismc_buf_free(&known);
		} else if (strcmp(cw->catalog, ismc_catalog_id(m->catalog)) != 0) {
			ismc_diag_add(m->diags, ISMC_INVALID_VALUE, v->pos,
			              "'%s' maps onto the controls of %s, not those of the ISMS's standard",
			              v->s, cw->catalog);
		} else if (twice) {
			ismc_diag_add(m->diags, ISMC_INVALID_VALUE, v->pos, "'%s' is listed twice", v->s);
		} else {
			ismc_framework *fw = &m->frameworks[m->nframeworks++];
			fw->cw = cw;
			fw->nreqs = cw->nreqs;
			fw->reqs = ismc_arena_alloc(m->arena, (cw->nreqs + 1) * sizeof(*fw->reqs));
			for (size_t k = 0; k < cw->nreqs; k++) {
				S_cover(m, &fw->reqs[k], &cw->reqs[k]);
				fw->count[fw->reqs[k].status]++;
			}
		}
	}
	return 0;
}
