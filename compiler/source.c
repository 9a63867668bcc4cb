/* source.c: the files below an ISMS root (SPEC §1), listed once and each
 * read at most once (ismc_source_load): the bytes stay with the source for
 * the compile, and their SHA-256 and git blob id are of those bytes
 * (ismc_source_hashed), so every later stage uses the bytes that were
 * checked and never the file system again. The
 * working-tree reader lives here; git trees come from git.c through the same
 * interface. */
#include "ismc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct ismc_source {
	char *root;      /* as given, for messages */
	char *realroot;  /* resolved, for containment tests */
	ismc_file *files;
	size_t n, cap;
	ismc_map *byname, *dirs;
	ismc_arena *arena;
	/* git.c's reader, when the files come from a commit */
	int (*read)(const ismc_source *s, const ismc_file *f, char **out, size_t *len,
	            ismc_error *err);
	void *priv;
	void (*free_priv)(void *);
	/* the repository around the root (links that leave the root) */
	char *prefix; /* the root below the repository's top: "" or "a/b"; NULL: none */
	ismc_at (*repo_stat)(const ismc_source *s, const char *path, void *priv);
	void *repo_priv;
	void (*free_repo_priv)(void *);
};

static int S_has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

int ismc_glob_match(const char *pat, const char *path)
{
	for (;;) {
		if (pat[0] == '*' && pat[1] == '*') {
			pat += 2;
			if (*pat == '/')
				pat++;
			if (!*pat)
				return 1;
			/* "**" matches zero or more whole segments */
			for (const char *p = path;; p++) {
				if ((p == path || p[-1] == '/') && ismc_glob_match(pat, p))
					return 1;
				if (!*p)
					return 0;
			}
		}
		if (*pat == '*') {
			pat++;
			for (const char *p = path;; p++) {
				if (ismc_glob_match(pat, p))
					return 1;
				if (!*p || *p == '/')
					return 0;
			}
		}
		if (!*pat)
			/* a pattern that names a folder covers what is below it */
			return !*path || (*path == '/' && pat[-1] != '/');
		if (!*path)
			return 0;
		if (*pat == '?' ? *path == '/' : *pat != *path)
			return 0;
		if (*pat == '/' && pat[1] == '\0')
			return 1; /* "drafts/" */
		pat++;
		path++;
	}
}

static int S_excluded(const char *path, const char *const *excl, size_t n)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < n; i++) {
		if (ismc_glob_match(excl[i], path))
			return 1;
		if (!strchr(excl[i], '/') && ismc_glob_match(excl[i], base))
			return 1;
	}
	return 0;
}

static ismc_file_kind S_kind(const char *path, const char *const *excl, size_t nexcl)
{
	if (strcmp(path, "isms.yml") == 0)
		return ISMC_FILE_CONFIG;
	for (const char *p = path; *p; p++)
		if (*p == '.' && (p == path || p[-1] == '/'))
			return ISMC_FILE_OTHER; /* a dot-folder or dot-file */
	if (S_excluded(path, excl, nexcl))
		return ISMC_FILE_OTHER;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strcasecmp(base, "README.md") == 0)
		return ISMC_FILE_OTHER;
	if (S_has_suffix(path, ".md"))
		return ISMC_FILE_DOC;
	if (S_has_suffix(path, ".yml") || S_has_suffix(path, ".yaml"))
		return ISMC_FILE_REGISTER;
	return ISMC_FILE_OTHER;
}

static ismc_file *S_add(ismc_source *s, const char *path, size_t size)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->files = ismc_xrealloc(s->files, s->cap * sizeof(ismc_file));
	}
	ismc_file *f = &s->files[s->n++];
	memset(f, 0, sizeof(*f));
	f->path = ismc_arena_strdup(s->arena, path);
	f->size = size;
	return f;
}

static int S_pathcmp(const void *a, const void *b)
{
	return strcmp(((const ismc_file *)a)->path, ((const ismc_file *)b)->path);
}

static int S_inside(const char *realroot, const char *real)
{
	size_t n = strlen(realroot);
	return strncmp(real, realroot, n) == 0 && (real[n] == '/' || real[n] == '\0' ||
	                                           (n == 1 && realroot[0] == '/'));
}

/* Walks `rel` below the root; dot-entries are skipped, entries are visited
 * in name order so listings are deterministic. */
