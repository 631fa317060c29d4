/*
 * Copy-on-write (lab 4): a safecopy of many whole pages shares them
 * instead of copying (kernel/cowcopy.c asks, VM_COWCOPY), and the first
 * write by either side to a shared page gives the writer its own copy
 * (cow_fault(), which lab 3's fault handler calls for every write to a
 * present read-only page, whoever made the write: the process itself, or
 * the kernel copying for it).
 *
 * The rules, which keep "neither side ever sees the other's later
 * writes":
 *  - A page is shared copy-on-write only where both sides may write it
 *    (page_access()): the image's writable part, the heap, the stack,
 *    the mappings. Every mapping of such a page is read-only, and the
 *    page is marked PAGE_COW (mem.c), so cow_fault() knows a read-only
 *    page that may be made writable from one that may not (text).
 *  - A page mapped by safemap (PAGE_SHARED) is never shared
 *    copy-on-write: its sharers must go on seeing each other's writes.
 *    Such a page is copied, whichever side it is on (a copy into it
 *    writes into it, as any copy would).
 *  - A page whose count of users is full, or a source page of the
 *    image's text, is copied too. An absent page of a heap, stack or
 *    mapping reads as zeros: the destination gets a zeroed page.
 *  - Every page is checked before any is touched, so a request that
 *    fails (a destination page that may not be written, EFAULT) changes
 *    nothing; after that only a lack of pages can stop it (ENOMEM).
 *  - A table entry changes only through ptable.c (vm_unmap(), which
 *    holds the process and tells the kernel, and vm_map_page()), so
 *    lab 3's invariants hold here too. The last user of a copy-on-write
 *    page takes it back writable without a copy.
 */
#include "vm.h"

/* May p write the page at va: in the image's writable part or a
 * writable safemap (IMAGE: pages that are present or nothing), or in a
 * region whose absent pages come on demand as zeros (DEMAND)? */
enum access page_access(const struct vmproc *p, vir_bytes va)
{
	int i;

	if (va >= USER_SAFEMAP_BASE && va < USER_SAFEMAP_END)
		return share_writable(p, va) ? IMAGE : NO_WRITE;
	if (va >= p->rw_start && va < p->heap_start)
		return IMAGE;
	if (va >= p->heap_start && va < p->brk)
		return DEMAND;
	if (va >= USER_STACK_LOW && va < USER_STACK_TOP)
		return DEMAND;
	for (i = 0; i < MAX_MAPPINGS; i++)
		if (p->maps[i].len != 0 && va >= p->maps[i].start &&
		    va - p->maps[i].start < p->maps[i].len)
			return DEMAND;
	return NO_WRITE;
}

/* Give p's page at page, which was mapped read-only, back to p
 * writable: pa itself when p is its last user, a copy otherwise. */
int cow_own(struct vmproc *p, vir_bytes page, phys_bytes pa)
{
	phys_bytes copy = pa;

	if (page_refs(pa) == 1) {
		page_set_kind(pa, 0);
		if (page_ref(pa) != OK)   /* held while it is unmapped */
			panic("cow_own: 0x%x", pa);
	} else {
		if ((copy = page_alloc()) == 0)
			return ENOMEM;
		memcpy(phys_ptr(copy), phys_ptr(pa), PAGE_SIZE);
	}
	vm_unmap(p, page, PAGE_SIZE);   /* drops p's use of pa */
	if (vm_map_page(p->pagedir, page, copy, PTE_U | PTE_W) != OK)
		panic("cow_own: its table went");
	return OK;
}

/* p wrote to its present, read-only page at page. Returns OK when the
 * write may now go ahead (the page is p's own and writable), ENOMEM
 * when it would but no page is left, EFAULT when the page is not
 * copy-on-write: then the fault is p's, and p is killed. */
int cow_fault(struct vmproc *p, vir_bytes page)
{
	phys_bytes pa;

	/* The region first: the address may be anywhere, even outside
	 * user space (a write to the kernel's memory). */
	if (page_access(p, page) == NO_WRITE)
		return EFAULT;
	pa = vm_lookup(p->pagedir, page);
	if (pa == 0 || !(page_kind(pa) & PAGE_COW))
		return EFAULT;
	return cow_own(p, page, pa);
}

