/* format.c: `check --format`: the diagnostics and the summary as JSON, as
 * SARIF 2.1.0 (code scanning) and as GitHub workflow commands; text is
 * report.c's. JSON and SARIF are built with jansson, never by hand. The
 * readiness figures, the summary line and the exit status come from one
 * ismc_summary (report.c), so every format says what `check` says. Columns: text and
 * JSON count bytes like compilers; SARIF and GitHub count UTF-16 code units,
 * the unit their consumers use (SARIF's default columnKind). */
#include "ismc.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define S_SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"

static const char *const S_formats[ISMC_NFORMATS] = { ISMC_FORMATS(ISMC_X_NAME) };

int ismc_format_parse(const char *name)
{
	for (int i = 0; i < ISMC_NFORMATS; i++)
		if (!strcmp(name, S_formats[i]))
			return i;
	return -1;
}

/* ---- what every format shares ---- */

/* A file's bytes as the source read them, to turn byte columns into UTF-16
 * code units; diagnostics are sorted by file, so one serves a run of them. */
typedef struct {
	const ismc_source *src;
	const char *path;
	const char *text;
	size_t len;
} S_files;

static int S_col16(S_files *fc, ismc_pos pos)
{
	if (!fc->src || !pos.file || pos.line < 1 || pos.col <= 1)
		return pos.col;
	if (!fc->path || strcmp(fc->path, pos.file) != 0) {
		ismc_error err;
		fc->path = pos.file;
		if (ismc_source_load(fc->src, pos.file, &fc->text, &fc->len, &err) != 0)
			fc->text = NULL; /* unreadable or too large: byte columns */
	}
	if (!fc->text)
		return pos.col;
	const char *p = fc->text, *end = fc->text + fc->len;
	if (fc->len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3; /* positions start after a BOM, as the parsers saw the text */
	for (int l = 1; l < pos.line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return pos.col;
		p = nl + 1;
	}
	int units = 0;
	for (int i = 0; i < pos.col - 1 && p + i < end; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c & 0xC0) != 0x80) /* a lead byte; 4-byte sequences are surrogate pairs */
			units += c >= 0xF0 ? 2 : 1;
	}
	return units + 1;
}

static const char *S_level(ismc_severity s)
{
	return s == ISMC_ERROR ? "error" : s == ISMC_WARNING ? "warning" : "note";
}

/* ---- JSON and SARIF ---- */

/* A JSON string of `s`; bytes that are not UTF-8 (a file name, say) become
 * U+FFFD, since jansson refuses them and JSON cannot carry them. */
static json_t *S_str(const char *s)
{
	size_t n = strlen(s);
	if (!ismc_utf8_invalid(s, n))
		return json_stringn(s, n);
	ismc_buf b = { 0 };
	size_t bad;
	while ((bad = ismc_utf8_invalid(s, n)) != 0) {
		ismc_buf_put(&b, s, bad - 1);
		ismc_buf_puts(&b, "\xEF\xBF\xBD");
		s += bad;
		n -= bad;
	}
	ismc_buf_put(&b, s, n);
	json_t *j = json_stringn(b.data, b.len);
	ismc_buf_free(&b);
	return j;
}

static json_t *S_text(const char *s)
{
	return json_pack("{s:o}", "text", S_str(s));
}

/* The readiness figures; with isms.yml `frameworks:`, also one object per
 * framework (absent otherwise, so such output is as before). */
