/* git_history.c: the history of every file below the ISMS root, in one walk
 * over the commits (never one walk per file), following renames. The
 * repository helpers it shares with git.c are in ismc.h's git section. */
#include "ismc.h"

#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- history: one walk over every commit ----
 *
 * Commits come newest first in topological order (S_order), so every child
 * is seen before its parents. A commit whose root tree equals a parent's touched
 * nothing of the ISMS and costs one tree lookup. Otherwise the root trees are
 * compared entry by entry, descending only into subtrees whose ids differ, so
 * a commit costs what it changed, not the size of the ISMS; git's rename
 * detection runs only when a commit both adds and deletes files. Renames are
 * carried towards the past as an alias table per commit (old name -> file at
 * the revision built), shared between commits until a rename changes it. */

/* libgit2's object cache during the walk, in bytes of raw objects */
#define S_CACHE_MAX ((ssize_t)32 << 20)
/* libgit2's own pack windows (its defaults on 64 and 32 bits), for the walk */
#define S_WINDOW (sizeof(void *) >= 8 ? (size_t)1 << 30 : (size_t)32 << 20)
#define S_MAPPED (sizeof(void *) >= 8 ? (size_t)8 << 30 : (size_t)256 << 20)

typedef struct {
	ismc_history *h;
	ismc_vec revs;     /* ismc_commit *, newest first */
	ismc_buf blobs;    /* git_oid per revision */
	int created;       /* its creation is found: older changes are another file */
	const ismc_commit *last;
} S_track;

/* Names in one commit that differ from the names at the revision built. */
typedef struct {
	ismc_map *map;      /* old path -> S_track *, or &S_gone */
	ismc_vec keys, vals;
} S_alias;

static char S_gone; /* the name belongs to no file of the revision built */

typedef struct S_node {
	git_oid id;
	long long time;   /* committer time: the order among commits ready at once */
	unsigned pending; /* children not visited yet */
	int seen;
	S_alias *alias;
	git_oid root;     /* the root's tree id */
	int has_root;     /* 0 unknown, 1 present, 2 absent */
	struct S_node *merge; /* the merge that brought it into the line built */
	int merge_set;        /* a child has said which */
	const ismc_commit *info; /* its ismc_commit, once made */
} S_node;

typedef struct {
	char kind;       /* 'A' added, 'M' modified, 'R' renamed, 'D' deleted */
	char *path;      /* in the newer tree */
	char *old;       /* in the older tree ('R', 'D') */
	git_oid id;
} S_delta;

typedef struct {
	ismc_repo *r;
	ismc_arena *a;       /* the caller's: histories and commits */
	ismc_arena *scratch; /* nodes and aliases, freed after the walk */
	ismc_map *tracks;    /* path at the revision built -> S_track */
	ismc_vec all;        /* every S_track, in tree order */
	ismc_map *nodes;     /* commit id -> S_node */
	ismc_vec aliases;    /* every S_alias, to free */
	ismc_vec deltas;     /* of the diff in progress */
	ismc_arena *darena;  /* its strings (all diffs: freed after the walk) */
	ismc_pagecache *old; /* the earlier build's diffs, or NULL */
	unsigned char env[32]; /* what a diff's record is keyed by: ismc itself */
	ismc_diffs *keep;    /* this walk's diffs, for the next build; or NULL */
} S_hist;

/* The diffs of a walk as the page cache's records: a record per pair of
 * trees, a mark per change (S_mark_of). */
struct ismc_diffs {
	ismc_arena *a;
	ismc_map *pages; /* record name -> ismc_page_rec, each pair once */
	ismc_vec recs;   /* in the order diffed */
};

static S_node *S_node_get(S_hist *h, const git_oid *id)
{
	char hex[41];
	git_oid_tostr(hex, sizeof hex, id);
	S_node *n = ismc_map_get(h->nodes, hex);
	if (!n) {
		n = ismc_arena_alloc(h->scratch, sizeof(*n));
		ismc_map_put(h->nodes, ismc_arena_strdup(h->scratch, hex), n);
	}
	return n;
}

