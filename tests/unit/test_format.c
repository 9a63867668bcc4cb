/* The --format back ends on a broken copy of the minimal fixture: JSON parses
 * and holds every diagnostic, SARIF has what 2.1.0 and code scanning need,
 * GitHub lines are well-formed workflow commands. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256], S_root[300];

static void S_write(const char *rel, const char *text)
{
	t_spit(t_path("%s/%s", S_root, rel), text);
}

/* tmp/isms: the minimal fixture with problems laid over it. */
static void S_make(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "format");
	snprintf(S_root, sizeof S_root, "%s/isms", S_tmp);
	t_copy_fixture("minimal", S_root);
	cr_assert_eq(mkdir(t_path("%s/policies", S_root), 0755), 0);
	S_write("policies/broken.md",
	        "---\nid: POL-900\ntitle: Broken\ntype: policy\nowner: CISO\nversion: \"1.0\"\n"
	        "status: approved\napproved_by: CEO\napproved_on: 2026-01-10\nclauses: [5.2]\n"
	        "rate%: 1\n---\nGeschäftsführung: see [POL-404].\n");
	S_write("policies/newline.md",
	        "---\nid: POL-901\ntitle: Newline\ntype: \"pol\\nicy\"\nowner: CISO\nversion: \"1.0\"\n"
	        "status: draft\nclauses: [5.2]\n---\n");
	S_write("policies/a,b.md", "no front matter\n");
	S_write("registers/controls-dup.yml",
	        "controls:\n  - id: A.5.1\n    applicable: true\n    justification: twice\n"
	        "    status: implemented\n    implemented_by: [DOC-SCOPE]\n");
}

/* Checks tmp/isms with ROOT relative to where ismc runs, as in CI. */
static void S_open(t_model *r)
{
	cr_assert_eq(chdir(S_tmp), 0);
	t_model_load(r, "isms", "2026-06-30");
}

static void S_load(t_model *r)
{
	S_make();
	S_open(r);
}

static void S_unload(t_model *r)
{
	t_model_free(r);
	t_rmtree(S_tmp);
}

/* Runs a format into memory; returns the text (caller frees) and the status. */
static char *S_format(const t_model *r, ismc_format fmt, int werror, int *status)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	cr_assert_not_null(f);
	*status = ismc_format_write(f, fmt, r->m, r->d, werror, 0);
	fclose(f);
	return text;
}

/* Runs a JSON-writing format and parses what it wrote. */
static json_t *S_parse(const t_model *r, ismc_format fmt, char **text)
{
	int status;
	*text = S_format(r, fmt, 0, &status);
	json_error_t jerr;
	json_t *root = json_loads(*text, 0, &jerr);
	cr_assert_not_null(root, "line %d: %s", jerr.line, jerr.text);
	return root;
}

static const ismc_diag *S_find(const ismc_diags *d, ismc_code c)
{
	for (size_t i = 0; i < ismc_diags_count(d); i++)
		if (ismc_diags_at(d, i)->code == c)
			return ismc_diags_at(d, i);
	return NULL;
}

Test(format, names_parse)
{
	cr_assert_eq(ismc_format_parse("text"), ISMC_FORMAT_TEXT);
	cr_assert_eq(ismc_format_parse("json"), ISMC_FORMAT_JSON);
	cr_assert_eq(ismc_format_parse("sarif"), ISMC_FORMAT_SARIF);
	cr_assert_eq(ismc_format_parse("github"), ISMC_FORMAT_GITHUB);
	cr_assert_eq(ismc_format_parse("xml"), -1);
	cr_assert_eq(ismc_format_parse("JSON"), -1);
}

Test(format, the_broken_isms_is_broken)
{
	t_model r;
	S_load(&r);
	cr_assert(ismc_diags_has(r.d, ISMC_UNKNOWN_FIELD));
	cr_assert(ismc_diags_has(r.d, ISMC_UNKNOWN_REFERENCE));
	cr_assert(ismc_diags_has(r.d, ISMC_INVALID_VALUE));
	cr_assert(ismc_diags_has(r.d, ISMC_FRONT_MATTER_MISSING));
	cr_assert(ismc_diags_has(r.d, ISMC_DUPLICATE_ID));
	const ismc_diag *ref = S_find(r.d, ISMC_UNKNOWN_REFERENCE);
	cr_assert_eq(ref->pos.line, 13);
	cr_assert_eq(ref->pos.col, 25, "bytes: 'ä' and 'ü' count two each");
	S_unload(&r);
}

