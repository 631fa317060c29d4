/*
 * SYS_SETALARM: ask for a NOTIFY from CLOCK after some ticks.
 *   in:  m.alarm.ticks      delay in ticks; 0 cancels the alarm
 *   out: m.alarm.prev_left  ticks that were left of the previous alarm
 *   returns OK, EINVAL for a delay over ALARM_MAX (one day), whatever
 *   alarm_set() returns.
 */
#include "calls.h"

/* One day of ticks. */
#define ALARM_MAX (24u * 3600 * (u32_t)clock_hz())

int do_setalarm(struct proc *caller, message *m)
{
	if (m->alarm.ticks > ALARM_MAX)
		return EINVAL;
	return alarm_set(caller, m->alarm.ticks, &m->alarm.prev_left);
}
