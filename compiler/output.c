/* output.c: the output folder of `ismc build`, a folder ismc owns
 * (docs/output.md, "The output folder"):
 *
 * - OUT is resolved to a real path first and refused when it is or holds the
 *   ISMS root or the top of the repository holding it, or lies inside the
 *   root: building there would replace or feed the ISMS itself.
 * - An existing OUT is replaced only when it is empty or an ismc pack: a
 *   manifest.xml of ours that lists every file in it. A user's own file is
 *   never deleted; a symbolic link inside OUT is never followed.
 * - Every file goes into a temporary folder beside OUT, which is swapped with
 *   OUT in one step (renameat2 RENAME_EXCHANGE) only once complete; the old
 *   tree is checked again and deleted after. A failed build leaves an
 *   earlier OUT as it was and no temporary folder.
 * - While building, the folder holding OUT is locked (flock), so two builds
 *   never write beside each other, and holding that lock the temporary
 *   folders of a killed build (.OUT.tmp-*, .OUT.old-*) are removed.
 *
 * The manifest (SHA-256 of every file) is what `ismc verify` checks. */
#define _GNU_SOURCE
#include "ismc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h> /* RENAME_EXCHANGE */
#endif

static int S_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void ismc_rmtree(const char *path)
{
	nftw(path, S_rm_one, 16, FTW_DEPTH | FTW_PHYS); /* links removed, never followed */
}

/* ---- where OUT is ---- */

/* Is `p` the folder `dir` or below it? (both real paths) */
static int S_within(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return strncmp(p, dir, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* OUT as a real path: realpath(OUT) when it exists (a link to a folder is
 * resolved: that folder is what gets replaced), else the real parent and the
 * last name; trailing slashes, "." and ".." are resolved either way. */
static int S_resolve(ismc_output *o, ismc_error *err)
{
	char given[PATH_MAX];
	if (snprintf(given, sizeof given, "%s", o->out) >= (int)sizeof given || !*given) {
		snprintf(err->msg, sizeof err->msg, "the output folder '%s' is not a usable path", o->out);
		return -1;
	}
	size_t l = strlen(given);
	while (l > 1 && given[l - 1] == '/')
		given[--l] = '\0';
	struct stat st;
	if (stat(given, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err->msg, sizeof err->msg, "'%s' exists and is not a folder", o->out);
			return -1;
		}
		if (!realpath(given, o->real)) {
			snprintf(err->msg, sizeof err->msg, "cannot resolve '%s': %s", o->out, strerror(errno));
			return -1;
		}
		return 0;
	}
	char *slash = strrchr(given, '/');
	const char *name = slash ? slash + 1 : given;
	char parent[PATH_MAX], rparent[PATH_MAX];
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else if (slash == given)
		snprintf(parent, sizeof parent, "/");
	else
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - given), given);
	if (!realpath(parent, rparent)) {
		snprintf(err->msg, sizeof err->msg, "cannot create '%s': the folder '%s' it would go "
		         "into does not exist", o->out, parent);
		return -1;
	}
	/* a missing ".." or "." cannot be: stat would have found it */
	snprintf(o->real, sizeof o->real, "%s%s%s", rparent, strcmp(rparent, "/") ? "/" : "", name);
	return 0;
}

/* The refusals: OUT must not replace, hold or feed the ISMS. */
static int S_refuse(const ismc_output *o, const char *root, const char *top, ismc_error *err)
{
	char rroot[PATH_MAX];
	if (!realpath(root, rroot)) {
		snprintf(err->msg, sizeof err->msg, "'%s' is not a folder", root);
		return -1;
	}
	const char *why = NULL;
	if (!strcmp(o->real, rroot))
		why = "is the ISMS root";
	else if (top && *top && S_within(top, o->real))
		why = !strcmp(o->real, top) ? "is the top of the git repository holding the ISMS"
		                            : "holds the git repository of the ISMS";
	else if (S_within(rroot, o->real))
		why = "holds the ISMS root";
	if (why) {
		snprintf(err->msg, sizeof err->msg, "the output folder '%s' %s, and building would "
		         "replace it: choose a folder of its own, such as one beside the ISMS root",
		         o->out, why);
		return -1;
	}
	if (S_within(o->real, rroot)) {
		snprintf(err->msg, sizeof err->msg, "the output folder '%s' is inside the ISMS root '%s' "
		         "(its files would become part of the ISMS): choose a folder outside it",
		         o->out, root);
		return -1;
	}
	return 0;
}

