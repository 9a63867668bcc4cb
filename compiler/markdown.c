/* markdown.c: document bodies through cmark-gfm with GitHub's extensions, so
 * what ismc reads is what reviewers see in the pull request. From the syntax
 * tree (never from raw text, so code spans and blocks are left alone) it
 * keeps bracketed ids, links and heading anchors, each with its file position;
 * the tree itself is freed at once. */
#include "ismc.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#define S_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES)

cmark_node *ismc_markdown_parse(const char *body, size_t len)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(S_OPTIONS);
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, body, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

ismc_ref_kind ismc_ref_classify(const char *s)
{
	if (ismc_id_valid(s))
		return ISMC_REF_ID;
	char canon[24];
	if (ismc_control_canonical(s, canon) == 0)
		return ISMC_REF_CONTROL;
	if (!isalpha((unsigned char)s[0]))
		return ISMC_REF_NONE;
	int hyphen = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '-')
			hyphen = 1;
		else if (!isalnum((unsigned char)*p))
			return ISMC_REF_NONE;
	}
	return hyphen ? ISMC_REF_WRONG_CASE : ISMC_REF_NONE;
}

/* github-slugger's rule, the one GitHub's renderers share: the text
 * lower-cased (Unicode's full, locale-free lower-casing: u_strToLower in the
 * root locale, as JavaScript's toLowerCase; not case folding, which would
 * turn 'ß' into "ss"), then every character dropped but the alphabetic ones,
 * marks (U+FE0F among them), decimal digits, connector punctuation ('_') and
 * '-', and each space (U+0020 only) made a '-'. Measured against
 * github-slugger 2.0.0 over every code point (tests/anchors/): it agrees on
 * every character Unicode 13 assigned; later ones it drops, ICU knows. */
static int S_slug_keep(UChar32 c)
{
	return c == '-' || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
	       (U_GET_GC_MASK(c) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

char *ismc_slugify(ismc_arena *a, const char *text)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0, nlow = 0;
	/* invalid UTF-8 (never in a screened document) becomes U+FFFD, dropped */
	u_strFromUTF8WithSub(NULL, 0, &n16, text, -1, 0xFFFD, NULL, &st);
	st = U_ZERO_ERROR;
	UChar *src = ismc_xmalloc(((size_t)n16 + 1) * sizeof(UChar));
	u_strFromUTF8WithSub(src, n16 + 1, NULL, text, -1, 0xFFFD, NULL, &st);
	st = U_ZERO_ERROR;
	nlow = u_strToLower(NULL, 0, src, n16, "", &st);
	st = U_ZERO_ERROR;
	UChar *low = ismc_xmalloc(((size_t)nlow + 1) * sizeof(UChar));
	u_strToLower(low, nlow + 1, src, n16, "", &st);
	if (U_FAILURE(st))
		nlow = 0;
	ismc_buf b = { 0 };
	for (int32_t i = 0; i < nlow;) {
		UChar32 c;
		U16_NEXT(low, i, nlow, c);
		if (c == ' ') {
			ismc_buf_put(&b, "-", 1);
		} else if (S_slug_keep(c)) {
			char u8[4];
			int32_t k = 0;
			UBool err = 0;
			U8_APPEND(u8, k, 4, c, err);
			if (!err)
				ismc_buf_put(&b, u8, (size_t)k);
		}
	}
	free(src);
	free(low);
	char *r = ismc_arena_strdup(a, b.data ? b.data : "");
	ismc_buf_free(&b);
	return r;
}

void ismc_markdown_plain(cmark_node *n, ismc_buf *b)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			ismc_buf_puts(b, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			ismc_buf_puts(b, " ");
		else
			ismc_markdown_plain(c, b);
	}
}

/* A heading's text as a browser has it from the rendered HTML (its
 * textContent), which is what GitHub slugs: an image has none (its alt is
 * an attribute), raw HTML tags none, a soft break is the newline cmark
 * writes (which the slug drops). */
static void S_heading_text(cmark_node *n, ismc_buf *b)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			ismc_buf_puts(b, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK)
			ismc_buf_puts(b, "\n");
		else if (t != CMARK_NODE_IMAGE && t != CMARK_NODE_HTML_INLINE &&
		         t != CMARK_NODE_LINEBREAK)
			S_heading_text(c, b);
	}
}

