/*
 * Fakes of VM's page tables (pagetable.c) and page allocator (mem.c)
 * for the host checks of the hole files that use them (fault.c,
 * heap.c): every call is logged (fake_vm.h), and the driver says what
 * they find (hc_page_present, hc_out_of_memory).
 */
#include "hostcheck.h"
#include "fake_vm.h"

int hc_page_present;
int hc_out_of_memory;

void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len)
{
	hc_vm_record('u', start, len, (u32_t)p->endpt);
}

phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va)
{
	(void)pagedir;
	(void)va;
	return hc_page_present ? HC_PAGE_PA + PAGE_SIZE : 0;
}

int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags)
{
	(void)pagedir;
	hc_vm_record('m', va, pa, flags);
	return OK;
}

phys_bytes page_alloc(void)
{
	if (hc_out_of_memory)
		return 0;
	hc_vm_record('a', HC_PAGE_PA, 0, 0);
	return HC_PAGE_PA;
}

void page_zero(phys_bytes pa)
{
	hc_vm_record('z', pa, 0, 0);
}

void page_free(phys_bytes pa)
{
	hc_vm_record('f', pa, 0, 0);
}
