/*
 * VM's page tables (lab 3): the one walk through a process's two-level
 * i386 tables (Intel SDM vol. 3, 4.3) and everything VM does with it:
 * map a page, find one, unmap a range, free a whole address space. No
 * other code in VM reads or writes a process's table entries, so these
 * rules hold for every table VM owns:
 *
 *  - VM edits user space only, [USER_BASE, USER_END). The kernel's
 *    entries (copied into every directory at spawn) and the copy-window
 *    slots above USER_END are the kernel's: an address outside is a bug
 *    in VM, and panics.
 *  - A table VM adds starts all zero: page_alloc() hands out pages with
 *    whatever their last owner left, and a stale entry in a new table
 *    would map someone else's page into the process.
 *  - A directory entry is present, writable and user-accessible: the
 *    CPU checks both levels and allows only what both allow, so the
 *    table entries alone decide what the process may do with a page.
 *  - A table entry gets only PTE_U and PTE_W from the caller. Never
 *    PTE_G: a global entry would survive the CR3 reload of a switch and
 *    the flush after a copy window (doc/architecture.md, the window
 *    rule).
 *  - A present entry is never overwritten: that would lose its page.
 *  - A page leaves its table before it goes back to mem.c, while the
 *    process is held (VMCTL_INHIBIT), and the kernel hears of the
 *    change (VMCTL_TLB_CHANGED) before the process runs again, so no
 *    translation of a freed page survives in the TLB.
 *  - Tables stay until the address space is freed: an empty table costs
 *    one page, and freeing it while the range is reused would be a race
 *    with nothing to gain.
 */
#include "vm.h"

/* pagedir's directory entry for va, which must be in user space. */
static u32_t *pde_of(phys_bytes pagedir, vir_bytes va)
{
	if (va < USER_BASE || va >= USER_END)
		panic("pde_of: 0x%08x is not in user space", va);
	return (u32_t *)phys_ptr(pagedir) + (va >> PDE_SHIFT);
}

/* The entry for va in the table that the present directory entry pde
 * points to. */
static u32_t *pte_in(u32_t pde, vir_bytes va)
{
	return (u32_t *)phys_ptr(PTE_ADDR(pde)) + ((va >> PAGE_SHIFT) & (PDE_ENTRIES - 1));
}

/*
 * The walk: pagedir's table entry for va. Without a table for va, NULL,
 * unless make is set: then a zeroed table is added first (NULL only
 * when no page is left for it).
 */
static u32_t *pte_of(phys_bytes pagedir, vir_bytes va, int make)
{
	u32_t *pde = pde_of(pagedir, va);
	phys_bytes table;

	if (!(*pde & PTE_P)) {
		if (!make || (table = page_alloc()) == 0)
			return NULL;
		page_zero(table);
		*pde = table | PTE_P | PTE_W | PTE_U;
	}
	return pte_in(*pde, va);
}

/* Map the page pa at the page va with flags (PTE_U, PTE_W), adding the
 * table if there is none. Returns OK, or ENOMEM when no page is left
 * for the table. */
int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags)
{
	u32_t *pte;

	if (va % PAGE_SIZE != 0 || pa % PAGE_SIZE != 0 || (flags & ~(PTE_U | PTE_W)) != 0)
		panic("vm_map_page: 0x%08x -> 0x%08x, flags 0x%x", va, pa, flags);
	if ((pte = pte_of(pagedir, va, 1)) == NULL)
		return ENOMEM;
	if (*pte & PTE_P)
		panic("vm_map_page: 0x%08x is mapped already", va);
	*pte = pa | flags | PTE_P;
	return OK;
}

/* The physical page mapped at va, or 0 if none is. */
phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va)
{
	u32_t *pte = pte_of(pagedir, va, 0);

	return pte != NULL && (*pte & PTE_P) ? PTE_ADDR(*pte) : 0;
}

/*
 * Take every page of [start, end) out of pagedir and give it back to
 * mem.c; with free_tables (only for whole spans of tables), the tables
 * too. A span without a table holds nothing and costs one look at its
 * directory entry: a process uses a handful of the 704 tables of user
 * space.
 */
static void unmap_range(phys_bytes pagedir, vir_bytes start, vir_bytes end, int free_tables)
{
	u32_t *first, *last_pde, *pde, *pte, *last;
	phys_bytes page;

	if (start % PAGE_SIZE != 0 || end % PAGE_SIZE != 0 || end < start ||
	    (free_tables && (start % PDE_SPAN != 0 || end % PDE_SPAN != 0)))
		panic("unmap_range: [0x%08x, 0x%08x) is not a range of %s", start, end,
		      free_tables ? "tables" : "pages");
	if (start == end)
		return;
	first = pde_of(pagedir, start);
	last_pde = pde_of(pagedir, end - 1);
	for (pde = first; pde <= last_pde; pde++) {
		if (!(*pde & PTE_P))
			continue;
		/* This table's part of the range: all of it but at the ends. */
		pte = pte_in(*pde, pde == first ? start : 0);
		last = pte_in(*pde, pde == last_pde ? end - PAGE_SIZE : PDE_SPAN - PAGE_SIZE);
		for (; pte <= last; pte++) {
			if (*pte & PTE_P) {
				page = PTE_ADDR(*pte);
				*pte = 0;
				page_free(page);
			} else if (*pte == 0) {
				/* Most entries of a table are empty: pass the
				 * empty runs eight at a time (a third of the
				 * instructions of one at a time). */
				while (last - pte >= 8 && (pte[1] | pte[2] | pte[3] | pte[4] |
				                           pte[5] | pte[6] | pte[7] | pte[8]) == 0)
					pte += 8;
			}
		}
		if (free_tables) {
			page = PTE_ADDR(*pde);
			*pde = 0;
			page_free(page);
		}
	}
}

/*
 * Unmap and free the pages of p in [start, start + len) (whole pages).
 * p is held while its tables change, and the kernel is told, so that
 * no stale translation survives in the TLB and the kernel forgets any
 * receive buffer of p it had found good there.
 */
void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len)
{
	struct mess_vmctl range = { .addr = start, .len = len };
	int r, held;

	held = sys_vmctl(VMCTL_INHIBIT, p->endpt, NULL) == OK;
	unmap_range(p->pagedir, start, start + len, 0);
	if ((r = sys_vmctl(VMCTL_TLB_CHANGED, p->endpt, &range)) != OK)
		panic("VMCTL_TLB_CHANGED: %s", errstr(r));
	if (held)
		sys_vmctl(VMCTL_UNINHIBIT, p->endpt, NULL);
}

/* Free every user page, every page table and the directory of an
 * address space nobody runs in any more (its process was released, or
 * never made). */
void space_free(phys_bytes pagedir)
{
	unmap_range(pagedir, USER_BASE, USER_END, 1);
	page_free(pagedir);
}
