/* ismc build, end to end through the binary: validity against the schema,
 * contents, determinism, atomicity, refusals. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <git2.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "ismc.h"
#include "support.h"

#define SCHEMA ISMC_SOURCE_DIR "/schemas/ismc.rng"

static char S_tmp[256];

/* Every test builds a copy of the fixture in a temporary folder: outside any
 * git repository, so provenance and time stamps do not depend on where the
 * project's checkout is (test_git.c covers builds inside repositories). */
static void S_setup(void)
{
	t_tmpdir(S_tmp, sizeof S_tmp, "build");
	t_copy_fixture("minimal", t_path("%s/min", S_tmp));
}

static void S_teardown(void)
{
	t_rmtree(S_tmp);
}

/* The string value of an XPath expression over `file` (namespace prefix i). */
static char *S_xpath(const char *file, const char *expr)
{
	xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "%s", file);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "i", BAD_CAST ISMC_NS);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	cr_assert_not_null(r, "%s", expr);
	xmlChar *s = xmlXPathCastToString(r);
	char *out = ismc_xstrdup((char *)s);
	xmlFree(s);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return out;
}

static void S_expect(const char *file, const char *expr, const char *want)
{
	char *got = S_xpath(file, expr);
	cr_expect_str_eq(got, want, "%s: %s", file, expr);
	free(got);
}

static const char *const S_files[] = { "soa.xml", "register.xml", "risks.xml",
	                               "evidence-pack.xml", "manifest.xml" };

TestSuite(build, .init = S_setup, .fini = S_teardown);

Test(build, outputs_are_valid_and_hold_the_model)
{
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char path[512];
	for (size_t i = 0; i < 5; i++) {
		ismc_error err;
		snprintf(path, sizeof path, "%s/out/%s", S_tmp, S_files[i]);
		cr_expect_eq(ismc_emit_validate(path, SCHEMA, &err), 0, "%s", err.msg);
	}
	snprintf(path, sizeof path, "%s/out/soa.xml", S_tmp);
	S_expect(path, "count(/i:soa/i:control)", "93");
	S_expect(path, "/i:soa/i:control[1]/@id", "A.5.1");
	S_expect(path, "/i:soa/i:control[38]/@id", "A.6.1");
	S_expect(path, "/i:soa/i:control[93]/@id", "A.8.34");
	/* A.5.1: in the register's implemented_by and in DOC-SCOPE's controls: once */
	S_expect(path, "count(/i:soa/i:control[@id='A.5.1']/i:implemented-by/i:doc-ref)", "1");
	S_expect(path, "/i:soa/i:control[@id='A.5.1']/i:implemented-by/i:doc-ref/@version", "1.0");
	S_expect(path, "/i:soa/i:control[@id='A.5.15']/i:risks/i:risk-ref/@id", "R-001");
	S_expect(path, "count(/i:soa/i:control[@id='A.5.16']/i:risks/i:risk-ref)", "0");
	snprintf(path, sizeof path, "%s/out/risks.xml", S_tmp);
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@score", "12");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@likelihood-label", "Possible");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@impact-label", "Major");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:inherent/@above-acceptance", "true");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:residual/@score", "6");
	S_expect(path, "/i:risks/i:risk[@id='R-001']/i:residual/@above-acceptance", "false");
	snprintf(path, sizeof path, "%s/out/register.xml", S_tmp);
	S_expect(path, "count(/i:register/i:document)", "2");
	S_expect(path, "/i:register/i:document[@id='DOC-SCOPE']/@next-review", "2027-01-15");
	S_expect(path, "/i:register/i:document[@id='REC-REVIEW']/i:referenced-by/i:ref/@id", "DOC-SCOPE");
	/* DOC-SCOPE implements A.5.15, which R-001 selects: the risk is not
	 * listed under the document (documents times risks), only in risks.xml */
	S_expect(path, "count(/i:register/i:document[@id='DOC-SCOPE']/i:referenced-by/i:ref[@id='A.5.15'])", "1");
	S_expect(path, "count(//i:referenced-by/i:ref[@kind='risk'])", "0");
	snprintf(path, sizeof path, "%s/out/evidence-pack.xml", S_tmp);
	S_expect(path, "count(/i:evidence-pack/i:coverage/i:clause[@leaf='true' and @covered='true'])", "30");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='REC-REVIEW']/i:body//i:ref/@id", "DOC-SCOPE");
	S_expect(path, "count(//i:referenced-by/i:ref[@kind='risk'])", "0");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='DOC-SCOPE']/i:body//i:link/@target", "REC-REVIEW");
	S_expect(path, "/i:evidence-pack/i:documents/i:document[@id='DOC-SCOPE']/i:body//i:link/@fragment", "findings");
	S_expect(path, "count(/i:evidence-pack/i:sources/i:source)", "6");
	/* the blob id git would give: `printf 'x' | git hash-object --stdin` style */
	S_expect(path, "string-length(/i:evidence-pack/i:sources/i:source[@path='isms.yml']/@blob)", "40");
	S_expect(path, "/i:evidence-pack/i:provenance/@in-repository", "false");
	S_expect(path, "count(/i:evidence-pack/i:diagnostics)", "0");
}

