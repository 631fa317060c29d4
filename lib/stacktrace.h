/*
 * Walking the frame-pointer chain. Everything is built with frame
 * pointers, so each frame starts with the caller's frame pointer and the
 * return address:
 *
 *     ebp -> [saved ebp][return address] ... the caller's frame ...
 *
 * The walk trusts nothing it reads: a frame must lie inside the stack
 * [low, high), be 4-byte aligned, and be above the previous one, or the
 * walk stops and says so.
 */
#ifndef LIB_STACKTRACE_H
#define LIB_STACKTRACE_H

#include <mica/types.h>

#define STACKTRACE_MAX 16

enum stack_end {
	STACK_END_OK,       /* reached the end of the chain (ebp 0) */
	STACK_END_BAD,      /* a frame pointer outside the stack or out of order */
	STACK_END_DEPTH,    /* more frames than were asked for */
};

/* Collect up to max return addresses from the chain starting at ebp.
 * *count gets how many were stored. */
enum stack_end stack_walk(u32_t ebp, u32_t low, u32_t high, u32_t *pcs, int max, int *count);

/* Print "who: stacktrace: 0x... 0x..." (with a marker when the walk
 * stopped early) through printf. first_pc, unless 0, comes first: the
 * faulting instruction, for a trace taken at an exception. */
void stack_print(const char *who, u32_t first_pc, u32_t ebp, u32_t low, u32_t high);

#endif
