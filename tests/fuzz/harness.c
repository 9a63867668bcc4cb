/* harness.c: what the fuzz targets share (fuzz.h). One compile per input,
 * as `ismc check` and `ismc build --draft` chain the stages, over an ISMS
 * held in memory: the minimal fixture, read once, with the fuzzed file laid
 * over it. The only files written are the outputs, into one folder per
 * process (on /dev/shm when there is one), overwritten by every input. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file of the in-memory ISMS. */
typedef struct {
	const char *path;
	const char *data;
	size_t len;
} S_file;

typedef struct {
	S_file v[32];
	size_t n;
} S_files;

static struct {
	int ready;
	long as_of;
	S_files fixture;           /* tests/fixtures/minimal, read once */
	xmlRelaxNGPtr rng;         /* schemas/ismc.rng, parsed once */
	FILE *null;                /* what no oracle reads */
	char work[PATH_MAX];       /* this process's folder */
	char root[PATH_MAX];       /* work/isms: the root the source is named after */
	char out[PATH_MAX];        /* work/out: the pack of the last input */
	char tpl[PATH_MAX];        /* work/tpl: a copy of the shipped body.xsl (fz_compile_site) */
} S_fz;

void fz_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("ismc fuzz: FINDING: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fz_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		fz_fail("cannot write '%s': %s", path, strerror(errno));
}

static void S_cleanup(void)
{
	ismc_rmtree(S_fz.work);
	for (size_t i = 0; i < S_fz.fixture.n; i++) {
		free((char *)S_fz.fixture.v[i].path);
		free((char *)S_fz.fixture.v[i].data);
	}
	xmlRelaxNGFree(S_fz.rng);
	fclose(S_fz.null);
}

/* The folder of this process: below $ISMC_FUZZ_TMP (scripts/fuzz.sh sets
 * it), else /dev/shm, else /tmp; a tmpfs keeps the outputs off the disk. */
static void S_make_work(void)
{
	const char *base = getenv("ISMC_FUZZ_TMP");
	struct stat st;
	if (base && *base)
		mkdir(base, 0700); /* EEXIST is fine; mkdtemp says if it is not */
	else
		base = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(S_fz.work, sizeof S_fz.work, "%s/ismc-fuzz-XXXXXX", base);
	if (!mkdtemp(S_fz.work))
		fz_fail("cannot make a folder below '%s': %s", base, strerror(errno));
	snprintf(S_fz.root, sizeof S_fz.root, "%s/isms", S_fz.work);
	snprintf(S_fz.out, sizeof S_fz.out, "%s/out", S_fz.work);
	if (mkdir(S_fz.root, 0700) != 0)
		fz_fail("cannot make '%s': %s", S_fz.root, strerror(errno));
}

static void S_read_fixture(void)
{
	ismc_error err = { { 0 } };
	ismc_source *src = ismc_source_open_dir(ISMC_FUZZ_FIXTURE, NULL, 0, &err);
	if (!src)
		fz_fail("the fixture: %s", err.msg);
	for (size_t i = 0; i < ismc_source_count(src); i++) {
		const ismc_file *f = ismc_source_at(src, i);
		S_file *to = &S_fz.fixture.v[S_fz.fixture.n];
		const char *text;
		if (S_fz.fixture.n + 1 >= sizeof S_fz.fixture.v / sizeof *S_fz.fixture.v ||
		    ismc_source_load(src, f->path, &text, &to->len, &err) != 0)
			fz_fail("the fixture: %s", *err.msg ? err.msg : "too many files or too large");
		char *data = ismc_xmalloc(to->len + 1); /* the source owns text */
		memcpy(data, text, to->len + 1);
		to->path = ismc_xstrdup(f->path);
		to->data = data;
		S_fz.fixture.n++;
	}
	ismc_source_free(src);
}

