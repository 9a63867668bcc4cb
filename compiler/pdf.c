/* pdf.c: the print document (print.xsl's result, from transform.c) into
 * OUT/pack.pdf through WeasyPrint; a large one in parts, which pdf_join.c
 * joins.
 *
 * WeasyPrint lays out a whole document in memory, several hundred bytes per
 * byte of print HTML, and its PDF/UA tagging walks the whole document once
 * per page: the print document of 1,000 documents (32 MB) took 8.6 GB and
 * five minutes in one run. So the memory a run will take is estimated from
 * the HTML before it starts (S_estimate), against a budget (ISMC_PDF_MEMORY,
 * default 1.5 GB; docs/output.md):
 * - a print document that fits half the budget is rendered in one run, as
 *   it always was (the example's, and any ordinary pack's);
 * - a larger one is cut into parts along what starts a new page anyway: the
 *   cover and contents; the registers, a part each or several together; the
 *   documents, as many at a time as fit. Each part is its own WeasyPrint
 *   run, two at a time when both fit the budget, tagged as the variant
 *   says; links whose target is in another part are written as
 *   `ismc-pdf-dest:NAME`, which pdf_join.c turns back into internal links.
 *   The contents are rendered last, with page numbers computed from the
 *   other parts' page counts and named destinations (until their own page
 *   count is stable), and "Page N of M" is rendered in one run of empty
 *   pages that pdf_join.c draws over the pack's pages;
 * - a piece that cannot be cut (one document, one register's section) whose
 *   estimate exceeds the budget stops the build before WeasyPrint starts,
 *   naming it, the estimate and how to lift the limit. */
#define _XOPEN_SOURCE 700
#include "ismc.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* WeasyPrint 57's peak memory for a print document of n bytes, tagged
 * (PDF/UA-1, the default), is about S_BASE_MB + n * S_PER_BYTE bytes; an
 * untagged run takes a little less. Measured on the example and on parts
 * of the 1,000-document bench (docs/performance.md, "PDF"). */
#define S_BASE_MB 70.0
#define S_PER_BYTE 700.0
/* WeasyPrint's default budget: with what ismc itself holds meanwhile (the
 * pack and model of main.c, about 350 MB for 1,000 documents), a build of
 * 1,000 documents stays within 2 GB, two runs at a time (docs/performance.md) */
#define S_BUDGET_MB 1536.0
/* WeasyPrint runs at once, at most (the machine's processors, at most) */
#define S_JOBS 2
/* renders of the contents until their page count is stable */
#define S_CONTENTS_TRIES 4

/* ---- running WeasyPrint ---- */

int ismc_pdf_find(char *exe, size_t n, ismc_error *err)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct stat st;
		snprintf(exe, n, "%.*s/weasyprint", (int)(len ? len : 1), len ? p : ".");
		if (stat(exe, &st) == 0 && S_ISREG(st.st_mode) && access(exe, X_OK) == 0)
			return 0;
		if (!end)
			break;
		p = end;
	}
	snprintf(err->msg, sizeof err->msg, "--pdf needs WeasyPrint, which is not installed: "
	         "install the Debian package 'weasyprint' (apt-get install weasyprint)");
	return -1;
}

typedef struct {
	const char *exe, *work;
	char opt[96];  /* --pdf-variant=..., "" for none */
	char sde[64];  /* SOURCE_DATE_EPOCH=..., "" when the environment sets it */
} S_wp;

/* ---- WeasyPrint's processes end with ismc's ---- */

/* The WeasyPrint processes running, so that an ismc stopped by SIGINT,
 * SIGTERM or SIGHUP (a CI job cancelled, a terminal closed) stops them too
 * rather than leave them rendering for nobody; its temporary folders go
 * with the build's (output.c removes a killed build's). */
