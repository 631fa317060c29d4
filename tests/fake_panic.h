/*
 * The kernel's panic(), faked for the kernel suites (test_sched,
 * test_kcall, test_grant; tests/fake_panic.c): a panic fails the test
 * that reached it, with its text, unless the test expects one with
 * ASSERT_PANICS.
 */
#ifndef TESTS_FAKE_PANIC_H
#define TESTS_FAKE_PANIC_H

#include <setjmp.h>

extern jmp_buf panic_jump;
extern int panic_expected;
extern char panic_text[256];   /* the last panic's text */

/* Run stmt, which must panic (and so does not finish). */
#define ASSERT_PANICS(stmt) do {                                        \
		panic_text[0] = '\0';                                   \
		panic_expected = 1;                                     \
		if (setjmp(panic_jump) == 0) {                          \
			stmt;                                           \
			panic_expected = 0;                             \
			ck_abort_msg("no panic from %s", #stmt);        \
		}                                                       \
	} while (0)

#endif
