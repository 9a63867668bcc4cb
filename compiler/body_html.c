/* body_html.c: a document's body (the pack's p:body) into the HTML of its
 * page, in C, as the shipped templates/body.xsl makes it on the site; and
 * the lists of links to records that every page shows (common.xsl
 * link-list), the same way.
 *
 * The page's body is most of a document page's transformation: about 200
 * links a page, each a called template building result trees. This file
 * builds the same result tree directly: the same elements, attributes and
 * text nodes in the same order, so that libxml2's serializer writes the same
 * bytes. body.xsl stays the definition and the way to brand a body: its
 * p:body template asks ismc:native-body() first, which is true only when
 * every template, key and variable the body's rendering reads comes from the
 * shipped body.xsl and common.xsl (ismc_body_html_usable); else (a
 * --templates folder that changes any of them, the print document) the
 * templates render it. The link lists likewise (ismc:native-links,
 * ismc_links_html_usable). Each rule below names the template it mirrors;
 * a change to one is a change to the other: tests/body_html.sh compares the
 * two renderings on tests/body (every construct of a body), the example and
 * the golden cases, and the fuzz target body_html on any body
 * (docs/output.md, "Rendered by ismc"). */
#include "ismc.h"

#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <libxslt/imports.h>
#include <libxslt/xsltInternals.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

typedef struct {
	struct _xsltTransformContext *tc; /* whitespace stripping, as apply-templates */
	xmlDocPtr out;
	const char *root;  /* $root */
	int heading_base;  /* $heading-base */
	ismc_body_ask ask; /* ismc:href, ismc:title: answered and recorded */
	void *arg;
	xmlNodePtr doc;     /* the p:document */
	const char *title;  /* its @title, "" when none */
	long tables;        /* tables so far: xsl:number level="any" from="p:body" */
	long footnotes;     /* count($doc/p:body//p:footnote) */
	ismc_map *anchors;  /* key('anchor'): the document's ids (the tree's strings),
	                     * made when first asked */
} S_ctx;

static void S_body(S_ctx *c, xmlNodePtr n, xmlNodePtr out);
static void S_inline(S_ctx *c, xmlNodePtr n, xmlNodePtr out);

/* ---- XPath's string functions, on UTF-8 ---- */

static int S_xml_space(int ch)
{
	return ch == 0x20 || ch == 0x9 || ch == 0xA || ch == 0xD;
}

/* normalize-space(s) into b (NUL-terminated, possibly empty) */
static void S_normalize(ismc_buf *b, const char *s)
{
	b->len = 0;
	ismc_buf_put(b, "", 0);
	int gap = 0;
	for (; s && *s; s++) {
		if (S_xml_space((unsigned char)*s)) {
			gap = b->len > 0;
			continue;
		}
		if (gap)
			ismc_buf_put(b, " ", 1);
		gap = 0;
		ismc_buf_put(b, s, 1);
	}
}

/* Is normalize-space(s) empty? */
static int S_blank(const char *s)
{
	for (; s && *s; s++)
		if (!S_xml_space((unsigned char)*s))
			return 0;
	return 1;
}

/* An element of the pack (the namespace ISMC_NS)? */
static int S_ours(xmlNodePtr n)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       !strcmp((const char *)n->ns->href, ISMC_NS);
}

static int S_is(xmlNodePtr n, const char *name)
{
	return S_ours(n) && !strcmp((const char *)n->name, name);
}

/* The attribute's value (owned by the tree), or NULL when absent. */
static const char *S_attr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr at = n->properties; at; at = at->next)
		if (!at->ns && !strcmp((const char *)at->name, name))
			return at->children && at->children->content
			               ? (const char *)at->children->content : "";
	return NULL;
}

static const char *S_attr0(xmlNodePtr n, const char *name)
{
	const char *v = S_attr(n, name);
	return v ? v : "";
}

/* string(n): its text, which the caller frees */
static char *S_string(xmlNodePtr n)
{
	xmlChar *s = xmlNodeGetContent(n);
	return s ? (char *)s : (char *)xmlStrdup(BAD_CAST "");
}

