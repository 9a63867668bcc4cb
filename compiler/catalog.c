/* catalog.c: the catalogs of requirements, parsed from the TSV files under
 * schemas/catalog/<folder>/ that the build embeds into the binary
 * (docs/catalogs.md): catalog.tsv (id, names, control-id syntax, groups,
 * record clauses, editions), controls.tsv and, for a catalog an ISMS can
 * use, clauses.tsv. Nothing here knows a standard by name: every name,
 * id syntax and group comes from the data. */
#include "ismc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_VARIANTS 8
#define S_MAX_CATALOGS 16

struct ismc_catalog {
	const char *folder;
	const char *id, *name, *family, *control_set, *prefix;
	const char *predecessor_id, *successor_id;
	int levels, is_default;
	const char *variants[S_MAX_VARIANTS];
	size_t nvariants;
	ismc_control *controls;
	size_t ncontrols;
	ismc_clause *clauses;
	size_t nclauses, nleaves;
	ismc_vec groups, clause_groups, objectives, records; /* ismc_group *, records: char * */
	const char *nc_record; /* the record clause the nonconformities register evidences */
	const char *climate;   /* the clause that must state climate change's relevance */
	ismc_map *control_ix, *clause_ix, *group_ix, *objective_ix;
	const char **control_ids, **clause_ids;
};

static ismc_catalog S_catalogs[S_MAX_CATALOGS];
static size_t S_ncatalogs;

/* Splits the TSV text into rows of at most `ncols` fields (missing ones are
 * ""), skipping '#' comments, blank lines and the header row. The text is
 * copied; catalogs live as long as the process. */
static char ***S_rows(const char *tsv, int ncols, size_t *nrows)
{
	char *text = ismc_xstrdup(tsv);
	char ***rows = NULL;
	size_t n = 0, cap = 0;
	int header = 1;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[l - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		char **row = ismc_xcalloc((size_t)ncols, sizeof(char *));
		char *f = line;
		for (int c = 0; c < ncols; c++) {
			row[c] = f;
			char *tab = f ? strchr(f, '\t') : NULL;
			if (tab)
				*tab = '\0';
			f = tab ? tab + 1 : NULL;
			if (!row[c])
				row[c] = "";
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			rows = ismc_xrealloc(rows, cap * sizeof(char **));
		}
		rows[n++] = row;
	}
	if (n == 0)
		free(text); /* no row points into it (a catalog without clauses) */
	*nrows = n;
	return rows;
}

static const char *S_file(const char *folder, const char *name)
{
	size_t n = strlen(folder);
	for (const ismc_embedded *e = ismc_catalog_files; e->path; e++)
		if (!strncmp(e->path, folder, n) && e->path[n] == '/' && !strcmp(e->path + n + 1, name))
			return e->text;
	return NULL;
}

static ismc_group *S_group(const char *key, const char *label, const char *name)
{
	ismc_group *g = ismc_xcalloc(1, sizeof(*g));
	g->key = key;
	g->label = label;
	g->name = name;
	return g;
}

static void S_metadata(ismc_catalog *cat, const char *tsv)
{
	size_t n;
	char ***rows = S_rows(tsv, 4, &n);
	cat->group_ix = ismc_map_new();
	cat->objective_ix = ismc_map_new();
	for (size_t i = 0; i < n; i++) {
		char **r = rows[i];
		const char *k = r[0];
		if (!strcmp(k, "id"))
			cat->id = r[1];
		else if (!strcmp(k, "name"))
			cat->name = r[1];
		else if (!strcmp(k, "family"))
			cat->family = r[1];
		else if (!strcmp(k, "control-set"))
			cat->control_set = r[1];
		else if (!strcmp(k, "default"))
			cat->is_default = !strcmp(r[1], "yes");
		else if (!strcmp(k, "prefix"))
			cat->prefix = r[1];
		else if (!strcmp(k, "levels"))
			cat->levels = atoi(r[1]);
		else if (!strcmp(k, "variant") && cat->nvariants < S_MAX_VARIANTS)
			cat->variants[cat->nvariants++] = r[1];
		else if (!strcmp(k, "group")) {
			ismc_group *g = S_group(r[1], r[2], r[3]);
			ismc_vec_push(&cat->groups, g);
			ismc_map_put(cat->group_ix, g->key, g);
		} else if (!strcmp(k, "clause-group"))
			ismc_vec_push(&cat->clause_groups, S_group(r[1], r[1], r[2]));
		else if (!strcmp(k, "objective")) {
			ismc_group *g = S_group(r[1], r[1], r[2]);
			ismc_vec_push(&cat->objectives, g);
			ismc_map_put(cat->objective_ix, g->key, g);
		} else if (!strcmp(k, "record"))
			ismc_vec_push(&cat->records, r[1]);
		else if (!strcmp(k, "nonconformity-record"))
			cat->nc_record = r[1];
		else if (!strcmp(k, "climate-change"))
			cat->climate = r[1];
		else if (!strcmp(k, "predecessor"))
			cat->predecessor_id = r[1];
		else if (!strcmp(k, "successor"))
			cat->successor_id = r[1];
		free(r);
	}
	free(rows);
	if (!cat->name)
		cat->name = cat->id;
	if (!cat->family)
		cat->family = cat->name;
	if (!cat->control_set)
		cat->control_set = "controls";
	if (!cat->prefix)
		cat->prefix = "";
	if (cat->levels < 1 || cat->levels > 4)
		cat->levels = 2;
}

