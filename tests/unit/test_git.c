/* git.c and compare.c against real repositories, made through libgit2 in
 * temporary folders (no git program needed): an ISMS root in a subfolder,
 * several commits with fixed times, an exact and a similar rename, a commit
 * outside the root, a tag, and uncommitted edits in the working tree. */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256], S_root[320];
static git_repository *S_repo;
static char S_ids[8][41]; /* commits C1..C7 of S_history_repo, by number */

/* Writes `text` to S_tmp/rel, creating folders. */
static void S_write(const char *rel, const char *text)
{
	t_spit(t_path("%s/%s", S_tmp, rel), text);
}

/* Commits the whole working tree (additions, edits, deletions) at time `t`. */
static void S_commit(const char *msg, long long t, char id_out[41])
{
	t_git_commit(S_repo, msg, t, NULL, id_out);
}

static void S_tag(const char *name)
{
	git_object *head;
	git_oid id;
	cr_assert_eq(git_revparse_single(&head, S_repo, "HEAD"), 0);
	cr_assert_eq(git_tag_create_lightweight(&id, S_repo, name, head, 0), 0);
	git_object_free(head);
}

static const char S_access[] =
	"---\nid: POL-010\ntitle: Access control policy\ntype: policy\nowner: CISO\n"
	"version: \"%s\"\nstatus: approved\napproved_by: CEO\napproved_on: 2026-02-01\n"
	"controls: [A.5.15]\n---\n# Access control\n\nAccess follows [DOC-SCOPE].\n%s";

static void S_access_doc(const char *rel, const char *version, const char *extra)
{
	char text[1024];
	snprintf(text, sizeof text, S_access, version, extra);
	S_write(rel, text);
}

static void S_setup(void)
{
	git_libgit2_init();
	t_tmpdir(S_tmp, sizeof S_tmp, "git");
	snprintf(S_root, sizeof S_root, "%s/isms", S_tmp);
	cr_assert_eq(git_repository_init(&S_repo, S_tmp, 0), 0);
}

static void S_teardown(void)
{
	git_repository_free(S_repo);
	S_repo = NULL;
	t_rmtree(S_tmp);
	git_libgit2_shutdown();
}

/* The story of the main tests (times are seconds since the epoch):
 *   C1 the minimal fixture under isms/, a README at the top
 *   C2 adds policies/access.md 1.0       C3 edits it, 1.1 (tag v1)
 *   C4 renames it to access-control.md   C5 edits it, 1.2, and the README
 *   C6 only the README (outside the root)
 *   C7 renames registers/assets.yml to inventory.yml with a line added
 *      (a similar rename), and edits records/review.md without a new
 *      version */
static void S_history_repo(void)
{
	t_copy_fixture("minimal", S_root);
	S_write("README.md", "# Monorepo\n");
	S_commit("Import the ISMS", 1000, S_ids[1]);
	S_access_doc("isms/policies/access.md", "1.0", "");
	S_commit("Add the access control policy", 2000, S_ids[2]);
	S_access_doc("isms/policies/access.md", "1.1", "\nReviewed quarterly.\n");
	S_commit("Access: quarterly reviews", 3000, S_ids[3]);
	S_tag("v1");
	t_sh("mv '%s/policies/access.md' '%s/policies/access-control.md'", S_root, S_root);
	S_commit("Rename the access policy", 4000, S_ids[4]);
	S_access_doc("isms/policies/access-control.md", "1.2", "\nReviewed monthly.\n");
	S_write("README.md", "# Monorepo\n\nNow with an ISMS.\n");
	S_commit("Access: monthly reviews", 5000, S_ids[5]);
	S_write("README.md", "# Monorepo\n\nOnly the top changes.\n");
	S_commit("Top-level README only", 6000, S_ids[6]);
	char *review = t_slurp(ISMC_TEST_FIXTURES "/minimal/records/review.md");
	char *assets = t_slurp(ISMC_TEST_FIXTURES "/minimal/registers/assets.yml");
	t_sh("rm '%s/registers/assets.yml'", S_root);
	char text[2048];
	snprintf(text, sizeof text, "# The asset inventory\n%s", assets);
	S_write("isms/registers/inventory.yml", text);
	snprintf(text, sizeof text, "%s\nThe next review is due in March.\n", review);
	S_write("isms/records/review.md", text);
	free(review);
	free(assets);
	S_commit("Call the assets an inventory; note the next review", 7000, S_ids[7]);
}

static ismc_repo *S_open(const char *root)
{
	ismc_repo *r;
	ismc_error err;
	cr_assert_eq(ismc_repo_open(&r, root, &err), 0, "%s", err.msg);
	cr_assert_not_null(r, "%s is in a repository", root);
	return r;
}

static const ismc_history *S_hist(ismc_map *h, const char *path)
{
	const ismc_history *x = ismc_map_get(h, path);
	cr_assert_not_null(x, "no history for %s", path);
	return x;
}

TestSuite(git, .init = S_setup, .fini = S_teardown);

Test(git, history_is_exact_across_renames_and_ignores_the_outside)
{
	S_history_repo();
	ismc_repo *r = S_open(S_root);
	ismc_arena *a = ismc_arena_new();
	ismc_map *h;
	ismc_error err;
	cr_assert_eq(ismc_git_history(r, NULL, NULL, NULL, a, &h, &err), 0, "%s", err.msg);
	/* every file below the root at HEAD, keyed relative to the root */
	cr_assert_eq(ismc_map_count(h), 7);
	cr_assert_null(ismc_map_get(h, "README.md"));
	cr_assert_null(ismc_map_get(h, "policies/access.md"), "renamed away");

	const ismc_history *x = S_hist(h, "policies/access-control.md");
	cr_assert_eq(x->nrevs, 4, "C5, C4 (rename), C3, C2; got %zu", x->nrevs);
	cr_assert_str_eq(x->revs[0]->id, S_ids[5]);
	cr_assert_str_eq(x->revs[1]->id, S_ids[4]);
	cr_assert_str_eq(x->revs[2]->id, S_ids[3]);
	cr_assert_str_eq(x->revs[3]->id, S_ids[2], "created by C2");
	cr_assert_str_eq(x->revs[0]->subject, "Access: monthly reviews");
	cr_assert_str_eq(x->revs[0]->author, "Alice Auditor");
	cr_assert_str_eq(x->revs[0]->email, "alice@example.org");
	cr_assert_eq(x->revs[0]->time, 5000);

	x = S_hist(h, "registers/inventory.yml");
	cr_assert_eq(x->nrevs, 2, "a similar rename keeps its history; got %zu", x->nrevs);
	cr_assert_str_eq(x->revs[0]->id, S_ids[7]);
	cr_assert_str_eq(x->revs[1]->id, S_ids[1]);
	cr_assert_null(ismc_map_get(h, "registers/assets.yml"));
	x = S_hist(h, "records/review.md");
	cr_assert_eq(x->nrevs, 2);
	cr_assert_str_eq(x->revs[0]->id, S_ids[7]);
	cr_assert_str_eq(x->revs[1]->id, S_ids[1]);

	x = S_hist(h, "scope.md");
	cr_assert_eq(x->nrevs, 1);
	cr_assert_str_eq(x->revs[0]->id, S_ids[1]);
	x = S_hist(h, "isms.yml");
	cr_assert_eq(x->nrevs, 1);
	ismc_map_free(h);

	/* as of the tag: the old name, three revisions */
	cr_assert_eq(ismc_git_history(r, "v1", NULL, NULL, a, &h, &err), 0, "%s", err.msg);
	x = S_hist(h, "policies/access.md");
	cr_assert_eq(x->nrevs, 2);
	cr_assert_str_eq(x->revs[0]->id, S_ids[3]);
	cr_assert_str_eq(x->revs[1]->id, S_ids[2]);
	cr_assert_null(ismc_map_get(h, "policies/access-control.md"));
	ismc_map_free(h);
	ismc_arena_free(a);
	ismc_repo_free(r);
}

