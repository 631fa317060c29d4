/*
 * panic() for the host checks: the hole file's words become the
 * driver's fatal answer, so the grader reports what the code under test
 * found impossible (hostcheck.h, hc_fatal).
 */
#include <stdarg.h>
#include <stdio.h>

#include "hostcheck.h"

void panic(const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	hc_fatal(text);
}