const char *ismc_heading_anchor(ismc_arena *a, ismc_map *seen, cmark_node *heading)
{
	ismc_buf b = { 0 };
	S_heading_text(heading, &b);
	char *slug = ismc_slugify(a, b.data ? b.data : "");
	ismc_buf_free(&b);
	/* github-slugger: a repeated anchor gets -1, -2, ... (counted from the
	 * base, skipping any already taken, as "a-1" written out might be) */
	const char *unique = slug;
	for (int k = 1; ismc_map_get(seen, unique); k++)
		unique = ismc_arena_printf(a, "%s-%d", slug, k);
	ismc_map_put(seen, unique, (void *)unique);
	return unique;
}

/* The length of a trailing ` {#id}` attribute of `lit` (0: none) and the id
 * into `id` (arena). Docusaurus, Pandoc and kramdown read `{#id}` at the
 * end of a heading as its id; GitHub shows it as text (and slugs it). */
static size_t S_custom_attr(ismc_arena *a, const char *lit, const char **id)
{
	size_t n = strlen(lit);
	while (n && (lit[n - 1] == ' ' || lit[n - 1] == '\t'))
		n--;
	if (n < 4 || lit[n - 1] != '}')
		return 0;
	size_t open = n - 1;
	while (open > 0 && lit[open - 1] != '{' && lit[open - 1] != ' ' && lit[open - 1] != '}')
		open--;
	if (open == 0 || lit[open - 1] != '{' || lit[open] != '#' || open + 1 >= n - 1)
		return 0;
	size_t start = open - 1; /* the '{' */
	if (start > 0 && lit[start - 1] != ' ' && lit[start - 1] != '\t')
		return 0;
	*id = ismc_arena_strndup(a, lit + open + 1, n - 1 - (open + 1));
	while (start > 0 && (lit[start - 1] == ' ' || lit[start - 1] == '\t'))
		start--;
	return strlen(lit) - start;
}

const char *ismc_heading_custom_id(ismc_arena *a, cmark_node *heading, size_t *strip)
{
	cmark_node *last = cmark_node_last_child(heading);
	const char *id = NULL;
	size_t n = 0;
	if (last && cmark_node_get_type(last) == CMARK_NODE_TEXT)
		n = S_custom_attr(a, cmark_node_get_literal(last), &id);
	if (strip)
		*strip = n;
	return n ? id : NULL;
}

/* The value of attribute `name` in the tag at tag[0..len) ('<' to '>'),
 * into the arena, or NULL. */
static const char *S_attr(ismc_arena *a, const char *tag, size_t len, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 1; i + nl < len; i++) {
		if (!isspace((unsigned char)tag[i - 1]) || strncasecmp(tag + i, name, nl) != 0)
			continue;
		size_t k = i + nl;
		while (k < len && isspace((unsigned char)tag[k]))
			k++;
		if (k >= len || tag[k] != '=')
			continue;
		k++;
		while (k < len && isspace((unsigned char)tag[k]))
			k++;
		char q = k < len && (tag[k] == '"' || tag[k] == '\'') ? tag[k] : 0;
		size_t v = k + (q != 0), e = v;
		while (e < len && (q ? tag[e] != q : !isspace((unsigned char)tag[e]) && tag[e] != '>'))
			e++;
		if (e > v)
			return ismc_arena_strndup(a, tag + v, e - v);
	}
	return NULL;
}

void ismc_html_anchors(ismc_arena *a, const char *html, ismc_vec *out)
{
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		if (!isalpha((unsigned char)p[1]))
			continue;
		size_t len = strcspn(p, ">");
		int is_a = (p[1] == 'a' || p[1] == 'A') && (isspace((unsigned char)p[2]) || p[2] == '>');
		const char *id = S_attr(a, p, len, "id");
		if (id)
			ismc_vec_push(out, (void *)id);
		const char *name = is_a ? S_attr(a, p, len, "name") : NULL;
		if (name && !(id && !strcmp(id, name)))
			ismc_vec_push(out, (void *)name);
	}
}

