/*
 * The clock: HZ ticks a second from the PIT. Each tick charges the
 * running process, ends its quantum when used up, and fires alarms
 * (SYS_SETALARM) as notifications from CLOCK.
 */
#include "kernel.h"
#include "arch/i386/arch.h"

#define HZ 100

u64_t ticks;
static u64_t next_alarm;   /* earliest pending alarm, 0: none */

void clock_init(void)
{
	pit_init(HZ);
	pic_unmask(IRQ_TIMER);
}

int clock_hz(void)
{
	return HZ;
}

static void fire_alarms(void)
{
	struct proc *p;
	int slot;

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
	if (next_alarm != 0 && next_alarm <= ticks)
		fire_alarms();
}

/* Notify p from CLOCK after delay ticks (0 cancels). Returns the ticks
 * that were left of the previous alarm. */
int clock_set_alarm(struct proc *p, u32_t delay)
{
	u32_t left = p->p_alarm > ticks ? (u32_t)(p->p_alarm - ticks) : 0;

	p->p_alarm = delay ? ticks + delay : 0;
	if (p->p_alarm != 0 && (next_alarm == 0 || p->p_alarm < next_alarm))
		next_alarm = p->p_alarm;
	return (int)left;
}
