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
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/templates.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* What the pages being rendered asked of the ismc: functions (the page
 * cache's record of them, S_record_call): while a batch of document pages
 * renders, each call goes to the page being written (S_write_check names
 * it), or, before the first page, to every page of the batch. `unkeyed`:
 * the templates read a file of the pack's folder, which no page key
 * covers, so nothing of the batch is recorded. */
typedef struct {
	ismc_map *seen;
	ismc_vec v; /* the calls, each once, in the order made */
} S_calls;
typedef struct {
	int on, unkeyed;
	ismc_arena *a;
	ismc_map *page; /* id -> S_calls */
	S_calls *cur;   /* the page being written, or NULL: `all` */
	S_calls all;    /* the calls made before any page */
} S_asked_set;
static S_asked_set S_asked;

/* exsl:document may write a file only when the transformation names the
 * pages it renders (its _private: documents.xsl's batch) and the file is
 * one of them, directly in their folder; everything else stays forbidden. */
typedef struct {
	const char *dir;      /* html/documents, resolved */
	const ismc_map *ids;  /* the ids whose pages this batch writes */
} S_batch_files;

static int S_write_check(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tc, const char *path)
{
	(void)sec;
	const S_batch_files *b = tc ? tc->_private : NULL;
	size_t n = b ? strlen(b->dir) : 0;
	if (!b || !path || strncmp(path, b->dir, n) != 0 || path[n] != '/')
		return 0;
	const char *name = path + n + 1, *dot = strrchr(name, '.');
	char id[256];
	if (!dot || strcmp(dot, ".html") || (size_t)(dot - name) >= sizeof id)
		return 0;
	memcpy(id, name, (size_t)(dot - name));
	id[dot - name] = '\0';
	if (!ismc_map_get(b->ids, id))
		return 0;
	if (S_asked.on) /* what the templates ask from now on, this page asks */
		S_asked.cur = ismc_map_get(S_asked.page, id);
	return 1;
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
	char real[PATH_MAX], mapped[PATH_MAX];
	/* a template that one in the --templates folder includes by its name
	 * (common.xsl's charts.xsl) is the shipped one when the folder has none:
	 * the loader reads the file S_remap names, so that is what is checked */
	if (t && path && S_remap(t, path, mapped, sizeof mapped))
		path = mapped;
	if (t && path && realpath(path, real) &&
	    (S_below(real, t->base) || S_below(real, t->over) || S_below(real, t->pack))) {
		/* a file of the pack's folder is an input no page key covers */
		if (S_below(real, t->pack))
			S_asked.unkeyed = 1;
		return 1;
	}
	if (tc)
		tc->state = XSLT_STATE_STOPPED;
	return 0;
}

static void S_links_free(void);
static void S_fn_href(xmlXPathParserContextPtr ctxt, int nargs);
static void S_fn_has_page(xmlXPathParserContextPtr ctxt, int nargs);
static void S_fn_title(xmlXPathParserContextPtr ctxt, int nargs);
static void S_fn_control_risks(xmlXPathParserContextPtr ctxt, int nargs);
static void S_fn_native_body(xmlXPathParserContextPtr ctxt, int nargs);
static void S_fn_native_links(xmlXPathParserContextPtr ctxt, int nargs);
static void S_body_ask(ismc_buf *out, const char *fn, const char *const *args, void *arg);
static void S_fn_native_id_list(xmlXPathParserContextPtr ctxt, int nargs);
static xsltElemPreCompPtr S_select_precomp(xsltStylesheetPtr style, xmlNodePtr inst,
                                           xsltTransformFunction fn);
static void S_el_list(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                      xsltElemPreCompPtr comp);
static const void *S_native_style; /* the stylesheet last asked, in this transformation */
static int S_native_usable, S_native_links, S_native_ids;
static void S_el_body(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                      xsltElemPreCompPtr comp);
static void S_el_document(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                          xsltElemPreCompPtr comp);

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
	xsltRegisterExtModuleFunction(BAD_CAST "href", BAD_CAST ISMC_XSLT_NS, S_fn_href);
	xsltRegisterExtModuleFunction(BAD_CAST "has-page", BAD_CAST ISMC_XSLT_NS, S_fn_has_page);
	xsltRegisterExtModuleFunction(BAD_CAST "title", BAD_CAST ISMC_XSLT_NS, S_fn_title);
	xsltRegisterExtModuleFunction(BAD_CAST "control-risks", BAD_CAST ISMC_XSLT_NS,
	                              S_fn_control_risks);
	xsltRegisterExtModuleFunction(BAD_CAST "native-body", BAD_CAST ISMC_XSLT_NS,
	                              S_fn_native_body);
	xsltRegisterExtModuleElement(BAD_CAST "body", BAD_CAST ISMC_XSLT_NS, NULL, S_el_body);
	xsltRegisterExtModuleElement(BAD_CAST "document", BAD_CAST ISMC_XSLT_NS, NULL,
	                             S_el_document);
	xsltRegisterExtModuleFunction(BAD_CAST "native-links", BAD_CAST ISMC_XSLT_NS,
	                              S_fn_native_links);
	xsltRegisterExtModuleElement(BAD_CAST "link-list", BAD_CAST ISMC_XSLT_NS, S_select_precomp,
	                             S_el_list);
	xsltRegisterExtModuleFunction(BAD_CAST "native-id-list", BAD_CAST ISMC_XSLT_NS,
	                              S_fn_native_id_list);
	xsltRegisterExtModuleElement(BAD_CAST "id-list", BAD_CAST ISMC_XSLT_NS, S_select_precomp,
	                             S_el_list);
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
	S_links_free();
	S_native_style = NULL;
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

/* ---- links: the templates' addresses, resolved in C ---- */

/* What a link to a record resolves against, built once per pack (not once
 * per transformation, as the templates' keys are): the first document of
 * each id, the ids links can point to in each document's body or stub, and
 * the ids of the other records that have a row or an anchor. */
typedef struct {
	const struct _xmlDoc *pack;
	ismc_arena *a;
	ismc_map *doc, *risk, *asset, *control, *clause, *person, *operating, *regdoc;
	const ismc_map *anchor; /* the pack's (ismc_pack.anchors) */
	/* everything the functions answer from (S_answer): each record put
	 * into a map, in turn, with what S_answer reads of it, then the
	 * pack's anchors (their set) */
	ismc_sha256_ctx *h;
	unsigned char answers[32];
} S_links;

static S_links *S_lk;

static char *S_prop(ismc_arena *a, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? ismc_arena_strdup(a, (const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* The attributes of a record the functions answer from (S_answer_prop):
 * each one in every record's part of the answers' digest. */
static const char *const S_answer_attrs[] = { "title", "status", "register" };

/* Attribute `name` of record n, for an answer: one of S_answer_attrs, or
 * the answers' digest would not cover it (a programming error: abort). */
static xmlChar *S_answer_prop(xmlNodePtr n, const char *name)
{
	size_t i = 0;
	while (i < sizeof S_answer_attrs / sizeof *S_answer_attrs && strcmp(S_answer_attrs[i], name))
		i++;
	if (i == sizeof S_answer_attrs / sizeof *S_answer_attrs)
		abort();
	return xmlGetProp(n, BAD_CAST name);
}

/* Puts record n into `map` (the first of an id stays) and into l->h what
 * S_answer reads of it: its map, id, S_answer_attrs, and a control's
 * number of risks (S_control_risks). */
static size_t S_control_risks(xmlNodePtr c);
static void S_links_put(S_links *l, ismc_map *map, const char *id, xmlNodePtr n)
{
	ismc_map_put(map, id, n);
	char which[48];
	const ismc_map *const maps[] = { l->doc, l->risk, l->asset, l->control,
		                         l->clause, l->person, l->operating, l->regdoc };
	size_t m = 0;
	while (m < sizeof maps / sizeof *maps && maps[m] != map)
		m++;
	snprintf(which, sizeof which, "%zu %zu", m, map == l->control ? S_control_risks(n) : 0);
	ismc_sha256_add_str(l->h, which);
	ismc_sha256_add_str(l->h, id);
	for (size_t i = 0; i < sizeof S_answer_attrs / sizeof *S_answer_attrs; i++) {
		xmlChar *v = S_answer_prop(n, S_answer_attrs[i]);
		ismc_sha256_add_str(l->h, (const char *)v);
		xmlFree(v);
	}
}

/* Puts each `child` of `parent` into `map` by id, the first of an id. */
static void S_links_ids(S_links *l, xmlNodePtr parent, const char *child, ismc_map *map)
{
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, child))
			continue;
		char *id = S_prop(l->a, n, "id");
		if (id)
			S_links_put(l, map, id, n);
	}
}

static void S_said_free(void);

static void S_links_free(void)
{
	S_said_free(); /* the answers were this index's */
	if (!S_lk)
		return;
	ismc_map *maps[] = { S_lk->doc, S_lk->risk, S_lk->asset, S_lk->control,
		             S_lk->clause, S_lk->person, S_lk->operating, S_lk->regdoc };
	for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
		ismc_map_free(maps[i]);
	ismc_arena_free(S_lk->a);
	free(S_lk);
	S_lk = NULL;
}

/* The index of `pk`'s records, by kind and id, with the pack's anchors. */
static void S_links_build(const ismc_pack *pk)
{
	xmlDocPtr pack = pk->doc;
	if (S_lk && S_lk->pack == pack)
		return;
	S_links_free();
	S_links *l = S_lk = calloc(1, sizeof *l);
	if (!l)
		abort();
	l->pack = pack;
	l->a = ismc_arena_new();
	ismc_map **maps[] = { &l->doc, &l->risk, &l->asset, &l->control,
		              &l->clause, &l->person, &l->operating, &l->regdoc };
	for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
		*maps[i] = ismc_map_new();
	l->anchor = pk->anchors;
	l->h = ismc_sha256_begin();
	ismc_sha256_add(l->h, "ismc answers 1", 15);
	xmlNodePtr root = xmlDocGetRootElement(pack);
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (!strcmp(name, "documents")) {
			for (xmlNodePtr d = n->children; d; d = d->next) {
				if (d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "document"))
					continue;
				char *id = S_prop(l->a, d, "id");
				if (!id)
					continue;
				S_links_put(l, l->doc, id, d);
			}
		} else if (!strcmp(name, "risks")) {
			S_links_ids(l, n, "risk", l->risk);
		} else if (!strcmp(name, "assets")) {
			S_links_ids(l, n, "asset", l->asset);
		} else if (!strcmp(name, "soa")) {
			S_links_ids(l, n, "control", l->control);
		} else if (!strcmp(name, "coverage")) {
			S_links_ids(l, n, "clause", l->clause);
		} else if (!strcmp(name, "people")) {
			S_links_ids(l, n, "person", l->person);
		} else if (!strcmp(name, "activities")) {
			S_links_ids(l, n, "activity", l->operating);
		} else if (!strcmp(name, "nonconformities")) {
			S_links_ids(l, n, "nonconformity", l->operating);
		} else if (!strcmp(name, "suppliers")) {
			S_links_ids(l, n, "supplier", l->operating);
		} else if (!strcmp(name, "register-documents")) {
			S_links_ids(l, n, "register-document", l->regdoc);
		}
	}
	char n[32];
	snprintf(n, sizeof n, "%zu", pk->anchors ? ismc_map_count(pk->anchors) : 0);
	ismc_sha256_add_str(l->h, n);
	ismc_sha256_add(l->h, pk->anchors_set, 32);
	ismc_sha256_end(l->h, l->answers);
	l->h = NULL;
}

