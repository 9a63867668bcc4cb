/* replay.c: main() for a fuzz target built without libFuzzer. Runs
 * LLVMFuzzerTestOneInput once on every file of each folder (in name order)
 * or file given, so the test suite replays the committed corpus with the
 * same oracle, under gcc and under the ASan build of scripts/test.sh. Each
 * input is named on stderr before it runs: a finding aborts, and the last
 * name is the input to look at. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t S_replay_file(const char *path)
{
	char *data;
	size_t len;
	ismc_error err;
	if (ismc_file_read_all(path, &data, &len, &err) != 0) {
		fprintf(stderr, "replay: %s\n", err.msg);
		exit(2);
	}
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 1;
}

static size_t S_replay(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file or folder '%s'\n", path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode))
		return S_replay_file(path);
	ismc_vec names = { 0 };
	size_t n = 0;
	if (ismc_dir_names(path, 1, &names) != 0) {
		fprintf(stderr, "replay: cannot read folder '%s'\n", path);
		exit(2);
	}
	for (size_t i = 0; i < names.n; i++) {
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", path, (char *)names.v[i]);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			n += S_replay_file(full);
	}
	ismc_names_free(&names);
	return n;
}

int main(int argc, char **argv)
{
	size_t n = 0;
	if (argc < 2) {
		fputs("usage: replay_TARGET CORPUS-FOLDER|FILE ...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		n += S_replay(argv[i]);
	if (n == 0) { /* an empty corpus would make a test that cannot fail */
		fputs("replay: no input to replay\n", stderr);
		return 1;
	}
	printf("replay: %zu inputs, no finding\n", n);
	return 0;
}
