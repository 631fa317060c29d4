/*
 * Host check of kernel/alarm.c: one session, alarms set and ticks
 * passing, as the parent chooses.
 *   "I HI LO"       ticks = HI:LO (at the start)     answer: ok
 *   "S SLOT DELAY"  alarm_set(proc_addr(SLOT), DELAY) answer: RESULT PREV_LEFT
 *   "T N"           ticks += N, then alarm_tick()     answer: COUNT, then for
 *                   each notification, in order: SLOT FROM_CLOCK (1 if the
 *                   source was CLOCK)
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

const char hc_driver[] = "alarm";

void hc_hello_extra(void)
{
	hc_kernel_reset();
}

int hc_handle(int argc, char **argv)
{
	u32_t prev = 0x5eed5eed;
	int i, r;

	if (argc == 3 && strcmp(argv[0], "I") == 0) {
		ticks = (u64_t)hc_u32(argv[1]) << 32 | hc_u32(argv[2]);
		hc_put_word("ok");
		return 0;
	}
	if (argc == 3 && strcmp(argv[0], "S") == 0) {
		int slot = (int)hc_int(argv[1]);

		if (slot < 0 || slot >= NR_PROCS)
			return -1;
		r = alarm_set(proc_addr(slot), hc_u32(argv[2]), &prev);
		hc_put_int(r);
		hc_put_u64(prev);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "T") == 0) {
		ticks += hc_u32(argv[1]);
		hc_nevents = 0;
		alarm_tick();
		hc_put_int(hc_nevents);
		for (i = 0; i < hc_nevents; i++) {
			if (hc_events[i].kind != 'n')
				hc_fatal("alarm_tick did something other than ipc_notify");
			hc_put_int(hc_events[i].to->p_nr);
			hc_put_int(hc_events[i].from == proc_addr(CLOCK));
		}
		return 0;
	}
	return -1;
}
