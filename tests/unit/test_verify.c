/* ismc verify: packs made in the test (through output.c, which writes the
 * manifest verify reads) and by `ismc build`, against repositories made
 * through libgit2. */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ismc.h"
#include "support.h"

static char S_tmp[256];

/* Writes `text` to dir/rel, creating folders. */
static void S_put(const char *dir, const char *rel, const char *text)
{
	t_spit(t_path("%s/%s", dir, rel), text);
}

static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "verify");
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

TestSuite(verify, .init = S_setup, .fini = S_teardown);

/* Writes a pack into S_tmp/pack through output.c with the given
 * evidence-pack.xml (NULL: a minimal one). */
static void S_pack(const char *evidence)
{
	char out[400], root[400];
	ismc_output o;
	ismc_error err;
	snprintf(out, sizeof out, "%s/pack", S_tmp);
	snprintf(root, sizeof root, "%s/isms", S_tmp); /* a root elsewhere, for the rules */
	mkdir(root, 0755);
	cr_assert_eq(ismc_output_open(&o, out, root, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(ismc_output_begin(&o, &err), 0, "%s", err.msg);
	const char *tmp = o.tmp;
	S_put(tmp, "soa.xml", "<soa xmlns=\"urn:ismc:pack:1\"/>\n");
	S_put(tmp, "html/index.html", "<!DOCTYPE html><title>pack</title>\n");
	S_put(tmp, "evidence-pack.xml",
	      evidence ? evidence
	               : "<evidence-pack xmlns=\"urn:ismc:pack:1\"><provenance in-repository=\"false\"/>"
	                 "</evidence-pack>\n");
	cr_assert_eq(ismc_output_commit(&o, &err), 0, "%s", err.msg);
	ismc_output_close(&o);
}

/* Runs ismc_verify into a string; returns its status. */
static int S_verify(char **text, const char *repo)
{
	char pack[400];
	size_t n;
	snprintf(pack, sizeof pack, "%s/pack", S_tmp);
	FILE *f = open_memstream(text, &n);
	int rc = ismc_verify(f, pack, repo);
	fclose(f);
	return rc;
}

static void S_flip(const char *rel, long at)
{
	char path[512];
	snprintf(path, sizeof path, "%s/pack/%s", S_tmp, rel);
	FILE *f = fopen(path, "r+b");
	cr_assert_not_null(f, "%s", path);
	fseek(f, at, SEEK_SET);
	int c = fgetc(f);
	fseek(f, at, SEEK_SET);
	fputc(c ^ 1, f);
	fclose(f);
}

Test(verify, intact_pack_passes_and_each_change_is_named)
{
	S_pack(NULL);
	char *out;
	cr_assert_eq(S_verify(&out, NULL), 0, "%s", out);
	cr_assert(strstr(out, "is intact: 3 files match manifest.xml\n"), "%s", out);
	free(out);

	/* one byte of one file, same size */
	S_flip("html/index.html", 3);
	cr_assert_eq(S_verify(&out, NULL), 1, "%s", out);
	cr_assert(strstr(out, "/pack/html/index.html: changed: SHA-256 "), "%s", out);
	cr_assert(strstr(out, ": 1 difference\n"), "%s", out);
	cr_assert_null(strstr(out, "soa.xml"), "%s", out);
	free(out);
	S_flip("html/index.html", 3);
	cr_assert_eq(S_verify(&out, NULL), 0, "%s", out);
	free(out);

	/* missing, added, grown */
	t_sh("rm '%s/pack/soa.xml'", S_tmp);
	S_put(S_tmp, "pack/html/extra.js", "alert(1)\n");
	t_sh("echo more >> '%s/pack/evidence-pack.xml'", S_tmp);
	cr_assert_eq(S_verify(&out, NULL), 1, "%s", out);
	cr_assert(strstr(out, "/pack/soa.xml: missing (listed in manifest.xml)\n"), "%s", out);
	cr_assert(strstr(out, "/pack/html/extra.js: not listed in manifest.xml\n"), "%s", out);
	cr_assert(strstr(out, "/pack/evidence-pack.xml: changed: "), "%s", out);
	cr_assert(strstr(out, ": 3 differences\n"), "%s", out);
	free(out);
}

Test(verify, a_tampered_manifest_is_a_difference_and_no_manifest_a_failure)
{
	S_pack(NULL);
	char path[512];
	snprintf(path, sizeof path, "%s/pack/manifest.xml", S_tmp);
	t_sh("sed -i 's|path=\"soa.xml\"|path=\"../soa.xml\"|' '%s'", path);
	char *out;
	cr_assert_eq(S_verify(&out, NULL), 1, "%s", out);
	cr_assert(strstr(out, "naming a path outside the pack"), "%s", out);
	cr_assert(strstr(out, "/pack/soa.xml: not listed in manifest.xml"), "%s", out);
	free(out);
	t_sh("rm '%s'", path);
	cr_assert_eq(S_verify(&out, NULL), 2, "%s", out);
	free(out);
	snprintf(path, sizeof path, "%s/nothing", S_tmp);
	cr_assert_eq(ismc_verify(stderr, path, NULL), 2);
}

/* A repository with isms/scope.md and isms/isms.yml committed; returns the
 * commit, the blob of scope.md and the tree of isms/. */
static void S_repo(char commit[41], char blob[41], char tree[41])
{
	git_repository *repo;
	git_object *o;
	git_libgit2_init();
	char root[400];
	snprintf(root, sizeof root, "%s/repo", S_tmp);
	cr_assert_eq(git_repository_init(&repo, root, 0), 0);
	S_put(root, "isms/scope.md", "# Scope\n");
	S_put(root, "isms/isms.yml", "organisation: X\n");
	t_git_commit(repo, "one", 1000, NULL, commit);
	cr_assert_eq(git_revparse_single(&o, repo, "HEAD:isms/scope.md"), 0);
	git_oid_tostr(blob, 41, git_object_id(o));
	git_object_free(o);
	cr_assert_eq(git_revparse_single(&o, repo, "HEAD:isms"), 0);
	git_oid_tostr(tree, 41, git_object_id(o));
	git_object_free(o);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

static char *S_evidence(const char *commit, const char *tree, const char *blob, const char *sha)
{
	static char buf[2048];
	snprintf(buf, sizeof buf,
	         "<evidence-pack xmlns=\"urn:ismc:pack:1\">\n"
	         "<provenance in-repository=\"true\" repository-path=\"isms\" commit=\"%s\" "
	         "tree=\"%s\" dirty=\"false\"/>\n"
	         "<sources><source path=\"scope.md\" kind=\"document\" blob=\"%s\" sha256=\"%s\"/>"
	         "</sources>\n</evidence-pack>\n",
	         commit, tree, blob, sha);
	return buf;
}

Test(verify, repo_checks_each_recorded_blob_against_the_commit)
{
	char commit[41], blob[41], tree[41], sha[65], repo[400], mine[41];
	S_repo(commit, blob, tree);
	snprintf(repo, sizeof repo, "%s/repo/isms", S_tmp);
	ismc_sha256("# Scope\n", 8, sha);
	ismc_git_blob_id("# Scope\n", 8, mine);
	cr_assert_str_eq(mine, blob, "ismc_git_blob_id agrees with git");

	S_pack(S_evidence(commit, tree, blob, sha));
	char *out;
	cr_assert_eq(S_verify(&out, repo), 0, "%s", out);
	cr_assert(strstr(out, "1 sources match commit"), "%s", out);
	free(out);

	/* a pack whose manifest is intact but whose sources are not the commit's */
	ismc_git_blob_id("# Scope, edited\n", 16, mine);
	t_sh("rm -rf '%s/pack'", S_tmp);
	S_pack(S_evidence(commit, tree, mine, sha));
	cr_assert_eq(S_verify(&out, NULL), 0, "%s", out);
	free(out);
	cr_assert_eq(S_verify(&out, repo), 1, "%s", out);
	cr_assert(strstr(out, "source scope.md: blob "), "%s", out);
	free(out);

	/* the right blob, a wrong SHA-256 */
	t_sh("rm -rf '%s/pack'", S_tmp);
	char badsha[65];
	ismc_sha256("x", 1, badsha);
	S_pack(S_evidence(commit, tree, blob, badsha));
	cr_assert_eq(S_verify(&out, repo), 1, "%s", out);
	cr_assert(strstr(out, "source scope.md: SHA-256 "), "%s", out);
	free(out);

	/* a commit the repository does not have */
	t_sh("rm -rf '%s/pack'", S_tmp);
	S_pack(S_evidence("0123456789012345678901234567890123456789", tree, blob, sha));
	cr_assert_eq(S_verify(&out, repo), 1, "%s", out);
	cr_assert(strstr(out, "is not in the repository"), "%s", out);
	free(out);

	/* built outside a repository: nothing to check against */
	t_sh("rm -rf '%s/pack'", S_tmp);
	S_pack(NULL);
	cr_assert_eq(S_verify(&out, repo), 2, "%s", out);
	free(out);
}

Test(verify, a_fresh_build_verifies_and_one_changed_byte_fails)
{
	char commit[41], blob[41], tree[41];
	S_repo(commit, blob, tree);
	/* replace the toy ISMS by the minimal fixture, committed through libgit2 */
	t_rmtree(t_path("%s/repo/isms", S_tmp));
	t_copy_fixture("minimal", t_path("%s/repo/isms", S_tmp));
	git_repository *repo;
	git_libgit2_init();
	cr_assert_eq(git_repository_open(&repo, t_path("%s/repo", S_tmp)), 0);
	t_git_commit(repo, "two", 2000, NULL, NULL);
	git_repository_free(repo);
	git_libgit2_shutdown();

	cr_assert_eq(t_run_ismc(S_tmp, "build repo/isms --rev HEAD -o pack --as-of 2026-06-30"), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "verify pack --repo repo/isms"), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "verify pack --repo repo"), 0,
	             "any folder of the repository will do");
	S_flip("register.xml", 100);
	cr_assert_eq(t_run_ismc(S_tmp, "verify pack"), 1);
	char *log = t_slurp(t_path("%s/log", S_tmp));
	cr_assert(strstr(log, "pack/register.xml: changed: SHA-256 "), "%s", log);
	cr_assert(strstr(log, "ismc: pack: 1 difference\n"), "%s", log);
	free(log);
	cr_assert_eq(t_run_ismc(S_tmp, "verify"), 2);
	cr_assert_eq(t_run_ismc(S_tmp, "verify pack --bogus"), 2);
}

/* A pack holds no symbolic links, and verify follows none: a folder replaced
 * by a link to a copy elsewhere (every file matching) is a difference, as is
 * a listed file that became a link, and an unlisted link is named as one. */
Test(verify, never_follows_a_link_in_a_pack)
{
	S_pack(NULL);
	t_sh("cp -R '%s/pack/html' '%s/copy' && rm -r '%s/pack/html' && ln -s '%s/copy' "
	     "'%s/pack/html'", S_tmp, S_tmp, S_tmp, S_tmp, S_tmp);
	t_sh("mv '%s/pack/soa.xml' '%s/soa.xml' && ln -s '%s/soa.xml' '%s/pack/soa.xml'", S_tmp,
	     S_tmp, S_tmp, S_tmp);
	t_sh("ln -s /etc '%s/pack/etc'", S_tmp);
	char *out;
	cr_assert_eq(S_verify(&out, NULL), 1, "%s", out);
	cr_expect(strstr(out, "/pack/html/index.html: changed: 'html' is a symbolic link (a pack "
	                      "holds none; not followed)\n"), "%s", out);
	cr_expect(strstr(out, "/pack/soa.xml: changed: 'soa.xml' is a symbolic link"), "%s", out);
	cr_expect(strstr(out, "/pack/html: a symbolic link (a pack holds none; not followed)\n"),
	          "%s", out);
	cr_expect(strstr(out, "/pack/etc: a symbolic link (a pack holds none; not followed)\n"),
	          "%s", out);
	cr_expect(!strstr(out, "passwd"), "nothing below a link is listed: %s", out);
	cr_expect(strstr(out, ": 4 differences\n"), "%s", out);
	free(out);
	/* the manifest itself a link: nothing to trust, a failure */
	t_sh("mv '%s/pack/manifest.xml' '%s/m.xml' && ln -s '%s/m.xml' '%s/pack/manifest.xml'", S_tmp,
	     S_tmp, S_tmp, S_tmp);
	cr_assert_eq(S_verify(&out, NULL), 2, "%s", out);
	free(out);
}

/* Signed approvals verified again: the repository of the golden case
 * approval-signature (made by its setup, signed with the example's test
 * keys), built, verifies with its one verified signature; once the signed
 * commit's signature is altered in the object store (one character of the
 * armour, the object rewritten in place), verify fails and names the
 * commit: git's object id covers the signature, so no tampering goes
 * unseen. */
Test(verify, a_tampered_signature_fails)
{
	const char *repo = t_path("%s/signed", S_tmp);
	t_copy_fixture("minimal", repo);
	t_sh("cp -R '%s/tests/cases/approval-signature/isms/.' '%s/' && cd '%s' && "
	     "sh '%s/tests/cases/approval-signature/setup' >/dev/null 2>&1",
	     ISMC_SOURCE_DIR, repo, repo, ISMC_SOURCE_DIR);
	/* the CEO's approvals are proven; the record's is not (an error): a
	 * draft pack (exit 1), which records and verifies the same */
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build signed --rev HEAD -o pack --as-of 2026-06-30 "
	                            "--draft"), 1, "%s", out);
	cr_assert(strstr(out, "wrote pack"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "verify pack --repo signed"), 0, "%s", out);
	cr_assert(strstr(out, "1 signed approval verifies"), "%s", out);
	free(out);
	char *xml = t_slurp(t_path("%s/pack/evidence-pack.xml", S_tmp));
	const char *sig = strstr(xml, "method=\"signature\" commit=\"");
	cr_assert_not_null(sig, "no signature approval in the pack");
	char commit[41];
	snprintf(commit, sizeof commit, "%.40s", sig + strlen("method=\"signature\" commit=\""));
	cr_assert_not_null(strstr(sig, "verified=\"true\""), "not verified at build");
	free(xml);
	t_sh("cd '%s' && /usr/bin/python3 -c \"import sys,zlib,os\n"
	     "p='.git/objects/%.2s/%s'\n"
	     "d=zlib.decompress(open(p,'rb').read())\n"
	     "i=d.index(b'-----END PGP SIGNATURE-----')-12\n"
	     "d=d[:i]+(b'A' if d[i:i+1]!=b'A' else b'B')+d[i+1:]\n"
	     "os.chmod(p,0o644)\n"
	     "open(p,'wb').write(zlib.compress(d))\"",
	     repo, commit, commit + 2);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "verify pack --repo signed"), 1, "%s", out);
	char want[64];
	snprintf(want, sizeof want, "commit %.12s", commit);
	cr_assert(strstr(out, want), "the tampered commit is not named:\n%s", out);
	cr_assert(strstr(out, "1 difference"), "%s", out);
	free(out);
}
