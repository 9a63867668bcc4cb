/* The HTML site of `ismc build` (transform.c and templates/), through the
 * binary: every page parsed with libxml2's HTML parser; every internal link
 * lands on a page and an id that exist; nothing loads or runs from elsewhere;
 * hostile Markdown leaves no markup, handler or unsafe address behind; a
 * draft says so on every page; --templates overrides any template file. */
#define _GNU_SOURCE /* strcasestr */
#include <criterion/criterion.h>
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

#define EXAMPLE ISMC_SOURCE_DIR "/example-isms"

static char S_tmp[256];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "html");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(html, .init = S_setup, .fini = S_teardown);

static int S_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Builds `root` into S_tmp/out with extra arguments, the output in S_tmp/log;
 * ismc's exit status. */
static int S_build(const char *root, const char *extra)
{
	return t_run_ismc(S_tmp, "build '%s' -o '%s/out' --as-of 2026-06-30 %s", root, S_tmp, extra);
}

/* ---- walking the site ---- */

typedef struct {
	char path[PATH_MAX]; /* relative to html/ */
	htmlDocPtr doc;
} S_page;

typedef struct {
	S_page *v;
	size_t n, cap;
} S_site;

static void S_collect(const char *html, const char *rel, S_site *s)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s%s%s", html, *rel ? "/" : "", rel);
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "%s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(full, sizeof full, "%s/%s", html, sub);
		struct stat st;
		cr_assert_eq(stat(full, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			S_collect(html, sub, s);
		} else if (strlen(sub) > 5 && !strcmp(sub + strlen(sub) - 5, ".html")) {
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 64;
				s->v = realloc(s->v, s->cap * sizeof *s->v);
			}
			S_page *p = &s->v[s->n++];
			snprintf(p->path, sizeof p->path, "%s", sub);
			p->doc = htmlReadFile(full, "UTF-8",
			                      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
			cr_assert_not_null(p->doc, "%s does not parse as HTML", full);
		}
	}
	closedir(d);
}

static void S_site_free(S_site *s)
{
	for (size_t i = 0; i < s->n; i++)
		xmlFreeDoc(s->v[i].doc);
	free(s->v);
}

static S_page *S_find(S_site *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path))
			return &s->v[i];
	return NULL;
}

/* Does an element of `n`'s tree carry id="id"? */
static int S_has_id(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *v = xmlGetProp(n, BAD_CAST "id");
		int hit = v && !strcmp((char *)v, id);
		xmlFree(v);
		if (hit || S_has_id(n->children, id))
			return 1;
	}
	return 0;
}

/* "a/b/../c.html" -> "a/c.html"; 0 when the path leaves the site. */
static int S_normalise(const char *from_dir, const char *rel, char *out, size_t n)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s%s%s", from_dir, *from_dir ? "/" : "", rel);
	char *parts[64];
	int np = 0;
	for (char *tok = strtok(buf, "/"); tok; tok = strtok(NULL, "/")) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (np == 0)
				return 0;
			np--;
			continue;
		}
		if (np == 64)
			return 0;
		parts[np++] = tok;
	}
	out[0] = '\0';
	for (int i = 0; i < np; i++) {
		strncat(out, parts[i], n - strlen(out) - 1);
		if (i + 1 < np)
			strncat(out, "/", n - strlen(out) - 1);
	}
	return 1;
}

static int S_has_scheme(const char *u)
{
	const char *p = u;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while (*p && *p != ':' && *p != '/' && *p != '?' && *p != '#')
		p++;
	return *p == ':';
}

typedef struct {
	S_site *site;
	const S_page *page;
	char dir[PATH_MAX]; /* the page's folder, relative to html/ */
	size_t internal, external;
} S_walk;

