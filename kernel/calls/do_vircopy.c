/*
 * SYS_VIRCOPY: copy between two processes' memory (VM only).
 *   in:  m.vircopy.src_ep, src_addr  source (SELF for the caller)
 *        m.vircopy.dst_ep, dst_addr  destination (SELF for the caller)
 *        m.vircopy.len               bytes
 *   returns OK, EBADSRCDST/EDEADSRCDST (endpoint), EFAULT (a range
 *   outside user space or not mapped; part may have been copied).
 */
#include "calls.h"

static struct proc *party(struct proc *caller, endpoint_t e, int *err)
{
	struct proc *p;

	if (e == SELF)
		return caller;
	if ((p = proc_lookup(e, err)) != NULL && is_task(p)) {
		*err = EBADSRCDST;
		return NULL;
	}
	return p;
}

int do_vircopy(struct proc *caller, message *m)
{
	struct proc *src, *dst;
	int r = OK;

	if ((src = party(caller, m->vircopy.src_ep, &r)) == NULL ||
	    (dst = party(caller, m->vircopy.dst_ep, &r)) == NULL)
		return r;
	return vcopy(src, m->vircopy.src_addr, dst, m->vircopy.dst_addr, m->vircopy.len);
}