static void S_init(void)
{
	if (S_fz.ready)
		return;
	S_fz.ready = 1;
	if (ismc_date_parse(FZ_AS_OF, &S_fz.as_of) != 0)
		fz_fail("bad FZ_AS_OF");
	S_make_work();
	if (!(S_fz.null = fopen("/dev/null", "w")))
		fz_fail("cannot open /dev/null: %s", strerror(errno));
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(ISMC_FUZZ_SCHEMA);
	S_fz.rng = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	if (!S_fz.rng)
		fz_fail("cannot parse the schema '%s'", ISMC_FUZZ_SCHEMA);
	S_read_fixture();
	atexit(S_cleanup);
}

const char *fz_workdir(void)
{
	S_init();
	return S_fz.work;
}

/* ---- the in-memory source ---- */

/* The reader of ismc_source_set_reader: a NUL-terminated copy, as the
 * folder and git readers give. */
static int S_read(const ismc_source *s, const ismc_file *f, char **out, size_t *len,
                  ismc_error *err)
{
	const S_files *fs = ismc_source_priv(s);
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].path, f->path) != 0)
			continue;
		char *p = ismc_xmalloc(fs->v[i].len + 1);
		if (fs->v[i].len)
			memcpy(p, fs->v[i].data, fs->v[i].len);
		p[fs->v[i].len] = '\0';
		*out = p;
		*len = fs->v[i].len;
		return 0;
	}
	snprintf(err->msg, sizeof err->msg, "%s: not in the in-memory ISMS", f->path);
	return -1;
}

/* ---- the oracles of the reports ---- */

/* A JSON report parses, and lists `ndiags` diagnostics in the array at
 * `where` (a member, or for SARIF runs[0].results). */
static void S_check_json(const char *fmt, const char *text, size_t len, size_t ndiags,
                         int status)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr);
	if (!root)
		fz_fail("--format %s is not JSON: line %d: %s", fmt, jerr.line, jerr.text);
	json_t *list;
	if (!strcmp(fmt, "json")) {
		list = json_object_get(root, "diagnostics");
		json_int_t st = json_integer_value(
			json_object_get(json_object_get(root, "summary"), "exit_status"));
		if (st != status)
			fz_fail("--format json says exit_status %lld, the exit status is %d",
			        (long long)st, status);
	} else if (!strcmp(fmt, "codeclimate")) {
		list = root; /* GitLab Code Quality: the array of issues itself */
	} else {
		list = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results");
	}
	if (!json_is_array(list) || json_array_size(list) != ndiags)
		fz_fail("--format %s lists %zu diagnostics, there are %zu", fmt,
		        json_is_array(list) ? json_array_size(list) : 0, ndiags);
	json_decref(root);
}

/* GitHub workflow commands: one line each, so a message with a newline in
 * it must come escaped; a blank line ends them. */
static void S_check_github(const char *text, size_t ncmds)
{
	const char *p = text;
	for (size_t i = 0; i < ncmds; i++) {
		if (strncmp(p, "::", 2) != 0)
			fz_fail("--format github: line %zu is not a workflow command: %.60s", i + 1, p);
		const char *nl = strchr(p, '\n');
		if (!nl)
			fz_fail("--format github: %zu commands expected, %zu found", ncmds, i);
		p = nl + 1;
	}
	if (ncmds && *p != '\n')
		fz_fail("--format github: more lines than the %zu commands: %.60s", ncmds, p);
}