static void *S_alias_get(const S_alias *al, const char *path)
{
	return al ? ismc_map_get(al->map, path) : NULL;
}

/* The file of the revision built that `path` names in a commit with `al`. */
static S_track *S_resolve(S_hist *h, const S_alias *al, const char *path)
{
	void *v = S_alias_get(al, path);
	if (v == &S_gone)
		return NULL;
	return v ? v : ismc_map_get(h->tracks, path);
}

static S_alias *S_alias_new(S_hist *h)
{
	S_alias *al = ismc_arena_alloc(h->scratch, sizeof(*al));
	al->map = ismc_map_new();
	ismc_vec_push(&h->aliases, al);
	return al;
}

/* Adds path -> v unless the table names `path` already. */
static void S_alias_put(S_hist *h, S_alias *al, const char *path, void *v)
{
	char *k = ismc_arena_strdup(h->scratch, path);
	if (!ismc_map_put(al->map, k, v)) {
		ismc_vec_push(&al->keys, k);
		ismc_vec_push(&al->vals, v);
	}
}

/* A new table: the entries of `hi`, then those of `lo` for names `hi` lacks.
 * With `revive`, a live entry of `lo` also replaces a gone one of `hi`: two
 * children that disagree (a rename on one branch only) keep the rename. */
static S_alias *S_alias_union(S_hist *h, const S_alias *hi, const S_alias *lo, int revive)
{
	S_alias *al = S_alias_new(h);
	ismc_map *at = ismc_map_new(); /* name -> index + 1 */
	for (int k = 0; k < 2; k++) {
		const S_alias *from = k ? lo : hi;
		for (size_t i = 0; from && i < from->keys.n; i++) {
			char *key = from->keys.v[i];
			size_t j = (size_t)(uintptr_t)ismc_map_get(at, key);
			if (!j) {
				ismc_vec_push(&al->keys, key);
				ismc_vec_push(&al->vals, from->vals.v[i]);
				ismc_map_put(at, key, (void *)(uintptr_t)al->keys.n);
			} else if (revive && al->vals.v[j - 1] == &S_gone) {
				al->vals.v[j - 1] = from->vals.v[i];
			}
		}
	}
	ismc_map_free(at);
	for (size_t i = 0; i < al->keys.n; i++)
		ismc_map_put(al->map, al->keys.v[i], al->vals.v[i]);
	return al;
}

/* Gives `parent` the names `al` holds (an earlier child may have given some). */
static void S_alias_pass(S_hist *h, S_node *parent, S_alias *al)
{
	if (!al || parent->alias == al)
		return;
	parent->alias = parent->alias ? S_alias_union(h, parent->alias, al, 1) : al;
}

static void S_delta_add(S_hist *h, char kind, const char *dir, const char *name,
                        const git_oid *id)
{
	S_delta *d = ismc_arena_alloc(h->darena, sizeof(*d));
	d->kind = kind;
	d->path = ismc_arena_printf(h->darena, "%s%s", dir, name);
	d->old = d->path;
	git_oid_cpy(&d->id, id);
	ismc_vec_push(&h->deltas, d);
}

static int S_treediff(S_hist *h, git_tree *a, git_tree *b, const char *dir);

/* Every file below the tree entry `e` as added or deleted. */
static int S_subtree_all(S_hist *h, const git_tree_entry *e, int added, const char *dir)
{
	git_tree *t;
	if (git_tree_lookup(&t, h->r->git, git_tree_entry_id(e)) != 0)
		return -1;
	char sub[PATH_MAX];
	snprintf(sub, sizeof sub, "%s%s/", dir, git_tree_entry_name(e));
	int rc = added ? S_treediff(h, NULL, t, sub) : S_treediff(h, t, NULL, sub);
	git_tree_free(t);
	return rc;
}

/* git's order of tree entries: by name, a folder's name as if it ended in '/'. */
static int S_entcmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	if (c)
		return c;
	unsigned ca = la > n ? (unsigned char)na[n]
	              : git_tree_entry_filemode(a) == GIT_FILEMODE_TREE ? '/' : 0;
	unsigned cb = lb > n ? (unsigned char)nb[n]
	              : git_tree_entry_filemode(b) == GIT_FILEMODE_TREE ? '/' : 0;
	return (ca > cb) - (ca < cb);
}

