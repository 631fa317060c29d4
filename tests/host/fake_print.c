/*
 * printf for the code under test: what it prints is kept in hc_console
 * (a driver may check it, e.g. VM's fault report) and goes nowhere else.
 * The hole files are compiled with printf and vprintf renamed to
 * mica_printf and mica_vprintf (grade/hostcheck.py), as tests/Makefile
 * does, so that they do not meet the host's.
 */
#include <stdarg.h>
#include <stdio.h>

#include "hostcheck.h"

char hc_console[4096];
size_t hc_console_len;
int hc_console_calls;

void hc_console_reset(void)
{
	hc_console_len = 0;
	hc_console_calls = 0;
	hc_console[0] = '\0';
}

int mica_vprintf(const char *fmt, va_list ap);
int mica_printf(const char *fmt, ...);

int mica_vprintf(const char *fmt, va_list ap)
{
	size_t room = sizeof(hc_console) - hc_console_len;
	int n;

	hc_console_calls++;
	n = vsnprintf(hc_console + hc_console_len, room, fmt, ap);
	if (n > 0)
		hc_console_len += (size_t)n < room ? (size_t)n : room - 1;
	return n;
}

int mica_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mica_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
