/*
 * Copy-on-write: the write side (lab 4, exercise 5). A safecopy of many
 * whole pages shares them instead of copying (cowshare.c); every
 * mapping of a shared page is read-only and the page is marked PAGE_COW
 * (mem.c). The first write to it, by either side, faults: lab 3's fault
 * handler hands every write to a present read-only page here, whoever
 * made it (the process itself, or the kernel writing for it through a
 * memory request), and cow_fault() decides. The handout (exercise 5)
 * gives the rules.
 *
 * What you can use: page_access(p, va, NULL) (cowshare.c: may p write
 * there at all?), vm_lookup(), vm_unmap(), vm_map_page() (ptable.c, the
 * only way to change a table entry), page_alloc(), page_ref(),
 * page_free(), page_info() / page_refs() / page_kind() /
 * page_set_kind(), phys_ptr() (mem.c).
 */
#include "vm.h"

/* Give p's page at page, which is mapped read-only and is pa, back to p
 * writable (share.c calls this too, before it shares a page by
 * safemap). Returns OK, or ENOMEM when a copy was needed and no page is
 * left. */
int cow_own(struct vmproc *p, vir_bytes page, phys_bytes pa)
{
	(void)p, (void)page, (void)pa;
	panic("lab 4: exercise 5 is not written: cow_own() in user/servers/vm/cow.c");
}

/* p wrote to its present, read-only page at page. Returns OK when the
 * write may now go ahead (the page is p's own and writable), ENOMEM
 * when it would but no page is left, EFAULT when the page is not
 * copy-on-write: then the fault is p's, and p is killed. */
int cow_fault(struct vmproc *p, vir_bytes page)
{
	static int warned;

	(void)p, (void)page;
	if (!warned++)
		printf("vm: lab 4: cow_fault() is not written yet: every write to a shared page kills\n");
	return EFAULT;
}