static void S_check_url(S_walk *w, xmlNodePtr el, const char *attr, const char *url)
{
	const char *name = (const char *)el->name;
	char low[16];
	snprintf(low, sizeof low, "%s", url);
	for (char *c = low; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	cr_assert(strncmp(low, "javascript:", 11) && strncmp(low, "data:", 5) &&
	          strncmp(low, "vbscript:", 9) && strncmp(low, "file:", 5),
	          "%s: <%s %s=\"%s\"> has an unsafe scheme", w->page->path, name, attr, url);
	if (S_has_scheme(url)) {
		/* external: only followable links, never something the page loads */
		cr_assert(!strcmp(name, "a") && !strcmp(attr, "href"),
		          "%s: <%s %s=\"%s\"> loads something from elsewhere", w->page->path, name,
		          attr, url);
		cr_assert(!strncmp(low, "http:", 5) || !strncmp(low, "https:", 6) ||
		          !strncmp(low, "mailto:", 7), "%s: link to '%s'", w->page->path, url);
		w->external++;
		return;
	}
	cr_assert(strncmp(url, "//", 2), "%s: protocol-relative '%s'", w->page->path, url);
	char path[PATH_MAX], target[PATH_MAX];
	snprintf(path, sizeof path, "%s", url);
	char *hash = strchr(path, '#');
	const char *frag = NULL;
	if (hash) {
		*hash = '\0';
		frag = hash + 1;
	}
	const S_page *dest = w->page;
	if (*path) {
		char *decoded = xmlURIUnescapeString(path, 0, NULL);
		/* a link stays in the site (html/) or goes to the copy of an
		 * evidence file the build made beside it (OUT/evidence/) */
		char from[PATH_MAX], packed[PATH_MAX];
		snprintf(from, sizeof from, "html%s%s", *w->dir ? "/" : "", w->dir);
		cr_assert(S_normalise(from, decoded, packed, sizeof packed),
		          "%s: '%s' leaves the pack", w->page->path, url);
		xmlFree(decoded);
		if (!strncmp(packed, "evidence/", 9)) {
			char full[PATH_MAX];
			snprintf(full, sizeof full, "%s/out/%s", S_tmp, packed);
			cr_assert(S_is_file(full), "%s: '%s' names a missing evidence file", w->page->path,
			          url);
			cr_assert_null(frag, "%s: fragment on a non-page '%s'", w->page->path, url);
			w->internal++;
			return;
		}
		cr_assert(!strncmp(packed, "html/", 5), "%s: '%s' leaves the site", w->page->path, url);
		snprintf(target, sizeof target, "%s", packed + 5);
		if (strlen(target) > 5 && !strcmp(target + strlen(target) - 5, ".html")) {
			dest = S_find(w->site, target);
			cr_assert_not_null(dest, "%s: link '%s' to a page that does not exist", w->page->path,
			                   url);
		} else {
			char full[PATH_MAX];
			snprintf(full, sizeof full, "%s/out/html/%s", S_tmp, target);
			cr_assert(S_is_file(full), "%s: '%s' names a missing file", w->page->path, url);
			cr_assert_null(frag, "%s: fragment on a non-page '%s'", w->page->path, url);
		}
	}
	if (frag) {
		cr_assert(*frag, "%s: empty fragment in '%s'", w->page->path, url);
		char *id = xmlURIUnescapeString(frag, 0, NULL);
		cr_assert(S_has_id(xmlDocGetRootElement(dest->doc), id),
		          "%s: link '%s': no id '%s' in %s", w->page->path, url, id, dest->path);
		xmlFree(id);
	}
	w->internal++;
}

static void S_check_tree(S_walk *w, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		cr_assert(strcasecmp(name, "script") && strcasecmp(name, "iframe") &&
		          strcasecmp(name, "object") && strcasecmp(name, "embed") &&
		          strcasecmp(name, "form") && strcasecmp(name, "base"),
		          "%s: a <%s> element", w->page->path, name);
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			cr_assert(strncasecmp(an, "on", 2), "%s: <%s %s=...>: an event handler",
			          w->page->path, name, an);
			cr_assert(strcasecmp(an, "style"), "%s: <%s style=...> (the CSP forbids it)",
			          w->page->path, name);
			if (!strcasecmp(an, "href") || !strcasecmp(an, "src") || !strcasecmp(an, "action") ||
			    !strcasecmp(an, "srcset") || !strcasecmp(an, "xlink:href")) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
				S_check_url(w, n, an, (const char *)v);
				xmlFree(v);
			}
			/* a region named by a caption: the caption is on the page */
			if (!strcasecmp(an, "aria-labelledby")) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
				cr_assert(S_has_id(xmlDocGetRootElement(w->page->doc), (const char *)v),
				          "%s: <%s aria-labelledby=\"%s\">: no such id", w->page->path, name,
				          (const char *)v);
				xmlFree(v);
			}
		}
		S_check_tree(w, n->children);
	}
}