Test(git, rev_reads_the_commit_not_the_working_tree)
{
	S_history_repo();
	S_write("isms/scope.md", "not even front matter\n");
	ismc_repo *r = S_open(S_root);
	ismc_error err;
	ismc_source *src = ismc_git_source(r, "HEAD", &err);
	cr_assert_not_null(src, "%s", err.msg);
	const ismc_file *f = ismc_source_find(src, "scope.md");
	cr_assert_not_null(f);
	cr_assert_eq(strlen(f->oid), 40);
	char *want = t_slurp(ISMC_TEST_FIXTURES "/minimal/scope.md");
	const char *text;
	size_t len;
	cr_assert_eq(ismc_source_load(src, "scope.md", &text, &len, &err), 0, "%s", err.msg);
	cr_assert_str_eq(text, want, "the committed bytes, not the edit");
	char blob[41], sha[65];
	ismc_git_blob_id(text, len, blob);
	cr_assert_str_eq(blob, f->oid);
	ismc_sha256(text, len, sha);
	cr_assert_eq(ismc_source_hashed(src, "scope.md"), f);
	cr_assert_str_eq(f->sha256, sha, "the SHA-256 of the blob as read");
	free(want);
	cr_assert_null(ismc_source_find(src, "../README.md"));
	cr_assert_null(ismc_source_find(src, "README.md"), "the top is outside the root");

	ismc_diags *d = ismc_diags_new();
	long as_of;
	ismc_date_parse("2026-06-30", &as_of);
	ismc_model *m = ismc_model_load(src, as_of, NULL, d, &err);
	cr_assert_not_null(m, "%s", err.msg);
	ismc_check_run(m);
	cr_assert_eq(ismc_diags_count_severity(d, ISMC_ERROR), 0);
	cr_assert_eq(m->docs.n, 3);
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);

	/* any revspec: a tag, a sha, HEAD~n */
	src = ismc_git_source(r, "v1", &err);
	cr_assert_not_null(src, "%s", err.msg);
	cr_assert_not_null(ismc_source_find(src, "policies/access.md"));
	ismc_source_free(src);
	src = ismc_git_source(r, S_ids[1], &err);
	cr_assert_not_null(src, "%s", err.msg);
	cr_assert_null(ismc_source_find(src, "policies/access.md"));
	ismc_source_free(src);
	src = ismc_git_source(r, "HEAD~3", &err);
	cr_assert_not_null(src, "%s", err.msg);
	cr_assert_not_null(ismc_source_find(src, "policies/access-control.md"), "C4");
	ismc_source_free(src);

	cr_assert_null(ismc_git_source(r, "no-such-tag", &err));
	cr_assert(strstr(err.msg, "unknown revision 'no-such-tag'"), "%s", err.msg);
	cr_assert_null(strchr(err.msg, '\n'));
	cr_assert_null(ismc_git_source(r, "HEAD^{tree}", &err));
	cr_assert(strstr(err.msg, "does not name a commit"), "%s", err.msg);
	ismc_repo_free(r);
}

Test(git, provenance_names_commit_tree_and_subfolder)
{
	S_history_repo();
	ismc_repo *r = S_open(S_root);
	ismc_arena *a = ismc_arena_new();
	ismc_provenance p;
	ismc_error err;
	cr_assert_eq(ismc_git_provenance(r, "v1", &p, a, &err), 0, "%s", err.msg);
	cr_assert_eq(p.in_repo, 1);
	cr_assert_str_eq(p.repo_path, "isms");
	cr_assert_str_eq(p.commit, S_ids[3]);
	cr_assert_eq(p.commit_time, 3000);
	/* the tree is the root's own tree in that commit */
	git_object *t;
	cr_assert_eq(git_revparse_single(&t, S_repo, "v1:isms"), 0);
	char want[41];
	git_oid_tostr(want, sizeof want, git_object_id(t));
	git_object_free(t);
	cr_assert_str_eq(p.tree, want);
	cr_assert_eq(ismc_git_provenance(r, NULL, &p, a, &err), 0, "%s", err.msg);
	cr_assert_str_eq(p.commit, S_ids[7], "a working tree is described by HEAD");
	ismc_arena_free(a);
	ismc_repo_free(r);

	/* opened from a folder below the root's: the same repository, other prefix */
	r = S_open(S_root);
	ismc_repo_free(r);
	char sub[400];
	snprintf(sub, sizeof sub, "%s/registers", S_root);
	r = S_open(sub);
	a = ismc_arena_new();
	cr_assert_eq(ismc_git_provenance(r, NULL, &p, a, &err), 0, "%s", err.msg);
	cr_assert_str_eq(p.repo_path, "isms/registers");
	ismc_arena_free(a);
	ismc_repo_free(r);
}

Test(git, outside_any_repository_is_no_error)
{
	char dir[256];
	t_tmpdir(dir, sizeof dir, "norepo");
	ismc_repo *r = (ismc_repo *)1;
	ismc_error err;
	cr_assert_eq(ismc_repo_open(&r, dir, &err), 0, "%s", err.msg);
	cr_assert_null(r);
	t_rmtree(dir);
	cr_assert_eq(ismc_repo_open(&r, "/nonexistent/ismc", &err), -1);
}

