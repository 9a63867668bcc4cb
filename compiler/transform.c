/* transform.c: the XSLT templates over evidence-pack.xml, into the HTML site
 * (OUT/html/) and the print document that WeasyPrint turns into OUT/pack.pdf.
 *
 * The C side decides which files exist; the templates only turn the pack into
 * pages. Each page stylesheet is applied once per page with parameters (the
 * path to the site's top, the page, the document), so templates never write
 * files: libxslt's security preferences forbid writing, creating folders and
 * the network. Templates come from one folder (installed, source tree, or
 * ISMC_TEMPLATES); a --templates folder overrides any file of the same name,
 * including files that stylesheets include or import, through a document
 * loader that maps each template name to the override when it exists. */
#define _XOPEN_SOURCE 700
#include "ismc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The site's pages that are not documents: stylesheet, output file, name,
 * and the element of the pack a page needs (NULL: always rendered). */
static const struct {
	const char *xsl, *out, *name, *needs;
} S_pages[] = {
	{ "index.xsl", "index.html", "index", NULL },
	{ "soa.xsl", "soa.html", "soa", NULL },
	{ "coverage.xsl", "coverage.html", "coverage", NULL },
	{ "register.xsl", "register.html", "register", NULL },
	{ "risks.xsl", "risks.html", "risks", NULL },
	{ "assets.xsl", "assets.html", "assets", NULL },
	{ "operating.xsl", "operating.html", "operating", NULL },
	{ "frameworks.xsl", "frameworks.html", "frameworks", "frameworks" }, /* isms.yml frameworks: */
};

/* Does the pack's root have a child element `name`? */
static int S_pack_has(xmlDocPtr pack, const char *name)
{
	for (xmlNodePtr n = xmlDocGetRootElement(pack)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return 1;
	return 0;
}

/* Template files copied into html/assets/ (and beside the print document). */
static const char *const S_asset_ext[] = { ".css", ".svg", ".png", ".jpg", ".jpeg", ".gif",
	                                   ".webp", ".ico", ".woff", ".woff2" };

typedef struct {
	char base[PATH_MAX]; /* the shipped templates, resolved */
	char over[PATH_MAX]; /* the --templates folder, resolved, or "" */
	char pack[PATH_MAX]; /* the folder of the pack being rendered, resolved */
	char logo[16];       /* "logo.svg", "logo.png" or "" */
	xsltSecurityPrefsPtr sec;
} S_tpl;

/* The loader remaps template names while a transform runs (libxslt's loader
 * is process-wide; ismc transforms one pack at a time). */
static const S_tpl *S_active;
static xsltDocLoaderFunc S_default_loader;

static int S_is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int S_is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where the shipped templates are: ISMC_TEMPLATES; else share/ismc/templates
 * beside the running binary's prefix (an installed ismc, even one whose
 * prefix was moved); else the source tree's (a binary in the build tree);
 * else the prefix compiled in. */
static int S_find_base(char *out, size_t n, ismc_error *err)
{
	const char *env = getenv("ISMC_TEMPLATES");
	char exe[PATH_MAX], rel[PATH_MAX + 64] = "", probe0[PATH_MAX + 80];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(rel, sizeof rel, "%s/../share/ismc/templates", exe);
			snprintf(probe0, sizeof probe0, "%s/common.xsl", rel);
			if (!S_is_file(probe0))
				rel[0] = '\0';
		}
	}
	const char *dir = env && *env ? env
	                  : *rel ? rel
	                  : S_is_dir(ISMC_SOURCE_TEMPLATES) ? ISMC_SOURCE_TEMPLATES
	                  : ISMC_INSTALL_TEMPLATES;
	char real[PATH_MAX], probe[PATH_MAX];
	snprintf(probe, sizeof probe, "%s/common.xsl", dir);
	if (!realpath(dir, real) || !S_is_file(probe)) {
		snprintf(err->msg, sizeof err->msg,
		         "cannot find the HTML templates in '%s'%s", dir,
		         env && *env ? " (ISMC_TEMPLATES)" : "; set ISMC_TEMPLATES to their folder");
		return -1;
	}
	snprintf(out, n, "%s", real);
	return 0;
}

