/*
 * The end of a process. The kernel stops it, cuts it out of all IPC, and
 * sends VM a VM_EXITED notice on its behalf; VM frees its memory, tells
 * the parent, and releases the slot (SYS_RELEASE). Until then the process
 * is RTS_EXITING: it holds its slot but no endpoint lookup finds it.
 * Its children are handed to init, which may talk to them and reaps
 * them (VM does the same in its records). DS gets a NOTIFY from SYSTEM,
 * so that it lets go of what the process had published or subscribed
 * to (<mica/ds.h>).
 */
#include "kernel.h"
#include <mica/vm.h>
#include <mica/ds.h>

/* DS, if it runs: the system process in its fixed slot. */
static struct proc *ds_proc(void)
{
	struct proc *ds = proc_addr(DS_SLOT);

	if (!(ds->p_privflags & PROC_SYSTEM) || (ds->p_rts_flags & (RTS_SLOT_FREE | RTS_EXITING)))
		return NULL;
	return ds;
}

void proc_exit(struct proc *p, int status, int killed)
{
	struct proc *q;
	int r;

	kassert(!is_task(p) && !(p->p_rts_flags & (RTS_SLOT_FREE | RTS_EXITING)));
	if (p->p_privflags & PROC_SYSTEM)
		panic("system process %s(%d) %s with status %d", p->p_name,
		      p->p_endpoint, killed ? "was killed" : "exited", status);
	if (trace_on)
		trace_exit(p, killed ? -1 : status);
	rts_set(p, RTS_EXITING);
	ipc_cancel(p);
	p->p_rts_flags &= ~(RTS_PAGEFAULT | RTS_VMREQUEST | RTS_VMINHIBIT);
	p->p_misc_flags &= ~(MF_KCALL_RESTART | MF_TRAP_RESTART);
	p->p_alarm = 0;
	for (q = proc_addr(0); q < proc_addr(NR_PROCS); q++)
		if (q->p_parent == p->p_endpoint && !(q->p_rts_flags & RTS_SLOT_FREE))
			q->p_parent = INIT_PROC_NR;
	message_clear(&p->p_sendmsg);
	p->p_sendmsg.m_type = VM_EXITED;
	p->p_sendmsg.exited.endpt = p->p_endpoint;
	p->p_sendmsg.exited.status = status;
	p->p_sendmsg.exited.killed = killed;
	r = ipc_send(p, VM_PROC_NR, IPC_FROM_KERNEL, 0);
	kassert(r == OK || r == SUSPEND);
	if ((q = ds_proc()) != NULL)
		ipc_notify(proc_addr(SYSTEM), q);
}
