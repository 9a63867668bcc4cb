/* support.c: the helpers the unit tests share; see support.h. */
#include "support.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A string made by vprintf, of any length; the caller frees it. */
static char *S_vformat(const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	cr_assert_geq(n, 0, "bad format '%s'", fmt);
	char *s = ismc_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

static int S_status(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- folders and files ---- */

void t_tmpdir(char *dir, size_t size, const char *name)
{
	int n = snprintf(dir, size, "/tmp/ismc-%s-XXXXXX", name);
	cr_assert(n > 0 && (size_t)n < size, "no room for the folder name '%s'", name);
	cr_assert_not_null(mkdtemp(dir), "%s", dir);
}

void t_rmtree(const char *path)
{
	t_sh("rm -rf '%s'", path);
}

const char *t_path(const char *fmt, ...)
{
	static char buf[8][4096];
	static int k;
	k = (k + 1) % 8;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf[k], sizeof buf[k], fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < sizeof buf[k], "path too long: %s", buf[k]);
	return buf[k];
}

int t_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *t_slurp_len(const char *path, size_t *len)
{
	char *data;
	size_t n;
	ismc_error err;
	cr_assert_eq(ismc_file_read_all(path, &data, &n, &err), 0, "%s", err.msg);
	if (len)
		*len = n;
	return data;
}

char *t_slurp(const char *path)
{
	return t_slurp_len(path, NULL);
}

void t_spit_len(const char *path, const char *data, size_t len)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	/* every folder on the way; one that is already there is no error, and
	 * one that cannot be made shows in fopen below */
	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len, "%s", path);
	cr_assert_eq(fclose(f), 0, "%s", path);
}

void t_spit(const char *path, const char *text)
{
	t_spit_len(path, text, strlen(text));
}

void t_copy_fixture(const char *name, const char *dest)
{
	t_sh("cp -R '%s/%s' '%s'", ISMC_TEST_FIXTURES, name, dest);
}

/* ---- commands ---- */

void t_sh(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *cmd = S_vformat(fmt, ap);
	va_end(ap);
	int st = system(cmd);
	cr_assert_eq(st, 0, "%s", cmd);
	free(cmd);
}

int t_sh_status(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *cmd = S_vformat(fmt, ap);
	va_end(ap);
	int st = system(cmd);
	free(cmd);
	return S_status(st);
}

static int S_run_ismc(const char *dir, const char *fmt, va_list ap)
{
	char *args = S_vformat(fmt, ap);
	int st = t_sh_status("cd '%s' && NO_COLOR=1 '%s' %s >log 2>&1", dir, ISMC_BIN, args);
	free(args);
	return st;
}

int t_run_ismc(const char *dir, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int st = S_run_ismc(dir, fmt, ap);
	va_end(ap);
	return st;
}

int t_run_ismc_out(char **out, const char *dir, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int st = S_run_ismc(dir, fmt, ap);
	va_end(ap);
	char log[4096];
	snprintf(log, sizeof log, "%s/log", dir);
	*out = t_slurp(log);
	unlink(log);
	return st;
}

/* ---- the model ---- */

void t_model_load(t_model *c, const char *root, const char *as_of)
{
	long day;
	ismc_error err;
	cr_assert_eq(ismc_date_parse(as_of, &day), 0, "%s", as_of);
	c->src = ismc_source_open_dir(root, NULL, 0, &err);
	cr_assert_not_null(c->src, "%s", err.msg);
	c->d = ismc_diags_new();
	c->m = ismc_model_load(c->src, day, NULL, c->d, &err);
	cr_assert_not_null(c->m, "%s", err.msg);
	ismc_check_run(c->m);
	ismc_diags_sort(c->d);
}

void t_model_free(t_model *c)
{
	ismc_model_free(c->m);
	ismc_diags_free(c->d);
	ismc_source_free(c->src);
}

/* ---- git ---- */

void t_git_commit(git_repository *repo, const char *msg, long long time, const char *merge,
                  char *id_out)
{
	git_index *ix;
	git_oid tree_id, id, parent_id;
	git_tree *tree;
	git_signature *sig;
	git_commit *parent[2] = { NULL, NULL };
	size_t nparents = 0;
	cr_assert_eq(git_repository_index(&ix, repo), 0);
	char *all = "*";
	git_strarray spec = { &all, 1 };
	cr_assert_eq(git_index_add_all(ix, &spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL), 0);
	cr_assert_eq(git_index_update_all(ix, &spec, NULL, NULL), 0);
	cr_assert_eq(git_index_write(ix), 0);
	cr_assert_eq(git_index_write_tree(&tree_id, ix), 0);
	cr_assert_eq(git_tree_lookup(&tree, repo, &tree_id), 0);
	cr_assert_eq(git_signature_new(&sig, "Alice Auditor", "alice@example.org", time, 0), 0);
	if (git_reference_name_to_id(&parent_id, repo, "HEAD") == 0)
		cr_assert_eq(git_commit_lookup(&parent[nparents++], repo, &parent_id), 0);
	if (merge) {
		cr_assert_eq(git_oid_fromstr(&parent_id, merge), 0, "%s", merge);
		cr_assert_eq(git_commit_lookup(&parent[nparents++], repo, &parent_id), 0);
	}
	const git_commit *parents[2] = { parent[0], parent[1] };
	cr_assert_eq(git_commit_create(&id, repo, "HEAD", sig, sig, NULL, msg, tree, nparents,
	                               parents), 0, "%s", git_error_last()->message);
	if (id_out)
		git_oid_tostr(id_out, 41, &id);
	for (size_t i = 0; i < nparents; i++)
		git_commit_free(parent[i]);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(ix);
}
