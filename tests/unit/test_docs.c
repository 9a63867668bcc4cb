/* The user's guide against the code: every field of every schema table has
 * its row in docs/format.md (with its required flag and enum values), the
 * guide's relative links and anchors resolve, and the gap analysis quoted in
 * docs/tutorial.md is what `ismc init` + `ismc check` print today. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

#define DOCS ISMC_SOURCE_DIR "/docs"

/* The text of the section under the heading line `heading`, up to the next
 * heading of the same or a higher level; the caller frees it. */
static char *S_section(const char *md, const char *heading)
{
	size_t hl = strlen(heading);
	const char *p = md;
	while ((p = strstr(p, heading)) && !((p == md || p[-1] == '\n') && (p[hl] == '\n')))
		p += hl;
	cr_assert_not_null(p, "docs/format.md has no heading '%s'", heading);
	size_t level = strspn(heading, "#");
	const char *end = p + hl;
	while ((end = strstr(end, "\n#"))) {
		size_t l = strspn(end + 1, "#");
		if (l <= level && end[1 + l] == ' ')
			break;
		end++;
	}
	size_t n = end ? (size_t)(end - p) : strlen(p);
	char *s = ismc_xmalloc(n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* The table row documenting `name`: a line starting "| `name` |". */
static const char *S_row(const char *section, const char *name, size_t *len)
{
	char key[96];
	snprintf(key, sizeof key, "\n| `%s` |", name);
	const char *row = strstr(section, key);
	if (!row)
		return NULL;
	row++;
	*len = strcspn(row, "\n");
	return row;
}

static const struct {
	const ismc_schema *schema;
	const char *heading;
} S_tables[] = {
	{ &ismc_schema_config, "## isms.yml" },
	{ &ismc_schema_risk_method, "### risk: the risk method" },
	{ &ismc_schema_document, "### Front matter" },
	{ &ismc_schema_risk, "### risks: the risk register" },
	{ &ismc_schema_asset, "### assets: the asset inventory" },
	{ &ismc_schema_decision, "### controls: the control decisions" },
	{ &ismc_schema_register_document, "### document: a register as a controlled document" },
	{ &ismc_schema_person, "### people: who owns and approves" },
	{ &ismc_schema_approval, "### approval: how approvals are proven" },
	{ &ismc_schema_authority, "### risk: the risk method" },
	{ &ismc_schema_certification, "### certification: the audit cycle" },
	{ &ismc_schema_activity, "### activities: the recurring activities" },
	{ &ismc_schema_nonconformity, "### nonconformities: nonconformities and corrective actions" },
	{ &ismc_schema_nc_action, "### nonconformities: nonconformities and corrective actions" },
	{ &ismc_schema_nc_check, "### nonconformities: nonconformities and corrective actions" },
	{ &ismc_schema_supplier, "### suppliers: the supplier register" },
};

Test(docs, every_schema_field_has_its_row_in_format_md)
{
	char *md = t_slurp(DOCS "/format.md");
	size_t checked = 0;
	for (size_t t = 0; t < sizeof S_tables / sizeof *S_tables; t++) {
		const ismc_schema *sch = S_tables[t].schema;
		char *sec = S_section(md, S_tables[t].heading);
		for (size_t i = 0; i < sch->nfields; i++) {
			const ismc_field *f = &sch->fields[i];
			size_t len;
			const char *row = S_row(sec, f->name, &len);
			cr_assert_not_null(row, "%s field '%s' has no row under '%s' in docs/format.md",
			                   sch->kind, f->name, S_tables[t].heading);
			char *r = ismc_xmalloc(len + 1);
			memcpy(r, row, len);
			r[len] = '\0';
			/* the second column says whether it is required, as the schema does */
			const char *col2 = strchr(r + 1, '|');
			cr_assert_not_null(col2, "%s", r);
			int yes = !strncmp(col2, "| yes |", 7);
			cr_assert_eq(yes, (f->flags & ISMC_F_REQUIRED) != 0,
			             "%s field '%s': the row's 'required' column disagrees with the schema: %s",
			             sch->kind, f->name, r);
			for (size_t v = 0; f->values && f->values[v]; v++) {
				char want[64];
				snprintf(want, sizeof want, "`%s`", f->values[v]);
				cr_assert_not_null(strstr(r, want), "%s field '%s': value %s undocumented: %s",
				                   sch->kind, f->name, want, r);
			}
			free(r);
			checked++;
		}
		free(sec);
	}
	cr_assert_geq(checked, 50);
	free(md);
}

Test(docs, format_md_names_every_adjustable_code)
{
	char *md = t_slurp(DOCS "/format.md");
	char *sec = S_section(md, "### checks: severities");
	/* the list: "Only the adjustable codes may be changed for every
	 * command, `build` included: `a`, ... and `e` (" */
	char *list = strstr(sec, "`build` included:");
	cr_assert_not_null(list);
	char *end = strchr(list, '(');
	cr_assert_not_null(end);
	*end = '\0';
	for (int c = 0; c < ISMC_NCODES; c++) {
		const ismc_code_info *ci = ismc_code_get((ismc_code)c);
		char want[64];
		snprintf(want, sizeof want, "`%s`", ci->name);
		if (ci->adjustable)
			cr_assert_not_null(strstr(list, want), "adjustable %s not listed under checks:", want);
		else
			cr_assert_null(strstr(list, want), "%s is not adjustable", want);
	}
	free(sec);
	free(md);
}

/* Every relative link of a guide page names an existing file, and every
 * fragment a heading of it, by the slug rules ismc itself applies. */
static void S_links_resolve(const char *page)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DOCS, page);
	size_t len;
	char *text = t_slurp_len(path, &len);
	ismc_arena *a = ismc_arena_new();
	ismc_doc doc = { 0 };
	doc.path = page;
	doc.body_line = 1;
	ismc_markdown_scan(a, &doc, text, len);
	cr_assert_gt(doc.nlinks, 0, "%s", page);
	for (size_t i = 0; i < doc.nlinks; i++) {
		const char *url = doc.links[i].url;
		if (strstr(url, "://") || !strncmp(url, "mailto:", 7))
			continue;
		char file[512];
		const char *hash = strchr(url, '#');
		size_t n = hash ? (size_t)(hash - url) : strlen(url);
		if (n == 0)
			snprintf(file, sizeof file, "%s", path);
		else
			snprintf(file, sizeof file, "%s/%.*s", DOCS, (int)n, url);
		cr_assert(t_exists(file), "%s:%d: link '%s': no such file", page, doc.links[i].pos.line, url);
		if (!hash)
			continue;
		size_t tl;
		char *target = t_slurp_len(file, &tl);
		size_t ns;
		const char **slugs = ismc_markdown_slugs(a, target, tl, &ns);
		int found = 0;
		for (size_t s = 0; s < ns; s++)
			found |= !strcmp(slugs[s], hash + 1);
		cr_assert(found, "%s:%d: link '%s': no heading '%s'", page, doc.links[i].pos.line, url, hash);
		free(target);
	}
	ismc_arena_free(a);
	free(text);
}

Test(docs, format_md_links_resolve) { S_links_resolve("format.md"); }
Test(docs, tutorial_links_resolve) { S_links_resolve("tutorial.md"); }

Test(docs, tutorial_quotes_the_real_gap_analysis)
{
	char dir[256];
	t_tmpdir(dir, sizeof dir, "docs");
	ismc_error err;
	cr_assert_eq(ismc_init_write(dir, &err), 38, "%s", err.msg);
	t_model c;
	t_model_load(&c, dir, "2026-06-30");
	char *out;
	size_t outlen;
	FILE *f = open_memstream(&out, &outlen);
	cr_assert_eq(ismc_report_text(f, c.m, c.d, 0, 0, 1), 1);
	fclose(f);
	char *tut = t_slurp(DOCS "/tutorial.md");
	cr_assert_not_null(strstr(tut, out),
	                   "docs/tutorial.md step 2 no longer shows what check prints on a new "
	                   "ISMS; update it to:\n%s", out);
	free(tut);
	free(out);
	t_model_free(&c);
	t_rmtree(dir);
}