Test(build, is_deterministic_across_runs_and_copies)
{
	t_copy_fixture("minimal", t_path("%s/copy", S_tmp));
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/min -o %s/a --as-of 2026-06-30", S_tmp, S_tmp), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/min -o %s/b --as-of 2026-06-30", S_tmp, S_tmp), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/copy -o %s/c --as-of 2026-06-30", S_tmp, S_tmp), 0);
	for (size_t i = 0; i < 5; i++) {
		char *da = t_slurp(t_path("%s/a/%s", S_tmp, S_files[i]));
		char *db = t_slurp(t_path("%s/b/%s", S_tmp, S_files[i]));
		char *dc = t_slurp(t_path("%s/c/%s", S_tmp, S_files[i]));
		cr_expect_str_eq(da, db, "%s differs between two builds", S_files[i]);
		cr_expect_str_eq(da, dc, "%s differs between two copies", S_files[i]);
		free(da), free(db), free(dc);
	}
}

Test(build, source_date_epoch_stamps_the_outputs)
{
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char path[512];
	snprintf(path, sizeof path, "%s/out/soa.xml", S_tmp);
	S_expect(path, "count(/i:soa/@generated)", "0");
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	int rc = t_run_ismc(S_tmp, "build %s/min -o %s/out --as-of 2026-06-30", S_tmp, S_tmp);
	unsetenv("SOURCE_DATE_EPOCH");
	cr_assert_eq(rc, 0);
	S_expect(path, "/i:soa/@generated", "2026-01-01T00:00:00Z");
}

Test(build, a_failed_build_leaves_the_earlier_output_untouched)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char soa[512];
	snprintf(soa, sizeof soa, "%s/out/soa.xml", S_tmp);
	char *before = t_slurp(soa);
	/* an error: the build must stop and write nothing */
	t_spit(t_path("%s/isms/broken.md", S_tmp), "---\nid: POL-9\n---\n");
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 1);
	char *after = t_slurp(soa);
	cr_expect_str_eq(before, after);
	free(after);
	/* nothing left beside OUT: no temporary folders */
	t_sh("test $(ls -A %s | grep -c '^\\.out\\.\\(tmp\\|old\\)-') -eq 0", S_tmp);
	/* --draft writes it anyway, marked, with the diagnostics */
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/out --as-of 2026-06-30 --draft", S_tmp,
	                        S_tmp), 1);
	S_expect(soa, "/i:soa/@draft", "true");
	char pack[512];
	snprintf(pack, sizeof pack, "%s/out/evidence-pack.xml", S_tmp);
	S_expect(pack, "/i:evidence-pack/i:diagnostics/i:diagnostic[1]/@code", "missing-field");
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(pack, SCHEMA, &err), 0, "%s", err.msg);
	free(before);
}

Test(build, refuses_an_output_folder_inside_the_root)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/isms/out --as-of 2026-06-30", S_tmp,
	                        S_tmp), 2);
	t_sh("test ! -e %s/isms/out", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms --as-of 2026-06-30", S_tmp), 2, "no -o");
}

Test(build, never_emits_characters_outside_xml_1_0)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	/* a vertical tab and a form feed are valid UTF-8 but not XML 1.0 */
	t_sh("printf '\\n\\nControl \\013characters\\014 here.\\n' >> %s/isms/scope.md", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char pack[512];
	snprintf(pack, sizeof pack, "%s/out/evidence-pack.xml", S_tmp);
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(pack, SCHEMA, &err), 0, "%s", err.msg);
	char *text = t_slurp(pack);
	cr_expect(strstr(text, "Control characters here.") != NULL);
	free(text);
}

Test(build, bodies_keep_escaped_ids_as_text_and_number_footnotes)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_sh("printf '\\nEscaped \\\\[REC-REVIEW] stays text; [REC-REVIEW] is a "
	     "reference.[^b] A note.[^a]\\n\\n[^a]: Second.\\n[^b]: First.\\n' >> %s/isms/scope.md", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build %s/isms -o %s/out --as-of 2026-06-30", S_tmp, S_tmp), 0);
	char pack[512];
	snprintf(pack, sizeof pack, "%s/out/evidence-pack.xml", S_tmp);
	const char *body = "/i:evidence-pack/i:documents/i:document[@id='DOC-SCOPE']/i:body";
	char expr[512];
	snprintf(expr, sizeof expr, "count(%s//i:ref[@id='REC-REVIEW'])", body);
	S_expect(pack, expr, "1");
	snprintf(expr, sizeof expr, "starts-with(normalize-space(%s//i:p[i:ref]), "
	         "'Escaped [REC-REVIEW] stays text;')", body);
	S_expect(pack, expr, "true");
	/* notes are numbered by first reference, as GitHub shows them */
	snprintf(expr, sizeof expr, "concat(%s//i:footnote-ref[1]/@label, %s//i:footnote-ref[2]/@label, "
	         "count(%s//i:footnote), normalize-space(%s//i:footnote[@label='1']))", body, body, body, body);
	S_expect(pack, expr, "122First.");
}

/* A document whose name is not UTF-8: check and build agree (invalid-utf8,
 * exit 1), where build used to fail with exit 2 on an evidence pack that was
 * not UTF-8; a draft is valid XML that names the file escaped. */
