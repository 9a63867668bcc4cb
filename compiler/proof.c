/* proof.c: what git proves. Docs-as-code promises an auditor that git is the
 * document-control record (ISO/IEC 27001 7.5.3): for every approved document
 * and register document block, this finds the commit that made its current
 * approval and proves who gave it, with the strongest of a signature by a key
 * of the approver (openpgp.c), an Approved-by trailer naming the approver, or
 * the approver's own commit; and it reads each control decision's history.
 *
 * It runs after loading, on the history git_history.c walked once: each
 * file's revisions, blob ids and the merge that brought each commit in. An
 * approval costs the revisions back to its approving commit (usually one or
 * two front matters parsed with the same YAML parser), never another walk. */
#include "ismc.h"

#include <ctype.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

const char *const ismc_approval_states[] = { ISMC_APPROVAL_STATES(ISMC_X_NAME) NULL };

struct ismc_proofs {
	ismc_arena *a;
	ismc_vec recs;       /* ismc_page_rec: this build's approving revisions, for the cache */
	ismc_map *approvals; /* controlled document path -> ismc_approval */
	ismc_map *decisions; /* control id -> ismc_decision_history */
	ismc_vec *keys;      /* per m->people index: primary fingerprints (char *) */
	size_t npeople;
	const ismc_model *m;
};

typedef struct {
	const ismc_model *m;
	ismc_repo *r;
	ismc_proofs *p;
	ismc_pgp *pgp;        /* NULL: no keys to verify with */
	ismc_map *signer;     /* fingerprint of any (sub)key -> ismc_person */
	ismc_pagecache *cached; /* the earlier build's records (pagecache.c), or NULL */
	unsigned char env[32];  /* what every record's key starts with (S_revs_key) */
} S_ctx;

/* ---- the approval as a revision wrote it ---- */

/* What makes an approval: a new value of any is a new approval. */
typedef struct {
	const char *version, *status, *by, *on;
} S_tuple;

static int S_streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int S_same(const S_tuple *x, const S_tuple *y)
{
	return S_streq(x->version, y->version) && S_streq(x->status, y->status) &&
	       S_streq(x->by, y->by) && S_streq(x->on, y->on);
}

static const char *S_scalar(const ismc_ynode *map, const char *key)
{
	const ismc_ynode *v = map ? ismc_yaml_get(map, key) : NULL;
	return v && v->kind == ISMC_Y_SCALAR ? v->str : NULL;
}

/* Reads the blob `hex` (at most ISMC_MAX_FILE bytes) into a new buffer the
 * caller frees; NULL when it cannot be read or is too large. */
static char *S_blob(ismc_repo *r, const char *hex, size_t *len)
{
	git_oid oid;
	git_odb *odb = NULL;
	size_t size = 0;
	git_object_t type;
	if (git_oid_fromstr(&oid, hex) != 0 || git_repository_odb(&odb, r->git) != 0 ||
	    git_odb_read_header(&size, &type, odb, &oid) != 0 || size > ISMC_MAX_FILE) {
		git_odb_free(odb);
		git_error_clear();
		return NULL;
	}
	git_odb_free(odb);
	git_blob *b;
	if (git_blob_lookup(&b, r->git, &oid) != 0) {
		git_error_clear();
		return NULL;
	}
	*len = (size_t)git_blob_rawsize(b);
	char *t = ismc_xmalloc(*len + 1);
	memcpy(t, git_blob_rawcontent(b), *len);
	t[*len] = '\0';
	git_blob_free(b);
	return t;
}

/* The approval fields of a revision of `doc`'s file, `text` of `len` bytes:
 * a document's front matter, or a register's document: block; parsed with
 * the one YAML parser into `a` (its problems belong to that revision, not
 * to this build). */
