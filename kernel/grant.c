/*
 * Grant verification (lab 4, exercise 1).
 *
 * SYS_SAFECOPY (kernel/calls/do_safecopy.c) lets a process copy from or
 * to memory another process granted it. Before any byte moves, the
 * kernel must decide, from the granter's grant table alone, whether the
 * caller may touch those bytes, and whose bytes they really are. That
 * decision is this file. <mica/grant.h> defines a grant, the three kinds
 * and the id; doc/architecture.md ("Grants") gives the rules; every
 * check has its own error in <mica/errno.h>, and doc/bad-input.md lists
 * which argument each one is about.
 *
 * What you can use:
 *   - the granter's table is in the granter's memory, at
 *     p->p_grant_table, p->p_grant_entries entries (0: none registered);
 *     read an entry with vcopy(granter, address, NULL, (vir_bytes)&g,
 *     sizeof(g)), which returns EFAULT if the memory is not there;
 *   - proc_lookup(endpoint, &err) gives the live process of an
 *     endpoint, or NULL with err saying why not; is_task(p);
 *   - grant_slot(id), grant_gen(id); in_user_space(addr, len);
 *   - p->p_privflags & PROC_MAGIC_GRANTS: may p make magic grants?
 *
 * The traps: the kernel must not trust one byte of the table (it is
 * the granter's to write, at any moment, with anything in it); sums of
 * user-supplied numbers overflow; and an indirect chain is only as good
 * as its weakest hop.
 */
#include "kernel.h"

/*
 * May grantee use [offset, offset + bytes) of grant id of granter_e with
 * access (CPF_READ, CPF_WRITE, CPF_MAP, or several)? If so, fill in *t
 * with whose memory that is and where in it, and the grants the chain
 * passed through (t->chain[0] the grant named here, t->hops of them:
 * VM keeps them with a safemap, to revoke it when any of them goes),
 * and return OK; if not, the error of the check that failed.
 */
int grant_verify(struct proc *grantee, endpoint_t granter_e, cp_grant_id_t id,
                 vir_bytes offset, vir_bytes bytes, u32_t access, struct grant_target *t)
{
	static int warned;

	(void)grantee, (void)granter_e, (void)id, (void)offset, (void)bytes, (void)access, (void)t;
	if (!warned++)
		printf("kernel: lab 4: grant_verify() is not written yet: every safecopy fails\n");
	return ENOSYS;
}