static json_t *S_readiness(const ismc_summary *s)
{
	const ismc_readiness *r = &s->readiness;
	json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	                 "leaf_clauses", (json_int_t)r->leaves,
	                 "leaf_clauses_covered", (json_int_t)r->leaves_covered,
	                 "controls", (json_int_t)r->controls,
	                 "controls_decided", (json_int_t)r->decided,
	                 "controls_applicable", (json_int_t)r->applicable,
	                 "controls_excluded", (json_int_t)(r->decided - r->applicable),
	                 "controls_implemented", (json_int_t)r->implemented,
	                 "risks_above_acceptance", (json_int_t)r->risks_above,
	                 "risks_above_acceptance_unaccepted", (json_int_t)r->risks_above_unaccepted,
	                 "reviews_overdue", (json_int_t)r->reviews_overdue,
	                 "due_overdue", (json_int_t)r->due_overdue,
	                 "due_soon", (json_int_t)r->due_soon);
	if (!s->nframeworks)
		return o;
	json_t *fws = json_array();
	for (size_t i = 0; i < s->nframeworks; i++) {
		const ismc_framework *fw = &s->frameworks[i];
		json_array_append_new(fws, json_pack("{s:o,s:o,s:I,s:I,s:I,s:I}",
		                                     "id", S_str(fw->cw->id), "name", S_str(fw->cw->name),
		                                     "requirements", (json_int_t)fw->nreqs,
		                                     "covered", (json_int_t)fw->count[ISMC_COV_COVERED],
		                                     "partial", (json_int_t)fw->count[ISMC_COV_PARTIAL],
		                                     "gap", (json_int_t)fw->count[ISMC_COV_GAP]));
	}
	json_object_set_new(o, "frameworks", fws);
	return o;
}

static int S_dump(FILE *f, json_t *root, int status)
{
	int rc = json_dumpf(root, f, JSON_INDENT(2));
	json_decref(root);
	if (rc != 0 || fputc('\n', f) == EOF || fflush(f) != 0) {
		fputs("ismc: cannot write the report\n", stderr);
		return 2;
	}
	return status;
}

static void S_json_place(json_t *o, ismc_pos pos)
{
	json_object_set_new(o, "file", pos.file ? S_str(pos.file) : json_null());
	json_object_set_new(o, "line", pos.file ? json_integer(pos.line) : json_null());
	json_object_set_new(o, "column", pos.file ? json_integer(pos.col) : json_null());
}

static int S_json(FILE *f, const ismc_model *m, const ismc_diags *d, const ismc_summary *s)
{
	json_t *diags = json_array();
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(ismc_code_get(dg->code)->name));
		json_object_set_new(o, "severity", json_string(ismc_severity_name(dg->severity)));
		S_json_place(o, dg->pos);
		json_object_set_new(o, "message", S_str(dg->msg));
		if (dg->note) {
			json_t *note = json_object();
			S_json_place(note, dg->note_pos);
			json_object_set_new(note, "message", S_str(dg->note));
			json_object_set_new(o, "note", note);
		}
		json_array_append_new(diags, o);
	}

	ismc_buf line = { 0 };
	ismc_summary_line(&line, s);
	json_t *sum = json_pack("{s:I,s:I}", "errors", (json_int_t)s->errors,
	                        "warnings", (json_int_t)s->warnings);
	json_t *root = json_pack("{s:{s:s,s:s}}", "tool", "name", "ismc", "version", ISMC_VERSION);
	if (m) {
		json_object_set_new(root, "root", S_str(ismc_source_root(m->src)));
		json_object_set_new(root, "as_of", json_string(s->as_of));
		json_object_set_new(sum, "documents", json_integer((json_int_t)s->documents));
		json_object_set_new(sum, "risks", json_integer((json_int_t)s->risks));
		json_object_set_new(sum, "controls", json_integer((json_int_t)s->controls));
		json_object_set_new(sum, "readiness", S_readiness(s));
	}
	json_object_set_new(sum, "exit_status", json_integer(s->status));
	json_object_set_new(sum, "text", S_str(line.data));
	ismc_buf_free(&line);
	json_object_set_new(root, "diagnostics", diags);
	json_object_set_new(root, "summary", sum);
	return S_dump(f, root, s->status);
}

/* A URI path: unreserved characters and '/' stay, every other byte is
 * percent-encoded (spaces, '#', '%', non-ASCII). */
static void S_uri_put(ismc_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			ismc_buf_put(b, (const char *)p, 1);
		else
			ismc_buf_printf(b, "%%%02X", *p);
	}
}

