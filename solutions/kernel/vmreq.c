/*
 * When a kernel call or IPC finds user memory absent, VM may be able to
 * make it present (demand paging; lab 3). The caller is then suspended
 * (RTS_VMREQUEST) and VM gets a VM_MEMREQUEST message on its behalf;
 * when VM answers (VMCTL_MEMREQ_DONE) the call runs again: a kernel call
 * from the message saved in the process table, not copied in again
 * (MF_KCALL_RESTART, run by switch_to_user); anything else by executing
 * the trap again (MF_TRAP_RESTART). If VM cannot help, the call fails
 * with EFAULT.
 */
#include "kernel.h"
#include <mica/vm.h>

/* Did the copy that just failed hit a page VM might supply, or copy (a
 * write to a present read-only page, which VM copies when it is
 * copy-on-write)? Not for VM itself (it would wait for itself), and
 * only in a process's user space. */
int vm_can_fix(struct proc *caller)
{
	const struct copy_fault *f = &last_copy_fault;

	return caller->p_nr != VM_SLOT && f->p != NULL && !is_task(f->p) &&
	       in_user_space(f->addr, 1);
}

/* Suspend caller until VM has made the page of last_copy_fault present
 * (or copied it); restart_flag says how the call is resumed. */
void vm_request(struct proc *caller, u32_t restart_flag)
{
	const struct copy_fault *f = &last_copy_fault;
	int r;

	message_clear(&caller->p_sendmsg);
	caller->p_sendmsg.m_type = VM_MEMREQUEST;
	caller->p_sendmsg.memreq.requester = caller->p_endpoint;
	caller->p_sendmsg.memreq.target = f->p->p_endpoint;
	caller->p_sendmsg.memreq.addr = f->addr & ~(PAGE_SIZE - 1);
	caller->p_sendmsg.memreq.len = PAGE_SIZE;
	caller->p_sendmsg.memreq.err = f->err & (PF_PROT | PF_WRITE);
	caller->p_misc_flags |= restart_flag;
	rts_set(caller, RTS_VMREQUEST);
	kstats.vm_requests++;
	r = ipc_send(caller, VM_PROC_NR, IPC_FROM_KERNEL, 0);
	kassert(r == OK || r == SUSPEND);
}

/* VM's answer for p, which waits in RTS_VMREQUEST. */
void vm_request_done(struct proc *p, int result)
{
	if (result == OK) {
		if (p->p_misc_flags & MF_TRAP_RESTART)
			p->p_reg.eip -= 2;   /* int $N is two bytes: run it again */
	} else {
		p->p_reg.eax = EFAULT;
		p->p_misc_flags &= ~MF_KCALL_RESTART;
	}
	p->p_misc_flags &= ~MF_TRAP_RESTART;
	rts_clear(p, RTS_VMREQUEST);
}