const char *ismc_ref_next(const char *p, char id[64], const char **end)
{
	for (p = strchr(p, '['); p; p = strchr(p + 1, '[')) {
		const char *q = p + 1;
		while (*q && *q != ']' && *q != '[' && !isspace((unsigned char)*q))
			q++;
		if (*q != ']' || q == p + 1 || q - p > 64)
			continue;
		memcpy(id, p + 1, (size_t)(q - p - 1));
		id[q - p - 1] = '\0';
		if (ismc_ref_classify(id) == ISMC_REF_NONE)
			continue;
		*end = q + 1;
		return p;
	}
	return NULL;
}

typedef struct {
	ismc_arena *a;
	ismc_vec slugs;
	ismc_map *seen;
} S_slugs;

/* The anchors a heading gives: GitHub's, and the `{#id}` one. */
static void S_add_heading(S_slugs *s, cmark_node *n)
{
	ismc_vec_push(&s->slugs, (void *)ismc_heading_anchor(s->a, s->seen, n));
	const char *custom = ismc_heading_custom_id(s->a, n, NULL);
	if (custom)
		ismc_vec_push(&s->slugs, (void *)custom);
}

/* The anchors a node gives: a heading's, raw HTML's id and name. */
static void S_add_anchors(S_slugs *s, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	if (t == CMARK_NODE_HEADING)
		S_add_heading(s, n);
	else if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)
		ismc_html_anchors(s->a, cmark_node_get_literal(n), &s->slugs);
}

static const char **S_finish_slugs(S_slugs *s, size_t *n)
{
	const char **v = ismc_arena_alloc(s->a, (s->slugs.n + 1) * sizeof(char *));
	if (s->slugs.n)
		memcpy(v, s->slugs.v, s->slugs.n * sizeof(char *));
	*n = s->slugs.n;
	ismc_vec_free(&s->slugs);
	ismc_map_free(s->seen);
	return v;
}

const char **ismc_markdown_slugs(ismc_arena *a, const char *text, size_t len, size_t *n)
{
	size_t yo, yl, bo = 0;
	int bl;
	if (ismc_frontmatter_split(text, len, &yo, &yl, &bo, &bl) != 1)
		bo = 0;
	cmark_node *doc = ismc_markdown_parse(text + bo, len - bo);
	S_slugs s = { a, { 0 }, ismc_map_new() };
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			S_add_anchors(&s, cmark_iter_get_node(it));
	cmark_iter_free(it);
	cmark_node_free(doc);
	return S_finish_slugs(&s, n);
}

/* The node types cmark's iterator gives no EXIT event. */
static int S_is_leaf(cmark_node_type t)
{
	return t == CMARK_NODE_TEXT || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
	       t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK ||
	       t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_CODE_BLOCK ||
	       t == CMARK_NODE_FOOTNOTE_REFERENCE;
}

void ismc_body_init(ismc_body *b, const char *text, size_t len)
{
	size_t cap = 64;
	b->text = text;
	b->len = len;
	b->next = 0;
	b->lines = ismc_xmalloc(cap * sizeof(size_t));
	b->nlines = 0;
	b->lines[b->nlines++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
			if (b->nlines == cap)
				b->lines = ismc_xrealloc(b->lines, (cap *= 2) * sizeof(size_t));
			b->lines[b->nlines++] = i + 1;
		}
}

void ismc_body_free(ismc_body *b)
{
	free(b->lines);
	b->lines = NULL;
}

static const char *S_line(const ismc_body *b, int line, size_t *len)
{
	if (line < 1 || (size_t)line > b->nlines) {
		*len = 0;
		return "";
	}
	size_t start = b->lines[line - 1];
	size_t end = start;
	while (end < b->len && b->text[end] != '\n' && b->text[end] != '\r')
		end++;
	*len = end - start;
	return b->text + start;
}