/* number(s) as xsl:value-of writes it */
static void S_number(ismc_buf *b, double v)
{
	xmlChar *s = xmlXPathCastNumberToString(v);
	ismc_buf_puts(b, (const char *)s);
	xmlFree(s);
}

static int S_has_element(xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

static int S_has_ancestor(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (S_is(p, name))
			return 1;
	return 0;
}

static int S_preceding_element(xmlNodePtr n)
{
	for (xmlNodePtr p = n->prev; p; p = p->prev)
		if (p->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* .//p:name */
static int S_has_descendant(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && (S_is(k, name) || S_has_descendant(k, name)))
			return 1;
	return 0;
}

static xmlNodePtr S_first(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
		if (S_is(k, name))
			return k;
	return NULL;
}

/* ---- the result tree, as libxslt builds it ---- */

static xmlNodePtr S_el(S_ctx *c, xmlNodePtr parent, const char *name)
{
	xmlNodePtr e = xmlNewDocNode(c->out, NULL, BAD_CAST name, NULL);
	if (!e || !xmlAddChild(parent, e))
		abort();
	return e;
}

/* an attribute: a single text child holding the value as it is */
static void S_set(xmlNodePtr e, const char *name, const char *value)
{
	if (!xmlSetProp(e, BAD_CAST name, BAD_CAST value))
		abort();
}

/* an element whose first attribute is its class, as the templates' literal
 * elements <name class="...">; the class a format */
static xmlNodePtr S_classed(S_ctx *c, xmlNodePtr parent, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static xmlNodePtr S_classed(S_ctx *c, xmlNodePtr parent, const char *name, const char *fmt, ...)
{
	ismc_buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	ismc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	xmlNodePtr e = S_el(c, parent, name);
	S_set(e, "class", b.data);
	ismc_buf_free(&b);
	return e;
}

/* xsl:value-of: no text node for an empty string */
static void S_text(S_ctx *c, xmlNodePtr parent, const char *s)
{
	if (!s || !*s)
		return;
	xmlNodePtr t = xmlNewDocText(c->out, BAD_CAST s);
	if (!t)
		abort();
	xmlAddChild(parent, t); /* merged into a text node before it */
}

/* ---- apply-templates ---- */

/* A text child that apply-templates skips: blank, in an element that
 * xsl:strip-space names (common.xsl), as libxslt decides it. */
static int S_stripped(const S_ctx *c, xmlNodePtr t)
{
	return xsltIsBlank(t->content) && t->parent && t->parent->type == XML_ELEMENT_NODE &&
	       xsltFindElemSpaceHandling(c->tc, t->parent);
}

/* The children of `n` in mode "body" or "inline" (`fn`): text copied, the
 * rest by its rule. */
static void S_children(S_ctx *c, xmlNodePtr n, xmlNodePtr out,
                       void (*fn)(S_ctx *, xmlNodePtr, xmlNodePtr))
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (k->type == XML_TEXT_NODE && S_stripped(c, k))
				continue;
			S_text(c, out, (const char *)k->content);
		} else if (k->type == XML_ELEMENT_NODE) {
			fn(c, k, out);
		}
	}
}

/* common.xsl scroll-region, on the site: a named region the keyboard reaches */
static void S_region(xmlNodePtr e, const char *label)
{
	S_set(e, "role", "region");
	S_set(e, "tabindex", "0");
	S_set(e, "aria-label", label);
}

/* body.xsl safe-url: http, https or mailto (ASCII letters of any case) */
static int S_safe_url(const char *u)
{
	return !strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7) ||
	       !strncasecmp(u, "mailto:", 7);
}

/* body.xsl task-box (context: the p:item) */
static void S_task_box(S_ctx *c, xmlNodePtr item, xmlNodePtr out)
{
	xmlNodePtr s = S_classed(c, out, "span", "task task-%s", S_attr0(item, "task"));
	int done = !strcmp(S_attr0(item, "task"), "done");
	S_set(s, "title", done ? "done" : "open");
	S_text(c, s, done ? "\xe2\x98\x91" : "\xe2\x98\x90");
	S_text(c, out, " ");
}

