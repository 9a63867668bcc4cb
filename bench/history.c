/* bench/history.c: times ismc_git_history (one walk over every commit) on
 * the repository holding ROOT, and prints what it found. Built and run by
 * scripts/bench-history.sh; not part of ismc.
 * Usage: history ROOT [REV] */
#include "ismc.h"

#include <stdio.h>
#include <time.h>

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fputs("usage: history ROOT [REV]\n", stderr);
		return 2;
	}
	ismc_error err;
	ismc_repo *r;
	if (ismc_repo_open(&r, argv[1], &err) != 0 || !r) {
		fprintf(stderr, "history: %s\n", r ? err.msg : "not in a repository");
		return 2;
	}
	ismc_arena *a = ismc_arena_new();
	ismc_map *h;
	double t0 = S_now();
	int rc = ismc_git_history(r, argc > 2 ? argv[2] : NULL, a, &h, &err);
	double t1 = S_now();
	if (rc != 0) {
		fprintf(stderr, "history: %s\n", err.msg);
		return 2;
	}
	/* every file's revisions, through its source listing (the map has no
	 * iterator): the histories are what build puts in register.xml */
	ismc_source *src = ismc_git_source(r, argc > 2 ? argv[2] : "HEAD", &err);
	size_t files = 0, revs = 0, most = 0;
	for (size_t i = 0; src && i < ismc_source_count(src); i++) {
		const ismc_history *x = ismc_map_get(h, ismc_source_at(src, i)->path);
		if (!x)
			continue;
		files++;
		revs += x->nrevs;
		if (x->nrevs > most)
			most = x->nrevs;
	}
	printf("%.3f s  %zu files, %zu revisions (most: %zu)\n", t1 - t0, files, revs, most);
	ismc_source_free(src);
	ismc_map_free(h);
	ismc_arena_free(a);
	ismc_repo_free(r);
	return 0;
}