/* The line (from 1) holding body offset `at`. */
static int S_line_of(const ismc_body *b, size_t at)
{
	size_t lo = 0, hi = b->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->lines[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

/* Escapes and entities make literals differ from the source, so the token
 * is looked up in the source line, from where it would be without them.
 * cmark-gfm gives no position to a paragraph a table interrupts, and gives
 * the table's header row the paragraph's first line: a token not on the
 * line its node names is looked up in the body after the previous token. */
int ismc_body_ref_pos(ismc_body *b, cmark_node *n, size_t k, size_t tlen, int *line)
{
	int l0 = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	const char *tok = cmark_node_get_literal(n) + k;
	size_t at = (size_t)-1;
	size_t ll;
	const char *l = S_line(b, l0, &ll);
	/* Escapes and entities are longer in the source than in the literal,
	 * never shorter: the token is at the guess or after it. */
	if (l0 > 0 && col > 0)
		for (size_t i = (size_t)(col - 1) + k; i + tlen <= ll; i++)
			if (memcmp(l + i, tok, tlen) == 0) {
				at = (size_t)(l - b->text) + i;
				break;
			}
	if (at == (size_t)-1 && b->next < b->len) {
		for (size_t i = b->next; i + tlen <= b->len; i++)
			if (b->text[i] == *tok && memcmp(b->text + i, tok, tlen) == 0) {
				at = i;
				break;
			}
	}
	if (at == (size_t)-1) {
		/* not in the source as it is (an entity inside the id): the node's
		 * own position, never line or column 0 */
		*line = l0 > 0 ? l0 : S_line_of(b, b->next < b->len ? b->next : b->len);
		return col > 0 ? col : 1;
	}
	if (at + tlen > b->next)
		b->next = at + tlen;
	*line = S_line_of(b, at);
	if (at > 0 && b->text[at - 1] == '\\')
		return -1;
	return (int)(at - b->lines[*line - 1]) + 1;
}

/* The line a link or image starts on. cmark-gfm gives an inline node that
 * spans lines the line where it ends with the column where it starts; its
 * first text inside has the line where that text starts. The start is the
 * nearest line at or above that one, within the block, that has the opening
 * bracket at the column: searching from the line of the text rather than
 * the line of the closer keeps a '[' or '!' of a later line that happens to
 * sit at the same column from being taken for it. */
static int S_link_line(const ismc_body *b, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_first_child(k)) {
		int kl = cmark_node_get_start_line(k);
		if (kl >= 1 && kl < line && S_is_leaf(cmark_node_get_type(k)))
			line = kl;
		if (S_is_leaf(cmark_node_get_type(k)))
			break;
	}
	cmark_node *block = cmark_node_parent(n);
	while (block && cmark_node_parent(block) &&
	       (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE)
		block = cmark_node_parent(block);
	int first = block ? cmark_node_get_start_line(block) : 1;
	for (int l = line; l >= first && l >= 1; l--) {
		size_t len;
		const char *s = S_line(b, l, &len);
		if (col >= 1 && (size_t)col <= len && (s[col - 1] == '[' || s[col - 1] == '!'))
			return l;
	}
	return line;
}

/* Records are gathered in a buffer of structs and copied into the arena
 * once, at their final size. */
static void S_scan_text(ismc_arena *a, ismc_doc *doc, ismc_body *b, cmark_node *n,
                        ismc_buf *refs)
{
	const char *lit = cmark_node_get_literal(n);
	char id[64];
	const char *end;
	for (const char *p = ismc_ref_next(lit, id, &end); p; p = ismc_ref_next(end, id, &end)) {
		int line;
		int c = ismc_body_ref_pos(b, n, (size_t)(p - lit), (size_t)(end - p), &line);
		if (c < 0)
			continue; /* \[POL-001] is text on purpose */
		ismc_ref r = { 0 };
		r.id = ismc_arena_strdup(a, id);
		r.kind = ismc_ref_classify(id);
		r.pos = (ismc_pos){ doc->path, doc->body_line - 1 + line, c };
		ismc_buf_put(refs, (const char *)&r, sizeof r);
	}
}

/* The lines of a paragraph: its line breaks plus one. */
static int S_paragraph_lines(cmark_node *para)
{
	int lines = 1;
	cmark_iter *it = cmark_iter_new(para);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK))
			lines++;
	}
	cmark_iter_free(it);
	return lines;
}

