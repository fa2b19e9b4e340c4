/* The recording's building blocks (kernel/replay/): FNV-1a, which identifies the
 * files a run read, checked against the test vectors of its specification
 * (draft-eastlake-fnv, "FNV-1a 64-bit"), and the escaping of the header's and the
 * files list's values, which must give every string back. */
#include "unit.h"
#include <emu/replay.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t fnv(const char *s)
{
	return fnv1a64(FNV1A64_INIT, s, strlen(s));
}

static void fnv1a64_matches_the_specification(void **state)
{
	assert_true(fnv("") == 0xcbf29ce484222325ULL);
	assert_true(fnv("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(fnv("foobar") == 0x85944171f73967e8ULL);
}

static void fnv1a64_continues_across_pieces(void **state)
{
	uint64_t h = fnv1a64(FNV1A64_INIT, "foo", 3);

	assert_true(fnv1a64(h, "bar", 3) == fnv("foobar"));
}

static char *escaped(const char *s)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	fput_escaped(out, s);
	fclose(out);
	return text;
}

static void escape_keeps_one_line(void **state)
{
	char *e = escaped("a\\b\nc\x01 d\x7f");

	assert_string_equal(e, "a\\\\b\\nc\\x01 d\\x7f");
	free(e);
}

static void unescape_gives_the_string_back(void **state)
{
	static const char *const cases[] = { "", "plain", "x=1\ny=2", "back\\slash\\n",
					     "\x01\x1f\x7f\t", "a b  c", "\\x41" };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = escaped(cases[i]), *back = unescape(e);
		assert_null(strchr(e, '\n'));
		assert_string_equal(back, cases[i]);
		free(e);
		free(back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fnv1a64_matches_the_specification),
		cmocka_unit_test(fnv1a64_continues_across_pieces),
		cmocka_unit_test(escape_keeps_one_line),
		cmocka_unit_test(unescape_gives_the_string_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