Test(git, uncommitted_change_lists_modified_untracked_and_deleted_isms_files)
{
	S_history_repo();
	S_write("isms/scope.md", "---\nid: DOC-SCOPE\n---\nedited\n");
	S_write("isms/policies/new.md", "---\nid: POL-099\n---\nnew\n");
	S_write("isms/notes.txt", "not an ISMS file\n");
	S_write("README.md", "outside the root\n");
	t_sh("rm '%s/registers/inventory.yml'", S_root);
	ismc_repo *r = S_open(S_root);
	ismc_error err;
	ismc_source *src = ismc_source_open_dir(S_root, NULL, 0, &err);
	cr_assert_not_null(src, "%s", err.msg);
	ismc_diags *d = ismc_diags_new();
	cr_assert_eq(ismc_git_uncommitted(r, src, d, &err), 3, "%s", err.msg);
	ismc_diags_sort(d);
	cr_assert_eq(ismc_diags_count(d), 3);
	const char *want[] = { "policies/new.md", "registers/inventory.yml", "scope.md" };
	for (size_t i = 0; i < 3; i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		cr_assert_eq(dg->code, ISMC_UNCOMMITTED_CHANGE);
		cr_assert_eq(dg->severity, ISMC_WARNING);
		cr_assert_str_eq(dg->pos.file, want[i]);
		cr_assert_eq(dg->pos.line, 1);
		cr_assert_eq(dg->pos.col, 1);
	}
	cr_assert(strstr(ismc_diags_at(d, 0)->msg, "untracked"), "%s", ismc_diags_at(d, 0)->msg);
	cr_assert(strstr(ismc_diags_at(d, 1)->msg, "deleted"), "%s", ismc_diags_at(d, 1)->msg);
	cr_assert(strstr(ismc_diags_at(d, 2)->msg, "not committed"), "%s", ismc_diags_at(d, 2)->msg);
	ismc_diags_free(d);
	ismc_source_free(src);

	/* a clean tree: nothing */
	S_commit("Everything", 8000, NULL);
	src = ismc_source_open_dir(S_root, NULL, 0, &err);
	d = ismc_diags_new();
	cr_assert_eq(ismc_git_uncommitted(r, src, d, &err), 0, "%s", err.msg);
	cr_assert_eq(ismc_diags_count(d), 0);
	ismc_diags_free(d);
	ismc_source_free(src);
	ismc_repo_free(r);
}

Test(git, symlinks_in_a_commit_are_not_followed)
{
	t_copy_fixture("minimal", S_root);
	S_write("secret.md", "---\nid: POL-666\n---\n");
	mkdir(t_path("%s/policies", S_root), 0755);
	cr_assert_eq(symlink("../../secret.md", t_path("%s/policies/secret.md", S_root)), 0);
	S_commit("A link out of the root", 1000, NULL);
	ismc_repo *r = S_open(S_root);
	ismc_error err;
	ismc_source *src = ismc_git_source(r, "HEAD", &err);
	cr_assert_not_null(src, "%s", err.msg);
	const ismc_file *f = ismc_source_find(src, "policies/secret.md");
	cr_assert_not_null(f);
	cr_assert(f->escapes);
	const char *text;
	size_t len;
	cr_assert_lt(ismc_source_load(src, "policies/secret.md", &text, &len, &err), 0);
	ismc_diags *d = ismc_diags_new();
	long as_of;
	ismc_date_parse("2026-06-30", &as_of);
	ismc_model *m = ismc_model_load(src, as_of, NULL, d, &err);
	cr_assert_not_null(m, "%s", err.msg);
	cr_assert(ismc_diags_has(d, ISMC_PATH_ESCAPE));
	cr_assert_null(ismc_model_lookup(m, "POL-666"));
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);
	ismc_repo_free(r);
}

/* Loads the ISMS at `rev` (NULL: the working tree) with the rules run. */
static ismc_model *S_model(ismc_repo *r, const char *rev, ismc_source **src, ismc_diags *d)
{
	ismc_error err;
	*src = rev ? ismc_git_source(r, rev, &err) : ismc_source_open_dir(S_root, NULL, 0, &err);
	cr_assert_not_null(*src, "%s", err.msg);
	long as_of;
	ismc_date_parse("2026-06-30", &as_of);
	ismc_model *m = ismc_model_load(*src, as_of, NULL, d, &err);
	cr_assert_not_null(m, "%s", err.msg);
	ismc_check_run(m);
	return m;
}

/* A policy of about 4 KB whose text differs from every other's. */
static void S_policy(const char *rel, int n, const char *extra)
{
	ismc_buf b = { 0 };
	ismc_buf_printf(&b, "---\nid: POL-%03d\ntitle: Policy %d\ntype: policy\nowner: CISO\n"
	                "version: \"1.0\"\nstatus: draft\n---\n# Policy %d\n\n", n, n, n);
	for (int i = 0; i < 200; i++)
		ismc_buf_printf(&b, "%d.%d ", n * 7919 + i * 104729, i);
	ismc_buf_printf(&b, "\n%s", extra);
	S_write(rel, b.data);
	ismc_buf_free(&b);
}

/* A packed commit's documents and registers are read ahead in the order of
 * the pack (git.c): each with its committed bytes, and nothing the model
 * does not read (excluded, other files). A blob that fails to read there
 * still fails the compile, naming its file, when the model asks for it. */
Test(git, rev_reads_a_packed_tree_ahead_and_only_what_the_model_reads)
{
	t_copy_fixture("minimal", S_root);
	char *cfg = t_slurp(t_path("%s/isms.yml", S_root));
	S_write("isms/isms.yml", t_path("%sexclude: [\"drafts/**\"]\n", cfg));
	free(cfg);
	for (int i = 1; i <= 40; i++)
		S_policy(t_path("isms/policies/p%02d.md", i), i, "");
	S_policy("isms/drafts/wip.md", 99, "");
	S_write("isms/notes.txt", "not an ISMS file\n");
	S_commit("Forty policies", 1000, NULL);
	t_sh("git -C '%s' repack -a -d -q", S_tmp);
	cr_assert_eq(t_sh_status("ls '%s'/.git/objects/pack/*.idx >/dev/null", S_tmp), 0);

	ismc_repo *r = S_open(S_root);
	ismc_diags *d = ismc_diags_new();
	ismc_source *src;
	ismc_model *m = S_model(r, "HEAD", &src, d);
	cr_assert_eq(m->docs.n, 42, "the 40 policies, the scope and the review");
	size_t read = 0;
	for (size_t i = 0; i < ismc_source_count(src); i++) {
		const ismc_file *f = ismc_source_at(src, i);
		if (f->kind == ISMC_FILE_OTHER) {
			cr_expect_null(f->text, "%s is read, and the model never asks for it", f->path);
			continue;
		}
		cr_assert_not_null(f->text, "%s is not read", f->path);
		char *want = t_slurp(t_path("%s/%s", S_root, f->path));
		cr_expect_str_eq(f->text, want, "%s: the committed bytes", f->path);
		cr_expect_eq(f->size, strlen(want));
		free(want);
		read++;
	}
	cr_assert_eq(read, 46, "the documents, the three registers and isms.yml");
	cr_assert_null(ismc_source_find(src, "drafts/wip.md")->text, "excluded");
	ismc_model_free(m);
	ismc_diags_free(d);
	ismc_source_free(src);

	/* a blob whose object is damaged halfway: its header reads (the
	 * listing lists it), its bytes do not (zlib's check fails). Cut short
	 * instead, libgit2 1.5 loops for ever on it, with or without ismc. */
	char id[41];
	S_policy("isms/policies/p20.md", 20, "Edited.\n");
	S_commit("Edit p20", 2000, id);
	git_object *blob;
	char hex[41];
	cr_assert_eq(git_revparse_single(&blob, S_repo, "HEAD:isms/policies/p20.md"), 0);
	git_oid_tostr(hex, sizeof hex, git_object_id(blob));
	git_object_free(blob);
	const char *obj = t_path("%s/.git/objects/%.2s/%s", S_tmp, hex, hex + 2);
	size_t len;
	char *bytes = t_slurp_len(obj, &len);
	cr_assert_gt(len, 1000);
	for (size_t i = len / 2; i < len / 2 + 16; i++)
		bytes[i] ^= 0xff;
	cr_assert_eq(chmod(obj, 0644), 0);
	t_spit_len(obj, bytes, len);
	free(bytes);
	ismc_error err = { { 0 } };
	src = ismc_git_source(r, "HEAD", &err);
	cr_assert_not_null(src, "%s", err.msg);
	d = ismc_diags_new();
	long as_of;
	ismc_date_parse("2026-06-30", &as_of);
	cr_assert_null(ismc_model_load(src, as_of, NULL, d, &err));
	cr_expect(!strncmp(err.msg, "policies/p20.md: ", 17), "%s", err.msg);
	ismc_diags_free(d);
	ismc_source_free(src);
	ismc_repo_free(r);
}