/* body.xsl is-title: the section whose first heading repeats the title */
static int S_is_title(S_ctx *c, xmlNodePtr sec)
{
	if (strcmp(S_attr0(sec, "level"), "1") != 0) {
		/* @level = 1 compares numbers: "01" and " 1 " are 1 too */
		const char *lv = S_attr(sec, "level");
		if (!lv || xmlXPathCastStringToNumber(BAD_CAST lv) != 1.0)
			return 0;
	}
	xmlNodePtr h = S_first(sec, "heading");
	if (!h || S_preceding_element(h))
		return 0;
	char *s = S_string(h);
	ismc_buf a = { 0 }, b = { 0 };
	S_normalize(&a, s);
	S_normalize(&b, c->title);
	int same = !strcmp(a.data, b.data);
	xmlFree(s);
	ismc_buf_free(&a);
	ismc_buf_free(&b);
	return same;
}

/* body.xsl p:heading, mode body */
static void S_heading(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	int own = S_is(n->parent, "section");
	if (own && S_is_title(c, n->parent))
		return;
	long sections = 0, titled = 0;
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (S_is(p, "section")) {
			sections++;
			titled += S_is_title(c, p);
		}
	long lv = c->heading_base + sections - titled + !own;
	char name[32];
	if (lv > 6)
		snprintf(name, sizeof name, "h6");
	else
		snprintf(name, sizeof name, "h%ld", lv);
	xmlNodePtr h = S_el(c, out, name);
	const char *id = S_attr(n, "id");
	if (id)
		S_set(h, "id", id);
	S_children(c, n, h, S_inline);
}

/* body.xsl p:list */
static void S_list(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	int tasks = 0;
	for (xmlNodePtr k = n->children; k && !tasks; k = k->next)
		tasks = S_is(k, "item") && S_attr(k, "task");
	const char *cls = !strcmp(S_attr0(n, "tight"), "true") ? (tasks ? "tight tasks" : "tight")
	                                                       : (tasks ? "tasks" : "");
	xmlNodePtr l;
	if (!strcmp(S_attr0(n, "type"), "ordered")) {
		l = S_el(c, out, "ol");
		const char *start = S_attr(n, "start");
		double v = start ? xmlXPathCastStringToNumber(BAD_CAST start) : 1.0;
		if (start && v != 1.0) {
			ismc_buf b = { 0 };
			S_number(&b, v);
			S_set(l, "start", b.data);
			ismc_buf_free(&b);
		}
	} else {
		l = S_el(c, out, "ul");
	}
	if (*cls)
		S_set(l, "class", cls);
	S_children(c, n, l, S_body);
}

/* body.xsl p:code-block, and its mermaid variant */
static void S_code_block(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	const char *lang = S_attr(n, "lang");
	/* translate(@lang, 'MERAID', 'meraid') = 'mermaid' */
	int mermaid = lang && strlen(lang) == 7;
	for (int i = 0; mermaid && i < 7; i++)
		mermaid = (strchr("MERAID", lang[i]) ? lang[i] - 'A' + 'a' : lang[i]) == "mermaid"[i];
	char *text = S_string(n);
	if (mermaid) {
		xmlNodePtr fig = S_classed(c, out, "figure", "diagram-source");
		S_text(c, S_el(c, fig, "figcaption"), "Diagram (Mermaid source, not drawn in the pack)");
		xmlNodePtr pre = S_el(c, fig, "pre");
		S_region(pre, "Diagram source (Mermaid)");
		S_text(c, S_classed(c, pre, "code", "lang-mermaid"), text);
	} else {
		ismc_buf label = { 0 }, cls = { 0 };
		ismc_buf_puts(&label, "Code");
		if (lang)
			ismc_buf_printf(&label, " (%s)", lang);
		xmlNodePtr pre = S_el(c, out, "pre");
		S_region(pre, label.data);
		xmlNodePtr code = S_el(c, pre, "code");
		if (lang) {
			ismc_buf_puts(&cls, "lang-");
			for (const char *s = lang; *s; s++)
				if (!strchr(" \"<>", *s))
					ismc_buf_put(&cls, s, 1);
			S_set(code, "class", cls.data);
		}
		S_text(c, code, text);
		ismc_buf_free(&label);
		ismc_buf_free(&cls);
	}
	xmlFree(text);
}

