/* fuzz_body_html: a Markdown body as fuzz_body lays it out, compiled, then
 * the site rendered twice: the bodies and link lists by body_html.c and by
 * the templates (body.xsl, common.xsl). Every page must be the same bytes
 * (harness.c, fz_compile_site): the C rendering may never differ from the
 * templates it mirrors. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_compile_body(data, size, 1);
	return 0;
}