/* ---- what an existing OUT holds ---- */

/* The paths manifest.xml of folder `dir` lists, into `listed` (strings the
 * caller frees through `keep`); -1 when it is no manifest of an ismc pack. */
/* A file as a manifest lists it. */
typedef struct {
	unsigned long long size;
	char sha256[65];
} S_listed;

/* The paths dir/manifest.xml lists, into `listed` and `keep` (which owns
 * them); with `sums`, each path's S_listed too (in `keep`), when its size
 * and SHA-256 are well-formed. 0, or -1 when there is no manifest of
 * ismc's. */
static int S_manifest_paths(const char *dir, ismc_map *listed, ismc_vec *keep, ismc_map *sums)
{
	char path[PATH_MAX];
	struct stat st;
	snprintf(path, sizeof path, "%s/manifest.xml", dir);
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                        XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	int rc = -1;
	if (root && !strcmp((const char *)root->name, "manifest") && root->ns &&
	    !strcmp((const char *)root->ns->href, ISMC_NS)) {
		rc = 0;
		for (xmlNodePtr n = root->children; n; n = n->next) {
			xmlChar *p = n->type == XML_ELEMENT_NODE ? xmlGetProp(n, BAD_CAST "path") : NULL;
			if (p) {
				char *s = ismc_xstrdup((const char *)p);
				ismc_vec_push(keep, s);
				ismc_map_put(listed, s, s);
				xmlChar *size = sums ? xmlGetProp(n, BAD_CAST "size") : NULL;
				xmlChar *sha = size ? xmlGetProp(n, BAD_CAST "sha256") : NULL;
				char *end = NULL;
				unsigned long long bytes =
				        sha ? strtoull((const char *)size, &end, 10) : 0;
				if (sha && end != (char *)size && !*end &&
				    strlen((const char *)sha) == 64) {
					S_listed *v = ismc_xmalloc(sizeof *v);
					v->size = bytes;
					memcpy(v->sha256, sha, 65);
					ismc_vec_push(keep, v);
					ismc_map_put(sums, s, v);
				}
				xmlFree(size);
				xmlFree(sha);
			}
			xmlFree(p);
		}
	}
	xmlFreeDoc(doc);
	return rc;
}

/* Names what below dir/rel ismc did not write (not listed, or not a file or
 * folder: a link, a device) into `foreign`; at most `max` names kept, every
 * one counted. Links are not followed. */
static size_t S_foreign(const char *dir, const char *rel, const ismc_map *listed,
                        ismc_vec *foreign, size_t max)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	ismc_vec names = { 0 };
	size_t count = 0;
	if (ismc_dir_names(path, 0, &names) != 0) { /* unreadable: cannot vouch for it */
		if (foreign->n < max)
			ismc_vec_push(foreign, ismc_xstrdup(*rel ? rel : "."));
		return 1;
	}
	for (size_t i = 0; i < names.n; i++) {
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", (char *)names.v[i]);
		snprintf(full, sizeof full, "%s/%s", dir, sub);
		struct stat st;
		int known = lstat(full, &st) == 0;
		if (known && S_ISDIR(st.st_mode)) {
			count += S_foreign(dir, sub, listed, foreign, max);
			continue;
		}
		if (known && S_ISREG(st.st_mode) &&
		    (!strcmp(sub, "manifest.xml") || (listed && ismc_map_get(listed, sub))))
			continue;
		if (foreign->n < max)
			ismc_vec_push(foreign, ismc_xstrdup(sub));
		count++;
	}
	ismc_names_free(&names);
	return count;
}

/* May the tree at `dir` be deleted? Yes when empty or an ismc pack whose
 * manifest lists every file; else err names up to three files ismc did not
 * write. `shown` is OUT as the user gave it. */