#define S_CHILDREN 16
static volatile sig_atomic_t S_running[S_CHILDREN];
static const int S_stop_sigs[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction S_stop_old[sizeof S_stop_sigs / sizeof *S_stop_sigs];

static void S_on_stop(int sig)
{
	for (int i = 0; i < S_CHILDREN; i++)
		if (S_running[i] > 0)
			kill((pid_t)S_running[i], SIGTERM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void S_child_set(pid_t was, pid_t now)
{
	for (int i = 0; i < S_CHILDREN; i++)
		if (S_running[i] == (sig_atomic_t)was) {
			S_running[i] = (sig_atomic_t)now;
			return;
		}
}

/* `on`: the handlers in place; else the earlier ones back. */
static void S_stop_guard(int on)
{
	for (size_t i = 0; i < sizeof S_stop_sigs / sizeof *S_stop_sigs; i++) {
		if (on) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = S_on_stop;
			sigemptyset(&sa.sa_mask);
			sigaction(S_stop_sigs[i], NULL, &S_stop_old[i]);
			if (S_stop_old[i].sa_handler != SIG_IGN) /* nohup's SIGHUP stays ignored */
				sigaction(S_stop_sigs[i], &sa, NULL);
		} else {
			sigaction(S_stop_sigs[i], &S_stop_old[i], NULL);
		}
	}
}

/* Starts WeasyPrint on `html` into `pdf`, its output into `log`; `tagged`
 * 0 asks for no variant (the page numbers). Returns the pid, or -1. */
static pid_t S_spawn(const S_wp *w, const char *html, const char *pdf, const char *log,
                     int tagged, ismc_error *err)
{
	char *argv[] = { (char *)w->exe, "--base-url", (char *)w->work, (char *)html, (char *)pdf,
		         tagged && *w->opt ? (char *)w->opt : NULL, NULL };
	ismc_vec env = { 0 };
	size_t n = strcspn(w->sde, "=") + 1;
	for (char **e = environ; *e; e++)
		if (!*w->sde || strncmp(*e, w->sde, n))
			ismc_vec_push(&env, *e);
	if (*w->sde)
		ismc_vec_push(&env, (void *)w->sde);
	ismc_vec_push(&env, NULL);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	pid_t pid;
	int e = posix_spawn(&pid, w->exe, &fa, NULL, argv, (char **)env.v);
	posix_spawn_file_actions_destroy(&fa);
	ismc_vec_free(&env);
	if (e != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot run '%s': %s", w->exe, strerror(e));
		return -1;
	}
	S_child_set(0, pid);
	return pid;
}

/* Shows WeasyPrint's own messages after a failure, and names the last one. */
static void S_report_log(const char *log, const char *what, int status, ismc_error *err)
{
	char *text;
	size_t len;
	ismc_error ignored;
	const char *last = "";
	if (ismc_file_read_all(log, &text, &len, &ignored) != 0)
		text = NULL;
	if (text) {
		fputs(text, stderr);
		while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			text[--len] = '\0';
		char *nl = strrchr(text, '\n');
		last = nl ? nl + 1 : text;
	}
	snprintf(err->msg, sizeof err->msg, "weasyprint failed%s (exit %d)%s%s", what, status,
	         *last ? ": " : "", last);
	free(text);
}

/* Waits for `pid`; 0 when it succeeded, else -1 with err filled. */
static int S_wait(pid_t pid, const char *log, const char *what, ismc_error *err)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(err->msg, sizeof err->msg, "cannot wait for weasyprint: %s",
			         strerror(errno));
			return -1;
		}
	S_child_set(pid, 0);
	if (!WIFEXITED(st)) {
		snprintf(err->msg, sizeof err->msg, "weasyprint was killed by signal %d%s",
		         WIFSIGNALED(st) ? WTERMSIG(st) : 0, what);
		return -1;
	}
	if (WEXITSTATUS(st) != 0) {
		S_report_log(log, what, WEXITSTATUS(st), err);
		return -1;
	}
	return 0;
}

static int S_run(const S_wp *w, const char *html, const char *pdf, const char *log, int tagged,
                 const char *what, ismc_error *err)
{
	pid_t pid = S_spawn(w, html, pdf, log, tagged, err);
	return pid < 0 ? -1 : S_wait(pid, log, what, err);
}

/* ---- the print document ---- */

/* libxslt writes no doctype for method="html" without one named */
static int S_save(xmlDocPtr doc, xsltStylesheetPtr st, const char *path, ismc_error *err)
{
	xmlChar *s = NULL;
	int len = 0;
	if (xsltSaveResultToString(&s, &len, doc, st) != 0 || !s) {
		snprintf(err->msg, sizeof err->msg, "cannot serialise '%s'", path);
		xmlFree(s);
		return -1;
	}
	FILE *f = fopen(path, "wb");
	static const char dt[] = "<!DOCTYPE html>\n";
	int ok = f && fwrite(dt, 1, sizeof dt - 1, f) == sizeof dt - 1 &&
	         fwrite(s, 1, (size_t)len, f) == (size_t)len;
	ok = (f && fclose(f) == 0) && ok;
	xmlFree(s);
	if (!ok) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int S_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, BAD_CAST name);
}

static xmlNodePtr S_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (S_is(c, name))
			return c;
	return NULL;
}

/* The bytes `n` takes in the print document, written as S_save writes it
 * (libxslt's HTML output: htmlNodeDumpFormatOutput, UTF-8, no indenting). */
