/* stamp.c: the build's stamp in the summary pages.
 *
 * The pack's stamp, the time stamp of the build and the commit with its
 * tree, time and date, changes with every commit, while a summary page (the SoA,
 * the registers, the inventory) shows it only in its frame. So that such a
 * page's key in the page cache changes only with what the page shows
 * (docs/output.md, "Rebuilding over an earlier OUT"), the page is rendered
 * from the pack with each value of the stamp replaced by a placeholder of
 * the same shape: each letter and digit of the value a character of
 * Unicode's Supplementary Private Use Area-B that names the value and the
 * position (U+100000 + value * 4096 + position), its other characters as
 * they are. A template may copy such a value, take a substring of it and
 * concatenate it with other text, in text, in an attribute or in a URL.
 *
 * The page is then written again with the real characters in the
 * placeholders' places (ismc_stamp_fill), and those places are kept in the
 * page's record; a later build whose page has the same key copies the
 * earlier page and writes its own stamp into the same places
 * (ismc_stamp_patch). Both write the same bytes as the real values
 * rendered, since a placeholder and the character it stands for are each
 * written as one piece of the page.
 */
#include "ismc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#define S_BASE 0x100000u /* Supplementary Private Use Area-B */
#define S_POSITIONS 4096u
#define S_VALUES 16u
#define S_PLACES 64u

/* The build's stamp: the attributes of the pack that change with every
 * commit (or the first uncommitted change); element "" is the root, "*"
 * any section. A document page's batch has none of them
 * (ismc_stamp_strip). A summary page has those marked `hidden` as
 * placeholders (their values are only printed); the others a template
 * tests, so they stay as they are, in the summary pages' key. */
static const struct {
	const char *element, *attr;
	int hidden;
} S_stamped[] = {
	{ "", "generated", 1 },
	{ "", "generated-from", 0 },
	{ "*", "generated", 1 }, /* soa, register, risks: S_root_attrs's */
	{ "*", "generated-from", 0 },
	{ "provenance", "commit", 1 },
	{ "provenance", "tree", 1 },
	{ "provenance", "dirty", 0 },
	{ "provenance", "commit-time", 1 },
	{ "provenance", "commit-date", 1 },
	{ "provenance", "repository-path", 0 },
	{ "provenance", "as-of-before-commit", 0 },
};

/* Is row i of S_stamped an attribute of an element named `element` (""
 * the root)? */
static int S_stamped_on(size_t i, const char *element)
{
	return !strcmp(S_stamped[i].element, element) ||
	       (*element && !strcmp(S_stamped[i].element, "*"));
}

void ismc_stamp_strip(xmlNodePtr n, const char *element)
{
	for (size_t i = 0; i < sizeof S_stamped / sizeof *S_stamped; i++)
		if (S_stamped_on(i, element))
			xmlUnsetProp(n, BAD_CAST S_stamped[i].attr);
}

struct ismc_stamp {
	size_t nvalues, nplaces;
	char *value[S_VALUES];        /* each distinct value once */
	xmlChar *hidden[S_VALUES];    /* its placeholder */
	struct {
		xmlNodePtr n;
		const char *attr;
		size_t value;
	} place[S_PLACES];
};

/* The code point of a placeholder character written at p (at most n
 * bytes) and its length in *len: as UTF-8, percent-encoded UTF-8 (in a
 * URL) or a character reference; 0 when there is none at p. */
