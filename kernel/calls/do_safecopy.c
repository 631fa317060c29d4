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
 * A copy of SAFECOPY_COW_PAGES or more whole pages, at the same offset within
 * a page on both sides, shares the pages copy-on-write instead: the
 * caller waits while VM shares them (kernel/cowcopy.c), and neither side
 * ever sees the other's later writes.
 */
#include "calls.h"

/* One safecopy, as described above (SYS_VSAFECOPY does several, each
 * copied: a vector cannot wait for VM halfway through). With share set,
 * whole pages may be shared copy-on-write (cowcopy.c), and SUSPEND
 * means VM gives the result. */
int safecopy(struct proc *caller, const struct mess_safecopy *sc, int share)
{
	struct grant_target t;
	int r;

	if (sc->to > 1)
		return EINVAL;
	r = grant_verify(caller, sc->granter, sc->grant, sc->offset, sc->bytes,
	                 sc->to ? CPF_WRITE : CPF_READ, &t);
	if (r != OK)
		return r;
	if (!share)
		return sc->to ? vcopy(caller, sc->addr, t.owner, t.addr, sc->bytes) :
		                vcopy(t.owner, t.addr, caller, sc->addr, sc->bytes);
	if (sc->to)
		return cow_copy(caller, caller, sc->addr, t.owner, t.addr, sc->bytes);
	return cow_copy(caller, t.owner, t.addr, caller, sc->addr, sc->bytes);
}

int do_safecopy(struct proc *caller, message *m)
{
	return safecopy(caller, &m->safecopy, 1);
}