static size_t S_size(xmlDocPtr doc, xmlNodePtr n)
{
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
	if (!out)
		return 0;
	htmlNodeDumpFormatOutput(out, doc, n, "UTF-8", 0);
	size_t len = xmlOutputBufferGetSize(out);
	xmlOutputBufferClose(out);
	return len;
}

static double S_estimate(size_t bytes)
{
	return S_BASE_MB + (double)bytes * S_PER_BYTE / 1048576.0;
}

/* ISMC_PDF_MEMORY: megabytes, or with a suffix M or G. */
static int S_budget(double *mb, ismc_error *err)
{
	const char *s = getenv("ISMC_PDF_MEMORY");
	*mb = S_BUDGET_MB;
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end == 'G' || *end == 'g')
		v *= 1024, end++;
	else if (*end == 'M' || *end == 'm')
		end++;
	if (errno || end == s || *end || !(v >= 1) || v > 1e9) {
		snprintf(err->msg, sizeof err->msg, "ISMC_PDF_MEMORY='%.32s' is not an amount of "
		         "memory: write megabytes or gigabytes, like 1500M or 4G", s);
		return -1;
	}
	*mb = v;
	return 0;
}

/* How deep a piece may lie: a section, a wrapper, a table, its body. */
#define S_DEPTH 4

/* A piece of the print document: a child of its body, or, inside elements
 * too large for a part that were cut (`path`: a section of the pack, a
 * table's wrapper, the table, its body), one of their children: a heading,
 * a paragraph, a document, a table row. */
typedef struct {
	xmlNodePtr node;
	xmlNodePtr path[S_DEPTH]; /* the cut elements it is in, outermost first */
	int depth;
	unsigned first;           /* bit d: the first piece inside path[d] */
	int sticky;               /* a heading or a paragraph: stays with what follows */
	size_t bytes;
} S_piece;

typedef struct {
	size_t from, to;    /* its pieces, [from, to) */
	size_t bytes;
	int cont;           /* begins inside a section cut in an earlier part */
	int pages;          /* 0 before its run, -1 while it runs */
	pid_t pid;
	char html[PATH_MAX], pdf[PATH_MAX], log[PATH_MAX];
} S_part;

typedef struct {
	S_wp wp;
	xmlDocPtr print;
	xsltStylesheetPtr st;
	xmlNodePtr html, head, body;
	ismc_vec prefix;   /* body children every part repeats (a draft's watermark) */
	S_piece *pc;
	size_t npc, cap;
	S_part *parts;
	size_t nparts;
	ismc_map *where;   /* id -> part index + 1 */
	ismc_map *pages;   /* name -> page after the contents part (1-based) */
	ismc_arena *a;
	double budget;     /* MB */
	size_t part_max;   /* bytes a part may take to share the budget with another */
	size_t total;
} S_split;

/* A section's child that opens what follows: a heading, or a paragraph
 * (a part's introduction) */