Test(format, every_format_exits_as_text_does)
{
	t_model r;
	S_load(&r);
	for (int werror = 0; werror <= 1; werror++) {
		int want, got;
		free(S_format(&r, ISMC_FORMAT_TEXT, werror, &want));
		cr_assert_eq(want, 1);
		for (int fmt = ISMC_FORMAT_JSON; fmt <= ISMC_FORMAT_GITHUB; fmt++) {
			free(S_format(&r, (ismc_format)fmt, werror, &got));
			cr_assert_eq(got, want, "format %d", fmt);
		}
	}
	S_unload(&r);
}

Test(format, json_parses_and_holds_every_diagnostic)
{
	t_model r;
	S_load(&r);
	char *text;
	json_t *root = S_parse(&r, ISMC_FORMAT_JSON, &text);
	json_t *diags = json_object_get(root, "diagnostics");
	cr_assert(json_is_array(diags));
	cr_assert_eq(json_array_size(diags), ismc_diags_count(r.d));
	cr_assert_geq(json_array_size(diags), 5);
	int notes = 0;
	for (size_t i = 0; i < ismc_diags_count(r.d); i++) {
		const ismc_diag *dg = ismc_diags_at(r.d, i);
		json_t *o = json_array_get(diags, i);
		cr_assert_str_eq(json_string_value(json_object_get(o, "code")),
		                 ismc_code_get(dg->code)->name);
		cr_assert_str_eq(json_string_value(json_object_get(o, "severity")),
		                 ismc_severity_name(dg->severity));
		cr_assert_str_eq(json_string_value(json_object_get(o, "file")), dg->pos.file);
		cr_assert_eq(json_integer_value(json_object_get(o, "line")), dg->pos.line);
		cr_assert_eq(json_integer_value(json_object_get(o, "column")), dg->pos.col);
		cr_assert_str_eq(json_string_value(json_object_get(o, "message")), dg->msg);
		json_t *note = json_object_get(o, "note");
		cr_assert_eq(note != NULL, dg->note != NULL);
		if (note) {
			notes++;
			cr_assert_str_eq(json_string_value(json_object_get(note, "message")), dg->note);
			cr_assert_str_eq(json_string_value(json_object_get(note, "file")), dg->note_pos.file);
		}
	}
	cr_assert_eq(notes, 1, "duplicate-id carries the first place");
	json_t *sum = json_object_get(root, "summary");
	cr_assert_eq(json_integer_value(json_object_get(sum, "errors")),
	             ismc_diags_count_severity(r.d, ISMC_ERROR));
	cr_assert_eq(json_integer_value(json_object_get(sum, "warnings")),
	             ismc_diags_count_severity(r.d, ISMC_WARNING));
	int status;
	free(S_format(&r, ISMC_FORMAT_TEXT, 0, &status));
	cr_assert_eq(json_integer_value(json_object_get(sum, "exit_status")), status);
	cr_assert_eq(json_integer_value(json_object_get(sum, "documents")), (json_int_t)r.m->docs.n);
	cr_assert_str_eq(json_string_value(json_object_get(root, "as_of")), "2026-06-30");
	const char *line = json_string_value(json_object_get(sum, "text"));
	cr_assert(line && !strncmp(line, "ismc: ", 6) && !strchr(line, '\n'), "%s", line);
	json_t *ready = json_object_get(sum, "readiness");
	cr_assert_eq(json_integer_value(json_object_get(ready, "leaf_clauses")), 30);
	cr_assert_eq(json_integer_value(json_object_get(ready, "controls")), 93);
	json_decref(root);
	free(text);
	S_unload(&r);
}

static json_t *S_get(json_t *o, const char *path)
{
	/* "a.b.0.c": object keys and array indexes */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save, *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_is_array(o) ? json_array_get(o, strtoul(k, NULL, 10)) : json_object_get(o, k);
	return o;
}