/* The Content-Security-Policy of a page, or NULL. */
static char *S_csp(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcasecmp((const char *)n->name, "meta")) {
			xmlChar *he = xmlGetProp(n, BAD_CAST "http-equiv");
			int csp = he && !strcasecmp((char *)he, "Content-Security-Policy");
			xmlFree(he);
			if (csp)
				return (char *)xmlGetProp(n, BAD_CAST "content");
		}
		char *r = S_csp(n->children);
		if (r)
			return r;
	}
	return NULL;
}

/* Checks every page of S_tmp/out/html; returns the number of pages. */
static size_t S_check_site(S_site *site, size_t *links)
{
	char html[PATH_MAX];
	snprintf(html, sizeof html, "%s/out/html", S_tmp);
	S_collect(html, "", site);
	*links = 0;
	for (size_t i = 0; i < site->n; i++) {
		S_walk w = { site, &site->v[i], "", 0, 0 };
		snprintf(w.dir, sizeof w.dir, "%s", site->v[i].path);
		char *slash = strrchr(w.dir, '/');
		if (slash)
			*slash = '\0';
		else
			w.dir[0] = '\0';
		xmlNodePtr root = xmlDocGetRootElement(site->v[i].doc);
		S_check_tree(&w, root);
		char *csp = S_csp(root);
		cr_assert_not_null(csp, "%s has no Content-Security-Policy", site->v[i].path);
		cr_assert_not_null(strstr(csp, "default-src 'none'"), "%s: CSP '%s'", site->v[i].path, csp);
		cr_assert_null(strstr(csp, "unsafe"), "%s: CSP '%s'", site->v[i].path, csp);
		cr_assert_null(strstr(csp, "script-src"), "%s: CSP '%s' allows scripts",
		               site->v[i].path, csp);
		xmlFree(csp);
		*links += w.internal;
	}
	return site->n;
}

/* ---- the example ISMS ---- */

Test(html, example_site_links_resolve)
{
	cr_assert_eq(S_build(EXAMPLE, ""), 0, "the build failed: see %s/log", S_tmp);
	static const char *const pages[] = { "index.html", "soa.html", "coverage.html",
		                             "register.html", "risks.html", "assets.html",
		                             "operating.html", "frameworks.html", /* isms.yml frameworks: */
		                             "assets/site.css", "assets/theme.css",
		                             "documents/POL-001.html", "documents/REC-MR-2026.html" };
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
		cr_assert(S_is_file(t_path("%s/out/html/%s", S_tmp, pages[i])), "missing %s", pages[i]);
	S_site site = { 0 };
	size_t links;
	size_t n = S_check_site(&site, &links);
	/* 8 pages (operating.html; frameworks.html: the example names
	 * frameworks) and one per document of example-isms (58) */
	cr_assert_eq(n, 8 + 58, "%zu pages", n);
	/* the pages are linked densely: thousands of references were checked */
	cr_assert_gt(links, 2000, "only %zu internal links", links);

	/* the kinds of reference land where the brief says */
	S_page *doc = S_find(&site, "documents/GDL-003.html");
	cr_assert_not_null(doc);
	char *text = t_slurp(t_path("%s/out/html/documents/GDL-003.html", S_tmp));
	cr_assert_not_null(strstr(text, "href=\"../documents/POL-005.html\""));       /* ref document */
	cr_assert_not_null(strstr(text, "href=\"../risks.html#R-010\""));             /* risk */
	cr_assert_not_null(strstr(text, "href=\"../assets.html#AS-020\""));           /* asset */
	cr_assert_not_null(strstr(text, "href=\"../soa.html#A.5.14\""));              /* control */
	cr_assert_not_null(strstr(text, "href=\"../documents/POL-004.html#23-authentication\""));
	free(text);
	S_site_free(&site);
}