/* Does document `id` get a page? Its id is valid (ismc_id_valid, the rule
 * by which transform.c writes documents/<ID>.html) and in print it is
 * approved (the first document of the id). */
static int S_has_page(const char *id, const char *mode)
{
	xmlNodePtr d = S_lk ? ismc_map_get(S_lk->doc, id) : NULL;
	if (!d || !ismc_id_valid(id))
		return 0;
	if (!strcmp(mode, "site"))
		return 1;
	xmlChar *st = S_answer_prop(d, "status");
	int ok = st && !strcmp((const char *)st, "approved");
	xmlFree(st);
	return ok;
}

/* The kinds of records the ismc: functions name (docs/output.md): the map
 * that holds them, and their addresses, in print (`print` then the id) and
 * on the site (the path to the site's top, `site`, the id); a document and
 * a register-document's addresses are S_href's own (NULL). */
typedef struct {
	const char *kind;
	size_t map; /* offset of the map in S_links */
	const char *print, *site;
} S_kind_row;
static const S_kind_row S_kinds[] = {
	{ "document", offsetof(S_links, doc), NULL, NULL },
	{ "risk", offsetof(S_links, risk), "#risk-", "risks.html#" },
	{ "asset", offsetof(S_links, asset), "#asset-", "assets.html#" },
	{ "control", offsetof(S_links, control), "#soa-", "soa.html#" },
	{ "clause", offsetof(S_links, clause), "#clause-", "coverage.html#clause-" },
	{ "person", offsetof(S_links, person), "#person-", "register.html#person-" },
	{ "register-document", offsetof(S_links, regdoc), NULL, NULL },
	{ "activity", offsetof(S_links, operating), "#op-", "operating.html#" },
	{ "nonconformity", offsetof(S_links, operating), "#op-", "operating.html#" },
	{ "supplier", offsetof(S_links, operating), "#op-", "operating.html#" },
	{ "register", offsetof(S_links, doc), "#reg-", "register.html#" }, /* a register row */
};

/* The entry of S_kinds for `kind`, and in *rec the record `id` of that kind
 * (NULL when the pack has none); NULL for an unknown kind. */
static const S_kind_row *S_kind(const char *kind, const char *id, xmlNodePtr *rec)
{
	*rec = NULL;
	for (size_t i = 0; S_lk && i < sizeof S_kinds / sizeof *S_kinds; i++)
		if (!strcmp(S_kinds[i].kind, kind)) {
			const ismc_map *m = *(ismc_map *const *)((const char *)S_lk + S_kinds[i].map);
			*rec = ismc_map_get(m, id);
			return &S_kinds[i];
		}
	return NULL;
}

/* The record `id` of `kind`, or NULL. */
static xmlNodePtr S_record(const char *kind, const char *id)
{
	xmlNodePtr rec;
	S_kind(kind, id, &rec);
	return rec;
}

/* The address of record `id` of `kind`, or "" when it has none: what the
 * site's pages (mode "site", `root` the path to the site's top) and the
 * print document (mode "print": anchors in one file) link to.
 * kind: one of S_kinds; a document with an optional fragment.
 * docs/output.md lists the addresses. */
static void S_href(ismc_buf *b, const char *kind, const char *id, const char *frag,
                   const char *mode, const char *root)
{
	int print = !strcmp(mode, "print");
	xmlNodePtr rec;
	const S_links *l = S_lk;
	const S_kind_row *k = S_kind(kind, id, &rec);
	if (!k)
		return;
#define S_PUT(...) ismc_buf_printf(b, __VA_ARGS__)
	if (!strcmp(kind, "document")) {
		char key[1024];
		int page = S_has_page(id, mode);
		snprintf(key, sizeof key, "%s#%s", id, frag);
		int frag_ok = *frag && strlen(id) + strlen(frag) + 2 <= sizeof key &&
		              ismc_map_get(l->anchor, key);
		if (page && print)
			frag_ok ? S_PUT("#doc-%s.%s", id, frag) : S_PUT("#doc-%s", id);
		else if (page)
			frag_ok ? S_PUT("%sdocuments/%s.html#%s", root, id, frag)
			        : S_PUT("%sdocuments/%s.html", root, id);
		else if (print && rec)
			S_PUT("#reg-%s", id);
	} else if (!rec) {
		return;
	} else if (!strcmp(kind, "register-document")) {
		/* the SoA for the controls register, else its row among the
		 * controlled registers */
		xmlChar *reg = S_answer_prop(rec, "register");
		int controls = reg && !strcmp((const char *)reg, "controls");
		xmlFree(reg);
		if (print)
			controls ? S_PUT("#soa") : S_PUT("#regdoc-%s", id);
		else
			controls ? S_PUT("%ssoa.html", root) : S_PUT("%sregister.html#regdoc-%s", root, id);
	} else {
		print ? S_PUT("%s%s", k->print, id) : S_PUT("%s%s%s", root, k->site, id);
	}
#undef S_PUT
}

/* ---- the ismc: functions, and what each page asked of them ---- */

/* The functions: name, number of arguments, and the XPath type of the
 * answer (string, boolean "1"/"", number). */
enum { S_STRING, S_BOOLEAN, S_NUMBER };
static const struct {
	const char *name;
	int nargs, type;
} S_fns[] = {
	{ "href", 5, S_STRING },      /* kind, id, fragment, mode, root: S_href */
	{ "has-page", 2, S_BOOLEAN }, /* id, mode: S_has_page */
	{ "title", 2, S_STRING },     /* kind, id: a record's title, or "" */
	{ "control-risks", 1, S_NUMBER }, /* id: the risks the SoA lists under a control */
};

/* The answer of function `fn` to `arg` against the pack's index (S_lk), as
 * a string: the same whether the templates ask or the page cache checks
 * what they asked (S_asked_digest). */
static void S_answer(ismc_buf *b, size_t fn, const char *const *arg)
{
	if (!strcmp(S_fns[fn].name, "href")) {
		S_href(b, arg[0], arg[1], arg[2], arg[3], arg[4]);
	} else if (!strcmp(S_fns[fn].name, "has-page")) {
		if (S_has_page(arg[0], arg[1]))
			ismc_buf_printf(b, "1");
	} else if (!strcmp(S_fns[fn].name, "title")) {
		xmlNodePtr r = S_record(arg[0], arg[1]);
		xmlChar *title = r ? S_answer_prop(r, "title") : NULL;
		if (title)
			ismc_buf_printf(b, "%s", (const char *)title);
		xmlFree(title);
	} else { /* control-risks */
		xmlNodePtr c = S_record("control", arg[0]);
		ismc_buf_printf(b, "%zu", c ? S_control_risks(c) : 0);
	}
}

/* The risks the SoA lists under control `c`. */
static size_t S_control_risks(xmlNodePtr c)
{
	size_t n = 0;
	for (xmlNodePtr k = c->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && !strcmp((const char *)k->name, "risks"))
			for (xmlNodePtr r = k->children; r; r = r->next)
				n += r->type == XML_ELEMENT_NODE;
	return n;
}

static void S_record_call(size_t fn, const char *const *arg)
{
	if (!S_asked.on)
		return;
	ismc_buf k = { 0 };
	ismc_buf_puts(&k, S_fns[fn].name);
	for (int i = 0; i < S_fns[fn].nargs; i++) {
		ismc_buf_put(&k, "\x1f", 1);
		ismc_buf_puts(&k, arg[i]);
	}
	S_calls *c = S_asked.cur ? S_asked.cur : &S_asked.all;
	if (!ismc_map_get(c->seen, k.data)) {
		char *key = ismc_arena_strdup(S_asked.a, k.data);
		ismc_map_put(c->seen, key, key);
		ismc_vec_push(&c->v, key);
	}
	ismc_buf_free(&k);
}

/* Any of the functions for the templates: its arguments as strings, its
 * answer (S_answer) in its type; the call recorded (S_record_call). */
static void S_fn_call(xmlXPathParserContextPtr ctxt, int nargs, size_t fn)
{
	if (nargs != S_fns[fn].nargs) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *arg[5] = { 0 };
	int ok = 1;
	for (int i = nargs - 1; i >= 0; i--)
		ok = (arg[i] = xmlXPathPopString(ctxt)) != NULL && ok;
	ismc_buf b = { 0 };
	if (ok) {
		S_answer(&b, fn, (const char *const *)arg);
		S_record_call(fn, (const char *const *)arg);
	}
	for (int i = 0; i < nargs; i++)
		xmlFree(arg[i]);
	const char *v = b.data ? b.data : "";
	valuePush(ctxt, S_fns[fn].type == S_BOOLEAN ? xmlXPathNewBoolean(*v != '\0')
	                : S_fns[fn].type == S_NUMBER ? xmlXPathNewFloat(strtod(*v ? v : "0", NULL))
	                                             : xmlXPathNewString(BAD_CAST v));
	ismc_buf_free(&b);
}

