#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"

Test(date, parses_real_dates_only)
{
	long d;
	cr_assert_eq(ismc_date_parse("1970-01-01", &d), 0);
	cr_assert_eq(d, 0);
	cr_assert_eq(ismc_date_parse("2024-02-29", &d), 0);
	cr_assert_neq(ismc_date_parse("2023-02-29", &d), 0, "2023 is no leap year");
	cr_assert_neq(ismc_date_parse("2026-13-01", &d), 0);
	cr_assert_neq(ismc_date_parse("2026-1-01", &d), 0);
	cr_assert_neq(ismc_date_parse("2026-01-01T00", &d), 0);
}

Test(date, round_trips_and_adds_calendar_months)
{
	long d;
	char out[11];
	cr_assert_eq(ismc_date_parse("2026-01-31", &d), 0);
	ismc_date_format(ismc_date_add(d, 1, ISMC_MONTHS), out);
	cr_assert_str_eq(out, "2026-02-28", "month ends clamp");
	ismc_date_format(ismc_date_add(d, -12, ISMC_MONTHS), out);
	cr_assert_str_eq(out, "2025-01-31");
	ismc_date_format(ismc_date_add(d, -13, ISMC_MONTHS), out);
	cr_assert_str_eq(out, "2024-12-31");
	ismc_date_format(ismc_date_add(d, 2, ISMC_WEEKS), out);
	cr_assert_str_eq(out, "2026-02-14");
	ismc_date_format(ismc_date_add(d, 1, ISMC_YEARS), out);
	cr_assert_str_eq(out, "2027-01-31");
}

Test(duration, accepts_units_singular_and_plural)
{
	long n;
	int u;
	cr_assert_eq(ismc_duration_parse("12 months", &n, &u), 0);
	cr_assert_eq(n, 12);
	cr_assert_eq(u, ISMC_MONTHS);
	cr_assert_eq(ismc_duration_parse("1 year", &n, &u), 0);
	cr_assert_eq(u, ISMC_YEARS);
	cr_assert_neq(ismc_duration_parse("12", &n, &u), 0);
	cr_assert_neq(ismc_duration_parse("0 days", &n, &u), 0);
	cr_assert_neq(ismc_duration_parse("3 fortnights", &n, &u), 0);
}

Test(utf8, finds_the_first_bad_byte)
{
	cr_assert_eq(ismc_utf8_invalid("h\xc3\xa9llo", 6), 0);
	cr_assert_eq(ismc_utf8_invalid("ab\xe9z", 4), 3);
	cr_assert_eq(ismc_utf8_invalid("\xc0\x80", 2), 1, "overlong NUL");
	cr_assert_eq(ismc_utf8_invalid("\xed\xa0\x80", 3), 1, "surrogate");
	cr_assert_eq(ismc_utf8_invalid("x\xe2\x82", 3), 2, "truncated");
	/* in and around the runs of ASCII read eight bytes at a time */
	for (size_t at = 0; at < 24; at++) {
		char b[25];
		memset(b, 'a', 24);
		b[24] = '\0';
		b[at] = '\xff';
		cr_assert_eq(ismc_utf8_invalid(b, 24), at + 1, "0xff at %zu", at);
		if (at + 1 < 24) {
			b[at] = '\xc3', b[at + 1] = '\xa9';
			cr_assert_eq(ismc_utf8_invalid(b, 24), 0, "two bytes at %zu", at);
			b[at + 1] = 'a';
			cr_assert_eq(ismc_utf8_invalid(b, 24), at + 1, "a lead alone at %zu", at);
		}
		b[at] = '\xc3';
		cr_assert_eq(ismc_utf8_invalid(b, at + 1), at + 1, "cut at %zu", at);
	}
}

Test(closest, suggests_likely_typos_only)
{
	const char *c[] = { "approved_by", "approved_on", "owner" };
	cr_assert_str_eq(ismc_closest("aproved_by", c, 3), "approved_by");
	cr_assert_str_eq(ismc_closest("ownr", c, 3), "owner");
	cr_assert_null(ismc_closest("reviewer", c, 3));
}