Test(html, example_pages_say_what_an_auditor_needs)
{
	cr_assert_eq(S_build(EXAMPLE, ""), 0);
	char *index = t_slurp(t_path("%s/out/html/index.html", S_tmp));
	cr_assert_not_null(strstr(index, "Paylark Ltd"));
	cr_assert_not_null(strstr(index, "2026-06-30"));
	cr_assert_not_null(strstr(index, "30<span class=\"kpi-of\">/30</span>"), "clause coverage");
	cr_assert_not_null(strstr(index, "<svg"), "inline charts");
	cr_assert_not_null(strstr(index, "<title>Likelihood 4 (Likely) × impact 5 (Severe) = 20: "),
	                   "heat map cells name their risks");
	cr_assert_null(strstr(index, "DRAFT"), "a clean pack is no draft");
	/* what axe-core cannot see (tests/a11y/ runs it): the chart's figures
	 * are also a table, the pages are valid HTML without stray namespace
	 * declarations, and each has a description and a favicon */
	cr_assert_not_null(strstr(index, "<caption id=\"soa-chart-caption\">"), "the chart as a table");
	cr_assert_not_null(strstr(index, "<caption id=\"heat-residual-caption\">"), "heat maps as tables");
	cr_assert_null(strstr(index, "xmlns=\"\""));
	cr_assert_not_null(strstr(index, "<meta name=\"description\" content=\"Dashboard: "));
	cr_assert_not_null(strstr(index, "<link rel=\"icon\" type=\"image/svg+xml\" "
	                                 "href=\"assets/favicon.svg\">"));
	free(index);

	char *soa = t_slurp(t_path("%s/out/html/soa.html", S_tmp));
	const ismc_catalog *cat = ismc_catalog_default();
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		char row[64];
		snprintf(row, sizeof row, "<tr id=\"%s\"", ismc_catalog_control_at(cat, i)->id);
		cr_assert_not_null(strstr(soa, row), "soa.html has no row %s", row);
	}
	cr_assert_not_null(strstr(soa, "<th scope=\"col\">Justification</th>"));
	/* each table's box scrolls on a phone: a region the keyboard reaches,
	 * named by the table's caption */
	cr_assert_not_null(strstr(soa, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	                                "aria-labelledby=\"theme-organizational-caption\">"));
	cr_assert_not_null(strstr(soa, "<caption id=\"theme-organizational-caption\">"));
	free(soa);

	char *doc = t_slurp(t_path("%s/out/html/documents/POL-001.html", S_tmp));
	cr_assert_not_null(strstr(doc, "Referenced by"));
	cr_assert_not_null(strstr(doc, "id=\"History\""));
	cr_assert_not_null(strstr(doc, "<h1>Information Security Policy</h1>"));
	/* the Markdown `# Information Security Policy` repeats the title and is
	 * left out; its `## 1. Purpose` is an h2 under the page's h1 */
	cr_assert_not_null(strstr(doc, "<section id=\"1-purpose\"><h2>1. Purpose</h2>"));
	cr_assert_null(strstr(doc, "<h3>1. Purpose"));
	free(doc);
}

Test(html, site_is_deterministic)
{
	cr_assert_eq(S_build(EXAMPLE, ""), 0);
	t_sh("mv '%s/out' '%s/first'", S_tmp, S_tmp);
	cr_assert_eq(S_build(EXAMPLE, ""), 0);
	cr_assert_eq(t_sh_status("diff -r '%s/first/html' '%s/out/html' >/dev/null", S_tmp, S_tmp), 0,
	             "two builds of one commit gave different HTML");
}

/* ---- joins the templates make ---- */

/* The pack lists no risk under a document, and neither does its page: each
 * control pointing at the document links to its row of the SoA with the
 * number of risks that select it, which that row lists (a site listing the
 * risks on every document page would grow with documents times risks). */
