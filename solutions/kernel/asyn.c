/*
 * SENDA: asynchronous messages (lab 1).
 *
 * A process hands the kernel a table of asynmsg_t entries in its own
 * memory and goes on. Each valid entry is delivered when its receiver
 * receives (at once if it is receiving now); the kernel then marks the
 * entry AMF_DONE with the result in the sender's table. A receiver keeps
 * a bit per sender that may have messages for it (p_asyn_pending), so a
 * RECEIVE only looks at those tables, which it reaches through the copy
 * windows since the sender's table is not loaded then.
 *
 * Nothing is delivered from or to a process whose address space is
 * unstable (RTS_VMINHIBIT: VM is editing its tables): the receiver's
 * pending bit stays set, and asyn_retry() tries again when VM lets the
 * process go, so a receiver blocked in RECEIVE does not starve.
 */
#include "kernel.h"
#include <mica/ipc.h>

/* The receiver of entry e of sender's table, or NULL with the entry's
 * result in *err. */
static struct proc *asyn_target(struct proc *sender, const asynmsg_t *e, int *err)
{
	struct proc *dst = proc_lookup(e->dst, err);

	if (dst == sender) {
		*err = EBADSRCDST;
		return NULL;
	}
	if (dst != NULL && !may_ipc(sender, dst)) {
		*err = ECALLDENIED;
		return NULL;
	}
	return dst;
}

/*
 * Try to deliver sender's entries. With only == NULL every entry is
 * considered (the SENDA call itself); otherwise only those for `only`,
 * which is in RECEIVE right now, and at most one is delivered. Entries
 * whose receiver is not waiting set its pending bit.
 *
 * Exactly once: an entry is marked AMF_DONE in the sender's table before
 * its message is delivered. If that write faults nothing is delivered,
 * and a scan that fails with EFAULT may simply be run again (the kernel
 * restarts SENDA once VM has made the page present; a program may call
 * it again): entries already delivered are done and are skipped.
 *
 * Returns how many were delivered, or EFAULT if the table could not be
 * read or written before anything was delivered for `only` (for the
 * SENDA call, EFAULT whenever a part of the table failed).
 */
static int asyn_scan(struct proc *sender, struct proc *only)
{
	asynmsg_t e;
	struct proc *dst;
	vir_bytes a;
	u32_t i;
	int err, delivered = 0;

	if (sender->p_rts_flags & RTS_VMINHIBIT) {
		if (only != NULL)
			bit_set(only->p_asyn_pending, proc_index(sender));
		return 0;   /* its table may be changing: later */
	}
	for (i = 0; i < sender->p_asynsize; i++) {
		a = sender->p_asyntab + i * sizeof(e);
		if (vcopy(sender, a, NULL, (vir_bytes)&e, sizeof(e)) != OK)
			goto fault;
		if (!(e.flags & AMF_VALID) || (e.flags & AMF_DONE))
			continue;
		if (only != NULL && e.dst != only->p_endpoint)
			continue;
		if (only != NULL && delivered > 0) {
			/* One per RECEIVE; keep the bit for the rest. */
			bit_set(only->p_asyn_pending, proc_index(sender));
			return delivered;
		}
		if ((dst = asyn_target(sender, &e, &err)) == NULL) {
			e.result = err;
		} else if (!(dst->p_rts_flags & RTS_VMINHIBIT) &&
		           (dst == only || accepts_unsolicited(dst, sender))) {
			e.result = OK;
		} else {
			bit_set(dst->p_asyn_pending, proc_index(sender));
			continue;
		}
		e.flags |= AMF_DONE;
		if (vcopy(NULL, (vir_bytes)&e, sender, a, sizeof(e)) != OK)
			goto fault;
		if (dst != NULL) {
			deliver(dst, &e.msg, sender->p_endpoint);
			delivered++;
		}
	}
	return delivered;

fault:
	if (only != NULL && delivered > 0) {
		/* The receiver has its message; the rest of the table is
		 * looked at (and fails) at its next RECEIVE. */
		bit_set(only->p_asyn_pending, proc_index(sender));
		return delivered;
	}
	return EFAULT;
}

/* The SENDA primitive: count entries at table (count 0 withdraws). */
int do_senda(struct proc *caller, vir_bytes table, u32_t count)
{
	int r;

	if (count > NR_ASYNC_MAX)
		return EINVAL;
	caller->p_asyntab = table;
	caller->p_asynsize = count;
	r = asyn_scan(caller, NULL);
	if (r < 0) {
		caller->p_asynsize = 0;
		return r;
	}
	return OK;
}

/*
 * Called by RECEIVE: deliver one asynchronous message for caller from a
 * sender that satisfies src_e. Returns 1 if one was delivered.
 */
int asyn_receive(struct proc *caller, endpoint_t src_e)
{
	struct proc *sender;
	int i;

	for (i = bit_next(caller->p_asyn_pending, 0); i >= 0;
	     i = bit_next(caller->p_asyn_pending, i + 1)) {
		sender = &proc_table[i];
		if (src_e != ANY && src_e != sender->p_endpoint)
			continue;
		bit_clear(caller->p_asyn_pending, i);
		/* Only the receiver's RECEIVE is at stake here: a table the
		 * sender has made unreadable just yields nothing, and the
		 * sender (told OK by SENDA) finds its entries not done. */
		if (asyn_scan(sender, caller) > 0)
			return 1;
	}
	return 0;
}

/* VM has let p go (its address space is stable again): deliver what was
 * postponed because of it, both ways. */
void asyn_retry(struct proc *p)
{
	if (p->p_asynsize > 0)
		asyn_scan(p, NULL);
	if (bits_any(p->p_asyn_pending) && (p->p_rts_flags & RTS_RECEIVING) &&
	    !(p->p_rts_flags & RTS_SENDING) && !(p->p_misc_flags & MF_REPLY_PEND))
		asyn_receive(p, p->p_getfrom);
}
