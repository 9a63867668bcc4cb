#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"

static ismc_doc *S_scan(ismc_arena *a, const char *body, int body_line)
{
	ismc_doc *doc = ismc_arena_alloc(a, sizeof(*doc));
	doc->path = "p.md";
	doc->body_line = body_line;
	ismc_markdown_scan(a, doc, body, strlen(body));
	return doc;
}

Test(markdown, finds_bracketed_ids_with_positions)
{
	ismc_arena *a = ismc_arena_new();
	ismc_doc *d = S_scan(a, "Intro [POL-003] and *see [A.8.13]*.\n\n| x | y |\n|---|---|\n| [R-1] | z |\n", 10);
	cr_assert_eq(d->nrefs, 3);
	cr_assert_str_eq(d->refs[0].id, "POL-003");
	cr_assert_eq(d->refs[0].pos.line, 10);
	cr_assert_eq(d->refs[0].pos.col, 7);
	cr_assert_str_eq(d->refs[1].id, "A.8.13");
	cr_assert_eq(d->refs[1].pos.col, 26);
	cr_assert_str_eq(d->refs[2].id, "R-1");
	cr_assert_eq(d->refs[2].pos.line, 14);
	cr_assert_eq(d->refs[2].pos.col, 3);
	ismc_arena_free(a);
}

Test(markdown, leaves_code_links_and_prose_alone)
{
	ismc_arena *a = ismc_arena_new();
	ismc_doc *d = S_scan(a,
	                     "`[POL-1]` and\n\n```\n[POL-2]\n```\n\n[POL-3](x.md) [1] [x] [see below] \\[POL-4]\n"
	                     "- [ ] task\n- [x] done\n",
	                     1);
	cr_assert_eq(d->nrefs, 0, "found %zu", d->nrefs);
	cr_assert_eq(d->nlinks, 1);
	cr_assert_str_eq(d->links[0].url, "x.md");
	cr_assert_eq(d->links[0].pos.line, 7);
	ismc_arena_free(a);
}

Test(markdown, positions_survive_escapes_and_crlf)
{
	ismc_arena *a = ismc_arena_new();
	ismc_doc *d = S_scan(a, "a \\* b &amp; [POL-9]\r\nnext [POL-8]\r\n", 5);
	cr_assert_eq(d->nrefs, 2);
	cr_assert_eq(d->refs[0].pos.col, 14);
	cr_assert_eq(d->refs[1].pos.line, 6);
	cr_assert_eq(d->refs[1].pos.col, 6);
	ismc_arena_free(a);
}

Test(markdown, an_escaped_id_does_not_hide_the_same_id_later)
{
	ismc_arena *a = ismc_arena_new();
	ismc_doc *d = S_scan(a, "Escaped \\[POL-1] is text; [POL-1] &amp; [POL-1] are not.\n", 3);
	cr_assert_eq(d->nrefs, 2, "found %zu", d->nrefs);
	cr_assert_eq(d->refs[0].pos.col, 27);
	cr_assert_eq(d->refs[1].pos.col, 41);
	ismc_arena_free(a);
}

Test(markdown, slugs_follow_github)
{
	ismc_arena *a = ismc_arena_new();
	cr_assert_str_eq(ismc_slugify(a, "Restore & Test: Step 1"), "restore--test-step-1");
	cr_assert_str_eq(ismc_slugify(a, "A.5.15 Access control"), "a515-access-control");
	cr_assert_str_eq(ismc_slugify(a, "Élan — “quoted”"), "élan--quoted");
	ismc_doc *d = S_scan(a, "# Scope\n## Scope\n## `code` *em*\n", 1);
	cr_assert_eq(d->nslugs, 3);
	cr_assert_str_eq(d->slugs[0], "scope");
	cr_assert_str_eq(d->slugs[1], "scope-1");
	cr_assert_str_eq(d->slugs[2], "code-em");
	ismc_arena_free(a);
}

Test(frontmatter, splits_and_counts_lines)
{
	size_t yo, yl, bo;
	int bl;
	const char *t = "---\r\nid: X-1\r\n---\r\nbody";
	cr_assert_eq(ismc_frontmatter_split(t, strlen(t), &yo, &yl, &bo, &bl), 1);
	cr_assert_eq(yo, 5);
	cr_assert_eq(yl, 9);
	cr_assert_str_eq(t + bo, "body");
	cr_assert_eq(bl, 4);
	cr_assert_eq(ismc_frontmatter_split("# no", 4, &yo, &yl, &bo, &bl), 0);
	cr_assert_eq(ismc_frontmatter_split("---\nid: x\n", 10, &yo, &yl, &bo, &bl), -1);
}
