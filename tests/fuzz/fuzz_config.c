/* fuzz_config: isms.yml, in place of the minimal fixture's, through the
 * whole compile (harness.c): the scales, classifications, exclude globs,
 * extra fields and check severities it sets reach every later stage. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_compile("isms.yml", data, size);
	return 0;
}
