/*
 * SYS_KILL: end another process, as if it had exited (VM only: it kills
 * processes whose page faults it cannot resolve).
 *   in:  m.endpt.endpt   the victim
 *        m.endpt.status  0..255
 *   returns OK, EBADSRCDST/EDEADSRCDST (endpoint), EPERM (the caller
 *   itself, a kernel task or a system process), EINVAL (status).
 */
#include "calls.h"

int do_kill(struct proc *caller, message *m)
{
	struct proc *p;
	int r;

	if ((p = proc_lookup(m->endpt.endpt, &r)) == NULL)
		return r;
	if (p == caller || is_task(p) || (p->p_privflags & PROC_SYSTEM))
		return EPERM;
	if (m->endpt.status < 0 || m->endpt.status > 255)
		return EINVAL;
	proc_exit(p, m->endpt.status, 1);
	return OK;
}