/* Compares trees `a` (older, may be NULL) and `b` (newer, may be NULL) in
 * one pass over both sorted entry lists, descending only into subtrees
 * whose ids differ. A name that is a file on one side and a folder on the
 * other sorts apart, so it reads as a deletion and an addition. */
static int S_treediff(S_hist *h, git_tree *a, git_tree *b, const char *dir)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : S_entcmp(ea, eb);
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
		if ((ea && cmp <= 0 && ismc_git_skipped(ea)) || (eb && cmp >= 0 && ismc_git_skipped(eb)))
			continue;
		int rc = 0;
		if (cmp < 0) {
			if (git_tree_entry_filemode(ea) == GIT_FILEMODE_TREE)
				rc = S_subtree_all(h, ea, 0, dir);
			else
				S_delta_add(h, 'D', dir, git_tree_entry_name(ea), git_tree_entry_id(ea));
		} else if (cmp > 0) {
			if (git_tree_entry_filemode(eb) == GIT_FILEMODE_TREE)
				rc = S_subtree_all(h, eb, 1, dir);
			else
				S_delta_add(h, 'A', dir, git_tree_entry_name(eb), git_tree_entry_id(eb));
		} else if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		           git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb)) {
			continue; /* the same file or the same whole folder */
		} else if (git_tree_entry_filemode(eb) == GIT_FILEMODE_TREE) {
			git_tree *ta, *tb;
			char sub[PATH_MAX];
			snprintf(sub, sizeof sub, "%s%s/", dir, git_tree_entry_name(eb));
			if (git_tree_lookup(&ta, h->r->git, git_tree_entry_id(ea)) != 0)
				return -1;
			if (git_tree_lookup(&tb, h->r->git, git_tree_entry_id(eb)) != 0) {
				git_tree_free(ta);
				return -1;
			}
			rc = S_treediff(h, ta, tb, sub);
			git_tree_free(ta);
			git_tree_free(tb);
		} else {
			/* new content, or a file that became a link or executable */
			S_delta_add(h, 'M', dir, git_tree_entry_name(eb), git_tree_entry_id(eb));
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Pairs added and deleted files into renames with git's own detection
 * (similarity 50%, as git), run on those paths only. */
static int S_renames(S_hist *h, git_tree *a, git_tree *b)
{
	ismc_vec paths = { 0 };
	for (size_t i = 0; i < h->deltas.n; i++) {
		S_delta *d = h->deltas.v[i];
		if (d->kind == 'A' || d->kind == 'D')
			ismc_vec_push(&paths, d->path);
	}
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
	o.pathspec.strings = (char **)paths.v;
	o.pathspec.count = paths.n;
	git_diff_find_options fo;
	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES;
	git_diff *diff = NULL;
	int rc = git_diff_tree_to_tree(&diff, h->r->git, a, b, &o);
	if (rc == 0)
		rc = git_diff_find_similar(diff, &fo);
	ismc_vec_free(&paths);
	if (rc != 0) {
		git_diff_free(diff);
		return rc;
	}
	ismc_map *byold = NULL, *bynew = NULL;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *dd = git_diff_get_delta(diff, i);
		if (dd->status != GIT_DELTA_RENAMED)
			continue;
		if (!byold) {
			byold = ismc_map_new();
			bynew = ismc_map_new();
		}
		char *o_ = ismc_arena_strdup(h->darena, dd->old_file.path);
		char *n_ = ismc_arena_strdup(h->darena, dd->new_file.path);
		ismc_map_put(byold, o_, n_);
		ismc_map_put(bynew, n_, o_);
	}
	git_diff_free(diff);
	if (!byold)
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < h->deltas.n; i++) {
		S_delta *d = h->deltas.v[i];
		char *old;
		if (d->kind == 'D' && ismc_map_get(byold, d->path))
			continue; /* now the old half of a rename */
		if (d->kind == 'A' && (old = ismc_map_get(bynew, d->path))) {
			d->kind = 'R';
			d->old = old;
		}
		h->deltas.v[k++] = d;
	}
	h->deltas.n = k;
	ismc_map_free(byold);
	ismc_map_free(bynew);
	return 0;
}