static int S_owned(const char *dir, const char *shown, ismc_error *err)
{
	ismc_map *listed = ismc_map_new();
	ismc_vec keep = { 0 }, foreign = { 0 };
	int pack = S_manifest_paths(dir, listed, &keep, NULL) == 0;
	size_t n = S_foreign(dir, "", pack ? listed : NULL, &foreign, 3);
	int rc = 0;
	if (n) {
		ismc_buf names = { 0 };
		for (size_t i = 0; i < foreign.n; i++)
			ismc_buf_printf(&names, "%s%s", i ? ", " : "", (char *)foreign.v[i]);
		if (n > foreign.n)
			ismc_buf_printf(&names, " and %zu more", n - foreign.n);
		snprintf(err->msg, sizeof err->msg, "'%s' holds files ismc did not write (%s)%s: choose "
		         "another -o folder or move them", shown, names.data ? names.data : "",
		         pack ? "" : ", and no manifest.xml of an ismc pack");
		ismc_buf_free(&names);
		rc = -1;
	}
	ismc_names_free(&keep);
	ismc_names_free(&foreign);
	ismc_map_free(listed);
	return rc;
}

/* ---- the lock and what killed builds left ---- */

/* "<parent>" and "<name>" of the real OUT. */
static void S_split(const ismc_output *o, char *parent, char *name)
{
	const char *slash = strrchr(o->real, '/');
	snprintf(parent, PATH_MAX, "%.*s", slash == o->real ? 1 : (int)(slash - o->real), o->real);
	snprintf(name, PATH_MAX, "%s", slash + 1);
}

/* Is `entry` ".<name>.tmp-XXXXXX" or ".<name>.old-XXXXXX" (mkdtemp's six)? */
static int S_leftover(const char *entry, const char *name)
{
	size_t n = strlen(name);
	if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 ||
	    (strncmp(entry + 1 + n, ".tmp-", 5) && strncmp(entry + 1 + n, ".old-", 5)))
		return 0;
	const char *x = entry + 1 + n + 5;
	for (int i = 0; i < 6; i++)
		if (!isalnum((unsigned char)x[i]))
			return 0;
	return x[6] == '\0';
}

/* Holding the lock, a temporary folder of OUT's can only be a killed
 * build's: nothing else makes one, and no build is running. */
static void S_clean_leftovers(const char *parent, const char *name)
{
	ismc_vec names = { 0 };
	if (ismc_dir_names(parent, 0, &names) != 0)
		return;
	for (size_t i = 0; i < names.n; i++) {
		char full[PATH_MAX];
		struct stat st;
		snprintf(full, sizeof full, "%s/%s", parent, (char *)names.v[i]);
		if (S_leftover(names.v[i], name) && lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			ismc_rmtree(full);
	}
	ismc_names_free(&names);
}

int ismc_output_open(ismc_output *o, const char *out, const char *root, const char *top,
                     ismc_error *err)
{
	memset(o, 0, sizeof *o);
	o->lockfd = -1;
	snprintf(o->out, sizeof o->out, "%s", out);
	if (S_resolve(o, err) != 0 || S_refuse(o, root, top, err) != 0)
		return -1;
	struct stat st;
	if (lstat(o->real, &st) == 0 && S_owned(o->real, o->out, err) != 0)
		return -1;
	char parent[PATH_MAX], name[PATH_MAX];
	S_split(o, parent, name);
	o->lockfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->lockfd < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot open the folder '%s' to write '%s' into: %s",
		         parent, out, strerror(errno));
		return -1;
	}
	if (flock(o->lockfd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(o->lockfd);
		o->lockfd = -1;
		if (e == EWOULDBLOCK)
			snprintf(err->msg, sizeof err->msg, "another ismc build is writing in '%s' (beside "
			         "'%s'): wait for it to finish", parent, out);
		else
			snprintf(err->msg, sizeof err->msg, "cannot lock '%s': %s", parent, strerror(e));
		return -1;
	}
	S_clean_leftovers(parent, name);
	o->had_out = lstat(o->real, &st) == 0;
	/* the page cache beside OUT, when the names are free or ismc's */
	const char *p = strcmp(parent, "/") ? parent : "";
	snprintf(o->cache, sizeof o->cache, "%s/.%s.ismc-cache", p, name);
	snprintf(o->cache_new, sizeof o->cache_new, "%s/.%s.ismc-cache.new", p, name);
	if (!ismc_pagecache_ours(o->cache) || !ismc_pagecache_ours(o->cache_new))
		o->cache[0] = o->cache_new[0] = '\0';
	return 0;
}

