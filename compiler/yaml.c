/* yaml.c: libyaml's event stream into a small tree in the arena, every node
 * with its file position. Aliases are refused (yaml-alias: no billion laughs),
 * duplicate keys and over-deep nesting are syntax errors. Work is linear in
 * the text whatever it holds: duplicate keys are found through a hash set,
 * positions continue from the previous one, and a file may hold at most
 * ISMC_YAML_MAX_NODES values and a mapping ISMC_YAML_MAX_KEYS keys (yaml-syntax
 * where the limit is crossed), so a hostile file costs well under a second. */
#include "ismc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define S_MAX_DEPTH 64
#define S_SMALL_MAP 8 /* keys compared pairwise up to here, hashed above */

typedef struct {
	ismc_arena *a;
	ismc_diags *d;
	const char *file;
	const char *text;
	size_t len;
	int line0;
	size_t *lines; /* byte offset of each line start */
	size_t nlines;
	size_t nodes;  /* values so far, against ISMC_YAML_MAX_NODES */
	/* the last position: the next one on the same line continues from it,
	 * so a file of one long line costs no more than many short ones */
	size_t last_line, last_chars, last_byte;
} S_ctx;

/* libyaml counts columns in characters; diagnostics count bytes. */
static ismc_pos S_pos(S_ctx *c, yaml_mark_t m)
{
	ismc_pos p = { c->file, (int)m.line + 1 + c->line0, 1 };
	if (m.line < c->nlines) {
		const unsigned char *line = (const unsigned char *)c->text + c->lines[m.line];
		const unsigned char *end = (const unsigned char *)c->text + c->len;
		const unsigned char *s = line;
		size_t chars = 0;
		if (m.line == c->last_line && m.column >= c->last_chars) {
			chars = c->last_chars;
			s = line + c->last_byte;
		}
		while (chars < m.column && s < end && *s != '\n' && *s != '\r') {
			s++;
			while (s < end && (*s & 0xC0) == 0x80)
				s++;
			chars++;
		}
		c->last_line = m.line;
		c->last_chars = chars;
		c->last_byte = (size_t)(s - line);
		p.col = (int)(s - line) + 1;
	}
	return p;
}

static void S_index_lines(S_ctx *c)
{
	size_t cap = 64;
	c->lines = ismc_xmalloc(cap * sizeof(size_t));
	c->lines[0] = 0;
	c->nlines = 1;
	for (size_t i = 0; i < c->len; i++) {
		int brk = c->text[i] == '\n' || (c->text[i] == '\r' && (i + 1 >= c->len || c->text[i + 1] != '\n'));
		if (!brk)
			continue;
		if (c->nlines == cap) {
			cap *= 2;
			c->lines = ismc_xrealloc(c->lines, cap * sizeof(size_t));
		}
		c->lines[c->nlines++] = i + 1;
	}
}

typedef struct {
	ismc_ynode *node;
	ismc_vec items;
} S_frame;

/* Appends a value to the open sequence or mapping; a mapping past
 * ISMC_YAML_MAX_KEYS is an error here, at the key that crosses it. */
static int S_append(S_ctx *c, S_frame *f, ismc_ynode *n)
{
	if (f->node->kind == ISMC_Y_MAP && f->items.n == 2 * (size_t)ISMC_YAML_MAX_KEYS) {
		ismc_diag_add(c->d, ISMC_YAML_SYNTAX, n->pos,
		              "more than %d keys in one mapping: no ISMS record needs that many; "
		              "split it", ISMC_YAML_MAX_KEYS);
		return -1;
	}
	ismc_vec_push(&f->items, n);
	return 0;
}

/* Counts a value against ISMC_YAML_MAX_NODES; an error at the one past it. */
static int S_count(S_ctx *c, ismc_pos pos)
{
	if (++c->nodes <= ISMC_YAML_MAX_NODES)
		return 0;
	ismc_diag_add(c->d, ISMC_YAML_SYNTAX, pos,
	              "more than %d YAML values in one file: split it into several files",
	              ISMC_YAML_MAX_NODES);
	return -1;
}

static int S_duplicate(S_ctx *c, ismc_ynode *first, ismc_ynode *k)
{
	ismc_diag *dg = ismc_diag_add(c->d, ISMC_YAML_SYNTAX, k->pos, "duplicate key '%s'", k->str);
	ismc_diag_note(dg, first->pos, "'%s' first given here", k->str);
	return -1;
}