/* A change as a mark of its pair's record: its kind, its blob id, the
 * length of its path, a space, the path, then the old path when it has
 * another (a rename). Paths may hold any byte but NUL. */
static char *S_mark_of(ismc_arena *a, const S_delta *d)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, &d->id);
	return ismc_arena_printf(a, "%c%s%zu %s%s", d->kind, hex, strlen(d->path), d->path,
	                         strcmp(d->old, d->path) ? d->old : "");
}

/* The change a mark names (S_mark_of), into h->darena: 0, or -1 when `m`
 * is not one. */
static int S_delta_of(S_hist *h, const char *m, S_delta **out)
{
	if (!m[0] || !strchr("AMRD", m[0]) || strlen(m) < 1 + GIT_OID_HEXSZ + 2)
		return -1;
	char hex[GIT_OID_HEXSZ + 1];
	memcpy(hex, m + 1, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = '\0';
	const char *p = m + 1 + GIT_OID_HEXSZ;
	size_t len = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (len > PATH_MAX)
			return -1;
		len = len * 10 + (size_t)(*p - '0');
	}
	if (*p++ != ' ' || !len || strlen(p) < len)
		return -1;
	S_delta *d = ismc_arena_alloc(h->darena, sizeof(*d));
	if (git_oid_fromstr(&d->id, hex) != 0) {
		git_error_clear();
		return -1;
	}
	d->kind = m[0];
	d->path = ismc_arena_strndup(h->darena, p, len);
	d->old = p[len] ? ismc_arena_strdup(h->darena, p + len) : d->path;
	if ((d->kind == 'R') != (d->old != d->path))
		return -1; /* a rename, and only a rename, has an old path */
	*out = d;
	return 0;
}

/* The record name of the pair of trees `a`, `b` (either may be NULL). */
static void S_pair_name(git_tree *a, git_tree *b, char *out, size_t n)
{
	char ha[GIT_OID_HEXSZ + 1] = "-", hb[GIT_OID_HEXSZ + 1] = "-";
	if (a)
		git_oid_tostr(ha, sizeof ha, git_tree_id(a));
	if (b)
		git_oid_tostr(hb, sizeof hb, git_tree_id(b));
	snprintf(out, n, "%s%s %s", ISMC_CACHE_DIFF, ha, hb);
}

/* The changes of the pair as the earlier build recorded them, into
 * h->deltas: 1; 0 when it has no record of them that reads. */
static int S_changes_taken(S_hist *h, const char *page)
{
	const ismc_page_rec *r = ismc_pagecache_get(h->old, page);
	if (!r || memcmp(r->key, h->env, sizeof h->env))
		return 0;
	h->deltas.n = 0;
	for (size_t i = 0; i < r->nmarks; i++) {
		S_delta *d;
		if (S_delta_of(h, r->marks[i], &d) != 0) {
			h->deltas.n = 0;
			return 0;
		}
		ismc_vec_push(&h->deltas, d);
	}
	return 1;
}

/* The changes of the root between `a` and `b`, into h->deltas: a function
 * of the two trees alone, so taken from the earlier build's record of the
 * pair when there is one; recorded for the next build. */
