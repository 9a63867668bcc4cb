/* fuzz_body: a Markdown body under a fixed front matter that checks clean
 * (an approved policy), so every input reaches the body converter
 * (emit_body.c) and the reference and link scan (markdown.c) instead of
 * stopping at the front matter; then the whole compile (harness.c). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static const char S_front[] =
	"---\n"
	"id: DOC-FUZZ\n"
	"title: Fuzzed body\n"
	"type: policy\n"
	"owner: CISO\n"
	"version: \"1.0\"\n"
	"status: approved\n"
	"approved_by: CEO\n"
	"approved_on: 2026-01-15\n"
	"controls: [A.5.15]\n"
	"related: [DOC-SCOPE, R-001, AS-001]\n"
	"---\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = sizeof S_front - 1;
	uint8_t *doc = malloc(n + size + 1);
	if (!doc)
		abort();
	memcpy(doc, S_front, n);
	if (size)
		memcpy(doc + n, data, size);
	fz_compile("policies/fuzzed.md", doc, n + size);
	free(doc);
	return 0;
}
