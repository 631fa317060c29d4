/*
 * Copy-on-write: the write side (lab 4, exercise 5). A safecopy of many
 * whole pages shares them instead of copying (cowshare.c); every
 * mapping of a shared page is read-only and the page is marked PAGE_COW
 * (mem.c). The first write to it, by either side, faults: lab 3's fault
 * handler hands every write to a present read-only page here, whoever
 * made it (the process itself, or the kernel writing for it through a
 * memory request), and cow_fault() decides.
 *
 * The rules:
 *  - Only a PAGE_COW page in a region the writer may write
 *    (page_access()) is made writable; any other read-only page (text,
 *    a read-only safemap) stays as it is and the write is a real fault.
 *  - The writer gets its own copy, unless it is the page's last user:
 *    then the page itself becomes writable and stops being PAGE_COW.
 *  - A table entry changes only through ptable.c (vm_unmap(), which
 *    holds the process and tells the kernel, then vm_map_page()), and a
 *    page's count of users goes up before a mapping of it is dropped
 *    that should not free it.
 */
#include "vm.h"

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
	if (page_access(p, page, NULL) == NO_WRITE)
		return EFAULT;
	pa = vm_lookup(p->pagedir, page);
	if (pa == 0 || !(page_kind(pa) & PAGE_COW))
		return EFAULT;
	return cow_own(p, page, pa);
}
