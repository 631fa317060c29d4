/*
 * Tests for lib/string.c. Results are checked by hand, and where the host
 * C library has the same function, against it too (only the sign of a
 * comparison is specified, so that is all that is compared).
 */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "suite.h"
#include "mica_lib.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* --- memcpy / memmove / memset / memcmp --- */

START_TEST(test_memcpy)
{
	char dst[16];
	const char src[] = "0123456789";

	memset(dst, 'X', sizeof dst);
	ck_assert_ptr_eq(mica_memcpy(dst, src, 5), dst);
	ck_assert_mem_eq(dst, "01234XXXXX", 10);

	/* n == 0 copies nothing, and any pointers are fine. */
	ck_assert_ptr_eq(mica_memcpy(dst, NULL, 0), dst);
	ck_assert_mem_eq(dst, "01234XXXXX", 10);

	mica_memcpy(dst, src, sizeof src);
	ck_assert_str_eq(dst, src);
}
END_TEST

/*
 * Overlapping moves of n bytes from offset from to offset to in a buffer
 * of distinct bytes, in both directions and by every shift, compared
 * with moving through a separate copy.
 */
START_TEST(test_memmove_overlap)
{
	unsigned char buf[32], want[32], tmp[32];
	size_t from, to, n, i;
	void *r;

	for (from = 0; from < 16; from++) {
		for (to = 0; to < 16; to++) {
			for (n = 0; n <= 16; n++) {
				for (i = 0; i < sizeof buf; i++)
					buf[i] = want[i] = (unsigned char)i;
				memcpy(tmp, want + from, n);
				memcpy(want + to, tmp, n);
				r = mica_memmove(buf + to, buf + from, n);
				ck_assert_ptr_eq(r, buf + to);
				ck_assert_msg(memcmp(buf, want, sizeof buf) == 0,
					      "memmove(+%zu, +%zu, %zu)",
					      to, from, n);
			}
		}
	}
}
END_TEST

START_TEST(test_memmove_directions)
{
	char up[] = "abcdefgh";
	char down[] = "abcdefgh";

	/* dst above src: a naive forward copy would give "ababab..". */
	mica_memmove(up + 2, up, 6);
	ck_assert_str_eq(up, "ababcdef");
	/* dst below src. */
	mica_memmove(down, down + 2, 6);
	ck_assert_str_eq(down, "cdefghgh");
}
END_TEST

START_TEST(test_memset)
{
	unsigned char buf[8];

	memset(buf, 'X', sizeof buf);
	ck_assert_ptr_eq(mica_memset(buf + 1, 0, 3), buf + 1);
	ck_assert_mem_eq(buf, "X\0\0\0XXXX", 8);
	/* Only the low byte of c is used. */
	mica_memset(buf, 0x1ff, 2);
	ck_assert_int_eq(buf[0], 0xff);
	ck_assert_int_eq(buf[1], 0xff);
	ck_assert_int_eq(buf[2], 0);
	mica_memset(buf, 'Y', 0);
	ck_assert_int_eq(buf[0], 0xff);
}
END_TEST

/* memcpy and memset move words, then the last bytes: every length and
 * both alignments of the word part must come out exact, touching nothing
 * outside [0, n). */