/* The column of link `n` on body line `line`, found by its destination:
 * the '[' that opens the text before "](url". 1 when not found. */
static int S_link_col(const ismc_body *b, int line, cmark_node *n)
{
	size_t ll;
	const char *l = S_line(b, line, &ll);
	const char *url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
	size_t ul = strlen(url);
	for (size_t i = 0; i + 2 + ul <= ll; i++) {
		if (l[i] != ']' || l[i + 1] != '(' || memcmp(l + i + 2, url, ul) != 0)
			continue;
		int depth = 0;
		for (size_t j = i; j-- > 0;) {
			if (l[j] == ']')
				depth++;
			else if (l[j] == '[' && depth-- == 0)
				return (int)j + (j > 0 && l[j - 1] == '!' ? 0 : 1);
		}
	}
	return 1;
}

/* doc's references and links: what `refs` and `links` gathered, copied
 * into `a` (the buffers freed). */
static void S_set_found(ismc_arena *a, ismc_doc *doc, ismc_buf *refs, ismc_buf *links)
{
	doc->nrefs = refs->len / sizeof(ismc_ref);
	doc->refs = ismc_arena_alloc(a, refs->len + sizeof(ismc_ref));
	if (refs->len)
		memcpy(doc->refs, refs->data, refs->len);
	doc->nlinks = links->len / sizeof(ismc_link);
	doc->links = ismc_arena_alloc(a, links->len + sizeof(ismc_link));
	if (links->len)
		memcpy(doc->links, links->data, links->len);
	ismc_buf_free(refs);
	ismc_buf_free(links);
}

