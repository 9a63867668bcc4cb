/* xml.c: the helpers every XML writer shares (emit.c, emit_body.c, the
 * manifest in output.c): documents in the project's namespace, elements in
 * their parent's namespace, and attributes and text stripped of what XML 1.0
 * cannot carry, all through libxml2's tree API, never by concatenation. */
#include "ismc.h"

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
