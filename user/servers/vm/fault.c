/*
 * Demand paging (lab 3, exercise 2).
 *
 * VM gives a process no memory for its heap, stack or anonymous
 * mappings until it touches it. The first touch of a page is a page
 * fault: the kernel stops the process (RTS_PAGEFAULT) and sends VM a
 * VM_PAGEFAULT on its behalf (m.pagefault: who, the address, the eip,
 * the error bits PF_PROT, PF_WRITE, PF_USER). A kernel call or IPC that
 * found a page of some process absent comes as VM_MEMREQUEST instead
 * (m.memreq: the process whose call waits, the process whose memory is
 * needed, which need not be the same, the page, whether it will be
 * written). Both come from KERNEL: main.c has refused forgeries.
 *
 * The rules (handout/lab3.md says why):
 *  - A process's regions are its heap [heap_start, brk), its stack
 *    [USER_STACK_LOW, USER_STACK_TOP) and its mappings (struct vmproc).
 *    An absent page in a region gets a new page of zeros, user-writable;
 *    an absent page outside every region is a real fault.
 *  - A protection fault (PF_PROT: the page is present and refused the
 *    access) is never fixed by mapping a page over it. A write to such a
 *    page goes to cow_fault() (cow.c, lab 4's copy-on-write), wherever
 *    it is, and its answer stands; any other protection fault is real.
 *  - The same page may be asked for twice; the second time it is there.
 *  - A fault VM fixes lets the process go on (VMCTL_RESUME); a real one,
 *    or one VM has no page for, ends it with one line the tests match,
 *
 *      vm: NAME(EP) killed: page fault at 0xADDR8, eip 0xEIP8, err 0xE (KIND)
 *
 *    (KIND in words from the three error bits, e.g. "write of a missing
 *    page"; ", out of memory" after it when VM had no page), then
 *    sys_kill(EP, 0).
 *  - A memory request is answered to the process whose call waits
 *    (VMCTL_MEMREQ_DONE with OK, EFAULT or ENOMEM); the kernel then runs
 *    the call again or fails it.
 */
#include "vm.h"

/* A page fault of m->pagefault.endpt. */
void do_pagefault(message *m)
{
	printf("vm: lab 3: exercise 2 is not written: do_pagefault() kills %d (fault at 0x%08x)\n",
	       m->pagefault.endpt, m->pagefault.addr);
	sys_kill(m->pagefault.endpt, 0);
}

/* A kernel call or IPC of m->memreq.requester needs memory of
 * m->memreq.target. */
void do_memrequest(message *m)
{
	struct mess_vmctl refused = { .result = EFAULT };

	printf("vm: lab 3: exercise 2 is not written: do_memrequest() refuses\n");
	sys_vmctl(VMCTL_MEMREQ_DONE, m->memreq.requester, &refused);
}