void ismc_markdown_scan(ismc_arena *a, ismc_doc *doc, const char *body, size_t len)
{
	ismc_body b;
	ismc_body_init(&b, body, len);

	cmark_node *root = ismc_markdown_parse(body, len);
	ismc_buf refs = { 0 }, links = { 0 };
	S_slugs slugs = { a, { 0 }, ismc_map_new() };
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int in_link = 0, depth = 0;
	int shift = 0; /* lines the inlines of a paragraph without position lack */
	int header = 0; /* the real line of a header row placed on such a paragraph */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		/* cmark-gfm gives a paragraph a table interrupts no position (its
		 * inlines count lines from 0) and the table the paragraph's first
		 * line (ismc_body_ref_pos explains the same for references) */
		if (t == CMARK_NODE_PARAGRAPH) {
			cmark_node *next = cmark_node_next(n);
			shift = ev == CMARK_EVENT_ENTER && cmark_node_get_start_line(n) == 0 && next
			        ? cmark_node_get_start_line(next) : 0;
		} else if (!strcmp(cmark_node_get_type_string(n), "table_header")) {
			cmark_node *table = cmark_node_parent(n);
			cmark_node *prev = table ? cmark_node_previous(table) : NULL;
			header = ev == CMARK_EVENT_ENTER && prev &&
			         cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH &&
			         cmark_node_get_start_line(prev) == 0
			         ? cmark_node_get_start_line(table) + S_paragraph_lines(prev) : 0;
		}
		/* Depth of containers (leaves get no EXIT): the outputs' templates
		 * recurse per level, so bodies nested absurdly deep are refused. */
		if (!S_is_leaf(t) && t != CMARK_NODE_DOCUMENT)
			depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
		if (depth > ISMC_MAX_NESTING && !doc->too_deep.file)
			doc->too_deep = (ismc_pos){ doc->path, doc->body_line - 1 + cmark_node_get_start_line(n),
				                    cmark_node_get_start_column(n) };
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			if (ev == CMARK_EVENT_EXIT) {
				in_link--;
				continue;
			}
			in_link++;
			/* emit_body.c matches the k-th link or image of its walk of the
			 * same text to links[k]: both count every ENTER in cmark's order */
			ismc_link l = { 0 };
			l.url = ismc_arena_strdup(a, cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
			l.image = t == CMARK_NODE_IMAGE;
			l.badge = t == CMARK_NODE_LINK && cmark_node_first_child(n) &&
			          cmark_node_get_type(cmark_node_first_child(n)) == CMARK_NODE_IMAGE;
			/* in a paragraph without position (a table interrupts it) the
			 * node's lines lack `shift`; else a link that wraps is placed
			 * on its first line (S_link_line) */
			int line = shift ? shift + cmark_node_get_start_line(n) : S_link_line(&b, n);
			l.pos = (ismc_pos){ doc->path, doc->body_line - 1 + line,
				            cmark_node_get_start_column(n) };
			if (header)
				l.pos = (ismc_pos){ doc->path, doc->body_line - 1 + header,
					            S_link_col(&b, header, n) };
			if (l.pos.line < doc->body_line)
				l.pos.line = doc->body_line;
			if (l.pos.col < 1)
				l.pos.col = 1;
			ismc_buf_put(&links, (const char *)&l, sizeof l);
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		S_add_anchors(&slugs, n);
		if (t == CMARK_NODE_TEXT && !in_link)
			S_scan_text(a, doc, &b, n, &refs);
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	ismc_body_free(&b);

	S_set_found(a, doc, &refs, &links);
	doc->slugs = S_finish_slugs(&slugs, &doc->nslugs);
}

/* ---- a body's scan kept from the earlier build ----
 *
 * What ismc_markdown_scan finds in a body (its references, links and
 * anchors, where it nests too deep) is a function of the body's bytes and
 * the line it starts on, read by this ismc with its cmark-gfm and ICU. A
 * build over an earlier OUT takes it from that build's page cache
 * (pagecache.c, records "scan#PATH") when those are the same, instead of
 * parsing the body again: the parse was a third of loading a large ISMS.
 * The record's one mark is the items in the scan's order, each a kind
 * letter and fields, every field after a \x1f:
 *   r LINE COL KIND ID       a reference (KIND as ismc_ref_classify gave it)
 *   l LINE COL IMAGE BADGE URL  a link or image
 *   s SLUG                   an anchor
 *   d LINE COL               where it nests too deep
 * a text field as its length in bytes, a \x1f, then its bytes: an URL may
 * hold anything but NUL. One mark per body, not one per item: a rebuild
 * reads ten thousand lines, not a million and a half. */

typedef struct {
	const ismc_doc *doc;
	unsigned char key[32];
	unsigned char *kinds; /* each reference's kind as scanned: resolve.c may change it */
	long long at, span;   /* taken: its record's lines in the earlier cache */
} S_scanned;

struct ismc_scans {
	unsigned char env[32]; /* what every key starts with (S_scan_key) */
	ismc_pagecache *old; /* the earlier build's records, until the model is loaded */
	char *cache;         /* the file they were read from, and its identity then */
	ismc_page_rec was;
	ismc_arena *a;
	ismc_vec docs;       /* S_scanned: this build's, written by ismc_scans_save */
	size_t taken;
};

ismc_scans *ismc_scans_new(const char *cache)
{
	ismc_scans *s = ismc_xcalloc(1, sizeof *s);
	s->a = ismc_arena_new();
	/* the key's parts every body shares, digested once */
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, "ismc scan key 1", 16);
	ismc_pagecache_self(h);
	ismc_sha256_add(h, cmark_version_string(), strlen(cmark_version_string()) + 1);
	ismc_sha256_add(h, U_ICU_VERSION, sizeof U_ICU_VERSION);
	ismc_sha256_end(h, s->env);
	if (cache && ismc_pagecache_stat(&s->was, cache) == 0) {
		s->cache = ismc_xstrdup(cache);
		s->old = ismc_pagecache_read(cache, ISMC_CACHE_SCAN);
	}
	return s;
}

void ismc_scans_loaded(ismc_scans *s)
{
	if (s) {
		ismc_pagecache_free(s->old);
		s->old = NULL;
	}
}

void ismc_scans_free(ismc_scans *s)
{
	if (!s)
		return;
	ismc_pagecache_free(s->old);
	ismc_vec_free(&s->docs);
	ismc_arena_free(s->a);
	free(s->cache);
	free(s);
}

size_t ismc_scans_taken(const ismc_scans *s)
{
	return s ? s->taken : 0;
}

/* The body's bytes are digested once, into the document: emit's body key
 * (S_body_key) reads that digest rather than hash 100 MB again at 10,000
 * documents. */
