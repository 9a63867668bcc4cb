/* main.c: the command line. Each command chains the stages of ismc.h:
 *   check: source -> model (load: config, documents, registers; then resolve)
 *          -> rules -> report
 *   build: the same, then emit (XML) -> transform (HTML, PDF) into a
 *          temporary folder that replaces OUT only when complete
 * The source reads each file once; after loading, the rules and the emitters
 * only read the model.
 * Exit status: 0 clean, 1 errors in the ISMS, 2 usage or system failure. */
#include "ismc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef ISMC_JEMALLOC
/* jemalloc's options, read when it starts (MALLOC_CONF adds to and
 * overrides them): its memory in transparent huge pages where the kernel
 * gives them on request (/sys/kernel/mm/transparent_hugepage/enabled
 * "madvise", Debian's default), and where main lets it: only in a rebuild
 * (ismc_memory_huge_pages). There, at 10,000 documents, 2 MB pages took
 * 7,700 page faults instead of 266,000 and a third less CPU, for 8% more
 * resident memory; a check or a full build gains nothing from them and
 * takes 10 to 19% more memory (docs/performance.md, "Huge pages"). */
const char *malloc_conf = "thp:always,metadata_thp:always";
#endif

typedef struct {
	const char *root;
	const char *as_of, *at;
	const char *format;
	const char *rev, *base;
	const char *out, *templates, *pdf_variant, *horizon;
	const char *baseline, *write_baseline; /* baseline.c */
	const char *code, *path;               /* --code, --path: what to show */
	const char *jobs;                      /* --jobs: processes rendering pages */
	int werror, draft, pdf, new_only, all, clean;
	char at_commit[41]; /* --at: the commit it chose, which --rev then names */
} S_opts;

static int S_usage(FILE *f)
{
	fputs("usage: ismc check [ROOT] [--rev REV] [--base REV [--new-only]]\n"
	      "                  [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	      "                  [--format text|json|sarif|github|codeclimate] [--werror] [--all]\n"
	      "                  [--code CODE] [--path GLOB] [--baseline FILE | --write-baseline FILE]\n"
	      "       ismc build [ROOT] -o OUT [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	      "                  [--draft] [--pdf] [--pdf-variant VARIANT] [--templates DIR]\n"
	      "                  [--jobs N] [--clean]\n"
	      "       ismc calendar [ROOT] -o FILE.ics [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	      "                  [--horizon DURATION]\n"
	      "       ismc init DIR\n"
	      "       ismc verify PACK [--repo ROOT]\n"
	      "       ismc explain [CODE]\n"
	      "       ismc COMMAND --help | ismc --version | --help\n",
	      f);
	return f == stderr ? 2 : 0;
}

/* Messages name paths and values from the command line or the ISMS:
 * escaped (ismc_fprintln_esc), so each stays one line a terminal shows as is. */
static int S_fail(const char *msg)
{
	ismc_fprintln_esc(stderr, "ismc: %s", msg);
	return 2;
}

/* Options take a value as `--opt VALUE` or `--opt=VALUE`. */
static const char *S_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int S_parse(int argc, char **argv, S_opts *o)
{
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = S_value(argc, argv, &i, "--as-of")))
			o->as_of = v;
		else if ((v = S_value(argc, argv, &i, "--at")))
			o->at = v;
		else if ((v = S_value(argc, argv, &i, "--horizon")))
			o->horizon = v;
		else if ((v = S_value(argc, argv, &i, "--format")))
			o->format = v;
		else if ((v = S_value(argc, argv, &i, "--rev")))
			o->rev = v;
		else if ((v = S_value(argc, argv, &i, "--base")))
			o->base = v;
		else if ((v = S_value(argc, argv, &i, "-o")) || (v = S_value(argc, argv, &i, "--output")))
			o->out = v;
		else if ((v = S_value(argc, argv, &i, "--templates")))
			o->templates = v;
		else if ((v = S_value(argc, argv, &i, "--pdf-variant")))
			o->pdf_variant = v;
		else if ((v = S_value(argc, argv, &i, "--baseline")))
			o->baseline = v;
		else if ((v = S_value(argc, argv, &i, "--write-baseline")))
			o->write_baseline = v;
		else if ((v = S_value(argc, argv, &i, "--code")))
			o->code = v;
		else if ((v = S_value(argc, argv, &i, "--path")))
			o->path = v;
		else if ((v = S_value(argc, argv, &i, "--jobs")) || (v = S_value(argc, argv, &i, "-j")))
			o->jobs = v;
		else if (!strcmp(argv[i], "--new-only"))
			o->new_only = 1;
		else if (!strcmp(argv[i], "--all"))
			o->all = 1;
		else if (!strcmp(argv[i], "--werror"))
			o->werror = 1;
		else if (!strcmp(argv[i], "--draft"))
			o->draft = 1;
		else if (!strcmp(argv[i], "--pdf"))
			o->pdf = 1;
		else if (!strcmp(argv[i], "--clean"))
			o->clean = 1;
		else if (argv[i][0] == '-' && argv[i][1]) {
			ismc_fprintln_esc(stderr, "ismc: unknown or incomplete option '%s'", argv[i]);
			return -1;
		} else if (!o->root)
			o->root = argv[i];
		else {
			ismc_fprintln_esc(stderr, "ismc: more than one ROOT given ('%s', '%s')", o->root,
			                  argv[i]);
			return -1;
		}
	}
	if (!o->root)
		o->root = ".";
	return 0;
}