static int S_is_null(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '~') ||
	       (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

/* Closes a node: copies its items into the arena and checks map keys. */
static int S_close(S_ctx *c, S_frame *f)
{
	ismc_ynode *n = f->node;
	n->n = f->items.n;
	n->items = ismc_arena_alloc(c->a, (n->n ? n->n : 1) * sizeof(ismc_ynode *));
	if (n->n)
		memcpy(n->items, f->items.v, n->n * sizeof(ismc_ynode *));
	ismc_vec_free(&f->items);
	if (n->kind != ISMC_Y_MAP)
		return 0;
	/* a few keys (every record) are compared pairwise; more go through a
	 * hash set, so a mapping of many keys is not quadratic */
	ismc_map *seen = n->n > 2 * S_SMALL_MAP ? ismc_map_new() : NULL;
	int rc = 0;
	for (size_t i = 0; i < n->n && !rc; i += 2) {
		ismc_ynode *k = n->items[i];
		if (k->kind != ISMC_Y_SCALAR) {
			ismc_diag_add(c->d, ISMC_YAML_SYNTAX, k->pos, "a key must be a plain scalar");
			rc = -1;
		} else if (seen) {
			ismc_ynode *first = ismc_map_put(seen, k->str, k);
			if (first)
				rc = S_duplicate(c, first, k);
		} else {
			for (size_t j = 0; j < i && !rc; j += 2)
				if (strcmp(n->items[j]->str, k->str) == 0)
					rc = S_duplicate(c, n->items[j], k);
		}
	}
	ismc_map_free(seen);
	return rc;
}

ismc_ynode *ismc_yaml_parse(ismc_arena *a, ismc_diags *d, const char *file,
                            const char *text, size_t len, int line0)
{
	S_ctx c = { a, d, file, text, len, line0, NULL, 0, 0, 0, 0, 0 };
	S_index_lines(&c);
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

	S_frame stack[S_MAX_DEPTH + 1];
	int depth = 0, docs = 0, failed = 0, done = 0;
	ismc_ynode *root = NULL;
	while (!done && !failed) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			ismc_pos pos = S_pos(&c, p.problem_mark);
			if (p.context)
				ismc_diag_add(d, ISMC_YAML_SYNTAX, pos, "%s %s", p.problem ? p.problem : "syntax error", p.context);
			else
				ismc_diag_add(d, ISMC_YAML_SYNTAX, pos, "%s", p.problem ? p.problem : "syntax error");
			failed = 1;
			break;
		}
		ismc_ynode *n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				ismc_diag_add(d, ISMC_YAML_SYNTAX, S_pos(&c, ev.start_mark),
				          "only one YAML document is allowed here");
				failed = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			ismc_diag_add(d, ISMC_YAML_ALIAS, S_pos(&c, ev.start_mark),
			          "YAML aliases (*%s) are not accepted: write the value out",
			          (const char *)ev.data.alias.anchor);
			failed = 1;
			break;
		case YAML_SCALAR_EVENT: {
			n = ismc_arena_alloc(a, sizeof(*n));
			const char *v = (const char *)ev.data.scalar.value;
			size_t vl = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			n->kind = n->plain && S_is_null(v, vl) ? ISMC_Y_NULL : ISMC_Y_SCALAR;
			n->str = ismc_arena_strndup(a, v, vl);
			if (memchr(v, '\0', vl)) {
				ismc_diag_add(d, ISMC_INVALID_VALUE, S_pos(&c, ev.start_mark),
				          "a value may not contain a NUL character");
				failed = 1;
			}
			n->pos = S_pos(&c, ev.start_mark);
			if (S_count(&c, n->pos) != 0)
				failed = 1;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == S_MAX_DEPTH) {
				ismc_diag_add(d, ISMC_YAML_SYNTAX, S_pos(&c, ev.start_mark),
				          "nesting deeper than %d levels", S_MAX_DEPTH);
				failed = 1;
				break;
			}
			n = ismc_arena_alloc(a, sizeof(*n));
			n->kind = ev.type == YAML_SEQUENCE_START_EVENT ? ISMC_Y_SEQ : ISMC_Y_MAP;
			n->pos = S_pos(&c, ev.start_mark);
			if (S_count(&c, n->pos) != 0 ||
			    (depth > 0 && S_append(&c, &stack[depth - 1], n) != 0)) {
				failed = 1;
				break;
			}
			if (depth == 0)
				root = n;
			stack[depth].node = n;
			memset(&stack[depth].items, 0, sizeof(ismc_vec));
			depth++;
			n = NULL; /* appended already */
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (S_close(&c, &stack[depth]) != 0)
				failed = 1;
			break;
		default:
			break;
		}
		if (n && !failed) {
			if (depth > 0)
				failed = S_append(&c, &stack[depth - 1], n) != 0;
			else
				root = n;
		}
		yaml_event_delete(&ev);
	}
	while (depth > 0)
		ismc_vec_free(&stack[--depth].items);
	yaml_parser_delete(&p);
	free(c.lines);
	if (failed)
		return NULL;
	if (!root) {
		root = ismc_arena_alloc(a, sizeof(*root));
		root->kind = ISMC_Y_NULL;
		root->pos = (ismc_pos){ file, line0 + 1, 1 };
	}
	return root;
}

ismc_ynode *ismc_yaml_get(const ismc_ynode *map, const char *key)
{
	if (!map || map->kind != ISMC_Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->items[i]->str, key) == 0)
			return map->items[i + 1];
	return NULL;
}