/* The two models of a comparison; diagnostics point into them, so they
 * live until S_done. */
typedef struct {
	ismc_source *bs, *cs;
	ismc_model *base, *cur;
	ismc_diags *bd;
} S_pair;

static char *S_compare(S_pair *p, ismc_repo *r, const char *base_rev, const char *cur_rev,
                       ismc_diags *d)
{
	p->bd = ismc_diags_new();
	p->base = S_model(r, base_rev, &p->bs, p->bd);
	p->cur = S_model(r, cur_rev, &p->cs, d);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	ismc_compare(f, p->base, p->cur, base_rev);
	fclose(f);
	ismc_diags_sort(d);
	return out;
}

static void S_done(S_pair *p, ismc_diags *d)
{
	ismc_diags_free(d);
	ismc_model_free(p->cur);
	ismc_model_free(p->base);
	ismc_diags_free(p->bd);
	ismc_source_free(p->cs);
	ismc_source_free(p->bs);
}

static size_t S_count(const ismc_diags *d, ismc_code c, const char *file)
{
	size_t n = 0;
	for (size_t i = 0; i < ismc_diags_count(d); i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		n += dg->code == c && (!file || (dg->pos.file && !strcmp(dg->pos.file, file)));
	}
	return n;
}

Test(git, base_reports_an_unbumped_version_and_not_a_bumped_one)
{
	S_history_repo();
	ismc_repo *r = S_open(S_root);
	ismc_diags *d = ismc_diags_new();
	S_pair p;
	char *sum = S_compare(&p, r, "v1", "HEAD", d);
	/* access: renamed and edited with 1.1 -> 1.2; review: edited, still 1.0 */
	cr_assert_eq(S_count(d, ISMC_VERSION_NOT_BUMPED, NULL), 1, "%s", sum);
	cr_assert_eq(S_count(d, ISMC_VERSION_NOT_BUMPED, "records/review.md"), 1);
	const ismc_diag *dg = NULL;
	for (size_t i = 0; i < ismc_diags_count(d); i++)
		if (ismc_diags_at(d, i)->code == ISMC_VERSION_NOT_BUMPED)
			dg = ismc_diags_at(d, i);
	cr_assert_eq(dg->severity, ISMC_ERROR);
	cr_assert_eq(dg->pos.line, 6, "at the version key");
	cr_assert_eq(dg->pos.col, 1);
	cr_assert(strstr(dg->msg, "REC-REVIEW changed since v1 but its version is still 1.0"), "%s",
	          dg->msg);
	cr_assert(strstr(sum, "changes since v1:\n"), "%s", sum);
	cr_assert(strstr(sum, "documents  0 added, 0 removed, 2 changed\n"), "%s", sum);
	cr_assert(strstr(sum, "changed  POL-010 1.1 -> 1.2  policies/access-control.md "
	                      "(was policies/access.md)\n"), "%s", sum);
	cr_assert(strstr(sum, "changed  REC-REVIEW 1.0 -> 1.0  records/review.md\n"), "%s", sum);
	cr_assert(strstr(sum, "SoA        0 decisions changed\n"), "%s", sum);
	cr_assert(strstr(sum, "risks      0 changed\n"), "%s", sum);
	free(sum);
	S_done(&p, d);

	/* C4 renamed without an edit, C5 edited with 1.1 -> 1.2: nothing to report */
	d = ismc_diags_new();
	sum = S_compare(&p, r, "HEAD~4", "HEAD~2", d);
	cr_assert_eq(S_count(d, ISMC_VERSION_NOT_BUMPED, NULL), 0, "%s", sum);
	cr_assert(strstr(sum, "changed  POL-010 1.1 -> 1.2"), "%s", sum);
	free(sum);
	S_done(&p, d);
	ismc_repo_free(r);
}

Test(git, base_summary_lists_additions_removals_decisions_and_risks)
{
	S_history_repo();
	/* the working tree against HEAD: a lower version, a new document, a
	 * removed one, a decision and a risk changed */
	S_access_doc("isms/policies/access-control.md", "1.0", "\nReviewed monthly.\n");
	S_write("isms/policies/new.md",
	        "---\nid: POL-020\ntitle: New\ntype: policy\nowner: CISO\nversion: \"0.1\"\n"
	        "status: draft\nrelated: [DOC-SCOPE]\n---\nDraft.\n");
	/* the folder too: source.c sorts an empty listing with qsort(NULL, 0), which UBSan rejects */
	t_sh("rm -r '%s/records'", S_root);
	t_sh("sed -i 's/likelihood: 3/likelihood: 4/' '%s/registers/risks.yml'", S_root);
	t_sh("sed -i '0,/status: implemented/s//status: partial/' '%s/registers/controls.yml'",
	     S_root);
	ismc_repo *r = S_open(S_root);
	ismc_diags *d = ismc_diags_new();
	S_pair p;
	char *sum = S_compare(&p, r, "HEAD", NULL, d);
	cr_assert_eq(S_count(d, ISMC_VERSION_NOT_BUMPED, "policies/access-control.md"), 1, "%s", sum);
	for (size_t i = 0; i < ismc_diags_count(d); i++)
		if (ismc_diags_at(d, i)->code == ISMC_VERSION_NOT_BUMPED)
			cr_assert(strstr(ismc_diags_at(d, i)->msg, "1.0 of POL-010 is lower than version 1.2"),
			          "%s", ismc_diags_at(d, i)->msg);
	cr_assert(strstr(sum, "documents  1 added, 1 removed, 1 changed\n"), "%s", sum);
	cr_assert(strstr(sum, "    added    POL-020 0.1  policies/new.md\n"), "%s", sum);
	cr_assert(strstr(sum, "    removed  REC-REVIEW 1.0  records/review.md\n"), "%s", sum);
	cr_assert(strstr(sum, "SoA        1 decision changed\n"
	                      "    A.5.1    applicable, implemented -> applicable, partial\n"),
	          "%s", sum);
	cr_assert(strstr(sum, "risks      1 changed\n"
	                      "    changed  R-001  inherent 12 (3x4) -> 16 (4x4), residual 6 (2x3) -> 6 (2x3)\n"),
	          "%s", sum);
	free(sum);
	S_done(&p, d);
	ismc_repo_free(r);
}