static void S_fn_href(xmlXPathParserContextPtr ctxt, int nargs)
{
	S_fn_call(ctxt, nargs, 0);
}

static void S_fn_has_page(xmlXPathParserContextPtr ctxt, int nargs)
{
	S_fn_call(ctxt, nargs, 1);
}

static void S_fn_title(xmlXPathParserContextPtr ctxt, int nargs)
{
	S_fn_call(ctxt, nargs, 2);
}

static void S_fn_control_risks(xmlXPathParserContextPtr ctxt, int nargs)
{
	S_fn_call(ctxt, nargs, 3);
}

/* ---- a document page's body in C (body_html.c) ---- */

/* What body_html.c may render under the transformation's stylesheet: asked
 * once per transformation (S_apply forgets the answer before each). */
static void S_native_check(xsltTransformContextPtr tc)
{
	if (S_native_style == tc->style)
		return;
	S_native_style = tc->style;
	S_native_usable = ismc_body_html_usable(tc->style, S_active->base);
	S_native_links = ismc_links_html_usable(tc->style, S_active->base);
	S_native_ids = ismc_ids_html_usable(tc->style, S_active->base);
}

/* Is `mode` the site, in a transformation of ours (ismc:native-links,
 * ismc:native-id-list)? Then S_native_check has answered for its
 * stylesheet. */
static int S_native_site(xmlXPathParserContextPtr ctxt, const xmlChar *mode)
{
	xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
	if (xmlXPathCheckError(ctxt) || !mode || !tc || !S_active ||
	    strcmp((const char *)mode, "site"))
		return 0;
	S_native_check(tc);
	return 1;
}

/* ismc:native-links($items, $mode): may body_html.c write the link list of
 * $items (common.xsl link-list)? On the site, every item one that a
 * template of mode "link" makes with record-link, and those templates the
 * shipped ones. */
static void S_fn_native_links(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *mode = xmlXPathPopString(ctxt);
	xmlNodeSetPtr items = xmlXPathPopNodeSet(ctxt);
	int ok = S_native_site(ctxt, mode) && S_native_links;
	for (int i = 0; ok && items && i < items->nodeNr; i++)
		ok = ismc_links_html_kind(items->nodeTab[i]) != NULL;
	xmlFree(mode);
	xmlXPathFreeNodeSet(items);
	valuePush(ctxt, xmlXPathNewBoolean(ok));
}

/* The `select` of an extension element of ours (<ismc:link-list>,
 * <ismc:id-list>), compiled with the stylesheet. */
typedef struct {
	xsltElemPreComp pc;
	xmlXPathCompExprPtr select;
} S_select_comp;

static void S_select_free(xsltElemPreCompPtr comp)
{
	xmlXPathFreeCompExpr(((S_select_comp *)comp)->select);
	xmlFree(comp);
}

static xsltElemPreCompPtr S_select_precomp(xsltStylesheetPtr style, xmlNodePtr inst,
                                           xsltTransformFunction fn)
{
	S_select_comp *c = xmlMalloc(sizeof *c);
	if (!c)
		return NULL;
	memset(c, 0, sizeof *c);
	xsltInitElemPreComp(&c->pc, style, inst, fn, S_select_free);
	xmlChar *select = xmlGetNsProp(inst, BAD_CAST "select", NULL);
	c->select = select ? xsltXPathCompile(style, select) : NULL;
	xmlFree(select);
	return &c->pc;
}

/* The nodes the element's `select` selects from `node`, the variables in
 * scope (a variable reference: no namespaces); NULL when it selects no
 * node-set. The caller frees *obj. */
static xmlNodeSetPtr S_select(xsltTransformContextPtr tc, xmlNodePtr node,
                              xsltElemPreCompPtr comp, xmlXPathObjectPtr *obj)
{
	const S_select_comp *c = (const S_select_comp *)comp;
	xmlXPathContextPtr xc = tc->xpathCtxt;
	*obj = NULL;
	if (!c || !c->select || !xc)
		return NULL;
	xmlNodePtr node0 = xc->node;
	xmlNsPtr *ns0 = xc->namespaces;
	int nsnr0 = xc->nsNr;
	xc->node = node;
	xc->namespaces = NULL;
	xc->nsNr = 0;
	*obj = xmlXPathCompiledEval(c->select, xc);
	xc->node = node0;
	xc->namespaces = ns0;
	xc->nsNr = nsnr0;
	return *obj && (*obj)->type == XPATH_NODESET ? (*obj)->nodesetval : NULL;
}

/* <ismc:link-list select="$items" labels="{boolean($labels)}" root="{$root}"/>
 * (common.xsl link-list, ismc:native-links true) and <ismc:id-list
 * select="$items" kind="{$kind}" root="{$root}"/> (tables.xsl id-list,
 * ismc:native-id-list true): the list's <ul>, built straight into the page
 * as <ismc:body/> builds a body */
static void S_el_list(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                      xsltElemPreCompPtr comp)
{
	if (!tc || !inst || !tc->insert)
		return;
	int ids = xmlStrEqual(inst->name, BAD_CAST "id-list");
	xmlXPathObjectPtr obj;
	xmlNodeSetPtr items = S_select(tc, node, comp, &obj);
	xmlNodePtr *v = items ? items->nodeTab : NULL;
	size_t n = items ? (size_t)items->nodeNr : 0;
	xmlChar *arg = xsltEvalAttrValueTemplate(tc, inst, BAD_CAST (ids ? "kind" : "labels"), NULL);
	xmlChar *root = xsltEvalAttrValueTemplate(tc, inst, BAD_CAST "root", NULL);
	const char *r = root ? (const char *)root : "";
	if (ids)
		ismc_ids_html(arg ? (const char *)arg : "", v, n, tc->insert, r, S_body_ask, NULL);
	else
		ismc_links_html(v, n, arg && !strcmp((const char *)arg, "true"), tc->insert, r,
		                S_body_ask, NULL);
	xmlFree(arg);
	xmlFree(root);
	xmlXPathFreeObject(obj);
}

/* ismc:native-id-list($mode): may body_html.c write the lists of tables.xsl
 * id-list? On the site, when that template is the shipped one. */
static void S_fn_native_id_list(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *mode = xmlXPathPopString(ctxt);
	int ok = S_native_site(ctxt, mode) && S_native_ids;
	xmlFree(mode);
	valuePush(ctxt, xmlXPathNewBoolean(ok));
}

/* ismc:native-body($mode, $heading-base, $upper, $lower): may body_html.c
 * render this body? On the site, with the variables body.xsl reads as
 * common.xsl sets them, and every template it mirrors the shipped one
 * (ismc_body_html_usable, asked once per stylesheet). */
static void S_fn_native_body(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 4) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *arg[4] = { 0 };
	int ok = 1;
	for (int i = nargs - 1; i >= 0; i--)
		ok = (arg[i] = xmlXPathPopString(ctxt)) != NULL && ok;
	xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
	if (ok && tc && S_active) {
		S_native_check(tc);
		double hb = xmlXPathCastStringToNumber(arg[1]);
		ok = S_native_usable && !strcmp((const char *)arg[0], "site") && hb >= 0 && hb <= 6 &&
		     hb == (double)(int)hb &&
		     !strcmp((const char *)arg[2], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		     !strcmp((const char *)arg[3], "abcdefghijklmnopqrstuvwxyz");
	} else {
		ok = 0;
	}
	for (int i = 0; i < nargs; i++)
		xmlFree(arg[i]);
	valuePush(ctxt, xmlXPathNewBoolean(ok));
}

/* body_html.c's questions: answered and recorded as the templates' are */
static void S_body_ask(ismc_buf *out, const char *fn, const char *const *args, void *arg)
{
	(void)arg;
	size_t i = 0;
	while (strcmp(S_fns[i].name, fn))
		i++;
	S_answer(out, i, args);
	S_record_call(i, args);
}

/* <ismc:body root="{$root}" heading-base="{$heading-base}"/>: the context
 * node, a p:body, rendered by body_html.c into the output */
static void S_el_body(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                      xsltElemPreCompPtr comp)
{
	(void)comp;
	if (!tc || !node || !inst || !tc->insert)
		return;
	xmlChar *root = xsltEvalAttrValueTemplate(tc, inst, BAD_CAST "root", NULL);
	xmlChar *hb = xsltEvalAttrValueTemplate(tc, inst, BAD_CAST "heading-base", NULL);
	double base = hb ? xmlXPathCastStringToNumber(hb) : 1;
	ismc_body_html(tc, node, tc->insert, root ? (const char *)root : "",
	               base >= 0 && base <= 6 ? (int)base : 1, S_body_ask, NULL);
	xmlFree(root);
	xmlFree(hb);
}

/* <ismc:document href="{...}">: a page of its own, as <exsl:document
 * href="{...}" method="html" encoding="UTF-8" indent="no"> writes it
 * (libxslt's xsltDocumentElem), written by html_save.c: the element's
 * content into a new HTML tree, that tree into the file `href`, which
 * S_write_check must allow. A page that cannot be written stops the
 * transformation (exsl:document only reports it). */
