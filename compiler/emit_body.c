/* emit_body.c: a document body from the cmark-gfm syntax tree into the
 * project's own XML, by one ENTER/EXIT walk. Top-level headings open nested
 * <section>s carrying GitHub's anchor; bracketed ids and local links become
 * reference elements with their resolved target, so templates can link them.
 * Raw HTML is dropped, never carried over as markup; links with forbidden
 * schemes keep their text but lose their address. */
#include "ismc.h"

#include <assert.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const ismc_model *m;
	const ismc_doc *doc;
	xmlNodePtr body;
	ismc_map *slugs; /* anchors given so far, for GitHub's -1, -2 suffixes */
	ismc_map *github; /* every heading's GitHub anchor (a pre-pass) */
	ismc_map *given;  /* every id given in the body so far */
	ismc_body src;   /* the source, to tell escaped ids as the check does */
	ismc_arena *a;
	long footnotes; /* definitions seen */
	size_t nlinks;  /* links and images entered so far: the next is doc->links[nlinks] */
	ismc_vec *asked; /* the ids looked up, or NULL */
} S_ctx;

static const char *S_type(cmark_node *n)
{
	return cmark_node_get_type_string(n);
}

/* Does the walk give this node an EXIT event that closes an element? cmark's
 * iterator gives EXIT to every node that can hold children, empty or not. */
static int S_container(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING: case CMARK_NODE_PARAGRAPH: case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST: case CMARK_NODE_ITEM: case CMARK_NODE_EMPH: case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK: case CMARK_NODE_FOOTNOTE_DEFINITION:
		return 1;
	default: {
		const char *ts = S_type(n);
		return !strcmp(ts, "table") || !strcmp(ts, "table_header") || !strcmp(ts, "table_row") ||
		       !strcmp(ts, "table_cell") || !strcmp(ts, "strikethrough");
	}
	}
}

/* Text with bracketed ids that resolve turned into <ref> elements; `lit` is
 * the node's literal or a prefix of it (a heading without its `{#id}`). */
static void S_text(S_ctx *c, xmlNodePtr parent, cmark_node *n, const char *lit)
{
	const char *start = lit, *end;
	char id[64];
	for (const char *p = ismc_ref_next(lit, id, &end); p; p = ismc_ref_next(end, id, &end)) {
		int line;
		if (ismc_body_ref_pos(&c->src, n, (size_t)(p - lit), (size_t)(end - p), &line) < 0)
			continue; /* `\[POL-1]`: text on purpose, as the check read it */
		/* an id in the wrong case is text, as the check reports it */
		const char *kind = NULL;
		const char *title = NULL;
		if (ismc_ref_classify(id) != ISMC_REF_WRONG_CASE) {
			title = ismc_ref_title(c->m, id, &kind);
			if (c->asked) {
				ismc_buf b = { 0 };
				ismc_buf_printf(&b, "ref\x1f%s", id);
				ismc_vec_push(c->asked, b.data);
			}
		}
		if (!kind)
			continue;
		ismc_xml_text(parent, start, (size_t)(p - start));
		xmlNodePtr r = ismc_xml_el(parent, "ref");
		ismc_xml_attr(r, "id", id);
		ismc_xml_attr(r, "kind", kind);
		ismc_xml_attr(r, "title", title);
		ismc_xml_text(r, p, (size_t)(end - p));
		start = end;
	}
	ismc_xml_text(parent, start, strlen(start));
}

/* The link record the resolve step filled for node `n`, the k-th link or
 * image of the walk: markdown.c's scan counted the same nodes of the same
 * text in the same order. */
static const ismc_link *S_link_of(S_ctx *c, cmark_node *n)
{
	const ismc_link *l = c->nlinks < c->doc->nlinks ? &c->doc->links[c->nlinks] : NULL;
	const char *url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
	c->nlinks++;
	assert(l && strcmp(l->url, url) == 0);
	return l && strcmp(l->url, url) == 0 ? l : NULL;
}