/* What becomes of one page of a VM_COWCOPY. */
enum plan { SHARE, COPY, ZERO };

#define COW_BATCH 64   /* pages planned at a time */

struct cowpage {
	enum plan plan;
	phys_bytes from;   /* the source page (0 for ZERO) */
	phys_bytes into;   /* the destination's page now, 0: absent */
	phys_bytes fresh;  /* a new page for the destination, or 0 */
	int held;          /* a reference on from, for the destination */
};

/* Decide on src's page at sva and dst's page at dva; EFAULT if the copy
 * could not be made by bytes either. */
static int plan_page(const struct vmproc *src, vir_bytes sva, const struct vmproc *dst,
                     vir_bytes dva, struct cowpage *c)
{
	enum access s = page_access(src, sva), d = page_access(dst, dva);

	c->from = vm_lookup(src->pagedir, sva);
	c->into = vm_lookup(dst->pagedir, dva);
	if (d == NO_WRITE || (d == IMAGE && c->into == 0))
		return EFAULT;   /* the copy would have faulted on writing */
	if (c->from == 0) {
		if (s != DEMAND)
			return EFAULT;   /* ...or on reading */
		c->plan = ZERO;
	} else if (s == NO_WRITE || (page_kind(c->from) & PAGE_SHARED) ||
	           (c->into != 0 && (page_kind(c->into) & PAGE_SHARED)) ||
	           page_refs(c->from) == PAGE_REFS_MAX) {
		c->plan = COPY;
	} else {
		c->plan = SHARE;
	}
	return OK;
}

/* Unmap the runs of p's pages at base that are marked (absent pages may
 * be marked too: they make runs longer and cost nothing): one
 * vm_unmap(), so one hold and one word to the kernel, per run. */
static void unmap_marked(struct vmproc *p, vir_bytes base, const u8_t *mark, u32_t n)
{
	u32_t i = 0, j;

	while (i < n) {
		if (!mark[i]) {
			i++;
			continue;
		}
		for (j = i; j < n && mark[j]; j++)
			;
		vm_unmap(p, base + i * PAGE_SIZE, (j - i) * PAGE_SIZE);
		i = j;
	}
}

/* Drop what do_batch() took before it could not go on. */
static void undo_batch(struct cowpage *plan, u32_t n)
{
	u32_t i;

	for (i = 0; i < n; i++) {
		if (plan[i].fresh != 0)
			page_free(plan[i].fresh);
		if (plan[i].held)
			page_free(plan[i].from);
	}
}

/*
 * Carry out n planned pages from sva of src to dva of dst. Everything
 * that can fail is done first (a reference on each page to be shared, a
 * new page for each to be copied where the destination's own page will
 * not do, pages for the tables), so a lack of pages changes nothing;
 * then the bytes, then the tables: src's shared pages become read-only,
 * dst's replaced pages go, the new ones come.
 */
static int do_batch(struct vmproc *src, vir_bytes sva, struct vmproc *dst, vir_bytes dva,
                    struct cowpage *plan, u32_t n)
{
	u8_t src_mark[COW_BATCH], dst_mark[COW_BATCH];
	struct cowpage *c;
	phys_bytes into;
	u32_t i;

