/* html_save.c: a rendered page's tree written as libxslt writes it for
 * <xsl:output method="html" encoding="UTF-8" indent="no"/>; and xml.c's
 * ismc_xml_dump, a body of evidence-pack.xml as xmlNodeDumpOutput writes it. Each case
 * holds the bytes it must give, and the bytes of libxml2's own serializer
 * (ismc_html_save_libxml2) for the same tree; the fuzz target html_save
 * compares the two on any tree, tests/body_html.sh on whole sites. */
#include <criterion/criterion.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"

/* A tree builder the cases describe themselves with. */
typedef xmlDocPtr (*S_tree)(void);

static xmlNodePtr S_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);
	xmlAddChild(parent, n);
	return n;
}

static void S_text(xmlNodePtr parent, const char *s)
{
	xmlAddChild(parent, xmlNewDocText(parent->doc, BAD_CAST s));
}

/* ismc_html_save and libxml2 on two builds of the same tree: the same
 * bytes, which the caller frees */
static char *S_save(S_tree tree)
{
	xmlDocPtr a = tree(), b = tree();
	ismc_buf mine = { 0 }, ref = { 0 };
	ismc_buf_put(&mine, "", 0);
	ismc_buf_put(&ref, "", 0);
	cr_assert_eq(ismc_html_save(a, "UTF-8", &mine, NULL), 0);
	ismc_html_save_libxml2(b, "UTF-8", &ref);
	cr_assert_str_eq(mine.data, ref.data, "ismc wrote\n%s\nlibxml2 wrote\n%s", mine.data,
	                 ref.data);
	xmlFreeDoc(a);
	xmlFreeDoc(b);
	ismc_buf_free(&ref);
	return mine.data;
}

static xmlDocPtr S_page(void)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr dt = xmlNewDocText(doc, BAD_CAST "<!DOCTYPE html>\n");
	dt->name = xmlStringTextNoenc; /* xsl:text disable-output-escaping */
	xmlAddChild((xmlNodePtr)doc, dt);
	xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlAddChild((xmlNodePtr)doc, html);
	xmlSetProp(html, BAD_CAST "lang", BAD_CAST "en");
	xmlNodePtr head = S_el(html, "head");
	S_text(S_el(head, "title"), "R&D <policy> \xc3\xa9");
	xmlNodePtr link = S_el(head, "link");
	xmlSetProp(link, BAD_CAST "href", BAD_CAST " assets/a b\xc3\xa9.css?x=1&y=[2]");
	S_text(S_el(head, "script"), "if (a < b && c > d) {}");
	xmlNodePtr body = S_el(html, "body");
	xmlNodePtr a = S_el(body, "a");
	xmlSetProp(a, BAD_CAST "href", BAD_CAST "DOC-1.html#s\"q");
	xmlSetProp(a, BAD_CAST "title", BAD_CAST "it's \"quoted\"");
	xmlSetProp(a, BAD_CAST "class", BAD_CAST "x'y");
	S_text(a, "a\x01" "b\tc\r\n");
	xmlNodePtr in = S_el(body, "input");
	xmlSetProp(in, BAD_CAST "checked", BAD_CAST "checked");
	xmlSetProp(in, BAD_CAST "disabled", NULL);
	xmlSetProp(in, BAD_CAST "value", BAD_CAST "&{x}<!--y-->&z");
	S_text(S_el(body, "br"), "dropped: br is empty");
	S_el(body, "p");
	S_el(body, "x-custom");
	xmlNodePtr svg = S_el(body, "svg");
	xmlSetNs(svg, xmlNewNs(svg, BAD_CAST "http://www.w3.org/2000/svg", NULL));
	xmlNodePtr rect = xmlNewDocNode(doc, svg->ns, BAD_CAST "rect", NULL);
	xmlAddChild(svg, rect);
	xmlSetProp(rect, BAD_CAST "width", BAD_CAST "100%");
	xmlAddChild(body, xmlNewDocComment(doc, BAD_CAST " a comment "));
	return doc;
}

Test(html_save, writes_a_page_as_libxslt_does)
{
	char *s = S_save(S_page);
	cr_assert_str_eq(
	        s,
	        "<!DOCTYPE html>\n"
	        "<html lang=\"en\"><head>"
	        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
	        "<title>R&amp;D &lt;policy&gt; \xc3\xa9</title>"
	        "<link href=\"assets/a%20b%C3%A9.css?x=1&amp;y=%5B2%5D\">"
	        "<script>if (a < b && c > d) {}</script></head>"
	        "<body><a href=\"DOC-1.html#s%22q\" title=\"it's &quot;quoted&quot;\" class=\"x'y\">"
	        "ab\tc\r\n</a>"
	        "<input checked disabled value=\"&{x}<!--y-->&amp;z\">"
	        "<br><p></p><x-custom></x-custom>"
	        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\"></rect></svg>"
	        "<!-- a comment --></body></html>\n");
	free(s);
}

