/*
 * SYS_RELEASE: free the slot of an exited process (VM only), once VM has
 * taken its VM_EXITED notice and freed its memory. The slot's generation
 * moves on, so the old endpoint is refused from now on.
 *   in:  m.endpt.endpt  the exited process
 *   returns OK, EBADSRCDST (not an endpoint), ESRCH (no exited process
 *   with that endpoint, or its notice is not yet taken).
 */
#include "calls.h"

int do_release(struct proc *caller, message *m)
{
	endpoint_t e = m->endpt.endpt;
	struct proc *p;

	(void)caller;
	if (!endpoint_in_range(e) || endpoint_slot(e) < 0)
		return EBADSRCDST;
	p = proc_addr(endpoint_slot(e));
	if (p->p_endpoint != e || !(p->p_rts_flags & RTS_EXITING) ||
	    (p->p_rts_flags & RTS_SENDING))
		return ESRCH;
	kassert(p != ptproc && p != cur);
	proc_free_slot(p);
	return OK;
}
