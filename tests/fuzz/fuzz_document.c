/* fuzz_document: one Markdown document with YAML front matter, added to the
 * minimal fixture as policies/fuzzed.md, through the whole compile
 * (harness.c): front matter split, fields, cmark-gfm body, references and
 * links, every rule, every report format, the XML with the body converted. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_compile("policies/fuzzed.md", data, size);
	return 0;
}
