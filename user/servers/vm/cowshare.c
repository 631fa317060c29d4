/*
 * Copy-on-write: the sharing side (kernel/cowcopy.c asks with
 * VM_COWCOPY, for a safecopy of many whole pages); the write side, when
 * either process writes a shared page, is cow.c.
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
 *    lab 3's invariants hold here too.
 */
#include "vm.h"

/* May p write the page at va: in the image's writable part or a
 * writable safemap (IMAGE: pages that are present or nothing), or in a
 * region whose absent pages come on demand as zeros (DEMAND)? The
 * answer holds up to *end (when end is not NULL), so a caller walking
 * many pages asks once a region. */
enum access page_access(const struct vmproc *p, vir_bytes va, vir_bytes *end)
{
	vir_bytes dummy, brk_page = (p->brk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	int i;

	if (end == NULL)
		end = &dummy;
	*end = va + PAGE_SIZE;   /* one page, when nothing better is known */
	if (va >= USER_SAFEMAP_BASE && va < USER_SAFEMAP_END)
		return share_writable(p, va, end) ? IMAGE : NO_WRITE;
	if (va >= p->rw_start && va < p->heap_start) {
		*end = p->heap_start;
		return IMAGE;
	}
	if (va >= p->heap_start && va < p->brk) {
		*end = brk_page;
		return DEMAND;
	}
	if (va >= USER_STACK_LOW && va < USER_STACK_TOP) {
		*end = USER_STACK_TOP;
		return DEMAND;
	}
	for (i = 0; i < MAX_MAPPINGS; i++) {
		if (p->maps[i].len != 0 && va >= p->maps[i].start &&
		    va - p->maps[i].start < p->maps[i].len) {
			*end = p->maps[i].start + p->maps[i].len;
			return DEMAND;
		}
	}
	return NO_WRITE;
}

/* What becomes of one page of a VM_COWCOPY. */
enum plan { SHARE, COPY, ZERO };

#define COW_BATCH 64   /* pages planned at a time */

struct cowpage {
	enum plan plan;
	phys_bytes from;   /* the source page (0 for ZERO) */
	phys_bytes into;   /* the destination's page now, 0: absent */
	phys_bytes fresh;  /* a new page for the destination, or 0 */
	u32_t from_kind;   /* from's PAGE_COW, PAGE_SHARED */
	u32_t into_kind;   /* into's */
	int held;          /* a reference on from, for the destination */
};

/* What page_access() said of one side, and up to where it holds. */
struct side {
	const struct vmproc *p;
	enum access access;
	vir_bytes end;   /* 0: not asked yet */
};

/* page_access() of side's page at va; the pages are asked in rising
 * order, so a region's answer stands until va reaches its end. */
static enum access access_at(struct side *side, vir_bytes va)
{
	if (side->end == 0 || va >= side->end)
		side->access = page_access(side->p, va, &side->end);
	return side->access;
}

/* Decide on src's page at sva and dst's page at dva; EFAULT if the copy
 * could not be made by bytes either. */
static int plan_page(struct side *from, vir_bytes sva, struct side *to, vir_bytes dva,
                     struct cowpage *c)
{
	const struct vmproc *src = from->p, *dst = to->p;
	enum access s = access_at(from, sva), d = access_at(to, dva);
	u32_t refs;

	c->from = vm_lookup(src->pagedir, sva);
	c->into = vm_lookup(dst->pagedir, dva);
	if (d == NO_WRITE || (d == IMAGE && c->into == 0))
		return EFAULT;   /* the copy would have faulted on writing */
	c->into_kind = 0;
	if (c->into != 0)
		page_info(c->into, &c->into_kind);
	if (c->from == 0) {
		if (s != DEMAND)
			return EFAULT;   /* ...or on reading */
		c->plan = ZERO;
		return OK;
	}
	refs = page_info(c->from, &c->from_kind);
	if (s == NO_WRITE || ((c->from_kind | c->into_kind) & PAGE_SHARED) || refs == PAGE_REFS_MAX)
		c->plan = COPY;
	else
		c->plan = SHARE;
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
		if (c->plan != SHARE && (c->into == 0 || (c->into_kind & PAGE_COW)) &&
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
		src_mark[i] = c->plan == ZERO || (c->held && !(c->from_kind & PAGE_COW));
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
	struct side from = { src, NO_WRITE, 0 }, to = { dst, NO_WRITE, 0 };
	struct cowpage plan[COW_BATCH];
	vir_bytes bytes = cc->pages * PAGE_SIZE, sva, dva;
	u32_t done, i, n;
	int r;

	if (src == NULL || dst == NULL || cc->pages == 0 || cc->pages > USER_END / PAGE_SIZE ||
	    cc->src_addr % PAGE_SIZE != 0 || cc->dst_addr % PAGE_SIZE != 0 ||
	    cc->src_addr < USER_BASE || cc->dst_addr < USER_BASE ||
	    cc->src_addr > USER_END - bytes || cc->dst_addr > USER_END - bytes)
		return EFAULT;
	/* The side that is not the caller may have ended since (the caller
	 * itself waits for this answer). */
	if (proc_gone(cc->src == cc->requester ? dst : src))
		return EFAULT;
	/* Check every page first (the first batch's plans are kept); then
	 * do them, a batch of plans at a time. */
	for (i = 0; i < cc->pages; i++) {
		struct cowpage spare;

		if ((r = plan_page(&from, cc->src_addr + i * PAGE_SIZE, &to,
		                   cc->dst_addr + i * PAGE_SIZE, i < COW_BATCH ? &plan[i] : &spare)) != OK)
			return r;
	}
	from.end = to.end = 0;
	for (done = 0; done < cc->pages; done += n) {
		n = cc->pages - done < COW_BATCH ? cc->pages - done : COW_BATCH;
		for (i = 0; done > 0 && i < n; i++)
			plan_page(&from, cc->src_addr + (done + i) * PAGE_SIZE, &to,
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
