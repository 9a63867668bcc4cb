/* fuzz_html_save: html_save.c's serializer against libxml2's on any HTML
 * result tree, and xml.c's (ismc_xml_dump, the bodies of evidence-pack.xml)
 * against xmlNodeDumpOutput on any element of the same tree built as XML. The input is a program that builds the tree a byte at a
 * time: elements (known, unknown, empty ones, in a namespace, with
 * namespace declarations), attributes (boolean ones, URI ones, ones
 * without a value, in a namespace, of several text nodes, with an entity
 * reference), text (escaped, disable-output-escaping's, in script and
 * style), comments, processing instructions, entity references and
 * CDATA; its strings drawn from the bytes that escaping, URI escaping and
 * quoting treat apart. The oracle, besides the sanitizers: ismc_html_save
 * writes, to a buffer and through a file, the very bytes of
 * ismc_html_save_libxml2 (htmlSetMetaEncoding, then libxml2's
 * htmlDocContentDumpFormatOutput), for the same tree built twice. */
#include "fuzz.h"

#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const uint8_t *p, *end;
} S_in;

static int S_more(const S_in *in)
{
	return in->p < in->end;
}

static unsigned S_byte(S_in *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

static const char *const S_elements[] = {
	"html", "head", "body", "meta", "title", "p", "div", "a", "br", "img", "hr", "input",
	"link", "script", "style", "span", "td", "table", "svg", "rect", "x-custom", "P", "BR",
	"Script", "option", "li", "col", "pre", "textarea", "A",
};
static const char *const S_attributes[] = {
	"class", "href", "HREF", "src", "action", "name", "checked", "DISABLED", "id", "style",
	"data-x", "selected", "content", "http-equiv", "value", "nowrap", "Src", "NAME",
};
/* the bytes escaping, URI escaping and quoting treat apart, and some that
 * they do not */
static const char *const S_pieces[] = {
	"<", ">", "&", "\"", "'", "&{", "}", "<!--", "-->", " ", "\t", "\n", "\r", "\x01", "\x1f",
	"\x7f", "%", "[", "]", "{", "|", "\\", "^", "`", "#", "?", "=", ";", "/", ":", "@", ",",
	"+", "$", "!", "~", "*", "(", ")", "-", "_", ".", "a", "Z", "0", "\xc3\xa9", "\xe4\xb8\xad",
	"\xf0\x9f\x98\x80", "\xff", "\xc3", "text/html; charset=UTF-8", "Content-Type",
	"http://x/a b", "&amp;", "&#13;",
};
#define S_N(a) (sizeof(a) / sizeof *(a))

/* A string of up to 15 pieces, into buf (NUL-terminated). */
static const char *S_string(S_in *in, char *buf, size_t cap)
{
	size_t n = S_byte(in) % 16, len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && S_more(in); i++) {
		const char *piece = S_pieces[S_byte(in) % S_N(S_pieces)];
		size_t l = strlen(piece);
		if (len + l >= cap)
			break;
		memcpy(buf + len, piece, l + 1);
		len += l;
	}
	return buf;
}

/* The tree the program `data` builds, as an HTML document or, with
 * `xml`, an XML one. */