Test(build, check_and_build_agree_on_a_name_that_is_not_utf8)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/bad\xff.md", S_tmp), "---\nid: POL-5\n---\n");
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "check isms --as-of 2026-06-30"), 1);
	cr_expect(strstr(out, "bad\\xff.md:1:1: error: the file's name is not valid UTF-8 or holds a "
	                      "control character (shown escaped): rename it; it is not read "
	                      "[invalid-utf8]\n"), "%s", out);
	cr_expect(strstr(out, "ismc: 1 error, 0 warnings"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o out --as-of 2026-06-30"), 1);
	cr_expect(strstr(out, "ismc: nothing written"), "%s", out);
	free(out);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out --as-of 2026-06-30 --draft"), 1);
	for (size_t i = 0; i < 5; i++) {
		ismc_error err;
		const char *path = t_path("%s/out/%s", S_tmp, S_files[i]);
		cr_expect_eq(ismc_emit_validate(path, SCHEMA, &err), 0, "%s", err.msg);
		size_t len;
		char *text = t_slurp_len(path, &len);
		cr_expect_eq(ismc_utf8_invalid(text, len), 0, "%s is UTF-8", S_files[i]);
		free(text);
	}
	S_expect(t_path("%s/out/evidence-pack.xml", S_tmp),
	         "/i:evidence-pack/i:diagnostics/i:diagnostic[@code='invalid-utf8']/@file",
	         "bad\xef\xbf\xbd.md");
	S_expect(t_path("%s/out/evidence-pack.xml", S_tmp),
	         "count(/i:evidence-pack/i:sources/i:source[starts-with(@path, 'bad')])", "0");
}

/* ---- the output folder ismc owns (output.c) ---- */

/* A listing of every path below S_tmp and the SHA-256 of every file, into
 * S_tmp.NAME (beside S_tmp, so outside what it lists). */
static void S_snapshot(const char *name)
{
	t_sh("cd %s && { find . | sort; find . -type f -exec sha256sum {} + | sort; } > %s.%s",
	     S_tmp, S_tmp, name);
}

/* -o ROOT/ (with its slash), -o an ancestor of ROOT (the repository's top,
 * and above it), -o a folder of the user's: each is refused with exit 2 and
 * every file stays as it was; -o elsewhere in the repository is fine. */
Test(build, dangerous_output_folders_keep_every_user_file)
{
	git_repository *repo;
	cr_assert_eq(git_repository_init(&repo, t_path("%s/repo", S_tmp), 0), 0);
	git_repository_free(repo);
	t_copy_fixture("minimal", t_path("%s/repo/isms", S_tmp));
	t_spit(t_path("%s/repo/keep.txt", S_tmp), "the repository's own file\n");
	t_spit(t_path("%s/mine/notes.txt", S_tmp), "a user's notes\n");
	t_spit(t_path("%s/mine/deep/er.txt", S_tmp), "more\n");
	S_snapshot("before");
	static const struct {
		const char *out, *says;
	} cases[] = {
		{ "repo/isms/", "the output folder 'repo/isms/' is the ISMS root" },
		{ "repo/isms/.", "the output folder 'repo/isms/.' is the ISMS root" },
		{ "repo", "the output folder 'repo' is the top of the git repository holding the ISMS" },
		{ "repo/", "the output folder 'repo/' is the top of the git repository" },
		{ ".", "the output folder '.' holds the git repository of the ISMS" },
		{ "repo/isms/records", "is inside the ISMS root 'repo/isms'" },
		{ "repo/isms/new", "is inside the ISMS root 'repo/isms'" },
		{ "mine", "'mine' holds files ismc did not write (deep/er.txt, notes.txt), and no "
		          "manifest.xml of an ismc pack: choose another -o folder or move them" },
		{ "mine/", "'mine/' holds files ismc did not write" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *out;
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build repo/isms -o %s --as-of 2026-06-30",
		                            cases[i].out), 2, "-o %s: %s", cases[i].out, out);
		cr_expect(strstr(out, cases[i].says), "-o %s: %s", cases[i].out, out);
		cr_expect(!strstr(out, "ismc: wrote"), "-o %s: %s", cases[i].out, out);
		free(out);
		S_snapshot("after");
		t_sh("cmp -s %s.before %s.after", S_tmp, S_tmp);
	}
	t_sh("rm %s.before %s.after", S_tmp, S_tmp);
	/* the README's way: a folder of its own elsewhere in the repository */
	cr_assert_eq(t_run_ismc(S_tmp, "build repo/isms -o repo/out --as-of 2026-06-30"), 0);
	cr_assert_eq(t_run_ismc(t_path("%s/repo", S_tmp), "build isms -o out --as-of 2026-06-30"), 0);
	cr_assert(t_exists(t_path("%s/repo/out/manifest.xml", S_tmp)));
}

/* A second build replaces the first whole (a page of a document removed
 * since is gone); an output holding anything ismc did not write (a user's
 * file, a link) is refused and kept, and the link is never followed. */