/* Every --format of `check`; returns the exit status they agree on. */
static int S_formats(const ismc_model *m, const ismc_diags *d)
{
	static const char *const names[] = { "text", "json", "sarif", "github", "codeclimate" };
	_Static_assert(sizeof names / sizeof *names == ISMC_NFORMATS, "a name per format");
	size_t ndiags = ismc_diags_count(d), ncmds = ndiags;
	for (size_t i = 0; i < ndiags; i++)
		ncmds += ismc_diags_at(d, i)->note != NULL;
	int status = -1;
	for (int fmt = ISMC_FORMAT_TEXT; fmt < ISMC_NFORMATS; fmt++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (!f)
			fz_fail("open_memstream: %s", strerror(errno));
		/* colour on for text: the terminal's escapes are a path of their own */
		int rc = ismc_format_write(f, (ismc_format)fmt, m, d, 0, fmt == ISMC_FORMAT_TEXT);
		fclose(f);
		if (fmt == ISMC_FORMAT_TEXT)
			status = rc;
		else if (rc != status)
			fz_fail("--format %s exits %d, --format text %d", names[fmt], rc, status);
		if (rc != 0 && rc != 1)
			fz_fail("--format %s exits %d on an ISMS that was read", names[fmt], rc);
		if (fmt == ISMC_FORMAT_JSON || fmt == ISMC_FORMAT_SARIF || fmt == ISMC_FORMAT_CODECLIMATE)
			S_check_json(names[fmt], text, len, ndiags, status);
		else if (fmt == ISMC_FORMAT_GITHUB)
			S_check_github(text, ncmds);
		free(text);
	}
	ismc_report_text(S_fz.null, m, d, 1, 0, 1); /* --werror */
	return status;
}

/* ---- the oracle of the outputs ---- */

typedef struct {
	int line;
	char msg[256];
} S_xml_error;

static void S_on_error(void *ctx, const xmlError *e)
{
	S_xml_error *first = ctx;
	if (first->line || !e)
		return;
	first->line = e->line ? e->line : -1;
	snprintf(first->msg, sizeof first->msg, "%s", e->message ? e->message : "?");
	size_t n = strlen(first->msg);
	if (n && first->msg[n - 1] == '\n')
		first->msg[n - 1] = '\0';
}

static int S_valid(xmlDocPtr doc, S_xml_error *first)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(S_fz.rng);
	xmlRelaxNGSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)S_on_error, first);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	return rc == 0;
}

/* dir/name parses and is valid against schemas/ismc.rng. */
static void S_validate(const char *dir, const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                        XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		fz_fail("%s is not well-formed XML: %s", path, e && e->message ? e->message : "?");
	}
	S_xml_error first = { 0, "" };
	int valid = S_valid(doc, &first);
	xmlFreeDoc(doc);
	if (!valid)
		fz_fail("%s is not valid against schemas/ismc.rng: line %d: %s", path, first.line,
		        first.msg);
}

/* Document i of the pack as a batch's pack gets it (ismc_pack_doc_copy),
 * written unformatted; the caller frees it. */
static xmlChar *S_doc_copy(const ismc_pack *p, size_t i)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlDocCopyNode(xmlDocGetRootElement(p->doc), doc, 2);
	xmlDocSetRootElement(doc, root);
	xmlNodePtr n = ismc_pack_doc_copy(p, i, ismc_xml_el(root, "documents"), NULL);
	xmlBufferPtr b = xmlBufferCreate();
	if (!b || xmlNodeDump(b, doc, n, 0, 0) < 0)
		fz_fail("cannot write document %zu of the pack", i);
	xmlChar *out = xmlStrdup(xmlBufferContent(b));
	xmlBufferFree(b);
	xmlFreeDoc(doc);
	return out;
}

/* Each body the pages' batches parse back from evidence-pack.xml is the
 * body built from its Markdown (emit.c, S_kept_body). */
static void S_bodies_parse_back(ismc_pack *p)
{
	for (size_t i = 0; p->kept && i < p->ndocs; i++) {
		xmlChar *back = S_doc_copy(p, i);
		FILE *kept = p->kept;
		p->kept = NULL;
		xmlChar *built = S_doc_copy(p, i);
		p->kept = kept;
		if (!xmlStrEqual(back, built)) {
			size_t k = 0;
			while (back[k] && back[k] == built[k])
				k++;
			fz_fail("document %zu: its body parsed back from evidence-pack.xml differs "
			        "from the body built at byte %zu: '%.60s' against '%.60s'",
			        i, k, (const char *)back + k, (const char *)built + k);
		}
		xmlFree(back);
		xmlFree(built);
	}
}