static void S_scan_key(const ismc_scans *s, ismc_doc *doc, const char *body, size_t len,
                       unsigned char key[32])
{
	ismc_sha256_ctx *h = ismc_sha256_begin();
	ismc_sha256_add(h, body, len);
	ismc_sha256_end(h, doc->body_md);
	doc->has_body_md = body == doc->body && len == doc->body_len;
	h = ismc_sha256_begin();
	char line[32];
	int n = snprintf(line, sizeof line, "%d", doc->body_line);
	ismc_sha256_add(h, s->env, 32);
	ismc_sha256_add(h, line, (size_t)n + 1);
	ismc_sha256_add(h, doc->body_md, 32);
	ismc_sha256_end(h, key);
}

/* Reads `nint` integer fields at *p, then with `text` a text field into
 * *text (in `a`); *p moves past them. 0, or -1 when they are not there. */
static int S_item(const char **p, long *v, int nint, ismc_arena *a, const char **text)
{
	const char *q = *p;
	for (int i = 0; i < nint + (text ? 1 : 0); i++) {
		if (*q != '\x1f')
			return -1;
		char *end;
		errno = 0;
		long x = strtol(q + 1, &end, 10);
		if (end == q + 1 || errno || x < INT_MIN || x > INT_MAX)
			return -1;
		q = end;
		if (i < nint) {
			v[i] = x;
			continue;
		}
		if (x < 0 || *q != '\x1f' || strnlen(q + 1, (size_t)x) != (size_t)x)
			return -1;
		char *t = ismc_arena_alloc(a, (size_t)x + 1);
		memcpy(t, q + 1, (size_t)x);
		t[x] = '\0';
		*text = t;
		q += 1 + x;
	}
	*p = q;
	return 0;
}

int ismc_scan_mark_read(ismc_arena *a, ismc_doc *doc, const char *mark)
{
	ismc_buf refs = { 0 }, links = { 0 };
	ismc_vec slugs = { 0 };
	ismc_pos deep = { 0 };
	int rc = 0;
	for (const char *p = mark; *p && !rc;) {
		char k = *p++;
		long v[4];
		const char *text = NULL;
		if (k == 'r' && !(rc = S_item(&p, v, 3, a, &text))) {
			rc = v[2] < ISMC_REF_NONE || v[2] > ISMC_REF_WRONG_CASE;
			ismc_ref f = { text, { doc->path, (int)v[0], (int)v[1] }, (ismc_ref_kind)v[2],
				       NULL, NULL };
			ismc_buf_put(&refs, (const char *)&f, sizeof f);
		} else if (k == 'l' && !(rc = S_item(&p, v, 4, a, &text))) {
			ismc_link l = { 0 };
			l.url = text;
			l.pos = (ismc_pos){ doc->path, (int)v[0], (int)v[1] };
			l.image = v[2] != 0;
			l.badge = v[3] != 0;
			ismc_buf_put(&links, (const char *)&l, sizeof l);
		} else if (k == 's' && !(rc = S_item(&p, v, 0, a, &text))) {
			ismc_vec_push(&slugs, (void *)text);
		} else if (k == 'd' && !(rc = S_item(&p, v, 2, a, NULL))) {
			deep = (ismc_pos){ doc->path, (int)v[0], (int)v[1] };
		} else {
			rc = -1;
		}
	}
	if (!rc) {
		S_set_found(a, doc, &refs, &links);
		doc->slugs = ismc_arena_alloc(a, (slugs.n + 1) * sizeof(char *));
		if (slugs.n)
			memcpy(doc->slugs, slugs.v, slugs.n * sizeof(char *));
		doc->nslugs = slugs.n;
		doc->too_deep = deep;
	}
	ismc_buf_free(&refs);
	ismc_buf_free(&links);
	ismc_vec_free(&slugs);
	return rc ? -1 : 0;
}

static void S_text_field(ismc_buf *b, const char *s)
{
	ismc_buf_printf(b, "\x1f%zu\x1f", strlen(s));
	ismc_buf_put(b, s, strlen(s));
}

