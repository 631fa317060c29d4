/*
 * Copy-on-write for safecopy (the kernel's half; VM's is in
 * user/servers/vm/cow.c). A safecopy of many whole pages need not copy
 * them: the pages can be shared read-only by both processes, and the
 * first write by either side gets that side its own copy (a
 * write-protection fault VM resolves, like any fault). Only VM may edit
 * page tables, so the kernel asks VM to share the pages, with the caller
 * suspended the way a memory request suspends it (vmreq.c):
 *
 *   1. The kernel copies the partial pages at both ends itself, then
 *      sends VM a VM_COWCOPY in the caller's name (source and
 *      destination process, their page-aligned addresses, the number of
 *      pages) and suspends the caller in RTS_VMREQUEST, with its result
 *      already set to OK and no restart flag: the call is complete once
 *      VM has done its part.
 *   2. VM shares each page, or copies it when it may not be shared (see
 *      cow.c), holding both processes while it edits their tables, and
 *      answers with VMCTL_MEMREQ_DONE: OK lets the caller go on with
 *      OK, anything else makes the call fail with EFAULT
 *      (vm_request_done()); part may have been copied, as with any
 *      failed copy.
 *
 * The grant was checked before; VM checks that each destination page
 * may be written (a grant may cover the granter's text, which a copy
 * could never write to).
 *
 * The threshold: a copy of fewer than SAFECOPY_COW_PAGES (16) whole
 * pages costs less than VM's round trip and its table edits, so it is
 * copied (doc/performance.md, "safecopy": at 8 pages a first share
 * would cost about 10,800 instructions against a copy's 9,114; at 16
 * it costs 16,017 against 17,306). The kernel's command line word "nocow" turns
 * sharing off, to measure what it saves.
 */
#include "kernel.h"
#include <mica/vm.h>

int cow_enabled = 1;

/* Can these be shared: user processes other than VM (whose memory is
 * not in its own records), at the same offset within a page? (Enough
 * whole pages is for cow_copy() to count.) */
static int may_share(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst)
{
	return cow_enabled && src_p != NULL && dst_p != NULL && !is_task(src_p) &&
	       !is_task(dst_p) && src_p->p_nr != VM_SLOT && dst_p->p_nr != VM_SLOT &&
	       src % PAGE_SIZE == dst % PAGE_SIZE;
}

/*
 * Copy len bytes from src of src_p to dst of dst_p for caller's
 * safecopy: by sharing whole pages when that pays, otherwise with
 * vcopy(). Returns OK or EFAULT as vcopy() does, or SUSPEND when VM was
 * asked to share pages (the caller's result is then VM's to give).
 */
int cow_copy(struct proc *caller, struct proc *src_p, vir_bytes src, struct proc *dst_p,
             vir_bytes dst, size_t len)
{
	size_t head, pages, body;
	message *req = &caller->p_sendmsg;
	int r;

	head = (PAGE_SIZE - src % PAGE_SIZE) % PAGE_SIZE;
	if (!may_share(src_p, src, dst_p, dst) || len < head)
		return vcopy(src_p, src, dst_p, dst, len);
	pages = (len - head) / PAGE_SIZE;
	body = pages * PAGE_SIZE;
	if (pages < SAFECOPY_COW_PAGES || !in_user_space(src, len) || !in_user_space(dst, len))
		return vcopy(src_p, src, dst_p, dst, len);
	if ((r = vcopy(src_p, src, dst_p, dst, head)) != OK ||
	    (r = vcopy(src_p, src + head + body, dst_p, dst + head + body, len - head - body)) != OK)
		return r;
	message_clear(req);
	req->m_type = VM_COWCOPY;
	req->cowcopy.requester = caller->p_endpoint;
	req->cowcopy.src = src_p->p_endpoint;
	req->cowcopy.src_addr = src + head;
	req->cowcopy.dst = dst_p->p_endpoint;
	req->cowcopy.dst_addr = dst + head;
	req->cowcopy.pages = pages;
	caller->p_reg.eax = OK;   /* unless VM says otherwise */
	rts_set(caller, RTS_VMREQUEST);
	kstats.cow_requests++;
	kstats.cow_pages += pages;
	r = ipc_send(caller, VM_PROC_NR, IPC_FROM_KERNEL, 0);
	kassert(r == OK || r == SUSPEND);
	return SUSPEND;
}
