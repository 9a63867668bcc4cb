/* verify.c: `ismc verify PACK [--repo ROOT]` (docs/git.md). Re-hashes every
 * file manifest.xml lists (output.c wrote it), names files changed, missing
 * or not listed; with a repository, checks each source blob recorded in
 * evidence-pack.xml against the tree of the recorded commit. Every
 * difference is a line on `f`; the last line sums up. */
#include "ismc.h"

#include <errno.h>
#include <git2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	FILE *f;
	const char *pack;
	size_t diffs;
} S_verify;

static void S_diff(S_verify *v, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Every line names paths from the pack or the command line: escaped, one line. */
static void S_diff(S_verify *v, const char *path, const char *fmt, ...)
{
	va_list ap;
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "%s/%s: ", v->pack, path);
	va_start(ap, fmt);
	ismc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ismc_fprintln_esc(v->f, "%s", b.data);
	ismc_buf_free(&b);
	v->diffs++;
}

static int S_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int S_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("ismc: ", stderr);
	va_start(ap, fmt);
	ismc_vfprintln_esc(stderr, fmt, ap);
	va_end(ap);
	return 2;
}

/* An attribute's value, copied into the arena; NULL when absent. */
static const char *S_attr(ismc_arena *a, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	if (!v)
		return NULL;
	char *s = ismc_arena_strdup(a, (const char *)v);
	xmlFree(v);
	return s;
}

static int S_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && n->ns &&
	       !strcmp((const char *)n->ns->href, ISMC_NS);
}

/* A relative path that stays inside the pack: no leading '/', no "..". */
static int S_safe(const char *p)
{
	if (!*p || *p == '/')
		return 0;
	for (const char *s = p; s; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (!*s || *s == '/' || (s[0] == '.' && (!s[1] || s[1] == '/')) ||
		    (s[0] == '.' && s[1] == '.' && (!s[2] || s[2] == '/')))
			return 0;
	}
	return 1;
}

/* The first part of `rel` (a path in the pack) that is a symbolic link,
 * into `at`: 1, or 0 when none is. A pack holds no links, and verify never
 * follows one: a linked folder could hold anything, from anywhere. */
static int S_link_in(const char *pack, const char *rel, char *at, size_t n)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", pack, rel);
	size_t skip = strlen(pack) + 1;
	for (char *s = path + skip;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			snprintf(at, n, "%s", path + skip);
			return 1;
		}
		if (!c)
			return 0;
		*s = c;
	}
}

static xmlDocPtr S_read_xml(const char *pack, const char *name, const char *root_name)
{
	char path[PATH_MAX], link[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", pack, name);
	if (S_link_in(pack, name, link, sizeof link)) {
		S_fail("%s is a symbolic link, not an ismc %s", path, root_name);
		return NULL;
	}
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                        XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !S_is(root, root_name)) {
		S_fail("%s is not an ismc %s (or cannot be read)", path, root_name);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* One listed file against the manifest's size and SHA-256. */
static void S_file(S_verify *v, const char *path, const char *size, const char *sha)
{
	char full[PATH_MAX], link[PATH_MAX];
	snprintf(full, sizeof full, "%s/%s", v->pack, path);
	struct stat st;
	if (S_link_in(v->pack, path, link, sizeof link)) {
		S_diff(v, path, "changed: '%s' is a symbolic link (a pack holds none; not followed)",
		       link);
		return;
	}
	if (lstat(full, &st) != 0) {
		S_diff(v, path, "missing (listed in manifest.xml)");
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		S_diff(v, path, "changed: no longer a regular file");
		return;
	}
	char hex[65];
	size_t len;
	ismc_error err;
	if (ismc_sha256_file(full, hex, &len, &err) != 0) {
		S_diff(v, path, "unreadable: %s", err.msg);
		return;
	}
	char n[32];
	snprintf(n, sizeof n, "%zu", len);
	if (size && strcmp(size, n) != 0)
		S_diff(v, path, "changed: %s bytes, manifest.xml says %s", n, size);
	else if (strcmp(hex, sha) != 0)
		S_diff(v, path, "changed: SHA-256 %s, manifest.xml says %s", hex, sha);
}

/* Files below pack/rel that the manifest does not list, in name order. */
static void S_unlisted(S_verify *v, const ismc_map *listed, const char *rel)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s%s%s", v->pack, *rel ? "/" : "", rel);
	ismc_vec names = { 0 };
	if (ismc_dir_names(dir, 0, &names) != 0) {
		if (*rel)
			S_diff(v, rel, "unreadable folder: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < names.n; i++) {
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", (char *)names.v[i]);
		snprintf(full, sizeof full, "%s/%s", v->pack, sub);
		struct stat st;
		int lst = lstat(full, &st);
		if (lst == 0 && S_ISDIR(st.st_mode))
			S_unlisted(v, listed, sub);
		else if (lst == 0 && S_ISLNK(st.st_mode) && !ismc_map_get(listed, sub))
			S_diff(v, sub, "a symbolic link (a pack holds none; not followed)");
		else if (strcmp(sub, "manifest.xml") != 0 && !ismc_map_get(listed, sub))
			S_diff(v, sub, "not listed in manifest.xml");
	}
	ismc_names_free(&names);
}

/* The manifest: every listed file re-hashed, every other file named. */
static int S_manifest(S_verify *v, ismc_arena *a, size_t *nfiles)
{
	xmlDocPtr doc = S_read_xml(v->pack, "manifest.xml", "manifest");
	if (!doc)
		return 2;
	ismc_map *listed = ismc_map_new();
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		if (!S_is(n, "file"))
			continue;
		const char *path = S_attr(a, n, "path"), *size = S_attr(a, n, "size"),
		           *sha = S_attr(a, n, "sha256");
		if (!path || !sha || !S_safe(path)) {
			S_diff(v, "manifest.xml", "line %ld: an entry %s", (long)xmlGetLineNo(n),
			       !path || !sha ? "without path or sha256" : "naming a path outside the pack");
			continue;
		}
		if (ismc_map_put(listed, path, (void *)path)) {
			S_diff(v, "manifest.xml", "line %ld: '%s' is listed twice", (long)xmlGetLineNo(n),
			       path);
			continue;
		}
		(*nfiles)++;
		S_file(v, path, size, sha);
	}
	S_unlisted(v, listed, "");
	ismc_map_free(listed);
	xmlFreeDoc(doc);
	return 0;
}

static xmlNodePtr S_find(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (S_is(n, name))
			return n;
		xmlNodePtr in = S_find(n->children, name);
		if (in)
			return in;
	}
	return NULL;
}