Test(format, sarif_has_the_required_properties)
{
	t_model r;
	S_load(&r);
	char *text;
	json_t *root = S_parse(&r, ISMC_FORMAT_SARIF, &text);
	cr_assert_str_eq(json_string_value(S_get(root, "version")), "2.1.0");
	cr_assert(strstr(json_string_value(S_get(root, "$schema")), "sarif-schema-2.1.0.json"));
	cr_assert_eq(json_array_size(S_get(root, "runs")), 1);
	json_t *run = S_get(root, "runs.0");
	cr_assert_str_eq(json_string_value(S_get(run, "tool.driver.name")), "ismc");
	cr_assert_str_eq(json_string_value(S_get(run, "tool.driver.version")), ISMC_VERSION);
	/* an address only when the build knows one (CMake's ISMC_URL) */
	cr_assert_eq(json_is_string(S_get(run, "tool.driver.informationUri")), *ISMC_URL != '\0');

	json_t *rules = S_get(run, "tool.driver.rules");
	cr_assert_eq(json_array_size(rules), ISMC_NCODES);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *rule = json_array_get(rules, i);
		const char *id = json_string_value(S_get(rule, "id"));
		cr_assert_str_eq(id, ismc_code_get((ismc_code)i)->name);
		if (i == ISMC_FRONT_MATTER_MISSING)
			cr_assert_str_eq(json_string_value(S_get(rule, "name")), "FrontMatterMissing");
		cr_assert_str_eq(json_string_value(S_get(rule, "shortDescription.text")),
		                 ismc_explain_get((ismc_code)i)->summary);
		cr_assert(json_string_length(S_get(rule, "fullDescription.text")) > 40, "%s", id);
		char page[128];
		snprintf(page, sizeof page, "/docs/diagnostics/%s.md", id);
		const char *uri = json_string_value(S_get(rule, "helpUri"));
		if (*ISMC_URL) {
			cr_assert(uri && strstr(uri, page) && !strncmp(uri, "https://", 8), "%s", uri);
		} else { /* no placeholder: the help carries the whole explanation */
			cr_assert_null(S_get(rule, "helpUri"), "%s", id);
			cr_assert(strstr(json_string_value(S_get(rule, "help.text")),
			                 ismc_explain_get((ismc_code)i)->details), "%s", id);
		}
		const char *lvl = json_string_value(S_get(rule, "defaultConfiguration.level"));
		cr_assert_str_eq(lvl, ismc_code_get((ismc_code)i)->severity == ISMC_ERROR ? "error" : "warning");
	}

	json_t *base = S_get(run, "originalUriBaseIds.ISMSROOT.uri");
	const char *b = json_string_value(base);
	cr_assert(b && !strncmp(b, "file:///", 8) && b[strlen(b) - 1] == '/', "%s", b);
	cr_assert(strstr(b, "/isms/"));

	json_t *results = S_get(run, "results");
	cr_assert_eq(json_array_size(results), ismc_diags_count(r.d));
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *res = json_array_get(results, i);
		const ismc_diag *dg = ismc_diags_at(r.d, i);
		const char *rule_id = json_string_value(S_get(res, "ruleId"));
		json_int_t idx = json_integer_value(S_get(res, "ruleIndex"));
		cr_assert(idx >= 0 && (size_t)idx < json_array_size(rules));
		cr_assert_str_eq(json_string_value(S_get(json_array_get(rules, (size_t)idx), "id")), rule_id,
		                 "every ruleId names a rule, at ruleIndex");
		const char *lvl = json_string_value(S_get(res, "level"));
		cr_assert(!strcmp(lvl, "error") || !strcmp(lvl, "warning") || !strcmp(lvl, "note"));
		cr_assert_str_eq(lvl, ismc_severity_name(dg->severity));
		cr_assert_str_eq(json_string_value(S_get(res, "message.text")), dg->msg);
		json_t *phys = S_get(res, "locations.0.physicalLocation");
		cr_assert_not_null(phys, "result %zu has a place", i);
		cr_assert_str_eq(json_string_value(S_get(phys, "artifactLocation.uriBaseId")), "ISMSROOT");
		const char *uri = json_string_value(S_get(phys, "artifactLocation.uri"));
		cr_assert(uri && uri[0] != '/' && !strstr(uri, "://"), "relative: %s", uri);
		cr_assert_eq(json_integer_value(S_get(phys, "region.startLine")), dg->pos.line);
		json_int_t col = json_integer_value(S_get(phys, "region.startColumn"));
		cr_assert_geq(col, 1);
		if (dg->code == ISMC_UNKNOWN_REFERENCE)
			cr_assert_eq(col, 23, "UTF-16 code units: 'ä' and 'ü' count one each");
		else
			cr_assert_eq(col, dg->pos.col, "ASCII lines keep their column");
		if (dg->note)
			cr_assert_str_eq(json_string_value(S_get(res, "relatedLocations.0.message.text")),
			                 dg->note);
		if (!strcmp(rule_id, "front-matter-missing"))
			cr_assert_str_eq(uri, "policies/a%2Cb.md", "percent-encoded");
	}
	json_decref(root);
	free(text);
	S_unload(&r);
}

