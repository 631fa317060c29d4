/*
 * SENDA: asynchronous messages (lab 1, exercise 6).
 *
 * A process (typically a server that must never block on a client)
 * hands the kernel a table of asynmsg_t entries in its own memory with
 * SENDA and goes on at once. The kernel delivers each valid entry
 * (flags has AMF_VALID, not AMF_DONE) when its receiver receives: at
 * once if the receiver is waiting now, else at the receiver's next
 * RECEIVE that accepts the sender. An entry that gets a result (OK, or
 * one saying it cannot be sent: bad endpoint EBADSRCDST/EDEADSRCDST, not
 * allowed ECALLDENIED) gets AMF_DONE and the result in the sender's
 * table.
 *
 * Every message is delivered exactly once, whatever faults: the table is
 * the sender's memory, it may be read-only or vanish, and a call that
 * failed with EFAULT may be run again (by the kernel, once VM has made a
 * page present, or by the program). Think about the order of writing
 * the entry back and delivering, and about what the receiver is left
 * with when a later entry cannot be read.
 *
 * What you have to work with (kernel.h, proc.h):
 *  - caller->p_asyntab / p_asynsize: the table's address and entries;
 *  - dst->p_asyn_pending: a bit per sender slot (bit_set, bit_clear,
 *    bit_next, proc_index) meaning "may have messages for dst", so that
 *    a RECEIVE looks only at those senders' tables;
 *  - vcopy(p, addr, NULL, kaddr, len) reads process memory (any process,
 *    loaded or not) into the kernel, vcopy(NULL, kaddr, p, addr, len)
 *    writes it; both return OK or EFAULT;
 *  - accepts_unsolicited(dst, src): dst waits in a RECEIVE that a message
 *    from src satisfies; deliver(dst, &msg, src_endpoint) hands it over;
 *  - may_ipc(a, b) and proc_lookup(endpoint, &err) for the checks.
 * A RECEIVE takes one message: deliver at most one entry per call of
 * asyn_receive(), and keep the pending bit if the sender has more.
 *
 * One more rule, only tested in lab 3 (vm_inhibit) but part of this
 * file, which is graded again then: nothing is delivered from or to a
 * process whose address space VM is changing (RTS_VMINHIBIT in
 * p_rts_flags); keep the receiver's pending bit and let asyn_retry()
 * deliver it later.
 */
#include "kernel.h"
#include <mica/ipc.h>

/* The SENDA primitive: count entries at table (count 0 withdraws the
 * table). Returns OK, EINVAL for more than NR_ASYNC_MAX entries, EFAULT
 * if the table cannot be read or written. */
int do_senda(struct proc *caller, vir_bytes table, u32_t count)
{
	(void)caller;
	(void)table;
	(void)count;
	return ENOSYS;   /* lab 1: SENDA is not written yet */
}

/* Called by RECEIVE: deliver one asynchronous message for caller from a
 * sender that satisfies src_e (ANY or one endpoint). Returns 1 if one
 * was delivered, 0 if none. */
int asyn_receive(struct proc *caller, endpoint_t src_e)
{
	(void)caller;
	(void)src_e;
	return 0;
}

/* VM has let p go (its address space is stable again): deliver what was
 * postponed because of it, both ways: p's own table, and messages for p
 * if p is waiting in RECEIVE. */
void asyn_retry(struct proc *p)
{
	(void)p;
}