static int S_sticky(xmlNodePtr n)
{
	static const char *const names[] = { "h1", "h2", "h3", "h4", "h5", "h6", "p" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (S_is(n, names[i]))
			return 1;
	return 0;
}

/* What a cut table repeats in each part it goes on in. */
static int S_repeated(xmlNodePtr table, xmlNodePtr n)
{
	return S_is(table, "table") && (S_is(n, "caption") || S_is(n, "colgroup") ||
	                                S_is(n, "thead") || S_is(n, "tfoot"));
}

/* Adds `n` as a piece, or, when it is too large for a part and may be cut
 * (a section, a wrapper, a table, its body: never a document), its
 * children, in order; `fresh` has bit d set until the first piece inside
 * path[d] is added. */
static void S_cut(S_split *s, xmlNodePtr n, xmlNodePtr *path, int depth, unsigned *fresh)
{
	size_t bytes = S_size(s->print, n);
	int inner = 0;
	for (xmlNodePtr c = n->children; c; c = c->next)
		inner += !S_repeated(n, c);
	int cut = bytes > s->part_max && depth < S_DEPTH && inner &&
	          (S_is(n, "section") || S_is(n, "div") || S_is(n, "table") || S_is(n, "tbody"));
	if (!cut) {
		if (s->npc == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 256;
			s->pc = ismc_xrealloc(s->pc, s->cap * sizeof *s->pc);
		}
		S_piece *p = &s->pc[s->npc++];
		memset(p, 0, sizeof *p);
		p->node = n;
		memcpy(p->path, path, (size_t)depth * sizeof *path);
		p->depth = depth;
		p->first = *fresh;
		p->sticky = depth && S_sticky(n);
		p->bytes = bytes;
		s->total += bytes;
		*fresh = 0;
		return;
	}
	path[depth] = n;
	*fresh |= 1u << depth;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (!S_repeated(n, c))
			S_cut(s, c, path, depth + 1, fresh);
}

/* The body's children as pieces: the ones before the first section or nav
 * (a draft's watermark) go into every part; the others through S_cut. */
static int S_pieces(S_split *s, ismc_error *err)
{
	s->html = xmlDocGetRootElement(s->print);
	s->head = S_child(s->html, "head");
	s->body = S_child(s->html, "body");
	if (!s->head || !s->body) {
		snprintf(err->msg, sizeof err->msg, "the print document has no head or body "
		         "(templates/print.xsl)");
		return -1;
	}
	int lead = 1;
	for (xmlNodePtr c = s->body->children; c; c = c->next) {
		if (lead && c->type == XML_ELEMENT_NODE && !S_is(c, "section") && !S_is(c, "nav")) {
			ismc_vec_push(&s->prefix, c);
			continue;
		}
		lead = 0;
		xmlNodePtr path[S_DEPTH];
		unsigned fresh = 0;
		S_cut(s, c, path, 0, &fresh);
	}
	return 0;
}

/* The body child a piece belongs to. */
static xmlNodePtr S_top(const S_piece *c)
{
	return c->depth ? c->path[0] : c->node;
}

/* Where the cover and contents end: the first section of class "part". */
static size_t S_front_end(const S_split *s)
{
	for (size_t i = 0; i < s->npc; i++) {
		xmlChar *cls = xmlGetProp(S_top(&s->pc[i]), BAD_CAST "class");
		int part = cls && (!xmlStrcmp(cls, BAD_CAST "part") ||
		                   !xmlStrncmp(cls, BAD_CAST "part ", 5));
		xmlFree(cls);
		if (part)
			return i;
	}
	return s->npc;
}

static S_part *S_new_part(S_split *s, size_t from)
{
	s->parts = ismc_xrealloc(s->parts, (s->nparts + 1) * sizeof *s->parts);
	S_part *p = &s->parts[s->nparts++];
	memset(p, 0, sizeof *p);
	p->from = p->to = from;
	return p;
}

/* Parts: the cover and contents, then the pieces in order, as many to a
 * part as fit part_max; a heading stays with what follows it, and a part
 * that begins inside a section cut in an earlier part ends with that
 * section (its bookmarks go under the section's, pdf_join.c). */
static void S_group(S_split *s)
{
	size_t front = S_front_end(s);
	S_part *p = S_new_part(s, 0);
	for (size_t i = 0; i < front; i++)
		p->bytes += s->pc[i].bytes;
	p->to = front;
	p = NULL;
	for (size_t i = front; i < s->npc; i++) {
		const S_piece *c = &s->pc[i];
		const S_piece *prev = i > front ? &s->pc[i - 1] : NULL;
		int fits = p && p->bytes + c->bytes <= s->part_max &&
		           !(p->cont && S_top(c) != S_top(prev));
		if (!p || (!fits && !prev->sticky)) {
			p = S_new_part(s, i);
			p->cont = c->depth && !(c->first & 1);
		}
		p->bytes += c->bytes;
		p->to = i + 1;
	}
}

/* The text of the first h1 of `n`, or NULL (the caller frees it). */
static xmlChar *S_title(xmlNodePtr n)
{
	xmlNodePtr h1 = S_child(n, "h1");
	return h1 ? xmlNodeGetContent(h1) : NULL;
}

/* What a piece is, for a message; 1 when it is a document. */
static int S_what(const S_piece *c, char *out, size_t n)
{
	xmlChar *id = xmlGetProp(c->node, BAD_CAST "id");
	xmlChar *title = S_title(c->node), *of = c->depth ? S_title(c->path[0]) : NULL;
	int doc = S_is(c->node, "article") && id && !xmlStrncmp(id, BAD_CAST "doc-", 4);
	if (doc)
		snprintf(out, n, "the document %s", (const char *)id + 4);
	else if (S_is(c->node, "nav"))
		snprintf(out, n, "the contents");
	else if (title)
		snprintf(out, n, "the part '%s'", (const char *)title);
	else if (of)
		snprintf(out, n, "a piece of the part '%s'", (const char *)of);
	else
		snprintf(out, n, "a piece of the print document");
	xmlFree(of);
	xmlFree(title);
	xmlFree(id);
	return doc;
}

/* A part whose run would not fit the budget even alone (its largest piece
 * could not be cut) stops the build before any run starts. */
static int S_limits(const S_split *s, ismc_error *err)
{
	for (size_t i = 0; i < s->nparts; i++) {
		const S_part *p = &s->parts[i];
		double need = S_estimate(p->bytes);
		if (need <= s->budget)
			continue;
		size_t big = p->from;
		for (size_t k = p->from; k < p->to; k++)
			if (s->pc[k].bytes > s->pc[big].bytes)
				big = k;
		char what[256];
		int doc = S_what(&s->pc[big], what, sizeof what);
		snprintf(err->msg, sizeof err->msg,
		         "--pdf: %s is %.1f MB of print HTML, which WeasyPrint needs about %.0f MB to "
		         "lay out, more than the %.0f MB it may use (ISMC_PDF_MEMORY); set "
		         "ISMC_PDF_MEMORY=%.0fM or more to render it anyway%s", what,
		         (double)p->bytes / 1048576.0, need, s->budget, need * 1.25,
		         doc ? ", or split the document" : "");
		return -1;
	}
	return 0;
}

/* Records which part each id in `n` is in. */
static void S_ids_of(S_split *s, xmlNodePtr n, size_t part)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	xmlChar *id = xmlGetProp(n, BAD_CAST "id");
	if (id)
		ismc_map_put(s->where, ismc_arena_strdup(s->a, (const char *)id),
		             (void *)(intptr_t)(part + 1));
	xmlFree(id);
	for (xmlNodePtr c = n->children; c; c = c->next)
		S_ids_of(s, c, part);
}