	for (i = 0; i < n; i++) {
		c = &plan[i];
		c->fresh = 0;
		c->held = 0;
		if (c->plan == SHARE && c->into != c->from) {
			if (page_ref(c->from) != OK)
				c->plan = COPY;   /* its count is full after all */
			else
				c->held = 1;
		}
		if (c->plan != SHARE && (c->into == 0 || (page_kind(c->into) & PAGE_COW)) &&
		    (c->fresh = page_alloc()) == 0) {
			undo_batch(plan, i + 1);
			return ENOMEM;
		}
	}
	/* The destination may lack a table or two for its new pages
	 * (COW_BATCH pages span at most two); nobody else takes pages
	 * while VM serves this request. */
	if (pages_free() < 2) {
		undo_batch(plan, n);
		return ENOMEM;
	}
	for (i = 0; i < n; i++) {
		c = &plan[i];
		into = c->fresh != 0 ? c->fresh : c->into;
		if (c->plan == ZERO)
			page_zero(into);
		else if (c->plan == COPY && into != c->from)
			memcpy(phys_ptr(into), phys_ptr(c->from), PAGE_SIZE);
		/* src's page goes read-only when it is shared (held while it
		 * is unmapped); an absent one may join the run. */
		src_mark[i] = c->plan == ZERO || (c->held && !(page_kind(c->from) & PAGE_COW));
		if (src_mark[i] && c->held) {
			page_set_kind(c->from, PAGE_COW);
			if (page_ref(c->from) != OK)
				panic("do_batch: a count full after all");
		}
		dst_mark[i] = c->held || c->fresh != 0;
	}
	unmap_marked(src, sva, src_mark, n);
	unmap_marked(dst, dva, dst_mark, n);
	for (i = 0; i < n; i++) {
		c = &plan[i];
		if (src_mark[i] && c->held &&
		    vm_map_page(src->pagedir, sva + i * PAGE_SIZE, c->from, PTE_U) != OK)
			panic("do_batch: a table of the source went");
		if (c->held && vm_map_page(dst->pagedir, dva + i * PAGE_SIZE, c->from, PTE_U) != OK)
			panic("do_batch: no table for a shared page");
		if (c->fresh != 0 &&
		    vm_map_page(dst->pagedir, dva + i * PAGE_SIZE, c->fresh, PTE_U | PTE_W) != OK)
			panic("do_batch: no table for a new page");
	}
	return OK;
}

static int cowcopy(const struct mess_cowcopy *cc)
{
	struct vmproc *src = vmproc_of(cc->src), *dst = vmproc_of(cc->dst);
	struct cowpage plan[COW_BATCH];
	vir_bytes bytes = cc->pages * PAGE_SIZE, sva, dva;
	u32_t done, i, n;
	int r;

	if (src == NULL || dst == NULL || cc->pages == 0 || cc->pages > USER_END / PAGE_SIZE ||
	    cc->src_addr % PAGE_SIZE != 0 || cc->dst_addr % PAGE_SIZE != 0 ||
	    cc->src_addr < USER_BASE || cc->dst_addr < USER_BASE ||
	    cc->src_addr > USER_END - bytes || cc->dst_addr > USER_END - bytes)
		return EFAULT;
	/* Check every page first; then do them, a batch of plans at a time. */
	for (i = 0; i < cc->pages; i++) {
		struct cowpage c;

		if ((r = plan_page(src, cc->src_addr + i * PAGE_SIZE, dst,
		                   cc->dst_addr + i * PAGE_SIZE, &c)) != OK)
			return r;
	}
	for (done = 0; done < cc->pages; done += n) {
		n = cc->pages - done < COW_BATCH ? cc->pages - done : COW_BATCH;
		for (i = 0; i < n; i++)
			plan_page(src, cc->src_addr + (done + i) * PAGE_SIZE, dst,
			          cc->dst_addr + (done + i) * PAGE_SIZE, &plan[i]);
		sva = cc->src_addr + done * PAGE_SIZE;
		dva = cc->dst_addr + done * PAGE_SIZE;
		if ((r = do_batch(src, sva, dst, dva, plan, n)) != OK)
			return r;
	}
	return OK;
}

/* VM_COWCOPY, from the kernel for m.cowcopy.requester's safecopy. */
void do_cowcopy(message *m)
{
	struct mess_vmctl answer = { .result = cowcopy(&m->cowcopy) };
	int r;

	if ((r = sys_vmctl(VMCTL_MEMREQ_DONE, m->cowcopy.requester, &answer)) != OK)
		printf("vm: copy-on-write request of %d: %s\n", m->cowcopy.requester, errstr(r));
}
