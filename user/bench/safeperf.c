/*
 * The safecopy table (doc/performance.md, "Copying between address
 * spaces"), after MINIX's safeperf test: what it costs a grantee to get
 * 1 to 50 pages of a grantor's memory, in instructions per call, with
 * the CR3 loads and TLB flushes of the call (an instruction count does
 * not show what they cost). The grantor is a copy of this program in a
 * process of its own; both buffers are page-aligned, 50-page VM_MMAP
 * mappings (not static arrays: the image's pages are made at spawn,
 * which kbench's spawn_exit_wait measures on kbench).
 *
 *   safeperf nocow  on a kernel booted with "nocow": safecopy copies
 *                   (copy), and safemap + safeunmap (safemap)
 *   safeperf cow    with copy-on-write: four columns, below
 *
 * A figure is the cheapest of CALLS calls, each timed alone, less an
 * empty call timed the same way; what runs before a call to put the
 * buffers in the state it starts from is not timed. That state matters
 * with COW: a COW copy leaves both sides' pages shared read-only, and
 * the next one into the same pages finds them shared already. So:
 *   cow         both sides write each page before every call (a fault
 *               each, untimed): every call shares private pages, the
 *               first share of a fresh buffer;
 *   cow-resend  only we write ours: the grantor's pages stay as the
 *               last call left them, read-only (a grantor sending an
 *               unchanged buffer again);
 *   cow-again   nobody writes: our pages are the grantor's already (what
 *               a loop of copies with no writes between measures);
 *   cow+write   the grantor writes its pages before every call, and the
 *               call includes our write to each page we got (a fault
 *               and a page copy each, with COW): a copy that is used.
 * The copy column's destination is private and written already; its
 * calls change nothing but its bytes. The safemap column maps the
 * grant's first pages read-only and unmaps them; VM maps every page at
 * once, so using them costs no fault. It runs on the nocow boot because
 * VM marks mapped pages PAGE_SHARED as long as the grantor has them,
 * and COW copies such pages instead of sharing them: a COW column after
 * it would measure copies.
 *
 * Output, one line a figure, which bench/run reads:
 *   safeperf COLUMN PAGES INSNS CR3_LOADS TLB_FLUSHES COW_REQUESTS
 */
#include "bench.h"

#define MAX_PAGES 50
#define CALLS     10
#define HELLO     1    /* grantor: make the grant; reply: its id */
#define REWRITE   2    /* grantor: write a byte of each of the first w[0] pages */
#define STOP      3    /* grantor: end */

static const u32_t sizes[] = { 1, 2, 4, 8, 16, 32, 50 };

static endpoint_t grantor;
static cp_grant_id_t grant;
static volatile u8_t *buf;   /* ours, or in the grantor its granted one */

typedef void (*op_t)(u32_t pages);

/* Write one byte of each of the first n pages of buf: a page shared
 * copy-on-write becomes private again (a fault), any other is
 * untouched but for the byte. */
static void write_pages(u32_t n)
{
	u32_t i;

	for (i = 0; i < n; i++)
		buf[i * PAGE_SIZE] = (u8_t)i;
}

/* A request to the grantor; its answer's word. STOP has none. */
static u32_t ask_grantor(int type, u32_t word)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.raw.w[0] = word;
	if (type == STOP)
		r = send(grantor, &m);
	else if ((r = sendrec(grantor, &m)) == OK)
		r = m.m_type;
	if (r != OK)
		panic("grantor request %d: %s", type, errstr(r));
	return m.raw.w[0];
}

static int grantor_main(void)
{
	message m;
	endpoint_t grantee;

	if ((buf = vm_mmap(MAX_PAGES * PAGE_SIZE)) == NULL)
		panic("no memory for the granted pages");
	write_pages(MAX_PAGES);
	for (;;) {
		if (receive(ANY, &m) != OK)
			return 1;
		grantee = m.m_source;
		switch (m.m_type) {
		case HELLO:
			m.raw.w[0] = (u32_t)cpf_grant_direct(grantee, (vir_bytes)buf,
			                                     MAX_PAGES * PAGE_SIZE,
			                                     CPF_READ | CPF_WRITE | CPF_MAP);
			break;
		case REWRITE:
			write_pages(m.raw.w[0] < MAX_PAGES ? m.raw.w[0] : MAX_PAGES);
			break;
		case STOP:
			return 0;
		}
		m.m_type = OK;
		send(grantee, &m);
	}
}

static void op_empty(u32_t n)
{
	(void)n;
	__asm__ volatile("" : : : "memory");
}

