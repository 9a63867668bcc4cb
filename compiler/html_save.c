/* html_save.c: a rendered page's result tree into the bytes of its HTML
 * file, the very bytes libxslt writes for <xsl:output method="html"
 * encoding="UTF-8" indent="no"/> (xsltSaveResultTo: htmlSetMetaEncoding,
 * then libxml2's htmlDocContentDumpFormatOutput without formatting).
 *
 * Writing the pages was an eighth of a build: libxml2 looks every element
 * up in its table of HTML elements by a linear scan of case-insensitive
 * compares, and copies every attribute's value three times (encoded,
 * URI-escaped, quoted) through fresh allocations. This file writes the same
 * bytes in one pass, each element's facts asked of libxml2 once per name
 * (htmlTagLookup, htmlIsBooleanAttr). Each rule below names the libxml2
 * 2.9.14 code it follows (HTMLtree.c, entities.c, uri.c, buf.c, xmlsave.c);
 * what it does not cover (a document type declaration, an attribute holding
 * an entity reference) goes to libxml2 itself. tests/unit/test_html_save.c
 * compares the two on every kind of node, attribute and byte, and the fuzz
 * target html_save on any tree; tests/body_html.sh and the benchmark's
 * diff -r compare whole sites (docs/output.md, "Written by ismc"). */
#include "ismc.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
#include <libxslt/imports.h>
#include <libxslt/xsltInternals.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- what libxml2 says of a name, asked once ---- */

enum {
	S_EMPTY = 1,   /* htmlTagLookup's ->empty: no content, no end tag */
	S_NO_END = 2,  /* ->saveEndTag, and not html or body: no end tag when empty */
	S_BOOLEAN = 4, /* htmlIsBooleanAttr: written without a value */
};

typedef struct {
	char *name; /* NULL: a free slot */
	unsigned flags;
} S_fact;

#define S_FACTS 512 /* the names of a site's pages are a few dozen */
static S_fact S_facts[S_FACTS];
static size_t S_nfacts;

static unsigned S_name_facts(const char *name)
{
	unsigned h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	size_t i = h & (S_FACTS - 1);
	for (; S_facts[i].name; i = (i + 1) & (S_FACTS - 1))
		if (!strcmp(S_facts[i].name, name))
			return S_facts[i].flags;
	unsigned f = 0;
	const htmlElemDesc *info = htmlTagLookup(BAD_CAST name);
	if (info) {
		if (info->empty)
			f |= S_EMPTY;
		if (info->saveEndTag && strcmp(info->name, "html") && strcmp(info->name, "body"))
			f |= S_NO_END;
	}
	if (htmlIsBooleanAttr(BAD_CAST name))
		f |= S_BOOLEAN;
	if (S_nfacts < S_FACTS / 2) { /* else asked again each time: never wrong */
		S_facts[i].name = strdup(name);
		if (S_facts[i].name) {
			S_facts[i].flags = f;
			S_nfacts++;
		}
	}
	return f;
}

/* ---- escaping ---- */

/* xmlEncodeEntitiesInternal(doc, s, attr) of an HTML document: <, > and &
 * as entities, control characters other than tab, line feed and carriage
 * return dropped, everything else (UTF-8 included) as it is; in an
 * attribute, a server-side include <!--...--> and HTML 4's &{...} as they
 * are. */
static void S_encode(ismc_buf *b, const char *s, int attr)
{
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '<' && c != '>' && c != '&')
			continue;
		if (c == '\n' || c == '\t' || c == '\r')
			continue;
		ismc_buf_put(b, run, (size_t)(s - run));
		if (c == '<') {
			const char *end;
			if (attr && s[1] == '!' && s[2] == '-' && s[3] == '-' &&
			    (end = strstr(s, "-->")) != NULL) {
				ismc_buf_put(b, s, (size_t)(end + 3 - s));
				s = end + 2;
			} else {
				ismc_buf_put(b, "&lt;", 4);
			}
		} else if (c == '>') {
			ismc_buf_put(b, "&gt;", 4);
		} else if (c == '&') {
			const char *end;
			if (attr && s[1] == '{' && (end = strchr(s, '}')) != NULL) {
				ismc_buf_put(b, s, (size_t)(end + 1 - s));
				s = end;
			} else {
				ismc_buf_put(b, "&amp;", 5);
			}
		} /* else a control character: dropped */
		run = s + 1;
	}
	ismc_buf_put(b, run, (size_t)(s - run));
}

