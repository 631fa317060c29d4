/*
 * SYS_VMCTL: VM's control of processes and their page tables (VM only).
 *   in:  m.vmctl.op     one of:
 *          VMCTL_RESUME       endpt's page fault is handled: let it run
 *          VMCTL_MEMREQ_DONE  endpt's memory request is answered:
 *                             m.vmctl.result OK (run the call again) or
 *                             an error (the call fails with EFAULT; a
 *                             process whose received message could not
 *                             be copied into its buffer is killed)
 *          VMCTL_TLB_CHANGED  endpt's table changed for [addr, addr+len):
 *                             flush what the TLB may hold of it. VM must
 *                             say so whenever it unmaps or write-protects
 *                             memory of a process.
 *          VMCTL_INHIBIT      stop endpt while VM edits its tables
 *          VMCTL_UNINHIBIT    let it run again
 *          VMCTL_SET_SPACE    endpt now uses the directory its slot's entry
 *                             of the shared table holds (SELF for VM
 *                             itself): one atomic switch
 *          VMCTL_GET_SPACE    the directory endpt uses, written to the
 *                             phys_bytes at m.vmctl.addr in VM's memory
 *          VMCTL_SHARE_PAGEDIRS  (endpt SELF) m.vmctl.pagedir: physical
 *                             address of a page in VM's memory holding
 *                             the directory of every process, by slot;
 *                             once, before NEWPROC and SET_SPACE
 *          VMCTL_GRANTCHECK   may endpt use a grant? m.vmctl.addr: a
 *                             struct grant_check in VM's memory
 *                             (<mica/grant.h>), answered in place;
 *                             returns what a safecopy would (EGRANT*,
 *                             ...), EFAULT if the struct is not there
 *        m.vmctl.endpt  the process (SELF allowed)
 *   returns OK, EINVAL (unknown op, bad directory or table, or the
 *   process is not in the state the op answers), EBUSY (a table is
 *   shared already), EFAULT (GET_SPACE, GRANTCHECK: m.vmctl.addr is not
 *   VM's memory), EBADSRCDST/EDEADSRCDST (endpoint).
 *   No reply message: the message is not copied back (the answers that
 *   are more than the result go to VM's memory at m.vmctl.addr), which
 *   keeps the page fault's answer, VMCTL_RESUME, one copy shorter.
 */
#include "calls.h"
#include "../arch/i386/arch.h"
#include "../arch/i386/cpu.h"

/* VM's table of page directories, by process slot (SHARE_PAGEDIRS):
 * one page holds them all. */
const phys_bytes *vm_pagedirs;
_Static_assert(NR_PROCS * sizeof(phys_bytes) <= PAGE_SIZE, "one page of directories");

/* Pages flushed one by one with invlpg; more than this, reload CR3. */
#define INVLPG_MAX 16

/* p's table changed: if it is the loaded one the TLB may hold stale
 * entries for the range, so flush them. Otherwise the CR3 load that
 * comes with switching to p will. */
static void tlb_changed(struct proc *p, vir_bytes addr, u32_t len)
{
	vir_bytes a = addr & ~(PAGE_SIZE - 1);
	u64_t pages;

	if (ptproc == NULL || ptproc->p_cr3 != p->p_cr3 || len == 0)
		return;
	kstats.tlb_flushes++;
	/* Counted in 64 bits: a range may end at 4 GiB. */
	pages = ((u64_t)addr + len - a + PAGE_SIZE - 1) / PAGE_SIZE;
	if (pages > INVLPG_MAX) {
		write_cr3(ptproc->p_cr3);
		return;
	}
	for (; pages > 0; pages--, a += PAGE_SIZE)
		__asm__ volatile("invlpg (%0)" : : "r"(a) : "memory");
}

/* The table must be a whole page of VM's memory: page aligned, in the
 * memory the kernel gave VM, never the kernel's own. */
static int share_pagedirs(struct proc *p, struct proc *caller, phys_bytes table)
{
	const struct memrange *free = &free_memory[0];

	if (p != caller)
		return EINVAL;
	if (vm_pagedirs != NULL)
		return EBUSY;
	if (table % PAGE_SIZE != 0 || table < free->base || table - free->base >= free->size ||
	    free->size - (table - free->base) < PAGE_SIZE)
		return EINVAL;
	vm_pagedirs = (const phys_bytes *)table;
	return OK;
}

/* VM asks whether grantee may use a grant (safemap): the question and
 * the answer in the struct grant_check at addr of VM's memory. */
static int grant_check(struct proc *caller, struct proc *grantee, vir_bytes addr)
{
	struct grant_check q;
	struct grant_target t;
	int r;

	if ((r = copy_from_user(caller, addr, &q, sizeof(q))) != OK)
		return r;
	r = grant_verify(grantee, q.granter, q.grant, q.offset, q.bytes, q.access, &t);
	if (r != OK)
		return r;
	q.owner = t.owner->p_endpoint;
	q.addr = t.addr;
	q.hops = (u32_t)t.hops;
	memcpy(q.chain, t.chain, sizeof(q.chain));
	return copy_to_user(caller, &q, addr, sizeof(q));
}

int do_vmctl(struct proc *caller, message *m)
{
	struct mess_vmctl *v = &m->vmctl;
	struct proc *p;
	int r;

	if (v->endpt == SELF)
		p = caller;
	else if ((p = proc_lookup(v->endpt, &r)) == NULL)
		return r;
	if (is_task(p))
		return EBADSRCDST;
	switch (v->op) {
	case VMCTL_RESUME:
		if (!(p->p_rts_flags & RTS_PAGEFAULT) || (p->p_rts_flags & RTS_SENDING))
			return EINVAL;
		rts_clear(p, RTS_PAGEFAULT);
		return OK;
	case VMCTL_MEMREQ_DONE:
		if (!(p->p_rts_flags & RTS_VMREQUEST) || (p->p_rts_flags & RTS_SENDING))
			return EINVAL;
		if (v->result != OK && (p->p_misc_flags & MF_DELIVERMSG))
			undeliverable(p);   /* its message has nowhere to go */
		else
			vm_request_done(p, v->result);
		return OK;
	case VMCTL_TLB_CHANGED:
		tlb_changed(p, v->addr, v->len);
		p->p_msgbuf_ok = 0;   /* memory may have gone */
		return OK;
	case VMCTL_INHIBIT:
		if (p == caller)
			return EINVAL;
		rts_set(p, RTS_VMINHIBIT);
		return OK;
	case VMCTL_UNINHIBIT:
		if (!(p->p_rts_flags & RTS_VMINHIBIT))
			return EINVAL;
		rts_clear(p, RTS_VMINHIBIT);
		asyn_retry(p);
		return OK;
	case VMCTL_SET_SPACE:
		if ((r = take_pagedir(p)) != OK)
			return r;
		p->p_msgbuf_ok = 0;
		if (ptproc == p) {
			write_cr3(p->p_cr3);   /* VM switching itself */
			kstats.cr3_loads++;
		}
		return OK;
	case VMCTL_GET_SPACE:
		return copy_to_user(caller, &p->p_cr3, v->addr, sizeof(p->p_cr3));
	case VMCTL_SHARE_PAGEDIRS:
		return share_pagedirs(p, caller, v->pagedir);
	case VMCTL_GRANTCHECK:
		return grant_check(caller, p, v->addr);
	default:
		return EINVAL;
	}
}