/* A safecopy of n pages from the grant into our buffer. */
static void op_safecopy(u32_t n)
{
	int r;

	if ((r = sys_safecopyfrom(grantor, grant, 0, (void *)buf, n * PAGE_SIZE)) != OK)
		panic("safecopy of %u pages: %s", n, errstr(r));
}

/* The same, then a write to each page we got, as a reader that goes on
 * to change what it read would: with COW, a fault and a page copy each. */
static void op_safecopy_write(u32_t n)
{
	op_safecopy(n);
	write_pages(n);
}

/* The grant's first n pages mapped into our space, and unmapped. */
static void op_safemap(u32_t n)
{
	void *at;
	int r;

	if ((r = sys_safemap(grantor, grant, 0, n * PAGE_SIZE, 0, &at)) != OK)
		panic("safemap of %u pages: %s", n, errstr(r));
	if ((r = sys_safeunmap(at)) != OK)
		panic("safeunmap of %u pages: %s", n, errstr(r));
}

/* Before a COW call: the grantor's pages and ours private and writable. */
static void unshare_both(u32_t n)
{
	ask_grantor(REWRITE, n);
	write_pages(n);
}

/* Before a COW call that writes its own pages: the grantor's pages. */
static void unshare_grantor(u32_t n)
{
	ask_grantor(REWRITE, n);
}

/* One call's cost and the kernel's counters over it. */
struct figure {
	u32_t insns, cr3, tlb, cow;
};

/* The cheapest of CALLS calls of op(n), each after prepare(n) (if any),
 * untimed; the counters are that call's. Every call after the first
 * starts from the state its column says and costs the same, to the
 * instruction; the first starts from what the last figure left (and
 * may cost more), and a clock tick adds to the call it lands in. */
static ONE_COPY struct figure measure(op_t op, op_t prepare, u32_t n)
{
	struct figure best = { ~0u, 0, 0, 0 };
	struct kstats k0, k1;
	u32_t t0, t;
	int i;

	for (i = 0; i < CALLS; i++) {
		if (prepare != NULL)
			prepare(n);
		k0 = counters();
		t0 = tsc();
		op(n);
		t = tsc() - t0;
		k1 = counters();
		if (t < best.insns)
			best = (struct figure){ t, k1.cr3_loads - k0.cr3_loads,
			                        k1.tlb_flushes - k0.tlb_flushes,
			                        k1.cow_requests - k0.cow_requests };
	}
	return best;
}

static void row(const char *column, u32_t pages, op_t op, op_t prepare, u32_t empty)
{
	struct figure f = measure(op, prepare, pages);

	printf("safeperf %s %u %u %u %u %u\n", column, pages, f.insns - empty, f.cr3, f.tlb,
	       f.cow);
}

static void column(const char *name, op_t op, op_t prepare, u32_t empty)
{
	u32_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		row(name, sizes[i], op, prepare, empty);
}

int main(int argc, char **argv)
{
	u32_t empty;
	int status, killed;

	if (argc > 1 && strcmp(argv[1], "grantor") == 0)
		return grantor_main();
	if (argc < 2 || (strcmp(argv[1], "nocow") != 0 && strcmp(argv[1], "cow") != 0))
		panic("usage: safeperf nocow|cow");
	if ((grantor = vm_spawn("safeperf grantor")) < 0)
		panic("cannot start the grantor: %s", errstr(grantor));
	grant = (cp_grant_id_t)ask_grantor(HELLO, 0);
	if (grant < 0)
		panic("the grantor could not make a grant: %s", errstr(grant));
	if ((buf = vm_mmap(MAX_PAGES * PAGE_SIZE)) == NULL)
		panic("no memory for the copies");
	write_pages(MAX_PAGES);
	empty = measure(op_empty, NULL, 0).insns;
	if (strcmp(argv[1], "nocow") == 0) {
		/* No bytes: the call and the grant's check alone. */
		row("copy", 0, op_safecopy, NULL, empty);
		column("copy", op_safecopy, NULL, empty);
		/* The reference a safecopy is held against is VM's own call,
		 * which user processes may not make: say so, not a figure. */
		if (sys_vircopy(grantor, 0, SELF, (vir_bytes)buf, PAGE_SIZE) == ECALLDENIED)
			printf("safeperf vircopy denied\n");
		column("safemap", op_safemap, NULL, empty);
	} else {
		column("cow", op_safecopy, unshare_both, empty);
		column("cow-resend", op_safecopy, write_pages, empty);
		column("cow-again", op_safecopy, NULL, empty);
		column("cow+write", op_safecopy_write, unshare_grantor, empty);
	}
	ask_grantor(STOP, 0);
	if (vm_wait(grantor, &status, &killed) != OK || killed || status != 0)
		panic("the grantor did not end well");
	return 0;
}
