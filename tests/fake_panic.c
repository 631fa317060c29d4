/* The kernel suites' panic() (tests/fake_panic.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "suite.h"
#include "mica_kernel.h"
#include "fake_panic.h"

jmp_buf panic_jump;
int panic_expected;
char panic_text[256];

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_text, sizeof panic_text, fmt, ap);
	va_end(ap);
	if (panic_expected) {
		panic_expected = 0;
		longjmp(panic_jump, 1);
	}
	ck_abort_msg("unexpected panic: %s", panic_text);
	abort();
}
