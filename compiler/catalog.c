/* catalog.c: the ISO/IEC 27001:2022 catalog, parsed once from the TSV files
 * under schemas/catalog/ that the build embeds into the binary. */
#include "ismc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

extern const char ismc_catalog_controls_tsv[];
extern const char ismc_catalog_clauses_tsv[];

struct ismc_catalog {
	ismc_control *controls;
	size_t ncontrols;
	ismc_clause *clauses;
	size_t nclauses, nleaves;
	ismc_map *control_ix, *clause_ix;
	const char **control_ids, **clause_ids;
};

/* Splits the TSV text into rows of `ncols` fields, skipping '#' comments and
 * the header row. The text is copied; the catalog lives as long as the process. */
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
	*nrows = n;
	return rows;
}

const ismc_catalog *ismc_catalog_get(void)
{
	static ismc_catalog *cat;
	if (cat)
		return cat;
	cat = ismc_xcalloc(1, sizeof(*cat));
	size_t n;
	char ***rows = S_rows(ismc_catalog_controls_tsv, 3, &n);
	cat->controls = ismc_xcalloc(n, sizeof(ismc_control));
	cat->control_ids = ismc_xcalloc(n, sizeof(char *));
	cat->control_ix = ismc_map_new();
	for (size_t i = 0; i < n; i++) {
		ismc_control *c = &cat->controls[i];
		c->id = rows[i][0];
		c->theme = rows[i][1];
		c->title = rows[i][2];
		c->index = (int)i;
		cat->control_ids[i] = c->id;
		ismc_map_put(cat->control_ix, c->id, c);
		free(rows[i]);
	}
	free(rows);
	cat->ncontrols = n;

	rows = S_rows(ismc_catalog_clauses_tsv, 3, &n);
	cat->clauses = ismc_xcalloc(n, sizeof(ismc_clause));
	cat->clause_ids = ismc_xcalloc(n, sizeof(char *));
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
	return cat;
}

size_t ismc_catalog_ncontrols(const ismc_catalog *c) { return c->ncontrols; }
const ismc_control *ismc_catalog_control_at(const ismc_catalog *c, size_t i) { return &c->controls[i]; }
size_t ismc_catalog_nclauses(const ismc_catalog *c) { return c->nclauses; }
const ismc_clause *ismc_catalog_clause_at(const ismc_catalog *c, size_t i) { return &c->clauses[i]; }
size_t ismc_catalog_nleaves(const ismc_catalog *c) { return c->nleaves; }

const ismc_control *ismc_catalog_control(const ismc_catalog *c, const char *id)
{
	return ismc_map_get(c->control_ix, id);
}

const ismc_clause *ismc_catalog_clause(const ismc_catalog *c, const char *id)
{
	return ismc_map_get(c->clause_ix, id);
}

int ismc_clause_covers(const char *id, const char *leaf)
{
	size_t n = strlen(id);
	return strncmp(id, leaf, n) == 0 && (leaf[n] == '\0' || leaf[n] == '.');
}

int ismc_control_canonical(const char *s, char out[16])
{
	/* Accept an optional standard prefix, any case, zero padding, and
	 * "A 5.1"/"A5.1" spacing; the result must still be well formed. */
	const char *p = s;
	if (strncasecmp(p, "iso27001:", 9) == 0)
		p += 9;
	else if (strncasecmp(p, "iso27001-2022:", 14) == 0)
		p += 14;
	else if (strncasecmp(p, "iso/iec 27001:", 14) == 0)
		p += 14;
	if (*p != 'A' && *p != 'a')
		return -1;
	p++;
	if (*p == '.' || *p == ' ')
		p++;
	long theme, num;
	char *end;
	if (!isdigit((unsigned char)*p))
		return -1;
	theme = strtol(p, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	num = strtol(end + 1, &end, 10);
	if (*end || theme > 99 || num > 999)
		return -1;
	snprintf(out, 16, "A.%ld.%ld", theme, num);
	return 0;
}

const char *ismc_catalog_suggest_control(const ismc_catalog *c, const char *id)
{
	char canon[16];
	if (ismc_control_canonical(id, canon) == 0) {
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