/* The file `name` of the templates: the override when it has one. */
static void S_tpl_path(const S_tpl *t, const char *name, char *out, size_t n)
{
	if (*t->over) {
		snprintf(out, n, "%s/%s", t->over, name);
		if (S_is_file(out))
			return;
	}
	snprintf(out, n, "%s/%s", t->base, name);
}

/* Maps a URI inside either template folder to the template of that name. */
static int S_remap(const S_tpl *t, const char *uri, char *out, size_t n)
{
	const char *p = uri;
	if (!strncmp(p, "file://", 7))
		p += 7;
	char *path = xmlURIUnescapeString(p, 0, NULL);
	if (!path)
		return 0;
	int rc = 0;
	char *slash = strrchr(path, '/');
	if (slash && slash[1]) {
		*slash = '\0';
		char real[PATH_MAX];
		const char *dir = *path ? path : "/";
		if (realpath(dir, real) &&
		    (!strcmp(real, t->base) || (*t->over && !strcmp(real, t->over)))) {
			S_tpl_path(t, slash + 1, out, n);
			rc = 1;
		}
	}
	xmlFree(path);
	return rc;
}

static xmlDocPtr S_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
                          xsltLoadType type)
{
	char path[PATH_MAX];
	const char *u = (const char *)uri;
	/* templates are local files: no network, whatever they ask for */
	if (strstr(u, "://") && strncmp(u, "file://", 7))
		return NULL;
	if (S_active && S_remap(S_active, u, path, sizeof path))
		u = path;
	return S_default_loader((const xmlChar *)u, dict, options | XML_PARSE_NONET, ctxt, type);
}

/* exsl:document may write a file only when the transformation names a
 * folder (its _private: documents.xsl's, html/documents) and the file is
 * directly in it; everything else stays forbidden. */
static int S_write_check(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tc, const char *path)
{
	(void)sec;
	const char *dir = tc ? tc->_private : NULL;
	size_t n = dir ? strlen(dir) : 0;
	return dir && path && strncmp(path, dir, n) == 0 && path[n] == '/' &&
	       !strchr(path + n + 1, '/') && strcmp(path + n + 1, "..") != 0;
}

/* Is the real path `p` the folder `dir` or below it? */
static int S_below(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	return n && strncmp(p, dir, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* Templates are code (a --templates folder is trusted as much as ismc), but
 * what they read is confined: document(), xsl:import and xsl:include reach
 * only the templates folders and the pack being rendered, never any other
 * file of the machine. A refused read stops the transformation. */
static int S_read_check(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tc, const char *path)
{
	(void)sec;
	const S_tpl *t = S_active;
	char real[PATH_MAX];
	if (t && path && realpath(path, real) &&
	    (S_below(real, t->base) || S_below(real, t->over) || S_below(real, t->pack)))
		return 1;
	if (tc)
		tc->state = XSLT_STATE_STOPPED;
	return 0;
}

static int S_tpl_open(S_tpl *t, const char *over, const char *pack, ismc_error *err)
{
	memset(t, 0, sizeof *t);
	if (S_find_base(t->base, sizeof t->base, err) != 0)
		return -1;
	if (!realpath(pack, t->pack)) {
		snprintf(err->msg, sizeof err->msg, "cannot resolve '%s': %s", pack, strerror(errno));
		return -1;
	}
	if (over) {
		if (!S_is_dir(over) || !realpath(over, t->over)) {
			snprintf(err->msg, sizeof err->msg, "--templates: '%s' is not a folder", over);
			return -1;
		}
	}
	/* the logo: the override's, else the shipped one; svg before png */
	static const char *const logos[] = { "logo.svg", "logo.png" };
	const char *dirs[2] = { t->over, t->base };
	for (int d = 0; d < 2 && !*t->logo; d++)
		for (int i = 0; i < 2 && *dirs[d] && !*t->logo; i++) {
			char p[PATH_MAX];
			snprintf(p, sizeof p, "%s/%s", dirs[d], logos[i]);
			if (S_is_file(p))
				snprintf(t->logo, sizeof t->logo, "%s", logos[i]);
		}
	exsltRegisterAll();
	t->sec = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_FILE, S_write_check);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_FILE, S_read_check);
	xsltSetDefaultSecurityPrefs(t->sec); /* xsl:import and xsl:include check these */
	if (!S_default_loader)
		S_default_loader = xsltDocDefaultLoader;
	S_active = t;
	xsltSetLoaderFunc(S_loader);
	return 0;
}