/* xmlURIEscapeStr(s, "@/:=?;#%&,+<>"): every byte but letters, digits,
 * -_.!~*'() and those as %XX */
static void S_uri_escape(ismc_buf *b, const char *s)
{
	static unsigned char keep[256];
	if (!keep['a']) {
		for (int c = 0; c < 256; c++)
			keep[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			          (c >= '0' && c <= '9') || (c && strchr("-_.!~*'()@/:=?;#%&,+<>", c));
	}
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (keep[c])
			continue;
		ismc_buf_put(b, run, (size_t)(s - run));
		char e[3] = { '%', hex[c >> 4], hex[c & 0xF] };
		ismc_buf_put(b, e, 3);
		run = s + 1;
	}
	ismc_buf_put(b, run, (size_t)(s - run));
}

/* xmlBufWriteQuotedString: in double quotes; in single quotes when the
 * value holds a double quote and no single one; with both, in double
 * quotes and each double quote as &quot; */
static void S_quoted(ismc_buf *b, const char *s, size_t n)
{
	const char *dq = memchr(s, '"', n);
	if (!dq) {
		ismc_buf_put(b, "\"", 1);
		ismc_buf_put(b, s, n);
		ismc_buf_put(b, "\"", 1);
	} else if (!memchr(s, '\'', n)) {
		ismc_buf_put(b, "'", 1);
		ismc_buf_put(b, s, n);
		ismc_buf_put(b, "'", 1);
	} else {
		ismc_buf_put(b, "\"", 1);
		for (const char *run = s, *end = s + n; run < end;) {
			const char *q = memchr(run, '"', (size_t)(end - run));
			if (!q) {
				ismc_buf_put(b, run, (size_t)(end - run));
				break;
			}
			ismc_buf_put(b, run, (size_t)(q - run));
			ismc_buf_put(b, "&quot;", 6);
			run = q + 1;
		}
		ismc_buf_put(b, "\"", 1);
	}
}

/* ---- nodes ---- */

static void S_qname(ismc_buf *b, xmlNsPtr ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		ismc_buf_puts(b, (const char *)ns->prefix);
		ismc_buf_put(b, ":", 1);
	}
	ismc_buf_puts(b, (const char *)name);
}

/* Can S_attr write `a`? Its value is text only (xmlNodeListGetString would
 * write an entity reference as one). */
static int S_attr_plain(xmlAttrPtr a)
{
	for (xmlNodePtr t = a->children; t; t = t->next)
		if (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE)
			return 0;
	return 1;
}

/* htmlAttrDumpOutput: ` name`, then, unless it has no value or is a boolean
 * attribute, `=` and its value, encoded, and for an href, action, src or
 * an a's name, URI-escaped from its first non-blank byte, then quoted.
 * `enc` and `esc` are scratch. */
static void S_attr(ismc_buf *b, xmlAttrPtr a, ismc_buf *enc, ismc_buf *esc)
{
	ismc_buf_put(b, " ", 1);
	S_qname(b, a->ns, a->name);
	const char *name = (const char *)a->name;
	if (!a->children || (S_name_facts(name) & S_BOOLEAN))
		return;
	ismc_buf_put(b, "=", 1);
	enc->len = 0;
	ismc_buf_put(enc, "", 0);
	for (xmlNodePtr t = a->children; t; t = t->next)
		if (t->content)
			S_encode(enc, (const char *)t->content, 1);
	xmlNodePtr el = a->parent;
	if (!a->ns && el && !el->ns &&
	    (!strcasecmp(name, "href") || !strcasecmp(name, "action") || !strcasecmp(name, "src") ||
	     (!strcasecmp(name, "name") && !strcasecmp((const char *)el->name, "a")))) {
		const char *v = enc->data;
		while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
			v++;
		esc->len = 0;
		ismc_buf_put(esc, "", 0);
		S_uri_escape(esc, v);
		S_quoted(b, esc->data, esc->len);
	} else {
		S_quoted(b, enc->data, enc->len);
	}
}

