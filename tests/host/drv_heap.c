/*
 * Host check of user/servers/vm/heap.c: VM_BRK, VM_MMAP and VM_MUNMAP
 * on process records the parent sets, against its model.
 *   "S ..."             set a record (fake_vm.h); answer: ok
 *   "B SLOT SOURCE ADDR"      do_brk with m_source SOURCE
 *   "M SLOT SOURCE LEN"       do_mmap
 *   "U SLOT SOURCE ADDR LEN"  do_munmap
 *   answer: RESULT REPLY_ADDR, the log (fake_vm.h), then record SLOT
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_vm.h"

const char hc_driver[] = "heap";

void hc_hello_extra(void)
{
	hc_vm_clear();
}

int hc_handle(int argc, char **argv)
{
	message m;
	int slot, r;

	if (strcmp(argv[0], "S") == 0)
		return hc_vm_set(argc, argv);
	if (argc < 4)
		return -1;
	slot = (int)hc_int(argv[1]);
	if (slot < 0 || slot >= HC_VM_PROCS)
		return -1;
	memset(&m, 0, sizeof(m));
	m.m_source = (endpoint_t)hc_int(argv[2]);
	hc_vm_nevents = 0;
	if (strcmp(argv[0], "B") == 0 && argc == 4) {
		m.m_type = VM_BRK;
		m.vm_brk.addr = hc_u32(argv[3]);
		r = do_brk(&m);
		hc_put_int(r);
		hc_put_u64(m.vm_brk.addr);
	} else if (strcmp(argv[0], "M") == 0 && argc == 4) {
		m.m_type = VM_MMAP;
		m.vm_mmap.len = hc_u32(argv[3]);
		r = do_mmap(&m);
		hc_put_int(r);
		hc_put_u64(m.vm_mmap.addr);
	} else if (strcmp(argv[0], "U") == 0 && argc == 5) {
		m.m_type = VM_MUNMAP;
		m.vm_mmap.addr = hc_u32(argv[3]);
		m.vm_mmap.len = hc_u32(argv[4]);
		r = do_munmap(&m);
		hc_put_int(r);
		hc_put_u64(0);
	} else {
		return -1;
	}
	hc_vm_report();
	hc_vm_report_proc(slot);
	return 0;
}