static void S_tuple_of(ismc_arena *a, const ismc_doc *doc, const char *text, size_t len,
                       S_tuple *t)
{
	memset(t, 0, sizeof *t);
	const char *y = text;
	if (len >= 3 && !memcmp(y, "\xEF\xBB\xBF", 3))
		y += 3, len -= 3;
	size_t yoff = 0, ylen = len, boff;
	int bline;
	ismc_diags *junk = ismc_diags_new();
	const ismc_ynode *map = NULL;
	if (doc->register_kind || ismc_frontmatter_split(y, len, &yoff, &ylen, &boff, &bline) == 1) {
		const ismc_ynode *root = ismc_yaml_parse(a, junk, doc->path, y + yoff, ylen, 0);
		map = root && root->kind == ISMC_Y_MAP ? root : NULL;
		if (map && doc->register_kind)
			map = ismc_yaml_get(map, "document");
	}
	if (map && map->kind == ISMC_Y_MAP) {
		t->version = S_scalar(map, "version");
		t->status = S_scalar(map, "status");
		t->by = S_scalar(map, "approved_by");
		t->on = S_scalar(map, "approved_on");
	}
	ismc_diags_free(junk);
}

/* Is revision `blob` the bytes of `file`, the file as this build read it? */
static int S_read_here(const ismc_file *file, const char *blob)
{
	return file && file->text && !strcmp(file->oid, blob);
}

/* The same of the revision whose blob id is `blob`. The bytes come from
 * `file` when they are that revision's (the newest, mostly): reading a
 * blob out of a pack means inflating it and its delta chain, which for an
 * ISMS of thousands of documents was most of the proofs' time. 0, or -1
 * when the blob cannot be read. */
static int S_tuple_at(ismc_repo *r, ismc_arena *a, const ismc_doc *doc, const ismc_file *file,
                      const char *blob, S_tuple *t)
{
	if (S_read_here(file, blob)) {
		S_tuple_of(a, doc, file->text, file->size, t);
		return 0;
	}
	size_t len;
	char *text = S_blob(r, blob, &len);
	memset(t, 0, sizeof *t);
	if (!text)
		return -1;
	S_tuple_of(a, doc, text, len, t);
	free(text);
	return 0;
}

/* ---- who a commit proves ---- */

static int S_may_approve(const ismc_doc *doc, const ismc_person *p)
{
	for (size_t i = 0; p && i < doc->napprovers; i++)
		if (doc->approvers[i] == p)
			return 1;
	return 0;
}

/* The person of an email (or "Name <email>"), or NULL. */
static const ismc_person *S_person(const ismc_model *m, const char *who)
{
	const ismc_person *const *v;
	size_t n = who && strchr(who, '@') ? ismc_people_named(m, who, &v) : 0;
	return n == 1 ? v[0] : NULL;
}

/* What one commit proves of `doc`'s approval: the strongest of its
 * signature, its trailers and its author or committer. */
typedef struct {
	ismc_proof method;
	const ismc_person *person;
	char key[65];
	const char *signature; /* none, good, bad, unknown-key, not-approver, unsupported */
	const ismc_person *signer;
} S_found;

static void S_signature(S_ctx *c, const ismc_doc *doc, git_oid *id, S_found *f)
{
	git_buf sig = { 0 }, data = { 0 };
	int rc = git_commit_extract_signature(&sig, &data, c->r->git, id, NULL);
	f->signature = "none";
	if (rc != 0) {
		git_error_clear();
		return;
	}
	char fpr[65];
	if (!strncmp(sig.ptr, "-----BEGIN SSH SIGNATURE", 24)) {
		f->signature = "unsupported"; /* ismc verifies OpenPGP signatures only */
	} else if (!c->pgp) {
		f->signature = "unknown-key"; /* the register lists no key */
	} else {
		int v = ismc_pgp_verify(c->pgp, sig.ptr, sig.size, data.ptr, data.size, fpr);
		const ismc_person *p = v == ISMC_PGP_GOOD ? ismc_map_get(c->signer, fpr) : NULL;
		if (v == ISMC_PGP_GOOD && S_may_approve(doc, p)) {
			f->signature = "good";
			f->method = ISMC_PROOF_SIGNATURE;
			f->person = p;
			snprintf(f->key, sizeof f->key, "%s", fpr);
		} else if (v == ISMC_PGP_GOOD && p) {
			f->signature = "not-approver";
			f->signer = p;
		} else {
			f->signature = v == ISMC_PGP_BAD ? "bad" : "unknown-key";
		}
	}
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
}

