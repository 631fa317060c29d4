/*
 * Tests for the endpoint arithmetic in include/mica/endpoint.h: packing a
 * slot and a generation, unpacking them, and telling garbage apart.
 */
#include <limits.h>
#include <stdlib.h>

#include <mica/endpoint.h>

#include "suite.h"

/* Kernel tasks: generation 0, so the endpoint is the slot itself. */
START_TEST(test_task_round_trip)
{
	int slot;
	endpoint_t e;

	for (slot = -NR_TASKS; slot < 0; slot++) {
		e = endpoint_make(slot, 0);
		ck_assert_int_eq(e, slot);
		ck_assert_int_eq(endpoint_slot(e), slot);
		ck_assert_int_eq(endpoint_gen(e), 0);
		ck_assert_msg(endpoint_in_range(e), "task %d rejected", slot);
	}
	ck_assert_int_eq(IDLE, -4);
	ck_assert_int_eq(KERNEL, -1);
}
END_TEST

/* Process slots with the first, second and last generation. */
START_TEST(test_proc_round_trip)
{
	static const int gens[] = { 1, 2, ENDPOINT_MAX_GEN };
	int slot, i;
	endpoint_t e;

	for (slot = 0; slot < NR_PROCS; slot++) {
		for (i = 0; i < 3; i++) {
			e = endpoint_make(slot, gens[i]);
			ck_assert_msg(e > 0, "slot %d gen %d: %d", slot,
				      gens[i], e);
			ck_assert_int_eq(endpoint_slot(e), slot);
			ck_assert_int_eq(endpoint_gen(e), gens[i]);
			ck_assert_msg(endpoint_in_range(e),
				      "slot %d gen %d rejected", slot, gens[i]);
		}
	}
}
END_TEST

/* The generations test_round_trip_all_gens tries after g: every one of
 * the first 70,000, then every 997th, and the last one. */
static int next_tested_gen(int g)
{
	if (g < 70000)
		return g + 1;
	if (g < ENDPOINT_MAX_GEN && g + 997 > ENDPOINT_MAX_GEN)
		return ENDPOINT_MAX_GEN;
	return g + 997;
}

/* Every slot with those generations decodes back to itself. */
START_TEST(test_round_trip_all_gens)
{
	int slot, gen;
	endpoint_t e;

	for (gen = 1; gen <= ENDPOINT_MAX_GEN; gen = next_tested_gen(gen)) {
		for (slot = 0; slot < NR_PROCS; slot++) {
			e = endpoint_make(slot, gen);
			if (endpoint_slot(e) != slot ||
			    endpoint_gen(e) != gen || !endpoint_in_range(e))
				ck_abort_msg("slot %d gen %d -> %d -> (%d, %d)",
					     slot, gen, e, endpoint_slot(e),
					     endpoint_gen(e));
		}
	}
}
END_TEST

START_TEST(test_boot_processes)
{
	ck_assert_int_eq(endpoint_slot(VM_PROC_NR), VM_SLOT);
	ck_assert_int_eq(endpoint_gen(VM_PROC_NR), 1);
	ck_assert_int_eq(endpoint_slot(INIT_PROC_NR), INIT_SLOT);
	ck_assert_int_eq(endpoint_gen(INIT_PROC_NR), 1);
	ck_assert(endpoint_in_range(VM_PROC_NR));
	ck_assert(endpoint_in_range(INIT_PROC_NR));
}
END_TEST

START_TEST(test_special_rejected)
{
	ck_assert(!endpoint_in_range(ANY));
	ck_assert(!endpoint_in_range(NONE));
	ck_assert(!endpoint_in_range(SELF));
}
END_TEST

START_TEST(test_bad_slot_rejected)
{
	int gen;

	/* A slot past the table, with otherwise good generations. */
	for (gen = 1; gen <= 3; gen++) {
		ck_assert(!endpoint_in_range(endpoint_make(NR_PROCS, gen)));
		ck_assert(!endpoint_in_range(endpoint_make(NR_PROCS + 1, gen)));
		/* The biggest slot that still decodes as non-negative. */
		ck_assert(!endpoint_in_range(
			endpoint_make(ENDPOINT_GEN_SIZE - NR_TASKS - 1, gen)));
	}
}
END_TEST