static void S_el_document(xsltTransformContextPtr tc, xmlNodePtr node, xmlNodePtr inst,
                          xsltElemPreCompPtr comp)
{
	(void)comp;
	if (!tc || !node || !inst)
		return;
	xmlChar *href = xsltEvalAttrValueTemplate(tc, inst, BAD_CAST "href", NULL);
	if (!href || !S_write_check(NULL, tc, (const char *)href)) {
		xsltTransformError(tc, NULL, inst, "ismc:document: %s%s\n",
		                   href ? "may not write " : "no href", href ? (const char *)href : "");
		tc->state = XSLT_STATE_STOPPED;
		xmlFree(href);
		return;
	}
	xmlDocPtr res = htmlNewDocNoDtD(NULL, NULL);
	if (!res) {
		xmlFree(href);
		tc->state = XSLT_STATE_STOPPED;
		return;
	}
	res->dict = tc->dict;
	xmlDictReference(res->dict);
	res->charset = XML_CHAR_ENCODING_UTF8;
	res->encoding = xmlStrdup(BAD_CAST "UTF-8");
	xmlDocPtr output = tc->output;
	xmlNodePtr insert = tc->insert;
	xsltOutputType type = tc->type;
	const char *file = tc->outputFile;
	tc->output = res;
	tc->insert = (xmlNodePtr)res;
	tc->type = XSLT_OUTPUT_HTML;
	tc->outputFile = (const char *)href;
	xsltApplyOneTemplate(tc, node, inst->children, NULL, NULL);
	tc->output = output;
	tc->insert = insert;
	tc->type = type;
	tc->outputFile = file;
	if (tc->state == XSLT_STATE_OK && res->children) { /* as xsltSaveResultToFilename */
		ismc_buf b = { 0 };
		errno = 0;
		FILE *f = fopen((const char *)href, "wb");
		int ok = f && ismc_html_save(res, "UTF-8", &b, f) == 0;
		ok = f && fclose(f) == 0 && ok;
		if (!ok) {
			xsltTransformError(tc, NULL, inst, "cannot write '%s'%s%s\n", (const char *)href,
			                   errno ? ": " : "", errno ? strerror(errno) : "");
			tc->state = XSLT_STATE_STOPPED;
		}
		ismc_buf_free(&b);
	}
	xmlFreeDoc(res);
	xmlFree(href);
}

static int S_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The digest of one call and the answer the pack gives it now, kept per
 * call (a call recurs in many pages) for as long as the index it answers
 * from (S_links_free empties it). NULL when the call names no function of
 * S_fns or has too many or few arguments (a cache of another version). */
static ismc_map *S_said;
static ismc_arena *S_said_a;

static const unsigned char *S_call_digest(const char *call)
{
	if (!S_said) {
		S_said = ismc_map_new();
		S_said_a = ismc_arena_new();
	}
	unsigned char *md = ismc_map_get(S_said, call);
	if (md)
		return md;
	char *c = ismc_xstrdup(call), *arg[6] = { 0 };
	int na = 0;
	for (char *p = c, *sep; p && na < 6; p = sep) {
		sep = strchr(p, '\x1f');
		if (sep)
			*sep++ = '\0';
		arg[na++] = p;
	}
	size_t fn = 0, nf = sizeof S_fns / sizeof *S_fns;
	while (fn < nf && strcmp(S_fns[fn].name, arg[0]))
		fn++;
	if (fn < nf && na == S_fns[fn].nargs + 1) {
		ismc_buf b = { 0 };
		S_answer(&b, fn, (const char *const *)arg + 1);
		ismc_sha256_ctx *h = ismc_sha256_begin();
		ismc_sha256_add(h, call, strlen(call) + 1);
		ismc_sha256_add(h, b.data ? b.data : "", b.len + 1);
		md = ismc_arena_alloc(S_said_a, 32);
		ismc_sha256_end(h, md);
		ismc_buf_free(&b);
		ismc_map_put(S_said, ismc_arena_strdup(S_said_a, call), md);
	}
	free(c);
	return md;
}

static void S_said_free(void)
{
	ismc_map_free(S_said);
	ismc_arena_free(S_said_a);
	S_said = NULL;
	S_said_a = NULL;
}

/* The digest of the answers to `calls` (sorted) as the pack answers them
 * now: of each call's S_call_digest in turn; -1 when a call is not one. */
static int S_asked_digest(const char *const *calls, size_t n, unsigned char md[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const unsigned char *d = S_call_digest(calls[i]);
		if (d)
			ismc_sha256_add(h, d, 32);
		else
			rc = -1;
	}
	ismc_sha256_end(h, md);
	return rc;
}

/* libxslt writes no doctype for method="html" without one named, and a
 * named one is not HTML5's: every page starts with this. */
static const char S_doctype_html[] = "<!DOCTYPE html>\n";

/* Applies `st` to the pack with string parameters (NULL-terminated name,
 * value pairs, quoted here) and writes the HTML result to `out`. The
 * ismc: functions resolve against `links`: the whole pack, of which `pack`
 * may be a batch's part. */