Test(html, document_page_counts_the_risks_of_its_controls)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/policies/access.md", S_tmp),
	       "---\n"
	       "id: POL-ACCESS\n"
	       "title: Access policy\n"
	       "type: policy\n"
	       "owner: CISO\n"
	       "version: \"1.0\"\n"
	       "status: approved\n"
	       "approved_by: CEO\n"
	       "approved_on: 2026-01-15\n"
	       "controls: [A.8.2, A.5.15]\n"
	       "climate_change: not-relevant\n"
	       "---\n"
	       "# Access policy\n\nWho may use what.\n");
	/* A.5.15 comes first in catalog order, so R-003 and R-004 would come
	 * before R-001 in control order; R-003 names both controls */
	static const char *const risks[][2] = {
		{ "R-001", "[A.8.2]" }, { "R-002", "[A.8.1]" },
		{ "R-003", "[A.5.15, A.8.2]" }, { "R-004", "[A.5.15]" },
	};
	char yml[4096] = "risks:\n";
	for (size_t i = 0; i < sizeof risks / sizeof *risks; i++)
		snprintf(yml + strlen(yml), sizeof yml - strlen(yml),
		         "  - id: %s\n"
		         "    title: Risk %zu\n"
		         "    owner: CTO\n"
		         "    assets: [AS-001]\n"
		         "    threat: external attacker\n"
		         "    vulnerability: weak access control\n"
		         "    likelihood: 3\n"
		         "    impact: 4\n"
		         "    treatment: mitigate\n"
		         "    controls: %s\n"
		         "    residual: {likelihood: 2, impact: 3}\n",
		         risks[i][0], i + 1, risks[i][1]);
	t_spit(t_path("%s/isms/registers/risks.yml", S_tmp), yml);
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", S_tmp);

	for (int draft = 0; draft < 2; draft++) {
		if (draft) {
			/* a risk without an id (a draft) names A.5.15 but is no link */
			t_spit(t_path("%s/isms/registers/risks-noid.yml", S_tmp),
			       "risks:\n"
			       "  - title: Nameless\n"
			       "    controls: [A.5.15]\n");
			t_rmtree(t_path("%s/out", S_tmp));
		}
		cr_assert_eq(S_build(root, draft ? "--draft" : ""), draft, "see %s/log", S_tmp);
		char *xml = t_slurp(t_path("%s/out/evidence-pack.xml", S_tmp));
		cr_assert_null(strstr(xml, "kind=\"risk\""), "a risk listed under a document");
		free(xml);
		char *page = t_slurp(t_path("%s/out/html/documents/POL-ACCESS.html", S_tmp));
		const char *card = strstr(page, "id=\"Referenced-by\"");
		cr_assert_not_null(card);
		cr_assert_not_null(strstr(card, "<h3>Risks</h3>"), "%s", card);
		/* A.8.2: R-001 and R-003; A.5.15: R-003 and R-004 (the nameless
		 * risk of the draft is in no SoA row, so it is not counted) */
		cr_assert_not_null(strstr(card, "href=\"../soa.html#A.5.15\" title=\"The risks that "
		                                "select A.5.15, in the Statement of Applicability\"><span "
		                                "class=\"rid\">A.5.15</span> <span class=\"rlabel\">2 "
		                                "risks selecting it</span>"), "%s", card);
		cr_assert_not_null(strstr(card, "href=\"../soa.html#A.8.2\" title=\"The risks that "
		                                "select A.8.2, in the Statement of Applicability\"><span "
		                                "class=\"rid\">A.8.2</span> <span class=\"rlabel\">2 "
		                                "risks selecting it</span>"), "%s", card);
		cr_assert_null(strstr(card, "risks.html#"), "no risk listed on a document page");
		char *soa = t_slurp(t_path("%s/out/html/soa.html", S_tmp));
		const char *row = strstr(soa, "id=\"A.8.2\"");
		cr_assert_not_null(row);
		const char *r1 = strstr(row, "risks.html#R-001"), *r3 = strstr(row, "risks.html#R-003");
		cr_assert(r1 && r3 && r1 < strstr(row, "</tr>") && r3 < strstr(row, "</tr>"),
		          "the SoA row the count links to lists R-001 and R-003");
		free(soa);
		cr_assert_null(strstr(page, "R-002"), "R-002 names no control pointing here");
		cr_assert_null(strstr(page, "Nameless"));
		free(page);
	}
}

/* ---- hostile input ---- */

static void S_hostile_isms(void)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/hostile.md", S_tmp),
	       "---\n"
	       "id: DOC-EVIL\n"
	       "title: \"Evil <script>alert('t')</script> title\"\n"
	       "type: guideline\n"
	       "owner: \"CISO <img src=x onerror=alert(2)>\"\n"
	       "version: \"1.0\"\n"
	       "status: approved\n"
	       "approved_by: CEO\n"
	       "approved_on: 2026-01-15\n"
	       "related: [DOC-SCOPE]\n"
	       "---\n"
	       "# Evil\n\n"
	       "<script>alert(1)</script>\n\n"
	       "An image <img src=x onerror=alert(1)> inline and a [x](javascript:alert(1)) link,\n"
	       "a [y](JaVaScRiPt:alert(1)) one, ![d](data:text/html;base64,PHNjcmlwdD4=) and\n"
	       "<a href=\"javascript:alert(1)\">raw</a> <iframe src=\"https://evil.example\"></iframe>.\n\n"
	       "<div onclick=\"alert(1)\">block</div>\n\n"
	       "![remote](https://evil.example/pixel.png) stays a link, [ok](https://example.com).\n");
}

