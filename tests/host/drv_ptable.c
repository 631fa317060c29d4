/*
 * Host check of user/servers/vm/ptable.c: VM's page-table walk on a
 * pool of fake physical pages, read back here by hand.
 *   "D ENDPOINT"          a new process in record 0 with a directory as
 *                         the loader makes it (the kernel's entries, the
 *                         rest zero); answer: its physical address
 *   "M VA FLAGS OOM"      vm_map_page of a fresh page at VA (OOM: the
 *                         hole's page_alloc() fails); answer: RESULT PAGE
 *   "L VA"                vm_lookup; answer: what it returned
 *   "E VA"                the directory and table entries for VA as the
 *                         CPU would find them, and whether the kernel's
 *                         entries and the window slots are untouched
 *   "U START LEN"         vm_unmap of record 0
 *   "F"                   space_free of record 0's directory; answer
 *                         also: how many pool pages are still in use
 *   each answer ends with the log (fake_vm.h)
 *
 * The pool is what mem.c would be: page_alloc() hands out pages full of
 * garbage (0xa5: "present" entries everywhere), page_free() refuses a
 * page that is not allocated or that a present entry still maps.
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_vm.h"

const char hc_driver[] = "pagetable";

#define POOL_PAGES 96
#define POOL_BASE 0x00400000u   /* the pool's fake physical address */
#define GARBAGE 0xa5

enum { FREE, TABLE, DATA, DIRECTORY };

static u8_t pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static int owner[POOL_PAGES];
static int tables_fail;   /* the hole's page_alloc() fails */

static int pool_index(phys_bytes pa)
{
	if (pa % PAGE_SIZE != 0 || pa < POOL_BASE || pa >= POOL_BASE + POOL_PAGES * PAGE_SIZE)
		return -1;
	return (int)((pa - POOL_BASE) / PAGE_SIZE);
}

void *phys_ptr(phys_bytes pa)
{
	int i = pool_index(pa & ~(PAGE_SIZE - 1));

	if (i < 0 || owner[i] == FREE)
		hc_fatal("phys_ptr of a page VM has not allocated");
	return pool[i] + pa % PAGE_SIZE;
}

static phys_bytes take(int kind)
{
	int i;

	for (i = 0; i < POOL_PAGES; i++) {
		if (owner[i] == FREE) {
			owner[i] = kind;
			return POOL_BASE + (phys_bytes)i * PAGE_SIZE;
		}
	}
	hc_fatal("the pool is empty");
}

/* mem.c's, for the hole: a page with the last owner's garbage in it. */
phys_bytes page_alloc(void)
{
	phys_bytes pa;

	if (tables_fail)
		return 0;
	pa = take(TABLE);
	hc_vm_record('a', pa, 0, 0);
	return pa;
}

void page_zero(phys_bytes pa)
{
	memset(phys_ptr(pa), 0, PAGE_SIZE);
	hc_vm_record('z', pa, 0, 0);
}

/* The user-space entry of the directory at pd that maps pa, or 0. */
static vir_bytes still_mapped(phys_bytes pd, phys_bytes pa)
{
	const u32_t *dir = (const u32_t *)pool[pool_index(pd)], *table;
	u32_t i, j;
	int t;

	for (i = USER_BASE >> PDE_SHIFT; i < USER_END >> PDE_SHIFT; i++) {
		if (!(dir[i] & PTE_P))
			continue;
		if (PTE_ADDR(dir[i]) == pa)
			return i << PDE_SHIFT;
		if ((t = pool_index(PTE_ADDR(dir[i]))) < 0 || owner[t] == FREE)
			continue;
		table = (const u32_t *)pool[t];
		for (j = 0; j < PDE_ENTRIES; j++)
			if ((table[j] & PTE_P) && PTE_ADDR(table[j]) == pa)
				return (i << PDE_SHIFT) | (j << PAGE_SHIFT);
	}
	return 0;
}