static int S_apply(const S_tpl *t, xsltStylesheetPtr st, xmlDocPtr pack, const ismc_pack *links,
                   const char **params, const char *out, const S_batch_files *write_dir,
                   ismc_error *err)
{
	xsltTransformContextPtr tc = xsltNewTransformContext(st, pack);
	if (!tc) {
		snprintf(err->msg, sizeof err->msg, "cannot start the transformation to '%s'", out);
		return -1;
	}
	tc->_private = (void *)write_dir; /* S_write_check's folder, or NULL */
	S_links_build(links);
	/* what body_html.c may render is asked again of this stylesheet: a
	 * freed one's address may be the next one's (S_native_check) */
	S_native_style = NULL;
	xsltSetCtxtSecurityPrefs(t->sec, tc);
	xsltQuoteUserParams(tc, params);
	struct timespec t0;
	ismc_timing(NULL, &t0);
	xmlDocPtr res = xsltApplyStylesheetUser(st, pack, NULL, NULL, NULL, tc);
	ismc_timing(out, &t0);
	int rc = -1;
	if (!res || tc->state != XSLT_STATE_OK) {
		snprintf(err->msg, sizeof err->msg, "the templates failed to render '%s' (see the "
		         "messages above)", out);
	} else if (!write_dir) {
		/* straight into the file, not through a string as large as the
		 * page (31 MB for the asset inventory of 10,000 documents) */
		const char *enc;
		ismc_buf b = { 0 };
		errno = 0;
		FILE *f = fopen(out, "wb");
		int ok = f && fputs(S_doctype_html, f) >= 0 &&
		         (ismc_html_save_usable(st, &enc) ? ismc_html_save(res, enc, &b, f)
		                                          : xsltSaveResultToFile(f, res, st)) >= 0;
		ok = f && fclose(f) == 0 && ok;
		ismc_buf_free(&b);
		if (!ok)
			snprintf(err->msg, sizeof err->msg, "cannot write '%s'%s%s", out, errno ? ": " : "",
			         errno ? strerror(errno) : "");
		rc = ok ? 0 : -1;
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

/* ---- document pages: batches, on every core ---- */

/* What the document pages are rendered from: the pack in memory (emit.c),
 * each batch's documents built again in full (S_batch_pack), their bodies
 * parsed back from evidence-pack.xml (ismc_pack_doc_copy). */
typedef struct {
	const S_tpl *t;
	xsltStylesheetPtr st;  /* documents.xsl */
	ismc_pack *pack;
	char dir[PATH_MAX];    /* html/documents, resolved */
	size_t *page;          /* the indices of the documents whose pages are rendered */
	size_t npages;
	size_t per;            /* pages per batch */
	unsigned char (*key)[32]; /* each page's key, as page[]; NULL: no cache */
	const char *root;      /* the folder of the pack, where part files go */
	FILE *part;            /* this process's records (S_record_batch), or NULL */
	ismc_pagecache_writer *pw; /* what writes them */
} S_docpages;

/* The page cache of this build (ismc_transform_html sets it up): where the
 * earlier OUT's records are, what every page's key starts with, and the
 * pages this build makes. */
typedef struct {
	int on;                 /* keys are made and records kept */
	const char *old_out;    /* the earlier OUT, or NULL: nothing is taken */
	const char *in;         /* its cache file */
	const char *out;        /* this build's cache file */
	const char *root;       /* the pack's folder, where the part files go */
	unsigned char env[32];  /* ismc, its libraries and the templates */
	ismc_map *want;         /* page in OUT -> S_slot: the pages this build makes */
	ismc_arena *a;          /* the slots and their names */
	const ismc_stamp *stamp; /* this build's, written into the summary pages
	                            taken (stamp.c), or NULL */
	FILE *taken;            /* the records of the pages taken (after the bodies
	                           in emit.c's part "bodies") */
	ismc_pagecache_writer *tw; /* what writes them */
	int failed;             /* a record could not be written */
	int same_answers;       /* the earlier build's functions answered from what
	                           this build's do (its ISMC_CACHE_ANSWERS record) */
} S_cache;

/* A page this build makes, which the earlier OUT may have: its key, where
 * it goes, whether it shows the stamp (a summary page) and whether it was
 * taken (S_take). */
typedef struct {
	const unsigned char *key;
	const char *to;
	int stamped;
	int *taken;
} S_slot;

static void S_want(S_cache *c, const char *page, const unsigned char *key, const char *to,
                   int stamped, int *taken)
{
	S_slot *s = ismc_arena_alloc(c->a, sizeof *s);
	s->key = key;
	s->to = ismc_arena_strdup(c->a, to);
	s->stamped = stamped;
	s->taken = taken;
	ismc_map_put(c->want, ismc_arena_strdup(c->a, page), s);
}

/* What a batch's pack keeps of the pack's sections that list every
 * document, risk, asset or clause: nothing but the section's own attributes,
 * or its children named `keep`. The batch's documents and their sources are
 * added by S_batch_pack; any other section is copied whole. So a batch's
 * pack is the size of its documents, whatever the size of the ISMS
 * (docs/output.md, "Document pages"). */
static const struct {
	const char *section, *keep;
} S_batch_sections[] = {
	{ "documents", NULL },
	{ "sources", NULL },
	{ "register", NULL },
	{ "risks", "scale" },        /* the risk acceptance of the page frame */
	{ "assets", NULL },
	{ "due", NULL },
	{ "coverage", NULL },
	{ "soa", "register-document" },
	{ "frameworks", NULL },      /* a page's navigation asks only whether there is one */
};

/* The part of the pack a batch renders from: the pack but the lists that
 * S_batch_sections empties and the build's stamp (ismc_stamp_strip: a
 * document's page shows neither the commit nor the build's time, so that
 * its bytes, and its key in the page cache, change only with what it
 * shows; docs/output.md, "Rebuilding over an earlier OUT"), with the
 * documents page[first, last) (full bodies) and their sources. Returns the
 * new tree. */
static xmlDocPtr S_batch_pack(const S_docpages *dp, size_t first, size_t last)
{
	const ismc_pack *p = dp->pack;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr from = xmlDocGetRootElement(p->doc), root = xmlDocCopyNode(from, doc, 2);
	xmlDocSetRootElement(doc, root);
	ismc_stamp_strip(root, "");
	ismc_map *paths = ismc_map_new();
	ismc_arena *a = ismc_arena_new();
	xmlDOMWrapCtxtPtr wrap = xmlDOMWrapNewCtxt();
	if (!doc || !root || !wrap)
		abort();
	for (size_t k = first; k < last; k++) {
		xmlChar *path = xmlGetProp(p->docs[dp->page[k]], BAD_CAST "path");
		if (path)
			ismc_map_put(paths, ismc_arena_strdup(a, (const char *)path), (void *)"");
		xmlFree(path);
	}
	for (xmlNodePtr n = from->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		size_t i = 0, ns = sizeof S_batch_sections / sizeof *S_batch_sections;
		while (i < ns && strcmp(S_batch_sections[i].section, (const char *)n->name))
			i++;
		xmlNodePtr c = NULL;
		if (xmlDOMWrapCloneNode(wrap, p->doc, n, &c, doc, root, i == ns, 0) != 0)
			abort();
		xmlAddChild(root, c);
		ismc_stamp_strip(c, (const char *)c->name);
		if (i == ns)
			continue;
		if (!strcmp((const char *)n->name, "documents")) {
			for (size_t k = first; k < last; k++)
				ismc_pack_doc_copy(p, dp->page[k], c, NULL);
			continue;
		}
		const char *keep = S_batch_sections[i].keep;
		int sources = !strcmp((const char *)n->name, "sources");
		for (xmlNodePtr k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			int copy = keep && !strcmp((const char *)k->name, keep);
			if (sources) {
				xmlChar *path = xmlGetProp(k, BAD_CAST "path");
				copy = path && ismc_map_get(paths, (const char *)path);
				xmlFree(path);
			}
			xmlNodePtr kc = NULL;
			if (copy && xmlDOMWrapCloneNode(wrap, p->doc, k, &kc, doc, c, 1, 0) != 0)
				abort();
			if (kc)
				xmlAddChild(c, kc);
		}
	}
	xmlDOMWrapFreeCtxt(wrap);
	ismc_map_free(paths);
	ismc_arena_free(a);
	return doc;
}

/* Every page written, with its doctype: the shipped documents.xsl writes it;
 * a page of a documents.xsl of one's own that has none gets it here. */
static int S_doctype(const char *out, const char *id, ismc_error *err)
{
	char head[sizeof S_doctype_html - 1];
	FILE *f = fopen(out, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	if (!f) {
		snprintf(err->msg, sizeof err->msg,
		         "the templates wrote no page for %s (documents.xsl writes each page of "
		         "its batch, and no other: see any messages above)", id);
		return -1;
	}
	if (n == sizeof head && !memcmp(head, S_doctype_html, n))
		return 0;
	char *page = NULL;
	size_t len;
	if (ismc_file_read_all(out, &page, &len, err) != 0)
		return -1;
	int rc = S_write(out, S_doctype_html, sizeof head, page, len, err);
	free(page);
	return rc;
}

/* Starts recording what the templates ask (S_asked), for the pages `id`
 * of a batch, when `on`. */
static void S_asked_begin(int on, const char *const *id, size_t n)
{
	memset(&S_asked, 0, sizeof S_asked);
	if (!on)
		return;
	S_asked.on = 1;
	S_asked.a = ismc_arena_new();
	S_asked.page = ismc_map_new();
	S_asked.all.seen = ismc_map_new();
	for (size_t k = 0; k < n; k++) {
		S_calls *c = ismc_arena_alloc(S_asked.a, sizeof *c);
		c->seen = ismc_map_new();
		ismc_map_put(S_asked.page, id[k], c);
	}
}

static void S_asked_end(const char *const *id, size_t n)
{
	if (!S_asked.on)
		return;
	/* the pages' call sets are in the arena; their maps and vectors not */
	for (size_t k = 0; k < n; k++) {
		S_calls *c = ismc_map_get(S_asked.page, id[k]);
		ismc_map_free(c->seen);
		ismc_vec_free(&c->v);
	}
	ismc_map_free(S_asked.all.seen);
	ismc_vec_free(&S_asked.all.v);
	ismc_map_free(S_asked.page);
	ismc_arena_free(S_asked.a);
	memset(&S_asked, 0, sizeof S_asked);
}

/* The record of a page just rendered to `out` (its name in OUT `page`):
 * its key, the calls it made (sorted here), the digest of their answers,
 * the file as written and, as its marks, the places of the stamp in it
 * (`places`, may be NULL: stamp.c); to `part`. */
static int S_record_page(ismc_pagecache_writer *part, const char *page, const char *out,
                         const unsigned char key[32], ismc_vec *calls, const ismc_vec *places,
                         ismc_error *err)
{
	if (calls->n)
		qsort(calls->v, calls->n, sizeof *calls->v, S_strcmp);
	ismc_page_rec r = { .page = page, .calls = (const char **)calls->v, .ncalls = calls->n };
	if (places) {
		r.marks = (const char **)places->v;
		r.nmarks = places->n;
	}
	memcpy(r.key, key, sizeof r.key);
	if (S_asked_digest(r.calls, r.ncalls, r.answers) == 0 && ismc_pagecache_stat(&r, out) == 0 &&
	    ismc_pagecache_put(part, &r) == 0)
		return 0;
	snprintf(err->msg, sizeof err->msg, "cannot record the page '%s' in the page cache", page);
	return -1;
}

/* The page cache's records of the pages of a batch just rendered: each
 * page's key, the calls it made (its own and the batch's before any page),
 * the digest of their answers, and the file as written; to dp->part. */
static int S_record_batch(S_docpages *dp, size_t first, size_t last, const char *const *id,
                          ismc_error *err)
{
	if (S_asked.unkeyed)
		return 0; /* rendered again next time */
	int rc = 0;
	for (size_t k = first; !rc && k < last; k++) {
		S_calls *c = ismc_map_get(S_asked.page, id[k - first]);
		ismc_vec all = { 0 };
		for (size_t i = 0; i < c->v.n; i++)
			ismc_vec_push(&all, c->v.v[i]);
		for (size_t i = 0; i < S_asked.all.v.n; i++)
			if (!ismc_map_get(c->seen, S_asked.all.v.v[i]))
				ismc_vec_push(&all, S_asked.all.v.v[i]);
		char page[PATH_MAX], out[PATH_MAX];
		snprintf(page, sizeof page, "html/documents/%s.html", id[k - first]);
		snprintf(out, sizeof out, "%s/%s.html", dp->dir, id[k - first]);
		rc = S_record_page(dp->pw, page, out, dp->key[k], &all, NULL, err);
		ismc_vec_free(&all);
	}
	return rc;
}

/* A batch: the pages page[first, last) of the documents, rendered by one
 * transformation of documents.xsl over the batch's part of the pack
 * (S_batch_pack), whose keys and document order libxslt builds in the time
 * of the batch, not of the pack; links resolve against the whole pack
 * (ismc:href). Then each page is checked for its doctype (S_doctype), which
 * also proves every page was written. A page's HTML
 * depends on its own document and on what the pack gives of the others,
 * never on which batch rendered it. */
static int S_batch(S_docpages *dp, size_t first, size_t last, ismc_error *err)
{
	ismc_arena *a = ismc_arena_new();
	ismc_map *ids = ismc_map_new();
	const char **id = ismc_arena_alloc(a, (last - first) * sizeof *id);
	for (size_t k = first; k < last; k++) {
		xmlChar *prop = xmlGetProp(dp->pack->docs[dp->page[k]], BAD_CAST "id");
		id[k - first] = ismc_arena_strdup(a, (const char *)prop);
		xmlFree(prop);
		ismc_map_put(ids, id[k - first], (void *)id[k - first]);
	}
	xmlDocPtr part = S_batch_pack(dp, first, last);
	char to[32];
	snprintf(to, sizeof to, "%zu", last - first);
	const char *params[] = { "root", "../", "page", "document", "logo", dp->t->logo,
		                 "outdir", dp->dir, "first", "1", "last", to, NULL };
	S_batch_files files = { dp->dir, ids };
	S_asked_begin(dp->part != NULL, (const char *const *)id, last - first);
	int rc = S_apply(dp->t, dp->st, part, dp->pack, params, dp->dir, &files, err);
	xmlFreeDoc(part);
	for (size_t k = first; !rc && k < last; k++) {
		char out[PATH_MAX];
		snprintf(out, sizeof out, "%s/%s.html", dp->dir, id[k - first]);
		rc = S_doctype(out, id[k - first], err);
	}
	if (!rc && dp->part)
		rc = S_record_batch(dp, first, last, (const char *const *)id, err);
	S_asked_end((const char *const *)id, last - first);
	ismc_map_free(ids);
	ismc_arena_free(a);
	return rc;
}

/* Batches first, first + step, ... of dp: a worker's share. */
static int S_batches(S_docpages *dp, size_t first, size_t step, ismc_error *err)
{
	for (size_t b = first; b * dp->per < dp->npages; b += step) {
		size_t lo = b * dp->per, hi = lo + dp->per < dp->npages ? lo + dp->per : dp->npages;
		if (S_batch(dp, lo, hi, err) != 0)
			return -1;
	}
	return 0;
}

/* What this process does once the document pages are rendered, or given to
 * workers: `release` the model (the caller's), then `also` (the summary
 * pages, from the pack alone). */
typedef struct {
	void (*release)(void *);
	void *release_arg;
	int (*also)(void *);
	void *also_arg;
} S_then;

static int S_then_run(const S_then *then)
{
	if (then->release) {
		then->release(then->release_arg);
		ismc_memory_release();
	}
	return then->also ? then->also(then->also_arg) : 0;
}

static int S_part_open(S_docpages *dp, int w, ismc_error *err);
static int S_part_close(S_docpages *dp, ismc_error *err);

/* The message of the lowest-numbered worker that failed, of those the
 * workers wrote into the pipe `fd` ("W:message" and a NUL each), read to
 * its end (every worker gone): the same message whatever order they
 * failed in (two workers' messages used to run together, then the first
 * to fail won). "" when none wrote. */
static void S_first_failure(int fd, char *msg, size_t size)
{
	char all[ISMC_MAX_JOBS * (sizeof((ismc_error *)0)->msg + 16)];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof all - 1 &&
	       ((n = read(fd, all + len, sizeof all - 1 - len)) > 0 || (n < 0 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	all[len] = '\0';
	long best = -1;
	*msg = '\0';
	for (size_t at = 0; at < len; at += strlen(all + at) + 1) {
		char *end;
		long w = strtol(all + at, &end, 10);
		if (end == all + at || *end != ':' || (best >= 0 && w >= best))
			continue;
		best = w;
		snprintf(msg, size, "%s", end + 1);
	}
}

/* The workers: `jobs` processes forked from this one, each rendering every
 * jobs-th batch; the pack is shared with them copy-on-write. The first
 * failure's message comes back through a pipe. */
static int S_workers(S_docpages *dp, int jobs, const S_then *then, ismc_error *err)
{
	int fd[2];
	if (pipe(fd) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid[ISMC_MAX_JOBS], parent = getpid();
	int started = 0, rc = 0;
	for (int w = 0; w < jobs; w++) {
		pid[w] = fork();
		if (pid[w] == 0) {
#ifdef __linux__
			/* a worker ends with the build: an ismc stopped (a cancelled
			 * CI job's SIGTERM, kill -9) leaves none rendering into a
			 * folder the next build removes anyway */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
				_exit(1);
#endif
			close(fd[0]);
			ismc_error e = { { 0 } };
			int r = S_part_open(dp, w, &e);
			r = r ? r : S_batches(dp, (size_t)w, (size_t)jobs, &e);
			r = S_part_close(dp, &e) != 0 && !r ? -1 : r;
			/* its number, its message and a NUL in one write, shorter
			 * than PIPE_BUF, so whole: S_first_failure picks one */
			char said[sizeof e.msg + 16];
			int len = snprintf(said, sizeof said, "%d:%s", w, e.msg);
			if (r != 0 && write(fd[1], said, (size_t)len + 1) < 0)
				r = 2;
			_exit(r ? 1 : 0);
		}
		if (pid[w] < 0) {
			snprintf(err->msg, sizeof err->msg, "cannot start a worker: %s", strerror(errno));
			rc = -1;
			break;
		}
		started++;
	}
	close(fd[1]);
	if (!rc)
		rc = S_then_run(then); /* the summary pages, meanwhile */
	char msg[sizeof err->msg] = "";
	S_first_failure(fd[0], msg, sizeof msg);
	close(fd[0]);
	for (int w = 0; w < started; w++) {
		int st;
		while (waitpid(pid[w], &st, 0) < 0 && errno == EINTR)
			;
		if (rc == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			snprintf(err->msg, sizeof err->msg, "%s",
			         *msg ? msg : "a worker rendering the document pages failed");
			rc = -1;
		}
	}
	return rc;
}

/* ---- the page cache: pages of the earlier OUT whose inputs are the same ---- */

/* The part file `name` of the cache in the pack's folder: worker w's
 * ("0", "1"…), emit.c's bodies with the pages taken after them
 * ("bodies"), the summary pages' ("summary"); merged into the cache and
 * removed by ismc_transform_html. */
static void S_part_name(const char *root, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/.ismc-pages-%s", root, name);
}

static void S_part_path(const S_docpages *dp, int w, char *out, size_t n)
{
	char name[16];
	snprintf(name, sizeof name, "%d", w);
	S_part_name(dp->root, name, out, n);
}

static int S_part_open(S_docpages *dp, int w, ismc_error *err)
{
	if (!dp->key)
		return 0;
	char path[PATH_MAX];
	S_part_path(dp, w, path, sizeof path);
	if (!(dp->part = fopen(path, "wbx"))) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	dp->pw = ismc_pagecache_writer_new(dp->part);
	return 0;
}

static int S_part_close(S_docpages *dp, ismc_error *err)
{
	if (!dp->part)
		return 0;
	int rc = fclose(dp->part) == 0 ? 0 : -1;
	dp->part = NULL;
	ismc_pagecache_writer_free(dp->pw);
	dp->pw = NULL;
	if (rc)
		snprintf(err->msg, sizeof err->msg, "cannot write the page cache's part");
	return rc;
}

static int S_digest_write(void *ctx, const char *buf, int len)
{
	ismc_sha256_add(ctx, buf, (size_t)len);
	return len;
}

/* `n` as xmlNodeDumpOutput writes it, into the digest `h`. */
static void S_node_digest(ismc_sha256_ctx *h, xmlDocPtr doc, xmlNodePtr n)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(S_digest_write, NULL, h, NULL);
	if (!ob)
		abort();
	xmlNodeDumpOutput(ob, doc, n, 0, 0, NULL);
	xmlOutputBufferClose(ob);
}

/* Every file below `dir` but hidden ones: its name and its SHA-256. */
static void S_files_digest(ismc_sha256_ctx *h, const char *dir, const char *rel)
{
	ismc_vec names = { 0 };
	if (ismc_dir_names(dir, 1, &names) != 0) {
		ismc_sha256_add(h, "?", 2);
		return;
	}
	for (size_t i = 0; i < names.n; i++) {
		char path[PATH_MAX], sub[PATH_MAX], hex[65] = "?";
		snprintf(path, sizeof path, "%s/%s", dir, (const char *)names.v[i]);
		snprintf(sub, sizeof sub, "%s%s/", rel, (const char *)names.v[i]);
		struct stat st;
		ismc_error e;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			S_files_digest(h, path, sub);
			continue;
		}
		ismc_sha256_file(path, hex, NULL, &e);
		ismc_sha256_add(h, sub, strlen(sub) + 1);
		ismc_sha256_add(h, hex, sizeof hex);
	}
	ismc_names_free(&names);
}

/* What every page's key starts with: ismc itself (its executable, the
 * libxml2 and libxslt it runs with) and the templates (every file of both
 * folders). */
static void S_env_digest(const S_tpl *t, unsigned char env[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, "ismc page key 1", 16);
	ismc_pagecache_self(h);
	ismc_sha256_add(h, xsltEngineVersion, strlen(xsltEngineVersion) + 1);
	S_files_digest(h, t->base, "base/");
	if (*t->over)
		S_files_digest(h, t->over, "over/");
	ismc_sha256_end(h, env);
}

/* A record of the earlier OUT's cache (ismc_pagecache_scan): a page this
 * build makes is taken when its key is the same, the ismc: functions
 * answer its calls as they did (every record's at once when the earlier
 * build's functions answered from what this build's do: the record
 * ISMC_CACHE_ANSWERS, which comes before the pages'), and its file there
 * is still the one the record names; then it is linked into the new
 * folder and the record kept (after the bodies in emit.c's part). A summary page that shows the stamp (the record's marks
 * are its places) is copied with this build's stamp written in, and
 * recorded as the new file. */
static int S_take(const ismc_page_rec *r, void *arg)
{
	S_cache *c = arg;
	if (!strcmp(r->page, ISMC_CACHE_ANSWERS)) {
		c->same_answers = S_lk && !memcmp(r->key, S_lk->answers, 32);
		return 0;
	}
	S_slot *s = ismc_map_get(c->want, r->page);
	char from[PATH_MAX];
	unsigned char md[32];
	if (!s || *s->taken || memcmp(r->key, s->key, 32))
		return 0;
	snprintf(from, sizeof from, "%s/%s", c->old_out, r->page);
	if (!c->same_answers &&
	    (S_asked_digest(r->calls, r->ncalls, md) != 0 || memcmp(md, r->answers, 32)))
		return 0;
	ismc_page_rec now = *r;
	if (s->stamped && r->nmarks) {
		now.raw = NULL;
		if (!c->stamp || !ismc_pagecache_same(r, from) ||
		    ismc_stamp_patch(c->stamp, r->marks, r->nmarks, from, s->to) != 0)
			return 0;
		if (ismc_pagecache_stat(&now, s->to) != 0) {
			unlink(s->to);
			return 0;
		}
	} else if (ismc_pagecache_reuse(r, from, s->to) != 0) {
		return 0;
	}
	*s->taken = 1;
	if (ismc_pagecache_put(c->tw, &now) != 0)
		c->failed = 1;
	return 0;
}

/* Whether S_take reads a record: not the compile's or the bodies' (emit.c
 * and the model read those), and no document page's calls while the
 * answers are the same (its record is copied as read; a summary page's is
 * written again, with its calls). */
static int S_take_look(const char *page, void *arg)
{
	const S_cache *c = arg;
	static const char *const theirs[] = { ISMC_CACHE_SCAN, ISMC_CACHE_APPROVAL,
		                              "evidence-pack.xml" };
	for (size_t i = 0; i < sizeof theirs / sizeof *theirs; i++)
		if (!strncmp(page, theirs[i], strlen(theirs[i])))
			return ISMC_SCAN_SKIP;
	return c->same_answers && !strncmp(page, "html/documents/", 15) ? ISMC_SCAN_NO_CALLS
	                                                                : ISMC_SCAN_READ;
}

/* The key of each page of dp: SHA-256 of everything its rendering reads
 * but the ismc: functions' answers (recorded apart): c->env, the
 * parameters, what every batch's pack holds but documents and sources
 * (S_batch_pack without pages: the root's attributes, the sections it
 * copies), the document's element as evidence-pack.xml has it (emit.c's
 * digest) and its sources. */
static void S_page_keys(S_docpages *dp, const S_cache *c)
{
	const ismc_pack *p = dp->pack;
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, c->env, 32);
	const char *params[] = { "../", "document", dp->t->logo };
	for (size_t i = 0; i < sizeof params / sizeof *params; i++)
		ismc_sha256_add(h, params[i], strlen(params[i]) + 1);
	xmlDocPtr shared = S_batch_pack(dp, 0, 0);
	S_node_digest(h, shared, xmlDocGetRootElement(shared));
	xmlFreeDoc(shared);
	unsigned char env[32];
	ismc_sha256_end(h, env);

	/* each source's element, by path */
	ismc_arena *a = ismc_arena_new();
	ismc_map *src = ismc_map_new();
	xmlNodePtr root = xmlDocGetRootElement(p->doc);
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "sources"))
			continue;
		for (xmlNodePtr k = n->children; k; k = k->next) {
			char *path = k->type == XML_ELEMENT_NODE ? S_prop(a, k, "path") : NULL;
			if (!path)
				continue;
			unsigned char *md = ismc_map_get(src, path);
			ismc_sha256_ctx *sh = ismc_sha256_begin();
			if (md) /* a second element of the path: after the first */
				ismc_sha256_add(sh, md, 32);
			else
				ismc_map_put(src, path, md = ismc_arena_alloc(a, 32));
			S_node_digest(sh, p->doc, k);
			ismc_sha256_end(sh, md);
		}
	}
	for (size_t k = 0; k < dp->npages; k++) {
		size_t i = dp->page[k];
		char *path = S_prop(a, p->docs[i], "path");
		const unsigned char *md = path ? ismc_map_get(src, path) : NULL;
		static const unsigned char none[32];
		ismc_sha256_ctx *kh = ismc_sha256_begin();
		ismc_sha256_add(kh, env, 32);
		ismc_sha256_add(kh, p->digest[i], 32);
		ismc_sha256_add(kh, md ? md : none, 32);
		ismc_sha256_end(kh, dp->key[k]);
	}
	ismc_map_free(src);
	ismc_arena_free(a);
}

