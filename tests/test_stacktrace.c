/*
 * Tests for lib/stacktrace.c: stack_walk() following a frame-pointer
 * chain that the test lays out by hand, and stack_print()'s line.
 *
 * stack_walk() uses the numbers it reads as addresses, 32 bits wide, so
 * the frames live in a mapping below 4 GiB (MAP_32BIT) and are built as
 * arrays of u32_t: [saved ebp][return address] at each frame pointer.
 *
 * stack_print() prints through lib's printf (lib/printf.c), which is
 * built on a vprintf that each side supplies. The Makefile compiles
 * printf.c and stacktrace.c with printf and vprintf renamed to
 * mica_printf and mica_vprintf, and links them into this suite only;
 * mica_vprintf below appends to a buffer, so the line can be compared.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "suite.h"
#include "mica_lib.h"
#include "stacktrace.h"

/* lib/printf.c and the vprintf it calls, under the Makefile's names. */
int mica_printf(const char *fmt, ...) FORMAT_PRINTF(1, 2);
int mica_vprintf(const char *fmt, va_list ap) FORMAT_PRINTF(1, 0);

/* ---- Where printf goes: an output buffer ---- */

static char out[4096];
static size_t out_len;
static int out_calls;   /* vprintf calls: one per printed line */

int mica_vprintf(const char *fmt, va_list ap)
{
	size_t room = sizeof(out) - out_len;
	int n;

	n = mica_vsnprintf(out + out_len, room, fmt, ap);
	out_calls++;
	if (n > 0)
		out_len += (size_t)n < room ? (size_t)n : room - 1;
	return n;
}

/* ---- The stack: a mapping whose addresses fit in 32 bits ---- */

#define STACK_SIZE 0x2000
#define POISON 0xcccccccc   /* in pcs[] past what the walk stored */

static u32_t *mem;      /* the mapping, as words */
static u32_t base;      /* its address */
static u32_t low, high; /* the stack the walks are given: all of it */

static void stack_setup(void)
{
	void *p;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;

#ifdef MAP_32BIT
	flags |= MAP_32BIT;
	p = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, flags, -1, 0);
#else
	p = mmap((void *)(uintptr_t)0x10000000, STACK_SIZE,
		 PROT_READ | PROT_WRITE, flags, -1, 0);
#endif
	ck_assert_msg(p != MAP_FAILED, "mmap failed");
	ck_assert_msg((uintptr_t)p + STACK_SIZE <= UINT32_MAX,
		      "mapping at %p is above 4 GiB", p);
	mem = p;
	base = (u32_t)(uintptr_t)p;
	low = base;
	high = base + STACK_SIZE;
	out_len = 0;
	out_calls = 0;
	out[0] = '\0';
}

static void stack_teardown(void)
{
	munmap(mem, STACK_SIZE);
}

/* The address off bytes into the stack. */
static u32_t at(u32_t off)
{
	return base + off;
}

/* Write a frame at off: the caller's frame pointer, the return address. */
static void frame(u32_t off, u32_t next, u32_t pc)
{
	ck_assert(off % 4 == 0 && off + 8 <= STACK_SIZE);
	mem[off / 4] = next;
	mem[off / 4 + 1] = pc;
}

/* The return address stored in chain frame i. */
static u32_t chain_pc(int i)
{
	return 0x08048003 + 0x10 * (u32_t)i;
}

/*
 * n frames, 0x20 bytes apart going up from off, each pointing to the
 * next and the last one ending the chain. Returns the first frame's
 * address (0 if n is 0).
 */
static u32_t chain(int n, u32_t off)
{
	int i;

	for (i = 0; i < n; i++)
		frame(off + 0x20 * (u32_t)i,
		      i == n - 1 ? 0 : at(off + 0x20 * (u32_t)(i + 1)),
		      chain_pc(i));
	return n == 0 ? 0 : at(off);
}

static void poison(u32_t *pcs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		pcs[i] = POISON;
}

/* pcs[0..count) are chain_pc(0..count), and the rest are untouched. */
static void check_pcs(const u32_t *pcs, int count, int size)
{
	int i;

	for (i = 0; i < count; i++)
		ck_assert_msg(pcs[i] == chain_pc(i), "pcs[%d] = %#x, not %#x",
			      i, pcs[i], chain_pc(i));
	for (; i < size; i++)
		ck_assert_msg(pcs[i] == POISON, "pcs[%d] written: %#x", i,
			      pcs[i]);
}