Test(git, approving_a_draft_needs_no_new_version)
{
	S_history_repo();
	const char *draft = "---\nid: PROC-001\ntitle: Backup\ntype: procedure\nowner: CTO\n"
	                    "version: \"1.0\"\nstatus: %s\n%s---\nBack up daily.\n";
	char text[512];
	snprintf(text, sizeof text, draft, "draft", "");
	S_write("isms/procedures/backup.md", text);
	S_commit("Backup procedure, draft", 8000, NULL);
	snprintf(text, sizeof text, draft, "approved", "approved_by: CEO\napproved_on: 2026-03-01\n");
	S_write("isms/procedures/backup.md", text);
	/* and an approved document going back to draft, unbumped */
	t_sh("sed -i 's/^status: approved/status: draft/' '%s/policies/access-control.md'", S_root);
	ismc_repo *r = S_open(S_root);
	ismc_diags *d = ismc_diags_new();
	S_pair p;
	char *sum = S_compare(&p, r, "HEAD", NULL, d);
	cr_assert_eq(S_count(d, ISMC_VERSION_NOT_BUMPED, NULL), 0, "%s", sum);
	cr_assert(strstr(sum, "changed  PROC-001 1.0 -> 1.0  procedures/backup.md\n"), "%s", sum);
	cr_assert(strstr(sum, "changed  POL-010 1.2 -> 1.2  policies/access-control.md\n"), "%s", sum);
	free(sum);
	S_done(&p, d);
	ismc_repo_free(r);
}

/* main: M1 creates a.md; branch (from M1): B1 renames it to b.md and
 * edits scope.md; main: M2 edits a.md; M3 merges both, b.md holding M2's
 * edit and scope.md B1's. */
static void S_rename_merge_repo(char m1[41], char b1[41], char m2[41], char m3[41])
{
	t_copy_fixture("minimal", S_root);
	S_write("isms/a.md", "---\nid: POL-001\n---\none\ntwo\nthree\nfour\nfive\n");
	S_commit("M1", 1000, m1);
	t_sh("mv '%s/a.md' '%s/b.md'", S_root, S_root);
	t_sh("echo 'Branch note.' >> '%s/scope.md'", S_root);
	S_commit("B1", 2000, b1);
	/* back to M1's tree, edit, and commit on top of M1 */
	git_object *o;
	cr_assert_eq(git_revparse_single(&o, S_repo, m1), 0);
	cr_assert_eq(git_reset(S_repo, o, GIT_RESET_HARD, NULL), 0);
	git_object_free(o);
	S_write("isms/a.md", "---\nid: POL-001\n---\none\ntwo\nthree\nfour\nfive\nsix\n");
	S_commit("M2", 3000, m2);
	/* the merge: M2's tree with a.md moved to b.md and B1's scope.md */
	t_sh("mv '%s/a.md' '%s/b.md'", S_root, S_root);
	t_sh("echo 'Branch note.' >> '%s/scope.md'", S_root);
	t_git_commit(S_repo, "M3 merge", 4000, b1, m3);
}

Test(git, history_follows_renames_through_merges)
{
	char m1[41], b1[41], m2[41], m3[41];
	S_rename_merge_repo(m1, b1, m2, m3);
	ismc_repo *r = S_open(S_root);
	ismc_arena *a = ismc_arena_new();
	ismc_map *h;
	ismc_error err;
	cr_assert_eq(ismc_git_history(r, "HEAD", NULL, NULL, a, &h, &err), 0, "%s", err.msg);
	const ismc_history *x = S_hist(h, "b.md");
	/* M3 differs from both parents; M2 edits it under its old name on the
	 * first-parent side, B1 renames it on the other; M1 creates it */
	cr_assert_eq(x->nrevs, 4, "got %zu", x->nrevs);
	cr_assert_str_eq(x->revs[0]->id, m3);
	cr_assert_str_eq(x->revs[3]->id, m1);
	int saw_b1 = 0, saw_m2 = 0;
	for (size_t i = 1; i < 3; i++) {
		saw_b1 |= !strcmp(x->revs[i]->id, b1);
		saw_m2 |= !strcmp(x->revs[i]->id, m2);
	}
	cr_assert(saw_b1 && saw_m2);
	x = S_hist(h, "scope.md");
	cr_assert_eq(x->nrevs, 2, "a merge that only brings a side's change revises nothing");
	cr_assert_str_eq(x->revs[0]->id, b1);
	cr_assert_str_eq(x->revs[1]->id, m1);
	x = S_hist(h, "isms.yml");
	cr_assert_eq(x->nrevs, 1);
	ismc_map_free(h);
	ismc_arena_free(a);
	ismc_repo_free(r);
}

/* Every file's revisions and blobs, one line each, in the map's order. */
static void S_dump_one(const char *path, void *val, void *arg)
{
	const ismc_history *x = val;
	ismc_buf_printf(arg, "%s:", path);
	for (size_t i = 0; i < x->nrevs; i++)
		ismc_buf_printf(arg, " %.7s/%.7s", x->revs[i]->id, x->blobs[i]);
	ismc_buf_puts(arg, "\n");
}

static char *S_walk(const char *cache, ismc_diffs **keep)
{
	ismc_repo *r = S_open(S_root);
	ismc_arena *a = ismc_arena_new();
	ismc_map *h;
	ismc_error err;
	cr_assert_eq(ismc_git_history(r, "HEAD", cache, keep, a, &h, &err), 0, "%s", err.msg);
	ismc_buf b = { 0 };
	ismc_map_each(h, S_dump_one, &b);
	ismc_map_free(h);
	ismc_arena_free(a);
	ismc_repo_free(r);
	return b.data;
}