/* is the cell blank: normalize-space(.) = '' and not(*) */
static int S_cell_blank(xmlNodePtr cell)
{
	if (S_has_element(cell))
		return 0;
	char *s = S_string(cell);
	int blank = S_blank(s);
	xmlFree(s);
	return blank;
}

/* body.xsl p:cell */
static void S_cell(S_ctx *c, xmlNodePtr n, xmlNodePtr out, int keyed)
{
	int blank = S_cell_blank(n);
	int first = 1;
	for (xmlNodePtr p = n->prev; p && first; p = p->prev)
		first = !S_is(p, "cell");
	xmlNodePtr e;
	if (S_attr(n->parent, "header") && !blank) {
		e = S_el(c, out, "th");
		S_set(e, "scope", "col");
	} else if (keyed && first && !blank) {
		e = S_el(c, out, "th");
		S_set(e, "scope", "row");
	} else {
		e = S_el(c, out, "td");
	}
	const char *al = S_attr(n, "align");
	if (al) {
		ismc_buf b = { 0 };
		ismc_buf_printf(&b, "al-%s", al);
		S_set(e, "class", b.data);
		ismc_buf_free(&b);
	}
	S_children(c, n, e, S_inline);
}

/* body.xsl p:row */
static void S_row(S_ctx *c, xmlNodePtr n, xmlNodePtr out, int keyed)
{
	xmlNodePtr tr = S_el(c, out, "tr");
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (S_is(k, "cell"))
			S_cell(c, k, tr, keyed);
}

/* body.xsl p:table */
static void S_table(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	int head = 0, filled = 0, keyed = 0;
	for (xmlNodePtr r = n->children; r; r = r->next) {
		if (!S_is(r, "row") || !S_attr(r, "header"))
			continue;
		head = 1;
		xmlNodePtr first = S_first(r, "cell");
		keyed = keyed || (first && S_cell_blank(first));
		for (xmlNodePtr k = r->children; k && !filled; k = k->next)
			filled = S_is(k, "cell") && !S_cell_blank(k);
	}
	int headless = head && !filled;
	c->tables++;
	ismc_buf label = { 0 }, where = { 0 };
	ismc_buf_printf(&label, "Table %ld", c->tables);
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (S_is(p, "section")) {
			xmlNodePtr h = S_first(p, "heading");
			char *s = h ? S_string(h) : NULL;
			S_normalize(&where, s);
			xmlFree(s);
			break;
		}
	if (where.data && *where.data)
		ismc_buf_printf(&label, ": %s", where.data);
	xmlNodePtr wrap = S_classed(c, out, "div", "table-wrap");
	S_region(wrap, label.data);
	ismc_buf_free(&label);
	ismc_buf_free(&where);
	xmlNodePtr t = S_classed(c, wrap, "table", "%s", keyed ? "md keyed" : "md");
	if (head && !headless) {
		xmlNodePtr th = S_el(c, t, "thead");
		for (xmlNodePtr r = n->children; r; r = r->next)
			if (S_is(r, "row") && S_attr(r, "header"))
				S_row(c, r, th, 0);
	}
	xmlNodePtr tb = S_el(c, t, "tbody");
	for (xmlNodePtr r = n->children; r; r = r->next)
		if (S_is(r, "row") && !S_attr(r, "header"))
			S_row(c, r, tb, keyed);
}

/* body.xsl footnote-id on the site: Fn-n, n as XPath writes the number */
static void S_footnote_id(ismc_buf *b, double n)
{
	ismc_buf_puts(b, "Fn-");
	S_number(b, n);
}

/* body.xsl p:footnote */
static void S_footnote(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	double num = xmlXPathCastStringToNumber(BAD_CAST S_attr0(n, "label"));
	ismc_buf id = { 0 }, label = { 0 };
	S_footnote_id(&id, num);
	S_number(&label, num);
	xmlNodePtr d = S_classed(c, out, "div", "footnote");
	S_set(d, "id", id.data);
	S_text(c, S_classed(c, d, "span", "fn-label"), label.data);
	S_children(c, n, S_classed(c, d, "div", "fn-text"), S_body);
	ismc_buf_free(&id);
	ismc_buf_free(&label);
}

