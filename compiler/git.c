/* git.c: the ISMS as git holds it, through libgit2 (never a git subprocess):
 * the repository around the root, a commit's tree as a source, provenance,
 * and the working tree's differences from HEAD; git_history.c walks the
 * history. Paths handed out are relative to the ISMS root, which may be a
 * subfolder of the repository (docs/git.md). */
#include "ismc.h"

#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libgit2's globals are set up once and left for the process's exit.
 * libgit2 maps a pack in windows of up to 1 GB and unmaps none before 8 GB
 * are mapped: the pages a read touches count as the process's memory, and
 * reading a commit's tree touched pages all over the pack, so that memory
 * grew with the history rather than with the ISMS. Windows of 4 MB, at most
 * 16 MB of them mapped at once, bound it; the files are listed and read in
 * pack order (below), which moves through those windows once. The history
 * walk, which goes over the whole pack again and again, widens them while
 * it runs (git_history.c). */
static void S_init(void)
{
	static int done;
	if (!done) {
		git_libgit2_init();
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)16 << 20);
		done = 1;
	}
}

int ismc_git_fail(ismc_error *err, const char *what)
{
	const git_error *e = git_error_last();
	snprintf(err->msg, sizeof err->msg, "%s: %s", what,
	         e && e->message ? e->message : "unknown git error");
	git_error_clear();
	return -1;
}

/* ---- the repository ---- */

int ismc_repo_open(ismc_repo **out, const char *root, ismc_error *err)
{
	char real[PATH_MAX], top[PATH_MAX];
	git_repository *git = NULL;
	*out = NULL;
	S_init();
	if (!realpath(root, real)) {
		snprintf(err->msg, sizeof err->msg, "'%s' is not a folder", root);
		return -1;
	}
	int rc = git_repository_open_ext(&git, real, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0; /* no repository: ismc works without history */
	}
	if (rc < 0)
		return ismc_git_fail(err, root);
	const char *prefix = "";
	const char *wd = git_repository_workdir(git);
	if (wd && realpath(wd, top)) {
		size_t n = strlen(top);
		if (strncmp(real, top, n) == 0 && (real[n] == '/' || real[n] == '\0'))
			prefix = real[n] ? real + n + 1 : "";
	}
	ismc_repo *r = ismc_xcalloc(1, sizeof(*r));
	r->git = git;
	r->root = ismc_xstrdup(root);
	r->prefix = ismc_xstrdup(prefix);
	r->arena = ismc_arena_new();
	*out = r;
	return 0;
}

int ismc_repo_top(const char *root, char *out, size_t n, ismc_error *err)
{
	ismc_repo *r;
	char real[PATH_MAX];
	out[0] = '\0';
	if (ismc_repo_open(&r, root, err) != 0)
		return -1;
	const char *wd = r ? git_repository_workdir(r->git) : NULL;
	if (wd && realpath(wd, real))
		snprintf(out, n, "%s", real);
	ismc_repo_free(r);
	return 0;
}

void ismc_repo_free(ismc_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->root);
	free(r->prefix);
	ismc_arena_free(r->arena);
	free(r);
}

/* Resolves a revspec to a commit; the message is one line for `main`. */
int ismc_git_commit(git_commit **out, ismc_repo *r, const char *rev, ismc_error *err)
{
	git_object *obj = NULL;
	int rc = git_revparse_single(&obj, r->git, rev);
	if (rc != 0) {
		git_error_clear();
		snprintf(err->msg, sizeof err->msg, "%s revision '%s' in the repository of '%s'",
		         rc == GIT_EAMBIGUOUS ? "ambiguous" : rc == GIT_EINVALIDSPEC ? "invalid" : "unknown",
		         rev, r->root);
		return -1;
	}
	rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc != 0) {
		git_error_clear();
		snprintf(err->msg, sizeof err->msg, "revision '%s' does not name a commit", rev);
		return -1;
	}
	return 0;
}