/* Takes from the earlier OUT the pages c->want names (the summary pages'
 * and dp's) that S_take finds unchanged, in one pass over its cache; dp
 * keeps only the pages to render. Returns how many of dp's were taken, or
 * -1 when a record cannot be written. */
static long S_reuse(S_docpages *dp, S_cache *c, ismc_error *err)
{
	int *taken = ismc_xcalloc(dp->npages ? dp->npages : 1, sizeof *taken);
	for (size_t k = 0; k < dp->npages; k++) {
		xmlChar *id = xmlGetProp(dp->pack->docs[dp->page[k]], BAD_CAST "id");
		char page[PATH_MAX], to[PATH_MAX];
		snprintf(page, sizeof page, "html/documents/%s.html", (const char *)id);
		snprintf(to, sizeof to, "%s/%s.html", dp->dir, (const char *)id);
		xmlFree(id);
		S_want(c, page, dp->key[k], to, 0, &taken[k]);
	}
	if (c->old_out)
		ismc_pagecache_scan_some(c->in, S_take_look, S_take, c);
	size_t n = 0;
	for (size_t k = 0; k < dp->npages; k++) {
		if (taken[k])
			continue;
		dp->page[n] = dp->page[k];
		memcpy(dp->key[n], dp->key[k], 32);
		n++;
	}
	free(taken);
	if (c->failed) {
		snprintf(err->msg, sizeof err->msg, "cannot write the page cache's part");
		return -1;
	}
	size_t t = dp->npages - n;
	dp->npages = n;
	return (long)t;
}

