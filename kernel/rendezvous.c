/*
 * Rendezvous IPC (lab 1, exercise 2): SEND, SENDNB, RECEIVE, SENDREC.
 *
 * A message passes when sender and receiver are both ready; whichever
 * comes first blocks. ipc.c has already checked what all primitives
 * share (the other endpoint: ipc_target(); a receive buffer: writable)
 * and calls the functions below. The state they keep, in struct proc
 * (proc.h says the invariants):
 *
 *  - p_rts_flags: RTS_SENDING while blocked sending to p_sendto,
 *    RTS_RECEIVING while blocked receiving from p_getfrom (ANY or one
 *    endpoint). Change flags only with rts_set()/rts_clear(): they keep
 *    "on a ready queue exactly when the flags are 0".
 *  - p_caller_q / p_q_link: the processes blocked sending to p, a
 *    singly linked list. Senders are served in the order they came.
 *  - p_sendmsg: a blocked sender's message. It is copied in from the
 *    sender's memory when it sends (copy_from_user(): the sender's table
 *    is loaded now; later it is not, and its buffer may have changed or
 *    gone). A bad buffer is EFAULT at once, before the sender blocks.
 *  - p_delivermsg and MF_DELIVERMSG: a message delivered to p, copied
 *    to p_msgaddr by switch_to_user() just before p runs. Never write
 *    into a receiver's memory here.
 *  - MF_REPLY_PEND: p is in a SENDREC, from its send until its reply.
 *  - MF_KERNEL_MSG: p_sendmsg was made by the kernel on p's behalf
 *    (IPC_FROM_KERNEL: a page fault or an exit, sent to VM). It arrives
 *    from KERNEL, and taking it does not make p runnable: whatever
 *    stopped p still does.
 *
 * Rules:
 *  - deliver(dst, m, src_e): dst gets m with m_source src_e (the kernel
 *    stamps the source; a sender cannot forge it), eax OK, and stops
 *    receiving. Its delivery buffer must be empty (a second message
 *    would overwrite the first: assert it).
 *  - SEND to a process that is receiving from the sender (or from ANY),
 *    and not itself still sending: delivered at once, the sender goes
 *    on with OK. Otherwise the sender blocks, last in dst's queue, unless
 *    SENDNB (ENOTREADY, nothing queued) or would_deadlock() says the
 *    block would close a cycle of waits (ELOCKED). The kernel's own sends
 *    are not checked for permission or deadlock.
 *  - RECEIVE from src_e: first a pending notification
 *    (take_notification(), notify.c), then the first queued sender that
 *    src_e accepts (its endpoint, or KERNEL for a kernel message), then
 *    asynchronous messages (asyn_receive(), asyn.c). The sender taken
 *    is off the queue and runs again with OK. Nothing there: ELOCKED if
 *    waiting for src_e (not ANY) would close a cycle, else block.
 *  - SENDREC: a SEND, then a RECEIVE from the same endpoint into the
 *    same buffer, with no moment between in which anything else can
 *    arrive: while MF_REPLY_PEND is set, only a message from that
 *    endpoint ends the wait (no notification, no SENDA entry). If the
 *    request is queued, the wait for the reply starts when it is
 *    taken. If the send fails, nothing of the SENDREC is left behind.
 *  - An exiting process (ipc_cancel) leaves no trace: off the queue it
 *    waited on, every sender queued at it and every receiver waiting
 *    for it in particular woken with EDEADSRCDST, the notifications and
 *    SENDA offers it made withdrawn (their bits cleared everywhere).
 *
 * Return SUSPEND (kernel.h) when the caller is now blocked: its eax is
 * set when it is woken.
 */
#include "kernel.h"
#include <mica/ipc.h>

/* Put m into dst's delivery buffer, from src_e, and wake dst. */
void deliver(struct proc *dst, const message *m, endpoint_t src_e)
{
	(void)dst;
	(void)m;
	(void)src_e;
	panic("lab 1: exercise 2 (rendezvous): deliver() is not written yet");
}

/* Is dst blocked in a RECEIVE that a notification or asynchronous
 * message from src satisfies now (not a SENDREC's wait for its reply)? */
int accepts_unsolicited(struct proc *dst, struct proc *src)
{
	(void)dst;
	(void)src;
	panic("lab 1: exercise 2 (rendezvous): accepts_unsolicited() is not written yet");
}

/* SEND (flags 0), SENDNB (IPC_NONBLOCK), or the kernel's send of
 * caller->p_sendmsg on caller's behalf (IPC_FROM_KERNEL, user_msg
 * unused) to dst_e. Returns OK (delivered), SUSPEND (queued) or an
 * error. */
int ipc_send(struct proc *caller, endpoint_t dst_e, int flags, vir_bytes user_msg)
{
	(void)caller;
	(void)dst_e;
	(void)flags;
	(void)user_msg;
	panic("lab 1: exercise 2 (rendezvous): ipc_send() is not written yet");
}

/* RECEIVE from src_e (checked) into addr (checked writable): OK if a
 * message was there, SUSPEND if the caller blocks, or ELOCKED. */
int ipc_receive(struct proc *caller, endpoint_t src_e, vir_bytes addr)
{
	(void)caller;
	(void)src_e;
	(void)addr;
	panic("lab 1: exercise 2 (rendezvous): ipc_receive() is not written yet");
}

/* SENDREC to dst_e with the message at addr (checked writable), the
 * reply into the same buffer: SUSPEND, or the send's error. */
int ipc_sendrec(struct proc *caller, endpoint_t dst_e, vir_bytes addr)
{
	(void)caller;
	(void)dst_e;
	(void)addr;
	panic("lab 1: exercise 2 (rendezvous): ipc_sendrec() is not written yet");
}

/* p is exiting (RTS_EXITING is set): take it out of every IPC
 * relationship. */
void ipc_cancel(struct proc *p)
{
	(void)p;
	panic("lab 1: exercise 2 (rendezvous): ipc_cancel() is not written yet");
}