/* `ismc build --draft`: the XML into a temporary folder that replaces
 * S_fz.out with its manifest; then every body the pages would parse back
 * against the body built, every file against the schema, and the pack
 * against `ismc verify`. A draft when the ISMS has errors, as build
 * decides. */
static void S_site(ismc_pack *pack);
static void S_build(const ismc_model *m, const ismc_diags *d, int draft, int site)
{
	static const char *const files[] = { "soa.xml", "register.xml", "risks.xml",
		                             "evidence-pack.xml", "manifest.xml" };
	ismc_error err = { { 0 } };
	ismc_output o;
	ismc_emit_ctx ctx = { m, d, draft, NULL, NULL, -1, 0, NULL, 0, NULL, NULL };
	ismc_pack pack = { 0 };
	int rc = ismc_output_open(&o, S_fz.out, S_fz.root, NULL, &err) != 0 ||
	         ismc_output_begin(&o, &err) != 0 || ismc_emit_all(&ctx, o.tmp, &pack, &err) != 0 ||
	         ismc_output_commit(&o, &err) != 0;
	if (!rc)
		S_bodies_parse_back(&pack);
	if (!rc && site)
		S_site(&pack);
	ismc_pack_free(&pack);
	ismc_output_close(&o);
	if (rc)
		fz_fail("the build failed on an in-memory ISMS: %s", err.msg);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		S_validate(S_fz.out, files[i]);
	rc = ismc_verify(S_fz.null, S_fz.out, NULL);
	if (rc != 0)
		fz_fail("ismc verify exits %d on the pack just written (%s)", rc, S_fz.out);
}

/* ---- the site: bodies by body_html.c and by the templates ---- */

/* Every page of a/html/sub is in b/html/sub, the same bytes, and the other
 * way round. */
static void S_same_pages(const char *a, const char *b, const char *sub)
{
	char da[PATH_MAX], db[PATH_MAX];
	snprintf(da, sizeof da, "%s/html/%s", a, sub);
	snprintf(db, sizeof db, "%s/html/%s", b, sub);
	for (int pass = 0; pass < 2; pass++) {
		const char *from = pass ? db : da, *to = pass ? da : db;
		DIR *d = opendir(from);
		if (!d)
			fz_fail("cannot read '%s': %s", from, strerror(errno));
		for (struct dirent *e; (e = readdir(d));) {
			size_t len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".html"))
				continue;
			char pa[PATH_MAX + 256], pb[PATH_MAX + 256];
			snprintf(pa, sizeof pa, "%s/%s", from, e->d_name);
			snprintf(pb, sizeof pb, "%s/%s", to, e->d_name);
			char *x = NULL, *y = NULL;
			size_t nx = 0, ny = 0;
			ismc_error err = { { 0 } };
			if (ismc_file_read_all(pa, &x, &nx, &err) != 0)
				fz_fail("cannot read '%s': %s", pa, err.msg);
			if (ismc_file_read_all(pb, &y, &ny, &err) != 0)
				fz_fail("%s is rendered %s only", e->d_name,
				        pass ? "by the templates" : "by body_html.c");
			if (nx != ny || memcmp(x, y, nx) != 0) {
				size_t i = 0;
				while (i < nx && i < ny && x[i] == y[i])
					i++;
				fz_fail("%s: body_html.c and the templates differ at byte %zu: "
				        "'%.60s' against '%.60s'", e->d_name, i,
				        pass ? y + i : x + i, pass ? x + i : y + i);
			}
			free(x);
			free(y);
		}
		closedir(d);
	}
}

/* The site of the pack twice, with jobs 1: the bodies, link lists and id
 * lists rendered by body_html.c (the shipped templates), then by the
 * templates (a --templates folder holding copies of body.xsl, common.xsl
 * and tables.xsl); every page must be the same bytes. */
