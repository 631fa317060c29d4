/*
 * Address spaces: built from a boot module's ELF image by the loader in
 * lib/exec.c, with pages from mem.c and VM's own page-table code
 * (ptable.c, which also frees them); VM's own space, taken over from
 * the kernel at start; and the table of page directories VM shares with
 * the kernel.
 */
#include "vm.h"

static u32_t kernel_pdes[KERNEL_PDES];
static int have_kernel_pdes;

/* The loader wants zeroed pages: what an image does not fill (its bss,
 * the stack) must read as zero. */
static phys_bytes alloc_for_exec(void *arg)
{
	phys_bytes pa = page_alloc();

	(void)arg;
	if (pa != 0)
		page_zero(pa);
	return pa;
}

/* ...except a page it fills whole from the image. */
static phys_bytes filled_for_exec(void *arg)
{
	(void)arg;
	return page_alloc();
}

static void *ptr_for_exec(void *arg, phys_bytes pa)
{
	(void)arg;
	return phys_ptr(pa);
}

/* The top INITIAL_STACK_PAGES pages of a new process's stack are mapped
 * at once (argc and argv are written into the top one): every program
 * needs them, and so init's prompt runs even while demand paging (lab 3)
 * is not written. The rest of the stack comes on demand. */
#define INITIAL_STACK_PAGES 4

/* How the loader reaches physical memory from VM: pages from mem.c,
 * through the window on all of RAM. */
static const struct exec_env env = {
	alloc_for_exec, filled_for_exec, ptr_for_exec, NULL, kernel_pdes, INITIAL_STACK_PAGES
};

/* The loader writes new tables with VM's own page-table code. */
static int map_for_exec(const struct exec_env *e, phys_bytes pagedir, vir_bytes va,
                        phys_bytes pa, u32_t flags)
{
	(void)e;
	return vm_map_page(pagedir, va, pa, flags);
}

static phys_bytes lookup_for_exec(const struct exec_env *e, phys_bytes pagedir, vir_bytes va)
{
	(void)e;
	return vm_lookup(pagedir, va);
}

static const struct exec_tables tables = { map_for_exec, lookup_for_exec };

/* Build an address space for cmdline from mod's image: its directory
 * in *pagedir, np's entry, stack and name, and the image's layout in
 * *ex. Nothing is left allocated on failure. */
int space_build(const struct bootmodule *mod, const char *cmdline,
                struct mess_newproc *np, phys_bytes *pagedir, struct exec_result *ex)
{
	int r;

	if (!have_kernel_pdes) {
		r = sys_getinfo(GET_KPDES, kernel_pdes, sizeof(kernel_pdes), NULL);
		if (r != (int)KERNEL_PDES)
			panic("GET_KPDES: %d", r);
		have_kernel_pdes = 1;
	}
	ex->pagedir = 0;
	r = exec_load_with(&env, &tables, phys_ptr(mod->start), mod->end - mod->start, cmdline, ex);
	if (r != OK) {
		if (ex->pagedir != 0)
			space_free(ex->pagedir);
		return r;
	}
	*pagedir = ex->pagedir;
	np->entry = ex->entry;
	np->stack = ex->stack;
	memcpy(np->name, ex->name, sizeof(np->name));
	return OK;
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
	page_zero(table);   /* no process has a directory yet */
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
	u32_t *old_pd, *new_pd;
	phys_bytes boot_pd, now_pd, pd, pt;
	u32_t i;
	int r;

	if ((r = sys_getspace(SELF, &boot_pd)) != OK)
		panic("VMCTL_GET_SPACE: %s", errstr(r));
	old_pd = phys_ptr(boot_pd);
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
	if ((r = sys_vmctl(VMCTL_SET_SPACE, SELF, NULL)) != OK)
		panic("VMCTL_SET_SPACE: %s", errstr(r));
	if (sys_getspace(SELF, &now_pd) != OK || now_pd != pd)
		panic("VM still runs on the boot page tables");
}
