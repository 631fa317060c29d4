/*
 * SYS_NEWPROC: make a process from an address space VM has built (VM
 * only).
 *   in:  m.newproc.pagedir  physical address of its page directory,
 *                           which must hold the kernel's entries
 *        m.newproc.entry    first instruction (user space)
 *        m.newproc.stack    initial stack pointer (user space)
 *        m.newproc.parent   the process it belongs to (may talk to it)
 *        m.newproc.flags    PROC_SYSTEM for a system process
 *        m.newproc.name     its name
 *   out: m.newproc.endpt    the new process's endpoint
 *   returns OK, EINVAL (bad directory, entry, stack or flags), ENOMEM
 *   (no free slot), EDEADSRCDST/EBADSRCDST (parent).
 */
#include "calls.h"
#include "../arch/i386/arch.h"

extern phys_bytes ram_end;

/* Is pd a page directory VM built right: in RAM, page aligned, with the
 * kernel's entries? (Also used by SYS_VMCTL.) */
int valid_pagedir(phys_bytes pd)
{
	const u32_t *entries = (const u32_t *)pd;
	int i;

	if (pd % PAGE_SIZE != 0 || pd == 0 || pd >= ram_end)
		return 0;
	for (i = 0; i < (int)KERNEL_PDES; i++)
		if (entries[i] != kernel_pde(i))
			return 0;
	return 1;
}

int do_newproc(struct proc *caller, message *m)
{
	struct mess_newproc *np = &m->newproc;
	struct proc *p, *parent;
	int r;

	(void)caller;
	if (!valid_pagedir(np->pagedir) || np->entry < USER_BASE ||
	    np->entry >= USER_END || np->stack <= USER_BASE || np->stack > USER_END ||
	    (np->flags & ~PROC_SYSTEM) != 0)
		return EINVAL;
	if ((parent = proc_lookup(np->parent, &r)) == NULL)
		return r;
	if ((p = proc_alloc(-1)) == NULL)
		return ENOMEM;
	memcpy(p->p_name, np->name, sizeof(p->p_name));
	p->p_name[sizeof(p->p_name) - 1] = '\0';
	p->p_cr3 = np->pagedir;
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
