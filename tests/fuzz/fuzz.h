/*
 * fuzz.h: the harness the fuzz targets share (harness.c). A target is one
 * LLVMFuzzerTestOneInput in fuzz_<target>.c; built with libFuzzer it is a
 * fuzzer (CMake's ISMC_FUZZ), built with replay.c it replays a corpus in the
 * test suite. docs/hacking.md, "Fuzzing", says how to run them.
 *
 * The oracle: any sanitizer report, and any failed check of fz_fail below,
 * aborts, so libFuzzer saves the input as a crash and the replay test fails.
 */
#ifndef ISMC_FUZZ_H
#define ISMC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "ismc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The date every compile is judged as of (the golden cases' date). */
#define FZ_AS_OF "2026-06-30"

/* Compiles the minimal fixture (tests/fixtures/minimal) with the file `path`
 * replaced by, or added as, data[0..len), as `ismc check` and `ismc build
 * --draft` do: load, rules, every --format, the XML outputs and their
 * manifest. Aborts when an output breaks an oracle: a system failure on an
 * in-memory ISMS, formats that disagree on the exit status or the number of
 * diagnostics, JSON or SARIF that does not parse, a GitHub command split
 * over lines, an XML file invalid against schemas/ismc.rng, or a pack that
 * `ismc verify` finds changed right after it was written. */
void fz_compile(const char *path, const uint8_t *data, size_t len);

/* fz_compile, then the HTML site of the pack twice (one job): the bodies
 * and link lists rendered by body_html.c, then by the templates (a
 * --templates folder holding copies of the shipped body.xsl and
 * common.xsl); aborts when a page differs by a byte, or either fails. */
void fz_compile_site(const char *path, const uint8_t *data, size_t len);

/* A Markdown body under a fixed front matter of an approved policy that
 * checks clean (so every input reaches the body converter, emit_body.c,
 * and the reference and link scan, markdown.c), as policies/fuzzed.md:
 * fz_compile, or with `site` fz_compile_site. */
void fz_compile_body(const uint8_t *data, size_t size, int site);

/* The folder of this process (under /dev/shm when there is one), made at the
 * first call; removed at exit. */
const char *fz_workdir(void);

/* Reports a finding on stderr and aborts (libFuzzer saves the input). */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Writes len bytes of data to path, replacing it; aborts on failure. */
void fz_write(const char *path, const void *data, size_t len);

#endif
