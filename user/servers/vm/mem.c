/*
 * Physical memory: VM owns every page the kernel reported free at boot
 * (GET_MEMMAP), one bit per page. All of RAM is mapped into VM's address
 * space at VM_PHYS_BASE, so a physical page is reachable at a fixed
 * virtual address.
 */
#include "vm.h"

#define MAX_PAGES (MAX_PHYS_MEM / PAGE_SIZE)
#define MAX_RANGES 8

static u32_t used[MAX_PAGES / 32];     /* 1: allocated or not ours */
static u32_t total, nfree, next_hint;

static int is_used(u32_t pfn) { return (used[pfn / 32] >> (pfn % 32)) & 1; }
static void mark(u32_t pfn, int v)
{
	if (v)
		used[pfn / 32] |= 1u << (pfn % 32);
	else
		used[pfn / 32] &= ~(1u << (pfn % 32));
}

void mem_init(void)
{
	struct memrange ranges[MAX_RANGES];
	int n, i;
	u32_t pfn, end;

	memset(used, 0xff, sizeof(used));
	n = sys_getinfo(GET_MEMMAP, ranges, sizeof(ranges), NULL);
	if (n <= 0)
		panic("no free memory from the kernel: %s", errstr(n));
	for (i = 0; i < n; i++) {
		pfn = (ranges[i].base + PAGE_SIZE - 1) / PAGE_SIZE;
		end = (ranges[i].base + ranges[i].size) / PAGE_SIZE;
		for (; pfn < end && pfn < MAX_PAGES; pfn++) {
			mark(pfn, 0);
			total++;
		}
	}
	nfree = total;
}

void *phys_ptr(phys_bytes pa)
{
	return (void *)(VM_PHYS_BASE + pa);
}

/* Clear a page: rep stosl, a quarter of the stores of a byte loop (a
 * demand-zero fault's main cost). */
void page_zero(phys_bytes pa)
{
	void *p = phys_ptr(pa);
	u32_t words = PAGE_SIZE / 4;

	__asm__ volatile("rep stosl" : "+D"(p), "+c"(words) : "a"(0) : "memory");
}

/* A page, or 0 when memory is exhausted. Its contents are whatever its
 * last owner left: clearing costs a quarter of a demand-zero fault, and
 * not every caller needs it (a page that is copied over whole), so the
 * caller decides (page_zero). */
phys_bytes page_alloc(void)
{
	u32_t i, pfn;

	for (i = 0; i < MAX_PAGES; i++) {
		pfn = (next_hint + i) % MAX_PAGES;
		if (!is_used(pfn)) {
			mark(pfn, 1);
			nfree--;
			next_hint = pfn + 1;
			return pfn * PAGE_SIZE;
		}
	}
	return 0;
}

void page_free(phys_bytes pa)
{
	u32_t pfn = pa / PAGE_SIZE;

	if (pa % PAGE_SIZE != 0 || pfn >= MAX_PAGES || !is_used(pfn))
		panic("page_free: 0x%x is not an allocated page", pa);
	mark(pfn, 0);
	nfree++;
}

u32_t pages_total(void) { return total; }
u32_t pages_free(void) { return nfree; }