static int S_trailer_key(const char *k)
{
	return !strcasecmp(k, "Approved-by") || !strcasecmp(k, "Reviewed-by");
}

static int S_commit_proof(S_ctx *c, const ismc_doc *doc, const char *hex, S_found *f)
{
	git_oid id;
	git_commit *cm;
	memset(f, 0, sizeof *f);
	f->signature = "none";
	if (git_oid_fromstr(&id, hex) != 0 || git_commit_lookup(&cm, c->r->git, &id) != 0) {
		git_error_clear();
		return -1;
	}
	S_signature(c, doc, &id, f);
	if (f->method < ISMC_PROOF_TRAILER) {
		git_message_trailer_array tr = { 0 };
		if (git_message_trailers(&tr, git_commit_message(cm)) == 0) {
			for (size_t i = 0; i < tr.count && f->method < ISMC_PROOF_TRAILER; i++) {
				const ismc_person *p = S_person(c->m, tr.trailers[i].value);
				if (S_trailer_key(tr.trailers[i].key) && S_may_approve(doc, p)) {
					f->method = ISMC_PROOF_TRAILER;
					f->person = p;
				}
			}
			git_message_trailer_array_free(&tr);
		}
		git_error_clear();
	}
	if (f->method < ISMC_PROOF_AUTHOR) {
		const git_signature *who[2] = { git_commit_author(cm), git_commit_committer(cm) };
		for (int i = 0; i < 2 && f->method < ISMC_PROOF_AUTHOR; i++) {
			const ismc_person *p = who[i] ? S_person(c->m, who[i]->email) : NULL;
			if (S_may_approve(doc, p)) {
				f->method = ISMC_PROOF_AUTHOR;
				f->person = p;
			}
		}
	}
	git_commit_free(cm);
	return 0;
}

long ismc_pull_request(const char *subject)
{
	const char *p = subject ? strstr(subject, "pull request #") : NULL;
	if (p)
		p += strlen("pull request #");
	else if (subject && (p = strrchr(subject, '(')) && p[1] == '#')
		p += 2; /* a squash merge's "Title (#12)" */
	else
		return 0;
	char *end;
	long n = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : 0;
	return n > 0 && n < 1000000000 ? n : 0;
}

/* The names of the people who may approve `doc`, for a message. */
static void S_names(const ismc_doc *doc, ismc_buf *b)
{
	for (size_t i = 0; i < doc->napprovers; i++)
		ismc_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == doc->napprovers ? " or " : ", ",
		                doc->approvers[i]->name.s ? doc->approvers[i]->name.s : "?");
}

