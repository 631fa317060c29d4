/*
 * Address spaces: built from a boot module's ELF image by the loader in
 * lib/exec.c, with pages from mem.c; freed by walking the user part of
 * the page directory.
 */
#include "vm.h"
#include <exec.h>

static u32_t kernel_pdes[KERNEL_PDES];
static int have_kernel_pdes;

static phys_bytes alloc_for_exec(void *arg)
{
	(void)arg;
	return page_alloc();
}

static void *ptr_for_exec(void *arg, phys_bytes pa)
{
	(void)arg;
	return phys_ptr(pa);
}

/* Build an address space for cmdline from mod's image; fills np's
 * pagedir, entry, stack and name. Nothing is left allocated on failure. */
int space_build(const struct bootmodule *mod, const char *cmdline,
                struct mess_newproc *np)
{
	struct exec_env env = { alloc_for_exec, ptr_for_exec, NULL, kernel_pdes };
	struct exec_result ex;
	int r;

	if (!have_kernel_pdes) {
		r = sys_getinfo(GET_KPDES, kernel_pdes, sizeof(kernel_pdes), NULL);
		if (r != (int)KERNEL_PDES)
			panic("GET_KPDES: %d", r);
		have_kernel_pdes = 1;
	}
	ex.pagedir = 0;
	r = exec_load(&env, phys_ptr(mod->start), mod->end - mod->start, cmdline, &ex);
	if (r != OK) {
		if (ex.pagedir != 0)
			space_free(ex.pagedir);
		return r;
	}
	np->pagedir = ex.pagedir;
	np->entry = ex.entry;
	np->stack = ex.stack;
	memcpy(np->name, ex.name, sizeof(np->name));
	return OK;
}

/* Free every user page, every page table and the directory. */
void space_free(phys_bytes pagedir)
{
	u32_t *pd = phys_ptr(pagedir), *pt;
	u32_t i, j;

	for (i = USER_BASE >> PDE_SHIFT; i < USER_END >> PDE_SHIFT; i++) {
		if (!(pd[i] & PTE_P))
			continue;
		pt = phys_ptr(PTE_ADDR(pd[i]));
		for (j = 0; j < PDE_ENTRIES; j++)
			if (pt[j] & PTE_P)
				page_free(PTE_ADDR(pt[j]));
		page_free(PTE_ADDR(pd[i]));
	}
	page_free(pagedir);
}