/* xmlNsListDumpOutput: ` xmlns[:prefix]="href"` for each namespace an
 * element declares, but xml's */
static void S_ns_defs(ismc_buf *b, xmlNsPtr ns)
{
	for (; ns; ns = ns->next) {
		if (ns->type != XML_LOCAL_NAMESPACE || !ns->href ||
		    (ns->prefix && !strcmp((const char *)ns->prefix, "xml")))
			continue;
		ismc_buf_puts(b, ns->prefix ? " xmlns:" : " xmlns");
		if (ns->prefix)
			ismc_buf_puts(b, (const char *)ns->prefix);
		ismc_buf_put(b, "=", 1);
		S_quoted(b, (const char *)ns->href, strlen((const char *)ns->href));
	}
}

/* Is there anything under `root` S_dump does not write as libxml2 does? */
static int S_plain(xmlDocPtr doc)
{
	if (doc->type != XML_HTML_DOCUMENT_NODE || doc->intSubset)
		return 0;
	xmlNodePtr n = doc->children;
	while (n) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (!S_attr_plain(a))
					return 0;
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
		case XML_ENTITY_REF_NODE:
			break;
		default:
			return 0;
		}
		if (n->type == XML_ELEMENT_NODE && n->children &&
		    !(n->ns == NULL && (S_name_facts((const char *)n->name) & S_EMPTY))) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent == (xmlNodePtr)doc ? NULL : n->parent;
		if (n)
			n = n->next;
	}
	return 1;
}

/* Writes out what `b` holds into `f` (when there is one) once it holds
 * `at_least` bytes; 0, or -1 on a write error (then `f` is no more written). */
static int S_flush(ismc_buf *b, FILE **f, size_t at_least)
{
	if (!*f || b->len < at_least)
		return 0;
	int ok = fwrite(b->data, 1, b->len, *f) == b->len;
	b->len = 0;
	if (!ok)
		*f = NULL;
	return ok ? 0 : -1;
}

/* htmlNodeDumpFormatOutput(buf, doc, doc, NULL, 0), walked the same way,
 * into `b`, and through it into `f` when there is one */