Test(build, rebuilding_replaces_only_a_pack_of_its_own)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_spit(t_path("%s/isms/extra.md", S_tmp),
	       "---\nid: POL-050\ntitle: Extra\ntype: policy\nowner: CISO\nversion: \"1.0\"\n"
	       "status: draft\nclauses: [5.2]\n---\nExtra.\n");
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out --as-of 2026-06-30"), 0);
	cr_assert(t_exists(t_path("%s/out/html/documents/POL-050.html", S_tmp)));
	t_sh("rm %s/isms/extra.md", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out/ --as-of 2026-06-30"), 0);
	cr_expect(!t_exists(t_path("%s/out/html/documents/POL-050.html", S_tmp)));
	cr_expect(t_exists(t_path("%s/out/html/documents/DOC-SCOPE.html", S_tmp)));
	t_sh("test $(ls -A %s | grep -c '^\\.out\\.\\(tmp\\|old\\)-') -eq 0", S_tmp);

	/* a user's file in the pack: refused, kept, the pack unchanged */
	t_spit(t_path("%s/out/html/notes.txt", S_tmp), "mine\n");
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o out --as-of 2026-06-30"), 2);
	cr_expect(strstr(out, "ismc: 'out' holds files ismc did not write (html/notes.txt): choose "
	                      "another -o folder or move them\n"), "%s", out);
	free(out);
	cr_expect(t_exists(t_path("%s/out/html/notes.txt", S_tmp)));
	t_sh("rm %s/out/html/notes.txt", S_tmp);

	/* a link in the pack to a folder of the user's: refused, never followed */
	t_spit(t_path("%s/victim/precious.txt", S_tmp), "keep me\n");
	cr_assert_eq(symlink(t_path("%s/victim", S_tmp), t_path("%s/out/html/link", S_tmp)), 0);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o out --as-of 2026-06-30"), 2);
	cr_expect(strstr(out, "holds files ismc did not write (html/link)"), "%s", out);
	free(out);
	cr_expect(t_exists(t_path("%s/victim/precious.txt", S_tmp)));
	t_sh("rm %s/out/html/link", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out --as-of 2026-06-30"), 0);
	cr_expect(t_exists(t_path("%s/victim/precious.txt", S_tmp)));

	/* an empty folder of the user's is fine, and so is a link to a pack */
	t_sh("mkdir %s/empty && ln -s out %s/link", S_tmp, S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o empty --as-of 2026-06-30"), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o link --as-of 2026-06-30"), 0);
	t_sh("test -L %s/link && test -f %s/out/manifest.xml", S_tmp, S_tmp);
}

/* What a killed build leaves beside OUT (a temporary folder, an old tree
 * moved aside) is removed by the next build, which holds the lock. */
Test(build, a_killed_build_leaves_nothing_behind_on_the_next_run, .timeout = 300)
{
	t_sh("cp -R %s/example-isms %s/isms", ISMC_SOURCE_DIR, S_tmp);
	int caught = 0;
	for (int attempt = 0; attempt < 5 && !caught; attempt++) {
		pid_t pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			if (chdir(S_tmp) != 0 || !freopen("/dev/null", "w", stdout) ||
			    !freopen("/dev/null", "w", stderr))
				_exit(127);
			execl(ISMC_BIN, ISMC_BIN, "build", "isms", "-o", "out", "--as-of", "2026-06-30",
			      (char *)NULL);
			_exit(127);
		}
		/* kill -9 once the build writes into its temporary folder */
		for (int i = 0; i < 20000 && !caught; i++) {
			caught = t_sh_status("ls -A %s | grep -q '^\\.out\\.tmp-' && test -n \"$(ls -A "
			                     "%s/.out.tmp-*)\"", S_tmp, S_tmp) == 0;
			if (!caught)
				usleep(1000);
		}
		kill(pid, SIGKILL);
		int st;
		waitpid(pid, &st, 0);
		if (caught)
			cr_assert(WIFSIGNALED(st), "the build was still running when killed");
	}
	cr_assert(caught, "no build was caught writing");
	t_sh("mkdir %s/.out.old-Ab12Cd && echo old > %s/.out.old-Ab12Cd/soa.xml", S_tmp, S_tmp);
	t_sh("test $(ls -A %s | grep -c '^\\.out\\.') -ge 2", S_tmp);
	t_sh("mkdir %s/.out.tmp-mine && mkdir %s/.other.tmp-Ab12Cd", S_tmp, S_tmp); /* not ours */
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out --as-of 2026-06-30"), 0);
	t_sh("test \"$(ls -A %s | grep '^\\.' | tr '\\n' ' ')\" = '.other.tmp-Ab12Cd .out.ismc-cache .out.tmp-mine '",
	     S_tmp);
	ismc_error err;
	cr_expect_eq(ismc_emit_validate(t_path("%s/out/manifest.xml", S_tmp), SCHEMA, &err), 0);
	cr_assert_eq(t_run_ismc(S_tmp, "verify out"), 0);
}

/* One build at a time writes beside OUT: the folder holding it is locked. */
Test(build, a_second_build_beside_a_running_one_is_refused)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	t_sh("mkdir %s/packs", S_tmp);
	int fd = open(t_path("%s/packs", S_tmp), O_RDONLY | O_DIRECTORY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0); /* as a running build holds it */
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build isms -o packs/a --as-of 2026-06-30"), 2);
	cr_expect(strstr(out, "another ismc build is writing in"), "%s", out);
	cr_expect(strstr(out, "wait for it to finish"), "%s", out);
	free(out);
	cr_expect(!t_exists(t_path("%s/packs/a", S_tmp)));
	close(fd);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o packs/a --as-of 2026-06-30"), 0);
}

/* A file that appears in OUT while a build runs is a user's: the swap is
 * undone, the build fails, and OUT is left as it was with that file. */