/* The files to compile: the working tree, or with --rev a commit's tree
 * (git.c). *repo is the repository around ROOT (opened for --rev, --base or
 * `want_repo`), NULL outside one. */
static ismc_source *S_source(const S_opts *o, int want_repo, ismc_repo **repo, ismc_error *err)
{
	*repo = NULL;
	if ((want_repo || o->rev || o->base) && ismc_repo_open(repo, o->root, err) != 0)
		return NULL;
	if ((o->rev || o->base) && !*repo) {
		snprintf(err->msg, sizeof err->msg, "%s needs a git repository, and '%s' is in none",
		         o->rev ? "--rev" : "--base", o->root);
		return NULL;
	}
	if (o->rev)
		return ismc_git_source(*repo, o->rev, err);
	/* say so before listing what may be a large folder that is no ISMS */
	char cfg[PATH_MAX];
	struct stat st;
	snprintf(cfg, sizeof cfg, "%s/isms.yml", o->root);
	if (stat(o->root, &st) == 0 && S_ISDIR(st.st_mode) && stat(cfg, &st) != 0) {
		snprintf(err->msg, sizeof err->msg,
		         "'%s' is not an ISMS root: it has no isms.yml (see 'ismc init')", o->root);
		return NULL;
	}
	ismc_source *src = ismc_source_open_dir(o->root, NULL, 0, err);
	char top[PATH_MAX];
	if (src && ismc_repo_top(o->root, top, sizeof top, err) == 0)
		ismc_source_set_top(src, top); /* links that leave the root (resolve.c) */
	return src;
}

/* Where what is said besides the findings goes: stderr for the formats
 * whose stdout is one document. */
static FILE *S_side(int fmt)
{
	return fmt == ISMC_FORMAT_JSON || fmt == ISMC_FORMAT_SARIF || fmt == ISMC_FORMAT_CODECLIMATE
	       ? stderr : stdout;
}

/* --base REV: the ISMS at REV against the one checked (compare.c). The review
 * summary comes before the diagnostics; on stderr for json and sarif, whose
 * stdout is one document. */
static int S_compare(const S_opts *o, ismc_repo *repo, ismc_model *m, int fmt,
                     ismc_baseline **base_findings, ismc_error *err)
{
	ismc_source *bsrc = ismc_git_source(repo, o->base, err);
	if (!bsrc)
		return -1;
	ismc_diags *bdiags = ismc_diags_new(); /* the base's own problems are not ours */
	ismc_model *bm = NULL;
	int rc = 0;
	if (ismc_source_find(bsrc, "isms.yml") &&
	    !(bm = ismc_model_load(bsrc, m->as_of, NULL, bdiags, err))) {
		rc = -1;
	} else {
		ismc_compare(S_side(fmt), bm, m, o->base);
		if (base_findings) { /* --new-only: what REV had is the baseline */
			if (bm)
				ismc_check_run(bm);
			ismc_diags_sort(bdiags);
			*base_findings = ismc_baseline_of(bdiags, bsrc);
		}
	}
	ismc_model_free(bm);
	ismc_diags_free(bdiags);
	ismc_source_free(bsrc);
	return rc;
}

/* One compile, as check and build both begin: the files (S_source), the
 * model with its diagnostics, the rules run over it, and what git proves of
 * the approvals (proof.c), over the history of every file (one walk). */
typedef struct {
	ismc_repo *repo;
	ismc_source *src;
	ismc_diags *diags;
	ismc_model *m;
	ismc_map *history;   /* path -> ismc_history; NULL outside a repository */
	ismc_proofs *proofs; /* NULL when not proven */
	ismc_diffs *diffs;   /* the history walk's, for the page cache; or NULL */
} S_compile;