Test(map, holds_many_keys_and_keeps_the_first)
{
	ismc_map *m = ismc_map_new();
	char keys[5000][8];
	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof keys[i], "K-%d", i);
		cr_assert_null(ismc_map_put(m, keys[i], keys[i]));
	}
	cr_assert_eq(ismc_map_count(m), 5000);
	cr_assert_eq(ismc_map_put(m, "K-42", "other"), keys[42]);
	cr_assert_eq(ismc_map_get(m, "K-4999"), keys[4999]);
	cr_assert_null(ismc_map_get(m, "K-5000"));
	ismc_map_free(m);
}

/* A map by address tells equal strings at two addresses apart, and finds
 * each of many objects again. */
Test(map, by_address_keys_objects_not_their_text)
{
	ismc_map *m = ismc_map_new_byaddr();
	static char objs[3000][4];
	for (int i = 0; i < 3000; i++) {
		strcpy(objs[i], "x");
		cr_assert_null(ismc_map_put(m, objs[i], &objs[i][1]));
	}
	cr_assert_eq(ismc_map_count(m), 3000);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(ismc_map_get(m, objs[i]), &objs[i][1]);
	cr_assert_null(ismc_map_get(m, "x"));
	cr_assert_null(ismc_map_get(m, &objs[7][1]));
	ismc_map_free(m);
}

Test(glob, matches_folders_and_names)
{
	cr_assert(ismc_glob_match("drafts/**", "drafts/a.md"));
	cr_assert(ismc_glob_match("drafts/**", "drafts/x/y.md"));
	cr_assert(!ismc_glob_match("drafts/**", "drafts.md"));
	cr_assert(ismc_glob_match("drafts", "drafts/x/y.md"));
	cr_assert(ismc_glob_match("**/tmp/*.md", "a/b/tmp/c.md"));
	cr_assert(ismc_glob_match("**/tmp/*.md", "tmp/c.md"));
	cr_assert(!ismc_glob_match("*.md", "a/b.md"), "a star stays in its folder");
	cr_assert(ismc_glob_match("p?l/*.md", "pol/a.md"));
}

/* The one escaping of user text for terminals and logs. */
static void S_esc(const char *in, size_t n, const char *want)
{
	ismc_buf b = { 0 };
	ismc_buf_escape(&b, in, n);
	cr_expect_str_eq(b.data, want);
	ismc_buf_free(&b);
}

Test(escape, makes_controls_and_bad_bytes_visible)
{
	S_esc("plain é ✓", strlen("plain é ✓"), "plain é ✓");
	S_esc("a\nb\rc\td", 7, "a\\nb\\rc\\td");
	S_esc("\x1b[31mred\x07", 9, "\\x1b[31mred\\x07");
	S_esc("del\x7f", 4, "del\\x7f");
	S_esc("c1\xc2\x9b!", 5, "c1\\u009b!"); /* U+009B, a one-character CSI */
	S_esc("bad\xff\xfe", 5, "bad\\xff\\xfe");
	S_esc("cut\xc3", 4, "cut\\xc3");
	S_esc("nul\0x", 5, "nul\\x00x");
	S_esc("", 0, "");
	/* the forgery of a workflow command needs a line break: none is left */
	S_esc("x.md\n::error file=y::forged", 27, "x.md\\n::error file=y::forged");
}

Test(escape, finds_the_first_unsafe_byte)
{
	cr_expect_eq(ismc_text_unsafe("policies/a.md", 13), 0);
	cr_expect_eq(ismc_text_unsafe("é/ü.md", strlen("é/ü.md")), 0);
	cr_expect_eq(ismc_text_unsafe("a\nb", 3), 2);
	cr_expect_eq(ismc_text_unsafe("ab\xff", 3), 3);
	cr_expect_eq(ismc_text_unsafe("a\xc2\x85", 3), 2, "NEL, a C1 control");
	cr_expect_eq(ismc_text_unsafe("a\x7f", 2), 2);
	cr_expect_eq(ismc_text_unsafe("tab\there", 8), 4);
}
