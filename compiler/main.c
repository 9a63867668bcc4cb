/* main.c: the command line. Each command chains the stages of ismc.h:
 *   check: source -> model (config, documents, registers) -> rules -> report
 * Exit status: 0 clean, 1 errors in the ISMS, 2 usage or system failure. */
#include "ismc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const char *root;
	const char *as_of;
	const char *format;
	const char *rev, *base;
	int werror;
} S_opts;

static int S_usage(FILE *f)
{
	fputs("usage: ismc check [ROOT] [--as-of YYYY-MM-DD] [--format text] [--werror]\n"
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
		else if (!strcmp(argv[i], "--werror"))
			o->werror = 1;
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
	fprintf(stderr, "ismc: unknown command '%s'\n", cmd);
	return S_usage(stderr);
}