/* Returns 0, or exit status 2 having said why (S_compile_close either way).
 * `release`: a release build's compile (ismc_diags_release).
 * `build`: the history is walked and the approvals proven whenever there is
 * a repository; check proves them only when isms.yml approval.proof asks
 * (then it opens the repository, which it otherwise never does).
 * `reuse`: the page caches of a build (pagecache.c): the model keeps its
 * bodies' scans and the proofs their answers for the next build, taking
 * those of the earlier one; NULL: none. */
static int S_compile_open(S_compile *c, const S_opts *o, int build, long as_of, int release,
                          const ismc_reuse *reuse)
{
	ismc_error err = { { 0 } };
	struct timespec t;
	ismc_timing(NULL, &t);
	memset(c, 0, sizeof *c);
	c->diags = ismc_diags_new();
	if (release)
		ismc_diags_release(c->diags);
	/* the model's scans: kept when a cache is, taken from an earlier one */
	const char *scans = !reuse || !reuse->cache_out ? NULL
	                    : reuse->old_out             ? reuse->cache_in
	                                                 : "";
	if (!(c->src = S_source(o, build, &c->repo, &err)) ||
	    !(c->m = ismc_model_load(c->src, as_of, scans, c->diags, &err)))
		return S_fail(err.msg);
	ismc_check_run(c->m);
	ismc_timing("load and check", &t);
	if (!build && c->m->cfg.proof.n <= ISMC_PROOF_NONE)
		return 0;
	if (!c->repo && ismc_repo_open(&c->repo, o->root, &err) != 0)
		return S_fail(err.msg);
	/* the walk's tree diffs: kept when a cache is, taken from an earlier one */
	if (c->repo && ismc_git_history(c->repo, o->rev, reuse && reuse->old_out ? reuse->cache_in : NULL,
	                                reuse && reuse->cache_out ? &c->diffs : NULL, c->m->arena,
	                                &c->history, &err) != 0)
		return S_fail(err.msg);
	ismc_timing("history", &t);
	if (!(c->proofs = ismc_proofs_run(c->m, c->repo, c->history, !o->rev,
	                                  reuse && reuse->old_out ? reuse->cache_in : NULL, &err)))
		return S_fail(err.msg);
	ismc_timing("approval proofs", &t);
	return 0;
}

/* The model with its history, proofs and files, once nothing needs them:
 * build's summary pages render from the pack alone (ismc_transform_html). */
static void S_compile_release(void *arg)
{
	S_compile *c = arg;
	ismc_proofs_free(c->proofs);
	ismc_diffs_free(c->diffs);
	ismc_map_free(c->history);
	ismc_model_free(c->m);
	ismc_source_free(c->src);
	c->proofs = NULL, c->history = NULL, c->m = NULL, c->src = NULL, c->diffs = NULL;
}

static void S_compile_close(S_compile *c)
{
	S_compile_release(c);
	ismc_diags_free(c->diags);
	ismc_repo_free(c->repo);
}

/* --as-of or --at, else today; with --at, o->rev becomes the last commit
 * on the first-parent line of --rev (or HEAD) dated on or before it
 * (git.c). Returns 0, or exit status 2 having said why. */
static int S_as_of(S_opts *o, long *as_of)
{
	*as_of = ismc_date_today();
	if (o->as_of && o->at)
		return S_fail("--at DATE is --as-of DATE at the commit of that day: give one of them");
	const char *date = o->at ? o->at : o->as_of;
	if (date && ismc_date_parse(date, as_of) != 0)
		return S_fail(o->at ? "--at wants a real date, YYYY-MM-DD"
		                    : "--as-of wants a real date, YYYY-MM-DD");
	if (!o->at)
		return 0;
	ismc_repo *repo = NULL;
	ismc_error err = { { 0 } };
	int rc = ismc_repo_open(&repo, o->root, &err);
	if (rc == 0 && !repo) {
		snprintf(err.msg, sizeof err.msg, "--at needs a git repository, and '%s' is in none",
		         o->root);
		rc = -1;
	}
	if (rc == 0 && (rc = ismc_git_at(repo, o->rev, *as_of, o->at_commit, &err)) == 1)
		snprintf(err.msg, sizeof err.msg, "--at %s: no commit on the first-parent line of "
		         "%s is dated on or before that day", o->at, o->rev ? o->rev : "HEAD");
	ismc_repo_free(repo);
	if (rc != 0)
		return S_fail(err.msg);
	ismc_fprintln_esc(stderr, "ismc: --at %s: commit %.12s, the last of %s on or before that day",
	                  o->at, o->at_commit, o->rev ? o->rev : "HEAD");
	o->rev = o->at_commit;
	return 0;
}

