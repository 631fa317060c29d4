/*
 * SYS_UPTIME: how long the system has run (lab 1, exercise 1).
 *   out: m.uptime.ticks_lo/hi  clock ticks since boot (64 bits)
 *        m.uptime.hz           ticks per second
 *   returns OK.
 *
 * A kernel-call handler gets the caller and the request message, which
 * the kernel has already copied in from the caller's memory (kcall.c);
 * it fills in the results in the same message and returns a status,
 * which the caller sees as _kernel_call()'s result. The kernel copies
 * the message back out. The clock's tick count is `ticks` (a u64_t) and
 * clock_hz() gives its rate.
 */
#include "calls.h"

int do_uptime(struct proc *caller, message *m)
{
	(void)caller;
	(void)m;
	return ENOSYS;   /* lab 1: do_uptime() is not written yet */
}
