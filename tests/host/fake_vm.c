/*
 * Fakes of what the VM hole files call in the rest of VM and in libsys,
 * for host checks: the process records, cow.c, and the kernel calls.
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_vm.h"

struct vmproc hc_vmprocs[HC_VM_PROCS];
int hc_cow_answer = EFAULT;
struct hc_vm_event hc_vm_events[HC_VM_MAX_EVENTS];
int hc_vm_nevents;

void hc_vm_record(char kind, u32_t a, u32_t b, u32_t c)
{
	if (hc_vm_nevents == HC_VM_MAX_EVENTS)
		hc_fatal("too many calls into VM");
	hc_vm_events[hc_vm_nevents++] = (struct hc_vm_event){ kind, a, b, c };
}

void hc_vm_clear(void)
{
	int i;

	for (i = 0; i < HC_VM_PROCS; i++)
		hc_vmprocs[i].endpt = NONE;
}

int hc_vm_set(int argc, char **argv)
{
	int slot, nmaps, i;
	struct vmproc *p;

	if (argc < 6)
		return -1;
	slot = (int)hc_int(argv[1]);
	nmaps = (int)hc_int(argv[5]);
	if (slot < 0 || slot >= HC_VM_PROCS || nmaps < 0 || nmaps > MAX_MAPPINGS ||
	    argc != 6 + 2 * nmaps)
		return -1;
	p = &hc_vmprocs[slot];
	memset(p, 0, sizeof(*p));
	p->endpt = hc_int(argv[2]) == -1 ? NONE : (endpoint_t)hc_int(argv[2]);
	p->pagedir = 0x00100000u + (phys_bytes)slot * PAGE_SIZE;
	p->heap_start = hc_u32(argv[3]);
	p->brk = hc_u32(argv[4]);
	for (i = 0; i < nmaps; i++) {
		p->maps[i].start = hc_u32(argv[6 + 2 * i]);
		p->maps[i].len = hc_u32(argv[7 + 2 * i]);
	}
	hc_vm_nevents = 0;
	hc_put_word("ok");
	return 0;
}

void hc_vm_report(void)
{
	int i;

	hc_put_int(hc_vm_nevents);
	for (i = 0; i < hc_vm_nevents; i++) {
		hc_put_int(hc_vm_events[i].kind);
		hc_put_u64(hc_vm_events[i].a);
		hc_put_u64(hc_vm_events[i].b);
		hc_put_u64(hc_vm_events[i].c);
	}
}

void hc_vm_report_proc(int slot)
{
	const struct vmproc *p = &hc_vmprocs[slot];
	int i, n = 0;

	for (i = 0; i < MAX_MAPPINGS; i++)
		n += p->maps[i].len != 0;
	hc_put_int(p->endpt);
	hc_put_u64(p->brk);
	hc_put_int(n);
	for (i = 0; i < MAX_MAPPINGS; i++) {
		if (p->maps[i].len != 0) {
			hc_put_u64(p->maps[i].start);
			hc_put_u64(p->maps[i].len);
		}
	}
}

struct vmproc *vmproc_of(endpoint_t e)
{
	int i;

	for (i = 0; i < HC_VM_PROCS; i++)
		if (hc_vmprocs[i].endpt == e && e != NONE)
			return &hc_vmprocs[i];
	return NULL;
}

int cow_fault(struct vmproc *p, vir_bytes page)
{
	hc_vm_record('w', page, (u32_t)p->endpt, 0);
	return hc_cow_answer;
}

int sys_vmctl(u32_t op, endpoint_t e, const struct mess_vmctl *v)
{
	hc_vm_record('c', op, (u32_t)e, v != NULL ? (u32_t)v->result : 0x5eed5eedu);
	if (op == VMCTL_TLB_CHANGED && v != NULL)
		hc_vm_record('t', v->addr, v->len, (u32_t)e);
	return OK;
}

int sys_kill(endpoint_t e, int status)
{
	hc_vm_record('k', (u32_t)e, (u32_t)status, 0);
	return OK;
}

int sys_procname(endpoint_t e, char *name, size_t size)
{
	static const char digits[] = "0123456789";
	char buf[PROC_NAME_LEN] = "prog";
	size_t n = 4;
	u32_t v = (u32_t)e % 1000;

	buf[n++] = digits[v / 100];
	buf[n++] = digits[v / 10 % 10];
	buf[n++] = digits[v % 10];
	buf[n] = '\0';
	if (size > 0) {
		n = n < size - 1 ? n : size - 1;
		memcpy(name, buf, n);
		name[n] = '\0';
	}
	return OK;
}
