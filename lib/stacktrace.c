/*
 * Walking the frame-pointer chain for stack traces (lab 2, exercise 2).
 *
 * Everything is compiled with frame pointers (-fno-omit-frame-pointer),
 * so every function starts with "push %ebp; mov %esp, %ebp": ebp points
 * at the saved ebp of the caller, and the word above it is the return
 * address into the caller:
 *
 *     ebp -> [saved ebp][return address] ... the caller's frame ...
 *
 * Following saved ebps from frame to frame gives the return addresses,
 * innermost first; the chain ends with a saved ebp of 0 (crt0 and the
 * kernel's entry code start it that way).
 *
 * A stack trace is taken when something has already gone wrong, so the
 * walk trusts nothing it reads: a frame is only read if it lies wholly
 * inside the stack [low, high) and is 4-byte aligned, and each frame must
 * lie above the one before it (stacks grow down, so callers' frames are
 * at higher addresses), or the chain could loop. tests/test_stacktrace.c
 * (`make check`) lays out chains by hand, good and corrupt, and checks
 * every case.
 */
#include "stacktrace.h"
#include <format.h>

/*
 * Collect up to max return addresses from the chain starting at ebp into
 * pcs, innermost first; *count gets how many were stored, however the
 * walk ends. Returns STACK_END_OK when the chain ended (a saved ebp of
 * 0), STACK_END_BAD at a frame that is outside [low, high), misaligned
 * or not above the previous one (even when max were stored already:
 * a broken stack is the bigger news), STACK_END_DEPTH when max were
 * stored and the chain goes on.
 */
enum stack_end stack_walk(u32_t ebp, u32_t low, u32_t high, u32_t *pcs, int max, int *count)
{
	(void)ebp;
	(void)low;
	(void)high;
	(void)pcs;
	(void)max;
	printf("lab 2: stack_walk() is not written yet\n");
	*count = 0;
	return STACK_END_BAD;
}