/* --code CODE[,CODE...] and --path GLOB: the findings shown (and counted). */
static int S_view_filter(ismc_diags *d, const S_opts *o)
{
	if (!o->code && !o->path)
		return 0;
	size_t n = ismc_diags_count(d);
	int *drop = ismc_xcalloc(n ? n : 1, sizeof *drop);
	for (size_t i = 0; i < n; i++) {
		const ismc_diag *dg = ismc_diags_at(d, i);
		if (o->code) {
			const char *name = ismc_code_get(dg->code)->name;
			size_t len = strlen(name);
			int hit = 0;
			for (const char *p = o->code; *p; p += strcspn(p, ","), p += *p == ',')
				hit |= strcspn(p, ",") == len && !strncmp(p, name, len);
			drop[i] |= !hit;
		}
		if (o->path)
			drop[i] |= !dg->pos.file || !ismc_glob_match(o->path, dg->pos.file);
	}
	ismc_diags_drop(d, drop);
	free(drop);
	return 0;
}

/* --baseline FILE, --base REV --new-only: drops the known findings and says
 * how many, and how many of the baseline's are fixed. */
static int S_baseline(ismc_diags *d, const ismc_source *src, ismc_baseline *b,
                      const char *what, int fmt)
{
	size_t fixed = 0, known = ismc_baseline_filter(d, src, b, &fixed);
	ismc_fprintln_esc(S_side(fmt), "ismc: %s: %zu known finding%s not shown, %zu of its %zu "
	                  "fixed", what, known, known == 1 ? "" : "s", fixed,
	                  ismc_baseline_count(b));
	return 0;
}

static int S_check(int argc, char **argv)
{
	S_opts o = { 0 };
	long as_of;
	if (S_parse(argc, argv, &o) != 0)
		return S_usage(stderr);
	if (S_as_of(&o, &as_of) != 0)
		return 2;
	int fmt = o.format ? ismc_format_parse(o.format) : ISMC_FORMAT_TEXT;
	if (fmt < 0)
		return S_fail("--format wants text, json, sarif, github or codeclimate");
	if (o.new_only && !o.base)
		return S_fail("--new-only reports what --base REV did not have: add --base REV");
	if (o.baseline && o.write_baseline)
		return S_fail("--baseline reads a baseline, --write-baseline writes one: give one");
	if ((o.code && !*o.code) || (o.path && !*o.path))
		return S_fail(o.code && !*o.code ? "--code wants a diagnostic code (or several, comma-separated)"
		                                    : "--path wants a glob (policies/*.md, **/*.yml)");
	if (o.code)
		for (const char *p = o.code; *p; p += strcspn(p, ","), p += *p == ',') {
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)strcspn(p, ","), p);
			if (ismc_code_find(name) < 0) {
				ismc_fprintln_esc(stderr, "ismc: --code: '%s' is not a diagnostic code "
				                  "('ismc explain' lists them)", name);
				return 2;
			}
		}
	ismc_baseline *known = NULL;
	ismc_error err = { { 0 } };
	if (o.baseline && ismc_baseline_read(&known, o.baseline, &err) != 0)
		return S_fail(err.msg);

	/* uncommitted-change is build's warning (SPEC §4): check stays quiet */
	S_compile c;
	ismc_baseline *base_findings = NULL;
	int rc = S_compile_open(&c, &o, 0, as_of, 0, NULL);
	if (rc == 0 && o.base &&
	    S_compare(&o, c.repo, c.m, fmt, o.new_only ? &base_findings : NULL, &err) != 0)
		rc = S_fail(err.msg);
	if (rc == 0) {
		ismc_diags_sort(c.diags);
		if (o.write_baseline) {
			if (ismc_baseline_write(o.write_baseline, c.diags, c.src, &err) != 0) {
				rc = S_fail(err.msg);
			} else {
				size_t n = ismc_diags_count(c.diags);
				ismc_fprintln_esc(stdout, "ismc: wrote %zu finding%s to the baseline %s; "
				                  "check --baseline %s reports only new ones", n,
				                  n == 1 ? "" : "s", o.write_baseline, o.write_baseline);
			}
			goto out;
		}
		if (known)
			S_baseline(c.diags, c.src, known, o.baseline, fmt);
		if (base_findings) {
			char what[512];
			snprintf(what, sizeof what, "--new-only: the findings of %s", o.base);
			S_baseline(c.diags, c.src, base_findings, what, fmt);
		}
		S_view_filter(c.diags, &o);
		int flags = (isatty(STDOUT_FILENO) && !getenv("NO_COLOR") ? ISMC_OUT_COLOUR : 0) |
		            (o.all ? ISMC_OUT_ALL : 0);
		rc = ismc_format_write(stdout, (ismc_format)fmt, c.m, c.diags, o.werror, flags);
	}