Test(build, a_file_added_to_out_during_the_build_is_kept)
{
	t_copy_fixture("minimal", t_path("%s/isms", S_tmp));
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o out --as-of 2026-06-30"), 0);
	char *before = t_slurp(t_path("%s/out/manifest.xml", S_tmp));
	ismc_output o;
	ismc_error err;
	cr_assert_eq(ismc_output_open(&o, t_path("%s/out", S_tmp), t_path("%s/isms", S_tmp), NULL,
	                              &err), 0, "%s", err.msg);
	cr_assert_eq(ismc_output_begin(&o, &err), 0, "%s", err.msg);
	t_spit(t_path("%s/soa.xml", o.tmp), "<soa/>\n");
	t_spit(t_path("%s/out/late.txt", S_tmp), "written during the build\n");
	cr_assert_eq(ismc_output_commit(&o, &err), -1);
	cr_expect(strstr(err.msg, "holds files ismc did not write (late.txt)"), "%s", err.msg);
	ismc_output_close(&o);
	cr_expect(t_exists(t_path("%s/out/late.txt", S_tmp)));
	char *after = t_slurp(t_path("%s/out/manifest.xml", S_tmp));
	cr_expect_str_eq(before, after, "the earlier pack is back in place");
	t_sh("test $(ls -A %s | grep -c '^\\.out\\.\\(tmp\\|old\\)-') -eq 0", S_tmp);
	free(before);
	free(after);
}

/* The inode of `path`, 0 when there is none. */
static unsigned long long S_inode(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* A build over an earlier OUT takes from it the document pages whose
 * inputs did not change (pagecache.c), and writes what a clean build
 * writes, byte for byte, whatever changed: a body, a title other pages
 * show, a page edited in OUT. */
Test(build, a_rebuild_takes_unchanged_pages_and_writes_what_a_clean_build_does, .timeout = 300)
{
	t_sh("cp -R %s/example-isms %s/isms", ISMC_SOURCE_DIR, S_tmp);
	const char *build = "build isms -o out --as-of 2026-06-30";
	cr_assert_eq(t_run_ismc(S_tmp, "%s", build), 0);
	char *cache = t_slurp(t_path("%s/.out.ismc-cache", S_tmp));
	cr_assert(!strncmp(cache, "ismc page cache 3\n", 18), "%.40s", cache);
	cr_expect(strstr(cache, "\nP html/documents/POL-004.html "), "no record of POL-004");
	free(cache);
	const char *pol = t_path("%s/out/html/documents/POL-001.html", S_tmp);
	unsigned long long ino = S_inode(pol);

	/* nothing changed: every page taken, the same files */
	char *out;
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
	cr_expect(strstr(out, "ismc: 58 of 58 document pages unchanged, taken from the earlier "
	                      "output\n"), "%s", out);
	cr_expect(strstr(out, "ismc: 8 summary pages unchanged, taken from the earlier output\n"),
	          "%s", out);
	cr_expect(strstr(out, "ismc: 58 of 58 document bodies unchanged, taken from the earlier "
	                      "output\n"), "%s", out);
	cr_expect(strstr(out, "ismc: 58 of 58 documents' links and headings unchanged, taken from "
	                      "the earlier output\n"), "%s", out);
	free(out);
	cr_expect_eq(S_inode(t_path("%s/out/html/documents/POL-001.html", S_tmp)), ino);

	/* each change, then the same input built clean elsewhere */
	const char *edits[] = {
		/* a body: its page alone */
		"printf '\\nOne more paragraph.\\n' >> %s/isms/policies/acceptable-use-policy.md",
		/* a title that other documents' pages show */
		"sed -i 's/^title: Access Control Policy$/title: Access and Identity Policy/' "
		"%s/isms/policies/access-control-policy.md",
		/* a page of OUT edited by hand: rendered again */
		"printf 'tampered' >> %s/out/html/documents/POL-002.html",
		/* evidence-pack.xml of OUT edited: no body is taken from it */
		"printf ' ' >> %s/out/evidence-pack.xml",
		/* a risk more under A.5.7: the pages that count its risks */
		"sed -i '0,/controls: \\[A.5.17, A.8.5,/s//controls: [A.5.7, A.5.17, A.8.5,/' "
		"%s/isms/registers/risks.yml",
		/* a document named by one more (its referrers) by a document
		 * whose body is the same: both bodies taken, neither element */
		"sed -i 's/^related: \\[GDL-001, STD-005, POL-005,/related: [GDL-001, STD-005, "
		"POL-005, POL-002,/' %s/isms/policies/acceptable-use-policy.md",
		/* a field of the front matter alone: the body taken, not its element */
		"sed -i 's/^classification: internal$/classification: confidential/' "
		"%s/isms/policies/acceptable-use-policy.md",
	};
	const char *want[] = { "57 of 58 document pages", NULL, "57 of 58 document pages",
		               "58 of 58 document pages", NULL, "58 of 58 document bodies",
		               "58 of 58 document bodies" };
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		t_sh(edits[i], S_tmp);
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
		if (want[i])
			cr_expect(strstr(out, want[i]), "edit %zu: %s", i, out);
		if (i == 0)
			cr_expect(strstr(out, "57 of 58 document bodies") &&
			          strstr(out, "57 of 58 documents' links and headings"), "%s", out);
		if (i == 3)
			cr_expect(!strstr(out, "document bodies"), "%s", out);
		free(out);
		t_sh("rm -rf %s/clean", S_tmp);
		cr_assert_eq(t_run_ismc(S_tmp, "build isms -o clean --as-of 2026-06-30"), 0);
		cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0,
		             "edit %zu: the rebuild differs from a clean build", i);
		/* the scans' records, those taken copied from the earlier cache,
		 * are what a clean build writes */
		cr_expect_eq(t_sh_status("cd %s && for c in out clean; do awk '/^P /{p = ($2 ~ "
		                         "/^scan#/)} p' .$c.ismc-cache > $c.scans; done && "
		                         "test -s out.scans && cmp out.scans clean.scans >&2",
		                         S_tmp),
		             0, "edit %zu: the cache's scans differ from a clean build's", i);
	}
	t_sh("grep -q 'Access and Identity Policy' %s/out/html/documents/REC-ACR-2026-Q1.html", S_tmp);
	t_sh("! grep -q tampered %s/out/html/documents/POL-002.html", S_tmp);

	/* a mark of a body's record damaged (its key still right): that body
	 * is built again, never read past its record */
	t_sh("sed -i '0,/^M a|/s//M x/' %s/.out.ismc-cache && grep -q '^M x' %s/.out.ismc-cache",
	     S_tmp, S_tmp);
	/* and a body's scan: that body is parsed again */
	t_sh("sed -i '0,/^M r|/s//M x/' %s/.out.ismc-cache && grep -q '^M x' %s/.out.ismc-cache",
	     S_tmp, S_tmp);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
	cr_expect(strstr(out, "57 of 58 document bodies") &&
	          strstr(out, "57 of 58 documents' links and headings"), "%s", out);
	free(out);
	t_sh("rm -rf %s/clean", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o clean --as-of 2026-06-30"), 0);
	cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0);

	/* --clean renders every page */
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s --clean", build), 0);
	cr_expect(!strstr(out, "unchanged"), "%s", out);
	free(out);
	cr_expect_neq(S_inode(t_path("%s/out/html/documents/POL-001.html", S_tmp)), ino);

	/* a cache that does not parse is none; nothing else is left beside OUT */
	t_sh("printf 'ismc page cache 3\\nP broken\\n' > %s/.out.ismc-cache", S_tmp);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
	cr_expect(!strstr(out, "unchanged"), "%s", out);
	free(out);
	/* a cache of another version is ismc's too: none, and replaced */
	t_sh("printf 'ismc page cache 2\\nP old\\n' > %s/.out.ismc-cache", S_tmp);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
	cr_expect(!strstr(out, "unchanged"), "%s", out);
	free(out);
	t_sh("head -n 1 %s/.out.ismc-cache | grep -qx 'ismc page cache 3'", S_tmp);
	t_sh("test \"$(ls -A %s | grep '^\\.' | tr '\\n' ' ')\" = "
	     "'.clean.ismc-cache .out.ismc-cache '", S_tmp);
	t_sh("rm -rf %s/clean", S_tmp);
	cr_assert_eq(t_run_ismc(S_tmp, "build isms -o clean --as-of 2026-06-30"), 0);
	cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0);
}

