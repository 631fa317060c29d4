/*
 * Walking the frame-pointer chain for stack traces (lab 2). See
 * stacktrace.h for the frame layout.
 */
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