static json_t *S_sarif_location(ismc_pos pos, S_files *fc)
{
	ismc_buf uri = { 0 };
	S_uri_put(&uri, pos.file);
	json_t *phys = json_pack("{s:{s:s,s:s}}", "artifactLocation", "uri", uri.data ? uri.data : "",
	                         "uriBaseId", "ISMSROOT");
	ismc_buf_free(&uri);
	if (pos.line >= 1) {
		json_t *region = json_pack("{s:i}", "startLine", pos.line);
		if (pos.col >= 1)
			json_object_set_new(region, "startColumn", json_integer(S_col16(fc, pos)));
		json_object_set_new(phys, "region", region);
	}
	return json_pack("{s:o}", "physicalLocation", phys);
}

/* A rule's friendly name: the code in PascalCase (FrontMatterMissing). */
static void S_pascal(ismc_buf *b, const char *code)
{
	for (int up = 1; *code; code++) {
		if (*code == '-') {
			up = 1;
			continue;
		}
		char c = up && *code >= 'a' && *code <= 'z' ? (char)(*code - 'a' + 'A') : *code;
		ismc_buf_put(b, &c, 1);
		up = 0;
	}
}

static json_t *S_sarif_rules(void)
{
	json_t *rules = json_array();
	for (int c = 0; c < ISMC_NCODES; c++) {
		const ismc_code_info *info = ismc_code_get((ismc_code)c);
		const ismc_explanation *e = ismc_explain_get((ismc_code)c);
		ismc_buf help = { 0 }, uri = { 0 }, name = { 0 };
		int linked = ismc_explain_uri((ismc_code)c, &uri);
		/* without a page to link to, the help is the whole explanation */
		if (!linked)
			ismc_buf_printf(&help, "%s\n\n%s\n\n", e->summary, e->details);
		ismc_buf_printf(&help, "%s: %s\n\nFix: %s", e->standard, e->clause, e->fix);
		if (!linked)
			ismc_buf_printf(&help, "\n\n`ismc explain %s` prints this explanation.", info->name);
		S_pascal(&name, info->name);
		json_t *rule = json_pack("{s:s,s:s,s:o,s:o,s:o,s:{s:s}}",
			"id", info->name,
			"name", name.data,
			"shortDescription", S_text(e->summary),
			"fullDescription", S_text(e->details),
			"help", S_text(help.data),
			"defaultConfiguration", "level", S_level(info->severity));
		if (linked)
			json_object_set_new(rule, "helpUri", json_string(uri.data));
		json_array_append_new(rules, rule);
		ismc_buf_free(&help);
		ismc_buf_free(&uri);
		ismc_buf_free(&name);
	}
	return rules;
}

static int S_sarif(FILE *f, const ismc_model *m, const ismc_diags *d, const ismc_summary *s)
{
	S_files fc = { m ? m->src : NULL, NULL, NULL, 0 };
	json_t *results = json_array();
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		json_t *r = json_pack("{s:s,s:i,s:s,s:o}", "ruleId", ismc_code_get(dg->code)->name,
		                      "ruleIndex", (int)dg->code, "level", S_level(dg->severity),
		                      "message", S_text(dg->msg));
		if (dg->pos.file) /* a problem of the ISMS as a whole has no place */
			json_object_set_new(r, "locations", json_pack("[o]", S_sarif_location(dg->pos, &fc)));
		if (dg->note) {
			json_t *rel = dg->note_pos.file ? S_sarif_location(dg->note_pos, &fc) : json_object();
			json_object_set_new(rel, "id", json_integer(1));
			json_object_set_new(rel, "message", S_text(dg->note));
			json_object_set_new(r, "relatedLocations", json_pack("[o]", rel));
		}
		json_array_append_new(results, r);
	}

	json_t *run = json_pack("{s:{s:{s:s,s:s,s:s,s:o}}}", "tool", "driver",
	                        "name", "ismc", "version", ISMC_VERSION,
	                        "semanticVersion", ISMC_VERSION, "rules", S_sarif_rules());
	if (*ISMC_URL) /* no placeholder: an address only when one is configured */
		json_object_set_new(json_object_get(json_object_get(run, "tool"), "driver"),
		                    "informationUri", json_string(ISMC_URL));
	char real[PATH_MAX];
	if (m && realpath(ismc_source_root(m->src), real)) {
		ismc_buf uri = { 0 };
		ismc_buf_puts(&uri, "file://");
		S_uri_put(&uri, real);
		if (uri.data[uri.len - 1] != '/')
			ismc_buf_puts(&uri, "/");
		json_object_set_new(run, "originalUriBaseIds",
		                    json_pack("{s:{s:s,s:o}}", "ISMSROOT", "uri", uri.data,
		                              "description", S_text("the ISMS root")));
		ismc_buf_free(&uri);
	}
	json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
	json_object_set_new(run, "invocations", json_pack("[{s:b,s:i}]", "executionSuccessful", 1,
	                                                  "exitCode", s->status));
	json_object_set_new(run, "results", results);
	ismc_buf line = { 0 };
	ismc_summary_line(&line, s);
	json_t *props = json_pack("{s:o}", "summary", S_str(line.data));
	ismc_buf_free(&line);
	if (m)
		json_object_set_new(props, "readiness", S_readiness(s));
	json_object_set_new(run, "properties", props);

	json_t *root = json_pack("{s:s,s:s,s:[o]}", "$schema", S_SARIF_SCHEMA, "version", "2.1.0",
	                         "runs", run);
	return S_dump(f, root, s->status);
}