/* A body's links, references and anchors, taken from the earlier build's
 * cache while its bytes and first line are the same (markdown.c), place
 * the diagnostics where a clean build does: after a line added to the
 * front matter, the broken link below it is reported a line lower. */
Test(build, a_rebuild_places_a_moved_bodys_findings_as_a_clean_build_does)
{
	t_sh("printf '\nSee [the plan](plans/none.md).\n' >> %s/min/scope.md", S_tmp);
	const char *build = "build min -o out --as-of 2026-06-30 --draft";
	const char *clean = "build min -o clean --as-of 2026-06-30 --draft";
	char *out, *want;
	cr_assert_eq(t_run_ismc(S_tmp, "%s", build), 1);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 1);
	cr_expect(strstr(out, "scope.md:20:5: error: ") &&
	          strstr(out, "ismc: 2 of 2 documents' links and headings unchanged"), "%s", out);
	free(out);
	t_sh("sed -i 's/^climate_change: not-relevant$/&\\n# reviewed/' %s/min/scope.md", S_tmp);
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 1);
	cr_assert_eq(t_run_ismc_out(&want, S_tmp, "%s", clean), 1);
	cr_expect(strstr(out, "scope.md:21:5: error: ") &&
	          strstr(out, "ismc: 1 of 2 documents' links and headings unchanged"), "%s", out);
	cr_expect(strstr(want, "scope.md:21:5: error: "), "%s", want);
	free(out), free(want);
	cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0);
	/* a build that writes nothing says nothing of what it took */
	cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build min -o out --as-of 2026-06-30"), 1);
	cr_expect(strstr(out, "error: ") && !strstr(out, "unchanged"), "%s", out);
	free(out);
}

/* Makes the minimal ISMS a git repository of one commit; returns the git
 * command line (a printf format taking S_tmp) that commits as Ann. */
static const char *S_min_git(void)
{
	static const char git[] = "git -C %s/min -c user.name=Ann -c user.email=ann@example.org";
	char cmd[512];
	t_sh("git init -q %s/min", S_tmp);
	snprintf(cmd, sizeof cmd, "%s add -A && %s commit -qm 'The ISMS'", git, git);
	t_sh(cmd, S_tmp, S_tmp);
	return git;
}

/* The commit that made a document's approval, found in the earlier
 * build's cache while the file's revisions and approval are the same
 * (proof.c), is the one a clean build finds: after a commit of the body
 * alone, a new approval committed, and one not committed. */