void page_free(phys_bytes pa)
{
	int i = pool_index(pa);
	struct vmproc *p = &hc_vmprocs[0];

	if (i < 0 || owner[i] == FREE)
		hc_fatal("page_free of a page that is not allocated");
	if (owner[i] != DIRECTORY && still_mapped(p->pagedir, pa) != 0)
		hc_fatal("page_free of a page that a present entry still maps");
	hc_vm_record('f', pa, 0, 0);
	memset(pool[i], GARBAGE, PAGE_SIZE);
	owner[i] = FREE;
}

/* How the kernel's entries of a directory look: 4 MiB global supervisor
 * pages, as kernel_pde() makes them. */
static u32_t kernel_entry(u32_t i)
{
	return (i << PDE_SHIFT) | PTE_P | PTE_W | PTE_PS | PTE_G;
}

static int kernel_intact(const u32_t *dir)
{
	u32_t i;

	for (i = 0; i < KERNEL_PDES; i++)
		if (dir[i] != kernel_entry(i))
			return 0;
	for (i = USER_END >> PDE_SHIFT; i < PDE_ENTRIES; i++)
		if (dir[i] != 0)
			return 0;
	return 1;
}

/* "E VA": the entries as the CPU walks them (0xffffffff: the directory
 * entry points outside the pool). */
static void entries(vir_bytes va)
{
	const u32_t *dir = (const u32_t *)pool[pool_index(hc_vmprocs[0].pagedir)];
	u32_t pde = dir[va >> PDE_SHIFT], pte = 0;
	int t;

	if (pde & PTE_P) {
		t = pool_index(PTE_ADDR(pde));
		pte = t < 0 || owner[t] == FREE ? 0xffffffffu
		      : ((const u32_t *)pool[t])[(va >> PAGE_SHIFT) & (PDE_ENTRIES - 1)];
	}
	hc_put_u64(pde);
	hc_put_u64(pte);
	hc_put_int(kernel_intact(dir));
}

void hc_hello_extra(void)
{
	hc_vm_clear();
	memset(pool, GARBAGE, sizeof(pool));
}

int hc_handle(int argc, char **argv)
{
	struct vmproc *p = &hc_vmprocs[0];
	phys_bytes page;
	u32_t *dir, i;
	int r, n;

	hc_vm_nevents = 0;
	tables_fail = 0;
	if (strcmp(argv[0], "D") == 0 && argc == 2) {
		memset(p, 0, sizeof(*p));
		p->endpt = (endpoint_t)hc_int(argv[1]);
		p->pagedir = take(DIRECTORY);
		dir = phys_ptr(p->pagedir);
		memset(dir, 0, PAGE_SIZE);
		for (i = 0; i < KERNEL_PDES; i++)
			dir[i] = kernel_entry(i);
		hc_put_u64(p->pagedir);
	} else if (p->endpt == NONE || p->pagedir == 0) {
		return -1;   /* no process yet */
	} else if (strcmp(argv[0], "M") == 0 && argc == 4) {
		page = take(DATA);
		tables_fail = (int)hc_int(argv[3]);
		r = vm_map_page(p->pagedir, hc_u32(argv[1]), page, hc_u32(argv[2]));
		tables_fail = 0;
		if (r != OK)
			owner[pool_index(page)] = FREE;
		hc_put_int(r);
		hc_put_u64(page);
	} else if (strcmp(argv[0], "L") == 0 && argc == 2) {
		hc_put_u64(vm_lookup(p->pagedir, hc_u32(argv[1])));
	} else if (strcmp(argv[0], "E") == 0 && argc == 2) {
		entries(hc_u32(argv[1]));
	} else if (strcmp(argv[0], "U") == 0 && argc == 3) {
		vm_unmap(p, hc_u32(argv[1]), hc_u32(argv[2]));
	} else if (strcmp(argv[0], "F") == 0 && argc == 1) {
		space_free(p->pagedir);
		p->endpt = NONE;
		p->pagedir = 0;
		for (i = 0, n = 0; i < POOL_PAGES; i++)
			n += owner[i] != FREE;
		hc_put_int(n);
	} else {
		return -1;
	}
	hc_vm_report();
	return 0;
}