/* <link> for a Markdown link: where it goes, as the resolve step found. */
static xmlNodePtr S_link(S_ctx *c, xmlNodePtr parent, cmark_node *n, const ismc_link *rl,
                         int image)
{
	xmlNodePtr l = ismc_xml_el(parent, image ? "image" : "link");
	const char *title = cmark_node_get_title(n);
	if (title && *title)
		ismc_xml_attr(l, "title", title);
	switch (rl ? rl->kind : ISMC_LINK_EMPTY) {
	case ISMC_LINK_EXTERNAL:
		ismc_xml_attr(l, "kind", "external");
		ismc_xml_attr(l, image ? "src" : "href", rl->url);
		break;
	case ISMC_LINK_LOCAL: {
		const ismc_doc *d = rl->doc;
		if (d && d->id.s && !image) {
			ismc_xml_attr(l, "kind", d == c->doc ? "anchor" : "document");
			ismc_xml_attr(l, "target", d->id.s);
		} else {
			ismc_xml_attr(l, "kind", "file");
		}
		ismc_xml_attr(l, "path", rl->target);
		if (rl->frag && *rl->frag)
			ismc_xml_attr(l, "fragment", rl->frag);
		break;
	}
	case ISMC_LINK_REPO:
		if (rl->repo_at != ISMC_AT_NONE) { /* a file of the repository, outside the root */
			ismc_xml_attr(l, "kind", "file");
			ismc_xml_attr(l, "path", rl->target);
			ismc_xml_attr(l, "scope", "repository");
			break;
		}
		/* fall through */
	default:
		ismc_xml_attr(l, "kind", "removed"); /* unsafe, empty or outside the repository */
		break;
	}
	return l;
}

/* Records a heading's GitHub anchor as given; returns it. */
static const char *S_given(S_ctx *c, const char *id)
{
	ismc_map_put(c->given, id, (void *)id);
	return id;
}

/* <anchor id="..."/>: a `{#id}` or raw HTML's target. An id that a heading's
 * GitHub anchor takes, or one given already, is left out: ids in a page are
 * unique, and the heading's own wins. */
static void S_anchor(S_ctx *c, xmlNodePtr parent, const char *id)
{
	if (!id || !*id || ismc_map_get(c->github, id) || ismc_map_get(c->given, id))
		return;
	ismc_map_put(c->given, id, (void *)id);
	ismc_xml_attr(ismc_xml_el(parent, "anchor"), "id", id);
}