/* body.xsl p:anchor, either mode: a target for links */
static void S_anchor(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	S_set(S_el(c, out, "span"), "id", S_attr0(n, "id"));
}

/* The blocks: body.xsl's templates of mode "body"; an element without one
 * (the built-in rule) passes its children on in the same mode. */
static void S_body(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	if (!S_ours(n)) {
		S_children(c, n, out, S_body);
		return;
	}
	const char *name = (const char *)n->name;
	if (!strcmp(name, "section")) {
		xmlNodePtr s = S_el(c, out, "section");
		S_set(s, "id", S_attr0(n, "id"));
		S_children(c, n, s, S_body);
	} else if (!strcmp(name, "heading")) {
		S_heading(c, n, out);
	} else if (!strcmp(name, "p")) {
		xmlNodePtr p = S_el(c, out, "p");
		if (S_is(n->parent, "item") && S_attr(n->parent, "task") && !S_preceding_element(n))
			S_task_box(c, n->parent, p);
		S_children(c, n, p, S_inline);
	} else if (!strcmp(name, "blockquote")) {
		S_children(c, n, S_el(c, out, "blockquote"), S_body);
	} else if (!strcmp(name, "list")) {
		S_list(c, n, out);
	} else if (!strcmp(name, "item")) {
		xmlNodePtr li = S_el(c, out, "li");
		xmlNodePtr p = S_first(n, "p");
		if (S_attr(n, "task") && !(p && !S_preceding_element(p)))
			S_task_box(c, n, li);
		S_children(c, n, li, S_body);
	} else if (!strcmp(name, "code-block")) {
		S_code_block(c, n, out);
	} else if (!strcmp(name, "hr")) {
		S_el(c, out, "hr");
	} else if (!strcmp(name, "table")) {
		S_table(c, n, out);
	} else if (!strcmp(name, "row")) {
		S_row(c, n, out, 0);
	} else if (!strcmp(name, "cell")) {
		S_cell(c, n, out, 0);
	} else if (!strcmp(name, "footnote")) {
		S_footnote(c, n, out);
	} else if (!strcmp(name, "anchor")) {
		S_anchor(c, n, out);
	} else {
		S_children(c, n, out, S_body);
	}
}

/* common.xsl record-link (context: the record `n`, whose @id is linked):
 * kind `kind`, its @title as the tooltip, and with `labels` after the id */
static void S_record_link(S_ctx *c, xmlNodePtr n, xmlNodePtr out, const char *kind, int labels)
{
	const char *id = S_attr0(n, "id"), *title = S_attr(n, "title");
	ismc_buf href = { 0 };
	const char *args[5] = { kind, id, "", "site", c->root };
	c->ask(&href, "href", args, c->arg);
	xmlNodePtr e;
	if (href.data && *href.data) {
		e = S_classed(c, out, "a", "ref ref-%s", kind);
		S_set(e, "href", href.data);
	} else {
		e = S_classed(c, out, "span", "ref ref-%s ref-none", kind);
	}
	if (title && *title)
		S_set(e, "title", title);
	S_text(c, S_classed(c, e, "span", "rid"), id);
	if (labels && title && *title) {
		S_text(c, e, " ");
		S_text(c, S_classed(c, e, "span", "rlabel"), title);
	}
	ismc_buf_free(&href);
}

static void S_anchor_ids(S_ctx *c, xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (S_is(k, "section") || S_is(k, "heading") || S_is(k, "anchor")) {
			const char *id = S_attr(k, "id");
			if (id)
				ismc_map_put(c->anchors, id, (void *)"");
		}
		S_anchor_ids(c, k);
	}
}

/* key('anchor', concat(the document's id, '#', frag)): an id of a section,
 * heading or anchor of this document */
static int S_has_anchor(S_ctx *c, const char *frag)
{
	if (!c->anchors) {
		c->anchors = ismc_map_new();
		S_anchor_ids(c, c->doc);
	}
	return ismc_map_get(c->anchors, frag) != NULL;
}