/* Records which part each id is in: a cut element's own (and a cut
 * table's caption's and header's) in the part it begins in. */
static void S_ids(S_split *s)
{
	for (size_t i = 0; i < s->nparts; i++)
		for (size_t k = s->parts[i].from; k < s->parts[i].to; k++) {
			const S_piece *c = &s->pc[k];
			S_ids_of(s, c->node, i);
			for (int d = 0; d < c->depth; d++) {
				if (!(c->first & (1u << d)))
					continue;
				xmlChar *id = xmlGetProp(c->path[d], BAD_CAST "id");
				if (id)
					ismc_map_put(s->where, ismc_arena_strdup(s->a, (const char *)id),
					             (void *)(intptr_t)(i + 1));
				xmlFree(id);
				for (xmlNodePtr t = c->path[d]->children; t; t = t->next)
					if (S_repeated(c->path[d], t))
						S_ids_of(s, t, i);
			}
		}
}

/* A link to another part's id becomes a link to `ismc-pdf-dest:ID` (the id
 * percent-encoded), which WeasyPrint keeps and pdf_join.c resolves; the
 * links of the contents (in a nav) go into `nav`, each with its id. */
static void S_links(S_split *s, xmlNodePtr n, size_t part, int in_nav, ismc_vec *nav)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *href = S_is(n, "a") ? xmlGetProp(n, BAD_CAST "href") : NULL;
		if (href && href[0] == '#') {
			const char *id = (const char *)href + 1;
			intptr_t at = (intptr_t)ismc_map_get(s->where, id);
			if (at && (size_t)at != part + 1) {
				ismc_buf b = { 0 };
				ismc_buf_puts(&b, ISMC_PDF_DEST_MARK);
				for (const unsigned char *p = (const unsigned char *)id; *p; p++)
					if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
						ismc_buf_put(&b, (const char *)p, 1);
					else
						ismc_buf_printf(&b, "%%%02X", *p);
				xmlSetProp(n, BAD_CAST "href", BAD_CAST b.data);
				ismc_buf_free(&b);
				if (in_nav && nav) {
					ismc_vec_push(nav, n);
					ismc_vec_push(nav, ismc_arena_strdup(s->a, id));
				}
			}
		}
		xmlFree(href);
		S_links(s, n->children, part, in_nav || S_is(n, "nav"), nav);
	}
}

/* CSS every part adds: "Page N of M" comes from the page-number run */
static const char S_part_css[] = "@page { @bottom-right { content: none } }";

/* A new document with the print document's html element and head, and
 * `css` at the end of the head; the caller adds the body. */
static xmlDocPtr S_shell(const S_split *s, const char *css)
{
	xmlDocPtr doc = xmlCopyDoc(s->print, 0);
	xmlNodePtr html = xmlDocCopyNode(s->html, doc, 2);
	xmlDocSetRootElement(doc, html);
	xmlNodePtr head = xmlDocCopyNode(s->head, doc, 1);
	xmlAddChild(html, head);
	xmlAddChild(head, xmlNewDocNode(doc, NULL, BAD_CAST "style", BAD_CAST css));
	return doc;
}

