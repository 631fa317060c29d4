/*
 * Suspended kernel calls (lab 3, exercise 4).
 *
 * A kernel call or IPC copies user memory with vcopy() and friends
 * (copy.c), which catch the page fault when a page is absent and return
 * EFAULT, leaving in last_copy_fault whose memory it was (p, NULL when
 * the kernel's), the address and the fault's error bits. With demand
 * paging an absent page is often one VM has not supplied yet, so instead
 * of failing, kcall.c and ipc.c ask here whether VM could help
 * (vm_can_fix()), and if so suspend the caller (vm_request()) with a
 * flag that says how the call resumes:
 *
 *   MF_KCALL_RESTART  the handler (or its copy-out) faulted: the call is
 *                     run again by switch_to_user() from the message
 *                     saved in the process table, not copied in again;
 *   MF_TRAP_RESTART   nothing was done yet (the message itself could not
 *                     be copied in, or an IPC): the trap instruction is
 *                     executed again;
 *   0                 a message waiting for delivery (MF_DELIVERMSG):
 *                     the kernel delivers it when VM answers.
 *
 * The caller waits in RTS_VMREQUEST for VM's answer, a VM_MEMREQUEST
 * that the kernel sends VM in the caller's name (built in p_sendmsg,
 * sent with ipc_send(..., IPC_FROM_KERNEL, ...), as trap.c does for a
 * page fault; see include/mica/vm.h for m.memreq). VM answers with
 * SYS_VMCTL VMCTL_MEMREQ_DONE, which calls vm_request_done(): on OK the
 * call runs again; otherwise it fails with EFAULT and is not run again.
 *
 * Until this is written, such calls just fail with EFAULT.
 */
#include "kernel.h"
#include <mica/vm.h>

/* Did the copy that just failed hit a page VM might supply or copy? */
int vm_can_fix(struct proc *caller)
{
	(void)caller;
	return 0;   /* lab 3, exercise 4: vm_can_fix() is not written yet */
}

/* Suspend caller until VM has made the page of last_copy_fault present;
 * restart_flag says how the call is resumed. */
void vm_request(struct proc *caller, u32_t restart_flag)
{
	(void)caller;
	(void)restart_flag;
	panic("lab 3: exercise 4 is not written: vm_request()");
}

/* VM's answer for p, which waits in RTS_VMREQUEST. */
void vm_request_done(struct proc *p, int result)
{
	(void)p;
	(void)result;
	panic("lab 3: exercise 4 is not written: vm_request_done()");
}