/* The page cache that `d` saves (ismc_diffs_save), at `file`. */
static void S_save_diffs(const ismc_diffs *d, const char *file)
{
	char part[512];
	snprintf(part, sizeof part, "%s.part", file);
	FILE *f = fopen(part, "wb");
	cr_assert(f);
	ismc_pagecache_writer *w = ismc_pagecache_writer_new(f);
	cr_assert_eq(ismc_pagecache_head(f), 0);
	cr_assert_eq(ismc_diffs_save(d, w), 0);
	ismc_pagecache_writer_free(w);
	cr_assert_eq(fclose(f), 0);
	const char *parts[] = { part };
	ismc_error err = { { 0 } };
	unlink(file);
	cr_assert_eq(ismc_pagecache_write(file, parts, 1, &err), 0, "%s", err.msg);
}

/* A walk given the diffs of an earlier one (the page cache of a rebuild)
 * takes them, renames and merges included, and finds the same history;
 * a diff it takes is what it uses (a record altered alters the history). */
Test(git, a_walk_takes_the_tree_diffs_an_earlier_walk_kept)
{
	char m1[41], b1[41], m2[41], m3[41];
	S_rename_merge_repo(m1, b1, m2, m3);
	ismc_diffs *d1 = NULL, *d2 = NULL;
	char *fresh = S_walk(NULL, &d1);
	cr_assert(strstr(fresh, "b.md: "), "%s", fresh);
	char cache[512];
	snprintf(cache, sizeof cache, "%s/cache", S_tmp);
	S_save_diffs(d1, cache);
	char *text = t_slurp(cache);
	cr_assert(strstr(text, "\nP diff#"), "%s", text);
	cr_assert(strstr(text, "\nM R"), "B1's rename is kept: %s", text);
	char *taken = S_walk(cache, &d2);
	cr_expect_str_eq(taken, fresh);
	/* the second walk keeps what it took, for the build after it */
	S_save_diffs(d2, cache);
	char *again = t_slurp(cache);
	cr_expect_str_eq(again, text);
	/* a.md's blob at M2 (b.md's at M3 too, which took M2's edit), altered
	 * in the first record that names it: the history shows the altered id */
	char blob[41];
	cr_assert_eq(t_sh_status("cd '%s' && git rev-parse %s:isms/a.md > %s/blob", S_tmp, m2, S_tmp),
	             0);
	char *got = t_slurp(t_path("%s/blob", S_tmp));
	memcpy(blob, got, 40);
	blob[40] = '\0';
	free(got);
	char *at = strstr(again, blob);
	cr_assert(at, "%s in %s", blob, again);
	memcpy(at, "0123456789abcdef0123456789abcdef01234567", 40);
	t_spit(cache, again);
	char *altered = S_walk(cache, NULL);
	cr_expect(strstr(altered, "/0123456 "), "%s", altered);
	cr_expect_str_neq(altered, fresh);
	ismc_diffs_free(d1);
	ismc_diffs_free(d2);
	free(fresh), free(text), free(taken), free(again), free(altered);
}

Test(git, a_shallow_history_ends_at_the_oldest_commit_there)
{
	/* libgit2 cannot make a shallow clone: take the first commit's object
	 * away instead, which leaves the second with a parent that is not there */
	S_history_repo();
	char path[512];
	snprintf(path, sizeof path, "%s/.git/objects/%.2s/%s", S_tmp, S_ids[1], S_ids[1] + 2);
	cr_assert_eq(unlink(path), 0, "%s", path);
	ismc_repo *r = S_open(S_root);
	ismc_arena *a = ismc_arena_new();
	ismc_map *h;
	ismc_error err;
	cr_assert_eq(ismc_git_history(r, NULL, NULL, NULL, a, &h, &err), 0, "%s", err.msg);
	const ismc_history *x = S_hist(h, "scope.md");
	cr_assert_eq(x->nrevs, 1);
	cr_assert_str_eq(x->revs[0]->id, S_ids[2], "the oldest commit there creates it");
	x = S_hist(h, "policies/access-control.md");
	cr_assert_eq(x->nrevs, 4);
	ismc_map_free(h);
	ismc_arena_free(a);
	ismc_repo_free(r);
}

/* ---- the command line ---- */

Test(git, check_rev_and_base_on_the_command_line)
{
	S_history_repo();
	S_write("isms/scope.md", "broken\n");
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --rev HEAD --as-of 2026-06-30"), 0,
	             "%s", out);
	cr_assert_null(strstr(out, "uncommitted-change"), "%s", out);
	cr_assert(strstr(out, "ismc: 0 errors, 0 warnings in 3 documents"), "%s", out);
	free(out);

	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --rev v1 --base HEAD --as-of 2026-06-30"), 1,
	             "%s", out);
	cr_assert(strstr(out, "changes since HEAD:\n"), "%s", out);
	cr_assert(strstr(out, "policies/access.md:6:1: error: version 1.1 of POL-010 is lower than "
	                      "version 1.2 at HEAD [version-not-bumped]"), "%s", out);
	/* the summary comes before the diagnostics */
	cr_assert(strstr(out, "changes since") < strstr(out, "[version-not-bumped]"), "%s", out);
	free(out);

	/* a working-tree check stays quiet about uncommitted files */
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of 2026-06-30"), 1, "%s", out);
	cr_assert_null(strstr(out, "uncommitted-change"), "%s", out);
	cr_assert(strstr(out, "[front-matter-missing]"), "%s", out);
	free(out);

	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --rev no-such-rev"), 2, "%s", out);
	cr_assert_str_eq(out, "ismc: unknown revision 'no-such-rev' in the repository of 'isms'\n");
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --base no-such-rev"), 2, "%s", out);
	free(out);

	/* json keeps its stdout one document: the summary goes to stderr */
	t_sh("cd '%s' && %s check isms --rev HEAD --base v1 --format json --as-of 2026-06-30 "
	     "2>/dev/null | head -c 1 | grep -q '{'", S_tmp, ISMC_BIN);
}

Test(git, rev_outside_a_repository_is_a_usage_error)
{
	char *out;
	/* S_tmp is a repository: the ISMS goes somewhere that is not */
	char norepo[256];
	t_tmpdir(norepo, sizeof norepo, "norepo");
	t_copy_fixture("minimal", t_path("%s/isms", norepo));
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check '%s/isms' --rev HEAD", norepo), 2,
	             "%s", out);
	cr_assert(strstr(out, "--rev needs a git repository"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check '%s/isms' --as-of 2026-06-30", norepo), 0,
	             "%s", out);
	free(out);
	t_rmtree(norepo);
}