/* The ROOT as given (relative to where ismc runs, as in CI) joined with a
 * root-relative file: a path relative to the workspace. */
static void S_root_join(ismc_buf *path, const char *root, const char *file)
{
	while (root && root[0] == '.' && root[1] == '/')
		root += 2;
	size_t n = root ? strlen(root) : 0;
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n && !(n == 1 && root[0] == '.')) {
		ismc_buf_put(path, root, n);
		if (root[n - 1] != '/')
			ismc_buf_puts(path, "/");
	}
	ismc_buf_puts(path, file);
}

/* ---- GitLab Code Quality (Code Climate's issue format) ---- */

/* GitLab reads an array of issues: description, check_name, fingerprint
 * (unique per issue, stable across runs: the baseline's fingerprint with
 * the path and a count for repeats), severity (info, minor, major,
 * critical, blocker) and location.path / location.lines.begin, the path
 * relative to the repository: the ROOT as given joined with the file, as
 * for GitHub. Findings of no place point at isms.yml. */
static int S_codeclimate(FILE *f, const ismc_model *m, const ismc_diags *d, const ismc_summary *s)
{
	const char *root = m ? ismc_source_root(m->src) : NULL;
	ismc_map *seen = ismc_map_new();
	ismc_vec keys = { 0 };
	json_t *issues = json_array();
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		const char *code = ismc_code_get(dg->code)->name;
		ismc_buf path = { 0 }, key = { 0 };
		S_root_join(&path, root, dg->pos.file ? dg->pos.file : "isms.yml");
		char fp[17], hex[65];
		ismc_baseline_fingerprint(dg, m ? m->src : NULL, fp);
		ismc_buf_printf(&key, "%s\t%s\t%s", code, path.data, fp);
		for (int k = 2; ismc_map_get(seen, key.data); k++) {
			key.len = 0;
			ismc_buf_printf(&key, "%s\t%s\t%s\t%d", code, path.data, fp, k);
		}
		ismc_map_put(seen, key.data, key.data);
		ismc_vec_push(&keys, key.data);
		ismc_sha256(key.data, key.len, hex);
		hex[32] = '\0';
		const char *sev = dg->severity == ISMC_ERROR ? "major"
		                  : dg->severity == ISMC_WARNING ? "minor" : "info";
		json_t *issue = json_pack("{s:s,s:o,s:s,s:s,s:s,s:[s],s:{s:o,s:{s:i}}}",
			"type", "issue",
			"description", S_str(dg->msg),
			"check_name", code,
			"fingerprint", hex,
			"severity", sev,
			"categories", "Compatibility",
			"location", "path", S_str(path.data), "lines", "begin",
			dg->pos.file && dg->pos.line >= 1 ? dg->pos.line : 1);
		json_array_append_new(issues, issue);
		ismc_buf_free(&path);
	}
	for (size_t i = 0; i < keys.n; i++)
		free(keys.v[i]);
	ismc_vec_free(&keys);
	ismc_map_free(seen);
	return S_dump(f, issues, s->status);
}

