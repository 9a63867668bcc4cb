/* xml.c: the helpers every XML writer shares (emit.c, emit_body.c, the
 * manifest in output.c): documents in the project's namespace, elements in
 * their parent's namespace, and attributes and text stripped of what XML 1.0
 * cannot carry, all through libxml2's tree API, never by concatenation. */
#include "ismc.h"

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Drops what XML 1.0 cannot carry (C0 controls but tab, LF, CR; U+FFFE/F)
 * and turns bytes that are not UTF-8 into U+FFFD. Sources are screened when
 * read, but a link's percent-decoded path or a message may still hold such
 * bytes, and every file written must be UTF-8. Returns `s` or a copy in `b`. */
static const char *S_clean(const char *s, ismc_buf *b)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	int bad = ismc_utf8_invalid(s, n) != 0;
	for (; *p && !bad; p++)
		bad = (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		      (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF));
	if (!bad)
		return s;
	for (size_t i = 0; i < n;) {
		p = (const unsigned char *)s + i;
		size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		if (ismc_utf8_invalid((const char *)p, n - i < 4 ? n - i : 4) == 1) {
			ismc_buf_puts(b, "\xEF\xBF\xBD"); /* one byte that is no UTF-8 */
			len = 1;
		} else if (!(*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') &&
		           !(p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))) {
			ismc_buf_put(b, (const char *)p, len);
		}
		i += len;
	}
	if (!b->data)
		ismc_buf_put(b, "", 0);
	return b->data;
}

xmlDocPtr ismc_xml_doc(const char *root_name, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	*root = xmlNewDocNode(doc, NULL, BAD_CAST root_name, NULL);
	xmlDocSetRootElement(doc, *root);
	xmlSetNs(*root, xmlNewNs(*root, BAD_CAST ISMC_NS, NULL));
	return doc;
}

int ismc_xml_save(xmlDocPtr doc, const char *path, ismc_error *err)
{
	int rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1) < 0 ? -1 : 0;
	if (rc)
		snprintf(err->msg, sizeof err->msg, "cannot write '%s'", path);
	xmlFreeDoc(doc);
	return rc;
}

xmlNodePtr ismc_xml_el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, parent->ns, BAD_CAST name, NULL);
}

void ismc_xml_attr(xmlNodePtr n, const char *name, const char *val)
{
	if (!val)
		return;
	ismc_buf b = { 0 };
	xmlNewProp(n, BAD_CAST name, BAD_CAST S_clean(val, &b));
	ismc_buf_free(&b);
}