Test(build, a_rebuild_finds_the_approving_commit_a_clean_build_finds, .timeout = 300)
{
	const char *git = S_min_git();
	char cmd[512];
	const char *build = "build min -o out --as-of 2026-06-30";
	cr_assert_eq(t_run_ismc(S_tmp, "%s", build), 0);
	char *cache = t_slurp(t_path("%s/.out.ismc-cache", S_tmp));
	cr_expect(strstr(cache, "\nP approval#scope.md "), "%.80s", cache);
	free(cache);
	char *first = S_xpath(t_path("%s/out/evidence-pack.xml", S_tmp),
	                      "string(//i:document[@id='DOC-SCOPE']/i:approval/@commit)");
	cr_assert_eq(strlen(first), 40, "%s", first);

	const char *edits[] = {
		/* the body alone: the approval is still the first commit's */
		"printf '\nOne more paragraph.\n' >> %s/min/scope.md",
		/* a new approval, committed: its commit */
		"sed -i 's/^version: \"1.0\"$/version: \"1.1\"/; "
		"s/^approved_on: 2026-01-15$/approved_on: 2026-02-01/' %s/min/scope.md",
		/* another, not committed: the approval is uncommitted */
		"sed -i 's/^version: \"1.1\"$/version: \"1.2\"/' %s/min/scope.md",
	};
	const char *state[] = { "unproven", "unproven", "uncommitted" };
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		t_sh(edits[i], S_tmp);
		if (i < 2) {
			snprintf(cmd, sizeof cmd, "%s commit -qam 'Edit %zu'", git, i);
			t_sh(cmd, S_tmp);
		}
		cr_assert_eq(t_run_ismc(S_tmp, "%s", build), 0);
		const char *pack = t_path("%s/out/evidence-pack.xml", S_tmp);
		char *commit = S_xpath(pack, "string(//i:document[@id='DOC-SCOPE']/i:approval/@commit)");
		char *st = S_xpath(pack, "string(//i:document[@id='DOC-SCOPE']/i:approval/@state)");
		cr_expect_str_eq(st, state[i], "edit %zu", i);
		if (i == 0)
			cr_expect_str_eq(commit, first);
		if (i == 1)
			cr_expect(strlen(commit) == 40 && strcmp(commit, first), "edit 1: %s", commit);
		free(commit), free(st);
		t_sh("rm -rf %s/clean", S_tmp);
		cr_assert_eq(t_run_ismc(S_tmp, "build min -o clean --as-of 2026-06-30"), 0);
		cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0,
		             "edit %zu: the rebuild differs from a clean build", i);
	}
	free(first);
}

/* The newest commit of HEAD, read into a new string. */
static char *S_head(const char *git)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s rev-parse HEAD > %%s/head", git);
	t_sh(cmd, S_tmp, S_tmp);
	char *head = t_slurp(t_path("%s/head", S_tmp));
	head[strcspn(head, "\n")] = '\0';
	return head;
}

/* The approvals are walked back together, a revision of each a round, the
 * revisions read out of git in the order of the packs (proof.c): each
 * document still gets the oldest commit of its current approval, whatever
 * the depth of its history, loose objects or packed. */
Test(build, each_approval_is_the_oldest_commit_of_its_current_fields, .timeout = 300)
{
	const char *git = S_min_git(); /* c1: scope.md */
	char cmd[512];
	t_sh("for d in A B; do sed \"s/^id: DOC-SCOPE$/id: DOC-$d/; "
	     "s/^title: ISMS manual$/title: Document $d/\" %s/min/scope.md > %s/min/$d.md; done",
	     S_tmp, S_tmp);
	const char *steps[] = {
		/* c2: A and B, version 1.0 */
		"true",
		/* c3: bodies of A and the scope */
		"printf '\\nMore.\\n' >> %s/min/A.md && printf '\\nMore.\\n' >> %s/min/scope.md",
		/* c4: B approved anew */
		"sed -i 's/^version: \"1.0\"$/version: \"1.1\"/; "
		"s/^approved_on: 2026-01-15$/approved_on: 2026-02-01/' %s/min/B.md && true %s",
		/* c5: every body again */
		"printf '\\nAgain.\\n' | tee -a %s/min/A.md %s/min/B.md %s/min/scope.md "
		">/dev/null",
	};
	char *commit[5] = { S_head(git) };
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		t_sh(steps[i], S_tmp, S_tmp, S_tmp);
		snprintf(cmd, sizeof cmd, "%s add -A && %s commit -qm 'Step %zu'", git, git, i + 2);
		t_sh(cmd, S_tmp, S_tmp);
		commit[i + 1] = S_head(git);
	}
	const char *ids[] = { "DOC-SCOPE", "DOC-A", "DOC-B" };
	const char *want[] = { commit[0], commit[1], commit[3] }; /* c1, c2, c4 */
	for (int packed = 0; packed < 2; packed++) {
		if (packed) {
			snprintf(cmd, sizeof cmd, "%s gc -q", git);
			t_sh(cmd, S_tmp);
			cr_assert_eq(t_sh_status("ls %s/min/.git/objects/pack/*.pack >/dev/null", S_tmp), 0);
		}
		t_sh("rm -rf %s/out %s/.out.ismc-cache", S_tmp, S_tmp);
		cr_assert_eq(t_run_ismc(S_tmp, "build min -o out --as-of 2026-06-30"), 0);
		for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
			char expr[256];
			snprintf(expr, sizeof expr,
			         "string(//i:document[@id='%s']/i:approval/@commit)", ids[k]);
			char *got = S_xpath(t_path("%s/out/evidence-pack.xml", S_tmp), expr);
			cr_expect_str_eq(got, want[k], "%s (%s)", ids[k], packed ? "packed" : "loose");
			free(got);
		}
	}
	for (size_t i = 0; i < 5; i++)
		free(commit[i]);
}