static int S_walk(ismc_source *s, const char *rel, int depth, ismc_error *err)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s%s%s", s->root, *rel ? "/" : "", rel);
	if (depth > 64)
		return 0;
	ismc_vec names = { 0 };
	if (ismc_dir_names(dir, 1, &names) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot read folder '%s': %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < names.n; i++) {
		char relpath[PATH_MAX], full[PATH_MAX];
		const char *name = names.v[i];
		snprintf(relpath, sizeof relpath, "%s%s%s", rel, *rel ? "/" : "", name);
		snprintf(full, sizeof full, "%s/%s", s->root, relpath);
		struct stat st;
		if (rc || lstat(full, &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			char real[PATH_MAX];
			if (!realpath(full, real) || stat(real, &st) != 0)
				continue; /* a dangling link is no file */
			if (!S_inside(s->realroot, real)) {
				ismc_file *f = S_add(s, relpath, 0);
				f->escapes = 1;
				f->folder = S_ISDIR(st.st_mode);
				continue;
			}
			if (S_ISDIR(st.st_mode))
				continue; /* links to folders are not followed: no cycles */
		}
		if (S_ISDIR(st.st_mode)) {
			ismc_map_put(s->dirs, ismc_arena_strdup(s->arena, relpath), s);
			rc = S_walk(s, relpath, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			S_add(s, relpath, (size_t)st.st_size);
		}
	}
	ismc_names_free(&names);
	return rc;
}

static void S_index(ismc_source *s)
{
	if (s->n) /* qsort(NULL, 0) is undefined */
		qsort(s->files, s->n, sizeof(ismc_file), S_pathcmp);
	ismc_map_free(s->byname);
	s->byname = ismc_map_new();
	for (size_t i = 0; i < s->n; i++)
		ismc_map_put(s->byname, s->files[i].path, &s->files[i]);
}

ismc_source *ismc_source_open_dir(const char *root, const char *const *exclude,
                                  size_t nexclude, ismc_error *err)
{
	char real[PATH_MAX];
	struct stat st;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode) || !realpath(root, real)) {
		snprintf(err->msg, sizeof err->msg, "'%s' is not a folder: %s", root,
		         errno ? strerror(errno) : "not a directory");
		return NULL;
	}
	ismc_source *s = ismc_xcalloc(1, sizeof(*s));
	s->root = ismc_xstrdup(root);
	s->realroot = ismc_xstrdup(real);
	s->arena = ismc_arena_new();
	s->dirs = ismc_map_new();
	if (S_walk(s, "", 0, err) != 0) {
		ismc_source_free(s);
		return NULL;
	}
	S_index(s);
	ismc_source_classify(s, exclude, nexclude);
	return s;
}

ismc_source *ismc_source_new_empty(const char *root)
{
	ismc_source *s = ismc_xcalloc(1, sizeof(*s));
	s->root = ismc_xstrdup(root);
	s->realroot = ismc_xstrdup(root);
	s->arena = ismc_arena_new();
	s->dirs = ismc_map_new();
	return s;
}

ismc_file *ismc_source_add(ismc_source *s, const char *path, size_t size)
{
	/* every parent folder is a folder of the source */
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = strchr(tmp, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (!ismc_map_get(s->dirs, tmp))
			ismc_map_put(s->dirs, ismc_arena_strdup(s->arena, tmp), s);
		*p = '/';
	}
	return S_add(s, path, size);
}

void ismc_source_set_reader(ismc_source *s,
                            int (*read)(const ismc_source *, const ismc_file *, char **,
                                        size_t *, ismc_error *),
                            void *priv, void (*free_priv)(void *))
{
	s->read = read;
	s->priv = priv;
	s->free_priv = free_priv;
}

void *ismc_source_priv(const ismc_source *s)
{
	return s->priv;
}

void ismc_source_finish(ismc_source *s)
{
	S_index(s);
	ismc_source_classify(s, NULL, 0);
}

void ismc_source_classify(ismc_source *s, const char *const *exclude, size_t n)
{
	for (size_t i = 0; i < s->n; i++) {
		ismc_file *f = &s->files[i];
		if (f->folder) { /* what a document in it would be */
			char doc[PATH_MAX];
			snprintf(doc, sizeof doc, "%s/-.md", f->path);
			f->kind = S_kind(doc, exclude, n);
		} else {
			f->kind = S_kind(f->path, exclude, n);
		}
		f->badname = ismc_text_unsafe(f->path, strlen(f->path)) != 0;
	}
}

void ismc_source_free(ismc_source *s)
{
	if (!s)
		return;
	if (s->free_priv)
		s->free_priv(s->priv);
	for (size_t i = 0; i < s->n; i++)
		free((char *)s->files[i].text);
	if (s->free_repo_priv)
		s->free_repo_priv(s->repo_priv);
	free(s->prefix);
	free(s->root);
	free(s->realroot);
	free(s->files);
	ismc_map_free(s->byname);
	ismc_map_free(s->dirs);
	ismc_arena_free(s->arena);
	free(s);
}