/* The key files of person `id` as the pack lists them, read from the
 * recorded commit's tree and imported into `pgp`. */
static void S_person_keys(S_verify *v, ismc_arena *a, xmlNodePtr people, const char *id,
                          git_repository *repo, git_tree *top, const char *prefix, ismc_pgp *pgp)
{
	for (xmlNodePtr p = people ? people->children : NULL; p; p = p->next) {
		const char *pid = S_is(p, "person") ? S_attr(a, p, "id") : NULL;
		if (!pid || strcmp(pid, id))
			continue;
		for (xmlNodePtr k = p->children; k; k = k->next) {
			const char *path = S_is(k, "key") ? S_attr(a, k, "path") : NULL;
			if (!path)
				continue;
			char full[PATH_MAX];
			snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "/" : "", path);
			git_tree_entry *e = NULL;
			git_blob *b = NULL;
			ismc_vec fprs = { 0 };
			if (ismc_git_follow(top, "", full, &e) != 0 ||
			    git_blob_lookup(&b, repo, git_tree_entry_id(e)) != 0 ||
			    git_blob_rawsize(b) > ISMC_MAX_FILE ||
			    ismc_pgp_import(pgp, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), &fprs) != 0)
				S_diff(v, "evidence-pack.xml", "key %s of %s cannot be read from the commit", path, id);
			git_error_clear();
			ismc_names_free(&fprs);
			git_blob_free(b);
			git_tree_entry_free(e);
		}
	}
}

/* Every approval the pack says a signature proves, verified again: the
 * signature of the recorded commit, in this repository, against the keys the
 * people register held at the recorded commit, by the recorded key. */
