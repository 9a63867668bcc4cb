/* The pack kept in memory and what the document pages' batches build of it
 * (emit.c, ismc_pack_doc_copy): each body parsed back from
 * evidence-pack.xml, the whitespace of its formatted save taken out, is the
 * tree built from the Markdown; where what parses back is not that tree,
 * the body is built again. */
#include <criterion/criterion.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256];

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "pack");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(pack, .init = S_setup, .fini = S_teardown);

/* Document i of `p` built by ismc_pack_doc_copy under a copy of the pack's
 * root, as a batch's pack has it, and written unformatted; the caller
 * frees it. *parsed: whether its body was parsed back. */
static char *S_copy_bytes(const ismc_pack *p, size_t i, int *parsed)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlDocCopyNode(xmlDocGetRootElement(p->doc), doc, 2);
	xmlDocSetRootElement(doc, root);
	xmlNodePtr n = ismc_pack_doc_copy(p, i, ismc_xml_el(root, "documents"), parsed);
	xmlBufferPtr b = xmlBufferCreate();
	cr_assert(xmlNodeDump(b, doc, n, 0, 0) > 0);
	char *out = ismc_xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	xmlFreeDoc(doc);
	return out;
}

/* A paragraph whose text, by character references, is a newline and
 * spaces around its emphasis, for every depth up to 32: one of them is
 * what the formatted save writes around the emphasis of a paragraph at
 * the depth of this document's paragraphs. */
static void S_write_indent_doc(const char *path)
{
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "---\nid: DOC-INDENT\ntitle: Text like indentation\ntype: guideline\n"
	                    "owner: CISO\nversion: \"1.0\"\nstatus: draft\n---\n"
	                    "# Text like indentation\n\n");
	for (int n = 0; n < 32; n++) {
		ismc_buf_printf(&b, "&#10;");
		for (int k = 0; k < 2 * n + 2; k++)
			ismc_buf_printf(&b, "&#32;");
		ismc_buf_printf(&b, "*a*&#10;");
		for (int k = 0; k < 2 * n; k++)
			ismc_buf_printf(&b, "&#32;");
		ismc_buf_printf(&b, "\n\n");
	}
	t_spit(path, b.data);
	ismc_buf_free(&b);
}

Test(pack, each_body_parsed_back_is_the_body_built)
{
	const char *root = t_path("%s/isms", S_tmp);
	t_copy_fixture("minimal", root);
	/* every construct of a body (tests/body) */
	t_sh("cp '%s'/body/isms/*.md '%s'/", ISMC_SOURCE_DIR "/tests", root);
	S_write_indent_doc(t_path("%s/indent.md", root));
	t_model m;
	t_model_load(&m, root, "2026-06-30");
	const char *out = t_path("%s/out", S_tmp);
	t_sh("mkdir -p '%s'", out);
	ismc_emit_ctx ctx = { m.m, m.d, 1, NULL, NULL, -1, 0, NULL, 0, NULL, NULL };
	ismc_pack p;
	ismc_error err = { { 0 } };
	cr_assert_eq(ismc_emit_all(&ctx, out, &p, &err), 0, "%s", err.msg);
	cr_assert_not_null(p.kept, "evidence-pack.xml is open for the batches");
	size_t indent = p.ndocs, parsed_back = 0;
	for (size_t i = 0; i < p.ndocs; i++) {
		const ismc_doc *d = m.m->docs.v[i];
		if (d->id.s && !strcmp(d->id.s, "DOC-INDENT"))
			indent = i;
		int parsed = 0, built = -1;
		char *back = S_copy_bytes(&p, i, &parsed);
		FILE *kept = p.kept;
		p.kept = NULL; /* built from the Markdown */
		char *want = S_copy_bytes(&p, i, &built);
		p.kept = kept;
		cr_expect_eq(built, 0);
		cr_expect_str_eq(back, want, "%s", d->path);
		parsed_back += (size_t)parsed;
		free(back);
		free(want);
	}
	cr_assert_lt(indent, p.ndocs);
	/* every body but DOC-INDENT's parses back; its text that looks like
	 * the save's indentation would be taken out with it, so it is built */
	cr_expect_eq(parsed_back, p.ndocs - 1, "%zu of %zu parsed back", parsed_back, p.ndocs);
	int parsed = 1;
	free(S_copy_bytes(&p, indent, &parsed));
	cr_expect_eq(parsed, 0, "DOC-INDENT's body is built, not parsed back");
	ismc_pack_free(&p);
	t_model_free(&m);
}