/* One page per document whose id is valid and first of its kind, as the
 * templates' doc-has-page rule (common.xsl) links them. With the cache on,
 * the pages of the earlier OUT whose inputs are unchanged are taken from it
 * (S_reuse), and the others' records written to the workers' parts
 * (*workers of them). */
static int S_document_pages(const S_tpl *t, ismc_pack *pack, const char *root, const char *html,
                            int jobs, S_cache *c, const S_then *then, int *workers,
                            ismc_error *err)
{
	S_docpages dp = { .t = t, .pack = pack, .root = root };
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/documents", html);
	if (S_mkdir(dir, err) != 0)
		return -1;
	if (!realpath(dir, dp.dir)) {
		snprintf(err->msg, sizeof err->msg, "cannot resolve '%s': %s", dir, strerror(errno));
		return -1;
	}
	ismc_map *seen = ismc_map_new();
	ismc_arena *a = ismc_arena_new();
	dp.page = calloc(pack->ndocs ? pack->ndocs : 1, sizeof *dp.page);
	for (size_t i = 0; i < pack->ndocs; i++) {
		xmlChar *prop = xmlGetProp(pack->docs[i], BAD_CAST "id");
		const char *id = prop ? ismc_arena_strdup(a, (const char *)prop) : NULL;
		xmlFree(prop);
		if (id && ismc_id_valid(id) && !ismc_map_put(seen, id, (void *)id))
			dp.page[dp.npages++] = i;
	}
	ismc_map_free(seen);
	ismc_arena_free(a);
	S_links_build(pack); /* once, before the workers are forked with it */
	struct timespec tm;
	ismc_timing(NULL, &tm);
	if (c->on) {
		dp.key = ismc_xcalloc(dp.npages ? dp.npages : 1, sizeof *dp.key);
		S_page_keys(&dp, c);
		size_t all = dp.npages;
		long taken = S_reuse(&dp, c, err);
		if (taken < 0) {
			free(dp.key);
			free(dp.page);
			return -1;
		}
		if (taken)
			printf("ismc: %ld of %zu document pages unchanged, taken from the earlier "
			       "output\n", taken, all);
		ismc_timing("document pages: keys, and those of the earlier OUT taken", &tm);
	}
	/* batches small enough to bound memory, and enough of them to share
	 * out */
	dp.per = dp.npages / (size_t)(4 * jobs) < ISMC_BATCH_MIN ? ISMC_BATCH_MIN
	         : dp.npages / (size_t)(4 * jobs) > ISMC_BATCH_MAX ? ISMC_BATCH_MAX
	         : dp.npages / (size_t)(4 * jobs);
	if (dp.per == 0)
		dp.per = 1;
	/* what emit freed goes back before the workers are forked, or it is
	 * counted in every one of them */
	ismc_memory_release();
	int rc = (dp.st = S_load(t, "documents.xsl", err)) ? 0 : -1;
	size_t nbatches = (dp.npages + dp.per - 1) / dp.per;
	*workers = 0;
	if (!rc && (jobs <= 1 || nbatches <= 1)) {
		rc = S_part_open(&dp, 0, err);
		if (!rc && dp.npages)
			rc = S_batches(&dp, 0, 1, err);
		rc = S_part_close(&dp, err) != 0 && !rc ? -1 : rc;
		*workers = dp.key ? 1 : 0;
		if (!rc)
			rc = S_then_run(then);
	} else if (!rc) {
		int w = jobs < (int)nbatches ? jobs : (int)nbatches;
		rc = S_workers(&dp, w, then, err);
		*workers = dp.key ? w : 0;
	}
	free(dp.key);
	if (dp.st)
		xsltFreeStylesheet(dp.st);
	free(dp.page);
	return rc;
}

/* The site's other pages, from the pack without bodies. */
typedef struct {
	const S_tpl *t;
	const ismc_pack *pack;
	const char *html;
	ismc_error *err;
	FILE *part;           /* the records of the pages, or NULL: no cache */
	ismc_pagecache_writer *pw; /* what writes them */
	ismc_stamp *stamp;    /* the pack's stamp (stamp.c), or NULL */
	xmlNodePtr sources, after; /* the pack's sources, while unlinked; its place */
	int taken[sizeof S_pages / sizeof *S_pages];   /* taken from the earlier OUT */
	unsigned char key[sizeof S_pages / sizeof *S_pages][32];
} S_summary;

/* What the summary pages are rendered from (on) and the pack again (off):
 * the pack without its sources, which only the document pages and the
 * print document show (a file's hashes change with every edit), and with
 * the placeholders of the stamp (stamp.c). So a summary page's key changes
 * only with what the page can show. */
static void S_summary_view(S_summary *sp, int on)
{
	xmlNodePtr root = xmlDocGetRootElement(sp->pack->doc);
	if (on) {
		for (xmlNodePtr n = root ? root->children : NULL; n && !sp->sources; n = n->next)
			if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "sources"))
				sp->sources = n;
		if (sp->sources) {
			sp->after = sp->sources->prev;
			xmlUnlinkNode(sp->sources);
		}
		ismc_stamp_hide(sp->stamp);
		return;
	}
	ismc_stamp_show(sp->stamp);
	if (sp->sources && sp->after)
		xmlAddNextSibling(sp->after, sp->sources);
	else if (sp->sources && root->children)
		xmlAddPrevSibling(root->children, sp->sources);
	else if (sp->sources)
		xmlAddChild(root, sp->sources);
	sp->sources = sp->after = NULL;
}

/* Each summary page's key (c->env, its stylesheet and parameters, and the
 * pack it renders from, all of it), wanted from the earlier OUT (S_reuse
 * takes those unchanged). */
static void S_summary_keys(S_summary *sp, S_cache *c)
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, c->env, 32);
	S_summary_view(sp, 1);
	S_node_digest(h, sp->pack->doc, xmlDocGetRootElement(sp->pack->doc));
	S_summary_view(sp, 0);
	unsigned char pack[32];
	ismc_sha256_end(h, pack);
	for (size_t i = 0; i < sizeof S_pages / sizeof *S_pages; i++) {
		h = ismc_sha256_begin();
		ismc_sha256_add(h, pack, 32);
		const char *what[] = { S_pages[i].xsl, S_pages[i].name, sp->t->logo };
		for (size_t k = 0; k < sizeof what / sizeof *what; k++)
			ismc_sha256_add(h, what[k], strlen(what[k]) + 1);
		ismc_sha256_end(h, sp->key[i]);
		char page[PATH_MAX], to[PATH_MAX];
		snprintf(page, sizeof page, "html/%s", S_pages[i].out);
		snprintf(to, sizeof to, "%s/%s", sp->html, S_pages[i].out);
		S_want(c, page, sp->key[i], to, 1, &sp->taken[i]);
	}
}