/* The day of a commit, in its committer's time zone. */
static long S_day(const ismc_commit *c)
{
	long long t = c->time + (long long)c->offset * 60;
	return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

static void S_prove(S_ctx *c, ismc_approval *ap)
{
	const ismc_doc *doc = ap->doc;
	const ismc_model *m = c->m;
	ismc_buf b = { 0 };
	if (!m->npeople_files) {
		ap->note = "the ISMS has no people register to prove the approver against";
		return;
	}
	if (!doc->napprovers) {
		ap->note = ismc_arena_printf(c->p->a, "approved_by '%s' names no one in the people "
		                             "register who may approve it", doc->approved_by.s ?
		                             doc->approved_by.s : "");
		return;
	}
	/* the merge first: merging is the approval an auditor looks for */
	const ismc_commit *order[2] = { ap->merge, ap->commit };
	S_found best = { 0 };
	const char *best_commit = NULL;
	const char *signature = "none";
	const ismc_person *wrong_signer = NULL;
	for (int i = 0; i < 2; i++) {
		S_found f;
		if (!order[i] || S_commit_proof(c, doc, order[i]->id, &f) != 0)
			continue;
		if (f.method > best.method) {
			best = f;
			best_commit = order[i]->id;
		}
		/* the most telling signature seen: good, then bad ones */
		static const char *const rank[] = { "none", "unsupported", "unknown-key",
			                            "not-approver", "bad", "good" };
		int ri = 0, rs = 0;
		for (int k = 0; k < 6; k++) {
			if (!strcmp(rank[k], f.signature))
				ri = k;
			if (!strcmp(rank[k], signature))
				rs = k;
		}
		if (ri > rs) {
			signature = f.signature;
			wrong_signer = f.signer;
		}
	}
	ap->signature = signature;
	ap->method = best.method;
	ap->person = best.person;
	ap->proof_commit = best_commit ? ismc_arena_strdup(c->p->a, best_commit) : NULL;
	if (best.method == ISMC_PROOF_SIGNATURE)
		ap->key = ismc_arena_strdup(c->p->a, best.key);
	ismc_proof want = (ismc_proof)m->cfg.proof.n;
	if (best.method > ISMC_PROOF_NONE && best.method >= want) {
		ap->state = ISMC_PROVEN;
		return;
	}
	S_names(doc, &b);
	const ismc_commit *cm = ap->commit;
	/* what a signature seen says, when it proves nothing */
	const char *sig = !strcmp(signature, "bad") ? "; its signature does not verify"
	                  : !strcmp(signature, "unknown-key")
	                          ? "; it is signed with a key the people register does not list"
	                  : wrong_signer ? "; it is signed by someone who may not approve it"
	                                 : "";
	/* isms.yml's minimum is named once, by S_report */
	if (best.method > ISMC_PROOF_NONE)
		ap->note = ismc_arena_printf(c->p->a, "commit %.12s proves it by %s only%s",
		                             best_commit, ismc_proofs_names[best.method], sig);
	else
		ap->note = ismc_arena_printf(
			c->p->a, "commit %.12s by %s <%s>%s%.12s is no proof that %s approved it "
			"(no signature by, trailer naming, or commit by %s)%s", cm->id, cm->author,
			cm->email, ap->merge ? ", merged in " : "", ap->merge ? ap->merge->id : "",
			doc->approved_by.s, b.data, sig);
	ismc_buf_free(&b);
}

/* ---- the approving revision, kept from the earlier build ----
 *
 * Which revision made the current approval is a function of the blobs of
 * the file's revisions (their front matter, parsed by this ismc) and of
 * the current approval: its key digests both, so an earlier build's answer
 * stands while they are the same. Reading the older revisions is the
 * proofs' cost (inflating blobs out of packs): a rebuild over an earlier
 * OUT (pagecache.c) reads only those of the files whose history moved. */

static void S_put_str(ismc_sha256_ctx *h, const char *s)
{
	ismc_sha256_add(h, s ? "1" : "0", 1); /* a field that is not there is not "" */
	if (s)
		ismc_sha256_add(h, s, strlen(s) + 1);
}

static void S_revs_key(const S_ctx *x, const ismc_doc *doc, const S_tuple *cur,
                       const ismc_history *h, unsigned char key[32])
{
	ismc_sha256_ctx *c = ismc_sha256_begin();
	ismc_sha256_add(c, x->env, 32);
	ismc_sha256_add(c, doc->register_kind ? "R" : "D", 1);
	S_put_str(c, doc->path);
	S_put_str(c, cur->version);
	S_put_str(c, cur->status);
	S_put_str(c, cur->by);
	S_put_str(c, cur->on);
	for (size_t i = 0; i < h->nrevs; i++)
		S_put_str(c, h->blobs[i]);
	ismc_sha256_end(c, key);
}

int ismc_proofs_save(const ismc_proofs *p, ismc_pagecache_writer *w)
{
	for (size_t i = 0; p && i < p->recs.n; i++)
		if (ismc_pagecache_put(w, p->recs.v[i]) != 0)
			return -1;
	return 0;
}

/* An approval being found: the revisions of its file are read newest first
 * while they keep the approval the file has now. */
typedef struct {
	ismc_approval *ap;
	const ismc_history *h; /* NULL: settled without the history */
	const ismc_file *file; /* the file as this build read it */
	S_tuple cur;
	ismc_page_rec *rec;
	size_t at;   /* the oldest revision read that keeps the approval; nrevs: none */
	size_t next; /* the revision to read next */
	int walking;
} S_walk;

/* Settles what needs no revision read: no history, or the earlier build's
 * answer (its revisions and approval the same); else sets `w` walking. */
static void S_walk_begin(S_ctx *c, const ismc_map *history, int worktree, S_walk *w)
{
	ismc_approval *ap = w->ap;
	const ismc_doc *doc = ap->doc;
	const ismc_history *h = history ? ismc_map_get(history, doc->path) : NULL;
	ap->signature = "none";
	if (!c->r || !history) {
		ap->state = ISMC_NO_HISTORY;
		ap->note = "the ISMS is not in a git repository: no commit records the approval";
		return;
	}
	if (!h || !h->nrevs) {
		ap->state = worktree ? ISMC_UNCOMMITTED : ISMC_NO_HISTORY;
		ap->note = worktree ? "the file is not committed: no commit records the approval"
		                    : "no commit records the file";
		return;
	}
	w->h = h;
	w->cur = (S_tuple){ doc->version.s, doc->status.s, doc->approved_by.s, doc->approved_on.s };
	w->rec = ismc_arena_alloc(c->p->a, sizeof *w->rec);
	S_revs_key(c, doc, &w->cur, h, w->rec->key);
	w->rec->page = ismc_arena_printf(c->p->a, "%s%s", ISMC_CACHE_APPROVAL, doc->path);
	const ismc_page_rec *was = ismc_pagecache_get(c->cached, w->rec->page);
	w->at = h->nrevs;
	if (was && !memcmp(was->key, w->rec->key, 32) && was->offset <= (long long)h->nrevs) {
		w->at = (size_t)was->offset;
	} else {
		w->file = ismc_source_hashed(c->m->src, doc->path);
		w->walking = 1;
	}
}

/* Takes the revision w->next, read into `t` (rc: S_tuple_at's). */
static void S_walk_step(S_walk *w, int rc, const S_tuple *t)
{
	if (rc != 0 || !S_same(t, &w->cur)) {
		w->walking = 0;
		return;
	}
	w->at = w->next;
	w->walking = ++w->next < w->h->nrevs;
}

typedef struct {
	S_walk *w;
	size_t rank, at;
} S_read;

static int S_read_cmp(const void *x, const void *y)
{
	const S_read *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* Walks the `n` approvals back together, a revision of each a round: a
 * revision whose bytes this build read is parsed from them; the others of
 * the round are read out of git in the order of the packs, where each
 * delta finds its base just decoded (ismc_git_pack_ranks). In the order
 * of the documents, the chains of a pack that git fast-import wrote were
 * decoded afresh for every read: at 10,000 documents 5 of the build's
 * seconds. */
static void S_walk_all(S_ctx *c, S_walk *walks, size_t n, ismc_arena *scratch)
{
	S_read *round = ismc_xmalloc((n + 1) * sizeof *round);
	const char **oids = ismc_xmalloc((n + 1) * sizeof *oids);
	size_t *rank = ismc_xmalloc((n + 1) * sizeof *rank);
	for (;;) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			S_walk *w = &walks[i];
			while (w->walking && S_read_here(w->file, w->h->blobs[w->next])) {
				S_tuple t;
				S_walk_step(w, S_tuple_at(c->r, scratch, w->ap->doc, w->file,
				                          w->h->blobs[w->next], &t), &t);
			}
			if (w->walking) {
				oids[k] = w->h->blobs[w->next];
				round[k] = (S_read){ w, 0, i };
				k++;
			}
		}
		if (!k)
			break;
		ismc_git_pack_ranks(c->r, oids, k, rank);
		for (size_t i = 0; i < k; i++)
			round[i].rank = rank[i];
		qsort(round, k, sizeof *round, S_read_cmp);
		for (size_t i = 0; i < k; i++) {
			S_walk *w = round[i].w;
			S_tuple t;
			S_walk_step(w, S_tuple_at(c->r, scratch, w->ap->doc, w->file, w->h->blobs[w->next],
			                          &t), &t);
		}
	}
	free(rank);
	free(oids);
	free(round);
}

