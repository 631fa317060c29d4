/*
 * Host check of user/servers/vm/cow.c (cow_fault): one process that
 * wrote to its page at PAGE, a page table of one entry, and physical
 * pages whose counts and kinds the parent sets.
 *   "F PAGE ACCESS PRESENT REFS KIND OOM"
 *       page_access() answers ACCESS (NO_WRITE, IMAGE, DEMAND) for
 *       every address; with PRESENT, PAGE is mapped read-only to page
 *       HC_OLD_PA, which has REFS users and kind KIND and is filled
 *       with a pattern; OOM: page_alloc() fails
 *   answer: cow_fault()'s result, the entry afterwards (its page and
 *   flags, 0 0 if absent), HC_OLD_PA's and HC_NEW_PA's users and kinds,
 *   whether HC_NEW_PA is in use and holds the pattern, whether every
 *   page in use still holds it, then the log:
 *   NEVENTS [KIND A B]* with KIND 'r' page_ref pa, 'f' page_free pa,
 *   'u' vm_unmap start len, 'm' vm_map_page va pa (flags in the entry),
 *   'a' page_alloc pa, 'k' page_set_kind pa kind
 */
#include <string.h>

#include "hostcheck.h"
#include "mica_lib.h"
#include "vm.h"

const char hc_driver[] = "cow";

#define HC_OLD_PA 0x00200000u
#define HC_NEW_PA 0x00201000u
#define MAX_EVENTS 32

static struct frame {
	phys_bytes pa;
	u32_t refs, kind;
	u8_t bytes[PAGE_SIZE];
} frames[2] = { { .pa = HC_OLD_PA }, { .pa = HC_NEW_PA } };

static struct vmproc proc = { .endpt = 0x4005, .pagedir = 0x00100000u };
static vir_bytes pte_va;
static phys_bytes pte_pa;      /* 0: no entry */
static u32_t pte_flags;
static enum access access;
static int out_of_memory;
static struct { char kind; u32_t a, b; } events[MAX_EVENTS];
static int nevents;

static void record(char kind, u32_t a, u32_t b)
{
	if (nevents == MAX_EVENTS)
		hc_fatal("too many calls into VM");
	events[nevents].kind = kind;
	events[nevents].a = a;
	events[nevents].b = b;
	nevents++;
}

/* The frame of pa; any other address is a bug in the code under test. */
static struct frame *frame(phys_bytes pa, const char *who)
{
	int i;

	for (i = 0; i < 2; i++)
		if (frames[i].pa == pa && frames[i].refs > 0)
			return &frames[i];
	hc_fatal(who);
	return NULL;
}

static u8_t pattern(u32_t i) { return (u8_t)(i * 7 + 1); }

void hc_hello_extra(void)
{
}

enum access page_access(const struct vmproc *p, vir_bytes va, vir_bytes *end)
{
	(void)p;
	if (end != NULL)
		*end = va + PAGE_SIZE;
	return access;
}

phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va)
{
	if (pagedir != proc.pagedir)
		hc_fatal("vm_lookup in another process's table");
	return va == pte_va ? pte_pa : 0;
}

void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len)
{
	record('u', start, len);
	if (p != &proc)
		hc_fatal("vm_unmap of another process");
	if (pte_pa != 0 && pte_va >= start && pte_va - start < len) {
		page_free(pte_pa);   /* as ptable.c's unmap does */
		pte_pa = 0;
		pte_flags = 0;
	}
}

int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags)
{
	record('m', va, pa);
	if (pagedir != proc.pagedir || va != pte_va)
		hc_fatal("vm_map_page of another page");
	if (pte_pa != 0)
		hc_fatal("vm_map_page: the page is mapped already");
	pte_pa = pa;
	pte_flags = flags;
	return OK;
}

phys_bytes page_alloc(void)
{
	if (out_of_memory || frames[1].refs != 0) {
		record('a', 0, 0);
		return 0;
	}
	frames[1].refs = 1;
	frames[1].kind = 0;
	memset(frames[1].bytes, 0x5a, PAGE_SIZE);   /* what its last owner left */
	record('a', HC_NEW_PA, 0);
	return HC_NEW_PA;
}

int page_ref(phys_bytes pa)
{
	struct frame *f = frame(pa, "page_ref of a page nobody has");

	record('r', pa, 0);
	if (f->refs == PAGE_REFS_MAX)
		return ENOMEM;
	f->refs++;
	return OK;
}

void page_free(phys_bytes pa)
{
	struct frame *f = frame(pa, "page_free of a page nobody has");

	record('f', pa, 0);
	if (--f->refs == 0)
		f->kind = 0;
}

u32_t page_refs(phys_bytes pa) { return frame(pa, "page_refs of a free page")->refs; }
u32_t page_kind(phys_bytes pa) { return frame(pa, "page_kind of a free page")->kind; }

u32_t page_info(phys_bytes pa, u32_t *kind)
{
	struct frame *f = frame(pa, "page_info of a free page");

	*kind = f->kind;
	return f->refs;
}

void page_set_kind(phys_bytes pa, u32_t kind)
{
	record('k', pa, kind);
	frame(pa, "page_set_kind of a free page")->kind = kind;
}

void *phys_ptr(phys_bytes pa)
{
	return frame(pa, "phys_ptr of a page nobody has")->bytes;
}

int hc_handle(int argc, char **argv)
{
	u32_t i;
	int r, same = 1;

	if (argc != 7 || strcmp(argv[0], "F") != 0)
		return -1;
	pte_va = hc_u32(argv[1]) & ~(PAGE_SIZE - 1);
	access = (enum access)hc_int(argv[2]);
	pte_pa = hc_int(argv[3]) ? HC_OLD_PA : 0;
	pte_flags = PTE_U;
	frames[0].refs = (u32_t)hc_int(argv[4]);
	frames[0].kind = hc_u32(argv[5]);
	frames[1].refs = 0;
	out_of_memory = (int)hc_int(argv[6]);
	for (i = 0; i < PAGE_SIZE; i++)
		frames[0].bytes[i] = pattern(i);
	nevents = 0;
	r = cow_fault(&proc, pte_va);
	hc_put_int(r);
	hc_put_u64(pte_pa);
	hc_put_u64(pte_pa != 0 ? pte_flags : 0);
	for (i = 0; i < 2; i++) {
		hc_put_u64(frames[i].refs);
		hc_put_u64(frames[i].kind);
	}
	/* The new page holds the old one's bytes, and the old one still
	 * has them (a copy made the wrong way round fails both). */
	for (i = 0; i < PAGE_SIZE; i++)
		same &= frames[0].bytes[i] == pattern(i) &&
		        (frames[1].refs == 0 || frames[1].bytes[i] == pattern(i));
	hc_put_int(frames[1].refs > 0 && same);
	hc_put_int(same);
	hc_put_int(nevents);
	for (i = 0; i < (u32_t)nevents; i++) {
		hc_put_int(events[i].kind);
		hc_put_u64(events[i].a);
		hc_put_u64(events[i].b);
	}
	return 0;
}
