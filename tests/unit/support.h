/*
 * support.h: the helpers the unit tests share (support.c, linked into every
 * test as the library ismctest).
 *
 * A helper that can fail asserts with Criterion, so a test stops at the step
 * that went wrong with the reason, and its callers need not check. What a
 * helper returns that the caller frees says so. File-private helpers of a
 * test stay `S_*` in its own file; these are `t_*`.
 */
#ifndef ISMC_TEST_SUPPORT_H
#define ISMC_TEST_SUPPORT_H

#include <git2.h>
#include <stddef.h>

#include "ismc.h"

#define T_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* ---- folders and files ---- */

/* Makes a new empty folder /tmp/ismc-NAME-XXXXXX and puts its path in dir
 * (size bytes). Always below /tmp, never $TMPDIR: builds and git tests need
 * a folder outside any repository. */
void t_tmpdir(char *dir, size_t size, const char *name);

/* Removes `path` and everything below it. */
void t_rmtree(const char *path);

/* A path made by printf into one of 8 static buffers, used in turn: for an
 * argument, not to keep (the 9th call overwrites it). */
const char *t_path(const char *fmt, ...) T_PRINTF(1, 2);

/* Does `path` exist (a file, a folder or anything else)? */
int t_exists(const char *path);

/* The whole file `path`, NUL-terminated; the caller frees it. t_slurp_len
 * also gives its length in *len. */
char *t_slurp(const char *path);
char *t_slurp_len(const char *path, size_t *len);

/* Writes `text` (or `len` bytes of `data`) to `path`, replacing it and
 * creating the folders it lacks. */
void t_spit(const char *path, const char *text);
void t_spit_len(const char *path, const char *data, size_t len);

/* Copies the fixture tests/fixtures/NAME to `dest`, which must not exist. */
void t_copy_fixture(const char *name, const char *dest);

/* ---- commands ---- */

/* Runs a shell command made by printf; asserts that it exits 0. */
void t_sh(const char *fmt, ...) T_PRINTF(1, 2);

/* Runs a shell command made by printf; its exit status, or -1 when it did
 * not exit (a signal). */
int t_sh_status(const char *fmt, ...) T_PRINTF(1, 2);

/* Runs the ismc binary under test in folder `dir` (so relative arguments
 * are relative to it), with NO_COLOR=1 and the arguments made by printf;
 * stdout and stderr go to dir/log. Returns the exit status, or -1. */
int t_run_ismc(const char *dir, const char *fmt, ...) T_PRINTF(2, 3);

/* t_run_ismc, then *out gets what ismc printed (the caller frees it) and
 * dir/log is removed. */
int t_run_ismc_out(char **out, const char *dir, const char *fmt, ...) T_PRINTF(3, 4);

/* ---- the model ---- */

/* One compile's objects, as `ismc check` holds them. */
typedef struct {
	ismc_source *src;
	ismc_diags *d;
	ismc_model *m;
} t_model;

/* Loads the ISMS folder `root` as of `as_of` (YYYY-MM-DD), runs the rules
 * and sorts the diagnostics; t_model_free frees all three. */
void t_model_load(t_model *c, const char *root, const char *as_of);
void t_model_free(t_model *c);

/* ---- git ---- */

/* Stages the whole working tree of `repo` (additions, edits, deletions) and
 * commits it on HEAD, by Alice Auditor at `time` (seconds since the epoch).
 * The parents are HEAD, when there is one, and the commit `merge` (40 hex
 * digits) when not NULL. id_out (41 bytes), when not NULL, gets the id. */
void t_git_commit(git_repository *repo, const char *msg, long long time, const char *merge,
                  char *id_out);

#endif