static int S_changes(S_hist *h, git_tree *a, git_tree *b)
{
	char page[128];
	S_pair_name(a, b, page, sizeof page);
	int rc = 0;
	if (!S_changes_taken(h, page)) {
		h->deltas.n = 0;
		rc = S_treediff(h, a, b, "");
		int added = 0, deleted = 0;
		for (size_t i = 0; rc == 0 && a && b && i < h->deltas.n; i++) {
			S_delta *d = h->deltas.v[i];
			added |= d->kind == 'A';
			deleted |= d->kind == 'D';
		}
		if (rc == 0 && added && deleted)
			rc = S_renames(h, a, b);
	}
	ismc_diffs *k = h->keep;
	if (rc != 0 || !k || ismc_map_get(k->pages, page))
		return rc;
	ismc_page_rec *r = ismc_arena_alloc(k->a, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->page = ismc_arena_strdup(k->a, page);
	memcpy(r->key, h->env, sizeof r->key);
	r->nmarks = h->deltas.n;
	const char **marks = ismc_arena_alloc(k->a, (h->deltas.n + 1) * sizeof(*marks));
	for (size_t i = 0; i < h->deltas.n; i++)
		marks[i] = S_mark_of(k->a, h->deltas.v[i]);
	r->marks = marks;
	ismc_map_put(k->pages, r->page, r);
	ismc_vec_push(&k->recs, r);
	return 0;
}

int ismc_diffs_save(const ismc_diffs *d, ismc_pagecache_writer *w)
{
	for (size_t i = 0; d && i < d->recs.n; i++)
		if (ismc_pagecache_put(w, d->recs.v[i]) != 0)
			return -1;
	return 0;
}

void ismc_diffs_free(ismc_diffs *d)
{
	if (!d)
		return;
	ismc_map_free(d->pages);
	ismc_vec_free(&d->recs);
	ismc_arena_free(d->a);
	free(d);
}

static const ismc_commit *S_node_info(S_hist *h, S_node *n, git_commit *c);

/* The ismc_commit of `c` (node `n`), made once; with the merge that brought
 * it in, made too. */
static const ismc_commit *S_commit_info(S_hist *h, S_node *n, git_commit *c)
{
	if (n->info)
		return n->info;
	ismc_commit *ci = ismc_arena_alloc(h->a, sizeof(*ci));
	git_oid_tostr(ci->id, sizeof ci->id, git_commit_id(c));
	const git_signature *au = git_commit_author(c);
	ci->author = ismc_arena_strdup(h->a, au && au->name ? au->name : "");
	ci->email = ismc_arena_strdup(h->a, au && au->email ? au->email : "");
	const char *subj = git_commit_summary(c);
	ci->subject = ismc_arena_strdup(h->a, subj ? subj : "");
	ci->time = (long long)git_commit_time(c);
	ci->offset = git_commit_time_offset(c);
	n->info = ci;
	if (n->merge)
		ci->merge = S_node_info(h, n->merge, NULL);
	return ci;
}

/* The ismc_commit of node `n`, looking its commit up when `c` is NULL; NULL
 * when it cannot be read (then the merge is left unnamed). */
static const ismc_commit *S_node_info(S_hist *h, S_node *n, git_commit *c)
{
	if (n->info || c)
		return S_commit_info(h, n, c);
	git_commit *own;
	if (git_commit_lookup(&own, h->r->git, &n->id) != 0) {
		git_error_clear();
		return NULL;
	}
	const ismc_commit *ci = S_commit_info(h, n, own);
	git_commit_free(own);
	return ci;
}

/* Does `t` (a parent's root tree) hold `path` with blob `id`? */
static int S_same_in(git_tree *t, const char *path, const git_oid *id)
{
	git_tree_entry *e;
	if (!t || git_tree_entry_bypath(&e, t, path) != 0) {
		git_error_clear();
		return 0;
	}
	int same = git_oid_equal(git_tree_entry_id(e), id);
	git_tree_entry_free(e);
	return same;
}

/* Records the revisions of one commit and passes its names to its parents. */
static int S_visit(S_hist *h, const git_oid *id)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree *pt[8] = { 0 };
	S_node *pn[8] = { 0 };
	int rc = git_commit_lookup(&c, h->r->git, id);
	if (rc != 0)
		return rc;
	S_node *n = S_node_get(h, id);
	unsigned np = git_commit_parentcount(c);
	if (np > 8)
		np = 8; /* an octopus beyond 8 legs: the rest count as not there */
	if (!n->has_root) {
		int k = ismc_git_root_id(&n->root, h->r, c);
		if (k < 0) {
			rc = k;
			goto out;
		}
		n->has_root = k == 0 ? 1 : 2;
	}
	/* treesame to a parent: nothing of the ISMS changed here */
	for (unsigned i = 0; i < np; i++) {
		pn[i] = S_node_get(h, git_commit_parent_id(c, i));
		if (!pn[i]->has_root) {
			git_commit *p;
			if (git_commit_parent(&p, c, i) != 0) {
				git_error_clear();
				pn[i]->has_root = 2; /* a shallow or broken parent: as if none */
			} else {
				int k = ismc_git_root_id(&pn[i]->root, h->r, p);
				git_commit_free(p);
				if (k < 0) {
					rc = k;
					goto out;
				}
				pn[i]->has_root = k == 0 ? 1 : 2;
			}
		}
	}
	/* Which merge brought each parent into the line built: the first parent
	 * is on this commit's line, the others came in through this commit. A
	 * commit on the first-parent line of the tip (merge NULL) stays there,
	 * whichever child is seen first. */
	for (unsigned i = 0; i < np; i++) {
		S_node *cand = i == 0 ? n->merge : n;
		if (!pn[i]->merge_set) {
			pn[i]->merge = cand;
			pn[i]->merge_set = 1;
		} else if (!cand) {
			pn[i]->merge = NULL;
		}
	}
	for (unsigned i = 0; i < np; i++)
		if (pn[i]->has_root == n->has_root &&
		    (n->has_root == 2 || git_oid_equal(&pn[i]->root, &n->root))) {
			for (unsigned j = 0; j < np; j++)
				S_alias_pass(h, pn[j], n->alias);
			goto out;
		}
	if (n->has_root == 1 && (rc = git_tree_lookup(&t, h->r->git, &n->root)) != 0)
		goto out;
	for (unsigned i = 0; i < np; i++)
		if (pn[i]->has_root == 1 && (rc = git_tree_lookup(&pt[i], h->r->git, &pn[i]->root)) != 0)
			goto out;
	/* per parent: the names it passes on; parent 0 (or none) also decides
	 * which files this commit revised */
	for (unsigned i = 0; i < (np ? np : 1); i++) {
		if ((rc = S_changes(h, pt[i], t)) != 0)
			goto out;
		for (size_t j = 0; i == 0 && j < h->deltas.n; j++) {
			S_delta *d = h->deltas.v[j];
			S_track *tr = d->kind == 'D' ? NULL : S_resolve(h, n->alias, d->path);
			if (!tr || tr->created)
				continue;
			int revised = 1;
			for (unsigned k = 1; k < np && revised; k++)
				revised = !S_same_in(pt[k], d->path, &d->id);
			if (!revised)
				continue;
			const ismc_commit *info = S_commit_info(h, n, c);
			if (tr->last != info) {
				tr->last = info;
				ismc_vec_push(&tr->revs, (void *)info);
				ismc_buf_put(&tr->blobs, (const char *)&d->id, sizeof d->id);
			}
			tr->created = d->kind == 'A';
		}
		/* renames: the parent knows the file by its old name, and the new
		 * name there is another file (old names first: a swap A<->B works) */
		S_alias *fresh = NULL;
		for (int pass = 0; pass < 2 && i < np; pass++)
			for (size_t j = 0; j < h->deltas.n; j++) {
				S_delta *d = h->deltas.v[j];
				if (d->kind != 'R')
					continue;
				if (!fresh)
					fresh = S_alias_new(h);
				if (pass == 0) {
					S_track *tr = S_resolve(h, n->alias, d->path);
					S_alias_put(h, fresh, d->old, tr ? (void *)tr : &S_gone);
				} else {
					S_alias_put(h, fresh, d->path, &S_gone);
				}
			}
		S_alias *al = fresh ? S_alias_union(h, fresh, n->alias, 0) : n->alias;
		if (i < np)
			S_alias_pass(h, pn[i], al);
	}
out:
	for (unsigned i = 0; i < 8; i++)
		git_tree_free(pt[i]);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

/* Newer first; equal times by id, so the order never depends on the heap. */
static int S_newer(const S_node *a, const S_node *b)
{
	if (a->time != b->time)
		return a->time > b->time;
	return git_oid_cmp(&a->id, &b->id) > 0;
}

static void S_heap_push(ismc_vec *q, S_node *n)
{
	ismc_vec_push(q, n);
	for (size_t i = q->n - 1; i > 0 && S_newer(q->v[i], q->v[(i - 1) / 2]); i = (i - 1) / 2) {
		void *t = q->v[i];
		q->v[i] = q->v[(i - 1) / 2];
		q->v[(i - 1) / 2] = t;
	}
}

static S_node *S_heap_pop(ismc_vec *q)
{
	S_node *top = q->v[0];
	q->v[0] = q->v[--q->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < q->n && S_newer(q->v[l], q->v[m]))
			m = l;
		if (r < q->n && S_newer(q->v[r], q->v[m]))
			m = r;
		if (m == i)
			break;
		void *t = q->v[i];
		q->v[i] = q->v[m];
		q->v[m] = t;
		i = m;
	}
	return top;
}