Test(html, hostile_markdown_leaves_nothing)
{
	S_hostile_isms();
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", S_tmp);
	/* the javascript: link is an error: only a draft gets built */
	cr_assert_eq(S_build(root, ""), 1);
	cr_assert_eq(S_build(root, "--draft"), 1);
	S_site site = { 0 };
	size_t links;
	S_check_site(&site, &links); /* no script, handler, unsafe or external asset anywhere */
	cr_assert_not_null(S_find(&site, "documents/DOC-EVIL.html"));
	S_site_free(&site);

	char *page = t_slurp(t_path("%s/out/html/documents/DOC-EVIL.html", S_tmp));
	/* the tree checks above already found no element or handler; here the
	 * raw text: markup from the body is gone, not even escaped */
	cr_assert_null(strcasestr(page, "<script"));
	cr_assert_null(strcasestr(page, "<img src"));
	cr_assert_null(strcasestr(page, "<iframe"));
	cr_assert_null(strcasestr(page, "onclick"));
	cr_assert_null(strcasestr(page, "alert(1)"));
	cr_assert_null(strcasestr(page, "javascript:"));
	cr_assert_null(strcasestr(page, "data:"));
	/* markup in the front matter is shown as text, escaped */
	cr_assert_not_null(strstr(page, "Evil &lt;script&gt;alert('t')&lt;/script&gt; title"));
	cr_assert_not_null(strstr(page, "CISO &lt;img src=x onerror=alert(2)&gt;"));
	/* the removed links keep their text; the remote image is a link to it */
	cr_assert_not_null(strstr(page, "<span class=\"link-removed\">x</span>"));
	cr_assert_not_null(strstr(page, "href=\"https://evil.example/pixel.png\""));
	free(page);

	/* a draft says so on every page, and the dashboard lists the findings */
	S_site all = { 0 };
	char html[PATH_MAX];
	snprintf(html, sizeof html, "%s/out/html", S_tmp);
	S_collect(html, "", &all);
	for (size_t i = 0; i < all.n; i++) {
		char *t = t_slurp(t_path("%s/%s", html, all.v[i].path));
		cr_assert_not_null(strstr(t, "class=\"draft-banner\""), "%s is not marked DRAFT",
		                   all.v[i].path);
		free(t);
	}
	S_site_free(&all);
	char *index = t_slurp(t_path("%s/index.html", html));
	cr_assert_not_null(strstr(index, "id=\"diagnostics\""));
	cr_assert_not_null(strstr(index, "<code>unsafe-link</code>"));
	cr_assert_not_null(strstr(index, "hostile.md:"));
	free(index);
}

Test(html, messy_draft_still_links_only_what_exists)
{
	/* a duplicate document id, an asset named like a risk, links to missing
	 * files, headings and folders: the draft's pages link only what exists */
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_sh("cp -R '%s/tests/cases/duplicate-id/isms/.' '%s/tests/cases/broken-link/isms/.' "
	     "'%s/isms/'", ISMC_SOURCE_DIR, ISMC_SOURCE_DIR, S_tmp);
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", S_tmp);
	cr_assert_eq(S_build(root, "--draft"), 1);
	S_site site = { 0 };
	size_t links;
	S_check_site(&site, &links);
	cr_assert_not_null(S_find(&site, "documents/POL-040.html"));
	cr_assert_not_null(S_find(&site, "documents/DOC-SCOPE.html"));
	S_site_free(&site);
	char *page = t_slurp(t_path("%s/out/html/documents/POL-040.html", S_tmp));
	/* a heading that exists is linked; one that does not leaves the page link */
	cr_assert_not_null(strstr(page, "href=\"../documents/REC-REVIEW.html#findings\""));
	cr_assert_not_null(strstr(page, ">missing heading<"));
	cr_assert_null(strstr(page, "#finding\""));
	free(page);
}