static xmlDocPtr S_build(const uint8_t *data, size_t size, int xml)
{
	S_in in = { data, data + size };
	xmlDocPtr doc = xml ? xmlNewDoc(BAD_CAST "1.0") : htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr at = (xmlNodePtr)doc; /* where new nodes go */
	int depth = 0;
	char s[256], t[256];
	while (S_more(&in)) {
		unsigned op = S_byte(&in) % 14;
		xmlNodePtr n = NULL;
		switch (op) {
		case 0: case 1: case 2: case 3: { /* an element, entered or not */
			unsigned b = S_byte(&in);
			n = xmlNewDocNode(doc, NULL, BAD_CAST S_elements[b % S_N(S_elements)], NULL);
			if (b & 0x40) { /* a namespace it declares, and is in */
				xmlNsPtr ns = xmlNewNs(n, BAD_CAST "http://www.w3.org/2000/svg",
				                       (b & 0x80) ? BAD_CAST "s" : NULL);
				xmlSetNs(n, ns);
			}
			xmlAddChild(at, n);
			if ((b & 0x20) && depth < 12) {
				at = n;
				depth++;
			}
			n = NULL;
			break;
		}
		case 4: case 5: /* text */
			n = xmlNewDocText(doc, BAD_CAST S_string(&in, s, sizeof s));
			break;
		case 6: /* text written as it is (disable-output-escaping) */
			n = xmlNewDocText(doc, BAD_CAST S_string(&in, s, sizeof s));
			n->name = xmlStringTextNoenc;
			break;
		case 7: case 8: { /* an attribute of the element `at` */
			unsigned b = S_byte(&in);
			if (at->type != XML_ELEMENT_NODE)
				break;
			const char *name = S_attributes[b % S_N(S_attributes)];
			xmlAttrPtr a;
			if (b & 0x80) {
				xmlNsPtr ns = xmlNewNs(at, BAD_CAST "http://www.w3.org/1999/xlink",
				                       BAD_CAST "xlink");
				a = xmlNewNsProp(at, ns ? ns : xmlSearchNs(doc, at, BAD_CAST "xlink"),
				                 BAD_CAST name, NULL);
			} else {
				a = xmlNewProp(at, BAD_CAST name, NULL);
			}
			if (!a)
				break;
			unsigned how = S_byte(&in) % 4; /* 0: no value */
			for (unsigned k = 0; k < how; k++) {
				xmlNodePtr v = how == 3 && k == 1
				                       ? xmlNewReference(doc, BAD_CAST "amp")
				                       : xmlNewDocText(doc, BAD_CAST S_string(&in, t, sizeof t));
				if (!v)
					continue;
				v->parent = (xmlNodePtr)a;
				if (!a->children) {
					a->children = a->last = v;
				} else {
					a->last->next = v;
					v->prev = a->last;
					a->last = v;
				}
			}
			break;
		}
		case 9:
			n = xmlNewDocComment(doc, BAD_CAST S_string(&in, s, sizeof s));
			break;
		case 10:
			n = xmlNewDocPI(doc, BAD_CAST "pi", S_byte(&in) & 1 ? BAD_CAST S_string(&in, s, sizeof s)
			                                                   : NULL);
			break;
		case 11:
			n = xmlNewReference(doc, BAD_CAST(S_byte(&in) & 1 ? "amp" : "nbsp"));
			break;
		case 12:
			S_string(&in, s, sizeof s);
			n = xmlNewCDataBlock(doc, BAD_CAST s, (int)strlen(s));
			break;
		default: /* up */
			if (depth > 0) {
				at = at->parent;
				depth--;
			}
			break;
		}
		if (n)
			xmlAddChild(at, n); /* may merge text into text: either tree alike */
	}
	return doc;
}

static int S_to_buf(void *ctx, const char *s, int n)
{
	ismc_buf_put(ctx, s, (size_t)n);
	return n;
}

/* Each element at the top of the XML tree, at a level the input picks:
 * ismc_xml_dump writes xmlNodeDumpOutput's formatted bytes, or declines. */
static void S_xml_dump(const uint8_t *data, size_t size)
{
	xmlDocPtr doc = S_build(data, size, 1);
	int level = size ? data[0] % 40 : 0;
	if (size && (data[size - 1] & 1)) /* as S_save_streamed declares it */
		doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	for (xmlNodePtr n = doc->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		ismc_buf mine = { 0 }, theirs = { 0 };
		ismc_buf_put(&mine, "", 0);
		ismc_buf_put(&theirs, "", 0);
		if (ismc_xml_dump(&mine, n, level) == 0) {
			xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(S_to_buf, NULL, &theirs, NULL);
			xmlNodeDumpOutput(ob, doc, n, level, 1, "UTF-8");
			xmlOutputBufferClose(ob);
			if (mine.len != theirs.len || memcmp(mine.data, theirs.data, mine.len))
				fz_fail("xml_dump differs from libxml2:\n--- ismc\n%s\n--- libxml2\n%s\n",
				        mine.data, theirs.data);
		} else if (mine.len) {
			fz_fail("ismc_xml_dump declined but left bytes behind");
		}
		ismc_buf_free(&mine);
		ismc_buf_free(&theirs);
	}
	xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	S_xml_dump(data, size);
	xmlDocPtr a = S_build(data, size, 0), b = S_build(data, size, 0);
	ismc_buf mine = { 0 }, theirs = { 0 }, scratch = { 0 };
	ismc_buf_put(&mine, "", 0);
	ismc_buf_put(&theirs, "", 0);
	if (ismc_html_save(a, "UTF-8", &mine, NULL) != 0)
		fz_fail("ismc_html_save failed on a buffer");
	ismc_html_save_libxml2(b, "UTF-8", &theirs);
	if (mine.len != theirs.len || memcmp(mine.data, theirs.data, mine.len))
		fz_fail("html_save differs from libxml2:\n--- ismc\n%s\n--- libxml2\n%s\n", mine.data,
		        theirs.data);
	/* through a file, a piece at a time: the same bytes */
	xmlDocPtr c = S_build(data, size, 0);
	FILE *f = tmpfile();
	if (!f || ismc_html_save(c, "UTF-8", &scratch, f) != 0)
		fz_fail("ismc_html_save failed on a file");
	long len = ftell(f);
	rewind(f);
	char *back = malloc((size_t)len + 1);
	if (!back || fread(back, 1, (size_t)len, f) != (size_t)len)
		fz_fail("cannot read the file back");
	if ((size_t)len != theirs.len || memcmp(back, theirs.data, theirs.len))
		fz_fail("html_save through a file differs from libxml2");
	free(back);
	fclose(f);
	ismc_buf_free(&mine);
	ismc_buf_free(&theirs);
	ismc_buf_free(&scratch);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
	xmlFreeDoc(c);
	return 0;
}
