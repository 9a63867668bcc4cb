/* markdown.c: document bodies through cmark-gfm with GitHub's extensions, so
 * what ismc reads is what reviewers see in the pull request. From the syntax
 * tree (never from raw text, so code spans and blocks are left alone) it
 * keeps bracketed ids, links and heading anchors, each with its file position;
 * the tree itself is freed at once. */
#include "ismc.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* Lowercases the Latin-1 letters GitHub lowercases; returns bytes consumed. */
static size_t S_slug_char(const unsigned char *s, ismc_buf *out)
{
	unsigned c = s[0];
	if (c < 0x80) {
		if (isalnum(c) || c == '-' || c == '_') {
			char ch = (char)tolower((int)c);
			ismc_buf_put(out, &ch, 1);
		} else if (c == ' ') {
			ismc_buf_put(out, "-", 1);
		}
		return 1;
	}
	size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	unsigned cp = n == 2 ? ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu)
	              : n == 3 ? ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu) : 0;
	/* punctuation and symbols GitHub drops: Latin-1 signs, quotes, dashes */
	if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x2190 && cp <= 0x23FF))
		return n;
	if (n == 2 && cp >= 0xC0 && cp <= 0xDE) {
		unsigned lo = cp + 0x20;
		char b[2] = { (char)(0xC0 | (lo >> 6)), (char)(0x80 | (lo & 0x3F)) };
		ismc_buf_put(out, b, 2);
		return 2;
	}
	ismc_buf_put(out, (const char *)s, n);
	return n;
}

char *ismc_slugify(ismc_arena *a, const char *text)
{
	ismc_buf b = { 0 };
	const unsigned char *s = (const unsigned char *)text;
	while (*s)
		s += S_slug_char(s, &b);
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

const char *ismc_heading_anchor(ismc_arena *a, ismc_map *seen, cmark_node *heading)
{
	ismc_buf b = { 0 };
	ismc_markdown_plain(heading, &b);
	char *slug = ismc_slugify(a, b.data ? b.data : "");
	ismc_buf_free(&b);
	/* GitHub: a repeated anchor gets -1, -2, ... */
	const char *unique = slug;
	for (int k = 1; ismc_map_get(seen, unique); k++)
		unique = ismc_arena_printf(a, "%s-%d", slug, k);
	ismc_map_put(seen, unique, (void *)unique);
	return unique;
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

static void S_add_heading(S_slugs *s, cmark_node *n)
{
	ismc_vec_push(&s->slugs, (void *)ismc_heading_anchor(s->a, s->seen, n));
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
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_HEADING)
			S_add_heading(&s, cmark_iter_get_node(it));
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
			l.pos = (ismc_pos){ doc->path, doc->body_line - 1 + shift + cmark_node_get_start_line(n),
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
		if (t == CMARK_NODE_HEADING)
			S_add_heading(&slugs, n);
		else if (t == CMARK_NODE_TEXT && !in_link)
			S_scan_text(a, doc, &b, n, &refs);
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	ismc_body_free(&b);

	doc->nrefs = refs.len / sizeof(ismc_ref);
	doc->refs = ismc_arena_alloc(a, refs.len + sizeof(ismc_ref));
	if (refs.len)
		memcpy(doc->refs, refs.data, refs.len);
	doc->nlinks = links.len / sizeof(ismc_link);
	doc->links = ismc_arena_alloc(a, links.len + sizeof(ismc_link));
	if (links.len)
		memcpy(doc->links, links.data, links.len);
	ismc_buf_free(&refs);
	ismc_buf_free(&links);
	doc->slugs = S_finish_slugs(&slugs, &doc->nslugs);
}