START_TEST(test_words_and_tails)
{
	unsigned char src[80], dst[96], want[96];
	size_t n, off, i;

	for (i = 0; i < sizeof src; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (off = 0; off < 4; off++) {
		for (n = 0; n <= 70; n++) {
			memset(dst, 0xee, sizeof dst);
			memcpy(want, dst, sizeof want);
			memcpy(want + off, src + 3, n);
			ck_assert_ptr_eq(mica_memcpy(dst + off, src + 3, n), dst + off);
			ck_assert_msg(memcmp(dst, want, sizeof dst) == 0, "memcpy n %zu off %zu", n, off);

			memset(want + off, 0x5a, n);
			ck_assert_ptr_eq(mica_memset(dst + off, 0x15a, n), dst + off);
			ck_assert_msg(memcmp(dst, want, sizeof dst) == 0, "memset n %zu off %zu", n, off);
		}
	}
}
END_TEST

START_TEST(test_memcmp)
{
	static const struct { const char *a, *b; size_t n; } c[] = {
		{ "abc", "abc", 3 },
		{ "abc", "abd", 3 },
		{ "abd", "abc", 3 },
		{ "abc", "abd", 2 },
		{ "abc", "xyz", 0 },
		{ "a\0b", "a\0c", 3 },     /* NULs are ordinary bytes here */
		{ "\x80", "\x7f", 1 },     /* bytes compare as unsigned */
		{ "\xff", "\x01", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		ck_assert_msg(sign(mica_memcmp(c[i].a, c[i].b, c[i].n)) ==
			      sign(memcmp(c[i].a, c[i].b, c[i].n)),
			      "memcmp case %zu", i);
	ck_assert_int_eq(mica_memcmp("abc", "abc", 3), 0);
	ck_assert_int_lt(mica_memcmp("\x01", "\xff", 1), 0);
}
END_TEST

/* --- strlen / strnlen --- */

START_TEST(test_strlen)
{
	ck_assert_uint_eq(mica_strlen(""), 0);
	ck_assert_uint_eq(mica_strlen("a"), 1);
	ck_assert_uint_eq(mica_strlen("hello"), 5);
	ck_assert_uint_eq(mica_strlen("ab\0cd"), 2);
}
END_TEST

/* "abc" at the very end of a readable page, with no NUL after it. */
static const char *unterminated_abc(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(mprotect(p + page, page, PROT_NONE), 0);
	memcpy(p + page - 3, "abc", 3);
	return p + page - 3;
}

START_TEST(test_strnlen)
{
	const char *abc = unterminated_abc();

	ck_assert_uint_eq(mica_strnlen("hello", 10), 5);
	ck_assert_uint_eq(mica_strnlen("hello", 5), 5);
	ck_assert_uint_eq(mica_strnlen("hello", 3), 3);
	ck_assert_uint_eq(mica_strnlen("hello", 0), 0);
	ck_assert_uint_eq(mica_strnlen("", 4), 0);
	/* Must stop at max without reading further (or it faults). */
	ck_assert_uint_eq(mica_strnlen(abc, 3), 3);
	ck_assert_uint_eq(mica_strnlen(abc, 2), 2);
}
END_TEST

/* --- strcmp / strncmp --- */

START_TEST(test_strcmp)
{
	static const char *const s[] = {
		"", "a", "b", "ab", "abc", "abd", "abcd", "A", "\x80", "\x7f",
		"\xff" "a", "\xff",
	};
	size_t i, j;

	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		for (j = 0; j < sizeof s / sizeof s[0]; j++)
			ck_assert_msg(sign(mica_strcmp(s[i], s[j])) ==
				      sign(strcmp(s[i], s[j])),
				      "strcmp(\"%s\", \"%s\")", s[i], s[j]);
	ck_assert_int_eq(mica_strcmp("same", "same"), 0);
	ck_assert_int_lt(mica_strcmp("ab", "abc"), 0);
	ck_assert_int_gt(mica_strcmp("\x80", "a"), 0);
}
END_TEST

START_TEST(test_strncmp)
{
	static const char *const s[] = {
		"", "a", "ab", "abc", "abd", "abcd", "b", "\x80", "\x01",
	};
	size_t i, j, n;
	int got, want;

	for (i = 0; i < sizeof s / sizeof s[0]; i++) {
		for (j = 0; j < sizeof s / sizeof s[0]; j++) {
			for (n = 0; n <= 5; n++) {
				got = sign(mica_strncmp(s[i], s[j], n));
				want = sign(strncmp(s[i], s[j], n));
				ck_assert_msg(got == want,
					      "strncmp(\"%s\", \"%s\", %zu)",
					      s[i], s[j], n);
			}
		}
	}
	ck_assert_int_eq(mica_strncmp("abcX", "abcY", 3), 0);
	ck_assert_int_eq(mica_strncmp("x", "y", 0), 0);
	/* Stops at a common NUL: bytes after it do not count. */
	ck_assert_int_eq(mica_strncmp("ab\0x", "ab\0y", 4), 0);
}
END_TEST

/* --- strchr / strrchr --- */

START_TEST(test_strchr)
{
	const char *s = "hello, world";
	const char *high = "a\xe9z";

	ck_assert_ptr_eq(mica_strchr(s, 'o'), s + 4);
	ck_assert_ptr_eq(mica_strchr(s, 'h'), s);
	ck_assert_ptr_eq(mica_strchr(s, 'd'), s + 11);
	ck_assert_ptr_null(mica_strchr(s, 'z'));
	/* The terminator is part of the string. */
	ck_assert_ptr_eq(mica_strchr(s, '\0'), s + 12);
	ck_assert_ptr_eq(mica_strchr("", '\0'), mica_strchr("", 0));
	ck_assert_ptr_null(mica_strchr("", 'a'));
	/* c is converted to char. */
	ck_assert_ptr_eq(mica_strchr(s, 'o' + 256), s + 4);
	ck_assert_ptr_eq(mica_strchr(high, 0xe9), high + 1);
	ck_assert_ptr_eq(mica_strchr(high, (char)0xe9), high + 1);
}
END_TEST

START_TEST(test_strrchr)
{
	const char *s = "hello, world";

	ck_assert_ptr_eq(mica_strrchr(s, 'o'), s + 8);
	ck_assert_ptr_eq(mica_strrchr(s, 'l'), s + 10);
	ck_assert_ptr_eq(mica_strrchr(s, 'h'), s);
	ck_assert_ptr_null(mica_strrchr(s, 'z'));
	ck_assert_ptr_eq(mica_strrchr(s, '\0'), s + 12);
	ck_assert_ptr_null(mica_strrchr("", 'a'));
	ck_assert_ptr_eq(mica_strrchr(s, 'o' + 256), s + 8);
}
END_TEST

/* --- strlcpy / strlcat --- */

START_TEST(test_strlcpy)
{
	char buf[8];

	/* Fits. */
	memset(buf, 'X', sizeof buf);
	ck_assert_uint_eq(mica_strlcpy(buf, "abc", sizeof buf), 3);
	ck_assert_mem_eq(buf, "abc\0XXXX", 8);

	/* Exactly fits: 7 characters and the NUL. */
	ck_assert_uint_eq(mica_strlcpy(buf, "1234567", sizeof buf), 7);
	ck_assert_str_eq(buf, "1234567");

	/* Truncated: still terminated, returns the length it wanted. */
	memset(buf, 'X', sizeof buf);
	ck_assert_uint_eq(mica_strlcpy(buf, "0123456789", 5), 10);
	ck_assert_mem_eq(buf, "0123\0XXX", 8);

	/* Size 1: only the NUL. Size 0: nothing at all. */
	memset(buf, 'X', sizeof buf);
	ck_assert_uint_eq(mica_strlcpy(buf, "abc", 1), 3);
	ck_assert_mem_eq(buf, "\0XXXXXXX", 8);
	memset(buf, 'X', sizeof buf);
	ck_assert_uint_eq(mica_strlcpy(buf, "abc", 0), 3);
	ck_assert_mem_eq(buf, "XXXXXXXX", 8);

	ck_assert_uint_eq(mica_strlcpy(buf, "", sizeof buf), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_strlcat)
{
	char buf[8];

	/* Fits. */
	memset(buf, 'X', sizeof buf);
	strcpy(buf, "ab");
	ck_assert_uint_eq(mica_strlcat(buf, "cd", sizeof buf), 4);
	ck_assert_mem_eq(buf, "abcd\0XXX", 8);

	/* Exactly fits. */
	ck_assert_uint_eq(mica_strlcat(buf, "efg", sizeof buf), 7);
	ck_assert_str_eq(buf, "abcdefg");

	/* Full already: nothing appended, the wanted length returned. */
	ck_assert_uint_eq(mica_strlcat(buf, "hij", sizeof buf), 10);
	ck_assert_str_eq(buf, "abcdefg");

	/* Truncated. */
	strcpy(buf, "abc");
	ck_assert_uint_eq(mica_strlcat(buf, "0123456789", sizeof buf), 13);
	ck_assert_str_eq(buf, "abc0123");

	/* No NUL in the first size bytes: dst is left alone. */
	memset(buf, 'X', sizeof buf);
	ck_assert_uint_eq(mica_strlcat(buf, "abc", 4), 7);
	ck_assert_mem_eq(buf, "XXXXXXXX", 8);
	ck_assert_uint_eq(mica_strlcat(buf, "abc", 0), 3);
	ck_assert_mem_eq(buf, "XXXXXXXX", 8);

	/* Appending to an empty string is strlcpy. */
	buf[0] = '\0';
	ck_assert_uint_eq(mica_strlcat(buf, "xyz", sizeof buf), 3);
	ck_assert_str_eq(buf, "xyz");
}
END_TEST

static Suite *string_suite(void)
{
	Suite *s = suite_create("string");
	TCase *tc;

	tc = tcase_create("mem");
	tcase_add_test(tc, test_memcpy);
	tcase_add_test(tc, test_memmove_overlap);
	tcase_add_test(tc, test_memmove_directions);
	tcase_add_test(tc, test_memset);
	tcase_add_test(tc, test_words_and_tails);
	tcase_add_test(tc, test_memcmp);
	suite_add_tcase(s, tc);

	tc = tcase_create("str");
	tcase_add_test(tc, test_strlen);
	tcase_add_test(tc, test_strnlen);
	tcase_add_test(tc, test_strcmp);
	tcase_add_test(tc, test_strncmp);
	tcase_add_test(tc, test_strchr);
	tcase_add_test(tc, test_strrchr);
	tcase_add_test(tc, test_strlcpy);
	tcase_add_test(tc, test_strlcat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(string_suite());
}