void ismc_xml_attrl(xmlNodePtr n, const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

void ismc_xml_date_attr(xmlNodePtr n, const char *name, long days)
{
	char d[11];
	ismc_date_format(days, d);
	ismc_xml_attr(n, name, d);
}

void ismc_xml_time_attr(xmlNodePtr n, const char *name, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	ismc_xml_attr(n, name, buf);
}

void ismc_xml_text(xmlNodePtr n, const char *text, size_t len)
{
	char *copy = ismc_xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	ismc_buf b = { 0 };
	xmlNodeAddContent(n, BAD_CAST S_clean(copy, &b));
	ismc_buf_free(&b);
	free(copy);
}

xmlNodePtr ismc_xml_text_el(xmlNodePtr parent, const char *name, const char *text)
{
	if (!text)
		return NULL;
	xmlNodePtr n = ismc_xml_el(parent, name);
	ismc_xml_text(n, text, strlen(text));
	return n;
}

/* ---- a subtree's bytes, as libxml2 writes them ---- */

/* xmlBufAttrSerializeTxtContent: tab, line feed, carriage return, ", <, >
 * and & as references; unless the document declares its encoding (`raw`),
 * every character past ASCII as &#xHEX; (a byte that begins no character
 * as its own); the rest as it is */
static void S_attr_text(ismc_buf *b, const unsigned char *s, int raw)
{
	const unsigned char *base = s;
	while (*s) {
		const char *ref = *s == '\n' ? "&#10;" : *s == '\r' ? "&#13;" : *s == '\t' ? "&#9;"
		                  : *s == '"' ? "&quot;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
		                  : *s == '&' ? "&amp;" : NULL;
		if (!ref && (raw || !(*s >= 0x80 && s[1]))) {
			s++;
			continue;
		}
		ismc_buf_put(b, (const char *)base, (size_t)(s - base));
		if (ref) {
			ismc_buf_puts(b, ref);
			s++;
		} else {
			int val = 0, l = 1;
			if (*s < 0xC0) {
				val = *s;
			} else if (*s < 0xE0) {
				val = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F), l = 2;
			} else if (*s < 0xF0 && s[2]) {
				val = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F), l = 3;
			} else if (*s < 0xF8 && s[2] && s[3]) {
				val = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
				      (s[3] & 0x3F);
				l = 4;
			} else {
				val = *s;
			}
			/* IS_CHAR: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
			int is_char = val == 0x9 || val == 0xA || val == 0xD ||
			              (val >= 0x20 && val <= 0xD7FF) || (val >= 0xE000 && val <= 0xFFFD) ||
			              (val >= 0x10000 && val <= 0x10FFFF);
			if (l == 1 || !is_char)
				val = *s, l = 1;
			ismc_buf_printf(b, "&#x%X;", (unsigned)val);
			s += l;
		}
		base = s;
	}
	ismc_buf_put(b, (const char *)base, (size_t)(s - base));
}

/* xmlEscapeContent: <, >, & and carriage return as references */
static void S_text_escaped(ismc_buf *b, const char *s)
{
	const char *base = s;
	for (; *s; s++) {
		const char *ref = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;"
		                  : *s == '\r' ? "&#13;" : NULL;
		if (!ref)
			continue;
		ismc_buf_put(b, base, (size_t)(s - base));
		ismc_buf_puts(b, ref);
		base = s + 1;
	}
	ismc_buf_put(b, base, (size_t)(s - base));
}

static void S_indent(ismc_buf *b, int level)
{
	static const char spaces[] = "                                                            ";
	int n = level > 30 ? 30 : level; /* libxml2 indents at most 30 levels */
	ismc_buf_put(b, spaces, 2 * (size_t)n);
}

int ismc_xml_dump(ismc_buf *b, xmlNodePtr root, int level)
{
	size_t start = b->len;
	int format = 1;
	if (root->type != XML_ELEMENT_NODE)
		goto unsupported;
	int raw = root->doc && root->doc->encoding;
	xmlNodePtr cur = root, parent = root->parent, unformatted = NULL;
	for (;;) {
		if (cur->type == XML_ELEMENT_NODE) {
			if (cur->nsDef || (cur->ns && cur->ns->prefix))
				goto unsupported;
			if (cur != root && format)
				S_indent(b, level);
			ismc_buf_put(b, "<", 1);
			ismc_buf_puts(b, (const char *)cur->name);
			for (xmlAttrPtr a = cur->properties; a; a = a->next) {
				if (a->ns && a->ns->prefix)
					goto unsupported;
				ismc_buf_put(b, " ", 1);
				ismc_buf_puts(b, (const char *)a->name);
				ismc_buf_put(b, "=\"", 2);
				for (xmlNodePtr t = a->children; t; t = t->next) {
					if (t->type != XML_TEXT_NODE)
						goto unsupported;
					if (t->content)
						S_attr_text(b, t->content, raw);
				}
				ismc_buf_put(b, "\"", 1);
			}
			if (!cur->children) {
				ismc_buf_put(b, "/>", 2);
			} else {
				if (format)
					for (xmlNodePtr k = cur->children; k; k = k->next)
						if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE ||
						    k->type == XML_ENTITY_REF_NODE) {
							format = 0;
							unformatted = cur;
							break;
						}
				ismc_buf_put(b, format ? ">\n" : ">", format ? 2 : 1);
				if (level >= 0)
					level++;
				parent = cur;
				cur = cur->children;
				continue;
			}
		} else if (cur->type == XML_TEXT_NODE) {
			if (cur->content) {
				if (cur->name == xmlStringTextNoenc)
					ismc_buf_puts(b, (const char *)cur->content);
				else
					S_text_escaped(b, (const char *)cur->content);
			}
		} else {
			goto unsupported;
		}
		for (;;) {
			if (cur == root)
				return 0;
			if (format)
				ismc_buf_put(b, "\n", 1);
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = parent;
			parent = cur->parent;
			if (level > 0)
				level--;
			if (format)
				S_indent(b, level);
			ismc_buf_put(b, "</", 2);
			ismc_buf_puts(b, (const char *)cur->name);
			ismc_buf_put(b, ">", 1);
			if (cur == unformatted) {
				format = 1;
				unformatted = NULL;
			}
		}
	}
unsupported:
	b->len = start;
	if (b->data)
		b->data[start] = '\0';
	return -1;
}
