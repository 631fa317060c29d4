/*
 * SYS_HALT: stop the machine. Under QEMU with isa-debug-exit, QEMU exits
 * with status (m.halt.status << 1) | 1, which is how init reports the
 * outcome of a test run to the grader.
 *   in:  m.halt.status  0..255
 *   returns EINVAL for a status outside 0..255; otherwise does not return.
 */
#include "calls.h"

int do_halt(struct proc *caller, message *m)
{
	(void)caller;
	if (m->halt.status < 0 || m->halt.status > 255)
		return EINVAL;
	halt_machine(m->halt.status);
}
