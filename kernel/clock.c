/*
 * The clock: HZ ticks a second from the PIT. Each tick charges the
 * running process, ends its quantum when used up, lets alarm.c fire
 * the alarms that are due, and lets watchdog.c stop a run that is over
 * its budget.
 */
#include "kernel.h"
#include "arch/i386/arch.h"

#define HZ 100

u64_t ticks;

void clock_init(void)
{
	pit_init(HZ);
	pic_unmask(IRQ_TIMER);
}

int clock_hz(void)
{
	return HZ;
}

void clock_tick(void)
{
	ticks++;
	kstats.ticks++;
	if (cur == NULL || is_task(cur)) {
		kstats.idle_ticks++;
	} else {
		cur->p_ticks++;
		if (cur->p_rts_flags == 0 && --cur->p_quantum_left <= 0)
			proc_requeue(cur);
	}
	alarm_tick();
	watchdog_tick();
}
