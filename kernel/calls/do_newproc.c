/*
 * SYS_NEWPROC: make a process from an address space VM has built (VM
 * only).
 *   in:  m.newproc.slot     the free process slot VM chose; VM has put
 *                           the physical address of its page directory
 *                           (which must hold the kernel's entries) in
 *                           that slot's entry of the table it shares
 *                           with the kernel (VMCTL_SHARE_PAGEDIRS)
 *        m.newproc.entry    first instruction (user space)
 *        m.newproc.stack    initial stack pointer (user space)
 *        m.newproc.parent   the process it belongs to (may talk to it)
 *        m.newproc.flags    PROC_SYSTEM for a system process,
 *                           PROC_MAGIC_GRANTS if it may make magic grants
 *                           (only a caller that may)
 *        m.newproc.name     its name
 *   out: m.newproc.endpt    the new process's endpoint
 *   returns OK, EINVAL (bad slot, no shared table, bad directory, entry,
 *   stack or flags), EBUSY (the slot is in use), EDEADSRCDST/EBADSRCDST
 *   (parent).
 */
#include "calls.h"
#include "../arch/i386/arch.h"

extern phys_bytes ram_end;

/* Is pd a page directory VM built right: in RAM, page aligned, with the
 * kernel's entries, and nothing in the copy windows' slots (copy.c maps
 * windows only into empty slots)? (Also used by SYS_VMCTL.) */
int valid_pagedir(phys_bytes pd)
{
	const u32_t *entries = (const u32_t *)pd;
	int i;

	if (pd % PAGE_SIZE != 0 || pd == 0 || pd >= ram_end)
		return 0;
	if (!kernel_pdes_match(entries))
		return 0;
	for (i = WINDOW_BASE >> PDE_SHIFT; i < PDE_ENTRIES; i++)
		if (entries[i] != 0)
			return 0;
	return 1;
}

/* Take p's directory from the table VM shares, if it is a valid one:
 * what NEWPROC and VMCTL_SET_SPACE do. The kernel keeps it in p_cr3,
 * which it loads when p runs and reads to map p's memory into a
 * window (copy.c). */
int take_pagedir(struct proc *p)
{
	phys_bytes pd;

	kassert(p->p_nr >= 0 && p->p_nr < NR_PROCS);
	if (vm_pagedirs == NULL || !valid_pagedir(pd = vm_pagedirs[p->p_nr]))
		return EINVAL;
	p->p_cr3 = pd;
	return OK;
}

int do_newproc(struct proc *caller, message *m)
{
	struct mess_newproc *np = &m->newproc;
	struct proc *p, *parent;
	int r;

	if (np->slot <= VM_SLOT || np->slot >= NR_PROCS || np->entry < USER_BASE ||
	    np->entry >= USER_END || np->stack <= USER_BASE || np->stack > USER_END ||
	    (np->flags & ~(PROC_SYSTEM | PROC_MAGIC_GRANTS)) != 0 ||
	    ((np->flags & PROC_MAGIC_GRANTS) && !(caller->p_privflags & PROC_MAGIC_GRANTS)))
		return EINVAL;
	if ((parent = proc_lookup(np->parent, &r)) == NULL)
		return r;
	if ((p = proc_alloc(np->slot)) == NULL)
		return EBUSY;
	if ((r = take_pagedir(p)) != OK)
		return r;
	memcpy(p->p_name, np->name, sizeof(p->p_name));
	p->p_name[sizeof(p->p_name) - 1] = '\0';
	p->p_parent = parent->p_endpoint;
	p->p_privflags = np->flags;
	p->p_callmask = (np->flags & PROC_SYSTEM) ? SYSTEM_CALLS : USER_CALLS;
	if (testhooks_enabled)
		p->p_callmask |= CALL_BIT(SYS_TESTHOOK);
	p->p_priority = (np->flags & PROC_SYSTEM) ? PRIO_INIT : PRIO_USER;
	p->p_reg.cs = USER_CS;
	p->p_reg.ds = p->p_reg.es = p->p_reg.fs = p->p_reg.gs = p->p_reg.ss = USER_DS;
	p->p_reg.eflags = 0x200;   /* interrupts on */
	p->p_reg.eip = np->entry;
	p->p_reg.esp = np->stack;
	np->endpt = p->p_endpoint;
	rts_clear(p, RTS_SLOT_FREE);
	return OK;
}