int ismc_output_begin(ismc_output *o, ismc_error *err)
{
	char parent[PATH_MAX], name[PATH_MAX];
	S_split(o, parent, name);
	snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp-XXXXXX", strcmp(parent, "/") ? parent : "", name);
	if (!mkdtemp(o->tmp)) {
		snprintf(err->msg, sizeof err->msg, "cannot create a folder beside '%s': %s", o->out,
		         strerror(errno));
		o->tmp[0] = '\0';
		return -1;
	}
	return 0;
}

void ismc_output_close(ismc_output *o)
{
	if (*o->tmp) {
		ismc_rmtree(o->tmp);
		if (*o->cache_new) /* a failed build's cache is of no OUT */
			unlink(o->cache_new);
	}
	o->tmp[0] = '\0';
	if (o->lockfd >= 0)
		close(o->lockfd); /* releases the lock */
	o->lockfd = -1;
}

/* ---- the manifest ---- */

/* Lists the files below dir/rel in name order into `files` (paths relative). */
static int S_list(const char *dir, const char *rel, ismc_vec *files, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	ismc_vec names = { 0 };
	if (ismc_dir_names(path, 0, &names) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < names.n; i++) {
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", (char *)names.v[i]);
		snprintf(full, sizeof full, "%s/%s", dir, sub);
		struct stat st;
		if (!rc && lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = S_list(dir, sub, files, err);
			else if (S_ISREG(st.st_mode))
				ismc_vec_push(files, ismc_xstrdup(sub));
		}
	}
	ismc_names_free(&names);
	return rc;
}

int ismc_stream_read_all(FILE *f, size_t hint, size_t limit, char **out, size_t *len)
{
	size_t cap = hint + 1, n = 0, got;
	char *buf = ismc_xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > limit) {
			free(buf);
			return ISMC_TOO_LARGE;
		}
		if (n == cap) /* larger than the hint: no room for the NUL */
			buf = ismc_xrealloc(buf, cap *= 2);
	}
	if (ferror(f)) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int ismc_file_read_all(const char *path, char **out, size_t *len, ismc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	/* a buffer of the file's size (the page cache's is 80 MB at 10,000
	 * documents), not grown by doubling */
	struct stat st;
	size_t hint = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 65535;
	int rc = ismc_stream_read_all(f, hint, SIZE_MAX, out, len);
	fclose(f);
	if (rc) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s'", path);
		return -1;
	}
	return 0;
}

/* The SHA-256 of the file tmp/rel, or of old/rel when that is the same
 * file (a page the page cache linked from the earlier OUT, pagecache.c)
 * and the earlier manifest, `sums`, gives it: the earlier build read that
 * file's bytes, and a file of OUT changed since is not linked. */