Test(format, github_lines_are_workflow_commands)
{
	t_model r;
	S_load(&r);
	int status;
	char *text = S_format(&r, ISMC_FORMAT_GITHUB, 0, &status);
	regex_t cmd, summary;
	/* Properties are escaped, so ',' and ':' only separate them. */
	cr_assert_eq(regcomp(&cmd,
	                     "^::(error|warning|notice) (file=[^,:]+,line=[1-9][0-9]*,col=[1-9][0-9]*,)?"
	                     "title=[a-z0-9-]+::[^\r\n]+$",
	                     REG_EXTENDED | REG_NOSUB), 0);
	cr_assert_eq(regcomp(&summary, "^ismc: [0-9]+ errors?, [0-9]+ warnings?( in .*)?$",
	                     REG_EXTENDED | REG_NOSUB), 0);
	size_t ncmd = 0, nerr = 0, nnotice = 0;
	int summary_seen = 0;
	char *save;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "::", 2)) {
			cr_assert_eq(regexec(&cmd, line, 0, NULL, 0), 0, "not a workflow command: %s", line);
			cr_assert(!summary_seen, "commands come before the summary");
			ncmd++;
			nerr += !strncmp(line, "::error ", 8);
			nnotice += !strncmp(line, "::notice ", 9);
			cr_assert(!strncmp(strstr(line, "file=") ? strstr(line, "file=") : "file=isms/",
			                   "file=isms/", 10),
			          "paths are relative to where ismc runs: %s", line);
		} else if (regexec(&summary, line, 0, NULL, 0) == 0) {
			summary_seen = 1;
		}
		if (strstr(line, "title=invalid-value"))
			cr_assert(strstr(line, "'pol%0Aicy'"), "a newline in a message is escaped: %s", line);
		if (strstr(line, "title=unknown-field"))
			cr_assert(strstr(line, "'rate%25'"), "'%%' in a message is escaped: %s", line);
		if (strstr(line, "title=front-matter-missing"))
			cr_assert(strstr(line, "file=isms/policies/a%2Cb.md,"), "',' in a property: %s", line);
		if (strstr(line, "title=unknown-reference"))
			cr_assert(strstr(line, ",line=13,col=23,"), "UTF-16 column: %s", line);
	}
	cr_assert(summary_seen);
	cr_assert_eq(ncmd, ismc_diags_count(r.d) + 1, "one line a diagnostic, one a note");
	cr_assert_eq(nerr, ismc_diags_count_severity(r.d, ISMC_ERROR));
	cr_assert_eq(nnotice, 1);
	regfree(&cmd);
	regfree(&summary);
	free(text);
	S_unload(&r);
}

/* Nothing in the pipeline is placeless today (whole-ISMS problems point at
 * isms.yml), but a diagnostic may have no place, and a format may be asked
 * to write without a model. */
Test(format, placeless_diagnostics_have_no_location)
{
	ismc_diags *d = ismc_diags_new();
	ismc_pos none = { NULL, 0, 0 };
	ismc_diag_add(d, ISMC_SOA_MISSING_CONTROL, none, "no SoA decision for A.5.7");
	ismc_diag_add(d, ISMC_ORPHAN_DOCUMENT, (ismc_pos){ "x.md", 1, 1 }, "orphan");
	ismc_diags_sort(d);
	t_model r = { NULL, d, NULL };

	int status;
	char *text = S_format(&r, ISMC_FORMAT_SARIF, 0, &status);
	cr_assert_eq(status, 1);
	json_t *root = json_loads(text, 0, NULL);
	cr_assert_not_null(root, "%s", text);
	cr_assert_str_eq(json_string_value(S_get(root, "runs.0.results.0.ruleId")), "soa-missing-control");
	cr_assert_null(S_get(root, "runs.0.results.0.locations"));
	cr_assert_not_null(S_get(root, "runs.0.results.1.locations.0.physicalLocation.region"));
	json_decref(root);
	free(text);

	text = S_format(&r, ISMC_FORMAT_JSON, 0, &status);
	root = json_loads(text, 0, NULL);
	cr_assert_not_null(root, "%s", text);
	json_t *first = S_get(root, "diagnostics.0");
	cr_assert(json_is_null(S_get(first, "file")));
	cr_assert(json_is_null(S_get(first, "line")));
	cr_assert(json_is_null(S_get(first, "column")));
	cr_assert_str_eq(json_string_value(S_get(root, "summary.text")), "ismc: 1 error, 1 warning");
	json_decref(root);
	free(text);

	text = S_format(&r, ISMC_FORMAT_GITHUB, 0, &status);
	cr_assert_str_eq(text, "::error title=soa-missing-control::no SoA decision for A.5.7\n"
	                       "::warning file=x.md,line=1,col=1,title=orphan-document::orphan\n"
	                       "\nismc: 1 error, 1 warning\n");
	free(text);
	ismc_diags_free(d);
}