Test(html, real_world_markdown_reads_as_meant)
{
	/* a repository written for GitHub: badges are labels, a mermaid block is
	 * a diagram (not drawn: no scripts), and other code stays code */
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/real.md", S_tmp),
	       "---\n"
	       "id: DOC-REAL\n"
	       "title: Real\n"
	       "type: guideline\n"
	       "owner: CISO\n"
	       "version: \"1.0\"\n"
	       "status: draft\n"
	       "related: [DOC-SCOPE]\n"
	       "---\n"
	       "# Real\n\n"
	       "[![Complete](https://img.shields.io/badge/status-complete-green)]() "
	       "[![](https://img.shields.io/badge/x-y-blue)](https://example.com/b)\n\n"
	       "```mermaid\nflowchart LR\n  A --> B\n```\n\n"
	       "```sh\necho code\n```\n");
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", S_tmp);
	cr_assert_eq(S_build(root, "--draft"), 0);
	S_site site = { 0 };
	size_t links;
	S_check_site(&site, &links);
	S_site_free(&site);
	char *page = t_slurp(t_path("%s/out/html/documents/DOC-REAL.html", S_tmp));
	cr_assert_not_null(strstr(page, "<span class=\"badge-alt\">Complete</span>"));
	cr_assert_null(strstr(page, "[image: Complete]"));
	/* no alternative text: still a named link */
	cr_assert_not_null(strstr(page, "rel=\"noopener noreferrer\"><span class=\"badge-alt\">badge</span>"));
	cr_assert_not_null(strstr(page, "<figcaption>Diagram (Mermaid source, not drawn in the pack)</figcaption>"));
	cr_assert_not_null(strstr(page, "flowchart LR"));
	cr_assert_not_null(strstr(page, "class=\"lang-sh\">echo code"));
	/* one caption: the sh block is no diagram */
	const char *first = strstr(page, "<figcaption>Diagram");
	cr_assert_null(strstr(first + 1, "<figcaption>Diagram"));
	free(page);
}

Test(html, draft_folds_long_finding_lists)
{
	/* 13 broken links: the dashboard lists 5 and says how many more, as
	 * `ismc check` does; the single orphan-document is listed */
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_sh("cp -R '%s/tests/cases/broken-link-groups/isms/.' '%s/isms/'", ISMC_SOURCE_DIR, S_tmp);
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", S_tmp);
	cr_assert_eq(S_build(root, "--draft"), 1);
	char *index = t_slurp(t_path("%s/out/html/index.html", S_tmp));
	size_t rows = 0;
	for (const char *p = index; (p = strstr(p, "<code>broken-link</code></td>")); p++)
		rows++;
	cr_assert_eq(rows, 5);
	cr_assert_not_null(strstr(index, "8 more <code>broken-link</code>"));
	cr_assert_not_null(strstr(index, "<code>orphan-document</code></td>"));
	cr_assert_null(strstr(index, "more <code>orphan-document</code>"));
	free(index);
}

/* ---- templates ---- */