/* Drops the ids of a copy (a cut table's caption and header again). */
static void S_strip_ids(xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	xmlUnsetProp(n, BAD_CAST "id");
	for (xmlNodePtr c = n->children; c; c = c->next)
		S_strip_ids(c);
}

/* The document of part `i`: the print document's html, head and body
 * (their attributes), the prefix, and copies of the part's pieces, inside
 * copies of the cut elements they are in (a cut table's with its caption
 * and header again; ids only where the element begins). */
static xmlDocPtr S_part_doc(S_split *s, size_t i, ismc_vec *nav)
{
	const S_part *p = &s->parts[i];
	xmlDocPtr doc = S_shell(s, S_part_css);
	xmlNodePtr body = xmlDocCopyNode(s->body, doc, 2);
	xmlAddChild(xmlDocGetRootElement(doc), body);
	for (size_t k = 0; k < s->prefix.n; k++)
		xmlAddChild(body, xmlDocCopyNode(s->prefix.v[k], doc, 1));
	xmlNodePtr from[S_DEPTH], copy[S_DEPTH];
	int open = 0;
	for (size_t k = p->from; k < p->to; k++) {
		const S_piece *c = &s->pc[k];
		int d = 0;
		while (d < open && d < c->depth && from[d] == c->path[d])
			d++;
		for (open = d; d < c->depth; d++) {
			int first = c->first & (1u << d);
			xmlNodePtr e = xmlDocCopyNode(c->path[d], doc, 2);
			if (!first)
				xmlUnsetProp(e, BAD_CAST "id");
			for (xmlNodePtr t = c->path[d]->children; t; t = t->next)
				if (S_repeated(c->path[d], t)) {
					xmlNodePtr r = xmlDocCopyNode(t, doc, 1);
					if (!first)
						S_strip_ids(r);
					xmlAddChild(e, r);
				}
			xmlAddChild(d ? copy[d - 1] : body, e);
			from[d] = c->path[d];
			copy[d] = e;
			open = d + 1;
		}
		xmlAddChild(c->depth ? copy[c->depth - 1] : body, xmlDocCopyNode(c->node, doc, 1));
	}
	S_links(s, body->children, i, 0, nav);
	return doc;
}

/* ---- rendering in parts ---- */

/* Renders parts 1.. (the contents last, below): at most S_JOBS at once,
 * a second one only while both estimates fit the budget (the next part
 * that fits, in any order: each part is a run of its own). */
static int S_render_parts(S_split *s, ismc_error *err)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = cpus > 1 ? S_JOBS : 1, running = 0, left = s->nparts - 1;
	double used = 0;
	int rc = 0;
	while (left || running) {
		S_part *p = NULL;
		for (size_t i = 1; !rc && !p && i < s->nparts && running < jobs; i++) {
			S_part *c = &s->parts[i];
			if (!c->pid && !c->pages &&
			    (!running || used + S_estimate(c->bytes) <= s->budget))
				p = c;
		}
		if (p) {
			if ((p->pid = S_spawn(&s->wp, p->html, p->pdf, p->log, 1, err)) < 0) {
				p->pid = 0;
				rc = -1;
			} else {
				running++;
				used += S_estimate(p->bytes);
			}
			p->pages = -1; /* started */
			left--;
			continue;
		}
		if (!running)
			break;
		int st;
		pid_t pid = wait(&st);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err->msg, sizeof err->msg, "cannot wait for weasyprint: %s",
			         strerror(errno));
			return -1;
		}
		S_child_set(pid, 0);
		for (size_t i = 1; i < s->nparts; i++) {
			S_part *q = &s->parts[i];
			if (q->pid != pid)
				continue;
			q->pid = 0;
			running--;
			used -= S_estimate(q->bytes);
			if (!rc && (!WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
				char what[64];
				snprintf(what, sizeof what, " on part %zu of %zu", i + 1, s->nparts);
				if (WIFEXITED(st))
					S_report_log(q->log, what, WEXITSTATUS(st), err);
				else
					snprintf(err->msg, sizeof err->msg, "weasyprint was killed by signal "
					         "%d%s", WIFSIGNALED(st) ? WTERMSIG(st) : 0, what);
				rc = -1;
				/* the others are of no use now */
				for (size_t k = 1; k < s->nparts; k++)
					if (s->parts[k].pid > 0)
						kill(s->parts[k].pid, SIGTERM);
			}
		}
	}
	return rc;
}

/* The contents (`doc`, its links `nav`): rendered with the page of every
 * entry written in (the other parts' pages come after it), again until its
 * own page count is what the numbers assumed. */