static void S_tpl_close(S_tpl *t)
{
	xsltSetLoaderFunc(NULL);
	S_active = NULL;
	xsltSetDefaultSecurityPrefs(NULL);
	xsltFreeSecurityPrefs(t->sec);
	t->sec = NULL;
}

static xsltStylesheetPtr S_load(const S_tpl *t, const char *name, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", t->base, name); /* the loader remaps it */
	xsltStylesheetPtr st = xsltParseStylesheetFile((const xmlChar *)path);
	if (!st)
		snprintf(err->msg, sizeof err->msg, "cannot load the template '%s' (see the messages "
		         "above)", name);
	return st;
}

static int S_write(const char *path, const char *a, size_t alen, const char *b, size_t blen,
                   ismc_error *err)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	int ok = fwrite(a, 1, alen, f) == alen && fwrite(b, 1, blen, f) == blen;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", path);
	return ok ? 0 : -1;
}

/* Applies `st` to the pack with string parameters (NULL-terminated name,
 * value pairs, quoted here) and writes the HTML result to `out`. */
static int S_apply(const S_tpl *t, xsltStylesheetPtr st, xmlDocPtr pack, const char **params,
                   const char *out, const char *write_dir, ismc_error *err)
{
	xsltTransformContextPtr tc = xsltNewTransformContext(st, pack);
	if (!tc) {
		snprintf(err->msg, sizeof err->msg, "cannot start the transformation to '%s'", out);
		return -1;
	}
	tc->_private = (void *)write_dir; /* S_write_check's folder, or NULL */
	xsltSetCtxtSecurityPrefs(t->sec, tc);
	xsltQuoteUserParams(tc, params);
	xmlDocPtr res = xsltApplyStylesheetUser(st, pack, NULL, NULL, NULL, tc);
	int rc = -1;
	if (!res || tc->state != XSLT_STATE_OK) {
		snprintf(err->msg, sizeof err->msg, "the templates failed to render '%s' (see the "
		         "messages above)", out);
	} else if (!write_dir) {
		xmlChar *s = NULL;
		int len = 0;
		if (xsltSaveResultToString(&s, &len, res, st) != 0 || !s) {
			snprintf(err->msg, sizeof err->msg, "cannot serialise '%s'", out);
		} else {
			/* libxslt writes no doctype for method="html" without one named */
			static const char dt[] = "<!DOCTYPE html>\n";
			rc = S_write(out, dt, sizeof dt - 1, (const char *)s, (size_t)len, err);
		}
		xmlFree(s);
	} else {
		rc = 0; /* the pages are files the stylesheet wrote itself */
	}
	xmlFreeDoc(res);
	xsltFreeTransformContext(tc);
	return rc;
}

static int S_mkdir(const char *path, ismc_error *err)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		snprintf(err->msg, sizeof err->msg, "cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int S_is_asset(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof S_asset_ext / sizeof *S_asset_ext; i++) {
		size_t e = strlen(S_asset_ext[i]);
		if (n > e && !strcasecmp(name + n - e, S_asset_ext[i]))
			return 1;
	}
	return 0;
}

static int S_copy(const char *from, const char *to, ismc_error *err)
{
	char *data;
	size_t len;
	if (ismc_file_read_all(from, &data, &len, err) != 0)
		return -1;
	int rc = S_write(to, data, len, "", 0, err);
	free(data);
	return rc;
}

/* Copies the assets of the templates (the override's win) into `dest`. */
static int S_copy_assets(const S_tpl *t, const char *dest, ismc_error *err)
{
	if (S_mkdir(dest, err) != 0)
		return -1;
	const char *dirs[2] = { t->base, t->over };
	for (int d = 0; d < 2; d++) {
		if (!*dirs[d])
			continue;
		DIR *dh = opendir(dirs[d]);
		if (!dh) {
			snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", dirs[d], strerror(errno));
			return -1;
		}
		struct dirent *e;
		int rc = 0;
		while (!rc && (e = readdir(dh))) {
			char from[PATH_MAX], to[PATH_MAX];
			snprintf(from, sizeof from, "%s/%s", dirs[d], e->d_name);
			snprintf(to, sizeof to, "%s/%s", dest, e->d_name);
			if (S_is_asset(e->d_name) && S_is_file(from))
				rc = S_copy(from, to, err);
		}
		closedir(dh);
		if (rc)
			return -1;
	}
	return 0;
}