/* The approving commit the walk found, proven. */
static void S_walk_end(S_ctx *c, S_walk *w)
{
	ismc_approval *ap = w->ap;
	if (!w->h)
		return; /* settled by S_walk_begin */
	w->rec->offset = (long long)w->at;
	ismc_vec_push(&c->p->recs, w->rec);
	if (w->at == w->h->nrevs) {
		/* only a working tree can differ from its own newest revision */
		ap->state = ISMC_UNCOMMITTED;
		ap->note = "the approval in the working tree is not committed in HEAD";
		return;
	}
	ap->commit = w->h->revs[w->at];
	ap->merge = ap->commit->merge;
	ap->pull_request = ismc_pull_request(ap->merge ? ap->merge->subject : ap->commit->subject);
	ap->state = ISMC_UNPROVEN;
	S_prove(c, ap);
}

/* ---- the keys of the people register ---- */

static int S_keys(S_ctx *c, ismc_error *err)
{
	const ismc_model *m = c->m;
	c->signer = ismc_map_new();
	for (size_t i = 0; i < m->people.n; i++) {
		const ismc_person *p = m->people.v[i];
		for (size_t k = 0; k < p->keys.n; k++) {
			const ismc_val *v = &p->keys.v[k];
			const ismc_file *f = ismc_source_find(m->src, v->s);
			if (!f || f->escapes || f->badname)
				continue; /* an SSH key line, or broken-link (check.c) */
			const char *text;
			size_t len;
			int rc = ismc_source_load(m->src, v->s, &text, &len, err);
			if (rc < 0)
				return -1;
			if (!c->pgp && !(c->pgp = ismc_pgp_new(err)))
				return -1;
			ismc_vec fprs = { 0 };
			if (rc == ISMC_TOO_LARGE || ismc_pgp_import(c->pgp, text, len, &fprs) != 0) {
				ismc_diag_add(m->diags, ISMC_INVALID_VALUE, v->pos,
				              "'%s' holds no OpenPGP public key", v->s);
				ismc_names_free(&fprs);
				continue;
			}
			/* the primary key first, then its subkeys: all sign for p */
			ismc_vec_push(&c->p->keys[i], ismc_arena_strdup(c->p->a, fprs.v[0]));
			for (size_t j = 0; j < fprs.n; j++) {
				char *fp = ismc_arena_strdup(c->p->a, fprs.v[j]);
				ismc_map_put(c->signer, fp, (void *)p);
			}
			ismc_names_free(&fprs);
		}
	}
	return 0;
}

