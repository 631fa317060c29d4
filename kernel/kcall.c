/*
 * Kernel calls (lab 1, exercise 1): trap 32.
 *
 * A process asks the kernel itself for something with _kernel_call(nr,
 * &m): eax is the call number, ebx the address of a 64-byte message in
 * its memory. The trap handler calls kernel_call(caller, nr, m_addr).
 * What must happen, in this order:
 *
 *  - The request is copied into the process table, p_kcall_msg, once.
 *    From then on the kernel works on its own copy: the user can change
 *    its message meanwhile and nothing changes (and kstats.kcall_copyins
 *    counts the copies, which the tests read). p_kcall_nr and
 *    p_kcall_addr remember the rest of the call.
 *  - The number is checked first (EBADREQUEST for one call_table has no
 *    handler for, or one past its end), then the caller's call mask,
 *    p_callmask, bit nr (ECALLDENIED).
 *  - The handler runs: call_table[nr].handler(caller, &p_kcall_msg). It
 *    returns OK, a positive count, an error, or SUSPEND (its caller is
 *    blocked or gone: leave eax alone, it is set when the caller wakes).
 *  - For a call whose handler writes results (call_table[nr].replies),
 *    the message is copied back to m_addr, on success only (r >= OK).
 *  - The result is the caller's eax.
 *
 * Faults. User memory is not checked beforehand: a copy that faults
 * returns EFAULT and leaves last_copy_fault saying where (copy.c).
 * When vm_can_fix(caller) says VM may make that page present
 * (kernel/vmreq.c, lab 3's: in the lab 1 branch it comes compiled and
 * works, so kcall's restart test uses it), the caller is suspended
 * with vm_request(caller, how) instead of failing, and resumed later:
 *  - the message could not be copied in: nothing was done yet, so the
 *    trap is simply executed again (MF_TRAP_RESTART);
 *  - the handler or the copy out met the fault: the call is run again
 *    from the saved message, without copying it in a second time
 *    (MF_KCALL_RESTART: switch_to_user() calls kcall_run() again).
 * A call with an effect (call_table[nr].effect: SETALARM sets an alarm)
 * must never have it twice nor have it without its reply: prove its
 * reply buffer writable (check_writable()) before its handler runs. If
 * the copy out still fails after that, the call is over: EFAULT, no
 * restart.
 *
 * Everything you need is in kernel.h (copy_from_user, copy_to_user,
 * check_writable, vm_can_fix, vm_request, kstats) and calls/calls.h
 * (struct kcall, call_table).
 */
#include "kernel.h"
#include "calls/calls.h"

/* The kernel-call trap: copy the message at m_addr in, then run the
 * call (kcall_run). */
void kernel_call(struct proc *caller, u32_t nr, vir_bytes m_addr)
{
	(void)caller;
	(void)nr;
	(void)m_addr;
	panic("lab 1: exercise 1 (kernel calls): kernel_call() is not written yet");
}

/* Run the call saved in caller's process entry (p_kcall_nr,
 * p_kcall_msg, p_kcall_addr): the first time, and again when it was
 * suspended with MF_KCALL_RESTART. Sets the caller's eax, or suspends
 * it. */
void kcall_run(struct proc *caller)
{
	(void)caller;
	panic("lab 1: exercise 1 (kernel calls): kcall_run() is not written yet");
}