static int S_summary_pages(void *arg)
{
	S_summary *sp = arg;
	int rc = 0;
	size_t taken = 0;
	for (size_t i = 0; i < sizeof S_pages / sizeof *S_pages; i++)
		taken += sp->taken[i] != 0;
	if (taken)
		printf("ismc: %zu summary pages unchanged, taken from the earlier output\n", taken);
	S_summary_view(sp, 1);
	ismc_arena *a = ismc_arena_new();
	for (size_t i = 0; !rc && i < sizeof S_pages / sizeof *S_pages; i++) {
		if (S_pages[i].needs && !S_pack_has(sp->pack->doc, S_pages[i].needs))
			continue;
		if (sp->taken[i])
			continue;
		xsltStylesheetPtr st = S_load(sp->t, S_pages[i].xsl, sp->err);
		if (!st) {
			rc = -1;
			break;
		}
		char out[PATH_MAX];
		snprintf(out, sizeof out, "%s/%s", sp->html, S_pages[i].out);
		const char *params[] = { "root", "", "page", S_pages[i].name, "logo", sp->t->logo, NULL };
		const char *id = S_pages[i].name;
		S_asked_begin(sp->part != NULL, &id, 1);
		S_asked.cur = sp->part ? ismc_map_get(S_asked.page, id) : NULL;
		rc = S_apply(sp->t, st, sp->pack->doc, sp->pack, params, out, NULL, sp->err);
		ismc_vec places = { 0 };
		if (!rc && sp->stamp)
			rc = ismc_stamp_fill(sp->stamp, out, &places, a, sp->err);
		if (!rc && sp->part && !S_asked.unkeyed) {
			ismc_vec calls = { 0 };
			for (size_t k = 0; k < S_asked.cur->v.n; k++)
				ismc_vec_push(&calls, S_asked.cur->v.v[k]);
			char page[PATH_MAX];
			snprintf(page, sizeof page, "html/%s", S_pages[i].out);
			rc = S_record_page(sp->pw, page, out, sp->key[i], &calls, &places, sp->err);
			ismc_vec_free(&calls);
		}
		ismc_vec_free(&places);
		S_asked_end(&id, 1);
		xsltFreeStylesheet(st);
		/* a page's trees are freed: their memory goes back, so that the
		 * next page's does not add to it (the peak is the largest page's) */
		ismc_memory_release();
	}
	ismc_arena_free(a);
	S_summary_view(sp, 0);
	return rc;
}

/* The pack read from dir/evidence-pack.xml, its documents with their bodies:
 * what the print document is rendered from. */
static int S_read_pack(ismc_pack *pk, const char *dir, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/evidence-pack.xml", dir);
	memset(pk, 0, sizeof *pk);
	pk->doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!pk->doc) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s'", path);
		return -1;
	}
	xmlNodePtr docs = NULL;
	for (xmlNodePtr n = xmlDocGetRootElement(pk->doc)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "documents"))
			docs = n;
	for (xmlNodePtr d = docs ? docs->children : NULL; d; d = d->next)
		if (d->type == XML_ELEMENT_NODE && !strcmp((const char *)d->name, "document"))
			pk->ndocs++;
	pk->docs = calloc(pk->ndocs ? pk->ndocs : 1, sizeof *pk->docs);
	size_t i = 0;
	for (xmlNodePtr d = docs ? docs->children : NULL; d; d = d->next)
		if (d->type == XML_ELEMENT_NODE && !strcmp((const char *)d->name, "document"))
			pk->docs[i++] = d;
	ismc_pack_anchors(pk);
	return 0;
}

int ismc_transform_html(const char *dir, ismc_pack *pack, const char *templates, int jobs,
                        const ismc_reuse *reuse, void (*release)(void *), void *arg,
                        ismc_error *err)
{
	S_tpl t;
	if (S_tpl_open(&t, templates, dir, err) != 0)
		return -1;
	char html[PATH_MAX], assets[PATH_MAX];
	snprintf(html, sizeof html, "%s/html", dir);
	snprintf(assets, sizeof assets, "%s/assets", html);
	int rc = S_mkdir(html, err) == 0 && S_copy_assets(&t, assets, err) == 0 ? 0 : -1;
	S_summary sp = { .t = &t, .pack = pack, .html = html, .err = err };
	sp.stamp = ismc_stamp_new(pack->doc);
	/* the page cache: on when the caller keeps one and the pack has its
	 * documents' digests (emit.c) */
	S_cache c = { 0 };
	c.on = reuse && reuse->cache_out && pack->digest;
	char summary[PATH_MAX];
	S_part_name(dir, "summary", summary, sizeof summary);
	int workers = 0;
	/* the pages taken follow the bodies in emit.c's part, which becomes
	 * the cache file (ismc_pagecache_write) */
	char taken[PATH_MAX];
	S_part_name(dir, "bodies", taken, sizeof taken);
	if (!rc && c.on) {
		c.old_out = reuse->old_out;
		c.in = reuse->cache_in;
		c.out = reuse->cache_out;
		c.root = dir;
		c.want = ismc_map_new();
		c.a = ismc_arena_new();
		c.stamp = sp.stamp;
		S_env_digest(&t, c.env);
		S_links_build(pack); /* what S_take checks the calls against */
		/* what the functions answered from, before any page's record:
		 * while it is the same, every record's answers are too */
		ismc_page_rec answers = { .page = ISMC_CACHE_ANSWERS };
		memcpy(answers.key, S_lk->answers, 32);
		if (!(sp.part = fopen(summary, "wbx")) ||
		    !(sp.pw = ismc_pagecache_writer_new(sp.part)) || !(c.taken = fopen(taken, "ab")) ||
		    ismc_pagecache_put(c.tw = ismc_pagecache_writer_new(c.taken), &answers) != 0) {
			snprintf(err->msg, sizeof err->msg, "cannot write the page cache's parts in '%s': "
			         "%s", dir, strerror(errno));
			rc = -1;
		}
		if (!rc)
			S_summary_keys(&sp, &c);
	}
	if (!rc) {
		S_then then = { release, arg, S_summary_pages, &sp };
		rc = S_document_pages(&t, pack, dir, html, jobs < 1 ? 1 : jobs, &c, &then, &workers,
		                      err);
	}
	ismc_pagecache_writer_free(sp.pw);
	ismc_pagecache_writer_free(c.tw);
	if (sp.part && fclose(sp.part) != 0 && !rc) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", summary);
		rc = -1;
	}
	if (c.taken && fclose(c.taken) != 0 && !rc) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", taken);
		rc = -1;
	}
	if (c.on) {
		/* this build's cache: the bodies of evidence-pack.xml (emit.c)
		 * and the pages taken, the summary pages, then those each
		 * worker rendered */
		const char *parts[ISMC_MAX_JOBS + 2];
		char names[ISMC_MAX_JOBS + 2][PATH_MAX];
		size_t n = 0;
		snprintf(names[n++], sizeof *names, "%s", taken);
		snprintf(names[n++], sizeof *names, "%s", summary);
		for (int w = 0; w < workers; w++, n++) {
			char num[16];
			snprintf(num, sizeof num, "%d", w);
			S_part_name(dir, num, names[n], sizeof names[n]);
		}
		for (size_t i = 0; i < n; i++)
			parts[i] = names[i];
		if (!rc)
			rc = ismc_pagecache_write(c.out, parts, n, err);
		for (size_t i = 0; i < n; i++)
			unlink(names[i]);
		ismc_map_free(c.want);
		ismc_arena_free(c.a);
	}
	ismc_stamp_free(sp.stamp);
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
static xmlDocPtr S_print(const S_tpl *t, xsltStylesheetPtr st, const ismc_pack *pk,
                         ismc_error *err)
{
	xmlDocPtr pack = pk->doc;
	const char *params[] = { "root", "", "page", "print", "logo", t->logo, NULL };
	xsltTransformContextPtr tc = xsltNewTransformContext(st, pack);
	if (!tc) {
		snprintf(err->msg, sizeof err->msg, "cannot start the transformation to the print "
		         "document");
		return NULL;
	}
	/* ismc:href and ismc:has-page answer from the index of this pack;
	 * without it no document would have a page, and none be printed */
	S_links_build(pk);
	xsltSetCtxtSecurityPrefs(t->sec, tc);
	xsltQuoteUserParams(tc, params);
	xmlDocPtr res = xsltApplyStylesheetUser(st, pack, NULL, NULL, NULL, tc);
	S_links_free(); /* it points into the pack, which is freed next */
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
	ismc_pack pack;
	xmlDocPtr print = NULL;
	xsltStylesheetPtr st = S_read_pack(&pack, dir, err) == 0 ? S_load(&t, "print.xsl", err) : NULL;
	/* inside the build's temporary folder (output.c), not under $TMPDIR: a
	 * killed build's is removed with it by the next build, and a large
	 * pack's parts (hundreds of MB) go to the disk OUT is on */
	char work[PATH_MAX], assets[PATH_MAX], pdf[PATH_MAX];
	snprintf(work, sizeof work, "%s/.print-XXXXXX", dir);
	int rc = -1;
	if (!st)
		goto out;
	if (!mkdtemp(work)) {
		snprintf(err->msg, sizeof err->msg, "cannot create a folder for the print document "
		         "in '%s': %s", dir, strerror(errno));
		*work = '\0';
		goto out;
	}
	snprintf(assets, sizeof assets, "%s/assets", work);
	snprintf(pdf, sizeof pdf, "%s/pack.pdf", dir);
	long long epoch = S_pack_epoch(pack.doc);
	if (S_copy_assets(&t, assets, err) != 0 || !(print = S_print(&t, st, &pack, err)))
		goto out;
	ismc_pack_free(&pack);
	rc = ismc_pdf_render(print, st, exe, work, pdf, variant, epoch, err);
	print = NULL; /* freed there */
out:
	if (*work)
		ismc_rmtree(work); /* the folder and what is in it */
	xmlFreeDoc(print);
	xsltFreeStylesheet(st);
	ismc_pack_free(&pack);
	S_tpl_close(&t);
	return rc;
}