void ismc_emit_body(const ismc_model *m, const ismc_doc *doc, const char *body, size_t len,
                    xmlNodePtr parent, ismc_vec *asked)
{
	S_ctx c = { m, doc, parent, ismc_map_new(), ismc_map_new(), ismc_map_new(), { 0 },
		    ismc_arena_new(), 0, 0, asked };
	ismc_body_init(&c.src, body, len);
	cmark_node *root = ismc_markdown_parse(body, len);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	{
		ismc_map *seen = ismc_map_new();
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
			if (ev == CMARK_EVENT_ENTER &&
			    cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_HEADING) {
				const char *g = ismc_heading_anchor(c.a, seen, cmark_iter_get_node(it));
				ismc_map_put(c.github, g, (void *)g);
			}
		ismc_map_free(seen);
		cmark_iter_reset(it, root, CMARK_EVENT_ENTER);
	}
	xmlNodePtr cur = parent;
	/* open sections by heading level, for top-level headings */
	xmlNodePtr sections[7] = { 0 };
	int skip = 0; /* inside an image: its children become alt text */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = S_type(n);
		if (t == CMARK_NODE_DOCUMENT)
			continue;
		/* every link and image counts, even inside an image's alt text */
		const ismc_link *rl = NULL;
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE))
			rl = S_link_of(&c, n);
		if (skip) {
			if (t == CMARK_NODE_IMAGE && ev == CMARK_EVENT_EXIT)
				skip--;
			continue;
		}
		if (ev == CMARK_EVENT_EXIT) {
			if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)
				continue;
			if (S_container(n))
				cur = cur->parent; /* a top-level heading leaves us in its section */
			continue;
		}
		/* ENTER */
		int leaf = 0;
		xmlNodePtr el = NULL;
		switch (t) {
		case CMARK_NODE_HEADING: {
			int level = cmark_node_get_heading_level(n);
			if (cmark_node_parent(n) == root) {
				/* close sections of this level and deeper, open a new one */
				xmlNodePtr host = parent;
				for (int l = 1; l < level; l++)
					if (sections[l])
						host = sections[l];
				for (int l = level; l <= 6; l++)
					sections[l] = NULL;
				xmlNodePtr sec = ismc_xml_el(host, "section");
				ismc_xml_attrl(sec, "level", level);
				ismc_xml_attr(sec, "id", S_given(&c, ismc_heading_anchor(c.a, c.slugs, n)));
				sections[level] = sec;
				el = ismc_xml_el(sec, "heading");
			} else {
				el = ismc_xml_el(cur, "heading");
				ismc_xml_attr(el, "id", S_given(&c, ismc_heading_anchor(c.a, c.slugs, n)));
			}
			ismc_xml_attrl(el, "level", level);
			S_anchor(&c, el, ismc_heading_custom_id(c.a, n, NULL));
			break;
		}
		case CMARK_NODE_PARAGRAPH: {
			/* a paragraph at the top level goes into the innermost open section */
			xmlNodePtr host = cur;
			if (cmark_node_parent(n) == root)
				for (int l = 1; l <= 6; l++)
					if (sections[l])
						host = sections[l];
			el = ismc_xml_el(host, "p");
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE:
		case CMARK_NODE_LIST:
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_THEMATIC_BREAK:
		case CMARK_NODE_FOOTNOTE_DEFINITION: {
			xmlNodePtr host = cur;
			if (cmark_node_parent(n) == root)
				for (int l = 1; l <= 6; l++)
					if (sections[l])
						host = sections[l];
			if (t == CMARK_NODE_BLOCK_QUOTE) {
				el = ismc_xml_el(host, "blockquote");
			} else if (t == CMARK_NODE_LIST) {
				el = ismc_xml_el(host, "list");
				int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				ismc_xml_attr(el, "type", ordered ? "ordered" : "bullet");
				if (ordered)
					ismc_xml_attrl(el, "start", cmark_node_get_list_start(n));
				ismc_xml_attr(el, "tight", cmark_node_get_list_tight(n) ? "true" : "false");
			} else if (t == CMARK_NODE_CODE_BLOCK) {
				xmlNodePtr cb = ismc_xml_el(host, "code-block");
				const char *info = cmark_node_get_fence_info(n);
				if (info && *info) {
					size_t l = strcspn(info, " \t");
					char lang[64];
					snprintf(lang, sizeof lang, "%.*s", (int)(l < 63 ? l : 63), info);
					ismc_xml_attr(cb, "lang", lang);
				}
				const char *lit = cmark_node_get_literal(n);
				ismc_xml_text(cb, lit, strlen(lit));
				leaf = 1;
			} else if (t == CMARK_NODE_THEMATIC_BREAK) {
				ismc_xml_el(host, "hr");
				leaf = 1;
			} else {
				/* cmark-gfm numbers references 1, 2, ... in order of first
				 * use and moves the definitions to the end in that order,
				 * dropping unused ones: the n-th definition is note n */
				el = ismc_xml_el(host, "footnote");
				ismc_xml_attrl(el, "label", ++c.footnotes);
			}
			break;
		}
		case CMARK_NODE_ITEM: {
			el = ismc_xml_el(cur, "item");
			if (!strcmp(ts, "tasklist"))
				ismc_xml_attr(el, "task", cmark_gfm_extensions_get_tasklist_item_checked(n)
				                          ? "done" : "open");
			break;
		}
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE: {
			/* raw HTML never reaches the outputs; its targets (<a id>,
			 * <a name>) do, as anchors, so links to them work there too */
			xmlNodePtr host = cur;
			if (cmark_node_parent(n) == root)
				for (int l = 1; l <= 6; l++)
					if (sections[l])
						host = sections[l];
			ismc_vec ids = { 0 };
			ismc_html_anchors(c.a, cmark_node_get_literal(n), &ids);
			for (size_t i = 0; i < ids.n; i++)
				S_anchor(&c, host, ids.v[i]);
			ismc_vec_free(&ids);
			leaf = 1;
			break;
		}
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			cmark_node *h = cmark_node_parent(n);
			size_t strip = 0;
			/* `## Title {#id}` shows "Title", as Docusaurus and Pandoc do */
			if (h && cmark_node_get_type(h) == CMARK_NODE_HEADING && !cmark_node_next(n) &&
			    ismc_heading_custom_id(c.a, h, &strip) && strip)
				lit = ismc_arena_strndup(c.a, lit, strlen(lit) - strip);
			S_text(&c, cur, n, lit);
			leaf = 1;
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			ismc_xml_text(cur, "\n", 1);
			leaf = 1;
			break;
		case CMARK_NODE_LINEBREAK:
			ismc_xml_el(cur, "br");
			leaf = 1;
			break;
		case CMARK_NODE_CODE: {
			xmlNodePtr code = ismc_xml_el(cur, "code");
			const char *lit = cmark_node_get_literal(n);
			ismc_xml_text(code, lit, strlen(lit));
			leaf = 1;
			break;
		}
		case CMARK_NODE_EMPH:
			el = ismc_xml_el(cur, "em");
			break;
		case CMARK_NODE_STRONG:
			el = ismc_xml_el(cur, "strong");
			break;
		case CMARK_NODE_LINK:
			el = S_link(&c, cur, n, rl, 0);
			break;
		case CMARK_NODE_IMAGE: {
			xmlNodePtr img = S_link(&c, cur, n, rl, 1);
			ismc_buf alt = { 0 };
			ismc_markdown_plain(n, &alt);
			ismc_xml_attr(img, "alt", alt.data ? alt.data : "");
			ismc_buf_free(&alt);
			skip = 1;
			leaf = 1;
			break;
		}
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			xmlNodePtr fr = ismc_xml_el(cur, "footnote-ref");
			const char *lit = cmark_node_get_literal(n);
			ismc_xml_attr(fr, "label", lit ? lit : "");
			leaf = 1;
			break;
		}
		default:
			if (!strcmp(ts, "table")) {
				xmlNodePtr host = cur;
				if (cmark_node_parent(n) == root)
					for (int l = 1; l <= 6; l++)
						if (sections[l])
							host = sections[l];
				el = ismc_xml_el(host, "table");
			} else if (!strcmp(ts, "table_header") || !strcmp(ts, "table_row")) {
				el = ismc_xml_el(cur, "row");
				if (!strcmp(ts, "table_header"))
					ismc_xml_attr(el, "header", "true");
			} else if (!strcmp(ts, "table_cell")) {
				el = ismc_xml_el(cur, "cell");
				/* the column's alignment, from the table node */
				cmark_node *row = cmark_node_parent(n), *table = cmark_node_parent(row);
				int col = 0;
				for (cmark_node *p = cmark_node_previous(n); p; p = cmark_node_previous(p))
					col++;
				uint8_t *al = cmark_gfm_extensions_get_table_alignments(table);
				if (al && col < (int)cmark_gfm_extensions_get_table_columns(table) && al[col]) {
					const char *a = al[col] == 'l' ? "left" : al[col] == 'c' ? "center"
					                : al[col] == 'r' ? "right" : NULL;
					ismc_xml_attr(el, "align", a);
				}
			} else if (!strcmp(ts, "strikethrough")) {
				el = ismc_xml_el(cur, "del");
			} else {
				leaf = 1; /* an extension node we do not know: its text is lost */
			}
			break;
		}
		if (leaf || !el)
			continue;
		/* a node without children gets no EXIT event */
		if (S_container(n))
			cur = el;
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	ismc_map_free(c.slugs);
	ismc_map_free(c.github);
	ismc_map_free(c.given);
	ismc_body_free(&c.src);
	ismc_arena_free(c.a);
}