/* a file's path after its text: " (<code>path</code>)" */
static void S_path_note(S_ctx *c, xmlNodePtr out, const char *path)
{
	S_text(c, out, " ");
	xmlNodePtr p = S_classed(c, out, "span", "path");
	S_text(c, p, "(");
	S_text(c, S_el(c, p, "code"), path);
	S_text(c, p, ")");
}

/* body.xsl link-out (context: the p:link) */
static void S_link_out(S_ctx *c, xmlNodePtr n, xmlNodePtr out, const char *href)
{
	const char *kind = S_attr0(n, "kind");
	ismc_buf b = { 0 };
	if (*href) {
		xmlNodePtr a = S_el(c, out, "a");
		S_set(a, "href", href);
		ismc_buf_printf(&b, "link-%s", kind);
		S_set(a, "class", b.data);
		const char *title = S_attr(n, "title");
		if (title) {
			S_set(a, "title", title);
		} else if (!strcmp(kind, "document")) {
			const char *target = S_attr0(n, "target");
			const char *args[2] = { "document", target };
			ismc_buf t = { 0 };
			c->ask(&t, "title", args, c->arg);
			b.len = 0;
			ismc_buf_printf(&b, "%s %s", target, t.data ? t.data : "");
			S_set(a, "title", b.data);
			ismc_buf_free(&t);
		}
		if (!strcmp(kind, "external"))
			S_set(a, "rel", "noopener noreferrer");
		S_children(c, n, a, S_inline);
		char *s = S_string(n);
		int empty = S_blank(s);
		xmlFree(s);
		if (empty && !S_has_descendant(n, "image")) {
			S_text(c, a, !strcmp(kind, "external")   ? S_attr0(n, "href")
			             : !strcmp(kind, "document") ? S_attr0(n, "target")
			                                         : href);
		}
	} else if (!strcmp(kind, "file")) {
		xmlNodePtr s = S_classed(c, out, "span", "link-file");
		const char *path = S_attr(n, "path");
		S_set(s, "title", path ? path : "");
		S_children(c, n, s, S_inline);
		char *t = S_string(n);
		ismc_buf norm = { 0 };
		S_normalize(&norm, t);
		xmlFree(t);
		if (path && strcmp(norm.data, path) != 0)
			S_path_note(c, s, path);
		ismc_buf_free(&norm);
	} else {
		S_children(c, n, S_classed(c, out, "span", "link-%s", kind), S_inline);
	}
	ismc_buf_free(&b);
}

/* body.xsl p:link: its address worked out by kind */
static void S_link(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	const char *kind = S_attr0(n, "kind");
	ismc_buf href = { 0 };
	ismc_buf_put(&href, "", 0);
	if (!strcmp(kind, "document")) {
		const char *args[5] = { "document", S_attr0(n, "target"), S_attr0(n, "fragment"),
			                "site", c->root };
		c->ask(&href, "href", args, c->arg);
	} else if (!strcmp(kind, "external")) {
		const char *h = S_attr(n, "href");
		if (h && S_safe_url(h))
			ismc_buf_puts(&href, h);
	} else if (!strcmp(kind, "anchor")) {
		const char *frag = S_attr(n, "fragment");
		if (frag && S_has_anchor(c, frag))
			ismc_buf_printf(&href, "#%s", frag);
	}
	S_link_out(c, n, out, href.data);
	ismc_buf_free(&href);
}

/* body.xsl p:image, and a badge (a link's only content) */
static void S_image(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	if (S_is(n->parent, "link") && n->parent->children == n && !n->next) {
		const char *alt = S_attr0(n, "alt");
		S_text(c, S_classed(c, out, "span", "badge-alt"), S_blank(alt) ? "badge" : alt);
		return;
	}
	const char *src = S_attr0(n, "src"), *path = S_attr(n, "path");
	ismc_buf text = { 0 };
	ismc_buf_printf(&text, "[image: %s]", S_attr0(n, "alt"));
	if (!strcmp(S_attr0(n, "kind"), "external") && S_safe_url(src) &&
	    !S_has_ancestor(n, "link")) {
		xmlNodePtr a = S_classed(c, out, "a", "image-link");
		S_set(a, "href", src);
		S_set(a, "rel", "noopener noreferrer");
		S_text(c, a, text.data);
	} else if (path) {
		xmlNodePtr s = S_classed(c, out, "span", "image-file");
		S_set(s, "title", path);
		S_text(c, s, text.data);
		S_path_note(c, s, path);
	} else {
		S_text(c, S_classed(c, out, "span", "image-removed"), text.data);
	}
	ismc_buf_free(&text);
}