/* The tree of the ISMS root in `c`; *out is NULL when the root is not there. */
int ismc_git_root_tree(git_tree **out, ismc_repo *r, git_commit *c)
{
	git_tree *top = NULL;
	git_tree_entry *e = NULL;
	*out = NULL;
	int rc = git_commit_tree(&top, c);
	if (rc != 0)
		return rc;
	if (!*r->prefix) {
		*out = top;
		return 0;
	}
	rc = git_tree_entry_bypath(&e, top, r->prefix);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(out, r->git, git_tree_entry_id(e));
	else if (rc == GIT_ENOTFOUND || rc == 0)
		rc = 0, git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(top);
	return rc;
}

/* The id of the root's tree in `c`, without loading that tree; 0 found,
 * 1 absent, <0 error. */
int ismc_git_root_id(git_oid *out, ismc_repo *r, git_commit *c)
{
	if (!*r->prefix) {
		git_oid_cpy(out, git_commit_tree_id(c));
		return 0;
	}
	git_tree *top;
	git_tree_entry *e = NULL;
	int rc = git_commit_tree(&top, c);
	if (rc != 0)
		return rc;
	rc = git_tree_entry_bypath(&e, top, r->prefix);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(out, git_tree_entry_id(e));
	else if (rc == 0 || rc == GIT_ENOTFOUND)
		rc = 1, git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(top);
	return rc;
}

/* Entries the ISMS never reads: dot-files and dot-folders (as source.c skips
 * them) and submodules. */
int ismc_git_skipped(const git_tree_entry *e)
{
	return git_tree_entry_name(e)[0] == '.' ||
	       git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT;
}

/* ---- a commit's tree as a source ---- */

/* A commit's files are listed (their sizes read from the objects' headers)
 * and read in the order their blobs lie in the packs, not in tree order. A
 * pack stores most blobs as deltas in chains of up to 50, each against an
 * earlier object of the pack, and libgit2 keeps the bases it decoded in a
 * cache of 16 MB that it empties whole when full. Where the chains run
 * across files in the order the files were written (a history imported
 * with git fast-import, as scripts/bench-build.sh makes), reading in tree
 * order decoded each chain afresh, and 10,000 documents took five times
 * git's own reading of the tree; in pack order each read finds its base
 * just decoded, and the small pack windows (S_init) are walked through once
 * (docs/performance.md). git_odb_foreach lists a pack's objects in pack
 * order, at about half a microsecond an object: a root far smaller than
 * its repository (a monorepo's folder) keeps the tree order, which a packed
 * repository's recency order makes cheap anyway. */

/* About how many objects the repository's packs hold: an index (.idx) of
 * version 2, the one git writes, takes 28 bytes an object. */
