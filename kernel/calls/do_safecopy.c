/*
 * SYS_SAFECOPY: copy between the caller's memory and memory it was
 * granted (kernel/grant.c checks the grant).
 *   in:  m.safecopy.granter  who made the grant
 *        m.safecopy.grant    its id
 *        m.safecopy.offset   where in the grant the copy starts
 *        m.safecopy.addr     the caller's buffer
 *        m.safecopy.bytes    how many bytes
 *        m.safecopy.to       0: from the grant into the buffer (the grant
 *                            must give CPF_READ); 1: from the buffer into
 *                            the grant (CPF_WRITE)
 *   returns OK; EINVAL (to neither 0 nor 1); EBADSRCDST/EDEADSRCDST (a
 *   granter on the chain is not a live process); ENOGRANTS, EGRANTID,
 *   EGRANTUNUSED, EGRANTSTALE, EGRANTEE, EGRANTACCESS, EGRANTBOUNDS,
 *   EGRANTDEPTH, EGRANTLOOP, EGRANTMAGIC, EGRANTBAD (the check of the
 *   grant that failed, <mica/errno.h>); EFAULT (the caller's buffer, a
 *   granter's table or the granted memory is not there: VM is asked to
 *   make it present first, and the call runs again, checking the grant
 *   afresh; part may have been copied).
 */
#include "calls.h"

/* One safecopy, as described above (SYS_VSAFECOPY does several). */
int safecopy(struct proc *caller, const struct mess_safecopy *sc)
{
	struct grant_target t;
	int r;

	if (sc->to > 1)
		return EINVAL;
	r = grant_verify(caller, sc->granter, sc->grant, sc->offset, sc->bytes,
	                 sc->to ? CPF_WRITE : CPF_READ, &t);
	if (r != OK)
		return r;
	if (sc->to)
		return vcopy(caller, sc->addr, t.owner, t.addr, sc->bytes);
	return vcopy(t.owner, t.addr, caller, sc->addr, sc->bytes);
}

int do_safecopy(struct proc *caller, message *m)
{
	return safecopy(caller, &m->safecopy);
}
