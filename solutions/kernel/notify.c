/*
 * NOTIFY (lab 1): a message with no payload that never blocks its
 * sender. If the receiver is waiting for it, it is delivered at once;
 * otherwise one bit per source is set at the receiver, so any number of
 * notifies from one source before the receiver looks arrive as one. A
 * RECEIVE takes pending notifications before anything else, and takes
 * only one a call, clearing its bit. The kernel's own events (an alarm
 * from CLOCK, console input from SYSTEM) travel this way: they can
 * never be lost for want of a receiver, and never stall the kernel.
 */
#include "kernel.h"
#include <mica/ipc.h>

/* What a notification from src looks like when it arrives: its source
 * is stamped by deliver(), the rest says "a notification, at tick N". */
static void notify_message(message *m)
{
	message_clear(m);
	m->m_type = NOTIFY_MESSAGE;
	m->notify.ticks = (u32_t)ticks;
}

/* NOTIFY from src to dst: deliver at once if dst waits for it, else set
 * a pending bit, so any number of notifies before dst receives is one. */
void ipc_notify(struct proc *src, struct proc *dst)
{
	message m;

	if (accepts_unsolicited(dst, src)) {
		notify_message(&m);
		deliver(dst, &m, src->p_endpoint);
		return;
	}
	bit_set(dst->p_notify_pending, proc_index(src));
}

/* Deliver to caller the first pending notification from a source that
 * satisfies src_e (ANY or one endpoint); 1 if one was, 0 if none. */
int take_notification(struct proc *caller, endpoint_t src_e)
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
		notify_message(&m);
		deliver(caller, &m, src->p_endpoint);
		return 1;
	}
	return 0;
}