out:
	ismc_baseline_free(known);
	ismc_baseline_free(base_findings);
	S_compile_close(&c);
	return rc;
}

/* A release build kept codes that isms.yml `checks:` lowers: say so, since
 * `check` reported them lower. */
static void S_kept_note(const ismc_diags *d)
{
	ismc_buf b = { 0 };
	for (int c = 0; c < ISMC_NCODES; c++)
		if (ismc_diags_kept(d, (ismc_code)c))
			ismc_buf_printf(&b, "%s%s", b.len ? ", " : "", ismc_code_get((ismc_code)c)->name);
	if (b.len)
		ismc_fprintln_esc(stderr, "ismc: a release build counts every finding at its default "
		                  "severity; isms.yml checks: lowers %s for check alone", b.data);
	ismc_buf_free(&b);
}

/* SOURCE_DATE_EPOCH (*sde set), else the commit's time, else none: never
 * the clock. */
static long long S_epoch(const ismc_provenance *prov, int *sde_set)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int unused;
	if (!sde_set)
		sde_set = &unused;
	*sde_set = 0;
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0) {
			*sde_set = 1;
			return v;
		}
	}
	return prov && prov->in_repo ? prov->commit_time : -1;
}

static int S_build(int argc, char **argv)
{
	S_opts o = { 0 };
	long as_of;
	if (S_parse(argc, argv, &o) != 0)
		return S_usage(stderr);
	if (!o.out)
		return S_fail("build needs an output folder: -o OUT");
	if (o.horizon)
		return S_fail("--horizon is an option of calendar, not of build");
	if (S_as_of(&o, &as_of) != 0)
		return 2;
	if (o.base)
		return S_fail("--base is an option of check, not of build");
	if (o.pdf_variant && !o.pdf)
		return S_fail("--pdf-variant says how to render the PDF: add --pdf");
	/* passed through to WeasyPrint, which knows its variants; here only
	 * what cannot be one (WeasyPrint names them like pdf/ua-1, pdf/a-3b) */
	if (o.pdf_variant && (*o.pdf_variant < 'a' || *o.pdf_variant > 'z' ||
	                      strlen(o.pdf_variant) > 32 ||
	                      o.pdf_variant[strspn(o.pdf_variant, "abcdefghijklmnopqrstuvwxyz"
	                                                          "0123456789/.-")]))
		return S_fail("--pdf-variant wants a variant of WeasyPrint's --pdf-variant "
		              "(pdf/ua-1, the default; pdf/a-3b, ...) or none");
	/* --jobs: the processes rendering the document pages; the same bytes
	 * whatever their number. Default: one per online core, at most
	 * ISMC_DEFAULT_JOBS: each worker may come to hold its own copy of the
	 * pack (libxslt writes into every node it orders), so a many-core CI
	 * runner must not multiply the memory unasked. */
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs > ISMC_DEFAULT_JOBS)
		jobs = ISMC_DEFAULT_JOBS;
	if (o.jobs) {
		char *end;
		errno = 0;
		jobs = strtol(o.jobs, &end, 10);
		if (errno || end == o.jobs || *end || jobs < 1 || jobs > ISMC_MAX_JOBS)
			return S_fail("--jobs wants a number of processes from 1 to 64");
	}
	if (jobs < 1)
		jobs = 1;
	if (jobs > ISMC_MAX_JOBS)
		jobs = ISMC_MAX_JOBS;

	/* OUT first (output.c): a refusal costs no compile and touches nothing */
	ismc_output outp;
	char top[PATH_MAX];
	ismc_error err = { { 0 } };
	if (ismc_repo_top(o.root, top, sizeof top, &err) != 0 ||
	    ismc_output_open(&outp, o.out, o.root, top, &err) != 0) {
		ismc_output_close(&outp);
		return S_fail(err.msg);
	}
	/* what of the earlier OUT is taken unchanged (pagecache.c: the bodies'
	 * scans in the model, approving revisions in the proofs, bodies in
	 * emit, pages in transform), but with --clean; the cache is kept beside
	 * OUT unless a file of its name is not ismc's */
	ismc_reuse reuse = { outp.had_out && !o.clean && *outp.cache ? outp.real : NULL,
		             outp.cache, *outp.cache_new ? outp.cache_new : NULL };
	if (reuse.old_out)
		ismc_memory_huge_pages(1); /* a rebuild: util.c */
	S_compile c;
	ismc_provenance prov = { 0 };
	prov.commit_time = -1;
	int rc = S_compile_open(&c, &o, 1, as_of, !o.draft, &reuse);
	if (rc != 0)
		goto out;
	if (c.repo) { /* git.c: provenance; a working tree is dirty when ISMS files differ from HEAD */
		int n = 0;
		if (ismc_git_provenance(c.repo, o.rev, &prov, c.m->arena, &err) != 0 ||
		    (!o.rev && (n = ismc_git_uncommitted(c.repo, c.src, c.diags, &err)) < 0)) {
			rc = S_fail(err.msg);
			goto out;
		}
		prov.dirty = n > 0;
		/* nothing reads the repository after this but a source of --rev
		 * (git.c: its blobs); without --rev its object cache and pack
		 * windows go now, not at the end (10% of the peak at 2,500
		 * documents) */
		if (!o.rev) {
			ismc_repo_free(c.repo);
			c.repo = NULL;
		}
	}
	ismc_diags_sort(c.diags);
	rc = ismc_report_text(stdout, c.m, c.diags, o.werror,
	                      isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), 0);
	if (!o.at && prov.in_repo && prov.commit_day > as_of) {
		/* the files are the commit's, the dates judged as of an earlier day:
		 * the pack says so (cover, provenance) rather than mix them silently */
		char day[11], asof[11];
		ismc_date_format(prov.commit_day, day);
		ismc_date_format(as_of, asof);
		printf("ismc: note: the pack is as of %s, but its files are those of commit %.12s "
		       "of %s; --at %s builds the ISMS as it was on %s\n", asof, prov.commit, day,
		       asof, asof);
	}
	if (rc != 0 && !o.draft) {
		fflush(stdout); /* the report, then why nothing was written */
		S_kept_note(c.diags);
		fprintf(stderr, "ismc: nothing written: fix the errors, or build a gap-analysis "
		                "pack with --draft\n");
		goto out;
	}
	/* said with what emit and transform take, once there is a pack to write */
	if (reuse.old_out && ismc_scans_taken(c.m->scans))
		printf("ismc: %zu of %zu documents' links and headings unchanged, taken from the "
		       "earlier output\n", ismc_scans_taken(c.m->scans), c.m->docs.n);
	/* emit -> transform into a temporary folder, which replaces OUT last */
	int sde;
	long long epoch = S_epoch(&prov, &sde);
	ismc_emit_ctx ctx = { c.m, c.diags, o.draft && rc != 0, &prov, c.history, epoch, sde,
	                      c.proofs, o.at != NULL, reuse.cache_out ? &reuse : NULL, c.diffs };
	ismc_pack pack = { 0 };
	struct timespec t;
	ismc_timing(NULL, &t);
	int failed = ismc_output_begin(&outp, &err) != 0 ||
	             ismc_emit_all(&ctx, outp.tmp, &pack, &err) != 0;
	ismc_timing("emit", &t);
	/* the model is freed once the document pages no longer need it */
	failed = failed || ismc_transform_html(outp.tmp, &pack, o.templates, (int)jobs, &reuse,
	                                       S_compile_release, &c, &err) != 0;
	ismc_timing("html", &t);
	ismc_pack_free(&pack); /* the PDF reads the pack file: hold no copy */
	if (failed ||
	    (o.pdf && ismc_transform_pdf(outp.tmp, o.templates, o.pdf_variant, &err) != 0) ||
	    ismc_output_commit(&outp, &err) != 0) {
		rc = S_fail(err.msg);
		goto out;
	}
	ismc_timing("pdf and commit", &t);
	ismc_fprintln_esc(stdout, "ismc: wrote %s%s", o.out,
	                 ctx.draft ? " (a draft: the ISMS has errors)" : "");