/* "A.5.36, A.8.8" -> the ids, NULL-terminated. */
static const char *const *S_split(char *list, size_t *n)
{
	ismc_vec v = { 0 };
	for (char *p = strtok(list, ", "); p; p = strtok(NULL, ", "))
		ismc_vec_push(&v, p);
	*n = v.n;
	ismc_vec_push(&v, NULL);
	return (const char *const *)v.v;
}

static void S_controls(ismc_catalog *cat, const char *tsv)
{
	size_t n;
	char ***rows = S_rows(tsv ? tsv : "", 4, &n);
	cat->controls = ismc_xcalloc(n + 1, sizeof(ismc_control));
	cat->control_ids = ismc_xcalloc(n + 1, sizeof(char *));
	cat->control_ix = ismc_map_new();
	for (size_t i = 0; i < n; i++) {
		ismc_control *c = &cat->controls[i];
		c->id = rows[i][0];
		c->theme = rows[i][1];
		c->title = rows[i][2];
		c->index = (int)i;
		if (rows[i][3][0])
			c->successors = S_split(rows[i][3], &c->nsuccessors);
		cat->control_ids[i] = c->id;
		ismc_map_put(cat->control_ix, c->id, c);
		free(rows[i]);
	}
	free(rows);
	cat->ncontrols = n;
}

static void S_clauses(ismc_catalog *cat, const char *tsv)
{
	size_t n;
	char ***rows = S_rows(tsv ? tsv : "", 3, &n);
	cat->clauses = ismc_xcalloc(n + 1, sizeof(ismc_clause));
	cat->clause_ids = ismc_xcalloc(n + 1, sizeof(char *));
	cat->clause_ix = ismc_map_new();
	for (size_t i = 0; i < n; i++) {
		ismc_clause *c = &cat->clauses[i];
		c->id = rows[i][0];
		c->title = rows[i][1];
		c->leaf = strcmp(rows[i][2], "yes") == 0;
		c->index = (int)i;
		cat->nleaves += (size_t)c->leaf;
		cat->clause_ids[i] = c->id;
		ismc_map_put(cat->clause_ix, c->id, c);
		free(rows[i]);
	}
	free(rows);
	cat->nclauses = n;
}

/* Parses every embedded catalog once: a folder holding catalog.tsv is one. */
static void S_load(void)
{
	if (S_ncatalogs)
		return;
	for (const ismc_embedded *e = ismc_catalog_files; e->path && S_ncatalogs < S_MAX_CATALOGS; e++) {
		const char *slash = strchr(e->path, '/');
		if (!slash || strcmp(slash + 1, "catalog.tsv") != 0)
			continue;
		ismc_catalog *cat = &S_catalogs[S_ncatalogs++];
		char *folder = ismc_xstrdup(e->path);
		folder[slash - e->path] = '\0';
		cat->folder = folder;
		S_metadata(cat, e->text);
		if (!cat->id)
			cat->id = cat->folder;
		S_controls(cat, S_file(folder, "controls.tsv"));
		S_clauses(cat, S_file(folder, "clauses.tsv"));
	}
}

size_t ismc_catalog_count(void)
{
	S_load();
	return S_ncatalogs;
}

const ismc_catalog *ismc_catalog_nth(size_t i)
{
	S_load();
	return i < S_ncatalogs ? &S_catalogs[i] : NULL;
}

const ismc_catalog *ismc_catalog_find(const char *id)
{
	S_load();
	for (size_t i = 0; id && i < S_ncatalogs; i++)
		if (!strcmp(S_catalogs[i].id, id))
			return &S_catalogs[i];
	return NULL;
}

const ismc_catalog *ismc_catalog_default(void)
{
	S_load();
	for (size_t i = 0; i < S_ncatalogs; i++)
		if (S_catalogs[i].is_default)
			return &S_catalogs[i];
	return ismc_catalog_find(ismc_standards[0]);
}

