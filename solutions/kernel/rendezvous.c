/*
 * Rendezvous IPC (lab 1): SEND, SENDNB, RECEIVE and SENDREC, the
 * queues of blocked senders, delivery, and cutting an exiting process
 * out of all of it.
 *
 * A message goes from sender to receiver when both are ready: whichever
 * comes first blocks. A sender that finds its receiver waiting copies
 * its message straight into the receiver's delivery buffer; otherwise
 * it is copied into the sender's own p_sendmsg (its table is loaded
 * now, so a bad buffer is EFAULT at once, not later in somebody else's
 * RECEIVE) and the sender waits, last on the receiver's p_caller_q. A
 * receiver takes the first queued sender that it accepts: senders to
 * one receiver are served in the order they came.
 *
 * Delivery never writes into the receiver's memory: deliver() fills
 * p_delivermsg and switch_to_user() copies it out just before the
 * receiver runs, with its table loaded (MINIX's QueueMess).
 *
 * SENDREC is a SEND and a RECEIVE from the same endpoint made as one
 * call: MF_REPLY_PEND marks the caller from its send until its reply,
 * and while it is set nothing but the reply can satisfy the receive
 * (no notification, no SENDA entry, no other sender).
 */
#include "kernel.h"
#include <mica/ipc.h>

/* dst's delivery buffer holds a message from src_e: stamp its true
 * source and wake dst from RECEIVE (a SENDREC's reply ends its wait). */
static void mark_delivered(struct proc *dst, endpoint_t src_e)
{
	dst->p_delivermsg.m_source = src_e;
	dst->p_misc_flags |= MF_DELIVERMSG;
	dst->p_misc_flags &= ~MF_REPLY_PEND;
	dst->p_reg.eax = OK;
	rts_clear(dst, RTS_RECEIVING);
}

/* Put m into dst's delivery buffer and wake dst. */
void deliver(struct proc *dst, const message *m, endpoint_t src_e)
{
	kassert(!(dst->p_misc_flags & MF_DELIVERMSG));
	copy_message(&dst->p_delivermsg, m);
	mark_delivered(dst, src_e);
}

/* Is dst blocked in a RECEIVE that a message from src_e satisfies? A
 * SENDREC whose request is not taken yet is still sending: not yet. */
static int receiving_from_ep(struct proc *dst, endpoint_t src_e)
{
	return (dst->p_rts_flags & RTS_RECEIVING) &&
	       !(dst->p_rts_flags & RTS_SENDING) &&
	       (dst->p_getfrom == ANY || dst->p_getfrom == src_e);
}

/* Is dst blocked in a RECEIVE that a notification or asynchronous
 * message from src satisfies? Not SENDREC's: that waits for the reply. */
int accepts_unsolicited(struct proc *dst, struct proc *src)
{
	return receiving_from_ep(dst, src->p_endpoint) && !(dst->p_misc_flags & MF_REPLY_PEND);
}

/* The source a message queued by sender is delivered with: KERNEL for
 * one the kernel made on its behalf, so that VM can tell the kernel's
 * messages from any process's (the process is named in the payload). */
static endpoint_t queued_source(const struct proc *sender)
{
	return (sender->p_misc_flags & MF_KERNEL_MSG) ? KERNEL : sender->p_endpoint;
}

/* After a SENDREC's send half is taken, wait for the reply from the
 * one it was sent to. */
static void start_reply_wait(struct proc *p)
{
	p->p_getfrom = p->p_sendto;
	p->p_rts_flags |= RTS_RECEIVING;    /* still blocked: not on a queue */
	rts_clear(p, RTS_SENDING);
}

/* sender waits at dst: last on its queue, so senders are served in the
 * order they came and none is passed over for ever. */
static void enqueue_sender(struct proc *dst, struct proc *sender)
{
	struct proc **qp;

	sender->p_q_link = NULL;
	for (qp = &dst->p_caller_q; *qp != NULL; qp = &(*qp)->p_q_link)
		;
	*qp = sender;
}

