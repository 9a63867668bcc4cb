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

typedef struct {
	const char *root;
	const char *as_of, *at;
	const char *format;
	const char *rev, *base;
	const char *out, *templates, *pdf_variant, *horizon;
	int werror, draft, pdf;
	char at_commit[41]; /* --at: the commit it chose, which --rev then names */
} S_opts;

static int S_usage(FILE *f)
{
	fputs("usage: ismc check [ROOT] [--rev REV] [--base REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	      "                  [--format text|json|sarif|github] [--werror]\n"
	      "       ismc build [ROOT] -o OUT [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	      "                  [--draft] [--pdf] [--pdf-variant VARIANT] [--templates DIR]\n"
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
		else if (!strcmp(argv[i], "--werror"))
			o->werror = 1;
		else if (!strcmp(argv[i], "--draft"))
			o->draft = 1;
		else if (!strcmp(argv[i], "--pdf"))
			o->pdf = 1;
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
	return ismc_source_open_dir(o->root, NULL, 0, err);
}

/* --base REV: the ISMS at REV against the one checked (compare.c). The review
 * summary comes before the diagnostics; on stderr for json and sarif, whose
 * stdout is one document. */
static int S_compare(const S_opts *o, ismc_repo *repo, ismc_model *m, int fmt, ismc_error *err)
{
	ismc_source *bsrc = ismc_git_source(repo, o->base, err);
	if (!bsrc)
		return -1;
	ismc_diags *bdiags = ismc_diags_new(); /* the base's own problems are not ours */
	ismc_model *bm = NULL;
	int rc = 0;
	if (ismc_source_find(bsrc, "isms.yml") && !(bm = ismc_model_load(bsrc, m->as_of, bdiags, err)))
		rc = -1;
	else
		ismc_compare(fmt == ISMC_FORMAT_JSON || fmt == ISMC_FORMAT_SARIF ? stderr : stdout, bm,
		             m, o->base);
	ismc_model_free(bm);
	ismc_diags_free(bdiags);
	ismc_source_free(bsrc);
	return rc;
}

/* One compile, as check and build both begin: the files (S_source), the
 * model with its diagnostics, and the rules run over it. */
typedef struct {
	ismc_repo *repo;
	ismc_source *src;
	ismc_diags *diags;
	ismc_model *m;
} S_compile;

/* Returns 0, or exit status 2 having said why (S_compile_close either way). */
static int S_compile_open(S_compile *c, const S_opts *o, int want_repo, long as_of)
{
	ismc_error err = { { 0 } };
	memset(c, 0, sizeof *c);
	c->diags = ismc_diags_new();
	if (!(c->src = S_source(o, want_repo, &c->repo, &err)) ||
	    !(c->m = ismc_model_load(c->src, as_of, c->diags, &err)))
		return S_fail(err.msg);
	ismc_check_run(c->m);
	return 0;
}

static void S_compile_close(S_compile *c)
{
	ismc_model_free(c->m);
	ismc_diags_free(c->diags);
	ismc_source_free(c->src);
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
		return S_fail("--format wants text, json, sarif or github");

	/* uncommitted-change is build's warning (SPEC §4): check stays quiet */
	S_compile c;
	ismc_error err = { { 0 } };
	int rc = S_compile_open(&c, &o, 0, as_of);
	if (rc == 0 && o.base && S_compare(&o, c.repo, c.m, fmt, &err) != 0)
		rc = S_fail(err.msg);
	if (rc == 0) {
		ismc_diags_sort(c.diags);
		int colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
		rc = ismc_format_write(stdout, (ismc_format)fmt, c.m, c.diags, o.werror, colour);
	}
	S_compile_close(&c);
	return rc;
}

/* SOURCE_DATE_EPOCH, else the commit's time, else none: never the clock. */
static long long S_epoch(const ismc_provenance *prov)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			return v;
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

	/* OUT first (output.c): a refusal costs no compile and touches nothing */
	ismc_output outp;
	char top[PATH_MAX];
	ismc_error err = { { 0 } };
	if (ismc_repo_top(o.root, top, sizeof top, &err) != 0 ||
	    ismc_output_open(&outp, o.out, o.root, top, &err) != 0) {
		ismc_output_close(&outp);
		return S_fail(err.msg);
	}
	S_compile c;
	ismc_provenance prov = { 0 };
	prov.commit_time = -1;
	ismc_map *history = NULL;
	int rc = S_compile_open(&c, &o, 1, as_of);
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
		fprintf(stderr, "ismc: nothing written: fix the errors, or build a gap-analysis "
		                "pack with --draft\n");
		goto out;
	}
	if (c.repo && ismc_git_history(c.repo, o.rev, c.m->arena, &history, &err) != 0) {
		rc = S_fail(err.msg);
		goto out;
	}
	/* emit -> transform into a temporary folder, which replaces OUT last */
	ismc_emit_ctx ctx = { c.m, c.diags, o.draft && rc != 0, &prov, history, S_epoch(&prov),
	                      o.at != NULL };
	if (ismc_output_begin(&outp, &err) != 0 ||
	    ismc_emit_all(&ctx, outp.tmp, &err) != 0 ||
	    ismc_transform_html(outp.tmp, o.templates, &err) != 0 ||
	    (o.pdf && ismc_transform_pdf(outp.tmp, o.templates, o.pdf_variant, &err) != 0) ||
	    ismc_output_commit(&outp, &err) != 0) {
		rc = S_fail(err.msg);
		goto out;
	}
	ismc_fprintln_esc(stdout, "ismc: wrote %s%s", o.out,
	                 ctx.draft ? " (a draft: the ISMS has errors)" : "");
out:
	ismc_output_close(&outp); /* a failed build's temporary folder, and the lock */
	ismc_map_free(history);
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
	if (o.base || o.format || o.draft || o.pdf || o.templates || o.pdf_variant || o.werror)
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
	int rc = S_compile_open(&c, &o, 1, as_of);
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
		long long stamp = S_epoch(&prov);
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
	  "usage: ismc check [ROOT] [--rev REV] [--base REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	  "                  [--format text|json|sarif|github] [--werror]\n\n"
	  "Checks the ISMS in ROOT (default: the current folder): every diagnostic,\n"
	  "a readiness summary and a summary line.\n\n"
	  "  --as-of DATE   judge reviews and records as of DATE (default: today)\n"
	  "  --at DATE      the ISMS as it stood on DATE: --as-of DATE at the last commit\n"
	  "                 of the first-parent line (of --rev, else HEAD) on or before it\n"
	  "  --rev REV      read the ISMS from git revision REV, not the working tree\n"
	  "  --base REV     compare with REV: changed approved documents must bump version\n"
	  "  --format FMT   text (default; colour on a terminal unless NO_COLOR is set),\n"
	  "                 json, sarif (SARIF 2.1.0 for code scanning) or github\n"
	  "                 (GitHub Actions annotations)\n"
	  "  --werror       warnings make the exit status 1\n\n"
	  "Exit status: 0 no errors, 1 errors (or warnings with --werror), 2 usage or\n"
	  "I/O failure. 'ismc explain CODE' says what a diagnostic means.\n" },
	{ "build",
	  "usage: ismc build [ROOT] -o OUT [--rev REV] [--as-of YYYY-MM-DD | --at YYYY-MM-DD]\n"
	  "                  [--draft] [--pdf] [--pdf-variant VARIANT] [--templates DIR]\n\n"
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
	  "  --templates DIR   XSLT templates to use instead of the installed ones\n" },
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