/* ---- control decisions through the history ---- */

typedef struct {
	const char *applicable, *status;
} S_state;

static void S_decisions_of(S_ctx *c, const ismc_map *history, const char *path,
                           ismc_arena *scratch, ismc_map *last, ismc_map *lists)
{
	const ismc_history *h = ismc_map_get(history, path);
	for (size_t i = h ? h->nrevs : 0; i-- > 0;) {
		size_t len;
		char *text = S_blob(c->r, h->blobs[i], &len);
		if (!text)
			continue;
		ismc_diags *junk = ismc_diags_new();
		const ismc_ynode *root = ismc_yaml_parse(scratch, junk, path, text, len, 0);
		const ismc_ynode *list = root && root->kind == ISMC_Y_MAP ? ismc_yaml_get(root, "controls")
		                                                          : NULL;
		ismc_map *seen = ismc_map_new();
		for (size_t k = 0; list && list->kind == ISMC_Y_SEQ && k < list->n; k++) {
			const ismc_ynode *it = list->items[k];
			const char *id = it->kind == ISMC_Y_MAP ? S_scalar(it, "id") : NULL;
			const ismc_control *ctl = id ? ismc_catalog_control(c->m->catalog, id) : NULL;
			if (!ctl || ismc_map_put(seen, ctl->id, (void *)ctl))
				continue;
			S_state now = { S_scalar(it, "applicable"), S_scalar(it, "status") };
			S_state *was = ismc_map_get(last, ctl->id);
			if (was && S_streq(was->applicable, now.applicable) && S_streq(was->status, now.status))
				continue;
			if (!was) {
				was = ismc_arena_alloc(c->p->a, sizeof(*was));
				ismc_map_put(last, ctl->id, was);
			}
			was->applicable = now.applicable ? ismc_arena_strdup(c->p->a, now.applicable) : NULL;
			was->status = now.status ? ismc_arena_strdup(c->p->a, now.status) : NULL;
			ismc_decision_change ch = { h->revs[i], was->applicable, was->status };
			ismc_buf *b = ismc_map_get(lists, ctl->id);
			if (!b) {
				b = ismc_arena_alloc(scratch, sizeof(*b));
				ismc_map_put(lists, ctl->id, b);
			}
			ismc_buf_put(b, (const char *)&ch, sizeof ch);
		}
		/* a decision the revision dropped: no decision from then on */
		for (size_t k = 0; k < ismc_catalog_ncontrols(c->m->catalog); k++) {
			const ismc_control *ctl = ismc_catalog_control_at(c->m->catalog, k);
			S_state *was = ismc_map_get(last, ctl->id);
			if (!was || ismc_map_get(seen, ctl->id) || (!was->applicable && !was->status))
				continue;
			was->applicable = was->status = NULL;
			ismc_decision_change ch = { h->revs[i], NULL, NULL };
			ismc_buf_put(ismc_map_get(lists, ctl->id), (const char *)&ch, sizeof ch);
		}
		ismc_map_free(seen);
		ismc_diags_free(junk);
		free(text);
	}
}