/*
 * Send a message to dst_e: the one at user_msg in the caller's memory,
 * or, with IPC_FROM_KERNEL, the one the kernel made in caller->p_sendmsg
 * on the caller's behalf (page faults, exits: then there are no
 * permission or deadlock checks, the caller may already be stopped, and
 * the message arrives from KERNEL).
 * A receiver that is waiting gets the message copied straight into its
 * delivery buffer; otherwise it waits in caller->p_sendmsg. Returns OK
 * (delivered), SUSPEND (caller is queued at dst), or an error.
 */
int ipc_send(struct proc *caller, endpoint_t dst_e, int flags, vir_bytes user_msg)
{
	struct proc *dst;
	endpoint_t src_e = (flags & IPC_FROM_KERNEL) ? KERNEL : caller->p_endpoint;
	int err;

	if (flags & IPC_FROM_KERNEL) {
		if ((dst = proc_lookup(dst_e, &err)) == NULL)
			return err;
	} else if ((dst = ipc_target(caller, dst_e, &err)) == NULL) {
		return err;
	}
	if (receiving_from_ep(dst, src_e)) {
		kassert(!(dst->p_misc_flags & MF_DELIVERMSG));
		if (flags & IPC_FROM_KERNEL)
			copy_message(&dst->p_delivermsg, &caller->p_sendmsg);
		else if (copy_from_user(caller, user_msg, &dst->p_delivermsg, sizeof(message)) != OK)
			return EFAULT;
		mark_delivered(dst, src_e);
		return OK;
	}
	if (!(flags & IPC_FROM_KERNEL) &&
	    copy_from_user(caller, user_msg, &caller->p_sendmsg, sizeof(message)) != OK)
		return EFAULT;
	if (flags & IPC_NONBLOCK)
		return ENOTREADY;
	if (!(flags & IPC_FROM_KERNEL) && would_deadlock(caller, dst_e))
		return ELOCKED;
	caller->p_sendto = dst_e;
	if (flags & IPC_FROM_KERNEL)
		caller->p_misc_flags |= MF_KERNEL_MSG;
	rts_set(caller, RTS_SENDING);
	enqueue_sender(dst, caller);
	return SUSPEND;
}

/* sender's message has been taken: it runs again with OK, or, for a
 * SENDREC, goes on to wait for the reply; one the kernel sent on its
 * behalf stays stopped for whatever stopped it (a page fault, its exit). */
static void sender_done(struct proc *sender)
{
	if (sender->p_misc_flags & MF_KERNEL_MSG) {
		sender->p_misc_flags &= ~MF_KERNEL_MSG;
		rts_clear(sender, RTS_SENDING);
	} else if (sender->p_misc_flags & MF_REPLY_PEND) {
		start_reply_wait(sender);
	} else {
		sender->p_reg.eax = OK;
		rts_clear(sender, RTS_SENDING);
	}
}

/* Take the first queued sender that satisfies src_e. */
static int take_queued(struct proc *caller, endpoint_t src_e)
{
	struct proc **qp, *sender;

	for (qp = &caller->p_caller_q; *qp != NULL; qp = &(*qp)->p_q_link) {
		sender = *qp;
		if (src_e != ANY && src_e != queued_source(sender))
			continue;
		*qp = sender->p_q_link;
		sender->p_q_link = NULL;
		deliver(caller, &sender->p_sendmsg, queued_source(sender));
		sender_done(sender);
		return 1;
	}
	return 0;
}

/*
 * Receive from src_e (already checked) into the buffer at addr (already
 * checked writable). Returns OK when a message was waiting, SUSPEND when
 * the caller now blocks, ELOCKED when blocking would close a cycle.
 * Notifications come first, then queued senders, then SENDA entries.
 */