/*
 * Walk from ebp with max = STACKTRACE_MAX, expecting end and count (and
 * the chain's pcs). A failure names the line of the walk() call.
 */
#define walk(ebp, end, count) walk_at(__LINE__, ebp, end, count)

static void walk_at(int line, u32_t ebp, enum stack_end end, int count)
{
	static const char *const names[] = { "OK", "BAD", "DEPTH" };
	u32_t pcs[STACKTRACE_MAX + 1];
	enum stack_end got;
	int n = -1;

	poison(pcs, STACKTRACE_MAX + 1);
	got = stack_walk(ebp, low, high, pcs, STACKTRACE_MAX, &n);
	ck_assert_msg(got == end && n == count,
		      "line %d: walk from %#x in [%#x, %#x): %s with %d pcs, "
		      "not %s with %d", line, ebp, low, high,
		      got <= STACK_END_DEPTH ? names[got] : "?", n,
		      names[end], count);
	check_pcs(pcs, count, STACKTRACE_MAX + 1);
}

/* ---- stack_walk ---- */

START_TEST(test_chain_of_three)
{
	u32_t pcs[8];
	int n = -1;

	/* Frames needn't be evenly spaced, only going up. */
	frame(0x40, at(0x80), chain_pc(0));
	frame(0x80, at(0x200), chain_pc(1));
	frame(0x200, 0, chain_pc(2));
	poison(pcs, 8);
	ck_assert_int_eq(stack_walk(at(0x40), low, high, pcs, 8, &n),
			 STACK_END_OK);
	ck_assert_int_eq(n, 3);
	check_pcs(pcs, 3, 8);

	walk(chain(3, 0x100), STACK_END_OK, 3);
}
END_TEST

START_TEST(test_ebp_zero)
{
	u32_t pcs[4];
	int n = 12345;

	poison(pcs, 4);
	ck_assert_int_eq(stack_walk(0, low, high, pcs, 4, &n), STACK_END_OK);
	ck_assert_int_eq(n, 0);
	check_pcs(pcs, 0, 4);
}
END_TEST

/* The first frame pointer is not in [low, high). */
START_TEST(test_start_outside)
{
	chain(2, 0x100);
	walk(base - 4, STACK_END_BAD, 0);
	walk(high, STACK_END_BAD, 0);
	walk(high + 0x100, STACK_END_BAD, 0);
	walk(0xfffffff0, STACK_END_BAD, 0);

	/* Readable memory, but below the stack the walk was given. */
	low = at(0x110);
	walk(at(0x100), STACK_END_BAD, 0);
	low = at(0x100);
	walk(at(0x100), STACK_END_OK, 2);
}
END_TEST

/* A later frame pointer leaves the stack: the frames before it count. */
START_TEST(test_frame_outside)
{
	u32_t first = chain(3, 0x100);

	/* The third frame pointer is at or past high. */
	mem[(0x100 + 0x20) / 4] = high;
	walk(first, STACK_END_BAD, 2);
	mem[(0x100 + 0x20) / 4] = high + 0x1000;
	walk(first, STACK_END_BAD, 2);

	/* Inside the mapping, readable, but past the stack's top. */
	mem[(0x100 + 0x20) / 4] = at(0x400);
	frame(0x400, 0, chain_pc(2));
	walk(first, STACK_END_OK, 3);
	high = at(0x400);
	walk(first, STACK_END_BAD, 2);
}
END_TEST

START_TEST(test_misaligned)
{
	u32_t first = chain(3, 0x100);
	u32_t off;

	for (off = 1; off < 4; off++) {
		walk(first + off, STACK_END_BAD, 0);
		mem[(0x100 + 0x20) / 4] = at(0x140) + off;
		walk(first, STACK_END_BAD, 2);
	}
	/* Restored, the same chain is fine. */
	mem[(0x100 + 0x20) / 4] = at(0x140);
	walk(first, STACK_END_OK, 3);
}
END_TEST

/* A frame pointing to itself: the walk must stop, and say BAD. */
START_TEST(test_self_loop)
{
	frame(0x100, at(0x100), chain_pc(0));
	walk(at(0x100), STACK_END_BAD, 1);

	chain(3, 0x200);
	mem[(0x200 + 0x20) / 4] = at(0x220);
	walk(at(0x200), STACK_END_BAD, 2);
}
END_TEST

