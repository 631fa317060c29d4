/*
 * Demand paging (lab 3, exercise 1).
 *
 * VM gives a process no memory for its heap, stack or anonymous
 * mappings until it touches it. The first touch of a page is a page
 * fault; the kernel stops the process and sends VM a VM_PAGEFAULT
 * message on its behalf (m.pagefault has the faulting process endpt,
 * the address, the eip and the error code bits PF_PROT, PF_WRITE,
 * PF_USER). When a kernel call or IPC of some process finds a page of a
 * process absent, VM gets a VM_MEMREQUEST instead (m.memreq.requester is
 * the process whose call waits, .target the process whose memory is
 * needed, .addr the page, .write whether it will be written). Both come
 * from KERNEL: main.c has already refused any that a process forged.
 *
 * For an address inside the process's heap [heap_start, brk), its stack
 * [USER_STACK_LOW, USER_STACK_TOP) or one of its mappings, VM maps a
 * fresh zeroed page (page_alloc() returns zeroed pages; vm_map_page()
 * writes the page-table entry, PTE_U | PTE_W) and lets the process go
 * on: sys_vmctl(VMCTL_RESUME, endpoint, NULL) for a fault, and
 * sys_vmctl(VMCTL_MEMREQ_DONE, endpoint, &answer) with answer.result OK,
 * EFAULT or ENOMEM for a memory request. A protection fault (the page is
 * there, the access is not allowed) or an address outside every region
 * is a real fault: kill the process (sys_kill(endpoint, 0)) after one
 * line that the tests look for:
 *
 *   vm: NAME(ENDPOINT) killed: page fault at 0xADDR8, eip 0xEIP8, err 0xE (KIND)
 *
 * where KIND says what the access was, e.g. "write of a missing page",
 * "read of a protected page" (see the err bits), and ", out of memory"
 * follows when VM ran out of pages. Two requests for the same page can
 * arrive: a page that is already there is not an error.
 */
#include "vm.h"

/* A page fault of m->pagefault.endpt. */
void do_pagefault(message *m)
{
	printf("vm: lab 3: do_pagefault() is not written yet: killing %d (fault at 0x%08x)\n",
	       m->pagefault.endpt, m->pagefault.addr);
	sys_kill(m->pagefault.endpt, 0);
}

/* A kernel call or IPC of m->memreq.requester needs memory of
 * m->memreq.target. */
void do_memrequest(message *m)
{
	struct mess_vmctl refused = { .result = EFAULT };

	printf("vm: lab 3: do_memrequest() is not written yet\n");
	sys_vmctl(VMCTL_MEMREQ_DONE, m->memreq.requester, &refused);
}
