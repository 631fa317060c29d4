/*
 * VM's page tables (lab 3, exercise 1).
 *
 * VM owns every page table of every process; this file is the only code
 * in VM that reads or writes their entries. Everything else goes
 * through the four functions below: the loader (lib/exec.c, given
 * vm_map_page and vm_lookup by space.c) when it builds a process,
 * fault.c when it makes a page present, heap.c when a region shrinks,
 * procs.c when a process has ended.
 *
 * The format is the i386's two-level one (Intel SDM vol. 3, 4.3, and
 * include/mica/layout.h): the directory's entry for an address points
 * to a page table, whose entry for the address points to the page; both
 * hold a physical address in the top 20 bits and PTE_* flags in the low
 * 12. VM reaches any physical page through phys_ptr(). Write one walk,
 * the function that finds the table entry for an address (adding the
 * table when asked to), and build the rest on it.
 *
 * What must hold for every table VM owns (the kernel, the other labs and
 * the tests rely on it):
 *  - Only user space, [USER_BASE, USER_END), is VM's to edit: the
 *    kernel's directory entries and the copy-window slots are not.
 *  - page_alloc() (mem.c) gives a page with whatever its last owner
 *    left in it.
 *  - The CPU checks the directory entry and the table entry, and allows
 *    an access only if both allow it.
 *  - VM never sets PTE_G (doc/architecture.md, "the window rule").
 *  - A process must never reach a page that went back to mem.c, and
 *    pages must not leak (vm_cycles spawns 1000 processes and counts).
 *  - The TLB may hold translations of a table that is loaded; the
 *    kernel flushes them when told (VMCTL_TLB_CHANGED, in
 *    kernel/calls/do_vmctl.c, which also makes it forget a receive
 *    buffer it had found good), and only VM knows when to tell it.
 *  - A process whose tables VM edits must not run meanwhile
 *    (VMCTL_INHIBIT; VM_HOLD in hold.c does the same for tests).
 *
 * Until this file is written VM cannot build init's address space: the
 * boot stops at VM's first use of its tables with a panic that names this
 * exercise.
 */
#include "vm.h"

/* Map the page pa at the page va in the directory at pagedir, with
 * flags (PTE_U, PTE_W; PTE_P is added), adding the page table if there
 * is none for va. Returns OK, or ENOMEM when no page is left for the
 * table. */
int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags)
{
	(void)pagedir;
	(void)va;
	(void)pa;
	(void)flags;
	panic("lab 3: exercise 1 is not written: vm_map_page() in user/servers/vm/ptable.c");
}

/* The physical page mapped at va in pagedir, or 0 if none is. */
phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va)
{
	(void)pagedir;
	(void)va;
	panic("lab 3: exercise 1 is not written: vm_lookup() in user/servers/vm/ptable.c");
}

/* Unmap the pages of p in [start, start + len) (both page aligned) and
 * give them back to mem.c (page_free), with p stopped while its tables
 * change and the kernel told afterwards. */
void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len)
{
	(void)p;
	(void)start;
	(void)len;
	panic("lab 3: exercise 1 is not written: vm_unmap() in user/servers/vm/ptable.c");
}

/* Free every user page, every page table and the directory itself of
 * the address space at pagedir, which nobody runs in any more. */
void space_free(phys_bytes pagedir)
{
	(void)pagedir;
	panic("lab 3: exercise 1 is not written: space_free() in user/servers/vm/ptable.c");
}