static int S_sum(const char *tmp, const char *old, const ismc_map *sums, const char *rel,
                 char hex[65], size_t *len, ismc_error *err)
{
	char full[PATH_MAX], was[PATH_MAX];
	snprintf(full, sizeof full, "%s/%s", tmp, rel);
	const S_listed *v = sums ? ismc_map_get(sums, rel) : NULL;
	struct stat a, b;
	if (v && snprintf(was, sizeof was, "%s/%s", old, rel) < (int)sizeof was &&
	    lstat(full, &a) == 0 && a.st_nlink > 1 && lstat(was, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino && v->size == (unsigned long long)a.st_size) {
		memcpy(hex, v->sha256, 65);
		*len = (size_t)v->size;
		return 0;
	}
	return ismc_sha256_file(full, hex, len, err);
}

static int S_manifest(const ismc_output *o, ismc_error *err)
{
	const char *tmp = o->tmp;
	ismc_vec files = { 0 }, keep = { 0 };
	if (S_list(tmp, "", &files, err) != 0)
		return -1;
	ismc_map *sums = NULL;
	if (o->had_out) { /* the earlier OUT's, for the files linked from it */
		ismc_map *listed = ismc_map_new();
		sums = ismc_map_new();
		S_manifest_paths(o->real, listed, &keep, sums);
		ismc_map_free(listed);
	}
	xmlNodePtr root;
	xmlDocPtr doc = ismc_xml_doc("manifest", &root);
	int rc = 0;
	for (size_t i = 0; i < files.n; i++) {
		char hex[65], size[32];
		size_t len;
		if (!rc && S_sum(tmp, o->real, sums, files.v[i], hex, &len, err) == 0) {
			snprintf(size, sizeof size, "%zu", len);
			xmlNodePtr f = ismc_xml_el(root, "file");
			ismc_xml_attr(f, "path", files.v[i]);
			ismc_xml_attr(f, "size", size);
			ismc_xml_attr(f, "sha256", hex);
		} else {
			rc = -1;
		}
		free(files.v[i]);
	}
	ismc_vec_free(&files);
	for (size_t i = 0; i < keep.n; i++)
		free(keep.v[i]);
	ismc_vec_free(&keep);
	ismc_map_free(sums);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/manifest.xml", tmp);
	if (rc) {
		xmlFreeDoc(doc);
		return rc;
	}
	return ismc_xml_save(doc, path, err);
}

/* ---- the swap ---- */

/* Exchanges the folders `a` and `b` in one step: 0, or -1 with errno
 * (EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel cannot). */
static int S_exchange(const char *a, const char *b)
{
#if defined(SYS_renameat2) && defined(RENAME_EXCHANGE)
	return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	(void)a, (void)b;
	errno = ENOSYS;
	return -1;
#endif
}

/* The old tree, now at `old`: deleted when it is still all ismc's. Files
 * that appeared in OUT while the build ran are a user's: the swap is undone
 * by `undo` (the new build back at o->tmp, which ismc_output_close removes)
 * and the build fails, so nothing of theirs is lost. */
static int S_retire(ismc_output *o, const char *old, int (*undo)(ismc_output *, const char *),
                    ismc_error *err)
{
	if (S_owned(old, o->out, err) == 0) {
		ismc_rmtree(old);
		return 0;
	}
	undo(o, old);
	return -1;
}

static int S_undo_exchange(ismc_output *o, const char *old)
{
	return S_exchange(old, o->real); /* the new build is at tmp again, removed by close */
}

static int S_undo_renames(ismc_output *o, const char *old)
{
	return rename(o->real, o->tmp) || rename(old, o->real);
}

static int S_commit(ismc_output *o, ismc_error *err)
{
	if (S_manifest(o, err) != 0)
		return -1;
	chmod(o->tmp, 0755); /* mkdtemp made it private */
	struct stat st;
	if (lstat(o->real, &st) != 0) { /* no earlier OUT: one rename */
		if (rename(o->tmp, o->real) != 0) {
			snprintf(err->msg, sizeof err->msg, "cannot rename the build into '%s': %s", o->out,
			         strerror(errno));
			return -1;
		}
		o->tmp[0] = '\0';
		return 0;
	}
	/* OUT never ceases to exist: the new tree and the old swap places */
	if (S_exchange(o->tmp, o->real) == 0) {
		if (S_retire(o, o->tmp, S_undo_exchange, err) != 0)
			return -1;
		o->tmp[0] = '\0';
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
		snprintf(err->msg, sizeof err->msg, "cannot swap the build into '%s': %s", o->out,
		         strerror(errno));
		return -1;
	}
	/* a file system without the exchange: the old OUT aside, the new in */
	char parent[PATH_MAX], name[PATH_MAX], old[PATH_MAX];
	S_split(o, parent, name);
	snprintf(old, sizeof old, "%s/.%s.old-XXXXXX", strcmp(parent, "/") ? parent : "", name);
	if (!mkdtemp(old) || rmdir(old) != 0 || rename(o->real, old) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot move the earlier '%s' aside: %s", o->out,
		         strerror(errno));
		return -1;
	}
	if (rename(o->tmp, o->real) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot rename the build into '%s': %s", o->out,
		         strerror(errno));
		rename(old, o->real); /* put the earlier one back */
		return -1;
	}
	if (S_retire(o, old, S_undo_renames, err) != 0)
		return -1;
	o->tmp[0] = '\0';
	return 0;
}

int ismc_output_commit(ismc_output *o, ismc_error *err)
{
	struct stat st;
	int cached = *o->cache_new && lstat(o->cache_new, &st) == 0;
	if (S_commit(o, err) != 0)
		return -1;
	/* OUT is the new build: so is its cache (a build stopped before this
	 * leaves the earlier cache, whose records of replaced pages no longer
	 * match their files: those pages are rendered again) */
	if (cached && rename(o->cache_new, o->cache) != 0)
		unlink(o->cache_new);
	return 0;
}
