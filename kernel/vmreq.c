/*
 * Suspended kernel calls (lab 3, exercise 3).
 *
 * A kernel call or IPC copies user memory with vcopy() and friends
 * (copy.c), which catch the page fault when a page is absent and return
 * EFAULT, leaving in last_copy_fault whose memory it was (p), the
 * address and the fault's error bits (PF_PROT, PF_WRITE). With demand
 * paging an absent page is often just a page VM has not supplied yet, so
 * instead of failing, the kernel asks VM and makes the caller wait:
 *
 *   1. vm_can_fix(): is it worth asking VM? Not if the caller is VM
 *      itself (VM would wait for itself: VM_SLOT), not if the memory is
 *      the kernel's (p NULL) or a kernel task's (is_task()), not for a
 *      protection fault (the page is there), not outside user space
 *      (in_user_space()).
 *   2. vm_request(): stop the caller (rts_set(caller, RTS_VMREQUEST)),
 *      remember how to resume it (restart_flag: MF_KCALL_RESTART runs
 *      the kernel call again from the message already in p_kcall_msg,
 *      so it is not copied in twice; MF_TRAP_RESTART executes the trap
 *      instruction again), count it in kstats.vm_requests, and send VM
 *      a VM_MEMREQUEST (m.memreq: the caller as requester, the target
 *      endpoint, page address, length PAGE_SIZE, write) on the
 *      caller's behalf: build it in
 *      caller->p_sendmsg and ipc_send(caller, VM_PROC_NR,
 *      IPC_FROM_KERNEL, 0), which delivers it or queues it at VM.
 *   3. vm_request_done(): VM's answer (SYS_VMCTL VMCTL_MEMREQ_DONE).
 *      On OK the call runs again: for MF_TRAP_RESTART, back the eip up
 *      over the two-byte "int $N" so the process executes it again. On
 *      an error the call fails: the process gets EFAULT in eax and must
 *      not be restarted. Either way, let the process run.
 *
 * Until this is written, such calls just fail with EFAULT.
 */
#include "kernel.h"
#include <mica/vm.h>

/* Did the copy that just failed hit a page VM might supply? */
int vm_can_fix(struct proc *caller)
{
	(void)caller;
	return 0;   /* lab 3: vm_can_fix() is not written yet */
}

/* Suspend caller until VM has made the page of last_copy_fault present;
 * restart_flag says how the call is resumed. */
void vm_request(struct proc *caller, u32_t restart_flag)
{
	(void)caller;
	(void)restart_flag;
	panic("lab 3: vm_request() is not written yet");
}

/* VM's answer for p, which waits in RTS_VMREQUEST. */
void vm_request_done(struct proc *p, int result)
{
	(void)p;
	(void)result;
	panic("lab 3: vm_request_done() is not written yet");
}