out:
	ismc_output_close(&outp); /* a failed build's temporary folder, and the lock */
	S_compile_close(&c);
	return rc;
}

/* `ismc calendar [ROOT] -o FILE.ics`: check, then what falls due as an
 * iCalendar file (calendar.c); nothing is written when the ISMS has errors,
 * as build writes no pack. */
static int S_calendar(int argc, char **argv)
{
	S_opts o = { 0 };
	long as_of, count = 12;
	int unit = ISMC_MONTHS;
	if (S_parse(argc, argv, &o) != 0)
		return S_usage(stderr);
	if (!o.out)
		return S_fail("calendar needs an output file: -o FILE.ics");
	if (o.base || o.format || o.draft || o.pdf || o.templates || o.pdf_variant || o.werror || o.jobs)
		return S_fail("calendar takes ROOT, -o FILE.ics, --rev, --as-of or --at, and --horizon");
	if (o.horizon && (ismc_duration_parse(o.horizon, &count, &unit) != 0 ||
	                  ismc_date_add(0, count, unit) >
	                          ismc_date_add(0, ISMC_HORIZON_MAX_YEARS, ISMC_YEARS)))
		return S_fail("--horizon wants a duration such as '12 months', at most 10 years");
	if (S_as_of(&o, &as_of) != 0)
		return 2;
	S_compile c;
	ismc_error err = { { 0 } };
	ismc_provenance prov = { 0 };
	prov.commit_time = -1;
	int rc = S_compile_open(&c, &o, 1, as_of, 0, NULL);
	if (rc == 0 && c.repo && ismc_git_provenance(c.repo, o.rev, &prov, c.m->arena, &err) != 0)
		rc = S_fail(err.msg);
	if (rc == 0) {
		ismc_diags_sort(c.diags);
		rc = ismc_report_text(stdout, c.m, c.diags, 0,
		                      isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), 0);
		if (rc != 0)
			fprintf(stderr, "ismc: nothing written: fix the errors first\n");
	}
	if (rc == 0) {
		/* the stamp as a build's: never the clock, so two runs agree */
		long long stamp = S_epoch(&prov, NULL);
		int n = 0;
		if (stamp < 0)
			stamp = (long long)as_of * 86400;
		if (ismc_calendar_write(c.m, ismc_date_add(as_of, count, unit), stamp, o.out, &n,
		                        &err) != 0)
			rc = S_fail(err.msg);
		else
			ismc_fprintln_esc(stdout, "ismc: wrote %s (%d event%s)", o.out, n, n == 1 ? "" : "s");
	}
	S_compile_close(&c);
	return rc;
}