static xmlDocPtr S_read_pack(const char *dir, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/evidence-pack.xml", dir);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!doc)
		snprintf(err->msg, sizeof err->msg, "cannot read '%s'", path);
	return doc;
}

static xmlNodePtr S_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* One page per document whose id is valid and first of its kind, as the
 * templates' doc-has-page rule (common.xsl) links them: documents.xsl writes
 * them all in one transformation, then each gets its doctype here (libxslt
 * writes none for method="html"), which also proves every page was written. */
static int S_document_pages(const S_tpl *t, xmlDocPtr pack, const char *html, ismc_error *err)
{
	char dir[PATH_MAX], real[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/documents", html);
	if (S_mkdir(dir, err) != 0)
		return -1;
	if (!realpath(dir, real)) {
		snprintf(err->msg, sizeof err->msg, "cannot resolve '%s': %s", dir, strerror(errno));
		return -1;
	}
	xsltStylesheetPtr st = S_load(t, "documents.xsl", err);
	if (!st)
		return -1;
	const char *params[] = { "root", "../", "page", "document", "logo", t->logo,
		                 "outdir", real, NULL };
	int rc = S_apply(t, st, pack, params, dir, real, err);
	xsltFreeStylesheet(st);
	ismc_arena *a = ismc_arena_new();
	ismc_map *seen = ismc_map_new();
	xmlNodePtr docs = S_child(xmlDocGetRootElement(pack), "documents");
	for (xmlNodePtr d = docs ? docs->children : NULL; d && !rc; d = d->next) {
		if (d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "document"))
			continue;
		xmlChar *prop = xmlGetProp(d, BAD_CAST "id");
		const char *id = prop ? ismc_arena_strdup(a, (const char *)prop) : NULL;
		xmlFree(prop);
		if (!id || !ismc_id_valid(id) || ismc_map_put(seen, id, (void *)id))
			continue;
		char out[PATH_MAX];
		snprintf(out, sizeof out, "%s/%s.html", real, id);
		char *page;
		size_t len;
		if (ismc_file_read_all(out, &page, &len, err) != 0) {
			snprintf(err->msg, sizeof err->msg, "the templates wrote no page for %s", id);
			rc = -1;
			break;
		}
		static const char dt[] = "<!DOCTYPE html>\n";
		rc = S_write(out, dt, sizeof dt - 1, page, len, err);
		free(page);
	}
	ismc_map_free(seen);
	ismc_arena_free(a);
	return rc;
}

int ismc_transform_html(const char *dir, const char *templates, ismc_error *err)
{
	S_tpl t;
	if (S_tpl_open(&t, templates, dir, err) != 0)
		return -1;
	xmlDocPtr pack = S_read_pack(dir, err);
	char html[PATH_MAX], assets[PATH_MAX];
	snprintf(html, sizeof html, "%s/html", dir);
	snprintf(assets, sizeof assets, "%s/assets", html);
	int rc = pack && S_mkdir(html, err) == 0 && S_copy_assets(&t, assets, err) == 0 ? 0 : -1;
	for (size_t i = 0; !rc && i < sizeof S_pages / sizeof *S_pages; i++) {
		if (S_pages[i].needs && !S_pack_has(pack, S_pages[i].needs))
			continue;
		xsltStylesheetPtr st = S_load(&t, S_pages[i].xsl, err);
		if (!st) {
			rc = -1;
			break;
		}
		char out[PATH_MAX];
		snprintf(out, sizeof out, "%s/%s", html, S_pages[i].out);
		const char *params[] = { "root", "", "page", S_pages[i].name, "logo", t.logo, NULL };
		rc = S_apply(&t, st, pack, params, out, NULL, err);
		xsltFreeStylesheet(st);
	}
	if (!rc)
		rc = S_document_pages(&t, pack, html, err);
	xmlFreeDoc(pack);
	S_tpl_close(&t);
	return rc;
}

/* The seconds since the epoch the pack is dated by: its `generated` time
 * (the commit's, or SOURCE_DATE_EPOCH), else midnight of its as-of date. */