/* A frame pointing downwards, into a loop or anywhere lower. */
START_TEST(test_downwards)
{
	/* 0x100 -> 0x120 -> 0x100 -> ... */
	u32_t first = chain(2, 0x100);

	mem[(0x100 + 0x20) / 4] = first;
	walk(first, STACK_END_BAD, 2);

	/* Lower, but a frame not yet seen, and otherwise well formed. */
	frame(0x40, 0, chain_pc(2));
	mem[(0x100 + 0x20) / 4] = at(0x40);
	walk(first, STACK_END_BAD, 2);

	/* Lower by one word only. */
	mem[(0x100 + 0x20) / 4] = at(0x11c);
	walk(first, STACK_END_BAD, 2);
}
END_TEST

/* A frame's 8 bytes must all lie below high. */
START_TEST(test_straddles_high)
{
	/* Fits exactly: the last 8 bytes of the stack. */
	frame(STACK_SIZE - 8, 0, chain_pc(0));
	walk(at(STACK_SIZE - 8), STACK_END_OK, 1);
	/* Starts in the stack, ends past it. */
	walk(at(STACK_SIZE - 4), STACK_END_BAD, 0);
	high = at(STACK_SIZE - 1);
	walk(at(STACK_SIZE - 8), STACK_END_BAD, 0);
	high = at(STACK_SIZE - 2);
	walk(at(STACK_SIZE - 8), STACK_END_BAD, 0);

	/* The same for a later frame, at 0x100. */
	chain(2, 0xe0);
	high = at(0x108);
	walk(at(0xe0), STACK_END_OK, 2);
	high = at(0x106);
	walk(at(0xe0), STACK_END_BAD, 1);
	high = at(0x104);
	walk(at(0xe0), STACK_END_BAD, 1);

	/* At the top of 4 GiB, unmapped: rejected without reading it. */
	low = 0xfffff000;
	high = 0xffffffff;
	walk(0xfffffffc, STACK_END_BAD, 0);
	walk(0xfffffff8, STACK_END_BAD, 0);
	high = 0xfffffffc;
	walk(0xfffffff8, STACK_END_BAD, 0);
}
END_TEST

/* More frames than max: exactly max of them, and DEPTH. */
START_TEST(test_depth)
{
	u32_t pcs[8];
	u32_t first = chain(5, 0x100);
	int n = -1;

	poison(pcs, 8);
	ck_assert_int_eq(stack_walk(first, low, high, pcs, 3, &n),
			 STACK_END_DEPTH);
	ck_assert_int_eq(n, 3);
	check_pcs(pcs, 3, 8);

	/* Exactly max frames is the whole chain. */
	poison(pcs, 8);
	ck_assert_int_eq(stack_walk(first, low, high, pcs, 5, &n),
			 STACK_END_OK);
	ck_assert_int_eq(n, 5);
	check_pcs(pcs, 5, 8);

	poison(pcs, 8);
	ck_assert_int_eq(stack_walk(first, low, high, pcs, 4, &n),
			 STACK_END_DEPTH);
	ck_assert_int_eq(n, 4);
	check_pcs(pcs, 4, 8);

	walk(chain(STACKTRACE_MAX, 0x400), STACK_END_OK, STACKTRACE_MAX);
	walk(chain(STACKTRACE_MAX + 1, 0x400), STACK_END_DEPTH,
	     STACKTRACE_MAX);
}
END_TEST

/* max good frames, then a bad link: the corruption is the news, not
 * the depth (BAD, with the max frames). */
START_TEST(test_bad_after_max)
{
	u32_t pcs[8];
	u32_t first = chain(3, 0x100);
	int n = -1;

	mem[(0x100 + 0x20 * 2) / 4] = high + 0x10;   /* the third frame's link */
	poison(pcs, 8);
	ck_assert_int_eq(stack_walk(first, low, high, pcs, 3, &n),
			 STACK_END_BAD);
	ck_assert_int_eq(n, 3);
	check_pcs(pcs, 3, 8);
}
END_TEST

START_TEST(test_max_zero)
{
	u32_t pcs[2];
	int n = -1;

	poison(pcs, 2);
	ck_assert_int_eq(stack_walk(chain(1, 0x100), low, high, pcs, 0, &n),
			 STACK_END_DEPTH);
	ck_assert_int_eq(n, 0);
	check_pcs(pcs, 0, 2);

	n = -1;
	ck_assert_int_eq(stack_walk(0, low, high, pcs, 0, &n), STACK_END_OK);
	ck_assert_int_eq(n, 0);
	check_pcs(pcs, 0, 2);
}
END_TEST

/* ---- stack_print ---- */

