/*
 * VM: the memory manager. It owns physical memory and every page table
 * but its own boot-time one, makes processes from boot modules, gives
 * them memory on demand (page faults, memory requests of the kernel,
 * brk and mmap), and cleans up after them.
 *
 * VM never blocks on a client: replies go out with SENDNB's semantics
 * (the main loop's with REPLYREC, the reply and the next receive in one
 * trap), and a client that is not waiting for its reply (it did not
 * use SENDREC) loses it.
 */
#include "vm.h"

/* A reply that could not go: the client's loss when it is not waiting
 * or gone; anything else is VM's own mistake, said on the console. */
static void reply_failed(endpoint_t e, int r)
{
	if (r != ENOTREADY && r != EDEADSRCDST)
		printf("vm: reply to %d failed: %s\n", e, errstr(r));
}

void reply(endpoint_t e, message *m)
{
	int r = sendnb(e, m);

	if (r != OK)
		reply_failed(e, r);
}

static int do_spawn(message *m)
{
	char cmdline[VM_CMDLINE_MAX];
	u32_t len = m->vm_spawn.len;
	int r;

	if (len == 0)
		return EINVAL;
	if (len >= sizeof(cmdline))
		return E2BIG;
	r = sys_vircopy(m->m_source, m->vm_spawn.cmdline, SELF, (vir_bytes)cmdline, len);
	if (r != OK)
		return r;
	cmdline[len] = '\0';
	if (strlen(cmdline) != len)
		return EINVAL;
	return procs_spawn(cmdline, m->m_source, 0, &m->vm_spawn.endpt);
}

/* A memory request names one page (kernel/vmreq.c): anything else is a
 * bug in the kernel, said here where it shows, and refused. */
static int whole_page(const message *m)
{
	struct mess_vmctl refused = { .result = EFAULT };

	if (m->memreq.addr % PAGE_SIZE == 0 && m->memreq.len == PAGE_SIZE)
		return 1;
	printf("vm: refusing a memory request of %d for 0x%08x, %u bytes: not one page\n",
	       m->memreq.requester, m->memreq.addr, m->memreq.len);
	sys_vmctl(VMCTL_MEMREQ_DONE, m->memreq.requester, &refused);
	return 0;
}

/* A memory request for another process's memory (a safecopy's
 * granter, say) whose process has ended since: refused, before any of
 * its tables is touched (proc_gone()). A process's own memory needs no
 * look: had it ended, the kernel would have taken its request back. */
static int target_gone(const message *m)
{
	struct mess_vmctl refused = { .result = EFAULT };
	struct vmproc *target = vmproc_of(m->memreq.target);

	if (m->memreq.target == m->memreq.requester || target == NULL || !proc_gone(target))
		return 0;
	sys_vmctl(VMCTL_MEMREQ_DONE, m->memreq.requester, &refused);
	return 1;
}

/* The kernel's own messages (page faults, memory requests, exits and
 * copy-on-write requests) come from KERNEL, which no process can send
 * as. Anything else of those types is a forgery: say so, and refuse it
 * with EPERM. Returns 1 when the message was the kernel's and is
 * handled (no reply). */
static int kernel_event(message *m)
{
	static const char *what[] = {
		"page fault", "exit notice", "memory request", "copy-on-write request"
	};

	_Static_assert(VM_EXITED == VM_PAGEFAULT + 1 && VM_MEMREQUEST == VM_PAGEFAULT + 2 &&
	               VM_COWCOPY == VM_PAGEFAULT + 3, "the kernel's message types are consecutive");
	if (m->m_source != KERNEL) {
		printf("vm: ignoring a false %s from %d\n", what[m->m_type - VM_PAGEFAULT],
		       m->m_source);
		return 0;
	}
	if (m->m_type == VM_PAGEFAULT)
		do_pagefault(m);
	else if (m->m_type == VM_EXITED)
		procs_exited(m->exited.endpt, m->exited.status, m->exited.killed);
	else if (m->m_type == VM_COWCOPY)
		do_cowcopy(m);
	else if (whole_page(m) && !target_gone(m))
		do_memrequest(m);
	return 1;
}

int main(void)
{
	message m;
	int r, answer = 0;   /* m holds the answer to m.m_source */

	mem_init();
	space_take_own();
	holds_init();
	procs_init();
	for (;;) {
		if (!answer) {
			r = receive(ANY, &m);
		} else if ((r = replyrec(m.m_source, &m)) != OK) {
			reply_failed(m.m_source, r);   /* and nothing received yet */
			r = receive(ANY, &m);
		}
		answer = 0;
		if (r != OK)
			panic("receive: %s", errstr(r));
		switch (m.m_type) {
		case VM_SPAWN:
			r = do_spawn(&m);
			break;
		case VM_WAIT:
			r = procs_wait(m.m_source, m.vm_wait.endpt, m.vm_wait.nohang, &m);
			break;
		case VM_KILL:
			r = procs_kill(m.m_source, m.vm_kill.endpt, m.vm_kill.status);
			break;
		case VM_INFO:
			m.vm_info.total_pages = pages_total();
			m.vm_info.free_pages = pages_free();
			m.vm_info.procs = procs_count();
			m.vm_info.vm_pages = pages_bookkeeping() + share_pages();
			r = OK;
			break;
		case VM_BRK:
			r = do_brk(&m);
			break;
		case VM_MMAP:
			r = do_mmap(&m);
			break;
		case VM_MUNMAP:
			r = do_munmap(&m);
			break;
		case VM_HOLD:
			r = do_hold(&m);
			break;
		case VM_SAFEMAP:
			r = do_safemap(&m);
			break;
		case VM_SAFEUNMAP:
			r = do_safeunmap(&m);
			break;
		case VM_SAFEREVMAP:
			r = do_saferevmap(&m);
			break;
		case VM_PAGEFAULT:
		case VM_EXITED:
		case VM_MEMREQUEST:
		case VM_COWCOPY:
			if (kernel_event(&m))
				continue;
			r = EPERM;
			break;
		case NOTIFY_MESSAGE:
			if (m.m_source == CLOCK) {
				hold_alarm();
				continue;
			}
			r = EINVAL;   /* nobody else has a reason to */
			break;
		default:
			r = EINVAL;
			break;
		}
		if (r == NO_REPLY)
			continue;
		m.m_type = r;
		answer = 1;
	}
}