static long long S_pack_epoch(xmlDocPtr pack)
{
	xmlNodePtr root = xmlDocGetRootElement(pack);
	xmlChar *gen = xmlGetProp(root, BAD_CAST "generated");
	xmlChar *asof = xmlGetProp(root, BAD_CAST "as-of");
	const char *s = gen ? (const char *)gen : asof ? (const char *)asof : "1970-01-01";
	char day[11];
	snprintf(day, sizeof day, "%s", s);
	long days = 0;
	int h = 0, m = 0, sec = 0;
	if (ismc_date_parse(day, &days) != 0)
		days = 0;
	if (strlen(s) >= 19 && s[10] == 'T')
		sscanf(s + 11, "%2d:%2d:%2d", &h, &m, &sec);
	xmlFree(gen);
	xmlFree(asof);
	return (long long)days * 86400 + h * 3600 + m * 60 + sec;
}

/* print.xsl applied to the pack: the print document as a tree, for pdf.c
 * to write whole or cut into parts; NULL with err filled. */
static xmlDocPtr S_print(const S_tpl *t, xsltStylesheetPtr st, xmlDocPtr pack, ismc_error *err)
{
	const char *params[] = { "root", "", "page", "print", "logo", t->logo, NULL };
	xsltTransformContextPtr tc = xsltNewTransformContext(st, pack);
	if (!tc) {
		snprintf(err->msg, sizeof err->msg, "cannot start the transformation to the print "
		         "document");
		return NULL;
	}
	xsltSetCtxtSecurityPrefs(t->sec, tc);
	xsltQuoteUserParams(tc, params);
	xmlDocPtr res = xsltApplyStylesheetUser(st, pack, NULL, NULL, NULL, tc);
	if (res && tc->state != XSLT_STATE_OK) {
		xmlFreeDoc(res);
		res = NULL;
	}
	if (!res)
		snprintf(err->msg, sizeof err->msg, "the templates failed to render the print "
		         "document (see the messages above)");
	xsltFreeTransformContext(tc);
	return res;
}

/* The print document goes into a temporary folder outside OUT (it is an
 * intermediate, not part of the pack), with the template assets beside it;
 * WeasyPrint reads only that folder. The default variant, PDF/UA-1, makes
 * WeasyPrint tag the PDF (structure tree, MarkInfo, XMP with the title and
 * language) for screen readers; docs/output.md says what that is and is not.
 * The pack is freed once the print document is made, and pdf.c frees that
 * once it is written: WeasyPrint runs while ismc holds little. */
int ismc_transform_pdf(const char *dir, const char *templates, const char *variant,
                       ismc_error *err)
{
	char exe[PATH_MAX];
	if (ismc_pdf_find(exe, sizeof exe, err) != 0)
		return -1;
	S_tpl t;
	if (S_tpl_open(&t, templates, dir, err) != 0)
		return -1;
	xmlDocPtr pack = S_read_pack(dir, err), print = NULL;
	xsltStylesheetPtr st = pack ? S_load(&t, "print.xsl", err) : NULL;
	const char *tmpdir = getenv("TMPDIR");
	char work[PATH_MAX], assets[PATH_MAX], pdf[PATH_MAX];
	snprintf(work, sizeof work, "%s/ismc-print-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int rc = -1;
	if (!st)
		goto out;
	if (!mkdtemp(work)) {
		snprintf(err->msg, sizeof err->msg, "cannot create a folder for the print document "
		         "in '%s': %s", tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		*work = '\0';
		goto out;
	}
	snprintf(assets, sizeof assets, "%s/assets", work);
	snprintf(pdf, sizeof pdf, "%s/pack.pdf", dir);
	long long epoch = S_pack_epoch(pack);
	if (S_copy_assets(&t, assets, err) != 0 || !(print = S_print(&t, st, pack, err)))
		goto out;
	xmlFreeDoc(pack);
	pack = NULL;
	rc = ismc_pdf_render(print, st, exe, work, pdf, variant, epoch, err);
	print = NULL; /* freed there */
out:
	if (*work)
		ismc_rmtree(work); /* the folder and what is in it */
	xmlFreeDoc(print);
	xsltFreeStylesheet(st);
	xmlFreeDoc(pack);
	S_tpl_close(&t);
	return rc;
}
