/*
 * The IPC trap (vector 33): SEND, RECEIVE, SENDREC, NOTIFY, SENDNB,
 * SENDA and REPLYREC. This file checks the arguments every primitive
 * shares (the other endpoint, the message buffer) and hands the call to
 * the file that implements it: rendezvous.c (SEND, SENDNB, RECEIVE,
 * SENDREC), notify.c (NOTIFY), asyn.c (SENDA). deadlock.c is asked
 * before anyone blocks. REPLYREC is made here of rendezvous.c's SENDNB
 * and RECEIVE: a server's reply and its next receive in one trap
 * instead of two (doc/performance.md says what that saves).
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

/* CLOCK and SYSTEM send notifications, so one may receive from them. */
static int notifying_task(endpoint_t e)
{
	return e == CLOCK || e == SYSTEM;
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
		r = ipc_send(caller, ep, 0, addr);
		break;
	case SENDNB:
		r = ipc_send(caller, ep, IPC_NONBLOCK, addr);
		break;
	case SENDREC:
		if ((r = check_msgbuf(caller, addr)) == OK)
			r = ipc_sendrec(caller, ep, addr);
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
	case REPLYREC:
		/* The buffer first: it will receive, so a bad one sends
		 * nothing. A failed reply receives nothing either. */
		if ((r = check_msgbuf(caller, addr)) == OK &&
		    (r = ipc_send(caller, ep, IPC_NONBLOCK, addr)) == OK)
			r = ipc_receive(caller, ANY, addr);
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