static unsigned S_form(const unsigned char *p, size_t n, size_t *len)
{
	if (n >= 4 && p[0] == 0xF4 && (p[1] & 0xF0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		*len = 4;
		return ((unsigned)(p[1] & 0x0F) << 12 | (unsigned)(p[2] & 0x3F) << 6 |
		        (p[3] & 0x3F)) + S_BASE;
	}
	if (n >= 12 && p[0] == '%') {
		unsigned char b[4];
		for (size_t i = 0; i < 4; i++) {
			if (p[3 * i] != '%' || !isxdigit(p[3 * i + 1]) || !isxdigit(p[3 * i + 2]))
				return 0;
			char hex[3] = { (char)p[3 * i + 1], (char)p[3 * i + 2], 0 };
			b[i] = (unsigned char)strtoul(hex, NULL, 16);
		}
		size_t l;
		unsigned cp = S_form(b, 4, &l);
		*len = 12;
		return cp;
	}
	if (n >= 4 && p[0] == '&' && p[1] == '#') {
		int hex = p[2] == 'x' || p[2] == 'X';
		size_t i = hex ? 3 : 2;
		unsigned long cp = 0;
		size_t digits = 0;
		for (; i < n && digits < 8 && (hex ? isxdigit(p[i]) : isdigit(p[i])); i++, digits++)
			cp = cp * (hex ? 16 : 10) +
			     (unsigned long)(isdigit(p[i]) ? p[i] - '0' : (tolower(p[i]) - 'a' + 10));
		if (!digits || i >= n || p[i] != ';' || cp < S_BASE || cp > 0x10FFFF)
			return 0;
		*len = i + 1;
		return (unsigned)cp;
	}
	return 0;
}

/* Does s hold anything ismc_stamp_fill would take for a placeholder? (It
 * reads every text of the pack: memchr, not a loop per byte.) */
static int S_taken_for(const char *s)
{
	size_t n = strlen(s);
	if (memchr(s, 0xF4, n))
		return 1;
	for (const char *p = memchr(s, '%', n); p; p = memchr(p + 1, '%', n - (size_t)(p + 1 - s)))
		if ((p[1] == 'F' || p[1] == 'f') && p[2] == '4')
			return 1;
	return 0;
}

static int S_clash(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (a->children && a->children->content &&
				    S_taken_for((const char *)a->children->content))
					return 1;
			if (S_clash(n->children))
				return 1;
		} else if (n->content && S_taken_for((const char *)n->content)) {
			return 1;
		}
	}
	return 0;
}

static void S_find(ismc_stamp *s, xmlNodePtr n, const char *element)
{
	for (size_t i = 0; i < sizeof S_stamped / sizeof *S_stamped; i++) {
		if (!S_stamped[i].hidden || !S_stamped_on(i, element))
			continue;
		xmlChar *v = xmlGetNoNsProp(n, BAD_CAST S_stamped[i].attr);
		if (!v)
			continue;
		size_t k = 0;
		while (k < s->nvalues && strcmp(s->value[k], (const char *)v))
			k++;
		if (k < S_VALUES && k == s->nvalues && xmlStrlen(v) < (int)S_POSITIONS)
			s->value[s->nvalues++] = ismc_xstrdup((const char *)v);
		if (k < s->nvalues && s->nplaces < S_PLACES) {
			s->place[s->nplaces].n = n;
			s->place[s->nplaces].attr = S_stamped[i].attr;
			s->place[s->nplaces++].value = k;
		}
		xmlFree(v);
	}
}

ismc_stamp *ismc_stamp_new(xmlDocPtr pack)
{
	xmlNodePtr root = pack ? xmlDocGetRootElement(pack) : NULL;
	if (!root || S_clash(root))
		return NULL;
	ismc_stamp *s = ismc_xcalloc(1, sizeof *s);
	S_find(s, root, "");
	for (xmlNodePtr n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			S_find(s, n, (const char *)n->name);
	for (size_t k = 0; k < s->nvalues; k++) {
		ismc_buf b = { 0 };
		for (size_t i = 0; s->value[k][i]; i++) {
			if (!isalnum((unsigned char)s->value[k][i])) {
				ismc_buf_put(&b, s->value[k] + i, 1);
				continue;
			}
			unsigned cp = S_BASE + (unsigned)k * S_POSITIONS + (unsigned)i;
			char u[4] = { (char)0xF4, (char)(0x80 | ((cp >> 12) & 0x0F)),
				      (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)) };
			ismc_buf_put(&b, u, 4);
		}
		s->hidden[k] = xmlStrdup(BAD_CAST (b.data ? b.data : ""));
		ismc_buf_free(&b);
	}
	return s;
}

static void S_set(ismc_stamp *s, int hide)
{
	for (size_t i = 0; s && i < s->nplaces; i++) {
		size_t k = s->place[i].value;
		xmlSetProp(s->place[i].n, BAD_CAST s->place[i].attr,
		           hide ? s->hidden[k] : BAD_CAST s->value[k]);
	}
}

void ismc_stamp_hide(ismc_stamp *s)
{
	S_set(s, 1);
}

void ismc_stamp_show(ismc_stamp *s)
{
	S_set(s, 0);
}

