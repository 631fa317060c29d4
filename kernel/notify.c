/*
 * NOTIFY (lab 1, exercise 3).
 *
 * A notification is a message without payload that never blocks its
 * sender: "something happened, come and look". The kernel uses it for
 * its own events (CLOCK for alarms, SYSTEM for console input), and
 * servers use it to wake a client without risking to block on it.
 *
 * What must hold:
 *  - If dst is blocked in a RECEIVE that accepts a notification from src
 *    now (accepts_unsolicited(): not a SENDREC waiting for its reply),
 *    dst gets it at once. Otherwise it is remembered at dst: one bit per
 *    source in dst->p_notify_pending (bit_set/bit_test/bit_clear/
 *    bit_next, indexed by proc_index(src)). So notifies never need
 *    memory, and any number from one source before dst receives arrive
 *    as one.
 *  - A RECEIVE (rendezvous.c) asks take_notification() first. It hands
 *    over one pending notification from a source the RECEIVE accepts
 *    (ANY, or that one endpoint), and that notification is then no
 *    longer pending.
 *  - The message: m_type NOTIFY_MESSAGE, m.notify.ticks the current
 *    tick (low 32 bits of `ticks`), everything else 0; its m_source is
 *    the true source, which deliver() (rendezvous.c) stamps. The slot
 *    of a pending bit is the slot of proc_table, not the endpoint: the
 *    endpoint is that slot's p_endpoint.
 */
#include "kernel.h"
#include <mica/ipc.h>

/* NOTIFY from src to dst (src may be a kernel task): deliver or mark
 * pending. Never blocks, never fails. */
void ipc_notify(struct proc *src, struct proc *dst)
{
	(void)src;
	(void)dst;
	panic("lab 1: exercise 3 (NOTIFY): ipc_notify() is not written yet");
}

/* Deliver to caller one pending notification from a source that
 * satisfies src_e (ANY or one endpoint); 1 if one was, 0 if none. */
int take_notification(struct proc *caller, endpoint_t src_e)
{
	(void)caller;
	(void)src_e;
	panic("lab 1: exercise 3 (NOTIFY): take_notification() is not written yet");
}