Test(format, json_replaces_bytes_that_are_not_utf8)
{
	t_model r;
	S_make();
	S_write("policies/caf\xe9.md", "no front matter\n");
	S_open(&r);
	int status;
	char *text = S_format(&r, ISMC_FORMAT_JSON, 0, &status);
	json_t *root = json_loads(text, 0, NULL);
	cr_assert_not_null(root, "the output is valid JSON (UTF-8)");
	int found = 0;
	json_t *diags = json_object_get(root, "diagnostics");
	for (size_t i = 0; i < json_array_size(diags); i++)
		found |= !strcmp(json_string_value(S_get(json_array_get(diags, i), "file")),
		                 "policies/caf\xEF\xBF\xBD.md");
	cr_assert(found, "%s", text);
	json_decref(root);
	free(text);
	S_unload(&r);
}

/* A file name with a line break, a forged workflow command after it, and a
 * message quoting an escape character: in every format each stays where it
 * belongs, no output line starts a command ismc did not write, and no
 * control character reaches the terminal raw. */
Test(format, names_and_values_cannot_forge_lines_or_reach_the_terminal_raw)
{
	S_make();
	static const char evil[] = "x\n::error file=isms.yml,line=1::forged.md";
	S_write(evil, "---\nid: POL-6\n---\n");
	S_write("policies/esc.md", "---\nid: POL-7\ntitle: Esc\ntype: \"pol\\e[2Jicy\"\n"
	                           "owner: CISO\nversion: \"1.0\"\nstatus: draft\n---\n");
	static const char *const formats[] = { "text", "json", "sarif", "github" };
	for (size_t i = 0; i < 4; i++) {
		char *out;
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of 2026-06-30 --format %s",
		                            formats[i]), 1, "%s", formats[i]);
		cr_expect(!strstr(out, "\n::error file=isms.yml") && strncmp(out, "::error file=isms.yml", 21),
		          "%s: a forged command: %s", formats[i], out);
		cr_expect(!strchr(out, '\x1b'), "%s: a raw escape character: %s", formats[i], out);
		if (!strcmp(formats[i], "text")) {
			cr_expect(strstr(out, "x\\n::error file=isms.yml,line=1::forged.md:1:1: error: the "
			                      "file's name is not valid UTF-8 or holds a control character "
			                      "(shown escaped): rename it; it is not read [invalid-utf8]\n"),
			          "%s", out);
			cr_expect(strstr(out, "'pol\\x1b[2Jicy' is not a valid type"), "%s", out);
		}
		if (!strcmp(formats[i], "github"))
			cr_expect(strstr(out, "::error file=isms/x%0A%3A%3Aerror file=isms.yml%2Cline=1"
			                      "%3A%3Aforged.md,line=1,col=1,title=invalid-utf8::"), "%s", out);
		if (!strcmp(formats[i], "json")) {
			/* JSON carries the name exactly, its line break escaped by jansson */
			json_error_t jerr;
			json_t *root = json_loads(out, 0, &jerr);
			cr_assert_not_null(root, "%s", jerr.text);
			int found = 0;
			json_t *d;
			size_t k;
			json_array_foreach(json_object_get(root, "diagnostics"), k, d)
				found |= !strcmp(json_string_value(json_object_get(d, "file")), evil);
			cr_expect(found, "%s", out);
			json_decref(root);
		}
		free(out);
	}
	t_rmtree(S_tmp);
}
