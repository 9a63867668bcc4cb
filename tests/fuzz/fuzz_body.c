/* fuzz_body: a Markdown body under a fixed front matter that checks clean
 * (an approved policy), so every input reaches the body converter
 * (emit_body.c) and the reference and link scan (markdown.c) instead of
 * stopping at the front matter; then the whole compile (harness.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_compile_body(data, size, 0);
	return 0;
}
