/* document.c: an ISMS document: bad-input screening, the front matter split,
 * its fields through schema.c, then the body through markdown.c. Only what the
 * checks and outputs need is kept: the fields, and the body as the source's
 * bytes (never its syntax tree). */
#include "ismc.h"

#include <string.h>

/* The end of the line starting at `i`, and where the next one starts. */
static size_t S_line_end(const char *t, size_t len, size_t i, size_t *next)
{
	size_t e = i;
	while (e < len && t[e] != '\n' && t[e] != '\r')
		e++;
	*next = e;
	if (*next < len && t[*next] == '\r')
		(*next)++;
	if (*next < len && t[*next] == '\n' && (*next == e || t[*next - 1] == '\r'))
		(*next)++;
	return e;
}

static int S_is_fence(const char *t, size_t b, size_t e, const char *mark)
{
	if (e - b < 3 || memcmp(t + b, mark, 3) != 0)
		return 0;
	for (size_t i = b + 3; i < e; i++)
		if (t[i] != ' ' && t[i] != '\t')
			return 0;
	return 1;
}

int ismc_frontmatter_split(const char *t, size_t len, size_t *yaml_off, size_t *yaml_len,
                           size_t *body_off, int *body_line)
{
	size_t next, e = S_line_end(t, len, 0, &next);
	if (!S_is_fence(t, 0, e, "---"))
		return 0;
	*yaml_off = next;
	int line = 2;
	for (size_t i = next; i < len; line++) {
		size_t n2, e2 = S_line_end(t, len, i, &n2);
		if (S_is_fence(t, i, e2, "---") || S_is_fence(t, i, e2, "...")) {
			*yaml_len = i - *yaml_off;
			*body_off = n2;
			*body_line = line + 1;
			return 1;
		}
		if (n2 == i)
			break;
		i = n2;
	}
	return -1; /* opened, never closed */
}

/* Position of byte `off` of `t`, counting lines from 1. */
static ismc_pos S_pos_at(const char *file, const char *t, size_t off)
{
	ismc_pos p = { file, 1, 1 };
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n' || (t[i] == '\r' && t[i + 1] != '\n'))
			p.line++, p.col = 1;
		else if (t[i] != '\r')
			p.col++;
	}
	return p;
}

/* Screens a file for the bad-input codes; on success strips a UTF-8 BOM. */
int ismc_text_screen(ismc_diags *d, const char *path, const char **text, size_t *len)
{
	ismc_pos top = { path, 1, 1 };
	if (*len > ISMC_MAX_FILE) {
		ismc_diag_add(d, ISMC_FILE_TOO_LARGE, top, "file is larger than the %u MiB limit",
		          ISMC_MAX_FILE >> 20);
		return -1;
	}
	if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3))
		*text += 3, *len -= 3;
	size_t bad = ismc_utf8_invalid(*text, *len);
	if (bad) {
		ismc_diag_add(d, ISMC_INVALID_UTF8, S_pos_at(path, *text, bad - 1),
		          "invalid UTF-8 byte sequence; save the file as UTF-8");
		return -1;
	}
	if (memchr(*text, '\0', *len)) {
		ismc_diag_add(d, ISMC_INVALID_UTF8, S_pos_at(path, *text, (size_t)((const char *)memchr(*text, '\0', *len) - *text)),
		          "a NUL byte: this is not a text file");
		return -1;
	}
	return 0;
}

int ismc_doc_approved(const ismc_doc *doc)
{
	return doc->status.s && doc->status.n == ISMC_STATUS_APPROVED;
}

void ismc_doc_next_review(ismc_doc *doc, const ismc_config *cfg)
{
	doc->next_review_days = -1;
	if (!ismc_doc_approved(doc) || (doc->type.s && doc->type.n == ISMC_TYPE_RECORD))
		return;
	if (doc->next_review.s)
		doc->next_review_days = doc->next_review.n;
	else if (doc->approved_on.s && doc->review_interval.s)
		doc->next_review_days = ismc_date_add(doc->approved_on.n, doc->review_interval.n,
		                                      (int)doc->review_interval.m);
	else if (doc->approved_on.s)
		doc->next_review_days = ismc_date_add(doc->approved_on.n, cfg->review_count,
		                                      cfg->review_unit);
}

ismc_doc *ismc_document_parse(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                              const char *path, const char *text, size_t len)
{
	return ismc_document_parse_kept(a, d, cfg, path, text, len, NULL);
}

ismc_doc *ismc_document_parse_kept(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                                   const char *path, const char *text, size_t len,
                                   ismc_scans *scans)
{
	if (ismc_text_screen(d, path, &text, &len) != 0)
		return NULL;
	ismc_pos top = { path, 1, 1 };
	size_t yoff = 0, ylen = 0, boff = 0;
	int bline = 1;
	int fm = ismc_frontmatter_split(text, len, &yoff, &ylen, &boff, &bline);
	if (fm == 0) {
		ismc_diag_add(d, ISMC_FRONT_MATTER_MISSING, top,
		          "ISMS document without front matter: start the file with a '---' line, "
		          "the fields (id, title, type, owner, version, status), and a '---' line");
		return NULL;
	}
	if (fm < 0) {
		ismc_diag_add(d, ISMC_FRONT_MATTER_MISSING, top,
		          "front matter is opened by '---' but never closed by a '---' line");
		return NULL;
	}
	ismc_ynode *map = ismc_yaml_parse(a, d, path, text + yoff, ylen, 1);
	if (!map)
		return NULL;
	if (map->kind != ISMC_Y_MAP) {
		ismc_diag_add(d, map->kind == ISMC_Y_NULL ? ISMC_MISSING_FIELD : ISMC_INVALID_VALUE, top,
		          "front matter must be a mapping of fields (id, title, type, owner, version, status)");
		return NULL;
	}
	ismc_doc *doc = ismc_arena_alloc(a, sizeof(*doc));
	doc->path = path;
	doc->fm_pos = top;
	doc->body_line = bline;
	doc->body = text + boff; /* the screened text: the source's bytes, past a BOM */
	doc->body_len = len - boff;
	doc->next_review_days = -1;
	ismc_vec persons = { 0 };
	ismc_validate_ctx ctx = { a, d, cfg->extra, cfg->nextra, 0, 0, cfg->classes,
		                  cfg->alias_from, cfg->alias_to, cfg->naliases, &persons };
	ismc_schema_validate(&ctx, &ismc_schema_document, map, top, doc);
	doc->persons = ismc_arena_alloc(a, (persons.n + 1) * sizeof(ismc_person_ref *));
	if (persons.n)
		memcpy(doc->persons, persons.v, persons.n * sizeof(ismc_person_ref *));
	doc->npersons = persons.n;
	ismc_vec_free(&persons);

	if (doc->type.s && doc->type.n == ISMC_TYPE_RECORD && !doc->date.node)
		ismc_diag_add(d, ISMC_MISSING_FIELD, top,
		          "front matter lacks required field 'date' (a record gives the date "
		          "of the event it evidences)");
	if (!doc->classification.s) {
		doc->classification.s = cfg->default_classification.s;
		doc->classification.pos = top;
	}
	ismc_doc_next_review(doc, cfg);
	ismc_markdown_scan_kept(a, doc, text + boff, len - boff, scans);
	if (doc->too_deep.file)
		ismc_diag_add(d, ISMC_NESTING_TOO_DEEP, doc->too_deep,
		              "Markdown nested more than %d levels deep (lists, quotes or emphasis "
		              "inside each other): flatten it", ISMC_MAX_NESTING);
	return doc;
}