/* A summary page shows the build's commit, which changes with every
 * commit: it is rendered with placeholders for the stamp, so a rebuild
 * after an edit it does not show takes it, with the new commit written in
 * (stamp.c). In text, in an attribute and in a URL (character references
 * and percent-encoding of a page in US-ASCII), copied or cut: the bytes a
 * clean build writes. A pack holding text a placeholder could be taken for
 * renders its pages with the stamp itself. */
Test(build, a_rebuild_writes_the_new_commit_into_the_summary_pages_it_takes, .timeout = 300)
{
	const char *git = S_min_git();
	char cmd[512];
	t_sh("mkdir %s/tpl", S_tmp);
	t_spit(t_path("%s/tpl/coverage.xsl", S_tmp),
	       "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	       "    xmlns:p=\"urn:ismc:pack:1\">\n"
	       "  <xsl:output method=\"html\" encoding=\"US-ASCII\"/>\n"
	       "  <xsl:template match=\"/\">\n"
	       "    <xsl:variable name=\"c\" select=\"/p:evidence-pack/p:provenance/@commit\"/>\n"
	       "    <html><body>\n"
	       "      <a id=\"url\" href=\"https://git.example.org/commit/{$c}\">\xc3\xa9</a>\n"
	       "      <p id=\"short\" title=\"{concat('at ', $c)}\"><xsl:value-of "
	       "select=\"substring($c, 1, 7)\"/></p>\n"
	       "      <p id=\"time\"><xsl:value-of select=\"/p:evidence-pack/@generated\"/></p>\n"
	       "      <p id=\"title\"><xsl:value-of select=\"//p:document[@id = 'DOC-SCOPE']/@title\"/></p>\n"
	       "    </body></html>\n"
	       "  </xsl:template>\n"
	       "</xsl:stylesheet>\n");
	const char *build = "build min -o out --as-of 2026-06-30 --templates tpl";
	cr_assert_eq(t_run_ismc(S_tmp, "%s", build), 0);
	const char *edits[] = {
		/* a body: no summary page shows it */
		"printf '\\nOne more paragraph.\\n' >> %s/min/scope.md",
		/* a title with a character of the placeholders' range, and text
		 * that reads as one percent-encoded */
		"sed -i 's/^title: ISMS manual$/title: \"ISMS manual \xf4\x80\x80\x81 %%F4%%80%%80%%81\"/' "
		"%s/min/scope.md",
		/* the body again, from that pack */
		"printf '\\nAnd another.\\n' >> %s/min/scope.md",
	};
	const char *taken[] = { "summary pages unchanged", NULL, NULL };
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		t_sh(edits[i], S_tmp);
		snprintf(cmd, sizeof cmd, "%s commit -qam 'Edit %zu'", git, i);
		t_sh(cmd, S_tmp);
		char *out;
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "%s", build), 0);
		if (taken[i])
			cr_expect(strstr(out, taken[i]), "edit %zu: %s", i, out);
		else
			cr_expect(!strstr(out, "summary pages unchanged"), "edit %zu: %s", i, out);
		free(out);
		char *head = S_head(git);
		char *page = t_slurp(t_path("%s/out/html/coverage.html", S_tmp));
		char want[256];
		snprintf(want, sizeof want, "href=\"https://git.example.org/commit/%s\"", head);
		cr_expect(strstr(page, want), "edit %zu: %s", i, page);
		snprintf(want, sizeof want, "title=\"at %s\">%.7s</p>", head, head);
		cr_expect(strstr(page, want), "edit %zu: %s", i, page);
		cr_expect(strstr(page, "&eacute;</a>") || strstr(page, "&#233;</a>"), "%s", page);
		if (i == 1)
			cr_expect(strstr(page, "ISMS manual &#1048577; %F4%80%80%81"), "%s", page);
		char *index = t_slurp(t_path("%s/out/html/index.html", S_tmp));
		snprintf(want, sizeof want, "title=\"%s\">%.12s</code>", head, head);
		cr_expect(strstr(index, want), "edit %zu: the dashboard's footer", i);
		free(index), free(page), free(head);
		t_sh("rm -rf %s/clean", S_tmp);
		cr_assert_eq(t_run_ismc(S_tmp, "build min -o clean --as-of 2026-06-30 --templates tpl"),
		             0);
		cr_expect_eq(t_sh_status("diff -r %s/out %s/clean >&2", S_tmp, S_tmp), 0,
		             "edit %zu: the rebuild differs from a clean build", i);
	}
}

/* A file of the cache's name that ismc did not write is the user's: never
 * read, replaced or removed; the build renders every page. */
Test(build, a_file_of_the_caches_name_that_is_not_ours_is_kept)
{
	t_spit(t_path("%s/.out.ismc-cache", S_tmp), "my notes\n");
	t_spit(t_path("%s/.out.ismc-cache.new", S_tmp), "more notes\n");
	for (int i = 0; i < 2; i++) {
		char *out;
		cr_assert_eq(t_run_ismc_out(&out, S_tmp, "build min -o out --as-of 2026-06-30"), 0);
		cr_expect(!strstr(out, "unchanged"), "%s", out);
		free(out);
	}
	char *a = t_slurp(t_path("%s/.out.ismc-cache", S_tmp));
	char *b = t_slurp(t_path("%s/.out.ismc-cache.new", S_tmp));
	cr_expect_str_eq(a, "my notes\n");
	cr_expect_str_eq(b, "more notes\n");
	free(a), free(b);
}