static void S_site(ismc_pack *pack)
{
	char a[PATH_MAX + 8], b[PATH_MAX + 8];
	if (!*S_fz.tpl) {
		snprintf(S_fz.tpl, sizeof S_fz.tpl, "%s/tpl", S_fz.work);
		if (mkdir(S_fz.tpl, 0700) != 0)
			fz_fail("cannot make '%s': %s", S_fz.tpl, strerror(errno));
		static const char *const copies[] = { "body.xsl", "common.xsl", "tables.xsl" };
		for (size_t i = 0; i < sizeof copies / sizeof *copies; i++) {
			char from[PATH_MAX], to[PATH_MAX + 16];
			char *text = NULL;
			size_t n = 0;
			ismc_error err = { { 0 } };
			snprintf(from, sizeof from, "%s/%s", ISMC_FUZZ_TEMPLATES, copies[i]);
			snprintf(to, sizeof to, "%s/%s", S_fz.tpl, copies[i]);
			if (ismc_file_read_all(from, &text, &n, &err) != 0)
				fz_fail("cannot read '%s': %s", from, err.msg);
			fz_write(to, text, n);
			free(text);
		}
	}
	snprintf(a, sizeof a, "%s/site-c", S_fz.work);
	snprintf(b, sizeof b, "%s/site-x", S_fz.work);
	const char *dirs[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		ismc_rmtree(dirs[i]);
		ismc_error err = { { 0 } };
		if (mkdir(dirs[i], 0700) != 0)
			fz_fail("cannot make '%s': %s", dirs[i], strerror(errno));
		if (ismc_transform_html(dirs[i], pack, i ? S_fz.tpl : NULL, 1, NULL, NULL, NULL,
		                        &err) != 0)
			fz_fail("the site of an ISMS that built: %s", err.msg);
	}
	S_same_pages(a, b, "documents");
	S_same_pages(a, b, ".");
}

/* ---- one compile ---- */

static void S_compile(const char *path, const uint8_t *data, size_t len, int site);

/* The front matter of fz_compile_body: a document that checks clean. */
static const char S_body_front[] =
	"---\n"
	"id: DOC-FUZZ\n"
	"title: Fuzzed body\n"
	"type: policy\n"
	"owner: CISO\n"
	"version: \"1.0\"\n"
	"status: approved\n"
	"approved_by: CEO\n"
	"approved_on: 2026-01-15\n"
	"controls: [A.5.15]\n"
	"related: [DOC-SCOPE, R-001, AS-001]\n"
	"---\n";

void fz_compile_body(const uint8_t *data, size_t size, int site)
{
	size_t n = sizeof S_body_front - 1;
	uint8_t *doc = malloc(n + size + 1);
	if (!doc)
		abort();
	memcpy(doc, S_body_front, n);
	if (size)
		memcpy(doc + n, data, size);
	S_compile("policies/fuzzed.md", doc, n + size, site);
	free(doc);
}

void fz_compile(const char *path, const uint8_t *data, size_t len)
{
	S_compile(path, data, len, 0);
}

void fz_compile_site(const char *path, const uint8_t *data, size_t len)
{
	S_compile(path, data, len, 1);
}

static void S_compile(const char *path, const uint8_t *data, size_t len, int site)
{
	S_init();
	S_files fs = S_fz.fixture;
	size_t k = 0;
	while (k < fs.n && strcmp(fs.v[k].path, path) != 0)
		k++;
	if (k == fs.n)
		fs.n++; /* room was left by S_read_fixture */
	fs.v[k] = (S_file){ path, (const char *)data, len };

	ismc_source *src = ismc_source_new_empty(S_fz.root);
	for (size_t i = 0; i < fs.n; i++)
		ismc_source_add(src, fs.v[i].path, fs.v[i].len);
	ismc_source_set_reader(src, S_read, &fs, NULL);
	ismc_source_finish(src);

	ismc_error err = { { 0 } };
	ismc_diags *d = ismc_diags_new();
	ismc_model *m = ismc_model_load(src, S_fz.as_of, NULL, d, &err);
	if (!m)
		fz_fail("ismc_model_load failed on an in-memory ISMS: %s", err.msg);
	ismc_check_run(m);
	ismc_diags_sort(d);
	int status = S_formats(m, d);
	S_build(m, d, status != 0, site);
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);
}