/* ---- GitHub workflow commands ---- */

/* Escapes per the workflow-command rules: data escapes '%', CR and LF
 * (%0D, %0A: a line break GitHub shows, never one that ends the command and
 * forges another); a property also ':' and ','. Other controls and bytes
 * that are not UTF-8 are made visible as in the text report
 * (ismc_buf_escape). */
static void S_gh_put(FILE *f, const char *text, int property)
{
	ismc_buf esc = { 0 };
	for (const char *seg = text;; seg++) {
		size_t n = strcspn(seg, "\r\n");
		esc.len = 0;
		ismc_buf_escape(&esc, seg, n);
		for (const char *s = esc.data; *s; s++) {
			if (*s == '%')
				fputs("%25", f);
			else if (property && *s == ':')
				fputs("%3A", f);
			else if (property && *s == ',')
				fputs("%2C", f);
			else
				fputc(*s, f);
		}
		seg += n;
		if (!*seg)
			break;
		fputs(*seg == '\r' ? "%0D" : "%0A", f);
	}
	ismc_buf_free(&esc);
}

/* GitHub resolves file= against the workspace, so the path is the ROOT as
 * given (relative to where ismc runs, as in CI) joined with the file. */
static void S_gh_command(FILE *f, const char *cmd, const char *root, ismc_pos pos, S_files *fc,
                         const char *title, const char *msg)
{
	fprintf(f, "::%s ", cmd);
	if (pos.file) {
		ismc_buf path = { 0 };
		S_root_join(&path, root, pos.file);
		fputs("file=", f);
		S_gh_put(f, path.data, 1);
		ismc_buf_free(&path);
		if (pos.line >= 1)
			fprintf(f, ",line=%d", pos.line);
		if (pos.line >= 1 && pos.col >= 1)
			fprintf(f, ",col=%d", S_col16(fc, pos));
		fputc(',', f);
	}
	fputs("title=", f);
	S_gh_put(f, title, 1);
	fputs("::", f);
	S_gh_put(f, msg, 0);
	fputc('\n', f);
}

static int S_github(FILE *f, const ismc_model *m, const ismc_diags *d, const ismc_summary *s)
{
	static const char *const cmds[] = { [ISMC_OFF] = "notice", [ISMC_NOTE] = "notice",
	                                    [ISMC_WARNING] = "warning", [ISMC_ERROR] = "error" };
	S_files fc = { m ? m->src : NULL, NULL, NULL, 0 };
	const char *root = m ? ismc_source_root(m->src) : NULL;
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		const char *code = ismc_code_get(dg->code)->name;
		S_gh_command(f, cmds[dg->severity], root, dg->pos, &fc, code, dg->msg);
		if (dg->note)
			S_gh_command(f, "notice", root, dg->note_pos, &fc, code, dg->note);
	}
	if (ismc_diags_count(d))
		fputc('\n', f);
	ismc_buf tail = { 0 };
	ismc_summary_render(&tail, s, 1);
	fputs(tail.data, f);
	ismc_buf_free(&tail);
	if (fflush(f) != 0) {
		fputs("ismc: cannot write the report\n", stderr);
		return 2;
	}
	return s->status;
}

int ismc_format_write(FILE *f, ismc_format fmt, const ismc_model *m, const ismc_diags *d,
                      int werror, int flags)
{
	if (fmt == ISMC_FORMAT_TEXT)
		return ismc_report_text(f, m, d, werror, flags, 1);
	ismc_summary s;
	ismc_summary_make(&s, m, d, werror);
	return fmt == ISMC_FORMAT_JSON ? S_json(f, m, d, &s)
	     : fmt == ISMC_FORMAT_SARIF ? S_sarif(f, m, d, &s)
	     : fmt == ISMC_FORMAT_CODECLIMATE ? S_codeclimate(f, m, d, &s)
	     : S_github(f, m, d, &s);
}