/* Every commit reachable from `tip`, children before parents and the newest
 * first among those ready, into `order` (git's --topo-order with dates). A
 * parent the repository lacks (the edge of a shallow clone) ends its line
 * instead of failing the walk, which git_revwalk would do. */
static int S_order(S_hist *h, const git_oid *tip, ismc_vec *order)
{
	git_odb *odb;
	int rc = git_repository_odb(&odb, h->r->git);
	if (rc != 0)
		return rc;
	ismc_vec stack = { 0 }, all = { 0 }, ready = { 0 };
	S_node *n = S_node_get(h, tip);
	n->seen = 1;
	git_oid_cpy(&n->id, tip);
	ismc_vec_push(&stack, n);
	while (stack.n && rc == 0) {
		n = stack.v[--stack.n];
		git_commit *c;
		if ((rc = git_commit_lookup(&c, h->r->git, &n->id)) != 0)
			break;
		n->time = (long long)git_commit_time(c);
		ismc_vec_push(&all, n);
		for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
			const git_oid *pid = git_commit_parent_id(c, i);
			if (!git_odb_exists(odb, pid))
				continue;
			S_node *p = S_node_get(h, pid);
			p->pending++;
			if (!p->seen) {
				p->seen = 1;
				git_oid_cpy(&p->id, pid);
				ismc_vec_push(&stack, p);
			}
		}
		git_commit_free(c);
	}
	for (size_t i = 0; rc == 0 && i < all.n; i++)
		if (((S_node *)all.v[i])->pending == 0)
			S_heap_push(&ready, all.v[i]);
	while (rc == 0 && ready.n) {
		n = S_heap_pop(&ready);
		ismc_vec_push(order, n);
		git_commit *c;
		if ((rc = git_commit_lookup(&c, h->r->git, &n->id)) != 0)
			break;
		for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
			char hex[41];
			git_oid_tostr(hex, sizeof hex, git_commit_parent_id(c, i));
			S_node *p = ismc_map_get(h->nodes, hex);
			if (p && p->seen && --p->pending == 0)
				S_heap_push(&ready, p);
		}
		git_commit_free(c);
	}
	ismc_vec_free(&stack);
	ismc_vec_free(&all);
	ismc_vec_free(&ready);
	git_odb_free(odb);
	return rc;
}

