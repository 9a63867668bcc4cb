/* fuzz_register: one YAML register (risks, assets or controls), added to
 * the minimal fixture as registers/fuzzed.yml, so its records meet the
 * fixture's (duplicates, references, the SoA), through the whole compile
 * (harness.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_compile("registers/fuzzed.yml", data, size);
	return 0;
}