static void S_signatures(S_verify *v, ismc_arena *a, xmlNodePtr top_el, git_repository *repo,
                         git_tree *top, const char *prefix, size_t *nsig)
{
	xmlNodePtr people = S_find(top_el->children, "people");
	ismc_map *done = ismc_map_new();
	ismc_vec stack = { 0 };
	ismc_vec_push(&stack, top_el->children);
	while (stack.n) {
		xmlNodePtr n = stack.v[--stack.n];
		for (; n; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (!S_is(n, "approval")) {
				if (n->children)
					ismc_vec_push(&stack, n->children);
				continue;
			}
			const char *method = S_attr(a, n, "method"), *commit = S_attr(a, n, "proof-commit"),
			           *key = S_attr(a, n, "key"), *person = S_attr(a, n, "person");
			if (!method || strcmp(method, "signature"))
				continue;
			const char *what = ismc_arena_printf(a, "%s %s", commit ? commit : "", key ? key : "");
			if (ismc_map_put(done, what, (void *)what))
				continue; /* the register's copy of a document's approval */
			(*nsig)++;
			git_oid oid;
			if (!commit || !key || !person || git_oid_fromstr(&oid, commit) != 0) {
				S_diff(v, "evidence-pack.xml", "line %ld: a signature approval without "
				       "proof-commit, key or person", (long)xmlGetLineNo(n));
				continue;
			}
			ismc_error err;
			ismc_pgp *pgp = ismc_pgp_new(&err);
			if (!pgp) {
				S_diff(v, "evidence-pack.xml", "cannot verify signatures: %s", err.msg);
				break;
			}
			S_person_keys(v, a, people, person, repo, top, prefix, pgp);
			git_buf sig = { 0 }, data = { 0 };
			char fpr[65];
			int x = git_commit_extract_signature(&sig, &data, repo, &oid, NULL);
			const git_error *ge = x ? git_error_last() : NULL;
			if (x == GIT_ENOTFOUND && ge && strstr(ge->message, "signature")) {
				S_diff(v, "evidence-pack.xml", "commit %.12s: no signature in this repository, "
				       "where the pack records one by %s", commit, key);
			} else if (x) {
				/* absent, or altered: libgit2 checks each object's hash */
				S_diff(v, "evidence-pack.xml", "commit %.12s cannot be read (%s)", commit,
				       ge && ge->message ? ge->message : "not there");
			} else {
				int r = ismc_pgp_verify(pgp, sig.ptr, sig.size, data.ptr, data.size, fpr);
				if (r != ISMC_PGP_GOOD)
					S_diff(v, "evidence-pack.xml", "commit %.12s: the signature %s", commit,
					       r == ISMC_PGP_BAD ? "does not verify (the commit or its signature "
					       "was altered)" : r == ISMC_PGP_UNKNOWN_KEY ? "is by a key the "
					       "people register does not list" : "cannot be read");
				else if (strcmp(fpr, key) != 0)
					S_diff(v, "evidence-pack.xml", "commit %.12s: signed by key %s, the pack "
					       "says %s", commit, fpr, key);
			}
			git_error_clear();
			git_buf_dispose(&sig);
			git_buf_dispose(&data);
			ismc_pgp_free(pgp);
		}
	}
	ismc_vec_free(&stack);
	ismc_map_free(done);
}