const char *ismc_catalog_id(const ismc_catalog *c) { return c->id; }
const char *ismc_catalog_name(const ismc_catalog *c) { return c->name; }
const char *ismc_catalog_family(const ismc_catalog *c) { return c->family; }
const char *ismc_catalog_control_set(const ismc_catalog *c) { return c->control_set; }
const ismc_catalog *ismc_catalog_predecessor(const ismc_catalog *c) { return ismc_catalog_find(c->predecessor_id); }
const ismc_catalog *ismc_catalog_successor(const ismc_catalog *c) { return ismc_catalog_find(c->successor_id); }
size_t ismc_catalog_ncontrols(const ismc_catalog *c) { return c->ncontrols; }
const ismc_control *ismc_catalog_control_at(const ismc_catalog *c, size_t i) { return &c->controls[i]; }
size_t ismc_catalog_nclauses(const ismc_catalog *c) { return c->nclauses; }
const ismc_clause *ismc_catalog_clause_at(const ismc_catalog *c, size_t i) { return &c->clauses[i]; }
size_t ismc_catalog_nleaves(const ismc_catalog *c) { return c->nleaves; }
size_t ismc_catalog_ngroups(const ismc_catalog *c) { return c->groups.n; }
const ismc_group *ismc_catalog_group_at(const ismc_catalog *c, size_t i) { return c->groups.v[i]; }
const ismc_group *ismc_catalog_group(const ismc_catalog *c, const char *key) { return ismc_map_get(c->group_ix, key); }
size_t ismc_catalog_nclause_groups(const ismc_catalog *c) { return c->clause_groups.n; }
const ismc_group *ismc_catalog_clause_group_at(const ismc_catalog *c, size_t i) { return c->clause_groups.v[i]; }
const ismc_group *ismc_catalog_objective(const ismc_catalog *c, const char *id) { return ismc_map_get(c->objective_ix, id); }
size_t ismc_catalog_nrecords(const ismc_catalog *c) { return c->records.n; }
const char *ismc_catalog_record_at(const ismc_catalog *c, size_t i) { return c->records.v[i]; }
const char *ismc_catalog_nc_record(const ismc_catalog *c) { return c->nc_record; }
const char *ismc_catalog_climate(const ismc_catalog *c) { return c->climate; }

const ismc_control *ismc_catalog_control(const ismc_catalog *c, const char *id)
{
	return ismc_map_get(c->control_ix, id);
}

const ismc_clause *ismc_catalog_clause(const ismc_catalog *c, const char *id)
{
	return ismc_map_get(c->clause_ix, id);
}

void ismc_catalog_control_range(const ismc_catalog *c, ismc_buf *b)
{
	if (c->ncontrols)
		ismc_buf_printf(b, "%s to %s", c->controls[0].id, c->controls[c->ncontrols - 1].id);
}

void ismc_catalog_clause_range(const ismc_catalog *c, ismc_buf *b)
{
	if (c->nclauses)
		ismc_buf_printf(b, "%s to %s", c->clauses[0].id, c->clauses[c->nclauses - 1].id);
}

void ismc_catalog_clause_span(const ismc_catalog *c, ismc_buf *b)
{
	size_t n = c->clause_groups.n;
	if (n)
		ismc_buf_printf(b, "%s-%s", ((ismc_group *)c->clause_groups.v[0])->key,
		                ((ismc_group *)c->clause_groups.v[n - 1])->key);
}

int ismc_clause_covers(const char *id, const char *leaf)
{
	size_t n = strlen(id);
	return strncmp(id, leaf, n) == 0 && (leaf[n] == '\0' || leaf[n] == '.');
}

int ismc_catalog_canonical(const ismc_catalog *c, const char *s, char out[24])
{
	/* Accept a variant prefix, the id's prefix in any case, zero padding,
	 * and "A 5.1"/"A5.1" spacing; the result must still be well formed. */
	const char *p = s;
	for (size_t i = 0; i < c->nvariants; i++) {
		size_t n = strlen(c->variants[i]);
		if (strncasecmp(p, c->variants[i], n) == 0) {
			p += n;
			break;
		}
	}
	/* the prefix's letters, then its '.', which may be a space or absent */
	size_t plen = strlen(c->prefix), letters = plen && c->prefix[plen - 1] == '.' ? plen - 1 : plen;
	if (strncasecmp(p, c->prefix, letters) != 0)
		return -1;
	p += letters;
	if (letters < plen && (*p == '.' || *p == ' '))
		p++;
	long num[4];
	for (int k = 0; k < c->levels; k++) {
		if (k && *p++ != '.')
			return -1;
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		num[k] = strtol(p, &end, 10);
		if (num[k] > 999)
			return -1;
		p = end;
	}
	if (*p)
		return -1;
	int len = snprintf(out, 24, "%.*s", (int)letters, c->prefix);
	for (int k = 0; k < c->levels; k++)
		len += snprintf(out + len, (size_t)(24 - len), "%s%ld", k || letters < plen ? "." : "",
		                num[k]);
	return 0;
}

int ismc_control_canonical(const char *s, char out[24])
{
	S_load();
	for (size_t i = 0; i < S_ncatalogs; i++)
		if (ismc_catalog_canonical(&S_catalogs[i], s, out) == 0)
			return 0;
	return -1;
}

const char *ismc_catalog_suggest_control(const ismc_catalog *c, const char *id)
{
	char canon[24];
	if (ismc_catalog_canonical(c, id, canon) == 0) {
		const ismc_control *ctl = ismc_catalog_control(c, canon);
		if (ctl)
			return ctl->id;
	}
	return ismc_closest(id, c->control_ids, c->ncontrols);
}

const char *ismc_catalog_suggest_clause(const ismc_catalog *c, const char *id)
{
	return ismc_closest(id, c->clause_ids, c->nclauses);
}
