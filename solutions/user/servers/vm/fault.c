/*
 * Demand paging (lab 3): a process's heap, stack and anonymous mappings
 * get zero-filled pages the first time they are touched. Page faults
 * come from the kernel as VM_PAGEFAULT; kernel calls and IPC that found
 * a page absent come as VM_MEMREQUEST. An absent page outside those
 * regions is a real fault.
 *
 * Protection faults (PF_PROT: the page is present and refused the
 * access) are never fixed by mapping a new page, which would throw the
 * present one away. A write to a present read-only page is asked about
 * in cow.c first, wherever the page is: lab 4's copy-on-write pages are
 * such pages, and cow_fault() is where lab 4 claims them; for any other
 * page it answers EFAULT and the writer is killed. Any other protection fault
 * kills at once.
 */
#include "vm.h"

/* Does p own addr: heap, stack or one of its mappings? */
static int region_allows(const struct vmproc *p, vir_bytes addr)
{
	int i;

	if (addr >= p->heap_start && addr < p->brk)
		return 1;
	if (addr >= USER_STACK_LOW && addr < USER_STACK_TOP)
		return 1;
	for (i = 0; i < MAX_MAPPINGS; i++)
		if (p->maps[i].len != 0 && addr >= p->maps[i].start &&
		    addr - p->maps[i].start < p->maps[i].len)
			return 1;
	return 0;
}

/*
 * Make the page at addr present in p, if p may have it: a fresh zeroed
 * page, user-writable. err is the fault's error code: a protection fault
 * goes to cow.c if it is a write, and is refused otherwise.
 * Returns OK, EFAULT or ENOMEM.
 */
static int fault_in(struct vmproc *p, vir_bytes addr, u32_t err)
{
	vir_bytes page = addr & ~(PAGE_SIZE - 1);
	phys_bytes pa;

	if ((err & PF_PROT) && (err & PF_WRITE))
		return cow_fault(p, page);   /* lab 4's, wherever the page is */
	if ((err & PF_PROT) || !region_allows(p, addr))
		return EFAULT;
	if (vm_lookup(p->pagedir, page) != 0)
		return OK;   /* already there: someone asked twice */
	if ((pa = page_alloc()) == 0)
		return ENOMEM;
	page_zero(pa);   /* the last owner's data must not show through */
	if (vm_map_page(p->pagedir, page, pa, PTE_U | PTE_W) != OK) {
		page_free(pa);
		return ENOMEM;
	}
	return OK;
}

static const char *fault_kind(u32_t err)
{
	static const char *kinds[8] = {
		"read of a missing page, kernel", "read, protection, kernel",
		"write of a missing page, kernel", "write, protection, kernel",
		"read of a missing page", "read of a protected page",
		"write of a missing page", "write to a protected page",
	};

	return kinds[err & 7];
}

/* A page fault: map the page and let the process go on, or end it with
 * a report. */
void do_pagefault(message *m)
{
	endpoint_t who = m->pagefault.endpt;
	struct vmproc *p = vmproc_of(who);
	char name[PROC_NAME_LEN] = "?";
	int r;

	r = p != NULL ? fault_in(p, m->pagefault.addr, m->pagefault.err) : EFAULT;
	if (r == OK) {
		if ((r = sys_vmctl(VMCTL_RESUME, who, NULL)) != OK)
			printf("vm: resume %d: %s\n", who, errstr(r));
		return;
	}
	sys_procname(who, name, sizeof(name));
	printf("vm: %s(%d) killed: page fault at 0x%08x, eip 0x%08x, err 0x%x (%s)%s\n",
	       name, who, m->pagefault.addr, m->pagefault.eip,
	       m->pagefault.err, fault_kind(m->pagefault.err),
	       r == ENOMEM ? ", out of memory" : "");
	if ((r = sys_kill(who, 0)) != OK)
		printf("vm: kill %d: %s\n", who, errstr(r));
}

/* A kernel call or IPC of m.memreq.requester needs memory of
 * m.memreq.target: an absent page, or a present one it may not write
 * (PF_PROT; a kernel copy only ever writes to a present page it is
 * refused), decided on as a fault of the target's own would be. */
void do_memrequest(message *m)
{
	endpoint_t who = m->memreq.requester;
	struct vmproc *target = vmproc_of(m->memreq.target);
	u32_t err = m->memreq.err & (PF_PROT | PF_WRITE);
	struct mess_vmctl answer = { .result = EFAULT };
	int r;

	if (target != NULL)
		answer.result = fault_in(target, m->memreq.addr, err);
	if ((r = sys_vmctl(VMCTL_MEMREQ_DONE, who, &answer)) != OK)
		printf("vm: memory request of %d: %s\n", who, errstr(r));
}