static void S_decisions(S_ctx *c, const ismc_map *history, ismc_arena *scratch)
{
	const ismc_model *m = c->m;
	ismc_map *last = ismc_map_new(), *lists = ismc_map_new(), *paths = ismc_map_new();
	for (size_t i = 0; i < m->decisions.n; i++) {
		const ismc_decision *dc = m->decisions.v[i];
		if (!ismc_map_put(paths, dc->path, (void *)dc->path))
			S_decisions_of(c, history, dc->path, scratch, last, lists);
	}
	for (size_t k = 0; k < ismc_catalog_ncontrols(m->catalog); k++) {
		const ismc_control *ctl = ismc_catalog_control_at(m->catalog, k);
		ismc_buf *b = ismc_map_get(lists, ctl->id);
		if (!b)
			continue;
		ismc_decision_history *dh = ismc_arena_alloc(c->p->a, sizeof(*dh));
		dh->n = b->len / sizeof(ismc_decision_change);
		dh->v = ismc_arena_alloc(c->p->a, b->len);
		memcpy(dh->v, b->data, b->len);
		ismc_buf_free(b);
		ismc_map_put(c->p->decisions, ctl->id, dh);
	}
	ismc_map_free(last);
	ismc_map_free(lists);
	ismc_map_free(paths);
}

/* ---- the stage ---- */

/* approval-unproven and approval-date-mismatch, when isms.yml asks for proof. */
static void S_report(const ismc_model *m, const ismc_approval *ap)
{
	const ismc_doc *doc = ap->doc;
	ismc_proof want = (ismc_proof)m->cfg.proof.n;
	if (want == ISMC_PROOF_NONE)
		return;
	const char *what = doc->id.s ? doc->id.s : doc->path;
	if (ap->state != ISMC_PROVEN)
		ismc_diag_add(m->diags, ISMC_APPROVAL_UNPROVEN, doc->status.pos,
		              "the approval of %s is not proven: %s; isms.yml asks for %s", what,
		              ap->note ? ap->note : "no proof", ismc_proofs_names[want]);
	if (ap->commit && doc->approved_on.s) {
		const ismc_commit *when = ap->merge && ap->merge->time > ap->commit->time ? ap->merge
		                                                                          : ap->commit;
		if (doc->approved_on.n > S_day(when)) {
			char day[11];
			ismc_date_format(S_day(when), day);
			ismc_diag_add(m->diags, ISMC_APPROVAL_DATE_MISMATCH, doc->approved_on.pos,
			              "approved_on %s is after the approving %s %.12s of %s", doc->approved_on.s,
			              when == ap->merge ? "merge" : "commit", when->id, day);
		}
	}
}

