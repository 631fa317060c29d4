/*
 * Physical memory: VM owns every page the kernel reported free at boot
 * (GET_MEMMAP), one bit per page. All of RAM is mapped into VM's address
 * space at VM_PHYS_BASE, so a physical page is reachable at a fixed
 * virtual address.
 *
 * A page may be mapped in several places at once (copy-on-write sharing
 * and safemap, cow.c and share.c), so each allocated page has a count of
 * its users: page_alloc() gives a page with one, page_ref() adds one,
 * and page_free() drops one and frees the page when none is left. A
 * page's kind (PAGE_COW, PAGE_SHARED) lives beside its count and goes
 * with its last user. The counts take 3 bytes a page of RAM, in pages
 * taken at start-up and never given back (VM's own bookkeeping).
 */
#include "vm.h"

#define MAX_PAGES (MAX_PHYS_MEM / PAGE_SIZE)
#define MAX_RANGES 8

static u32_t used[MAX_PAGES / 32];     /* 1: allocated or not ours */
static u32_t total, nfree, next_hint;
static u32_t nr_frames;                /* pages of RAM: refs[] and kinds[] */
static u16_t *refs;                    /* users of each allocated page */
static u8_t *kinds;                    /* PAGE_COW, PAGE_SHARED */
static u32_t bookkeeping;              /* pages refs[] and kinds[] take */

static int is_used(u32_t pfn) { return (used[pfn / 32] >> (pfn % 32)) & 1; }
static void mark(u32_t pfn, int v)
{
	if (v)
		used[pfn / 32] |= 1u << (pfn % 32);
	else
		used[pfn / 32] &= ~(1u << (pfn % 32));
}

/* Take a run of free pages for refs[] and kinds[], one of each per page
 * of RAM, from the first free range that holds them. */
static void counts_init(const struct memrange *ranges, int n)
{
	u32_t bytes, pfn, first, i;
	int k;

	for (k = 0; k < n; k++) {
		pfn = (ranges[k].base + ranges[k].size) / PAGE_SIZE;
		if (pfn > nr_frames)
			nr_frames = pfn < MAX_PAGES ? pfn : MAX_PAGES;
	}
	bytes = nr_frames * (sizeof(*refs) + sizeof(*kinds));
	bookkeeping = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	for (k = 0; k < n; k++) {
		first = (ranges[k].base + PAGE_SIZE - 1) / PAGE_SIZE;
		if ((ranges[k].base + ranges[k].size) / PAGE_SIZE - first >= bookkeeping)
			break;
	}
	if (k == n)
		panic("no run of %u pages for the page counts", bookkeeping);
	for (i = 0; i < bookkeeping; i++)
		mark(first + i, 1);
	nfree -= bookkeeping;
	refs = phys_ptr(first * PAGE_SIZE);
	kinds = (u8_t *)(refs + nr_frames);
	memset(refs, 0, bytes);
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
	counts_init(ranges, n);
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
			refs[pfn] = 1;
			nfree--;
			next_hint = pfn + 1;
			return pfn * PAGE_SIZE;
		}
	}
	return 0;
}

/* The frame number of pa, which must be an allocated page: anything
 * else is a bug in VM, said with the caller's name. */
static u32_t frame_of(phys_bytes pa, const char *who)
{
	u32_t pfn = pa / PAGE_SIZE;

	if (pa % PAGE_SIZE != 0 || pfn >= nr_frames || !is_used(pfn) || refs[pfn] == 0)
		panic("%s: 0x%x is not an allocated page", who, pa);
	return pfn;
}

/* One more user of pa. Returns OK, or ENOMEM when its count is full
 * (the caller copies the page instead of sharing it). */
int page_ref(phys_bytes pa)
{
	u32_t pfn = frame_of(pa, "page_ref");

	if (refs[pfn] == PAGE_REFS_MAX)
		return ENOMEM;
	refs[pfn]++;
	return OK;
}

/* One user fewer of pa: the last one frees it. */
void page_free(phys_bytes pa)
{
	u32_t pfn = frame_of(pa, "page_free");

	if (--refs[pfn] > 0)
		return;
	kinds[pfn] = 0;
	mark(pfn, 0);
	nfree++;
}

u32_t page_refs(phys_bytes pa) { return refs[frame_of(pa, "page_refs")]; }
u32_t page_kind(phys_bytes pa) { return kinds[frame_of(pa, "page_kind")]; }
void page_set_kind(phys_bytes pa, u32_t kind) { kinds[frame_of(pa, "page_set_kind")] = (u8_t)kind; }

/* pa's count of users, and its kind in *kind: one look for both. */
u32_t page_info(phys_bytes pa, u32_t *kind)
{
	u32_t pfn = frame_of(pa, "page_info");

	*kind = kinds[pfn];
	return refs[pfn];
}

u32_t pages_total(void) { return total; }
u32_t pages_free(void) { return nfree; }
u32_t pages_bookkeeping(void) { return bookkeeping; }