static size_t S_packed_objects(git_repository *git)
{
	git_buf objects = { 0 };
	ismc_vec names = { 0 };
	size_t n = 0;
	if (git_repository_item_path(&objects, git, GIT_REPOSITORY_ITEM_OBJECTS) != 0) {
		git_error_clear();
		return 0;
	}
	char dir[PATH_MAX], idx[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/pack", objects.ptr);
	if (ismc_dir_names(dir, 1, &names) == 0)
		for (size_t i = 0; i < names.n; i++) {
			struct stat st;
			const char *name = names.v[i];
			size_t len = strlen(name);
			snprintf(idx, sizeof idx, "%s/%s", dir, name);
			if (len > 4 && !strcmp(name + len - 4, ".idx") && stat(idx, &st) == 0)
				n += (size_t)st.st_size / 28;
		}
	ismc_names_free(&names);
	git_buf_dispose(&objects);
	return n;
}

/* A file of the commit's tree, listed before its size is read. */
typedef struct {
	const char *path;
	char oid[GIT_OID_HEXSZ + 1]; /* its blob (an escaping link's own) */
	int escapes;
	size_t rank; /* its blob's place in the packs; SIZE_MAX: none known */
	size_t at;   /* its place in the tree */
} S_entry;

typedef struct {
	ismc_map *want; /* blob id -> its place's slot (size_t *, SIZE_MAX until found) */
	size_t seen, found;
} S_ranking;

static int S_rank_cb(const git_oid *id, void *payload)
{
	S_ranking *rk = payload;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	size_t *slot = ismc_map_get(rk->want, hex);
	if (slot && *slot == SIZE_MAX) {
		*slot = rk->seen;
		if (++rk->found == ismc_map_count(rk->want))
			return 1; /* all placed: the rest of the objects need no visit */
	}
	rk->seen++;
	return 0;
}

/* Each of the `n` blob ids gets its place in the packs in rank[i] (one
 * blob named twice: one place), unless the packs hold more than 64 objects
 * a blob asked for (or none) or cannot be listed: then SIZE_MAX for every one,
 * the order given. */
static void S_ranks(git_repository *git, git_odb *odb, const char *const *oids, size_t n,
                    size_t *rank)
{
	ismc_map *want = ismc_map_new();
	for (size_t i = 0; i < n; i++) {
		rank[i] = SIZE_MAX;
		if (!ismc_map_get(want, oids[i]))
			ismc_map_put(want, oids[i], &rank[i]);
	}
	size_t packed = n > 1 ? S_packed_objects(git) : 0;
	S_ranking rk = { want, 0, 0 };
	int placed = packed && packed / 64 <= n &&
	             git_odb_foreach(odb, S_rank_cb, &rk) >= 0;
	git_error_clear();
	for (size_t i = 0; i < n; i++)
		rank[i] = placed ? *(size_t *)ismc_map_get(want, oids[i]) : SIZE_MAX;
	ismc_map_free(want);
}

/* Gives each of the `n` entries its blob's place in the packs (above). */
static void S_rank(git_repository *git, git_odb *odb, S_entry *e, size_t n)
{
	const char **oids = ismc_xmalloc((n + 1) * sizeof *oids);
	size_t *rank = ismc_xmalloc((n + 1) * sizeof *rank);
	for (size_t i = 0; i < n; i++)
		oids[i] = e[i].oid;
	S_ranks(git, odb, oids, n, rank);
	for (size_t i = 0; i < n; i++)
		e[i].rank = rank[i];
	free(rank);
	free(oids);
}

void ismc_git_pack_ranks(ismc_repo *r, const char *const *oids, size_t n, size_t *rank)
{
	git_odb *odb = NULL;
	if (git_repository_odb(&odb, r->git) == 0) {
		S_ranks(r->git, odb, oids, n, rank);
	} else {
		for (size_t i = 0; i < n; i++)
			rank[i] = SIZE_MAX;
		git_error_clear();
	}
	git_odb_free(odb);
}

static int S_entry_cmp(const void *x, const void *y)
{
	const S_entry *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The reader of a commit's tree (ismc_source_set_reader). */
typedef struct {
	git_odb *odb;
	size_t *rank; /* per file of the source, its S_entry's */
	int ahead;    /* the documents and registers were read ahead */
} S_reader;

static void S_reader_free(void *p)
{
	S_reader *rd = p;
	git_odb_free(rd->odb);
	free(rd->rank);
	free(rd);
}

/* Reads every document and register of the source (but `except`, being
 * read) in pack order. A file that fails here is left unread: its own load
 * says why, if it is ever asked for. */
static void S_read_ahead(const ismc_source *s, const S_reader *rd, const ismc_file *except)
{
	size_t n = ismc_source_count(s), k = 0;
	S_entry *e = ismc_xmalloc((n + 1) * sizeof *e);
	for (size_t i = 0; i < n; i++) {
		const ismc_file *f = ismc_source_at(s, i);
		/* what ismc_model_load reads */
		if (f == except || f->text || f->escapes || f->badname || f->size > ISMC_MAX_FILE ||
		    (f->kind != ISMC_FILE_DOC && f->kind != ISMC_FILE_REGISTER))
			continue;
		e[k++] = (S_entry){ .path = f->path, .rank = rd->rank[i], .at = i };
	}
	qsort(e, k, sizeof *e, S_entry_cmp);
	for (size_t i = 0; i < k; i++) {
		const char *text;
		size_t len;
		ismc_error err;
		ismc_source_load(s, e[i].path, &text, &len, &err);
	}
	git_error_clear();
	free(e);
}

/* A blob is loaded whole by libgit2: the listing read its size from the
 * object's header, and one over the limit is never loaded (ISMC_TOO_LARGE),
 * as the working-tree reader never reads past it. The first file asked for
 * after isms.yml (once ismc_model_load has applied its exclude: patterns)
 * reads the documents and registers ahead, in pack order. */
static int S_read_blob(const ismc_source *s, const ismc_file *f, char **out, size_t *len,
                       ismc_error *err)
{
	S_reader *rd = ismc_source_priv(s);
	git_oid oid;
	git_odb_object *obj;
	if (!rd->ahead && f->kind != ISMC_FILE_CONFIG) {
		rd->ahead = 1;
		S_read_ahead(s, rd, f);
	}
	if (f->size > ISMC_MAX_FILE) {
		*out = NULL;
		*len = f->size;
		return ISMC_TOO_LARGE;
	}
	if (git_oid_fromstr(&oid, f->oid) != 0 || git_odb_read(&obj, rd->odb, &oid) != 0)
		return ismc_git_fail(err, f->path);
	size_t n = git_odb_object_size(obj);
	char *p = ismc_xmalloc(n + 1);
	if (n)
		memcpy(p, git_odb_object_data(obj), n);
	p[n] = '\0';
	git_odb_object_free(obj);
	*out = p;
	*len = n;
	return 0;
}

typedef struct {
	int (*fn)(const char *path, const git_tree_entry *e, void *payload);
	void *payload;
} S_walker;

static int S_files_cb(const char *dir, const git_tree_entry *e, void *payload)
{
	S_walker *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(e);
	if (ismc_git_skipped(e))
		return mode == GIT_FILEMODE_TREE ? 1 : 0; /* 1: not into that folder */
	if (mode == GIT_FILEMODE_TREE)
		return 0;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s", dir, git_tree_entry_name(e));
	return w->fn(path, e, w->payload);
}

/* Calls `fn` for every file below `t` that the ISMS could read (not
 * ismc_git_skipped), with its path relative to `t`, in git's tree order. */
int ismc_git_files(git_tree *t, int (*fn)(const char *, const git_tree_entry *, void *),
                   void *payload)
{
	S_walker w = { fn, payload };
	return git_tree_walk(t, GIT_TREEWALK_PRE, S_files_cb, &w);
}

/* Where the link at `path` (relative to `root`, the tree at `prefix` below
 * the repository's top), whose blob is `blob`, leads: a path relative to
 * `root` into `out`; 0, or -1 when it leads outside (an absolute target, or
 * out through ".."), as a working tree's realpath would say. Resolved as text
 * against the repository's top, so "../isms/x.md" from the root's top folder
 * stays inside. */
static int S_link_target(git_tree *root, const char *prefix, const char *path,
                         const git_oid *blob, char *out, size_t n)
{
	size_t size = 0;
	git_object_t type;
	git_odb *odb = NULL;
	git_blob *b = NULL;
	int bad = git_repository_odb(&odb, git_tree_owner(root)) != 0 ||
	          git_odb_read_header(&size, &type, odb, blob) != 0 || size >= PATH_MAX ||
	          git_blob_lookup(&b, git_tree_owner(root), blob) != 0;
	git_odb_free(odb);
	if (bad) {
		git_error_clear();
		return -1;
	}
	char target[PATH_MAX], joined[3 * PATH_MAX];
	snprintf(target, sizeof target, "%.*s", (int)git_blob_rawsize(b),
	         (const char *)git_blob_rawcontent(b));
	git_blob_free(b);
	if (target[0] == '/' || !target[0])
		return -1;
	const char *slash = strrchr(path, '/');
	snprintf(joined, sizeof joined, "%s%s%.*s%s", prefix, *prefix ? "/" : "",
	         slash ? (int)(slash - path + 1) : 0, path, target);
	char *segs[PATH_MAX / 2], *save = NULL;
	size_t k = 0;
	for (char *tok = strtok_r(joined, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (k == 0)
				return -1; /* above the repository */
			k--;
			continue;
		}
		if (k < PATH_MAX / 2)
			segs[k++] = tok;
	}
	size_t plen = strlen(prefix), len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "/" : "", segs[i]);
	if (len >= n)
		return -1;
	if (!plen)
		return 0;
	if (strncmp(out, prefix, plen) != 0 || out[plen] != '/')
		return -1; /* the root itself, or beside it */
	memmove(out, out + plen + 1, len - plen);
	return 0;
}

int ismc_git_follow(git_tree *root, const char *prefix, const char *path,
                    git_tree_entry **out)
{
	char at[PATH_MAX];
	*out = NULL;
	snprintf(at, sizeof at, "%s", path);
	for (int hops = 0; hops <= 8; hops++) {
		git_tree_entry *e;
		if (git_tree_entry_bypath(&e, root, at) != 0) {
			git_error_clear();
			return -1; /* dangling */
		}
		if (git_tree_entry_filemode(e) != GIT_FILEMODE_LINK) {
			*out = e;
			return 0;
		}
		char next[PATH_MAX];
		int rc = S_link_target(root, prefix, at, git_tree_entry_id(e), next, sizeof next);
		git_tree_entry_free(e);
		if (rc != 0)
			return 1;
		snprintf(at, sizeof at, "%s", next);
	}
	return -1; /* a cycle, or too long a chain */
}

typedef struct {
	ismc_buf entries;   /* S_entry */
	ismc_arena *a;      /* their paths */
	git_tree *root;     /* the ISMS root's tree */
	const char *prefix; /* the root below the repository's top */
} S_lister;

/* A link in a commit is a path, not a file. One that leads outside the root
 * is listed as escaping (path-escape where ismc would read it); one to a
 * file inside the root is that file, read from its blob, as a working tree's
 * link is read through; one to a folder or to nothing is skipped, as a
 * working tree's is (ismc_git_follow). */
static int S_list_cb(const char *path, const git_tree_entry *e, void *payload)
{
	S_lister *l = payload;
	git_tree_entry *to = NULL;
	int rc = git_tree_entry_filemode(e) == GIT_FILEMODE_LINK
	         ? ismc_git_follow(l->root, l->prefix, path, &to) : 0;
	const git_tree_entry *file = to ? to : e;
	git_filemode_t mode = git_tree_entry_filemode(file);
	if (rc == 0 && mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		rc = -1;
	if (rc >= 0) {
		S_entry en = { .path = ismc_arena_strdup(l->a, path), .escapes = rc == 1,
		               .rank = SIZE_MAX, .at = l->entries.len / sizeof en };
		git_oid_tostr(en.oid, sizeof en.oid, git_tree_entry_id(rc ? e : file));
		ismc_buf_put(&l->entries, (const char *)&en, sizeof en);
	}
	git_tree_entry_free(to);
	return 0;
}

/* Lists the files below `t` into `src`, their sizes read in pack order;
 * rd->rank gets each file's place in the packs, in the source's order. */
static int S_list(ismc_source *src, S_reader *rd, git_repository *git, git_tree *t,
                  const char *prefix)
{
	S_lister l = { { 0 }, ismc_arena_new(), t, prefix };
	ismc_map *bypath = ismc_map_new();
	int rc = ismc_git_files(t, S_list_cb, &l);
	S_entry *e = (S_entry *)l.entries.data;
	size_t n = l.entries.len / sizeof *e;
	if (rc == 0 && n) {
		S_rank(git, rd->odb, e, n);
		qsort(e, n, sizeof *e, S_entry_cmp);
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t size = 0;
		git_object_t type;
		git_oid oid;
		if (!e[i].escapes && (git_oid_fromstr(&oid, e[i].oid) != 0 ||
		                      git_odb_read_header(&size, &type, rd->odb, &oid) != 0))
			rc = -1;
		else {
			ismc_file *f = ismc_source_add(src, e[i].path, size);
			memcpy(f->oid, e[i].oid, sizeof f->oid);
			f->escapes = e[i].escapes;
			ismc_map_put(bypath, e[i].path, &e[i]);
		}
	}
	if (rc == 0 && n) {
		ismc_source_finish(src);
		rd->rank = ismc_xmalloc(n * sizeof *rd->rank);
		for (size_t i = 0; i < n; i++) {
			S_entry *en = ismc_map_get(bypath, ismc_source_at(src, i)->path);
			rd->rank[i] = en->rank;
		}
	}
	ismc_map_free(bypath);
	ismc_buf_free(&l.entries);
	ismc_arena_free(l.a);
	return rc;
}

/* The commit's whole tree, for links that leave the ISMS root (resolve.c). */
typedef struct {
	git_repository *git;
	git_oid tree;
} S_commit_tree;

static ismc_at S_stat_tree(const ismc_source *s, const char *path, void *priv)
{
	S_commit_tree *ct = priv;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	ismc_at at = ISMC_AT_NONE;
	if (!*path)
		return ISMC_AT_DIR;
	if (git_tree_lookup(&t, ct->git, &ct->tree) == 0 && git_tree_entry_bypath(&e, t, path) == 0)
		at = git_tree_entry_type(e) == GIT_OBJECT_TREE ? ISMC_AT_DIR
		     : git_tree_entry_type(e) == GIT_OBJECT_BLOB ? ISMC_AT_FILE : ISMC_AT_NONE;
	git_tree_entry_free(e);
	git_tree_free(t);
	return at;
}

ismc_source *ismc_git_source(ismc_repo *r, const char *rev, ismc_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	ismc_source *src = NULL;
	if (ismc_git_commit(&c, r, rev, err) != 0)
		return NULL;
	char label[PATH_MAX];
	snprintf(label, sizeof label, "%s at %s", r->root, rev);
	S_reader *rd = ismc_xcalloc(1, sizeof *rd);
	if (ismc_git_root_tree(&t, r, c) != 0 || git_repository_odb(&rd->odb, r->git) != 0) {
		ismc_git_fail(err, rev);
		S_reader_free(rd);
		goto out;
	}
	src = ismc_source_new_empty(label);
	/* the repository outlives the source (main frees it last) */
	ismc_source_set_reader(src, S_read_blob, rd, S_reader_free);
	if (t && S_list(src, rd, r->git, t, r->prefix) != 0) {
		ismc_git_fail(err, rev);
		ismc_source_free(src);
		src = NULL;
		goto out;
	}
	S_commit_tree *ct = ismc_xmalloc(sizeof *ct);
	ct->git = r->git;
	git_oid_cpy(&ct->tree, git_commit_tree_id(c));
	ismc_source_set_repo(src, r->prefix, S_stat_tree, ct, free);
out:
	git_tree_free(t);
	git_commit_free(c);
	return src;
}

/* ---- provenance, and the commit of a day ---- */

/* The calendar day of a commit as its committer saw it: the committer time
 * shifted by the committer's own time zone. Dates in an ISMS carry no time
 * zone; a commit made at 23:30 on 30 June in London is of 30 June. */
static long S_commit_day(const git_commit *c)
{
	long long t = (long long)git_commit_time(c) + 60LL * git_commit_time_offset(c);
	long long day = t / 86400;
	if (t % 86400 < 0)
		day--;
	return (long)day;
}

int ismc_git_at(ismc_repo *r, const char *rev, long day, char out[41], ismc_error *err)
{
	git_commit *c = NULL;
	if (ismc_git_commit(&c, r, rev ? rev : "HEAD", err) != 0)
		return -1;
	/* the first-parent line is the branch's own history: each commit on it
	 * is a state the branch was in (merges, not the merged work) */
	while (S_commit_day(c) > day) {
		git_commit *parent = NULL;
		if (git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			return 1;
		}
		int rc = git_commit_parent(&parent, c, 0);
		git_commit_free(c);
		if (rc == GIT_ENOTFOUND) { /* a shallow clone: the history stops here */
			git_error_clear();
			return 1;
		}
		if (rc != 0)
			return ismc_git_fail(err, "first parent");
		c = parent;
	}
	git_oid_tostr(out, 41, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int ismc_git_provenance(ismc_repo *r, const char *rev, ismc_provenance *p, ismc_arena *a,
                        ismc_error *err)
{
	memset(p, 0, sizeof(*p));
	p->commit_time = -1;
	p->commit_day = -1;
	p->in_repo = 1;
	p->repo_path = ismc_arena_strdup(a, r->prefix);
	git_commit *c = NULL;
	if (!rev && git_repository_head_unborn(r->git) == 1)
		return 0; /* a repository without commits yet */
	if (ismc_git_commit(&c, r, rev ? rev : "HEAD", err) != 0)
		return -1;
	git_oid_tostr(p->commit, sizeof p->commit, git_commit_id(c));
	p->commit_time = (long long)git_commit_time(c);
	p->commit_day = S_commit_day(c);
	git_oid tree;
	int rc = ismc_git_root_id(&tree, r, c);
	if (rc == 0)
		git_oid_tostr(p->tree, sizeof p->tree, &tree);
	git_commit_free(c);
	return rc < 0 ? ismc_git_fail(err, "tree") : 0;
}

/* ---- the working tree against HEAD ---- */

int ismc_git_uncommitted(ismc_repo *r, const ismc_source *src, ismc_diags *d, ismc_error *err)
{
	if (git_repository_is_bare(r->git))
		return 0;
	git_status_options o;
	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* ignored files count too: the working tree build reads them */
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	          GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
	          GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	char spec[PATH_MAX];
	char *specs[1] = { spec };
	snprintf(spec, sizeof spec, "%s/", r->prefix);
	if (*r->prefix) {
		o.pathspec.strings = specs;
		o.pathspec.count = 1;
	}
	git_status_list *list = NULL;
	if (git_status_list_new(&list, r->git, &o) != 0)
		return ismc_git_fail(err, "status");
	size_t plen = *r->prefix ? strlen(spec) : 0;
	int count = 0;
	ismc_source *gone = ismc_source_new_empty(""); /* deleted files, to classify */
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *dd = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		if (e->status == GIT_STATUS_CURRENT || !dd)
			continue;
		const char *path = dd->new_file.path ? dd->new_file.path : dd->old_file.path;
		if (strncmp(path, spec, plen) != 0)
			continue;
		path += plen;
		const ismc_file *f = ismc_source_find(src, path);
		const char *why;
		if (e->status & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED) && !f) {
			ismc_source_add(gone, path, 0);
			continue;
		}
		if (!f || f->escapes || f->badname || f->kind == ISMC_FILE_OTHER)
			continue;
		if (e->status & (GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED))
			why = "is not in git (untracked); the build reads the working tree";
		else if (e->status == GIT_STATUS_INDEX_NEW)
			why = "is staged but not committed; the build reads the working tree";
		else
			why = "has changes not committed; the build reads the working tree, not HEAD";
		ismc_pos pos = { f->path, 1, 1 };
		ismc_diag_add(d, ISMC_UNCOMMITTED_CHANGE, pos, "%s %s", path, why);
		count++;
	}
	if (ismc_source_count(gone))
		ismc_source_finish(gone);
	for (size_t i = 0; i < ismc_source_count(gone); i++) {
		const ismc_file *f = ismc_source_at(gone, i);
		if (f->kind == ISMC_FILE_OTHER)
			continue;
		ismc_pos pos = { ismc_arena_strdup(r->arena, f->path), 1, 1 };
		ismc_diag_add(d, ISMC_UNCOMMITTED_CHANGE, pos,
		              "%s is deleted in the working tree but not in HEAD", f->path);
		count++;
	}
	ismc_source_free(gone);
	git_status_list_free(list);
	return count;
}
