/*
 * printf, for the kernel and for user programs alike: each side supplies
 * vprintf, which knows where its output goes (the kernel's console
 * driver, or SYS_DIAG_WRITE a line at a time).
 */
#include <format.h>

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