static int S_dump(ismc_buf *b, FILE *f, xmlDocPtr doc)
{
	ismc_buf enc = { 0 }, esc = { 0 };
	xmlNodePtr root = (xmlNodePtr)doc, cur = root, parent = NULL;
	int rc = 0;
	for (;;) {
		if (S_flush(b, &f, 1 << 16))
			rc = -1;
		switch (cur->type) {
		case XML_HTML_DOCUMENT_NODE:
			if (cur->children) {
				parent = cur;
				cur = cur->children;
				continue;
			}
			ismc_buf_put(b, "\n", 1);
			break;
		case XML_ELEMENT_NODE: {
			unsigned fl = cur->ns ? 0 : S_name_facts((const char *)cur->name);
			ismc_buf_put(b, "<", 1);
			S_qname(b, cur->ns, cur->name);
			S_ns_defs(b, cur->nsDef);
			for (xmlAttrPtr a = cur->properties; a; a = a->next)
				S_attr(b, a, &enc, &esc);
			if (fl & S_EMPTY) {
				ismc_buf_put(b, ">", 1);
			} else if (!cur->children) {
				if (fl & S_NO_END) {
					ismc_buf_put(b, ">", 1);
				} else {
					ismc_buf_put(b, "></", 3);
					S_qname(b, cur->ns, cur->name);
					ismc_buf_put(b, ">", 1);
				}
			} else {
				ismc_buf_put(b, ">", 1);
				parent = cur;
				cur = cur->children;
				continue;
			}
			break;
		}
		case XML_TEXT_NODE:
			if (!cur->content)
				break;
			if (cur->name != xmlStringTextNoenc &&
			    (!parent || !parent->name ||
			     (strcasecmp((const char *)parent->name, "script") &&
			      strcasecmp((const char *)parent->name, "style"))))
				S_encode(b, (const char *)cur->content, 0);
			else
				ismc_buf_puts(b, (const char *)cur->content);
			break;
		case XML_COMMENT_NODE:
			if (cur->content) {
				ismc_buf_put(b, "<!--", 4);
				ismc_buf_puts(b, (const char *)cur->content);
				ismc_buf_put(b, "-->", 3);
			}
			break;
		case XML_PI_NODE:
			if (cur->name) {
				ismc_buf_put(b, "<?", 2);
				ismc_buf_puts(b, (const char *)cur->name);
				if (cur->content) {
					ismc_buf_put(b, " ", 1);
					ismc_buf_puts(b, (const char *)cur->content);
				}
				ismc_buf_put(b, ">", 1);
			}
			break;
		case XML_ENTITY_REF_NODE:
			ismc_buf_put(b, "&", 1);
			ismc_buf_puts(b, (const char *)cur->name);
			ismc_buf_put(b, ";", 1);
			break;
		case XML_CDATA_SECTION_NODE: /* HTML_PRESERVE_NODE */
			if (cur->content)
				ismc_buf_puts(b, (const char *)cur->content);
			break;
		default:
			break;
		}
		for (;;) {
			if (cur == root) {
				ismc_buf_free(&enc);
				ismc_buf_free(&esc);
				return S_flush(b, &f, 0) ? -1 : rc;
			}
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = parent;
			parent = cur->parent;
			if (cur->type == XML_HTML_DOCUMENT_NODE) {
				ismc_buf_put(b, "\n", 1);
			} else {
				ismc_buf_put(b, "</", 2);
				S_qname(b, cur->ns, cur->name);
				ismc_buf_put(b, ">", 1);
			}
		}
	}
}

static int S_to_buf(void *ctx, const char *s, int n)
{
	ismc_buf_put(ctx, s, (size_t)n);
	return n;
}

/* xsltSaveResultTo writes nothing of a tree without content */
static int S_empty(xmlDocPtr doc)
{
	return !doc->children || (doc->children->type == XML_DTD_NODE && !doc->children->next);
}

/* htmlDocContentDumpFormatOutput(doc, encoding, 0) into `out`, or `f` */
static int S_libxml2(xmlDocPtr doc, const char *encoding, ismc_buf *out, FILE *f)
{
	xmlOutputBufferPtr ob = f ? xmlOutputBufferCreateFile(f, NULL)
	                          : xmlOutputBufferCreateIO(S_to_buf, NULL, out, NULL);
	if (!ob)
		return -1;
	htmlDocContentDumpFormatOutput(ob, doc, encoding, 0);
	return xmlOutputBufferClose(ob) < 0 ? -1 : 0;
}

int ismc_html_save(xmlDocPtr doc, const char *encoding, ismc_buf *out, FILE *f)
{
	if (S_empty(doc))
		return 0;
	htmlSetMetaEncoding(doc, BAD_CAST encoding);
	if (!S_plain(doc))
		return S_libxml2(doc, encoding, out, f);
	return S_dump(out, f, doc);
}

void ismc_html_save_libxml2(xmlDocPtr doc, const char *encoding, ismc_buf *out)
{
	if (S_empty(doc))
		return;
	htmlSetMetaEncoding(doc, BAD_CAST encoding);
	S_libxml2(doc, encoding, out, NULL);
}

int ismc_html_save_usable(struct _xsltStylesheet *style, const char **encoding)
{
	/* (not `st`: libxslt's macros name their own variable so) */
	const xmlChar *method, *enc;
	int indent;
	XSLT_GET_IMPORT_PTR(method, style, method)
	XSLT_GET_IMPORT_PTR(enc, style, encoding)
	XSLT_GET_IMPORT_INT(indent, style, indent)
	if (style->methodURI || !method || strcmp((const char *)method, "html") || indent != 0 ||
	    !enc || strcasecmp((const char *)enc, "UTF-8"))
		return 0;
	*encoding = (const char *)enc;
	return 1;
}
