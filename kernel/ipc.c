/*
 * Synchronous IPC: SEND, RECEIVE, SENDREC, NOTIFY, SENDNB (SENDA is in
 * asyn.c).
 *
 * Messages are copied into the kernel when they are sent (the sender's
 * table is loaded then, so a bad buffer fails at once with EFAULT) and
 * into the receiver's memory just before it next runs (its table is
 * loaded then). So the IPC path never needs to reach an address space
 * that is not loaded: a message for a receiver that is not mapped in
 * waits in its p_delivermsg.
 */
#include "kernel.h"
#include <mica/ipc.h>

/*
 * Find the target of a send or a specific receive. Kernel tasks cannot be
 * sent to or received from by processes.
 */
static struct proc *ipc_target(struct proc *caller, endpoint_t e, int *err)
{
	struct proc *p = proc_lookup(e, err);

	if (p == NULL)
		return NULL;
	if (p == caller) {
		*err = ELOCKED;   /* waiting for oneself never ends */
		return NULL;
	}
	if (!may_ipc(caller, p)) {
		*err = ECALLDENIED;
		return NULL;
	}
	return p;
}

/* CLOCK and SYSTEM send notifications, so one may receive from them. */
static int notifying_task(endpoint_t e)
{
	return e == CLOCK || e == SYSTEM;
}

/* dst's delivery buffer holds a message from src_e: stamp its true
 * source and wake dst from RECEIVE. */
static void mark_delivered(struct proc *dst, endpoint_t src_e)
{
	dst->p_delivermsg.m_source = src_e;
	dst->p_misc_flags |= MF_DELIVERMSG;
	dst->p_misc_flags &= ~MF_REPLY_PEND;
	dst->p_reg.eax = OK;
	rts_clear(dst, RTS_RECEIVING);
}

/*
 * p's delivered message could not be copied into its buffer (it was
 * writable when p received, but memory can go since; last_copy_fault
 * says where). A message is never lost: VM is asked to make the page
 * present and the copy is tried again when p next runs, or, if VM
 * cannot, p is killed with a report. Either way p does not run now.
 */
void deliver_failed(struct proc *p)
{
	if (vm_can_fix(p))
		vm_request(p, 0);   /* MF_DELIVERMSG stays: see do_vmctl.c */
	else
		undeliverable(p);
}

/* p cannot take the message delivered to it: end it, saying so. */
void undeliverable(struct proc *p)
{
	printf("kernel: %s(%d) killed: cannot receive the message from %d at 0x%08x\n",
	       p->p_name, p->p_endpoint, p->p_delivermsg.m_source, p->p_msgaddr);
	proc_exit(p, 0, 1);
}

/* Put m into dst's delivery buffer and wake dst. */
void deliver(struct proc *dst, const message *m, endpoint_t src_e)
{
	kassert(!(dst->p_misc_flags & MF_DELIVERMSG));
	copy_message(&dst->p_delivermsg, m);
	mark_delivered(dst, src_e);
}

/* Is dst blocked in a RECEIVE that a message from src_e satisfies? */
static int receiving_from_ep(struct proc *dst, endpoint_t src_e)
{
	return (dst->p_rts_flags & RTS_RECEIVING) &&
	       !(dst->p_rts_flags & RTS_SENDING) &&
	       (dst->p_getfrom == ANY || dst->p_getfrom == src_e);
}

static int receiving_from(struct proc *dst, struct proc *src)
{
	return receiving_from_ep(dst, src->p_endpoint);
}

/* The source a message queued by sender is delivered with: KERNEL for
 * one the kernel made on its behalf, so that VM can tell the kernel's
 * messages from any process's (the process is named in the payload). */
static endpoint_t queued_source(const struct proc *sender)
{
	return (sender->p_misc_flags & MF_KERNEL_MSG) ? KERNEL : sender->p_endpoint;
}

/* Is dst blocked in a RECEIVE that a notification or asynchronous
 * message from src satisfies? Not SENDREC's: that waits for the reply. */
int accepts_unsolicited(struct proc *dst, struct proc *src)
{
	return receiving_from(dst, src) && !(dst->p_misc_flags & MF_REPLY_PEND);
}

/* After a SENDREC's send half is taken, wait for the reply. */
static void start_reply_wait(struct proc *p)
{
	p->p_getfrom = p->p_sendto;
	p->p_rts_flags |= RTS_RECEIVING;    /* still blocked: not on a queue */
	rts_clear(p, RTS_SENDING);
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
	struct proc *dst, **qp;
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
	caller->p_q_link = NULL;
	for (qp = &dst->p_caller_q; *qp != NULL; qp = &(*qp)->p_q_link)
		;
	*qp = caller;
	return SUSPEND;
}

/* Take the first pending notification that satisfies src_e. */
static int take_notification(struct proc *caller, endpoint_t src_e)
{
	struct proc *src;
	message m;
	int i;

	for (i = bit_next(caller->p_notify_pending, 0); i >= 0;
	     i = bit_next(caller->p_notify_pending, i + 1)) {
		src = &proc_table[i];
		if (src_e != ANY && src_e != src->p_endpoint)
			continue;
		bit_clear(caller->p_notify_pending, i);
		memset(&m, 0, sizeof(m));
		m.m_type = NOTIFY_MESSAGE;
		m.notify.ticks = (u32_t)ticks;
		deliver(caller, &m, src->p_endpoint);
		return 1;
	}
	return 0;
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
		if (sender->p_misc_flags & MF_KERNEL_MSG) {
			sender->p_misc_flags &= ~MF_KERNEL_MSG;
			rts_clear(sender, RTS_SENDING);   /* still stopped otherwise */
		} else if (sender->p_misc_flags & MF_REPLY_PEND) {
			start_reply_wait(sender);
		} else {
			sender->p_reg.eax = OK;
			rts_clear(sender, RTS_SENDING);
		}
		return 1;
	}
	return 0;
}

