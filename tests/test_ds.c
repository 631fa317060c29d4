/*
 * Tests for DS's key patterns and store (user/servers/ds/match.c,
 * store.c), compiled for the host unchanged: anchored patterns with '*'
 * judged against a brute-force matcher written here (every way of
 * splitting the key), on hand-picked cases and on 200,000 random ones,
 * including the patterns that make a naive backtracking matcher take
 * exponential time; and the store's finding, filling, order and the
 * choice of what an ended process leaves behind.
 */
#include <stdio.h>
#include <string.h>

#include "suite.h"
#include "mica_lib.h"
#include "store.h"

/* Does pattern match key? By trying every length for every '*'. */
static int brute(const char *p, const char *k)
{
	size_t i;

	if (*p == '\0')
		return *k == '\0';
	if (*p == '*') {
		for (i = 0; i <= strlen(k); i++)
			if (brute(p + 1, k + i))
				return 1;
		return 0;
	}
	return *k == *p && brute(p + 1, k + 1);
}

START_TEST(test_cases)
{
	static const struct { const char *p, *k; int m; } cases[] = {
		{ "a", "a", 1 }, { "a", "b", 0 }, { "a", "ab", 0 }, { "ab", "a", 0 },
		{ "*", "", 1 }, { "*", "anything", 1 }, { "", "", 1 }, { "", "a", 0 },
		{ "pub.*", "pub.a", 1 }, { "pub.*", "pub.", 1 }, { "pub.*", "pub", 0 },
		{ "pub.*", "xpub.a", 0 }, { "*.a", "pub.a", 1 }, { "*.a", "pub.ab", 0 },
		{ "a*b*c", "abc", 1 }, { "a*b*c", "aXbYc", 1 }, { "a*b*c", "acb", 0 },
		{ "a*b*c", "abcbc", 1 }, { "a*b*c", "abcb", 0 }, { "**", "x", 1 },
		{ "?", "?", 1 }, { "?", "a", 0 }, { "*?", "a?", 1 }, { "a*", "a*", 1 },
		{ "*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(ds_match(cases[i].p, cases[i].k) == cases[i].m, "'%s' on '%s'",
			      cases[i].p, cases[i].k);
}
END_TEST

START_TEST(test_random)
{
	static const char alphabet[] = "ab*.";
	char p[12], k[12];
	unsigned rng = 20261201, n, i, len;

	for (n = 0; n < 200000; n++) {
		rng = rng * 1103515245u + 12345u;
		len = (rng >> 16) % 10;
		for (i = 0; i < len; i++) {
			rng = rng * 1103515245u + 12345u;
			p[i] = alphabet[(rng >> 16) % 4];
		}
		p[len] = '\0';
		rng = rng * 1103515245u + 12345u;
		len = (rng >> 16) % 10;
		for (i = 0; i < len; i++) {
			rng = rng * 1103515245u + 12345u;
			k[i] = alphabet[(rng >> 16) % 4];
		}
		k[len] = '\0';
		ck_assert_msg(ds_match(p, k) == brute(p, k), "'%s' on '%s': %d", p, k,
			      ds_match(p, k));
	}
}
END_TEST

/* Long keys against many stars: linear per star, so this is quick. */
START_TEST(test_no_blowup)
{
	char key[DS_KEY_MAX];

	memset(key, 'a', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	ck_assert_int_eq(ds_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", key), 0);
	ck_assert_int_eq(ds_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", key), 1);
}
END_TEST

static void setup(void)
{
	store_init();
}

START_TEST(test_store)
{
	char key[DS_KEY_MAX];
	struct entry *e;
	int i;

	ck_assert_ptr_null(store_find("a"));
	ck_assert_ptr_null(store_at(0));
	for (i = 0; i < DS_ENTRIES_MAX; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_ptr_nonnull(e = store_new(key));
		e->type = DSF_U32;
		e->value = (u32_t)i;
	}
	ck_assert_ptr_null(store_new("one more"));
	ck_assert_uint_eq(store_find("k17")->value, 17);
	ck_assert_str_eq(store_at(5)->key, "k5");
	ck_assert_ptr_null(store_at(DS_ENTRIES_MAX));
	store_delete(store_find("k3"));
	ck_assert_ptr_null(store_find("k3"));
	ck_assert_str_eq(store_at(3)->key, "k4");     /* in table order, k3 skipped */
	ck_assert_ptr_nonnull(e = store_new("new"));  /* takes the freed entry */
	ck_assert_ptr_eq(store_find("new"), e);
	ck_assert_str_eq(store_at(3)->key, "new");
	ck_assert_uint_eq(e->value, 0);               /* cleared when deleted */
}
END_TEST

static endpoint_t dead_one;
static int alive(endpoint_t e)
{
	return e != dead_one;
}

START_TEST(test_left_behind)
{
	struct entry *a = store_new("a"), *b = store_new("b"), *c = store_new("c");

	a->owner = 10; a->type = DSF_U32;
	b->owner = 11; b->type = DSF_LABEL; b->value = 12;   /* 11 names 12 */
	c->owner = 12; c->type = DSF_U32;
	dead_one = 99;
	ck_assert_ptr_null(store_next_owned_by_dead(alive));
	dead_one = 12;   /* both what 12 owns and the label naming it */
	ck_assert_ptr_eq(store_next_owned_by_dead(alive), b);
	store_delete(b);
	ck_assert_ptr_eq(store_next_owned_by_dead(alive), c);
	store_delete(c);
	ck_assert_ptr_null(store_next_owned_by_dead(alive));
	ck_assert_ptr_eq(store_find("a"), a);
}
END_TEST

static Suite *ds_suite(void)
{
	Suite *s = suite_create("ds");
	TCase *tc;

	tc = tcase_create("match");
	tcase_add_test(tc, test_cases);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_no_blowup);
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_store);
	tcase_add_test(tc, test_left_behind);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ds_suite());
}