static int S_track_cb(const char *path, const git_tree_entry *e, void *payload)
{
	S_hist *h = payload;
	S_track *tr = ismc_arena_alloc(h->scratch, sizeof(*tr));
	tr->h = ismc_arena_alloc(h->a, sizeof(ismc_history));
	tr->h->path = ismc_arena_strdup(h->a, path);
	ismc_map_put(h->tracks, tr->h->path, tr);
	ismc_vec_push(&h->all, tr);
	return 0;
}

static int S_history(ismc_repo *r, const char *rev, const char *cache, ismc_diffs **keep,
                     ismc_arena *a, ismc_map **out, ismc_error *err)
{
	S_hist h = { 0 };
	if (keep) {
		h.keep = *keep = ismc_xcalloc(1, sizeof(**keep));
		h.keep->a = ismc_arena_new();
		h.keep->pages = ismc_map_new();
	}
	ismc_sha256_ctx *env = ismc_sha256_begin();
	ismc_sha256_add(env, "ismc tree diff 1", 17);
	ismc_pagecache_self(env);
	ismc_sha256_end(env, h.env);
	git_commit *tip = NULL;
	git_tree *t = NULL;
	int rc = 0;
	ssize_t cached = 0, cache_max = 0;
	git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &cached, &cache_max);
	*out = ismc_map_new();
	if (!rev && git_repository_head_unborn(r->git) == 1)
		return 0;
	if (ismc_git_commit(&tip, r, rev ? rev : "HEAD", err) != 0)
		return -1;
	h.r = r;
	h.a = a;
	h.scratch = ismc_arena_new();
	h.darena = ismc_arena_new();
	h.old = cache ? ismc_pagecache_read(cache, ISMC_CACHE_DIFF) : NULL;
	h.tracks = ismc_map_new();
	h.nodes = ismc_map_new();
	if ((rc = ismc_git_root_tree(&t, r, tip)) != 0)
		goto out;
	if (!t)
		goto out; /* the root is not in this commit: no files, no history */
	if ((rc = ismc_git_files(t, S_track_cb, &h)) != 0)
		goto out;
	/* Trees are read many times over: let libgit2 keep the large ones in its
	 * cache, and skip re-hashing every object read (ids still name them;
	 * the strict check comes back on for the sources read afterwards). The
	 * cache as a whole is bounded well below libgit2's 256 MB: it counts
	 * objects by their raw size, and the parsed trees it held at its default
	 * came to about 650 MB over 10,000 commits, for no less CPU than with no
	 * cache at all (docs/performance.md). */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)S_CACHE_MAX);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	ismc_vec order = { 0 };
	if ((rc = S_order(&h, git_commit_id(tip), &order)) == 0)
		for (size_t i = 0; i < order.n && rc == 0; i++)
			rc = S_visit(&h, &((S_node *)order.v[i])->id);
	ismc_vec_free(&order);
out:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, cache_max);
	if (rc != 0)
		ismc_git_fail(err, "history");
	for (size_t i = 0; i < h.all.n; i++) {
		S_track *tr = h.all.v[i];
		tr->h->nrevs = tr->revs.n;
		tr->h->revs = ismc_arena_alloc(a, (tr->revs.n + 1) * sizeof(ismc_commit *));
		memcpy(tr->h->revs, tr->revs.v, tr->revs.n * sizeof(ismc_commit *));
		tr->h->blobs = ismc_arena_alloc(a, (tr->revs.n + 1) * sizeof(*tr->h->blobs));
		for (size_t k = 0; k < tr->revs.n; k++)
			git_oid_tostr(tr->h->blobs[k], sizeof tr->h->blobs[k],
			              (const git_oid *)(tr->blobs.data + k * sizeof(git_oid)));
		ismc_vec_free(&tr->revs);
		ismc_buf_free(&tr->blobs);
		if (rc == 0)
			ismc_map_put(*out, tr->h->path, tr->h);
	}
	ismc_vec_free(&h.all);
	ismc_map_free(h.tracks);
	for (size_t i = 0; i < h.aliases.n; i++) {
		S_alias *al = h.aliases.v[i];
		ismc_map_free(al->map);
		ismc_vec_free(&al->keys);
		ismc_vec_free(&al->vals);
	}
	ismc_vec_free(&h.aliases);
	ismc_vec_free(&h.deltas);
	git_tree_free(t);
	git_commit_free(tip);
	ismc_map_free(h.nodes);
	ismc_arena_free(h.scratch);
	ismc_arena_free(h.darena);
	ismc_pagecache_free(h.old);
	return rc == 0 ? 0 : -1;
}

/* The walk reads trees from all over the pack, again and again: git.c's
 * small pack windows would be unmapped and mapped anew all the time (2.9 s
 * instead of 1.1 s over 10,000 commits), so the walk has libgit2's own,
 * which map the pack whole, from its first read. */
int ismc_git_history(ismc_repo *r, const char *rev, const char *cache, ismc_diffs **keep,
                     ismc_arena *a, ismc_map **out, ismc_error *err)
{
	size_t window = 0, mapped = 0;
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, &window);
	git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, &mapped);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, S_WINDOW);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, S_MAPPED);
	int rc = S_history(r, rev, cache, keep, a, out, err);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped);
	return rc;
}
