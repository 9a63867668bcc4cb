/* main.c: the command line. Each command chains the stages of ismc.h:
 *   check: source -> model (config, documents, registers) -> rules -> report
 *   build: the same, then emit (XML) -> transform (HTML, PDF) into a
 *          temporary folder that replaces OUT only when complete
 * Exit status: 0 clean, 1 errors in the ISMS, 2 usage or system failure. */
#include "ismc.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	const char *root;
	const char *as_of;
	const char *format;
	const char *rev, *base;
	const char *out, *templates;
	int werror, draft, pdf;
} S_opts;

static int S_usage(FILE *f)
{
	fputs("usage: ismc check [ROOT] [--as-of YYYY-MM-DD] [--format text] [--werror]\n"
	      "       ismc build [ROOT] -o OUT [--as-of YYYY-MM-DD] [--draft] [--pdf]\n"
	      "                  [--templates DIR]\n"
	      "       ismc --version | --help\n",
	      f);
	return f == stderr ? 2 : 0;
}

static int S_fail(const char *msg)
{
	fprintf(stderr, "ismc: %s\n", msg);
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
		else if (!strcmp(argv[i], "--werror"))
			o->werror = 1;
		else if (!strcmp(argv[i], "--draft"))
			o->draft = 1;
		else if (!strcmp(argv[i], "--pdf"))
			o->pdf = 1;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "ismc: unknown or incomplete option '%s'\n", argv[i]);
			return -1;
		} else if (!o->root)
			o->root = argv[i];
		else {
			fprintf(stderr, "ismc: more than one ROOT given ('%s', '%s')\n", o->root, argv[i]);
			return -1;
		}
	}
	if (!o->root)
		o->root = ".";
	return 0;
}

static int S_check(int argc, char **argv)
{
	S_opts o = { 0 };
	if (S_parse(argc, argv, &o) != 0)
		return S_usage(stderr);
	long as_of = ismc_date_today();
	if (o.as_of && ismc_date_parse(o.as_of, &as_of) != 0)
		return S_fail("--as-of wants a real date, YYYY-MM-DD");
	if (o.format && strcmp(o.format, "text") != 0)
		return S_fail("--format: only 'text' is available in this version");
	if (o.rev || o.base)
		return S_fail("--rev and --base need git support, which this version lacks");

	ismc_error err = { { 0 } };
	ismc_source *src = ismc_source_open_dir(o.root, NULL, 0, &err);
	if (!src)
		return S_fail(err.msg);
	ismc_diags *diags = ismc_diags_new();
	ismc_model *m = ismc_model_load(src, as_of, diags, &err);
	int rc;
	if (!m) {
		rc = S_fail(err.msg);
	} else {
		ismc_check_run(m);
		ismc_diags_sort(diags);
		int colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
		rc = ismc_report_text(stdout, m, diags, o.werror, colour, 1);
	}
	ismc_model_free(m);
	ismc_diags_free(diags);
	ismc_source_free(src);
	return rc;
}

/* Is `out` (which may not exist yet) inside the folder `root`? */
static int S_inside_root(const char *root, const char *out)
{
	char rroot[PATH_MAX], parent[PATH_MAX], rparent[PATH_MAX], tmp[PATH_MAX];
	if (!realpath(root, rroot))
		return 0;
	snprintf(tmp, sizeof tmp, "%s", out);
	snprintf(parent, sizeof parent, "%s", dirname(tmp));
	if (!realpath(parent, rparent))
		return 0;
	size_t n = strlen(rroot);
	return strncmp(rparent, rroot, n) == 0 && (rparent[n] == '/' || rparent[n] == '\0');
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
	if (S_parse(argc, argv, &o) != 0)
		return S_usage(stderr);
	if (!o.out)
		return S_fail("build needs an output folder: -o OUT");
	long as_of = ismc_date_today();
	if (o.as_of && ismc_date_parse(o.as_of, &as_of) != 0)
		return S_fail("--as-of wants a real date, YYYY-MM-DD");
	if (o.rev)
		return S_fail("--rev needs git support, which this version lacks");
	if (S_inside_root(o.root, o.out))
		return S_fail("the output folder must be outside the ISMS root (its files "
		              "would become part of the ISMS)");

	ismc_error err = { { 0 } };
	ismc_source *src = ismc_source_open_dir(o.root, NULL, 0, &err);
	if (!src)
		return S_fail(err.msg);
	ismc_diags *diags = ismc_diags_new();
	ismc_model *m = ismc_model_load(src, as_of, diags, &err);
	ismc_provenance prov = { 0 };
	prov.commit_time = -1;
	int rc;
	char tmp[PATH_MAX] = "";
	if (!m) {
		rc = S_fail(err.msg);
		goto out;
	}
	ismc_check_run(m);
	ismc_diags_sort(diags);
	rc = ismc_report_text(stdout, m, diags, o.werror, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), 0);
	if (rc != 0 && !o.draft) {
		fprintf(stderr, "ismc: nothing written: fix the errors, or build a gap-analysis "
		                "pack with --draft\n");
		goto out;
	}
	ismc_emit_ctx ctx = { m, diags, o.draft && rc != 0, &prov, NULL, S_epoch(&prov) };
	if (ismc_output_begin(o.out, tmp, sizeof tmp, &err) != 0 ||
	    ismc_emit_all(&ctx, tmp, &err) != 0 ||
	    ismc_output_commit(tmp, o.out, &err) != 0) {
		if (*tmp)
			ismc_output_abort(tmp);
		rc = S_fail(err.msg);
		goto out;
	}
	printf("ismc: wrote %s%s\n", o.out, ctx.draft ? " (a draft: the ISMS has errors)" : "");
out:
	ismc_model_free(m);
	ismc_diags_free(diags);
	ismc_source_free(src);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return S_usage(stderr);
	const char *cmd = argv[1];
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
	fprintf(stderr, "ismc: unknown command '%s'\n", cmd);
	return S_usage(stderr);
}