/* body.xsl p:footnote-ref */
static void S_footnote_ref(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	const char *label = S_attr0(n, "label");
	double num = xmlXPathCastStringToNumber(BAD_CAST label);
	xmlNodePtr sup = S_classed(c, out, "sup", "fnref");
	if (num >= 1 && (double)c->footnotes >= num && !S_has_ancestor(n, "link")) {
		ismc_buf href = { 0 }, t = { 0 };
		ismc_buf_puts(&href, "#");
		S_footnote_id(&href, num);
		xmlNodePtr a = S_el(c, sup, "a");
		S_set(a, "href", href.data);
		S_number(&t, num);
		S_text(c, a, t.data);
		ismc_buf_free(&href);
		ismc_buf_free(&t);
	} else {
		S_text(c, sup, label);
	}
}

/* The text-level content: body.xsl's templates of mode "inline". */
static void S_inline(S_ctx *c, xmlNodePtr n, xmlNodePtr out)
{
	if (!S_ours(n)) {
		S_children(c, n, out, S_inline);
		return;
	}
	const char *name = (const char *)n->name;
	if (!strcmp(name, "em") || !strcmp(name, "strong") || !strcmp(name, "del")) {
		S_children(c, n, S_el(c, out, name), S_inline);
	} else if (!strcmp(name, "code")) {
		char *s = S_string(n);
		S_text(c, S_el(c, out, "code"), s);
		xmlFree(s);
	} else if (!strcmp(name, "br")) {
		S_el(c, out, "br");
	} else if (!strcmp(name, "ref")) {
		if (S_has_ancestor(n, "link")) {
			S_text(c, S_classed(c, out, "span", "rid"), S_attr0(n, "id"));
		} else {
			S_record_link(c, n, out, S_attr0(n, "kind"), 0);
		}
	} else if (!strcmp(name, "link")) {
		S_link(c, n, out);
	} else if (!strcmp(name, "image")) {
		S_image(c, n, out);
	} else if (!strcmp(name, "anchor")) {
		S_anchor(c, n, out);
	} else if (!strcmp(name, "footnote-ref")) {
		S_footnote_ref(c, n, out);
	} else {
		S_children(c, n, out, S_inline);
	}
}

static long S_count_footnotes(xmlNodePtr n)
{
	long k = 0;
	for (xmlNodePtr d = n->children; d; d = d->next)
		if (d->type == XML_ELEMENT_NODE)
			k += S_is(d, "footnote") + S_count_footnotes(d);
	return k;
}

