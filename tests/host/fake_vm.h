/*
 * The VM server around a VM hole file, faked for host checks: the
 * records of the processes VM made, cow.c and the kernel calls
 * (fake_vm.c); VM's page tables and page allocator (fake_pt.c, for the
 * hole files that use them: drv_ptable.c has real ones); and a log of
 * what was asked of them.
 */
#ifndef TESTS_HOST_FAKE_VM_H
#define TESTS_HOST_FAKE_VM_H

#include "mica_lib.h"
#include "vm.h"

#define HC_VM_PROCS 4
#define HC_PAGE_PA 0x00abc000u   /* what fake_pt.c's page_alloc() hands out */

extern struct vmproc hc_vmprocs[HC_VM_PROCS];
extern int hc_cow_answer;     /* what cow_fault() answers */
/* fake_pt.c */
extern int hc_page_present;   /* what vm_lookup() says: present or not */
extern int hc_out_of_memory;  /* page_alloc() fails */

/* What the code under test asked for, in order. */
#define HC_VM_MAX_EVENTS 128
struct hc_vm_event {
	char kind;     /* 'u' vm_unmap, 'm' vm_map_page, 'a' page_alloc,
	                  'z' page_zero, 'f' page_free, 'w' cow_fault,
	                  'c' sys_vmctl, 't' its range for
	                  VMCTL_TLB_CHANGED, 'k' sys_kill */
	u32_t a, b, c; /* u: start len endpt; m: va pa flags; a, z, f: pa;
	                  w: page endpt; c: op endpt result (0x5eed5eed:
	                  no message); t: addr len endpt; k: endpt status */
};
extern struct hc_vm_event hc_vm_events[HC_VM_MAX_EVENTS];
extern int hc_vm_nevents;
void hc_vm_record(char kind, u32_t a, u32_t b, u32_t c);

/* Every VM driver's hc_hello_extra(): no process has a record yet. */
void hc_vm_clear(void);

/* "S SLOT ENDPOINT HEAP_START BRK NMAPS [START LEN]*NMAPS": set a record
 * (ENDPOINT -1: unused) and answer "ok". Returns 0, or -1 for a bad
 * request (nothing answered). */
int hc_vm_set(int argc, char **argv);

/* Answer with the log: NEVENTS [KIND A B C]* (KIND as a number). */
void hc_vm_report(void);

/* Answer with a record: ENDPOINT BRK NMAPS [START LEN]* (used slots only). */
void hc_vm_report_proc(int slot);

#endif