/*
 * Receive from src_e (already checked) into the buffer at addr (already
 * checked writable). Returns OK when a message was waiting, SUSPEND when
 * the caller now blocks.
 */
static int ipc_receive(struct proc *caller, endpoint_t src_e, vir_bytes addr)
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

/* May caller receive from src_e? Anyone may receive from ANY, and from
 * the kernel tasks that send notifications. */
static int check_source(struct proc *caller, endpoint_t src_e)
{
	int err;

	if (src_e == ANY || ipc_target(caller, src_e, &err) != NULL)
		return OK;
	return err == ECALLDENIED && notifying_task(src_e) ? OK : err;
}

/*
 * NOTIFY from src to dst: deliver at once if dst waits for it, else set
 * a pending bit, so any number of notifies before dst receives is one.
 */
void ipc_notify(struct proc *src, struct proc *dst)
{
	message m;

	if (accepts_unsolicited(dst, src)) {
		memset(&m, 0, sizeof(m));
		m.m_type = NOTIFY_MESSAGE;
		m.notify.ticks = (u32_t)ticks;
		deliver(dst, &m, src->p_endpoint);
		return;
	}
	bit_set(dst->p_notify_pending, proc_index(src));
}

/*
 * Can caller receive a message at addr? Programs receive into the same
 * buffer over and over, so the last one found writable is remembered
 * until VM next takes memory away from caller (VMCTL_TLB_CHANGED,
 * VMCTL_SET_SPACE), which is the only way it can stop being writable.
 */
static int check_msgbuf(struct proc *caller, vir_bytes addr)
{
	int r;

	if (addr == caller->p_msgbuf_ok && addr != 0)
		return OK;
	if ((r = check_writable(caller, addr, sizeof(message))) == OK)
		caller->p_msgbuf_ok = addr;
	return r;
}

/*
 * The IPC trap: check the arguments, run the primitive, and set the
 * caller's result unless it is now blocked. A receive buffer is checked
 * writable before anything is taken off a queue, so a bad buffer loses
 * no message.
 */
int do_ipc(struct proc *caller, int op, endpoint_t ep, vir_bytes addr)
{
	struct proc *dst;
	int r;

	switch (op) {
	case SEND:
	case SENDNB:
	case SENDREC:
		if (op == SENDREC && (r = check_msgbuf(caller, addr)) != OK)
			break;
		if (op == SENDREC) {
			caller->p_misc_flags |= MF_REPLY_PEND;
			caller->p_msgaddr = addr;
		}
		r = ipc_send(caller, ep, op == SENDNB ? IPC_NONBLOCK : 0, addr);
		if (op == SENDREC && (r == OK || r == SUSPEND)) {
			/* Wait for the reply. If the request was taken at once,
			 * the partner was in RECEIVE, so it cannot have sent us
			 * anything yet: block without looking. */
			caller->p_getfrom = ep;
			if (r == OK)
				rts_set(caller, RTS_RECEIVING);
			r = SUSPEND;
		} else if (op == SENDREC) {
			caller->p_misc_flags &= ~MF_REPLY_PEND;
		}
		break;
	case RECEIVE:
		if ((r = check_msgbuf(caller, addr)) == OK &&
		    (r = check_source(caller, ep)) == OK)
			r = ipc_receive(caller, ep, addr);
		break;
	case NOTIFY:
		if ((dst = ipc_target(caller, ep, &r)) != NULL) {
			ipc_notify(caller, dst);
			r = OK;
		} else if (r == ELOCKED) {
			r = EBADSRCDST;   /* notifying oneself is just wrong */
		}
		break;
	case SENDA:
		r = do_senda(caller, addr, (u32_t)ep);
		break;
	default:
		r = EBADCALL;
		break;
	}
	if (r == EFAULT && vm_can_fix(caller)) {
		/* Nothing was taken or given yet: run the trap again once VM
		 * has made the memory present. */
		vm_request(caller, MF_TRAP_RESTART);
		return SUSPEND;
	}
	if (r != SUSPEND)
		caller->p_reg.eax = r;
	return r;
}

/*
 * Take p, which is exiting, out of every IPC relationship: off the queue
 * it is waiting on, and wake everyone waiting for it with EDEADSRCDST.
 * Its pending notifications and SENDA offers to others are withdrawn.
 */
void ipc_cancel(struct proc *p)
{
	struct proc *q, **qp;
	int i, err;

	kassert(p->p_rts_flags & RTS_EXITING);

	if ((p->p_rts_flags & RTS_SENDING) &&
	    (q = proc_lookup(p->p_sendto, &err)) != NULL) {
		for (qp = &q->p_caller_q; *qp != NULL; qp = &(*qp)->p_q_link)
			if (*qp == p) {
				*qp = p->p_q_link;
				break;
			}
	}
	p->p_q_link = NULL;
	p->p_misc_flags &= ~(MF_REPLY_PEND | MF_KERNEL_MSG | MF_DELIVERMSG);
	p->p_rts_flags &= ~(RTS_SENDING | RTS_RECEIVING);  /* still EXITING */

	while ((q = p->p_caller_q) != NULL) {
		p->p_caller_q = q->p_q_link;
		q->p_q_link = NULL;
		q->p_misc_flags &= ~(MF_REPLY_PEND | MF_KERNEL_MSG);
		q->p_reg.eax = EDEADSRCDST;
		rts_clear(q, RTS_SENDING);
	}
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