void ismc_scan_mark_write(ismc_buf *b, const ismc_doc *doc, const unsigned char *kinds)
{
	for (size_t i = 0; i < doc->nrefs; i++) {
		const ismc_ref *f = &doc->refs[i];
		ismc_buf_printf(b, "r\x1f%d\x1f%d\x1f%d", f->pos.line, f->pos.col,
		                kinds ? (int)kinds[i] : (int)f->kind);
		S_text_field(b, f->id);
	}
	for (size_t i = 0; i < doc->nlinks; i++) {
		const ismc_link *l = &doc->links[i];
		ismc_buf_printf(b, "l\x1f%d\x1f%d\x1f%d\x1f%d", l->pos.line, l->pos.col, l->image,
		                l->badge);
		S_text_field(b, l->url);
	}
	for (size_t i = 0; i < doc->nslugs; i++) {
		ismc_buf_put(b, "s", 1);
		S_text_field(b, doc->slugs[i]);
	}
	if (doc->too_deep.file)
		ismc_buf_printf(b, "d\x1f%d\x1f%d", doc->too_deep.line, doc->too_deep.col);
	ismc_buf_put(b, "", 0); /* a mark of nothing is "" */
}

/* Each scan's record; those taken from the earlier cache copied from it as
 * they are (what writing them again would give: the same key, page and
 * mark), in runs of neighbours, while that file is the one they were read
 * from. */
int ismc_scans_save(const ismc_scans *s, ismc_pagecache_writer *w)
{
	FILE *f = ismc_pagecache_writer_file(w);
	FILE *from = s && s->taken && ismc_pagecache_same(&s->was, s->cache)
	                     ? fopen(s->cache, "rb")
	                     : NULL;
	long long run_at = 0, run_len = 0;
	int rc = 0;
	for (size_t i = 0; !rc && s && i < s->docs.n; i++) {
		const S_scanned *e = s->docs.v[i];
		if (from && e->span > 0) {
			if (run_len && e->at == run_at + run_len) {
				run_len += e->span;
				continue;
			}
			rc = run_len ? ismc_copy_bytes(from, run_at, run_len, f) : 0;
			run_at = e->at, run_len = e->span;
			continue;
		}
		if (run_len && (rc = ismc_copy_bytes(from, run_at, run_len, f)) != 0)
			break;
		run_len = 0;
		ismc_buf b = { 0 };
		ismc_scan_mark_write(&b, e->doc, e->kinds);
		char page[PATH_MAX];
		snprintf(page, sizeof page, "%s%s", ISMC_CACHE_SCAN, e->doc->path);
		const char *marks[1] = { b.data };
		ismc_page_rec r = { .page = page, .marks = marks, .nmarks = 1 };
		memcpy(r.key, e->key, 32);
		rc = ismc_pagecache_put(w, &r);
		ismc_buf_free(&b);
	}
	if (!rc && run_len)
		rc = ismc_copy_bytes(from, run_at, run_len, f);
	if (from)
		fclose(from);
	return rc;
}

void ismc_markdown_scan_kept(ismc_arena *a, ismc_doc *doc, const char *body, size_t len,
                             ismc_scans *s)
{
	if (!s) {
		ismc_markdown_scan(a, doc, body, len);
		return;
	}
	S_scanned *e = ismc_arena_alloc(s->a, sizeof *e);
	e->doc = doc;
	S_scan_key(s, doc, body, len, e->key);
	char page[PATH_MAX];
	snprintf(page, sizeof page, "%s%s", ISMC_CACHE_SCAN, doc->path);
	const ismc_page_rec *r = ismc_pagecache_get(s->old, page);
	if (r && !memcmp(r->key, e->key, 32) && r->nmarks == 1 &&
	    ismc_scan_mark_read(a, doc, r->marks[0]) == 0) {
		s->taken++;
		e->at = r->at, e->span = r->span;
	} else {
		ismc_markdown_scan(a, doc, body, len);
	}
	e->kinds = ismc_arena_alloc(s->a, doc->nrefs + 1);
	for (size_t i = 0; i < doc->nrefs; i++)
		e->kinds[i] = (unsigned char)doc->refs[i].kind;
	ismc_vec_push(&s->docs, e);
}
