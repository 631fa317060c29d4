/*
 * Deadlock detection (lab 1): a SEND, SENDREC or RECEIVE that would
 * block the caller is refused with ELOCKED when the blocked processes
 * would then wait for each other in a cycle, since none of them could
 * ever run again.
 */
#include "kernel.h"

/*
 * Would blocking caller on e close a cycle of waits? Follows who each
 * blocked process waits for (its send target, or the one endpoint it
 * receives from) and reports a cycle if the chain comes back to caller.
 */
int would_deadlock(struct proc *caller, endpoint_t e)
{
	struct proc *p;
	int hops, err;

	for (hops = 0; hops < NR_SLOTS; hops++) {
		if (e == caller->p_endpoint)
			return 1;
		if ((p = proc_lookup(e, &err)) == NULL)
			return 0;
		if (p->p_rts_flags & RTS_SENDING)
			e = p->p_sendto;
		else if ((p->p_rts_flags & RTS_RECEIVING) && p->p_getfrom != ANY)
			e = p->p_getfrom;
		else
			return 0;
	}
	return 0;
}