/* an attribute holding an entity reference: libxml2 writes it, the same */
static xmlDocPtr S_entity_attr(void)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr p = xmlNewDocNode(doc, NULL, BAD_CAST "p", NULL);
	xmlAddChild((xmlNodePtr)doc, p);
	xmlAttrPtr a = xmlSetProp(p, BAD_CAST "title", BAD_CAST "a");
	xmlAddChild((xmlNodePtr)a, xmlNewReference(doc, BAD_CAST "amp"));
	S_text(p, "x");
	return doc;
}

Test(html_save, leaves_to_libxml2_what_it_does_not_write_itself)
{
	char *s = S_save(S_entity_attr);
	cr_assert_str_eq(s, "<p title=\"a&amp;\">x</p>\n");
	free(s);
}

static xmlDocPtr S_nothing(void)
{
	return htmlNewDocNoDtD(NULL, NULL);
}

Test(html_save, writes_nothing_of_an_empty_tree)
{
	char *s = S_save(S_nothing);
	cr_assert_str_eq(s, "");
	free(s);
}

/* a page of 3 MB: written through a file a piece at a time */
static xmlDocPtr S_large(void)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr ul = xmlNewDocNode(doc, NULL, BAD_CAST "ul", NULL);
	xmlAddChild((xmlNodePtr)doc, ul);
	for (int i = 0; i < 40000; i++) {
		char href[64];
		snprintf(href, sizeof href, "documents/DOC %d.html", i);
		xmlNodePtr a = S_el(S_el(ul, "li"), "a");
		xmlSetProp(a, BAD_CAST "href", BAD_CAST href);
		S_text(a, "Risk & treatment <plan>");
	}
	return doc;
}

Test(html_save, writes_a_large_page_through_a_file_the_same)
{
	char *want = S_save(S_large);
	cr_assert_gt(strlen(want), 3000000);
	xmlDocPtr doc = S_large();
	FILE *f = tmpfile();
	cr_assert_not_null(f);
	ismc_buf scratch = { 0 };
	cr_assert_eq(ismc_html_save(doc, "UTF-8", &scratch, f), 0);
	cr_assert_lt(scratch.len, (size_t)1 << 17, "the scratch buffer holds a piece, not the page");
	long n = ftell(f);
	rewind(f);
	char *got = malloc((size_t)n + 1);
	cr_assert_eq(fread(got, 1, (size_t)n, f), (size_t)n);
	got[n] = '\0';
	cr_assert_str_eq(got, want);
	free(got);
	fclose(f);
	ismc_buf_free(&scratch);
	xmlFreeDoc(doc);
	free(want);
}

/* ismc_html_save_usable of a stylesheet whose output is `output`; the
 * encoding it gives into S_enc */
static char S_enc[32];
static int S_usable(const char *output)
{
	char xsl[1024];
	snprintf(xsl, sizeof xsl,
	         "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
	         "%s<xsl:template match='/'><p/></xsl:template></xsl:stylesheet>",
	         output);
	xmlDocPtr d = xmlReadMemory(xsl, (int)strlen(xsl), "t.xsl", NULL, 0);
	cr_assert_not_null(d);
	xsltStylesheetPtr st = xsltParseStylesheetDoc(d);
	cr_assert_not_null(st);
	const char *enc = NULL;
	int r = ismc_html_save_usable(st, &enc);
	snprintf(S_enc, sizeof S_enc, "%s", r ? enc : "");
	xsltFreeStylesheet(st);
	return r;
}

Test(html_save, writes_only_the_output_it_knows)
{
	cr_assert_eq(S_usable("<xsl:output method='html' encoding='UTF-8' indent='no'/>"), 1);
	cr_assert_str_eq(S_enc, "UTF-8");
	cr_assert_eq(S_usable("<xsl:output method='html' encoding='utf-8' indent='no'/>"), 1);
	cr_assert_str_eq(S_enc, "utf-8", "the meta element says what the stylesheet spells");
	/* libxslt's to write: indented, another encoding, XML, not said */
	cr_assert_eq(S_usable("<xsl:output method='html' encoding='UTF-8'/>"), 0);
	cr_assert_eq(S_usable("<xsl:output method='html' encoding='UTF-8' indent='yes'/>"), 0);
	cr_assert_eq(S_usable("<xsl:output method='html' encoding='ISO-8859-1' indent='no'/>"),
	             0);
	cr_assert_eq(S_usable("<xsl:output method='xml' encoding='UTF-8' indent='no'/>"), 0);
	cr_assert_eq(S_usable("<xsl:output method='html' indent='no'/>"), 0);
	cr_assert_eq(S_usable(""), 0);
}