START_TEST(test_bad_gen_rejected)
{
	int slot;
	endpoint_t e;

	/* Processes never have generation 0, nor one past the last. */
	for (slot = 0; slot < NR_PROCS; slot++) {
		ck_assert_msg(!endpoint_in_range(endpoint_make(slot, 0)),
			      "slot %d gen 0 accepted", slot);
		e = endpoint_make(slot, ENDPOINT_MAX_GEN + 1);
		ck_assert_msg(!endpoint_in_range(e),
			      "slot %d gen MAX+1 accepted", slot);
	}
	/* Kernel tasks never have any generation but 0. */
	for (slot = -NR_TASKS; slot < 0; slot++) {
		ck_assert_msg(!endpoint_in_range(endpoint_make(slot, 1)),
			      "task %d gen 1 accepted", slot);
		ck_assert_msg(!endpoint_in_range(endpoint_make(slot, 2)),
			      "task %d gen 2 accepted", slot);
		ck_assert_msg(!endpoint_in_range(
				      endpoint_make(slot, ENDPOINT_MAX_GEN)),
			      "task %d gen MAX accepted", slot);
	}
}
END_TEST

START_TEST(test_garbage_rejected)
{
	static const endpoint_t junk[] = {
		-NR_TASKS - 1, -5, -100, 0, INT_MIN, INT_MIN + 1, INT_MAX,
		INT_MAX - 1, ANY - 1, SELF + 1, NR_PROCS,
	};
	size_t i;

	for (i = 0; i < sizeof junk / sizeof junk[0]; i++)
		ck_assert_msg(!endpoint_in_range(junk[i]), "%d accepted",
			      junk[i]);
}
END_TEST

START_TEST(test_next_gen)
{
	int g, steps;

	ck_assert_int_eq(endpoint_next_gen(1), 2);
	ck_assert_int_eq(endpoint_next_gen(ENDPOINT_MAX_GEN - 1),
			 ENDPOINT_MAX_GEN);
	ck_assert_int_eq(endpoint_next_gen(ENDPOINT_MAX_GEN), 1);

	/* Never 0, always a valid process generation. */
	for (g = 0; g <= ENDPOINT_MAX_GEN; g++) {
		int n = endpoint_next_gen(g);

		if (n < 1 || n > ENDPOINT_MAX_GEN)
			ck_abort_msg("next_gen(%d) = %d", g, n);
	}

	/* Starting from 1, it visits every generation and comes back. */
	g = 1;
	for (steps = 1; steps <= ENDPOINT_MAX_GEN; steps++) {
		g = endpoint_next_gen(g);
		if (g == 1)
			break;
	}
	ck_assert_int_eq(steps, ENDPOINT_MAX_GEN);
}
END_TEST

/* Nothing a valid (slot, gen) makes can be ANY, NONE or SELF. */
START_TEST(test_special_unreachable)
{
	endpoint_t top = endpoint_make(NR_PROCS - 1, ENDPOINT_MAX_GEN);

	ck_assert_int_lt(top, ANY);
	ck_assert_int_lt(top, NONE);
	ck_assert_int_lt(top, SELF);
}
END_TEST

static int cmp_endpoint(const void *a, const void *b)
{
	endpoint_t x = *(const endpoint_t *)a, y = *(const endpoint_t *)b;

	return (x > y) - (x < y);
}

#define SMALL_GENS 256

/* Distinct (slot, gen) pairs give distinct endpoints, for small gens. */
START_TEST(test_distinct)
{
	enum { NSLOTS = NR_TASKS + NR_PROCS };
	static endpoint_t all[NSLOTS * SMALL_GENS];
	int slot, gen, n = 0, i;

	for (slot = -NR_TASKS; slot < NR_PROCS; slot++)
		for (gen = 0; gen < SMALL_GENS; gen++)
			all[n++] = endpoint_make(slot, gen);
	qsort(all, n, sizeof all[0], cmp_endpoint);
	for (i = 1; i < n; i++)
		ck_assert_msg(all[i] != all[i - 1], "%d made twice", all[i]);
}
END_TEST

static Suite *endpoint_suite(void)
{
	Suite *s = suite_create("endpoint");
	TCase *tc;

	tc = tcase_create("round trip");
	tcase_add_test(tc, test_task_round_trip);
	tcase_add_test(tc, test_proc_round_trip);
	tcase_add_test(tc, test_round_trip_all_gens);
	tcase_add_test(tc, test_boot_processes);
	tcase_add_test(tc, test_distinct);
	suite_add_tcase(s, tc);

	tc = tcase_create("in range");
	tcase_add_test(tc, test_special_rejected);
	tcase_add_test(tc, test_bad_slot_rejected);
	tcase_add_test(tc, test_bad_gen_rejected);
	tcase_add_test(tc, test_garbage_rejected);
	tcase_add_test(tc, test_special_unreachable);
	suite_add_tcase(s, tc);

	tc = tcase_create("generations");
	tcase_add_test(tc, test_next_gen);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(endpoint_suite());
}
