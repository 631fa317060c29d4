/*
 * Fakes of the IPC functions that kernel/alarm.c and kernel/asyn.c call
 * (they are lab 1 holes of their own, in rendezvous.c and notify.c):
 * they record what was done (hc_events) for the driver to report.
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

static struct hc_event *record(char kind)
{
	struct hc_event *e;

	if (hc_nevents == HC_MAX_EVENTS)
		hc_fatal("too many events");
	e = &hc_events[hc_nevents++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	return e;
}

void ipc_notify(struct proc *src, struct proc *dst)
{
	struct hc_event *e = record('n');

	e->from = src;
	e->to = dst;
}

void deliver(struct proc *dst, const message *m, endpoint_t src_e)
{
	struct hc_event *e = record('d');

	e->to = dst;
	e->src_e = src_e;
	e->msg = *m;
	e->flags = !(dst->p_rts_flags & RTS_RECEIVING);
	e->msg.m_source = src_e;
	rts_clear(e->to, RTS_RECEIVING);   /* it has what it waited for */
}

/* The drivers put a receiver in RTS_RECEIVING with p_getfrom, and a
 * SENDREC waiting for its reply in MF_REPLY_PEND too. */
int accepts_unsolicited(struct proc *dst, struct proc *src)
{
	u32_t blocked = dst->p_rts_flags & (RTS_RECEIVING | RTS_SENDING);
	endpoint_t from = dst->p_getfrom;

	if (blocked != RTS_RECEIVING || (dst->p_misc_flags & MF_REPLY_PEND) != 0)
		return 0;
	return from == ANY || from == src->p_endpoint;
}

int ipc_send(struct proc *caller, endpoint_t dst_e, int flags, vir_bytes user_msg)
{
	struct hc_event *e = record('s');

	(void)user_msg;
	e->to = caller;
	e->src_e = dst_e;
	e->flags = flags;
	e->msg = caller->p_sendmsg;
	return OK;
}