/* The recorded sources against the recorded commit of the repository. */
static int S_sources(S_verify *v, ismc_arena *a, const char *root, size_t *nsrc,
                     size_t *nsig, const char **commit_out)
{
	xmlDocPtr doc = S_read_xml(v->pack, "evidence-pack.xml", "evidence-pack");
	if (!doc)
		return 2;
	int rc = 0;
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_tree *top = NULL;
	xmlNodePtr top_el = xmlDocGetRootElement(doc);
	xmlNodePtr prov = S_find(top_el->children, "provenance");
	const char *commit = prov ? S_attr(a, prov, "commit") : NULL;
	const char *prefix = prov ? S_attr(a, prov, "repository-path") : NULL;
	const char *tree = prov ? S_attr(a, prov, "tree") : NULL;
	const char *dirty = prov ? S_attr(a, prov, "dirty") : NULL;
	git_oid oid;
	if (!commit || !*commit || git_oid_fromstr(&oid, commit) != 0) {
		rc = S_fail("%s/evidence-pack.xml records no commit (built outside a git repository "
		            "or before its first commit): --repo has nothing to check against", v->pack);
		goto out;
	}
	*commit_out = commit;
	if (!prefix)
		prefix = "";
	if (dirty && !strcmp(dirty, "true"))
		ismc_fprintln_esc(v->f, "%s/evidence-pack.xml: note: built from a working tree with "
		                  "uncommitted changes; its sources need not match commit %.12s",
		                  v->pack, commit);
	if (git_repository_open_ext(&repo, root, 0, NULL) != 0) {
		const git_error *e = git_error_last();
		rc = S_fail("--repo '%s': %s", root, e && e->message ? e->message : "not a repository");
		goto out;
	}
	int lk = git_commit_lookup(&c, repo, &oid);
	if (lk == GIT_ENOTFOUND) {
		S_diff(v, "evidence-pack.xml", "commit %s is not in the repository of '%s'", commit, root);
		goto out;
	}
	if (lk != 0 || git_commit_tree(&top, c) != 0) {
		/* present but altered: libgit2 checks each object's hash */
		const git_error *e = git_error_last();
		S_diff(v, "evidence-pack.xml", "commit %s cannot be read in the repository of '%s' (%s)",
		       commit, root, e && e->message ? e->message : "unreadable");
		git_error_clear();
		goto out;
	}
	if (tree && *tree) {
		git_tree_entry *e = NULL;
		char have[41] = "";
		if (!*prefix)
			git_oid_tostr(have, sizeof have, git_tree_id(top));
		else if (git_tree_entry_bypath(&e, top, prefix) == 0)
			git_oid_tostr(have, sizeof have, git_tree_entry_id(e));
		git_tree_entry_free(e);
		if (strcmp(have, tree) != 0)
			S_diff(v, "evidence-pack.xml", "tree %s recorded, but '%s' in commit %.12s is %s",
			       tree, *prefix ? prefix : ".", commit, *have ? have : "absent");
	}
	xmlNodePtr sources = S_find(top_el->children, "sources");
	for (xmlNodePtr n = sources ? sources->children : NULL; n; n = n->next) {
		if (!S_is(n, "source"))
			continue;
		const char *path = S_attr(a, n, "path"), *blob = S_attr(a, n, "blob"),
		           *sha = S_attr(a, n, "sha256");
		(*nsrc)++;
		if (!path || !blob) {
			S_diff(v, "evidence-pack.xml", "line %ld: a source without path or blob",
			       (long)xmlGetLineNo(n));
			continue;
		}
		char full[PATH_MAX];
		snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "/" : "", path);
		/* a link in the commit stands for the file it leads to, as ismc
		 * read it (ismc_git_follow) */
		git_tree_entry *e = NULL;
		if (ismc_git_follow(top, "", full, &e) != 0) {
			S_diff(v, "evidence-pack.xml", "source %s is not in commit %.12s", path, commit);
			continue;
		}
		char have[41];
		git_oid_tostr(have, sizeof have, git_tree_entry_id(e));
		if (strcmp(have, blob) != 0) {
			S_diff(v, "evidence-pack.xml", "source %s: blob %s recorded, commit %.12s has %s",
			       path, blob, commit, have);
		} else if (sha) {
			/* the recorded SHA-256 must describe that same content; a
			 * blob over the size limit is no source ismc compiled, and
			 * is never loaded (its size is in the object's header) */
			git_blob *b;
			git_odb *odb = NULL;
			size_t size = 0;
			git_object_t type;
			if (git_repository_odb(&odb, repo) == 0 &&
			    git_odb_read_header(&size, &type, odb, git_tree_entry_id(e)) == 0 &&
			    size > ISMC_MAX_FILE)
				S_diff(v, "evidence-pack.xml", "source %s: its blob is larger than the %u MiB "
				       "ismc compiles", path, ISMC_MAX_FILE >> 20);
			else if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) == 0) {
				char hex[65];
				size_t len = (size_t)git_blob_rawsize(b);
				ismc_sha256(len ? git_blob_rawcontent(b) : "", len, hex);
				if (strcmp(hex, sha) != 0)
					S_diff(v, "evidence-pack.xml", "source %s: SHA-256 %s recorded, its blob "
					       "hashes to %s", path, sha, hex);
				git_blob_free(b);
			}
			git_odb_free(odb);
		}
		git_tree_entry_free(e);
	}
	S_signatures(v, a, top_el, repo, top, prefix, nsig);
out:
	git_tree_free(top);
	git_commit_free(c);
	git_repository_free(repo);
	xmlFreeDoc(doc);
	return rc;
}

int ismc_verify(FILE *f, const char *pack, const char *repo)
{
	struct stat st;
	if (stat(pack, &st) != 0 || !S_ISDIR(st.st_mode))
		return S_fail("'%s' is not a folder", pack);
	S_verify v = { f, pack, 0 };
	ismc_arena *a = ismc_arena_new();
	size_t nfiles = 0, nsrc = 0, nsig = 0;
	const char *commit = NULL;
	git_libgit2_init();
	int rc = S_manifest(&v, a, &nfiles);
	if (rc == 0 && repo)
		rc = S_sources(&v, a, repo, &nsrc, &nsig, &commit);
	if (rc == 0 && v.diffs)
		ismc_fprintln_esc(f, "ismc: %s: %zu difference%s", pack, v.diffs,
		                  v.diffs == 1 ? "" : "s");
	else if (rc == 0 && repo && nsig)
		ismc_fprintln_esc(f, "ismc: %s is intact: %zu files match manifest.xml, %zu sources "
		                  "match commit %.12s, %zu signed approval%s", pack, nfiles, nsrc,
		                  commit, nsig, nsig == 1 ? " verifies" : "s verify");
	else if (rc == 0 && repo)
		ismc_fprintln_esc(f, "ismc: %s is intact: %zu files match manifest.xml, %zu sources "
		                  "match commit %.12s", pack, nfiles, nsrc, commit);
	else if (rc == 0)
		ismc_fprintln_esc(f, "ismc: %s is intact: %zu files match manifest.xml", pack, nfiles);
	git_libgit2_shutdown();
	ismc_arena_free(a);
	return rc ? rc : v.diffs ? 1 : 0;
}
