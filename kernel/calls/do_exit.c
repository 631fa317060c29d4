/*
 * SYS_EXIT: end the calling process.
 *   in:  m.exit.status  0..255, given to whoever waits for it (VM_WAIT)
 *   does not return; EINVAL for a status outside 0..255.
 */
#include "calls.h"

int do_exit(struct proc *caller, message *m)
{
	if (m->exit.status < 0 || m->exit.status > 255)
		return EINVAL;
	proc_exit(caller, m->exit.status, 0);
	return SUSPEND;
}