Test(git, build_rev_twice_is_byte_identical_and_carries_history)
{
	S_history_repo();
	S_write("isms/scope.md", "broken\n");
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms --rev HEAD -o out1 --as-of 2026-06-30"), 0,
	             "%s", out);
	cr_assert_null(strstr(out, "uncommitted-change"), "%s", out);
	free(out);
	sleep(1); /* a clock in the output would show */
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms --rev HEAD -o out2 --as-of 2026-06-30"), 0,
	             "%s", out);
	free(out);
	t_sh("diff -r '%s/out1' '%s/out2'", S_tmp, S_tmp);

	char *xml = t_slurp(t_path("%s/out1/evidence-pack.xml", S_tmp));
	char want[200];
	snprintf(want, sizeof want, "commit=\"%s\"", S_ids[7]);
	cr_assert(strstr(xml, want), "provenance names HEAD");
	cr_assert(strstr(xml, "repository-path=\"isms\""));
	cr_assert(strstr(xml, "dirty=\"false\""));
	free(xml);
	xml = t_slurp(t_path("%s/out1/register.xml", S_tmp));
	snprintf(want, sizeof want, "<revision commit=\"%s\"", S_ids[2]);
	cr_assert(strstr(xml, want), "the access policy's creation, before its rename");
	cr_assert(strstr(xml, "<history revisions=\"4\">"));
	free(xml);

	/* a working-tree build warns and says it is dirty */
	t_sh("cp '%s/minimal/scope.md' '%s/scope.md'", ISMC_TEST_FIXTURES, S_root);
	S_write("isms/policies/new.md", "---\nid: POL-099\ntitle: New\ntype: policy\nowner: CISO\n"
	                                "version: \"0.1\"\nstatus: draft\nrelated: [DOC-SCOPE]\n---\n");
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o out3 --as-of 2026-06-30"), 0,
	             "%s", out);
	cr_assert(strstr(out, "policies/new.md:1:1: warning: policies/new.md is not in git "
	                      "(untracked); the build reads the working tree [uncommitted-change]"),
	          "%s", out);
	free(out);
	xml = t_slurp(t_path("%s/out3/evidence-pack.xml", S_tmp));
	cr_assert(strstr(xml, "dirty=\"true\""));
	free(xml);
}

/* Runs ismc in S_tmp with `args` (output discarded); its exit status and
 * its peak resident memory in KiB. */
static int S_peak_kib(const char *const *args, long *kib)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		const char *argv[16] = { ISMC_BIN };
		for (int i = 0; args[i] && i < 14; i++)
			argv[i + 1] = args[i];
		if (chdir(S_tmp) != 0 || !freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(ISMC_BIN, (char *const *)argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	cr_assert_eq(wait4(pid, &st, 0, &ru), pid);
	*kib = ru.ru_maxrss;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A blob is never loaded past the size limit: its size comes from the
 * object's header. A 200 MB document in the commit is file-too-large, and
 * check and a draft build of that commit use the memory they use without it
 * (they used to hold it twice, 400 MB). */
Test(git, a_200_mb_blob_is_too_large_without_being_read, .timeout = 300)
{
	t_copy_fixture("minimal", S_root);
	FILE *f = fopen(t_path("%s/big.md", S_root), "wb");
	cr_assert_not_null(f);
	static char chunk[1 << 20];
	memset(chunk, 'a', sizeof chunk);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
	cr_assert_eq(fclose(f), 0);
	char with[41];
	S_commit("A 200 MB document", 1000, with);
	cr_assert_eq(unlink(t_path("%s/big.md", S_root)), 0);
	S_commit("Without it", 2000, NULL);

	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --rev %s --as-of 2026-06-30", with), 1);
	cr_expect(strstr(out, "big.md:1:1: error: file is larger than the 8 MiB limit "
	                      "[file-too-large]\n"), "%s", out);
	cr_expect(strstr(out, "ismc: 1 error, 0 warnings"), "%s", out);
	free(out);

	long big_check, big_build, small_check, small_build;
	const char *check_big[] = { "check", "isms", "--rev", with, "--as-of", "2026-06-30", NULL };
	const char *build_big[] = { "build", "isms", "--rev", with, "-o", "big", "--draft",
		                    "--as-of", "2026-06-30", NULL };
	const char *check_small[] = { "check", "isms", "--rev", "HEAD", "--as-of", "2026-06-30", NULL };
	const char *build_small[] = { "build", "isms", "--rev", "HEAD", "-o", "small",
		                      "--as-of", "2026-06-30", NULL };
	cr_assert_eq(S_peak_kib(check_big, &big_check), 1);
	cr_assert_eq(S_peak_kib(build_big, &big_build), 1, "a draft build");
	cr_assert_eq(S_peak_kib(check_small, &small_check), 0);
	cr_assert_eq(S_peak_kib(build_small, &small_build), 0);
	cr_log_info("peak memory, KiB: check %ld (without the blob %ld), build %ld (without %ld)",
	            big_check, small_check, big_build, small_build);
	cr_expect_lt(big_check, small_check + 100 * 1024, "check: %ld KiB against %ld", big_check,
	             small_check);
	cr_expect_lt(big_build, small_build + 100 * 1024, "build: %ld KiB against %ld", big_build,
	             small_build);
	/* the draft pack lists no source it did not compile */
	const char *pack_path = t_path("%s/big/evidence-pack.xml", S_tmp);
	char *pack = t_slurp(pack_path);
	cr_expect_null(strstr(pack, "<source path=\"big.md\""));
	/* verify --repo of a pack claiming it: a difference, the blob unread */
	git_object *blob;
	char oid[41], *end = strstr(pack, "</sources>");
	cr_assert_not_null(end);
	cr_assert_eq(git_revparse_single(&blob, S_repo, t_path("%s:isms/big.md", with)), 0);
	git_oid_tostr(oid, sizeof oid, git_object_id(blob));
	git_object_free(blob);
	ismc_buf forged = { 0 };
	ismc_buf_put(&forged, pack, (size_t)(end - pack));
	ismc_buf_printf(&forged, "<source path=\"big.md\" kind=\"document\" size=\"209715200\" "
	                "blob=\"%s\" sha256=\"%064d\"/>%s", oid, 0, end);
	t_spit(pack_path, forged.data);
	ismc_buf_free(&forged);
	free(pack);
	long big_verify;
	const char *verify[] = { "verify", "big", "--repo", "isms", NULL };
	cr_assert_eq(S_peak_kib(verify, &big_verify), 1);
	cr_expect_lt(big_verify, small_build + 100 * 1024, "verify: %ld KiB", big_verify);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "verify big --repo isms"), 1);
	cr_expect(strstr(out, "big/evidence-pack.xml: source big.md: its blob is larger than the 8 "
	                      "MiB ismc compiles\n"), "%s", out);
	free(out);
}

/* A link in a commit is resolved as the working tree's would be: to a file
 * inside the root it is that file (not "leading outside"), through ".."
 * back into the root too; out of the root it is path-escape; to a folder or
 * to nothing it is skipped. check and check --rev then agree, and verify
 * --repo accepts the pack built through the link. */
