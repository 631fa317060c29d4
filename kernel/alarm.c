/*
 * Alarms (lab 1, exercise 4).
 *
 * SYS_SETALARM (kernel/calls/do_setalarm.c) asks for a NOTIFY from the
 * CLOCK task after some ticks: that is how a process sleeps, or gives up
 * waiting. Each process has at most one alarm: p->p_alarm is the tick it
 * is due at (0: none); `ticks` counts clock ticks since boot. A new alarm
 * replaces the old one. When an alarm is due, the process gets a
 * notification from CLOCK: ipc_notify(proc_addr(CLOCK), p), which never
 * blocks and is delivered when the process next receives.
 *
 * The clock calls alarm_tick() on every tick (HZ times a second), so
 * make the case where nothing is due cheap: do not scan the whole
 * process table every tick.
 */
#include "kernel.h"

/* Notify p from CLOCK after delay ticks (0 cancels its alarm). Store in
 * *prev_left how many ticks were left of its previous alarm (0 if none).
 * Return OK. */
int alarm_set(struct proc *p, u32_t delay, u32_t *prev_left)
{
	(void)p;
	(void)delay;
	*prev_left = 0;
	return ENOSYS;   /* lab 1: alarm_set() is not written yet */
}

/* Called by the clock on every tick: notify each process whose alarm is
 * due, and clear that alarm. */
void alarm_tick(void)
{
}
