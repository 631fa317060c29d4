/*
 * Address spaces: built from a boot module's ELF image by the loader in
 * lib/exec.c, with pages from mem.c; freed by walking the user part of
 * the page directory.
 */
#include "vm.h"
#include <exec.h>
#include <pagetable.h>

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

/* How lib/ reaches physical memory from VM: pages from mem.c, through
 * the window on all of RAM. */
/* The top pages of a new process's stack are mapped at once: every
 * program needs them, and so init's prompt runs even while demand
 * paging (lab 3) is not written. The rest of the stack comes on demand. */
#define INITIAL_STACK_PAGES 4

static const struct exec_env env = {
	alloc_for_exec, ptr_for_exec, NULL, kernel_pdes, INITIAL_STACK_PAGES
};

/* Build an address space for cmdline from mod's image: its directory
 * in *pagedir, and np's entry, stack and name. Nothing is left
 * allocated on failure. */
int space_build(const struct bootmodule *mod, const char *cmdline,
                struct mess_newproc *np, phys_bytes *pagedir, vir_bytes *image_end)
{
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
	*pagedir = ex.pagedir;
	np->entry = ex.entry;
	np->stack = ex.stack;
	memcpy(np->name, ex.name, sizeof(np->name));
	*image_end = ex.image_end;
	return OK;
}

int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags)
{
	return pt_writemap(&env, pagedir, va, pa, flags);
}

phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va)
{
	return pt_lookup(&env, pagedir, va);
}

/*
 * Unmap and free the pages of p in [start, start + len). p is held
 * (RTS_VMINHIBIT) while its tables change, and the kernel is told, so
 * that no stale translation survives in the TLB.
 */
void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len)
{
	u32_t *pd = phys_ptr(p->pagedir), *pt, *pte;
	struct mess_vmctl range = { .addr = start, .len = len };
	vir_bytes va;
	int r, held;

	held = sys_vmctl(VMCTL_INHIBIT, p->endpt, NULL) == OK;
	for (va = start; va < start + len; va += PAGE_SIZE) {
		if (!(pd[va >> PDE_SHIFT] & PTE_P))
			continue;
		pt = phys_ptr(PTE_ADDR(pd[va >> PDE_SHIFT]));
		pte = &pt[(va >> PAGE_SHIFT) & (PDE_ENTRIES - 1)];
		if (*pte & PTE_P) {
			page_free(PTE_ADDR(*pte));
			*pte = 0;
		}
	}
	if ((r = sys_vmctl(VMCTL_TLB_CHANGED, p->endpt, &range)) != OK)
		panic("VMCTL_TLB_CHANGED: %s", errstr(r));
	if (held)
		sys_vmctl(VMCTL_UNINHIBIT, p->endpt, NULL);
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

/*
 * The table of every process's page directory, by slot, which VM shares
 * with the kernel: VM writes a process's entry before SYS_NEWPROC or
 * VMCTL_SET_SPACE, and the kernel takes the directory from it then.
 */
static phys_bytes *pagedirs;

static void share_table(void)
{
	struct mess_vmctl share = { 0 };
	phys_bytes table;
	int r;

	if ((table = page_alloc()) == 0)
		panic("no memory for the table of page directories");
	pagedirs = phys_ptr(table);
	share.pagedir = table;
	if ((r = sys_vmctl(VMCTL_SHARE_PAGEDIRS, SELF, &share)) != OK)
		panic("VMCTL_SHARE_PAGEDIRS: %s", errstr(r));
}

/* Say that the process in slot uses pagedir (0: none). */
void space_publish(int slot, phys_bytes pagedir)
{
	if (slot < 0 || slot >= NR_PROCS)
		panic("space_publish: slot %d", slot);
	pagedirs[slot] = pagedir;
}

/*
 * VM's own address space was built by the kernel at boot, from memory
 * VM does not own. Copy it into pages of VM's own (the same pages mapped
 * the same way, in new tables) and switch to the copy in one kernel
 * call, so that from now on VM owns every page table in the system.
 */
void space_take_own(void)
{
	struct mess_vmctl space;
	u32_t *old_pd, *new_pd;
	phys_bytes pd, pt;
	u32_t i;
	int r;

	if ((r = sys_vmctl(VMCTL_GET_SPACE, SELF, &space)) != OK)
		panic("VMCTL_GET_SPACE: %s", errstr(r));
	old_pd = phys_ptr(space.pagedir);
	if ((pd = page_alloc()) == 0)
		panic("no memory for VM's own page directory");
	new_pd = phys_ptr(pd);
	for (i = 0; i < PDE_ENTRIES; i++) {
		if (i < KERNEL_PDES || !(old_pd[i] & PTE_P) || (old_pd[i] & PTE_PS)) {
			new_pd[i] = old_pd[i];   /* kernel, empty, or 4 MiB page */
			continue;
		}
		if ((pt = page_alloc()) == 0)
			panic("no memory for VM's own page tables");
		memcpy(phys_ptr(pt), phys_ptr(PTE_ADDR(old_pd[i])), PAGE_SIZE);
		new_pd[i] = pt | (old_pd[i] & (PAGE_SIZE - 1));
	}
	share_table();
	space_publish(VM_SLOT, pd);
	if ((r = sys_vmctl(VMCTL_SET_SPACE, SELF, &space)) != OK)
		panic("VMCTL_SET_SPACE: %s", errstr(r));
	if (sys_vmctl(VMCTL_GET_SPACE, SELF, &space) != OK || space.pagedir != pd)
		panic("VM still runs on the boot page tables");
}
