/*
 * SYS_SETGRANT: say where the caller's grant table is (<mica/grant.h>).
 *   in:  m.setgrant.addr     the table, cp_grant_t entries in the
 *                            caller's memory
 *        m.setgrant.entries  how many (0: no table, every grant of the
 *                            caller is refused from now on)
 *   returns OK, EINVAL (entries over GRANT_SLOTS_MAX), EFAULT (the
 *   table does not lie in user space).
 * The table is not read now: the kernel reads an entry each time a
 * grant is used, so a table may be registered before it is filled, and
 * registered again, larger, to grow it (the library copies the entries
 * over first, so no grant is lost between the two).
 */
#include "calls.h"

int do_setgrant(struct proc *caller, message *m)
{
	u32_t entries = m->setgrant.entries;

	if (entries > GRANT_SLOTS_MAX)
		return EINVAL;
	if (entries != 0 && !in_user_space(m->setgrant.addr, entries * sizeof(cp_grant_t)))
		return EFAULT;
	caller->p_grant_table = entries ? m->setgrant.addr : 0;
	caller->p_grant_entries = entries;
	return OK;
}
