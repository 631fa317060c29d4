/*
 * panic() for user programs (lab 2): the same name and use as in the
 * kernel. It asks the kernel who we are, so the report reads
 *     name(endpoint): panic: what went wrong
 *     name: stacktrace: 0x... 0x...
 * and then ends this process only, with status PANIC_STATUS.
 */
#include "libsys.h"
#include <stacktrace.h>

void panic(const char *fmt, ...)
{
	char name[PROC_NAME_LEN] = "?";
	endpoint_t self = NONE;
	char text[200];
	va_list ap;
	u32_t ebp;

	sys_whoami(&self, name, sizeof(name));
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	printf("%s(%d): panic: %s\n", name, self, text);
	__asm__ volatile("movl %%ebp, %0" : "=r"(ebp));
	stack_print(name, 0, ebp, USER_STACK_LOW, USER_STACK_TOP);
	exit(PANIC_STATUS);
}
