/*
 * Stack traces for panics and faults, in the kernel and in user space
 * (lab 2). See stacktrace.h for the frame layout.
 */
#include <format.h>
#include "stacktrace.h"

/* Is there a whole frame (saved ebp and return address) at ebp? */
static int frame_ok(u32_t ebp, u32_t low, u32_t high)
{
	return ebp % 4 == 0 && ebp >= low && ebp < high && high - ebp >= 8;
}

enum stack_end stack_walk(u32_t ebp, u32_t low, u32_t high, u32_t *pcs, int max, int *count)
{
	const u32_t *frame;
	u32_t next;
	int n = 0;

	*count = 0;
	while (ebp != 0) {
		if (!frame_ok(ebp, low, high))
			return STACK_END_BAD;
		if (n == max)
			return STACK_END_DEPTH;
		frame = (const u32_t *)ebp;
		pcs[n++] = frame[1];
		*count = n;
		next = frame[0];
		if (next != 0 && next <= ebp)
			return STACK_END_BAD;   /* callers' frames lie above */
		ebp = next;
	}
	return STACK_END_OK;
}

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
