/*
 * SYS_UPTIME: how long the system has run.
 *   out: m.uptime.ticks_lo/hi  clock ticks since boot (64 bits)
 *        m.uptime.hz           ticks per second
 *   returns OK.
 */
#include "calls.h"

int do_uptime(struct proc *caller, message *m)
{
	(void)caller;
	m->uptime.ticks_lo = (u32_t)ticks;
	m->uptime.ticks_hi = (u32_t)(ticks >> 32);
	m->uptime.hz = clock_hz();
	return OK;
}
