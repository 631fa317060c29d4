/*
 * Kernel calls (trap 32). The kernel copies the request message in from
 * the caller, checks the call number and the caller's call mask, runs the
 * handler, and copies the message back out for calls that return data.
 * Handlers get the caller, never the message's m_source: who asks is
 * known, not claimed.
 */
#include "kernel.h"
#include "calls/calls.h"

struct kcall {
	int (*handler)(struct proc *caller, message *m);
	int replies;   /* the handler writes results into the message */
};

static const struct kcall call_table[NR_SYS_CALLS] = {
	[SYS_DIAG_WRITE] = { do_diag_write, 0 },
	[SYS_GETINFO]    = { do_getinfo, 1 },
	[SYS_EXIT]       = { do_exit, 0 },
	[SYS_UPTIME]     = { do_uptime, 1 },
	[SYS_SETALARM]   = { do_setalarm, 1 },
	[SYS_VIRCOPY]    = { do_vircopy, 0 },
	[SYS_NEWPROC]    = { do_newproc, 1 },
	[SYS_RELEASE]    = { do_release, 0 },
	[SYS_KILL]       = { do_kill, 0 },
	[SYS_HALT]       = { do_halt, 0 },
	[SYS_CONSREAD]   = { do_consread, 0 },
	[SYS_TESTHOOK]   = { do_testhook, 0 },
};

void kernel_call(struct proc *caller, u32_t nr, vir_bytes m_addr)
{
	const struct kcall *call = nr < NR_SYS_CALLS ? &call_table[nr] : NULL;
	message m;
	int r;

	if ((r = copy_from_user(caller, m_addr, &m, sizeof(m))) != OK)
		goto done;
	if (call == NULL || call->handler == NULL) {
		r = EBADREQUEST;
		goto done;
	}
	if (!(caller->p_callmask & (1u << nr))) {
		r = ECALLDENIED;
		goto done;
	}
	r = call->handler(caller, &m);
	if (r == SUSPEND)
		return;   /* the caller is gone or waits; nothing to return */
	if (call->replies && r >= OK && copy_to_user(caller, &m, m_addr, sizeof(m)) != OK)
		r = EFAULT;
done:
	caller->p_reg.eax = r;
}