size_t ismc_source_count(const ismc_source *s) { return s->n; }
const ismc_file *ismc_source_at(const ismc_source *s, size_t i) { return &s->files[i]; }
const char *ismc_source_root(const ismc_source *s) { return s->root; }

const ismc_file *ismc_source_find(const ismc_source *s, const char *path)
{
	return s->byname ? ismc_map_get(s->byname, path) : NULL;
}

void ismc_source_set_repo(ismc_source *s, const char *prefix,
                          ismc_at (*stat)(const ismc_source *, const char *, void *), void *priv,
                          void (*free_priv)(void *))
{
	free(s->prefix);
	if (s->free_repo_priv)
		s->free_repo_priv(s->repo_priv);
	s->prefix = prefix ? ismc_xstrdup(prefix) : NULL;
	s->repo_stat = stat;
	s->repo_priv = priv;
	s->free_repo_priv = free_priv;
}

const char *ismc_source_prefix(const ismc_source *s)
{
	return s->prefix;
}

ismc_at ismc_source_repo_stat(const ismc_source *s, const char *path)
{
	return s->repo_stat ? s->repo_stat(s, path, s->repo_priv) : ISMC_AT_NONE;
}

/* A working tree: what is at top/path, links followed only while they stay
 * in the repository (realpath), as a reader of the checkout would see. */
static ismc_at S_stat_dir(const ismc_source *s, const char *path, void *priv)
{
	const char *top = priv;
	char full[PATH_MAX], real[PATH_MAX];
	struct stat st;
	snprintf(full, sizeof full, "%s/%s", top, path);
	if (!realpath(full, real) || !S_inside(top, real) || stat(real, &st) != 0)
		return ISMC_AT_NONE;
	return S_ISDIR(st.st_mode) ? ISMC_AT_DIR : ISMC_AT_FILE;
}

void ismc_source_set_top(ismc_source *s, const char *top)
{
	if (!top || !*top || !S_inside(top, s->realroot))
		return;
	size_t n = strlen(top);
	const char *rel = s->realroot + n;
	while (*rel == '/')
		rel++;
	ismc_source_set_repo(s, rel, S_stat_dir, ismc_xstrdup(top), free);
}

int ismc_source_is_dir(const ismc_source *s, const char *path)
{
	return *path == '\0' || ismc_map_get(s->dirs, path) != NULL;
}

/* The working-tree reader: ISMC_TOO_LARGE when the file has grown past the
 * limit since it was listed (nothing past the limit is read). The buffer
 * is the size the listing saw: read into it, never grown and shrunk (a
 * realloc that shrinks copies the file's bytes again), unless the file has
 * grown since. */
static int S_read_file(const ismc_source *s, const ismc_file *f, char **out, size_t *len,
                       ismc_error *err)
{
	char full[PATH_MAX];
	snprintf(full, sizeof full, "%s/%s", s->root, f->path);
	FILE *fp = fopen(full, "rb");
	if (!fp) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", full, strerror(errno));
		return -1;
	}
	int rc = ismc_stream_read_all(fp, f->size, ISMC_MAX_FILE, out, len);
	if (rc < 0)
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", full, strerror(errno));
	fclose(fp);
	return rc;
}

int ismc_source_load(const ismc_source *s, const char *path, const char **text, size_t *len,
                     ismc_error *err)
{
	/* The source is const to its users: loading fills its cache, never
	 * its listing. */
	ismc_file *f = (ismc_file *)ismc_source_find(s, path);
	*text = NULL;
	*len = 0;
	if (!f || f->escapes) {
		snprintf(err->msg, sizeof err->msg, "%s: no such file in the ISMS", path);
		return -1;
	}
	if (!f->text) {
		if (f->size > ISMC_MAX_FILE)
			return ISMC_TOO_LARGE;
		char *buf;
		size_t n;
		int rc = s->read ? s->read(s, f, &buf, &n, err) : S_read_file(s, f, &buf, &n, err);
		if (rc != 0)
			return rc;
		f->text = buf;
		f->size = n;
	}
	*text = f->text;
	*len = f->size;
	return 0;
}

const ismc_file *ismc_source_hashed(const ismc_source *s, const char *path)
{
	ismc_file *f = (ismc_file *)ismc_source_find(s, path);
	if (!f || !f->text)
		return NULL;
	if (!f->sha256[0])
		ismc_sha256(f->text, f->size, f->sha256);
	if (!f->oid[0])
		ismc_git_blob_id(f->text, f->size, f->oid);
	return f;
}