static int S_contents(S_split *s, xmlDocPtr doc, const ismc_vec *nav, ismc_error *err)
{
	S_part *p = &s->parts[0];
	int assumed = 1;
	for (int t = 0; t < S_CONTENTS_TRIES; t++) {
		for (size_t i = 0; i + 1 < nav->n; i += 2) {
			const char *id = nav->v[i + 1];
			intptr_t at = (intptr_t)ismc_map_get(s->pages, id);
			if (!at) {
				snprintf(err->msg, sizeof err->msg, "the contents' entry '%s' is on no page "
				         "of the parts (templates/print.xsl)", id);
				return -1;
			}
			char num[32];
			snprintf(num, sizeof num, "%ld", (long)(assumed + at));
			xmlSetProp(nav->v[i], BAD_CAST "data-page", BAD_CAST num);
		}
		if (S_save(doc, s->st, p->html, err) != 0 ||
		    S_run(&s->wp, p->html, p->pdf, p->log, 1, " on the contents", err) != 0)
			return -1;
		if ((p->pages = ismc_pdf_scan(p->pdf, 0, NULL, NULL, s->a, err)) < 0)
			return -1;
		if (p->pages == assumed)
			return 0;
		assumed = p->pages;
	}
	snprintf(err->msg, sizeof err->msg, "the contents' page count does not settle (%d renders)",
	         S_CONTENTS_TRIES);
	return -1;
}

/* CSS of the page-number run: only the bottom-right box, on pages shaped
 * like the pack's (print.css's @page, `wide` for landscape, `cover` for
 * the first) */
static const char S_numbers_css[] =
	"@page { @top-left { content: none } @top-center { content: none } "
	"@top-right { content: none } @bottom-left { content: none } }\n"
	"html, body { margin: 0 } .ismc-pn + .ismc-pn { break-before: page }\n"
	".ismc-pn-wide { page: wide } .ismc-pn-cover { page: cover }";

/* "Page N of M" for the whole pack (`doc`, from S_shell): a page per page
 * of the parts, of the same shape, rendered untagged (pdf_join.c marks it
 * as an artifact). */
static int S_numbers(S_split *s, xmlDocPtr doc, const char *orient, const char *work, char *pdf,
                     size_t n, ismc_error *err)
{
	xmlNodePtr body = xmlNewDocNode(doc, NULL, BAD_CAST "body", NULL);
	xmlAddChild(xmlDocGetRootElement(doc), body);
	for (const char *o = orient; *o; o++) {
		xmlNodePtr d = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
		xmlSetProp(d, BAD_CAST "class", BAD_CAST(o == orient ? "ismc-pn ismc-pn-cover"
		                                         : *o == 'L' ? "ismc-pn ismc-pn-wide"
		                                                     : "ismc-pn"));
		xmlAddChild(body, d);
	}
	char html[PATH_MAX], log[PATH_MAX];
	snprintf(html, sizeof html, "%s/numbers.html", work);
	snprintf(log, sizeof log, "%s/numbers.log", work);
	snprintf(pdf, n, "%s/numbers.pdf", work);
	return S_save(doc, s->st, html, err) == 0 &&
	                       S_run(&s->wp, html, pdf, log, 0, " on the page numbers", err) == 0
	               ? 0
	               : -1;
}

/* The print document in one run, as always: written, then freed. */
static int S_one(S_split *s, const char *work, const char *out, ismc_error *err)
{
	char html[PATH_MAX], log[PATH_MAX];
	snprintf(html, sizeof html, "%s/print.html", work);
	snprintf(log, sizeof log, "%s/weasyprint.log", work);
	int rc = S_save(s->print, s->st, html, err);
	xmlFreeDoc(s->print);
	s->print = NULL;
	ismc_memory_release();
	return rc ? -1 : S_run(&s->wp, html, out, log, 1, "", err);
}

/* The parts: written, the print document freed (WeasyPrint runs while
 * ismc holds only the contents and a shell for the page numbers), rendered,
 * scanned for their pages and names; then the contents, the page numbers
 * and the join. */