ismc_proofs *ismc_proofs_run(const ismc_model *m, ismc_repo *r, const ismc_map *history,
                             int worktree, const char *cache, ismc_error *err)
{
	ismc_proofs *p = ismc_xcalloc(1, sizeof(*p));
	p->a = ismc_arena_new();
	p->approvals = ismc_map_new();
	p->decisions = ismc_map_new();
	p->m = m;
	p->npeople = m->people.n;
	p->keys = ismc_xcalloc(p->npeople + 1, sizeof(ismc_vec));
	S_ctx c = { m, r, p, NULL, NULL, NULL, { 0 } };
	ismc_sha256_ctx *env = ismc_sha256_begin(); /* the keys' shared part, once */
	ismc_sha256_add(env, "ismc approval key 1", 20);
	ismc_pagecache_self(env);
	ismc_sha256_end(env, c.env);
	ismc_arena *scratch = ismc_arena_new();
	int rc = 0;
	if (r && history && (rc = S_keys(&c, err)) != 0)
		goto out;
	if (r && history && cache)
		c.cached = ismc_pagecache_read(cache, ISMC_CACHE_APPROVAL);
	S_walk *walks = ismc_xcalloc(m->docs.n + m->regdocs.n + 1, sizeof *walks);
	size_t n = 0;
	for (int k = 0; k < 2; k++) {
		const ismc_vec *v = k ? &m->regdocs : &m->docs;
		for (size_t i = 0; i < v->n; i++) {
			const ismc_doc *doc = v->v[i];
			if (!ismc_doc_approved(doc) || ismc_map_get(p->approvals, doc->path))
				continue;
			ismc_approval *ap = ismc_arena_alloc(p->a, sizeof(*ap));
			ap->doc = doc;
			ismc_map_put(p->approvals, doc->path, ap);
			walks[n].ap = ap;
			S_walk_begin(&c, history, worktree, &walks[n++]);
		}
	}
	S_walk_all(&c, walks, n, scratch);
	for (size_t i = 0; i < n; i++) {
		S_walk_end(&c, &walks[i]);
		S_report(m, walks[i].ap);
	}
	free(walks);
	if (r && history)
		S_decisions(&c, history, scratch);
out:
	ismc_arena_free(scratch);
	ismc_pagecache_free(c.cached);
	ismc_map_free(c.signer);
	ismc_pgp_free(c.pgp);
	if (rc != 0) {
		ismc_proofs_free(p);
		return NULL;
	}
	return p;
}

void ismc_proofs_free(ismc_proofs *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->npeople; i++)
		ismc_vec_free(&p->keys[i]);
	free(p->keys);
	ismc_map_free(p->approvals);
	ismc_map_free(p->decisions);
	ismc_vec_free(&p->recs);
	ismc_arena_free(p->a);
	free(p);
}

const ismc_approval *ismc_proofs_approval(const ismc_proofs *p, const ismc_doc *doc)
{
	const ismc_approval *ap = p && doc ? ismc_map_get(p->approvals, doc->path) : NULL;
	return ap && ap->doc == doc ? ap : NULL;
}

const ismc_decision_history *ismc_proofs_decisions(const ismc_proofs *p, const char *id)
{
	return p && id ? ismc_map_get(p->decisions, id) : NULL;
}

const ismc_vec *ismc_proofs_keys(const ismc_proofs *p, const ismc_person *person)
{
	for (size_t i = 0; p && i < p->npeople; i++)
		if (p->m->people.v[i] == person)
			return p->keys[i].n ? &p->keys[i] : NULL;
	return NULL;
}
