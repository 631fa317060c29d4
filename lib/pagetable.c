/*
 * The kernel's only page-table code: the writer lib/exec.c uses when the
 * kernel builds VM's address space at boot. From then on VM owns every
 * table and edits them with its own walk (user/servers/vm/ptable.c,
 * lab 3), which VM also hands the loader; this one only ever fills a
 * directory that nobody runs on yet.
 *
 * A directory entry points to a page table; a table entry points to a
 * page. Both hold a physical address in their top 20 bits and PTE_*
 * flags in the low 12.
 */
#include <mica/errno.h>
#include <mica/layout.h>
#include "pagetable.h"

/* Map physical page pa at va in the directory at pagedir with flags
 * (PTE_P is added), making the page table first if the directory has
 * none for va: a zeroed page, present, writable and user-accessible (the
 * page entries decide the real access). Returns OK or ENOMEM. */
int pt_writemap(const struct exec_env *env, phys_bytes pagedir, vir_bytes va,
                phys_bytes pa, u32_t flags)
{
	u32_t *pd = env->phys_to_ptr(env->arg, pagedir), *pt;
	u32_t i = va >> PDE_SHIFT;
	phys_bytes table;

	if (!(pd[i] & PTE_P)) {
		if ((table = env->alloc_page(env->arg)) == 0)
			return ENOMEM;
		pd[i] = table | PTE_P | PTE_W | PTE_U;
	}
	pt = env->phys_to_ptr(env->arg, PTE_ADDR(pd[i]));
	pt[(va >> PAGE_SHIFT) & (PDE_ENTRIES - 1)] = pa | flags | PTE_P;
	return OK;
}

/* The physical page mapped at va, or 0 if none is. */
phys_bytes pt_lookup(const struct exec_env *env, phys_bytes pagedir, vir_bytes va)
{
	u32_t *pd = env->phys_to_ptr(env->arg, pagedir), *pt;
	u32_t e = pd[va >> PDE_SHIFT];

	if (!(e & PTE_P))
		return 0;
	pt = env->phys_to_ptr(env->arg, PTE_ADDR(e));
	e = pt[(va >> PAGE_SHIFT) & (PDE_ENTRIES - 1)];
	return (e & PTE_P) ? PTE_ADDR(e) : 0;
}