/* The output so far is exactly one printf of want. */
static void check_out(const char *want)
{
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(out_calls, 1);
}

START_TEST(test_printf)
{
	ck_assert_int_eq(mica_printf("%s: %d %#x\n", "init", -7, 0x1f), 14);
	check_out("init: -7 0x1f\n");
}
END_TEST

START_TEST(test_print_chain)
{
	stack_print("kernel", 0, chain(3, 0x100), low, high);
	check_out("kernel: stacktrace: 0x8048003 0x8048013 0x8048023\n");
}
END_TEST

START_TEST(test_print_first_pc)
{
	stack_print("init", 0xc0101234, chain(2, 0x100), low, high);
	check_out("init: stacktrace: 0xc0101234 0x8048003 0x8048013\n");
}
END_TEST

START_TEST(test_print_empty)
{
	stack_print("vm", 0, 0, low, high);
	check_out("vm: stacktrace:\n");
	out_len = 0;
	out_calls = 0;
	stack_print("vm", 0x1000, 0, low, high);
	check_out("vm: stacktrace: 0x1000\n");
}
END_TEST

START_TEST(test_print_bad)
{
	u32_t first = chain(3, 0x100);

	mem[(0x100 + 0x20) / 4] = first;
	stack_print("sh", 0, first, low, high);
	check_out("sh: stacktrace: 0x8048003 0x8048013 (bad frame)\n");

	out_len = 0;
	out_calls = 0;
	stack_print("sh", 0xabc, first + 2, low, high);
	check_out("sh: stacktrace: 0xabc (bad frame)\n");
}
END_TEST

START_TEST(test_print_more)
{
	char want[512];
	int len, i;

	stack_print("pm", 0x42, chain(STACKTRACE_MAX + 4, 0x100), low, high);
	len = snprintf(want, sizeof(want), "pm: stacktrace: 0x42");
	for (i = 0; i < STACKTRACE_MAX; i++)
		len += snprintf(want + len, sizeof(want) - len, " 0x%x",
				chain_pc(i));
	snprintf(want + len, sizeof(want) - len, " (more)\n");
	check_out(want);

	/* STACKTRACE_MAX frames: all of them and no marker. */
	out_len = 0;
	out_calls = 0;
	stack_print("pm", 0x42, chain(STACKTRACE_MAX, 0x400), low, high);
	want[len] = '\0';
	strcat(want, "\n");
	check_out(want);
}
END_TEST

/* The longest line: every address 8 hex digits, and a marker. */
START_TEST(test_print_widest)
{
	char want[512];
	int len, i;

	for (i = 0; i <= STACKTRACE_MAX; i++)
		frame(0x100 + 8 * (u32_t)i, at(0x100 + 8 * (u32_t)(i + 1)),
		      0xfffffff0 + (u32_t)i % 16);
	stack_print("a-process-name", 0xffffffff, at(0x100), low, high);
	len = snprintf(want, sizeof(want),
		       "a-process-name: stacktrace: 0xffffffff");
	for (i = 0; i < STACKTRACE_MAX; i++)
		len += snprintf(want + len, sizeof(want) - len, " 0x%x",
				0xfffffff0 + (u32_t)i % 16);
	snprintf(want + len, sizeof(want) - len, " (more)\n");
	check_out(want);
}
END_TEST

static Suite *stacktrace_suite(void)
{
	Suite *s = suite_create("stacktrace");
	TCase *tc;

	tc = tcase_create("walk");
	tcase_add_checked_fixture(tc, stack_setup, stack_teardown);
	tcase_add_test(tc, test_chain_of_three);
	tcase_add_test(tc, test_ebp_zero);
	tcase_add_test(tc, test_start_outside);
	tcase_add_test(tc, test_frame_outside);
	tcase_add_test(tc, test_misaligned);
	tcase_add_test(tc, test_self_loop);
	tcase_add_test(tc, test_downwards);
	tcase_add_test(tc, test_straddles_high);
	tcase_add_test(tc, test_depth);
	tcase_add_test(tc, test_bad_after_max);
	tcase_add_test(tc, test_max_zero);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_checked_fixture(tc, stack_setup, stack_teardown);
	tcase_add_test(tc, test_printf);
	tcase_add_test(tc, test_print_chain);
	tcase_add_test(tc, test_print_first_pc);
	tcase_add_test(tc, test_print_empty);
	tcase_add_test(tc, test_print_bad);
	tcase_add_test(tc, test_print_more);
	tcase_add_test(tc, test_print_widest);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(stacktrace_suite());
}