/* ---- xml.c's ismc_xml_dump: a pack's body as xmlNodeDumpOutput writes it ---- */

static xmlNodePtr S_xml_body(xmlDocPtr doc)
{
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "evidence-pack", NULL);
	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, BAD_CAST "urn:ismc:pack:1", NULL));
	xmlNodePtr body = xmlNewChild(root, root->ns, BAD_CAST "body", NULL);
	xmlNodePtr sec = xmlNewChild(body, root->ns, BAD_CAST "section", NULL);
	xmlSetProp(sec, BAD_CAST "id", BAD_CAST "caf\xc3\xa9-\"1\"\t<x>&\n");
	xmlNodePtr h = xmlNewChild(sec, root->ns, BAD_CAST "heading", NULL);
	xmlNodeAddContent(h, BAD_CAST "R&D <plan> \xc3\xa9\r");
	xmlNodePtr p = xmlNewChild(sec, root->ns, BAD_CAST "p", NULL);
	xmlNodeAddContent(p, BAD_CAST "see ");
	xmlNodePtr em = xmlNewChild(p, root->ns, BAD_CAST "em", NULL);
	xmlNewChild(em, root->ns, BAD_CAST "br", NULL);
	xmlNewChild(sec, root->ns, BAD_CAST "hr", NULL);
	return body;
}

Test(html_save, dumps_a_body_as_libxml2_does)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr body = S_xml_body(doc);
	ismc_buf mine = { 0 };
	cr_assert_eq(ismc_xml_dump(&mine, body, 2), 0);
	xmlBufferPtr ref = xmlBufferCreate();
	xmlOutputBufferPtr ob = xmlOutputBufferCreateBuffer(ref, NULL);
	xmlNodeDumpOutput(ob, doc, body, 2, 1, "UTF-8");
	xmlOutputBufferClose(ob);
	cr_assert_str_eq(mine.data, (const char *)xmlBufferContent(ref));
	cr_assert_str_eq(mine.data, "<body>\n"
	                            "      <section id=\"caf&#xE9;-&quot;1&quot;&#9;&lt;x&gt;&amp;&#10;\">\n"
	                            "        <heading>R&amp;D &lt;plan&gt; \xc3\xa9&#13;</heading>\n"
	                            "        <p>see <em><br/></em></p>\n"
	                            "        <hr/>\n"
	                            "      </section>\n"
	                            "    </body>");
	xmlBufferFree(ref);
	ismc_buf_free(&mine);
	xmlFreeDoc(doc);
}

Test(html_save, dumps_a_body_of_a_document_of_a_declared_encoding_as_libxml2_does)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* as emit.c's S_save_streamed */
	xmlNodePtr body = S_xml_body(doc);
	ismc_buf mine = { 0 };
	cr_assert_eq(ismc_xml_dump(&mine, body, 0), 0);
	xmlBufferPtr ref = xmlBufferCreate();
	xmlOutputBufferPtr ob = xmlOutputBufferCreateBuffer(ref, NULL);
	xmlNodeDumpOutput(ob, doc, body, 0, 1, "UTF-8");
	xmlOutputBufferClose(ob);
	cr_assert_str_eq(mine.data, (const char *)xmlBufferContent(ref));
	cr_assert(strstr(mine.data, "id=\"caf\xc3\xa9-&quot;"), "UTF-8 as it is: %s", mine.data);
	xmlBufferFree(ref);
	ismc_buf_free(&mine);
	xmlFreeDoc(doc);
}

Test(html_save, leaves_to_libxml2_the_body_it_does_not_dump_itself)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr body = S_xml_body(doc);
	xmlAddChild(body, xmlNewDocComment(doc, BAD_CAST "x"));
	ismc_buf mine = { 0 };
	ismc_buf_puts(&mine, "kept");
	cr_assert_eq(ismc_xml_dump(&mine, body, 1), -1);
	cr_assert_str_eq(mine.data, "kept", "nothing appended");
	ismc_buf_free(&mine);
	xmlFreeDoc(doc);
}
