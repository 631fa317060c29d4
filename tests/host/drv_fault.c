/*
 * Host check of user/servers/vm/fault.c: page faults and memory
 * requests on process records the parent sets.
 *   "S ..."   set a record (fake_vm.h); answer: ok
 *   "P WHO ADDR EIP ERR PRESENT OOM COW"   do_pagefault: WHO faulted
 *   "Q WHO TARGET ADDR ERR PRESENT OOM COW"  do_memrequest: WHO's call
 *       waits (both come from KERNEL, as the kernel sends them)
 *       PRESENT: vm_lookup() finds a page; OOM: page_alloc() fails;
 *       COW: what cow_fault() answers if asked
 *   answer: the log (fake_vm.h), then what was printed (hex)
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_vm.h"

const char hc_driver[] = "fault";

void hc_hello_extra(void)
{
	hc_vm_clear();
}

int hc_handle(int argc, char **argv)
{
	message m;

	if (strcmp(argv[0], "S") == 0)
		return hc_vm_set(argc, argv);
	if (argc != 8)
		return -1;
	memset(&m, 0, sizeof(m));
	m.m_source = KERNEL;   /* the kernel reports faults and requests */
	hc_page_present = (int)hc_int(argv[5]);
	hc_out_of_memory = (int)hc_int(argv[6]);
	hc_cow_answer = (int)hc_int(argv[7]);
	hc_vm_nevents = 0;
	if (strcmp(argv[0], "P") == 0) {
		m.m_type = VM_PAGEFAULT;
		m.pagefault.endpt = (endpoint_t)hc_int(argv[1]);
		m.pagefault.addr = hc_u32(argv[2]);
		m.pagefault.eip = hc_u32(argv[3]);
		m.pagefault.err = hc_u32(argv[4]);
		do_pagefault(&m);
	} else if (strcmp(argv[0], "Q") == 0) {
		m.m_type = VM_MEMREQUEST;
		m.memreq.requester = (endpoint_t)hc_int(argv[1]);
		m.memreq.target = (endpoint_t)hc_int(argv[2]);
		m.memreq.addr = hc_u32(argv[3]);
		m.memreq.len = PAGE_SIZE;
		m.memreq.err = hc_u32(argv[4]);
		do_memrequest(&m);
	} else {
		return -1;
	}
	hc_vm_report();
	hc_put_bytes(hc_console, hc_console_len);
	return 0;
}