int ipc_receive(struct proc *caller, endpoint_t src_e, vir_bytes addr)
{
	caller->p_msgaddr = addr;
	/* During SENDREC only the reply will do: no notification may be
	 * mistaken for it. */
	if (!(caller->p_misc_flags & MF_REPLY_PEND) &&
	    bits_any(caller->p_notify_pending) && take_notification(caller, src_e))
		return OK;
	if (take_queued(caller, src_e))
		return OK;
	if (caller->p_misc_flags & MF_REPLY_PEND) {
		/* SENDREC's partner has just taken our message, so it runs
		 * and cannot be part of a cycle of waits. */
	} else if (bits_any(caller->p_asyn_pending) && asyn_receive(caller, src_e)) {
		return OK;
	} else if (src_e != ANY && would_deadlock(caller, src_e)) {
		return ELOCKED;
	}
	caller->p_getfrom = src_e;
	rts_set(caller, RTS_RECEIVING);
	return SUSPEND;
}

/*
 * SENDREC: send to dst_e, then receive its reply into the same buffer
 * at addr (already checked writable). Returns SUSPEND once the request
 * is delivered or queued (the caller's eax is set by the reply), or the
 * send's error, with nothing left waiting.
 */
int ipc_sendrec(struct proc *caller, endpoint_t dst_e, vir_bytes addr)
{
	int r;

	caller->p_misc_flags |= MF_REPLY_PEND;
	caller->p_msgaddr = addr;
	r = ipc_send(caller, dst_e, 0, addr);
	if (r != OK && r != SUSPEND) {
		caller->p_misc_flags &= ~MF_REPLY_PEND;
		return r;
	}
	/* Wait for the reply. If the request was taken at once, the partner
	 * was in RECEIVE, so it cannot have sent us anything yet: block
	 * without looking. If it was queued, start_reply_wait() turns the
	 * send into the wait when the partner takes it. */
	caller->p_getfrom = dst_e;
	if (r == OK)
		rts_set(caller, RTS_RECEIVING);
	return SUSPEND;
}

/* Take p off the queue of the process it is blocked sending to. */
static void unlink_sender(struct proc *p)
{
	struct proc *dst, **qp;
	int err;

	if ((dst = proc_lookup(p->p_sendto, &err)) == NULL)
		return;
	for (qp = &dst->p_caller_q; *qp != NULL; qp = &(*qp)->p_q_link)
		if (*qp == p) {
			*qp = p->p_q_link;
			break;
		}
}

/*
 * Take p, which is exiting, out of every IPC relationship: off the queue
 * it is waiting on, and wake everyone waiting for it with EDEADSRCDST.
 * Its pending notifications and SENDA offers to others are withdrawn.
 */
void ipc_cancel(struct proc *p)
{
	struct proc *q;
	int i;

	kassert(p->p_rts_flags & RTS_EXITING);

	if (p->p_rts_flags & RTS_SENDING)
		unlink_sender(p);
	p->p_q_link = NULL;
	p->p_misc_flags &= ~(MF_REPLY_PEND | MF_KERNEL_MSG | MF_DELIVERMSG);
	p->p_rts_flags &= ~(RTS_SENDING | RTS_RECEIVING);  /* still EXITING */

	/* Its own queue: those senders will never be received. */
	while ((q = p->p_caller_q) != NULL) {
		p->p_caller_q = q->p_q_link;
		q->p_q_link = NULL;
		q->p_misc_flags &= ~(MF_REPLY_PEND | MF_KERNEL_MSG);
		q->p_reg.eax = EDEADSRCDST;
		rts_clear(q, RTS_SENDING);
	}
	/* Receivers waiting for it in particular (a SENDREC's reply too). */
	for (i = 0; i < NR_SLOTS; i++) {
		q = &proc_table[i];
		bit_clear(q->p_notify_pending, proc_index(p));
		bit_clear(q->p_asyn_pending, proc_index(p));
		if (q != p && (q->p_rts_flags & RTS_RECEIVING) &&
		    !(q->p_rts_flags & RTS_SENDING) && q->p_getfrom == p->p_endpoint) {
			q->p_misc_flags &= ~MF_REPLY_PEND;
			q->p_reg.eax = EDEADSRCDST;
			rts_clear(q, RTS_RECEIVING);
		}
	}
	memset(p->p_notify_pending, 0, sizeof(p->p_notify_pending));
	memset(p->p_asyn_pending, 0, sizeof(p->p_asyn_pending));
	p->p_asynsize = 0;
}