Test(html, templates_folder_overrides_any_file)
{
	t_spit(t_path("%s/brand/theme.css", S_tmp), ":root { --brand: #6b21a8; }\n");
	t_spit(t_path("%s/brand/logo.svg", S_tmp), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
	/* an include of the shipped file keeps the other variables */
	t_spit(t_path("%s/brand/branding.xsl", S_tmp),
	       "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	       "<xsl:variable name=\"brand-product\" select=\"'Trust &amp; Compliance Portal'\"/>\n"
	       "<xsl:variable name=\"brand-cover-title\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-cover-subtitle\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-cover-note\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-marking\" select=\"'x'\"/>\n"
	       "<xsl:variable name=\"brand-footer\" select=\"'Ask the ISMS Manager &lt;isms@example.com&gt;.'\"/>\n"
	       "</xsl:stylesheet>\n");
	char extra[PATH_MAX + 32];
	snprintf(extra, sizeof extra, "--templates '%s/brand'", S_tmp);
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", extra), 0);

	char *css = t_slurp(t_path("%s/out/html/assets/theme.css", S_tmp));
	cr_assert_not_null(strstr(css, "#6b21a8"), "theme.css was not overridden");
	free(css);
	cr_assert(S_is_file(t_path("%s/out/html/assets/site.css", S_tmp)),
	          "files the override lacks still come from the shipped templates");
	char *doc = t_slurp(t_path("%s/out/html/documents/DOC-SCOPE.html", S_tmp));
	/* branding.xsl is included by common.xsl: the override reaches every page */
	cr_assert_not_null(strstr(doc, "Trust &amp; Compliance Portal"));
	cr_assert_not_null(strstr(doc, "Ask the ISMS Manager &lt;isms@example.com&gt;."));
	cr_assert_not_null(strstr(doc, "src=\"../assets/logo.svg\""));
	free(doc);

	/* a folder that is not there is a usage error, and nothing is written */
	t_rmtree(t_path("%s/out", S_tmp));
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", "--templates /nonexistent/brand"), 2);
	cr_assert_neq(access(t_path("%s/out", S_tmp), F_OK), 0);
}

Test(html, broken_template_fails_cleanly)
{
	/* a template that does not parse: exit 2, an earlier OUT stays as it was */
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", ""), 0);
	t_spit(t_path("%s/bad/soa.xsl", S_tmp), "<xsl:stylesheet");
	char extra[PATH_MAX + 32];
	snprintf(extra, sizeof extra, "--templates '%s/bad'", S_tmp);
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", extra), 2);
	char *log = t_slurp(t_path("%s/log", S_tmp));
	cr_assert_not_null(strstr(log, "soa.xsl"), "%s", log);
	free(log);
	cr_assert(S_is_file(t_path("%s/out/html/soa.html", S_tmp)), "the earlier pack was damaged");

	/* no templates at all: a clear message, exit 2 */
	cr_assert_eq(t_sh_status("ISMC_TEMPLATES=/nonexistent %s build '%s/minimal' -o '%s/out2' "
	                         ">'%s/log' 2>&1", ISMC_BIN, ISMC_TEST_FIXTURES, S_tmp, S_tmp), 2);
	log = t_slurp(t_path("%s/log", S_tmp));
	cr_assert_not_null(strstr(log, "cannot find the HTML templates"), "%s", log);
	free(log);
}

/* A --templates stylesheet is code, but what it reads is confined to the
 * templates folders and the pack: document() of a file elsewhere, or an
 * xsl:import of one, stops the build (exit 2) and nothing of it is written;
 * a file of its own folder may be read. */
Test(html, templates_read_only_the_templates_and_the_pack)
{
	t_spit(t_path("%s/secret.xml", S_tmp), "<s>TOPSECRET</s>\n");
	t_spit(t_path("%s/brand/extra.xml", S_tmp), "<s>OWN-DATA</s>\n");
	static const char page[] =
		"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
		"%s<xsl:template match=\"/\"><html><body><p><xsl:value-of select=\"%s\"/></p>"
		"</body></html></xsl:template>\n</xsl:stylesheet>\n";
	char xsl[1024], extra[PATH_MAX + 32];
	snprintf(extra, sizeof extra, "--templates '%s/brand'", S_tmp);

	snprintf(xsl, sizeof xsl, page, "", "document('extra.xml')");
	t_spit(t_path("%s/brand/soa.xsl", S_tmp), xsl);
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", extra), 0);
	char *html = t_slurp(t_path("%s/out/html/soa.html", S_tmp));
	cr_expect(strstr(html, "OWN-DATA"), "a file of the templates folder: %s", html);
	free(html);

	snprintf(xsl, sizeof xsl, page, "", "concat('[', document('" "%s/secret.xml" "'), ']')");
	char with_path[1024];
	snprintf(with_path, sizeof with_path, xsl, S_tmp);
	t_spit(t_path("%s/brand/soa.xsl", S_tmp), with_path);
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", extra), 2);
	char *log = t_slurp(t_path("%s/log", S_tmp));
	cr_expect(strstr(log, "secret.xml"), "libxslt names the refused read: %s", log);
	cr_expect(strstr(log, "the templates failed to render"), "%s", log);
	free(log);
	t_sh("! grep -r TOPSECRET '%s/out'", S_tmp);
	t_sh("test $(ls -A '%s' | grep -c '^\\.out\\.\\(tmp\\|old\\)-') -eq 0", S_tmp);

	char imp[PATH_MAX + 64];
	snprintf(imp, sizeof imp, "<xsl:import href=\"file://%s/evil.xsl\"/>\n", S_tmp);
	t_spit(t_path("%s/evil.xsl", S_tmp),
	       "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"/>\n");
	snprintf(xsl, sizeof xsl, page, imp, "'x'");
	t_spit(t_path("%s/brand/soa.xsl", S_tmp), xsl);
	cr_assert_eq(S_build(ISMC_TEST_FIXTURES "/minimal", extra), 2);
	log = t_slurp(t_path("%s/log", S_tmp));
	cr_expect(strstr(log, "evil.xsl"), "%s", log);
	free(log);
}