void ismc_body_html(struct _xsltTransformContext *tc, struct _xmlNode *body,
                    struct _xmlNode *insert, const char *root, int heading_base,
                    ismc_body_ask ask, void *arg)
{
	S_ctx c = { .tc = tc, .out = insert->doc, .root = root, .heading_base = heading_base,
		    .ask = ask, .arg = arg };
	for (xmlNodePtr p = body->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (S_is(p, "document")) {
			c.doc = p;
			break;
		}
	c.title = c.doc ? S_attr0(c.doc, "title") : "";
	/* count($doc/p:body//p:footnote), over every body of the document */
	for (xmlNodePtr b = c.doc ? c.doc->children : NULL; b; b = b->next)
		if (S_is(b, "body"))
			c.footnotes += S_count_footnotes(b);
	S_children(&c, body, insert, S_body);
	if (c.anchors)
		ismc_map_free(c.anchors);
}

/* ---- may the shipped body be rendered here? ---- */

/* The templates this file mirrors: by mode, and by name. */
static const char *const S_modes[] = { "body", "inline", "task-box", "is-title" };
static const char *const S_names[] = { "anchor-id", "footnote-id", "safe-url", "link-out",
	                               "record-link", "scroll-region", "print-columns" };

/* Does the node come from the shipped body.xsl, common.xsl or tables.xsl
 * (in `base`)? */
static int S_shipped(xmlNodePtr n, const char *base)
{
	const char *url = n && n->doc && n->doc->URL ? (const char *)n->doc->URL : "";
	size_t k = strlen(base);
	return !strncmp(url, base, k) && url[k] == '/' &&
	       (!strcmp(url + k + 1, "body.xsl") || !strcmp(url + k + 1, "common.xsl") ||
	        !strcmp(url + k + 1, "tables.xsl"));
}

/* Does every template of the modes `modes` and of the names `names`, and
 * every definition of the key `key` (may be NULL), in `top` and its
 * imports come from the shipped files? */
static int S_usable(xsltStylesheetPtr top, const char *base, const char *const *modes,
                    size_t nmodes, const char *const *names, size_t nnames, const char *key)
{
	for (xsltStylesheetPtr s = top; s; s = xsltNextImport(s)) {
		for (xsltTemplatePtr t = s->templates; t; t = t->next) {
			int mirrored = 0;
			for (size_t i = 0; t->mode && i < nmodes; i++)
				mirrored |= !strcmp((const char *)t->mode, modes[i]);
			for (size_t i = 0; t->name && i < nnames; i++)
				mirrored |= !strcmp((const char *)t->name, names[i]);
			if (mirrored && !S_shipped(t->elem, base))
				return 0;
		}
		for (xsltKeyDefPtr k = s->keys; key && k; k = k->next)
			if (k->name && !strcmp((const char *)k->name, key) && !S_shipped(k->inst, base))
				return 0;
	}
	return 1;
}

int ismc_body_html_usable(struct _xsltStylesheet *top, const char *base)
{
	return S_usable(top, base, S_modes, sizeof S_modes / sizeof *S_modes, S_names,
	                sizeof S_names / sizeof *S_names, "anchor");
}

/* ---- link lists: common.xsl link-list on the site ---- */

/* The items of mode "link" whose templates (common.xsl) are record-link
 * with a kind of their own; p:ref's is its @kind. */
static const struct {
	const char *el, *kind;
} S_link_items[] = {
	{ "doc-ref", "document" }, { "control-ref", "control" }, { "risk-ref", "risk" },
	{ "clause-ref", "clause" }, { "ref", NULL },
};

const char *ismc_links_html_kind(struct _xmlNode *n)
{
	if (!S_ours(n))
		return NULL;
	for (size_t i = 0; i < sizeof S_link_items / sizeof *S_link_items; i++)
		if (!strcmp((const char *)n->name, S_link_items[i].el))
			return S_link_items[i].kind ? S_link_items[i].kind : S_attr0(n, "kind");
	return NULL;
}

void ismc_links_html(struct _xmlNode *const *items, size_t n, int labels,
                     struct _xmlNode *parent, const char *root, ismc_body_ask ask, void *arg)
{
	S_ctx c = { .out = parent->doc, .root = root, .ask = ask, .arg = arg };
	xmlNodePtr ul = S_classed(&c, parent, "ul", "links");
	for (size_t i = 0; i < n; i++)
		S_record_link(&c, items[i], S_el(&c, ul, "li"), ismc_links_html_kind(items[i]),
		              labels);
}

int ismc_links_html_usable(struct _xsltStylesheet *top, const char *base)
{
	static const char *const modes[] = { "link" }, *const names[] = { "record-link" };
	return S_usable(top, base, modes, 1, names, 1, NULL);
}

/* ---- id lists: tables.xsl id-list on the site ---- */

void ismc_ids_html(const char *kind, struct _xmlNode *const *items, size_t n,
                   struct _xmlNode *parent, const char *root, ismc_body_ask ask, void *arg)
{
	S_ctx c = { .out = parent->doc, .root = root, .ask = ask, .arg = arg };
	xmlNodePtr ul = S_classed(&c, parent, "ul", "links");
	for (size_t i = 0; i < n; i++) /* record-link's markup without a label */
		S_record_link(&c, items[i], S_el(&c, ul, "li"), kind, 0);
}

int ismc_ids_html_usable(struct _xsltStylesheet *top, const char *base)
{
	static const char *const names[] = { "id-list" };
	return S_usable(top, base, NULL, 0, names, 1, NULL);
}