static int S_in_parts(S_split *s, const char *work, const char *out, ismc_error *err)
{
	S_ids(s);
	for (size_t i = 1; i < s->nparts; i++) {
		S_part *p = &s->parts[i];
		snprintf(p->html, sizeof p->html, "%s/part-%03zu.html", work, i);
		snprintf(p->pdf, sizeof p->pdf, "%s/part-%03zu.pdf", work, i);
		snprintf(p->log, sizeof p->log, "%s/part-%03zu.log", work, i);
		xmlDocPtr doc = S_part_doc(s, i, NULL);
		int rc = S_save(doc, s->st, p->html, err);
		xmlFreeDoc(doc);
		if (rc)
			return -1;
	}
	S_part *front = &s->parts[0];
	snprintf(front->html, sizeof front->html, "%s/contents.html", work);
	snprintf(front->pdf, sizeof front->pdf, "%s/contents.pdf", work);
	snprintf(front->log, sizeof front->log, "%s/contents.log", work);
	ismc_vec nav = { 0 };
	xmlDocPtr contents = S_part_doc(s, 0, &nav);
	xmlDocPtr numbers = S_shell(s, S_numbers_css);
	xmlFreeDoc(s->print);
	s->print = NULL;
	s->npc = 0;
	ismc_memory_release(); /* the pack's and the print document's memory, back */
	ismc_buf orient = { 0 }, all = { 0 };
	ismc_pdf_part *jp = ismc_xcalloc(s->nparts, sizeof *jp);
	char numbers_pdf[PATH_MAX];
	int after = 0, rc = -1;
	if (S_render_parts(s, err) != 0)
		goto out;
	/* the parts' pages and names, numbered from the first page after the
	 * contents */
	for (size_t i = 1; i < s->nparts; i++) {
		S_part *p = &s->parts[i];
		if ((p->pages = ismc_pdf_scan(p->pdf, after, &orient, s->pages, s->a, err)) < 0)
			goto out;
		after += p->pages;
	}
	if (S_contents(s, contents, &nav, err) != 0 ||
	    ismc_pdf_scan(front->pdf, 0, &all, NULL, s->a, err) < 0)
		goto out;
	ismc_buf_put(&all, orient.data ? orient.data : "", orient.len);
	for (size_t i = 0; i < s->nparts; i++) {
		jp[i].pdf = s->parts[i].pdf;
		jp[i].cont = s->parts[i].cont;
	}
	if (S_numbers(s, numbers, all.data, work, numbers_pdf, sizeof numbers_pdf, err) == 0 &&
	    ismc_pdf_join(jp, s->nparts, numbers_pdf, out, err) == 0)
		rc = 0;
out:
	free(jp);
	ismc_buf_free(&all);
	ismc_buf_free(&orient);
	ismc_vec_free(&nav);
	xmlFreeDoc(contents);
	xmlFreeDoc(numbers);
	return rc;
}

int ismc_pdf_render(struct _xmlDoc *print, struct _xsltStylesheet *st, const char *exe,
                    const char *work, const char *out, const char *variant, long long epoch,
                    ismc_error *err)
{
	S_split s;
	memset(&s, 0, sizeof s);
	s.print = print;
	s.st = st;
	s.wp.exe = exe;
	s.wp.work = work;
	if (!variant)
		variant = ISMC_PDF_VARIANT;
	/* one argument, so a value is never taken for another option */
	if (strcmp(variant, "none") != 0)
		snprintf(s.wp.opt, sizeof s.wp.opt, "--pdf-variant=%s", variant);
	/* fontTools, which subsets the fonts, stamps them with the time unless
	 * SOURCE_DATE_EPOCH says otherwise: the pack's date keeps the PDF
	 * byte-identical from one build of a commit to the next */
	const char *have = getenv("SOURCE_DATE_EPOCH");
	if (!have || !*have)
		snprintf(s.wp.sde, sizeof s.wp.sde, "SOURCE_DATE_EPOCH=%lld", epoch);
	s.where = ismc_map_new();
	s.pages = ismc_map_new();
	s.a = ismc_arena_new();
	S_stop_guard(1);
	int rc = S_budget(&s.budget, err);
	if (!rc) {
		double share = s.budget / S_JOBS - S_BASE_MB;
		s.part_max = share > 0 ? (size_t)(share * 1048576.0 / S_PER_BYTE) : 1;
		rc = S_pieces(&s, err);
	}
	if (rc) {
		/* stopped */
	} else if (s.total <= s.part_max) {
		rc = S_one(&s, work, out, err);
	} else {
		S_group(&s);
		rc = S_limits(&s, err);
		if (!rc) {
			ismc_fprintln_esc(stdout, "ismc: note: the print document is %.1f MB, more than "
			                  "one WeasyPrint run may take within ISMC_PDF_MEMORY=%.0fM: "
			                  "pack.pdf is rendered in %zu parts and joined",
			                  (double)s.total / 1048576.0, s.budget, s.nparts);
			fflush(stdout);
			rc = S_in_parts(&s, work, out, err);
		}
	}
	S_stop_guard(0);
	xmlFreeDoc(s.print);
	free(s.pc);
	free(s.parts);
	ismc_vec_free(&s.prefix);
	ismc_map_free(s.where);
	ismc_map_free(s.pages);
	ismc_arena_free(s.a);
	return rc;
}