void ismc_stamp_free(ismc_stamp *s)
{
	if (!s)
		return;
	for (size_t k = 0; k < s->nvalues; k++) {
		free(s->value[k]);
		xmlFree(s->hidden[k]);
	}
	free(s);
}

/* The real character for placeholder cp, which *value and *pos name; 0
 * when cp is no placeholder of this stamp's. */
static char S_real(const ismc_stamp *s, unsigned cp, size_t *value, size_t *pos)
{
	if (cp < S_BASE)
		return 0;
	*value = (cp - S_BASE) / S_POSITIONS;
	*pos = (cp - S_BASE) % S_POSITIONS;
	if (*value >= s->nvalues || *pos >= strlen(s->value[*value]))
		return 0;
	char c = s->value[*value][*pos];
	return isalnum((unsigned char)c) ? c : 0;
}

static int S_write_all(const char *path, const char *s, size_t n, int excl)
{
	FILE *f = fopen(path, excl ? "wbx" : "wb");
	int ok = f && (!n || fwrite(s, 1, n, f) == n);
	return f && fclose(f) == 0 && ok ? 0 : -1;
}

int ismc_stamp_fill(const ismc_stamp *s, const char *path, ismc_vec *places, ismc_arena *a,
                    ismc_error *err)
{
	char *text;
	size_t n;
	if (ismc_file_read_all(path, &text, &n, err) != 0)
		return -1;
	ismc_buf out = { 0 };
	const unsigned char *p = (const unsigned char *)text;
	/* a run: consecutive characters of one value written one after another */
	long long run_at = -1;
	size_t run_value = 0, run_pos = 0, run_len = 0;
	for (size_t i = 0; i < n;) {
		size_t len = 0, value = 0, pos = 0;
		unsigned cp = (p[i] == 0xF4 || p[i] == '%' || p[i] == '&') ? S_form(p + i, n - i, &len)
		                                                          : 0;
		char c = cp ? S_real(s, cp, &value, &pos) : 0;
		if (!c) {
			size_t j = i + 1;
			while (j < n && p[j] != 0xF4 && p[j] != '%' && p[j] != '&')
				j++;
			ismc_buf_put(&out, text + i, j - i);
			i = j;
			continue;
		}
		if (run_at >= 0 && value == run_value && pos == run_pos + run_len &&
		    (size_t)run_at + run_len == out.len) {
			run_len++;
		} else {
			if (run_at >= 0)
				ismc_vec_push(places, ismc_arena_printf(a, "%lld %zu %zu %zu", run_at,
				                                        run_value, run_pos, run_len));
			run_at = (long long)out.len;
			run_value = value;
			run_pos = pos;
			run_len = 1;
		}
		ismc_buf_put(&out, &c, 1);
		i += len;
	}
	if (run_at >= 0)
		ismc_vec_push(places, ismc_arena_printf(a, "%lld %zu %zu %zu", run_at, run_value,
		                                        run_pos, run_len));
	int rc = 0;
	if (places->n && S_write_all(path, out.data, out.len, 0) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write the stamp into '%s'", path);
		rc = -1;
	}
	free(text);
	ismc_buf_free(&out);
	return rc;
}

int ismc_stamp_patch(const ismc_stamp *s, const char *const *places, size_t n,
                     const char *from, const char *to)
{
	char *b;
	size_t bn;
	ismc_error err;
	if (ismc_file_read_all(from, &b, &bn, &err) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		long long at;
		size_t value, pos, len;
		char end;
		if (sscanf(places[i], "%lld %zu %zu %zu%c", &at, &value, &pos, &len, &end) != 4 ||
		    at < 0 || !len || (size_t)at > bn || len > bn - (size_t)at ||
		    value >= s->nvalues || pos >= S_POSITIONS || len > S_POSITIONS ||
		    pos + len > strlen(s->value[value])) {
			rc = -1;
			break;
		}
		for (size_t k = 0; k < len; k++) {
			char c = s->value[value][pos + k];
			/* the same shape: a letter or digit where the earlier
			 * page has one */
			if (!isalnum((unsigned char)c) || !isalnum((unsigned char)b[at + (long long)k]))
				rc = -1;
			b[at + (long long)k] = c;
		}
	}
	if (!rc)
		rc = S_write_all(to, b, bn, 1);
	free(b);
	return rc;
}
