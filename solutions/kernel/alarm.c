/*
 * Alarms (lab 1): SYS_SETALARM asks for a NOTIFY from CLOCK after some
 * ticks. Each process has at most one alarm, the tick it is due at in
 * p_alarm (0: none). The clock calls alarm_tick() on every tick, so the
 * common case, nothing due, must be cheap: the earliest due tick is
 * kept in next_alarm and the table is only scanned when it is reached.
 */
#include "kernel.h"

static u64_t next_alarm;   /* earliest pending alarm, 0: none */

/* Notify p from CLOCK after delay ticks (0 cancels); *prev_left gets the
 * ticks that were left of its previous alarm. */
int alarm_set(struct proc *p, u32_t delay, u32_t *prev_left)
{
	*prev_left = p->p_alarm > ticks ? (u32_t)(p->p_alarm - ticks) : 0;
	p->p_alarm = delay ? ticks + delay : 0;
	if (p->p_alarm != 0 && (next_alarm == 0 || p->p_alarm < next_alarm))
		next_alarm = p->p_alarm;
	return OK;
}

/* Fire every alarm that is due and find the next one. A cancelled alarm
 * may leave next_alarm early; the scan then just finds nothing due. */
void alarm_tick(void)
{
	struct proc *p;
	int slot;

	if (next_alarm == 0 || next_alarm > ticks)
		return;
	next_alarm = 0;
	for (slot = 0; slot < NR_PROCS; slot++) {
		p = proc_addr(slot);
		if (p->p_alarm == 0)
			continue;
		if (p->p_alarm <= ticks) {
			p->p_alarm = 0;
			ipc_notify(proc_addr(CLOCK), p);
		} else if (next_alarm == 0 || p->p_alarm < next_alarm) {
			next_alarm = p->p_alarm;
		}
	}
}
