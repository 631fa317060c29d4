/*
 * The kernel around a kernel hole file, faked for host checks
 * (fake_kernel.c). The real kernel/proc.c is linked too, compiled
 * unchanged: the process table, proc_lookup_failed and the ready queues
 * are the kernel's own.
 */
#ifndef TESTS_HOST_FAKE_KERNEL_H
#define TESTS_HOST_FAKE_KERNEL_H

#include "mica_kernel.h"

/* User memory, the same for every process: [HC_UBASE, HC_UBASE + size).
 * vcopy(), copy_catch() and check_writable_slow() reach it; anything
 * else is EFAULT. Its last page is read-only, and the one before it is
 * absent (not present, as a page VM has not supplied yet) while
 * hc_absent is set. */
#define HC_UBASE (USER_BASE + 0x100000)
extern u8_t hc_umem[64 * 1024];
#define HC_RO_PAGE (HC_UBASE + sizeof(hc_umem) - PAGE_SIZE)
#define HC_ABSENT_PAGE (HC_RO_PAGE - PAGE_SIZE)
extern int hc_absent;

/* What the code under test did, in order. */
#define HC_MAX_EVENTS 256
struct hc_event {
	char kind;            /* 'n' ipc_notify, 'd' deliver, 's' ipc_send */
	struct proc *from;    /* notify: the source; deliver: NULL */
	struct proc *to;      /* notify and deliver: the destination; send: the caller */
	endpoint_t src_e;     /* deliver: the source endpoint; send: the destination */
	int flags;            /* send: the flags; deliver: 1 if dst was not receiving */
	message msg;          /* deliver: the message */
};
extern struct hc_event hc_events[HC_MAX_EVENTS];
extern int hc_nevents;

extern int hc_hz;   /* what clock_hz() says */

/* Every slot free, nothing recorded, ticks 0. */
void hc_kernel_reset(void);

#endif
