/*
 * panic() for user programs: the same name and use as in the kernel. It
 * asks the kernel who we are, so the message reads
 *     name(endpoint): panic: what went wrong
 * and then ends this process only.
 */
#include "libsys.h"

void panic(const char *fmt, ...)
{
	char name[PROC_NAME_LEN] = "?";
	endpoint_t self = NONE;
	char text[200];
	va_list ap;

	sys_whoami(&self, name, sizeof(name));
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	printf("%s(%d): panic: %s\n", name, self, text);
	exit(255);
}
