/*
 * Endpoints: how processes name each other.
 *
 * The process table has NR_TASKS kernel-task slots (-NR_TASKS..-1) and
 * NR_PROCS process slots (0..NR_PROCS-1). An endpoint packs a slot with
 * the slot's generation, which grows every time the slot is reused, so a
 * message aimed at a process that has exited is refused (EDEADSRCDST)
 * instead of reaching whoever got its slot next:
 *
 *     endpoint = generation * ENDPOINT_GEN_SIZE + slot
 *
 * Kernel tasks keep generation 0, so their endpoints are their negative
 * slot numbers. Processes start at generation 1, so no process endpoint is
 * 0 or negative. ANY, NONE and SELF are outside every generation's range.
 *
 * How long a stale endpoint stays refused: until its slot has been reused
 * ENDPOINT_MAX_GEN (16,777,213) times, when the generations wrap. VM hands
 * out free slots in turn (user/servers/vm/procs.c), so with all 62
 * program slots free that takes over a billion spawns, and even with one
 * slot left it takes 16.7 million.
 */
#ifndef MICA_ENDPOINT_H
#define MICA_ENDPOINT_H

#include <mica/types.h>

#define NR_TASKS 4
#define NR_PROCS 64

/* Kernel tasks (negative slots; they never run in user mode). */
#define IDLE   (-4)  /* runs when nothing else can */
#define CLOCK  (-3)  /* source of alarm notifications */
#define SYSTEM (-2)  /* source of kernel event notifications (console input) */
#define KERNEL (-1)  /* the kernel itself */

/* Boot processes have fixed slots and generation 1. */
#define VM_SLOT   0
#define INIT_SLOT 1
#define VM_PROC_NR   (ENDPOINT_GEN_SIZE + VM_SLOT)
#define INIT_PROC_NR (ENDPOINT_GEN_SIZE + INIT_SLOT)

#define ENDPOINT_GEN_SIZE 0x80   /* >= NR_TASKS + NR_PROCS */
#define ENDPOINT_MAX_GEN  ((0x7fffff00 / ENDPOINT_GEN_SIZE) - 1)

#define ANY  0x7ffffff0  /* RECEIVE from anybody */
#define NONE 0x7ffffff1  /* nobody */
#define SELF 0x7ffffff2  /* the caller, where a call allows it */

_Static_assert(ENDPOINT_GEN_SIZE >= NR_TASKS + NR_PROCS, "a generation holds every slot");

static inline endpoint_t endpoint_make(int slot, int gen)
{
	return gen * ENDPOINT_GEN_SIZE + slot;
}

/* The slot an endpoint names, or a value outside the table for garbage. */
static inline int endpoint_slot(endpoint_t e)
{
	return (int)(((u32_t)e + NR_TASKS) % ENDPOINT_GEN_SIZE) - NR_TASKS;
}

static inline int endpoint_gen(endpoint_t e)
{
	return (int)(((u32_t)e + NR_TASKS) / ENDPOINT_GEN_SIZE);
}

/* Does e decode to a table slot with a plausible generation? */
static inline int endpoint_in_range(endpoint_t e)
{
	int s, g;

	if (e == ANY || e == NONE || e == SELF || e < -NR_TASKS)
		return 0;
	s = endpoint_slot(e);
	g = endpoint_gen(e);
	if (s >= NR_PROCS)
		return 0;
	if (s < 0)
		return g == 0;
	return g >= 1 && g <= ENDPOINT_MAX_GEN;
}

/* The generation that follows g when a slot is reused (never 0). */
static inline int endpoint_next_gen(int g)
{
	return g >= ENDPOINT_MAX_GEN ? 1 : g + 1;
}

#endif