Test(git, links_in_a_commit_resolve_as_in_the_working_tree)
{
	t_copy_fixture("minimal", S_root);
	S_access_doc("isms/policies/real/access.md", "1.0", "");
	cr_assert_eq(symlink("real/access.md", t_path("%s/policies/alias.md", S_root)), 0);
	cr_assert_eq(symlink("../../isms/policies/real/access.md", t_path("%s/policies/back.md", S_root)), 0);
	cr_assert_eq(symlink("../../secret.md", t_path("%s/policies/out.md", S_root)), 0);
	cr_assert_eq(symlink("real", t_path("%s/policies/folder.md", S_root)), 0);
	cr_assert_eq(symlink("nowhere.md", t_path("%s/policies/dangling.md", S_root)), 0);
	S_write("secret.md", "---\nid: POL-666\n---\n");
	S_commit("Links", 1000, NULL);
	ismc_repo *r = S_open(S_root);
	ismc_error err;
	ismc_source *src = ismc_git_source(r, "HEAD", &err);
	cr_assert_not_null(src, "%s", err.msg);
	const ismc_file *alias = ismc_source_find(src, "policies/alias.md");
	const ismc_file *real = ismc_source_find(src, "policies/real/access.md");
	cr_assert(alias && real);
	cr_expect(!alias->escapes);
	cr_expect_str_eq(alias->oid, real->oid, "the link reads its target's blob");
	cr_expect_eq(alias->size, real->size);
	const ismc_file *back = ismc_source_find(src, "policies/back.md");
	const ismc_file *out = ismc_source_find(src, "policies/out.md");
	cr_assert(back && out);
	cr_expect(!back->escapes, "through ../ back into the root");
	cr_expect_str_eq(back->oid, real->oid);
	cr_expect(out->escapes);
	cr_expect_null(ismc_source_find(src, "policies/folder.md"));
	cr_expect_null(ismc_source_find(src, "policies/dangling.md"));
	ismc_source_free(src);
	ismc_repo_free(r);

	/* the working tree and the commit give the same diagnostics */
	char *work, *rev;
	cr_assert_eq(t_run_ismc_out(&work, S_tmp, "check isms --as-of 2026-06-30"), 1);
	cr_assert_eq(t_run_ismc_out(&rev, S_tmp, "check isms --rev HEAD --as-of 2026-06-30"), 1);
	cr_expect_str_eq(rev, work);
	cr_expect(strstr(rev, "policies/out.md:1:1: error: symbolic link leads outside the ISMS "
	                      "root; it is not followed [path-escape]\n"), "%s", rev);
	cr_expect(strstr(rev, "'POL-010' is defined twice"), "the link is read: %s", rev);
	free(work);
	free(rev);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms --rev HEAD -o pack --draft --as-of 2026-06-30"), 1);
	cr_assert_eq(t_run_ismc_out(&rev, S_tmp, "verify pack --repo isms"), 0, "%s", rev);
	free(rev);
}

/* --at DAY: the last commit on the first-parent line dated on or before
 * DAY. C1 (2 March) the fixture; B1 (20 May), on a branch from C1, adds a
 * supplier policy; C2 (15 April) on main adds the access policy; M3
 * (20 June) merges B1. On 25 May the branch's B1 is the newest commit, but
 * main's line had only C1 and C2: --at 2026-05-25 is C2. */
Test(git, at_picks_the_last_first_parent_commit_of_the_day)
{
	char c1[41], b1[41], c2[41], m3[41];
	t_copy_fixture("minimal", S_root);
	S_commit("C1", 1772452800, c1); /* 2026-03-02 12:00 UTC */
	S_write("isms/policies/supplier.md",
	        "---\nid: POL-020\ntitle: Supplier policy\ntype: policy\nowner: CISO\n"
	        "version: \"1.0\"\nstatus: draft\ncontrols: [A.5.19]\n---\n# Suppliers\n");
	S_commit("B1", 1779278400, b1); /* 2026-05-20 */
	git_object *o;
	cr_assert_eq(git_revparse_single(&o, S_repo, c1), 0);
	cr_assert_eq(git_reset(S_repo, o, GIT_RESET_HARD, NULL), 0);
	git_object_free(o);
	S_access_doc("isms/policies/access.md", "1.0", "");
	S_commit("C2", 1776254400, c2); /* 2026-04-15 */
	S_write("isms/policies/supplier.md",
	        "---\nid: POL-020\ntitle: Supplier policy\ntype: policy\nowner: CISO\n"
	        "version: \"1.0\"\nstatus: draft\ncontrols: [A.5.19]\n---\n# Suppliers\n");
	t_git_commit(S_repo, "M3 merge", 1781956800, b1, m3); /* 2026-06-20 */

	ismc_repo *r = S_open(S_root);
	ismc_error err;
	char got[41];
	const struct {
		const char *day;
		const char *want; /* NULL: none */
	} cases[] = {
		{ "2026-03-01", NULL }, { "2026-03-02", c1 }, { "2026-04-14", c1 },
		{ "2026-04-15", c2 },   { "2026-05-25", c2 }, { "2026-06-19", c2 },
		{ "2026-06-20", m3 },   { "2027-01-01", m3 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		long day;
		cr_assert_eq(ismc_date_parse(cases[i].day, &day), 0);
		int rc = ismc_git_at(r, NULL, day, got, &err);
		if (!cases[i].want) {
			cr_assert_eq(rc, 1, "%s: no commit yet", cases[i].day);
			continue;
		}
		cr_assert_eq(rc, 0, "%s: %s", cases[i].day, err.msg);
		cr_assert_str_eq(got, cases[i].want, "%s", cases[i].day);
	}
	/* along another line: B1's own first-parent line is B1, C1 */
	long may25;
	cr_assert_eq(ismc_date_parse("2026-05-25", &may25), 0);
	cr_assert_eq(ismc_git_at(r, b1, may25, got, &err), 0, "%s", err.msg);
	cr_assert_str_eq(got, b1);
	ismc_repo_free(r);

	/* the command line: the ISMS as it stood, the commit named on stderr */
	char *out, want[160];
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --at 2026-05-25"), 0, "%s", out);
	snprintf(want, sizeof want, "ismc: --at 2026-05-25: commit %.12s, the last of HEAD on or "
	         "before that day\n", c2);
	cr_assert(strstr(out, want), "%s", out);
	cr_assert(strstr(out, "readiness as of 2026-05-25:"), "%s", out);
	cr_assert(strstr(out, " in 3 documents,"), "C2: the fixture and POL-010:\n%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --at 2026-06-20"), 0, "%s", out);
	cr_assert(strstr(out, " in 4 documents,"), "M3: POL-020 merged:\n%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --at 2026-03-01"), 2, "%s", out);
	cr_assert(strstr(out, "ismc: --at 2026-03-01: no commit on the first-parent line of HEAD "
	                      "is dated on or before that day\n"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --at 2026-05-25 --as-of 2026-05-25"), 2,
	             "%s", out);
	free(out);
}
