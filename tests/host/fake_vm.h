/*
 * The VM server around a VM hole file, faked for host checks
 * (fake_vm.c): the records of the processes VM made, and logs of what
 * was asked of the page tables, the page allocator and the kernel.
 */
#ifndef TESTS_HOST_FAKE_VM_H
#define TESTS_HOST_FAKE_VM_H

#include "mica_lib.h"
#include "vm.h"

#define HC_VM_PROCS 4
#define HC_PAGE_PA 0x00abc000u   /* what page_alloc() hands out */

extern struct vmproc hc_vmprocs[HC_VM_PROCS];
extern int hc_page_present;   /* what vm_lookup() says: present or not */
extern int hc_out_of_memory;  /* page_alloc() fails */

/* What the code under test asked for, in order. */
#define HC_VM_MAX_EVENTS 128
struct hc_vm_event {
	char kind;     /* 'u' vm_unmap, 'm' vm_map_page, 'f' page_free,
	                  'c' sys_vmctl, 'k' sys_kill */
	u32_t a, b, c; /* u: start len endpt; m: va pa flags; f: pa;
	                  c: op endpt result; k: endpt status */
};
extern struct hc_vm_event hc_vm_events[HC_VM_MAX_EVENTS];
extern int hc_vm_nevents;

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