/* `ismc verify PACK [--repo ROOT]` (verify.c). */
static int S_verify(int argc, char **argv)
{
	const char *pack = NULL, *repo = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = S_value(argc, argv, &i, "--repo")))
			repo = v;
		else if (argv[i][0] == '-' || pack)
			return S_usage(stderr);
		else
			pack = argv[i];
	}
	return pack ? ismc_verify(stdout, pack, repo) : S_usage(stderr);
}

/* `ismc init DIR`: the skeleton of a new ISMS (init.c). */
static int S_init(int argc, char **argv)
{
	if (argc != 3 || argv[2][0] == '-')
		return S_usage(stderr);
	ismc_error err = { { 0 } };
	int n = ismc_init_write(argv[2], &err);
	if (n < 0)
		return S_fail(err.msg);
	ismc_fprintln_esc(stdout, "ismc: wrote a new ISMS skeleton into %s (%d files)", argv[2], n);
	ismc_fprintln_esc(stdout, "next: `ismc check %s` lists the work ahead, grouped by area",
	                 argv[2]);
	return 0;
}

/* `ismc COMMAND --help`: the usage and options of one command (ismc(1) has
 * the rest). */
static const struct {
	const char *name, *help;
} S_helps[] = {
	{ "check",
	  "usage: ismc check [ROOT] [--rev REV] [--base REV [--new-only]]\n"
	  "                  [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	  "                  [--format text|json|sarif|github|codeclimate] [--werror] [--all]\n"
	  "                  [--code CODE] [--path GLOB] [--baseline FILE | --write-baseline FILE]\n\n"
	  "Checks the ISMS in ROOT (default: the current folder): every diagnostic,\n"
	  "a readiness summary and a summary line.\n\n"
	  "  --as-of DATE   judge reviews and records as of DATE (default: today)\n"
	  "  --at DATE      the ISMS as it stood on DATE: --as-of DATE at the last commit\n"
	  "                 of the first-parent line (of --rev, else HEAD) on or before it\n"
	  "  --rev REV      read the ISMS from git revision REV, not the working tree\n"
	  "  --base REV     compare with REV: changed approved documents must bump version\n"
	  "  --new-only     with --base: report only findings REV did not have\n"
	  "  --format FMT   text (default; colour on a terminal unless NO_COLOR is set),\n"
	  "                 json, sarif (SARIF 2.1.0 for code scanning), github\n"
	  "                 (GitHub Actions annotations) or codeclimate (GitLab Code Quality)\n"
	  "  --werror       warnings make the exit status 1\n"
	  "  --all          text: list every finding (no folding, no gap analysis cut)\n"
	  "  --code CODE    show only findings of CODE (a comma-separated list)\n"
	  "  --path GLOB    show only findings in files matching GLOB (*, ?, **)\n"
	  "  --write-baseline FILE\n"
	  "                 record the findings in FILE (JSON) and exit 0\n"
	  "  --baseline FILE\n"
	  "                 report only findings not in FILE, and how many of it are fixed\n\n"
	  "Exit status: 0 no errors, 1 errors (or warnings with --werror), 2 usage or\n"
	  "I/O failure. 'ismc explain CODE' says what a diagnostic means.\n" },
	{ "build",
	  "usage: ismc build [ROOT] -o OUT [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	  "                  [--draft] [--pdf] [--pdf-variant VARIANT] [--templates DIR]\n"
	  "                  [--jobs N]\n\n"
	  "Checks the ISMS and, when it has no errors, writes the evidence pack into OUT\n"
	  "(replaced only once complete): soa.xml, register.xml, risks.xml,\n"
	  "evidence-pack.xml, html/ and, with --pdf, pack.pdf.\n\n"
	  "  -o, --output OUT  the output folder: a folder of its own outside ROOT, replaced\n"
	  "                    only when empty or an earlier pack (docs/output.md)\n"
	  "  --rev REV         build git revision REV, not the working tree\n"
	  "  --as-of DATE      judge reviews and records as of DATE (default: today)\n"
	  "  --at DATE         the ISMS as it stood on DATE: --as-of DATE at the last\n"
	  "                    first-parent commit on or before it\n"
	  "  --draft           write a pack marked draft even when there are errors\n"
	  "  --pdf             also render pack.pdf, tagged for screen readers\n"
	  "  --pdf-variant VARIANT\n"
	  "                    WeasyPrint's PDF variant: pdf/ua-1 (the default), pdf/a-3b,\n"
	  "                    ... or none (an untagged PDF)\n"
	  "  --templates DIR   XSLT templates to use instead of the installed ones\n"
	  "  -j, --jobs N      render the document pages in N processes (default: one\n"
	  "                    per core, at most 4); the outputs are the same for any N\n" },
	{ "calendar",
	  "usage: ismc calendar [ROOT] -o FILE.ics [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	  "                     [--horizon DURATION]\n\n"
	  "Checks the ISMS and writes what falls due as an iCalendar file (RFC 5545):\n"
	  "one all-day event per document review, activity occurrence, control target,\n"
	  "risk review, acceptance expiry, corrective action, supplier review and\n"
	  "certification audit, recurring items once per occurrence (no RRULE). Each\n"
	  "UID is the item and its day, stable from run to run.\n\n"
	  "  -o, --output FILE  the .ics file, replaced only once complete\n"
	  "  --as-of DATE       the day from which to list (default: today); what is\n"
	  "                     overdue keeps its own day\n"
	  "  --at DATE          --as-of DATE at the last first-parent commit on or before it\n"
	  "  --rev REV          read the ISMS from git revision REV\n"
	  "  --horizon DURATION how far ahead (default: 12 months)\n" },
	{ "init",
	  "usage: ismc init DIR\n\n"
	  "Writes a new ISMS skeleton into DIR: isms.yml, a document stub per leaf\n"
	  "clause and a controls register with all 93 controls undecided. 'ismc check\n"
	  "DIR' then lists the remaining gaps.\n" },
	{ "verify",
	  "usage: ismc verify PACK [--repo ROOT]\n\n"
	  "Re-hashes the evidence pack PACK against its manifest and, with --repo,\n"
	  "against the commit it names. Exit status 1 on any difference.\n" },
	{ "explain",
	  "usage: ismc explain [CODE]\n\n"
	  "Says what diagnostic CODE means, the requirement of the standard behind\n"
	  "it, an example and the fix. Without CODE, lists every code.\n" },
};

