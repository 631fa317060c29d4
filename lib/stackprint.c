/*
 * The stack-trace line of panics and faults, in the kernel and in user
 * space: "who: stacktrace: 0x... 0x...", from stack_walk()'s addresses.
 */
#include <format.h>
#include "stacktrace.h"

void stack_print(const char *who, u32_t first_pc, u32_t ebp, u32_t low, u32_t high)
{
	static const char *const markers[] = { "", " (bad frame)", " (more)" };
	u32_t pcs[STACKTRACE_MAX];
	char line[(STACKTRACE_MAX + 1) * 11 + 64];
	enum stack_end end;
	int n, i, len;

	end = stack_walk(ebp, low, high, pcs, STACKTRACE_MAX, &n);
	/* snprintf returns what it would have written: stop appending once
	 * the line is full (a very long name), never writing past it. */
	len = snprintf(line, sizeof(line), "%s: stacktrace:", who);
	if (first_pc != 0 && len < (int)sizeof(line))
		len += snprintf(line + len, sizeof(line) - len, " 0x%x", first_pc);
	for (i = 0; i < n && len < (int)sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " 0x%x", pcs[i]);
	printf("%s%s\n", line, markers[end]);
}
