/*
 * Kernel calls (lab 1): trap 32. The kernel copies the request message
 * in from the caller (into the process table, where it stays until the
 * call is done), checks the call number and the caller's call mask,
 * runs the handler, and copies the message back out for calls that
 * return data. A call that meets absent memory waits for VM and runs
 * again (vmreq.c), from the saved message. Handlers get the caller,
 * never the message's m_source: who asks is known, not claimed.
 */
#include "kernel.h"
#include "calls/calls.h"

/* A kernel call trap: take the message in, then run the call. */
void kernel_call(struct proc *caller, u32_t nr, vir_bytes m_addr)
{
	int r = copy_from_user(caller, m_addr, &caller->p_kcall_msg, sizeof(message));

	if (r != OK) {
		if (vm_can_fix(caller))
			vm_request(caller, MF_TRAP_RESTART);   /* nothing was done yet */
		else
			caller->p_reg.eax = r;
		return;
	}
	kstats.kcall_copyins++;
	caller->p_kcall_nr = nr;
	caller->p_kcall_addr = m_addr;
	kcall_run(caller);
}

/*
 * Run the kernel call saved in caller's process entry: the first time,
 * and again after VM made absent memory present (switch_to_user calls
 * this with caller's table loaded).
 *
 * Restarts are safe by construction: a call that replies and has an
 * effect (an alarm set) has its reply buffer proved
 * writable before the handler runs, so its effect is never followed by a
 * failed copy-out and never done twice. A call that replies without an
 * effect (GETINFO, UPTIME) may simply run again when its reply could not
 * be written. A handler that copies user memory itself fails with EFAULT
 * before it has any effect, so running it again is the same as running
 * it once.
 */
void kcall_run(struct proc *caller)
{
	u32_t nr = caller->p_kcall_nr;
	const struct kcall *call = nr < NR_SYS_CALLS ? &call_table[nr] : NULL;
	message *m = &caller->p_kcall_msg;
	int r;

	if (call == NULL || call->handler == NULL) {
		r = EBADREQUEST;
	} else if (!(caller->p_callmask & (1u << nr))) {
		r = ECALLDENIED;
	} else if (call->effect &&
	           (r = check_writable(caller, caller->p_kcall_addr, sizeof(*m))) != OK) {
		/* nothing is done yet: VM may make the page present, below */
	} else if ((r = call->handler(caller, m)) == SUSPEND) {
		return;   /* the caller is gone or waits; nothing to return */
	} else if (call->replies && r >= OK &&
	           copy_to_user(caller, m, caller->p_kcall_addr, sizeof(*m)) != OK) {
		r = EFAULT;
		if (call->effect) {
			/* Proved writable above, yet it failed: the call
			 * has had its effect, so it is not run again. */
			caller->p_reg.eax = r;
			return;
		}
	}
	if (r == EFAULT && vm_can_fix(caller)) {
		vm_request(caller, MF_KCALL_RESTART);
		return;
	}
	caller->p_reg.eax = r;
}