static int S_help(const char *cmd)
{
	for (size_t i = 0; i < sizeof S_helps / sizeof *S_helps; i++)
		if (!strcmp(cmd, S_helps[i].name)) {
			fputs(S_helps[i].help, stdout);
			return 0;
		}
	ismc_fprintln_esc(stderr, "ismc: unknown command '%s'", cmd);
	return S_usage(stderr);
}

int main(int argc, char **argv)
{
	ismc_memory_huge_pages(0); /* but for a rebuild (S_build) */
	if (argc < 2)
		return S_usage(stderr);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") && argc > 2)
		return S_help(argv[2]);
	for (int i = 2; i < argc; i++)
		if (cmd[0] != '-' && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")))
			return S_help(cmd);
	if (!strcmp(cmd, "explain"))
		return argc > 3 ? S_usage(stderr) : ismc_explain_print(stdout, argc > 2 ? argv[2] : NULL);
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("ismc %s\n", ISMC_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
		return S_usage(stdout);
	if (!strcmp(cmd, "check"))
		return S_check(argc, argv);
	if (!strcmp(cmd, "build"))
		return S_build(argc, argv);
	if (!strcmp(cmd, "init"))
		return S_init(argc, argv);
	if (!strcmp(cmd, "calendar"))
		return S_calendar(argc, argv);
	if (!strcmp(cmd, "verify"))
		return S_verify(argc, argv);
	return S_help(cmd);
}
