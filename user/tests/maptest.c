/*
 * safemap (VM_SAFEMAP, VM_SAFEUNMAP, VM_SAFEREVMAP; user/servers/vm/
 * share.c). `maptest MODE` runs one scenario and ends with
 * "maptest MODE: ok".
 *
 * Every party of a scenario (granter, mapper, passer, third process) is
 * an actor: a copy of this program that does what the scenario tells it,
 * one command at a time (grant, map, write, look, copy, touch...), and
 * answers; the scenario itself only directs them and checks their
 * answers, so it never maps or grants anything of its own and the free
 * pages it counts at its start must all be back once its actors have
 * ended. An actor checks what it sees itself (A_EXPECT: its FAIL line
 * names the actor and the scenario's line that asked) and ends with its
 * count of failures as status. All actors run the same image, so an
 * address in `area` means the same in each of them.
 *
 *   share    a writable and a read-only map of the same pages: both
 *            sides see each other's writes at once, aliases too, partial
 *            ranges map the right pages; the kernel's writes for the
 *            mapper (small and copy-on-write-sized safecopies, a message)
 *            land in the shared pages, into a read-only map they fail;
 *            a write to a read-only map kills the mapper
 *   demand   granted memory that comes on demand (heap, stack, mmap)
 *            is given zeroed pages and shared; memory that is not there
 *            (unmapped, past the heap, the kernel's, the safemap area)
 *            is refused; text maps read-only only
 *   errors   each bad argument and each grant check gets its own error
 *   unmap    VM_SAFEUNMAP removes a whole mapping and nothing of the
 *            granter's; a read and a write there afterwards kill
 *   revoke   VM_SAFEREVMAP and cpf_revoke() remove exactly the mappings
 *            of that grant and count them; touching one afterwards kills
 *   chain    mapping through an indirect grant: rights and range are
 *            those of every hop; revoking at either hop, or the middle
 *            process's exit, removes what was mapped through it
 *   passon   a map granted on and mapped again lives only as long as the
 *            first map: the granter's revmap or exit, or the first
 *            mapper's exit, end it (or VM refuses a map of a map); maps
 *            of maps are at most GRANT_MAX_DEPTH deep
 *   exit     the granter's exit removes its mappings (a touch kills),
 *            the mapper's exit gives everything back and leaves the
 *            granter's memory as the mapper last wrote it
 *   cow      safemap and copy-on-write safecopy together, in both
 *            orders, with each party exiting first in turn
 *   limits   SAFEMAP_PER_PROC mappings, a full safemap area, and no
 *            free pages: ENOMEM, and everything works again afterwards
 *   tight    a big map with free pages set to each count around what it
 *            takes (its tables included): made or refused, VM survives
 *
 * One file of some 1,000 lines: one program, whose scenarios all speak
 * the actors' protocol (the first two sections); each scenario is a
 * section after them.
 */
#include "check.h"

#define GO    31   /* m_type of a command and of its answer */
#define P     PAGE_SIZE
#define COWP  SAFECOPY_COW_PAGES   /* a safecopy of this many pages goes to VM */
#define AREA_PAGES (4 * COWP)
#define HALF(addr) ((addr) + COWP * P)   /* the second COWP pages from addr */

static endpoint_t self;
/* Each actor's own memory to grant and to copy into (bss: present from
 * the start). */
static u8_t area[AREA_PAGES * P] __attribute__((aligned(PAGE_SIZE)));
#define AREA ((vir_bytes)area)

/* The byte at offset i of a range written with seed (0: zeros). A
 * different seed or offset, a page off included, gives other bytes. */
static u8_t pattern(u32_t seed, u32_t i)
{
	u32_t x = ((seed << 24) ^ i) * 0x9e3779b1u;

	return seed == 0 ? 0 : (u8_t)(x >> 24);
}

/* --- the actors -------------------------------------------------------- */

/* Commands (raw.w[0]); their arguments follow in raw.w[1..6], and the
 * scenario's line in raw.w[LINE_WORD]. The answer: raw.w[0] the result,
 * raw.w[1] a value (a grant id, an address, a word). */
enum {
	A_GRANT,      /* grantee, base, len, access: direct grant; value: id */
	A_INDIRECT,   /* grantee, granter, id, offset, len, access; value: id */
	A_REVOKE,     /* id: cpf_revoke() */
	A_MAP,        /* granter, id, offset, len, flags: sys_safemap; value: addr */
	A_UNMAP,      /* addr: sys_safeunmap */
	A_REVMAP,     /* id: sys_saferevmap */
	A_FILL,       /* addr, len, seed, from: write pattern(seed, from + i) */
	A_EXPECT,     /* addr, len, seed, from: check that it is there */
	A_PEEK,       /* addr; value: the word there */
	A_COPY,       /* to, granter, id, offset, addr, len: a safecopy */
	A_TOUCH,      /* addr, write: one access, which may end us */
	A_RECV,       /* addr: answer, then receive the next message there */
	A_BRK,        /* pages: grow the heap; value: where the new part starts */
	A_MMAP,       /* len: vm_mmap; value: addr */
	A_MUNMAP,     /* addr, len: vm_munmap */
	A_DIRTY,      /* addr, len: write a word into every page */
	A_HEAP,       /* pages: the heap is that many pages (written) */
	A_END,        /* exit with the count of failures; no answer */
};
#define LINE_WORD 13

static const char *actor_name;
static vir_bytes heap_base;     /* A_HEAP's: where the heap was page-aligned */

/* Bytes of [addr, addr + len) that are not pattern(seed, from + i). */
static void expect_bytes(const volatile u8_t *p, u32_t len, u32_t seed, u32_t from, int line)
{
	u32_t i, bad = 0, first = 0;
	char what[96];

	for (i = 0; i < len; i++) {
		if (p[i] != pattern(seed, from + i) && bad++ == 0)
			first = i;
	}
	snprintf(what, sizeof(what), "%s: bytes of [0x%08x, +0x%x) not seed %u from 0x%x "
	         "(first at +0x%x)", actor_name, (u32_t)p, len, seed, from, first);
	check_eq(what, (int)bad, 0, 0, __FILE__, line);
}

/* Carry out one command; its result, and *value. */
static int perform(const message *m, u32_t *value)
{
	const u32_t *w = m->raw.w;
	volatile u8_t *p = (volatile u8_t *)w[1];
	void *addr = NULL;
	vir_bytes start;
	u32_t i;
	int r;

	/* An address of a map that failed is 0: say so rather than die. */
	if ((w[0] == A_FILL || w[0] == A_EXPECT || w[0] == A_PEEK) && w[1] < USER_BASE)
		return EFAULT;
	switch (w[0]) {
	case A_GRANT:
		r = cpf_grant_direct((endpoint_t)w[1], w[2], w[3], (int)w[4]);
		*value = (u32_t)r;
		return r < 0 ? r : OK;
	case A_INDIRECT:
		r = cpf_grant_indirect((endpoint_t)w[1], (endpoint_t)w[2], (cp_grant_id_t)w[3],
		                       w[4], w[5], (int)w[6]);
		*value = (u32_t)r;
		return r < 0 ? r : OK;
	case A_REVOKE:
		return cpf_revoke((cp_grant_id_t)w[1]);
	case A_MAP:
		r = sys_safemap((endpoint_t)w[1], (cp_grant_id_t)w[2], w[3], w[4], w[5], &addr);
		*value = (u32_t)addr;
		return r;
	case A_UNMAP:
		return sys_safeunmap((void *)w[1]);
	case A_REVMAP:
		return sys_saferevmap((cp_grant_id_t)w[1]);
	case A_FILL:
		for (i = 0; i < w[2]; i++)
			p[i] = pattern(w[3], w[4] + i);
		return OK;
	case A_EXPECT:
		expect_bytes(p, w[2], w[3], w[4], (int)w[LINE_WORD]);
		return OK;
	case A_PEEK:
		*value = *(volatile u32_t *)p;
		return OK;
	case A_COPY:
		if (w[1])
			return sys_safecopyto((endpoint_t)w[2], (cp_grant_id_t)w[3], w[4],
			                      (const void *)w[5], w[6]);
		return sys_safecopyfrom((endpoint_t)w[2], (cp_grant_id_t)w[3], w[4], (void *)w[5],
		                        w[6]);
	case A_TOUCH:
		if (w[2])
			*p = 1;
		else
			*value = *p;
		return OK;   /* it should not have come to this */
	case A_RECV:
		*value = w[1];
		return OK;
	case A_BRK:
		start = (vm_brk(0) + P - 1) & ~(P - 1);
		*value = start;
		return vm_brk(start + w[1] * P) >= start + w[1] * P ? OK : ENOMEM;
	case A_MMAP:
		*value = (u32_t)vm_mmap(w[1]);
		return *value != 0 ? OK : ENOMEM;
	case A_MUNMAP:
		return vm_munmap((void *)w[1], w[2]);
	case A_DIRTY:
		for (i = 0; i < w[2]; i += P)
			*(volatile u32_t *)(w[1] + i) = 0xdeadbeef;
		return OK;
	case A_HEAP:
		if (heap_base == 0)
			heap_base = (vm_brk(0) + P - 1) & ~(P - 1);
		start = vm_brk(0);
		if (vm_brk(heap_base + w[1] * P) != heap_base + w[1] * P)
			return ENOMEM;
		for (start = (start + P - 1) & ~(P - 1); start < heap_base + w[1] * P; start += P)
			*(volatile u32_t *)start = 0xdeadbeef;
		return OK;
	}
	return EINVAL;
}

/* An actor's life: commands from the scenario until A_END. */
static int actor(const char *name, endpoint_t boss)
{
	message m;
	u32_t value, op, line;
	int r;

	actor_name = name;
	for (;;) {
		if ((r = receive(boss, &m)) != OK)
			panic("%s: receive: %s", name, errstr(r));
		op = m.raw.w[0];
		line = m.raw.w[LINE_WORD];
		if (op == A_END)
			return failures;
		value = 0;
		r = perform(&m, &value);
		memset(&m, 0, sizeof(m));
		m.m_type = GO;
		m.raw.w[0] = (u32_t)r;
		m.raw.w[1] = value;
		if (send(boss, &m) != OK)
			panic("%s: cannot answer", name);
		if (op == A_RECV) {
			char what[64];

			/* If it cannot land there, take it here: the scenario's
			 * send must end. */
			snprintf(what, sizeof(what), "%s: receive into a mapped page", name);
			r = receive(boss, (message *)m.raw.w[1]);
			check_eq(what, r, OK, 1, __FILE__, (int)line);
			if (r != OK)
				receive(boss, &m);
		}
	}
}

/* --- directing them ---------------------------------------------------- */

/* Have who carry out op with the arguments; its result (an IPC error if
 * it did not answer), and *value. */
static int act(endpoint_t who, int line, u32_t op, u32_t a, u32_t b, u32_t c, u32_t d,
               u32_t e, u32_t f, u32_t *value)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = GO;
	m.raw.w[0] = op;
	m.raw.w[1] = a;
	m.raw.w[2] = b;
	m.raw.w[3] = c;
	m.raw.w[4] = d;
	m.raw.w[5] = e;
	m.raw.w[6] = f;
	m.raw.w[LINE_WORD] = (u32_t)line;
	if ((r = sendrec(who, &m)) != OK)
		return r;
	check_eq("the actor's answer", m.m_type, GO, 0, __FILE__, line);
	if (value != NULL)
		*value = m.raw.w[1];
	return (int)m.raw.w[0];
}

static endpoint_t start_actor(const char *name)
{
	return start_helper("maptest actor %s %d", name, self);
}

/* The commands, each checked where the scenario gives it. */
static u32_t must(endpoint_t who, int line, const char *what, u32_t op, u32_t a, u32_t b,
                  u32_t c, u32_t d, u32_t e, u32_t f)
{
	u32_t value = 0;

	check_eq(what, act(who, line, op, a, b, c, d, e, f, &value), OK, 1, __FILE__, line);
	return value;
}

#define GRANT(who, grantee, base, len, access) \
	(cp_grant_id_t)must((who), __LINE__, "grant", A_GRANT, (u32_t)(grantee), (base), (len), \
	                    (access), 0, 0)
#define INDIRECT(who, grantee, granter, id, offset, len, access) \
	(cp_grant_id_t)must((who), __LINE__, "indirect grant", A_INDIRECT, (u32_t)(grantee), \
	                    (u32_t)(granter), (u32_t)(id), (offset), (len), (access))
#define REVOKE(who, id) act((who), __LINE__, A_REVOKE, (u32_t)(id), 0, 0, 0, 0, 0, NULL)
#define UNMAP(who, addr) act((who), __LINE__, A_UNMAP, (addr), 0, 0, 0, 0, 0, NULL)
#define REVMAP(who, id) act((who), __LINE__, A_REVMAP, (u32_t)(id), 0, 0, 0, 0, 0, NULL)
#define FILL(who, addr, len, seed, from) \
	must((who), __LINE__, "fill", A_FILL, (addr), (len), (seed), (from), 0, 0)
#define EXPECT(who, addr, len, seed, from) \
	must((who), __LINE__, "expect", A_EXPECT, (addr), (len), (seed), (from), 0, 0)
#define PEEK(who, addr) must((who), __LINE__, "peek", A_PEEK, (addr), 0, 0, 0, 0, 0)
#define COPYFROM(who, granter, id, offset, addr, len) \
	act((who), __LINE__, A_COPY, 0, (u32_t)(granter), (u32_t)(id), (offset), (addr), (len), NULL)
#define COPYTO(who, granter, id, offset, addr, len) \
	act((who), __LINE__, A_COPY, 1, (u32_t)(granter), (u32_t)(id), (offset), (addr), (len), NULL)
#define BRK(who, pages) must((who), __LINE__, "brk", A_BRK, (pages), 0, 0, 0, 0, 0)
#define MMAP(who, len) must((who), __LINE__, "mmap", A_MMAP, (len), 0, 0, 0, 0, 0)
#define MUNMAP(who, addr, len) must((who), __LINE__, "munmap", A_MUNMAP, (addr), (len), 0, 0, 0, 0)

/* A map that may fail: its result; the address in *addr. */
#define MAP(who, granter, id, offset, len, flags, addr) \
	act((who), __LINE__, A_MAP, (u32_t)(granter), (u32_t)(id), (offset), (len), (flags), 0, (addr))
/* A map that must work: where it went, checked to be in the area. */
#define MAP_OK(who, granter, id, offset, len, flags) \
	map_ok((who), (granter), (id), (offset), (len), (flags), __LINE__)

static vir_bytes map_ok(endpoint_t who, endpoint_t granter, cp_grant_id_t id, u32_t offset,
                        u32_t len, u32_t flags, int line)
{
	u32_t addr = 0;
	int r = act(who, line, A_MAP, (u32_t)granter, (u32_t)id, offset, len, flags, 0, &addr);

	check_eq("safemap", r, OK, 1, __FILE__, line);
	if (r == OK && (addr < USER_SAFEMAP_BASE || addr > USER_SAFEMAP_END - len ||
	                addr % P != 0)) {
		printf("FAIL safemap: mapped at 0x%08x, +0x%x: not whole pages of the safemap "
		       "area at %s:%d\n", addr, len, __FILE__, line);
		failures++;
	}
	return addr;
}

/* End an actor, which must not have failed. */
#define END(who) do { \
	CHECK_ERR("tell the actor to end", send_type((who), GO, A_END), OK); \
	finish_helper("actor", (who), 0); \
} while (0)

/* Have who touch addr (write: write it), which must kill it. */
#define KILLED_BY(who, addr, write) killed_by((who), (addr), (write), __LINE__)

static void killed_by(endpoint_t who, vir_bytes addr, int write, int line)
{
	int status = -1, killed = -1, r;

	r = act(who, line, A_TOUCH, addr, (u32_t)write, 0, 0, 0, 0, NULL);
	check_eq("the touch ends the actor", r, EDEADSRCDST, 1, __FILE__, line);
	if (r == OK)   /* it lives on: end it, or the wait would not */
		send_type(who, GO, A_END);
	check_eq("wait for it", vm_wait(who, &status, &killed), OK, 1, __FILE__, line);
	check_eq("it was killed", killed, 1, 0, __FILE__, line);
}

#define RW     (CPF_MAP | CPF_READ | CPF_WRITE)
#define RO     (CPF_MAP | CPF_READ)
#define W      SAFEMAP_WRITE

/* Free pages are back where they were when the scenario began. */
#define BASELINE(before) \
	CHECK_EQ("free pages against the scenario's start", (int)free_pages(), (int)(before))

/* --- share ------------------------------------------------------------- */

static void test_share(void)
{
	u32_t before = free_pages(), f0;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	cp_grant_id_t rw, ro, src, self_grant;
	struct kstats k0, k1;
	vir_bytes a, b, c, d;
	message msg;

	FILL(g, AREA, AREA_PAGES * P, 1, 0);
	rw = GRANT(g, m, AREA, 2 * COWP * P, RW);
	ro = GRANT(g, m, AREA, 2 * COWP * P, RO);
	src = GRANT(g, m, AREA + 2 * COWP * P, COWP * P, CPF_READ);

	/* All 2 * COWP pages writable: the granter's bytes, shared, not
	 * copied (a page table and a page of VM's records at most). */
	f0 = free_pages();
	a = MAP_OK(m, g, rw, 0, 2 * COWP * P, W);
	CHECK("a map copies nothing", f0 - free_pages() <= 2);
	EXPECT(m, a, 2 * COWP * P, 1, 0);
	FILL(m, a + P, P, 2, P);
	EXPECT(g, AREA + P, P, 2, P);
	FILL(g, AREA + 3 * P + 100, 200, 3, 3 * P + 100);
	EXPECT(m, a + 3 * P + 100, 200, 3, 3 * P + 100);

	/* A read-only map of pages 2-3 sees the granter's writes and the
	 * mapper's own through its writable alias. */
	b = MAP_OK(m, g, ro, 2 * P, 2 * P, 0);
	CHECK("two mappings, two places", b != a);
	EXPECT(m, b, P, 1, 2 * P);
	FILL(g, AREA + 2 * P, P, 4, 2 * P);
	EXPECT(m, b, P, 4, 2 * P);
	EXPECT(m, a + 2 * P, P, 4, 2 * P);
	FILL(m, a + 3 * P, P, 5, 3 * P);
	EXPECT(m, b + P, P, 5, 3 * P);
	EXPECT(g, AREA + 3 * P, P, 5, 3 * P);

	/* The kernel writes for the mapper into the second half of its
	 * writable map: a small safecopy, one of COWP whole pages (what
	 * the kernel shares copy-on-write elsewhere), a message. */
	CHECK_ERR("a small safecopy into the map", COPYFROM(m, g, src, 0, HALF(a) + 8, 100), OK);
	EXPECT(g, HALF(AREA) + 8, 100, 1, 2 * COWP * P);
	k0 = stats();
	CHECK_ERR("a copy-on-write-sized safecopy into the map",
	          COPYFROM(m, g, src, 0, HALF(a), COWP * P), OK);
	k1 = stats();
	CHECK_EQ("...went to VM", (int)(k1.cow_requests - k0.cow_requests), 1);
	EXPECT(g, HALF(AREA), COWP * P, 1, 2 * COWP * P);
	FILL(g, HALF(AREA) + P, P, 6, (COWP + 1) * P);   /* still shared after the copy */
	EXPECT(m, HALF(a) + P, P, 6, (COWP + 1) * P);
	FILL(m, HALF(a) + 2 * P, P, 7, (COWP + 2) * P);
	EXPECT(g, HALF(AREA) + 2 * P, P, 7, (COWP + 2) * P);
	must(m, __LINE__, "receive", A_RECV, HALF(a) + 3 * P + 64, 0, 0, 0, 0, 0);
	memset(&msg, 0, sizeof(msg));
	msg.m_type = GO;
	msg.raw.w[0] = 0xfeedf00d;
	CHECK_ERR("a message into the map", send(m, &msg), OK);
	CHECK_EQ("the message, seen by the granter", (int)PEEK(g, HALF(AREA) + 3 * P + 64 + 8),
	         (int)0xfeedf00d);

	/* Into a read-only map the kernel may not write: nothing changes. */
	c = MAP_OK(m, g, ro, 0, COWP * P, 0);
	FILL(g, AREA, COWP * P, 8, 0);
	CHECK_ERR("a small safecopy into a read-only map", COPYFROM(m, g, src, 0, c + 16, 100),
	          EFAULT);
	CHECK_ERR("a copy-on-write-sized safecopy into a read-only map",
	          COPYFROM(m, g, src, 0, c, COWP * P), EFAULT);
	EXPECT(g, AREA, COWP * P, 8, 0);
	EXPECT(m, c, COWP * P, 8, 0);
	EXPECT(m, a, COWP * P, 8, 0);
	/* A writable map and a read-only one right after it: a copy that
	 * starts in the first and runs into the second fails, and the
	 * read-only pages keep their bytes. (Only if VM put them side by
	 * side, as a lowest-first placement does.) */
	c = MAP_OK(m, g, rw, 0, COWP / 2 * P, W);
	d = MAP_OK(m, g, ro, COWP / 2 * P, COWP / 2 * P, 0);
	if (d == c + COWP / 2 * P) {
		CHECK_ERR("a copy-on-write-sized safecopy across into a read-only map",
		          COPYFROM(m, g, src, 0, c, COWP * P), EFAULT);
		EXPECT(g, AREA + COWP / 2 * P, COWP / 2 * P, 8, COWP / 2 * P);
	}

	/* Nor may the mapper: it is killed (the grader sees VM's report). */
	KILLED_BY(m, b + 10, 1);
	EXPECT(g, AREA, COWP * P, 8, 0);
	EXPECT(g, HALF(AREA), P, 1, 2 * COWP * P);
	CHECK_ERR("revoke", REVOKE(g, rw), OK);

	/* A granter may map its own grant: two names for its pages, until
	 * it ends with the map held. */
	self_grant = GRANT(g, g, AREA + 3 * COWP * P, 2 * P, RW);
	c = MAP_OK(g, g, self_grant, 0, 2 * P, W);
	FILL(g, c, P, 9, 0);
	EXPECT(g, AREA + 3 * COWP * P, P, 9, 0);
	FILL(g, AREA + (3 * COWP + 1) * P, P, 10, P);
	EXPECT(g, c + P, P, 10, P);
	END(g);
	BASELINE(before);
}

/* --- demand ------------------------------------------------------------ */

static void test_demand(void)
{
	u32_t before = free_pages(), f0, word, most;
	endpoint_t d = start_actor("dirtier"), g, m;
	vir_bytes heap, stack = USER_STACK_LOW + 8 * P, mm, a, text = (vir_bytes)test_demand & ~(P - 1);
	cp_grant_id_t id;
	u32_t out;

	/* Nearly all free pages written and given back (48 kept: the
	 * dirtier's page tables take one for every 1024, 32 in 128 MiB): VM
	 * takes pages in turn round its memory, so the pages it gives from
	 * here on held someone's data, which must not show through. */
	most = free_pages() - 48;
	mm = MMAP(d, most * P);
	must(d, __LINE__, "dirty", A_DIRTY, mm, most * P, 0, 0, 0, 0);
	END(d);
	g = start_actor("granter");
	m = start_actor("mapper");

	/* The heap: 5 new pages, the first 4 granted, one of those touched
	 * by the granter. */
	heap = BRK(g, 5);
	FILL(g, heap + 2 * P, P, 1, 0);
	id = GRANT(g, m, heap, 4 * P, RW);
	f0 = free_pages();
	a = MAP_OK(m, g, id, 0, 4 * P, W);
	CHECK("the granter's 3 absent pages are given", f0 - free_pages() >= 3);
	EXPECT(m, a, 2 * P, 0, 0);
	EXPECT(m, a + 2 * P, P, 1, 0);
	EXPECT(m, a + 3 * P, P, 0, 0);
	FILL(m, a, P, 2, 0);
	EXPECT(g, heap, P, 2, 0);
	FILL(g, heap + 3 * P, P, 3, 0);
	EXPECT(m, a + 3 * P, P, 3, 0);
	/* The heap's last page, the page past its end, and both. */
	id = GRANT(g, m, heap + 4 * P, 2 * P, RW);
	a = MAP_OK(m, g, id, 0, P, 0);
	EXPECT(m, a, P, 0, 0);
	CHECK_ERR("a map past the heap's end", MAP(m, g, id, P, P, 0, &out), EFAULT);
	CHECK_ERR("a map across the heap's end", MAP(m, g, id, 0, 2 * P, 0, &out), EFAULT);

	/* The stack, deep below what the granter has used. */
	id = GRANT(g, m, stack, 2 * P, RW);
	a = MAP_OK(m, g, id, 0, 2 * P, W);
	EXPECT(m, a, 2 * P, 0, 0);
	FILL(m, a, 2 * P, 4, 0);
	EXPECT(g, stack, 2 * P, 4, 0);

	/* An anonymous mapping, read-only for the mapper. */
	mm = MMAP(g, 3 * P);
	id = GRANT(g, m, mm, 3 * P, RO);
	a = MAP_OK(m, g, id, 0, 3 * P, 0);
	EXPECT(m, a, 3 * P, 0, 0);
	FILL(g, mm, 3 * P, 5, 0);
	EXPECT(m, a, 3 * P, 5, 0);

	/* Memory that is not there and does not come. */
	id = GRANT(g, m, 0x60000000u, P, RW);
	CHECK_ERR("unmapped memory", MAP(m, g, id, 0, P, 0, &out), EFAULT);
	id = GRANT(g, m, 0x100000u, P, RW);
	CHECK_ERR("the kernel's memory", MAP(m, g, id, 0, P, 0, &out), EFAULT);
	id = GRANT(g, m, USER_SAFEMAP_END - P, P, RW);
	CHECK_ERR("the granter's own safemap area", MAP(m, g, id, 0, P, 0, &out), EFAULT);
	id = GRANT(g, m, USER_END - P, 2 * P, RW);
	CHECK_ERR("past user space", MAP(m, g, id, P, P, 0, &out), EFAULT);

	/* Text: the same bytes read-only; never writable. */
	id = GRANT(g, m, text, P, RW);
	a = MAP_OK(m, g, id, 0, P, 0);
	word = PEEK(m, a + 16);
	CHECK_EQ("the granter's text, mapped", (int)word, (int)*(const u32_t *)(text + 16));
	CHECK_ERR("a writable map of text", MAP(m, g, id, 0, P, W, &out), EFAULT);

	END(m);
	EXPECT(g, heap, P, 2, 0);
	EXPECT(g, stack, 2 * P, 4, 0);
	MUNMAP(g, mm, 3 * P);
	END(g);
	BASELINE(before);
}

/* --- errors ------------------------------------------------------------ */

static void test_errors(void)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	endpoint_t dead = start_actor("dead");
	cp_grant_id_t rw, odd, nomap, noread, rdonly, other, old, reused;
	vir_bytes a;

	END(dead);
	FILL(g, AREA, 8 * P, 1, 0);
	rw = GRANT(g, m, AREA, 4 * P, RW);

	/* The request itself. */
	CHECK_ERR("no bytes", MAP(m, g, rw, 0, 0, W, &out), EINVAL);
	CHECK_ERR("not whole pages", MAP(m, g, rw, 0, P + 1, W, &out), EINVAL);
	CHECK_ERR("less than a page", MAP(m, g, rw, 0, 100, 0, &out), EINVAL);
	CHECK_ERR("an offset off a page", MAP(m, g, rw, 1, P, W, &out), EINVAL);
	CHECK_ERR("an offset near the page's end", MAP(m, g, rw, P - 4, P, 0, &out), EINVAL);
	CHECK_ERR("an unknown flag", MAP(m, g, rw, 0, P, 2, &out), EINVAL);
	CHECK_ERR("a high flag", MAP(m, g, rw, 0, P, W | 0x80000000u, &out), EINVAL);

	/* The granted address counts, not the offset: a grant off a page
	 * maps from where base + offset is on one. */
	odd = GRANT(g, m, AREA + 100, 3 * P, RO);
	CHECK_ERR("a granted address off a page", MAP(m, g, odd, 0, P, 0, &out), EINVAL);
	a = MAP_OK(m, g, odd, P - 100, P, 0);
	EXPECT(m, a, P, 1, P);
	CHECK_ERR("unmap it", UNMAP(m, a), OK);

	/* Access: CPF_MAP and CPF_READ, and CPF_WRITE to write. */
	nomap = GRANT(g, m, AREA, P, CPF_READ | CPF_WRITE);
	noread = GRANT(g, m, AREA, P, CPF_MAP | CPF_WRITE);
	rdonly = GRANT(g, m, AREA, P, RO);
	CHECK_ERR("a grant without CPF_MAP", MAP(m, g, nomap, 0, P, 0, &out), EGRANTACCESS);
	CHECK_ERR("a grant without CPF_READ", MAP(m, g, noread, 0, P, W, &out), EGRANTACCESS);
	CHECK_ERR("...read-only", MAP(m, g, noread, 0, P, 0, &out), EGRANTACCESS);
	CHECK_ERR("a writable map of a read-only grant", MAP(m, g, rdonly, 0, P, W, &out),
	          EGRANTACCESS);
	a = MAP_OK(m, g, rdonly, 0, P, 0);
	CHECK_ERR("unmap it", UNMAP(m, a), OK);

	/* The grant's checks, as a safecopy's. */
	CHECK_ERR("past the grant", MAP(m, g, rw, 3 * P, 2 * P, 0, &out), EGRANTBOUNDS);
	CHECK_ERR("an offset at the grant's end", MAP(m, g, rw, 4 * P, P, 0, &out), EGRANTBOUNDS);
	CHECK_ERR("offset + len wraps", MAP(m, g, rw, 0xfffff000u, 2 * P, 0, &out), EGRANTBOUNDS);
	other = GRANT(g, self, AREA, P, RW);
	CHECK_ERR("a grant for another process", MAP(m, g, other, 0, P, 0, &out), EGRANTEE);
	CHECK_ERR("a slot beyond the table", MAP(m, g, grant_id(GRANT_SLOTS_MAX - 1, 0), 0, P, 0,
	                                         &out), EGRANTID);
	CHECK_ERR("a negative id", MAP(m, g, -5, 0, P, 0, &out), EGRANTID);
	CHECK_ERR("an unused slot", MAP(m, g, grant_id(12, 0), 0, P, 0, &out), EGRANTUNUSED);
	old = GRANT(g, m, AREA, P, RW);
	CHECK_ERR("revoke", REVOKE(g, old), OK);
	CHECK_ERR("a revoked grant", MAP(m, g, old, 0, P, 0, &out), EGRANTUNUSED);
	reused = GRANT(g, m, AREA, P, RW);
	CHECK_EQ("the slot again", grant_slot(reused), grant_slot(old));
	CHECK_ERR("an id kept after its revoke", MAP(m, g, old, 0, P, 0, &out), EGRANTSTALE);
	CHECK_ERR("a granter without a table", MAP(m, m, 0, 0, P, 0, &out), ENOGRANTS);
	CHECK_ERR("a granter that is gone", MAP(m, dead, rw, 0, P, 0, &out), EDEADSRCDST);
	CHECK_ERR("a granter that is no endpoint", MAP(m, ANY, rw, 0, P, 0, &out), EBADSRCDST);
	CHECK_ERR("a kernel task as the granter", MAP(m, CLOCK, rw, 0, P, 0, &out), EBADSRCDST);

	/* VM_SAFEUNMAP takes only the start of one of the caller's own. */
	a = MAP_OK(m, g, rw, 0, 2 * P, W);
	CHECK_ERR("unmap the second page", UNMAP(m, a + P), EINVAL);
	CHECK_ERR("unmap inside the first", UNMAP(m, a + 8), EINVAL);
	CHECK_ERR("unmap NULL", UNMAP(m, 0), EINVAL);
	CHECK_ERR("unmap what is not a mapping", UNMAP(m, AREA), EINVAL);
	CHECK_ERR("unmap another's mapping", UNMAP(g, a), EINVAL);
	FILL(m, a, 2 * P, 2, 0);   /* still there */
	EXPECT(g, AREA, 2 * P, 2, 0);
	CHECK_ERR("unmap it", UNMAP(m, a), OK);
	CHECK_ERR("unmap it again", UNMAP(m, a), EINVAL);
	CHECK_EQ("revmap of a grant with no mappings", REVMAP(g, rw), 0);

	END(m);
	END(g);
	BASELINE(before);
}

/* --- unmap ------------------------------------------------------------- */

static void test_unmap(void)
{
	u32_t before = free_pages();
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	endpoint_t m2 = start_actor("mapper2");
	cp_grant_id_t id, id2;
	vir_bytes a, b;

	FILL(g, AREA, 4 * P, 1, 0);
	id = GRANT(g, m, AREA, 3 * P, RW);
	id2 = GRANT(g, m2, AREA, 3 * P, RW);
	a = MAP_OK(m, g, id, 0, 3 * P, W);
	FILL(m, a, 3 * P, 2, 0);
	CHECK_ERR("unmap", UNMAP(m, a), OK);
	/* The granter keeps its memory as the mapper wrote it, and the
	 * grant still maps. */
	EXPECT(g, AREA, 3 * P, 2, 0);
	EXPECT(g, AREA + 3 * P, P, 1, 3 * P);
	CHECK_EQ("nothing left to revmap", REVMAP(g, id), 0);
	b = MAP_OK(m, g, id, 0, 3 * P, 0);
	EXPECT(m, b, 3 * P, 2, 0);
	CHECK_ERR("unmap again", UNMAP(m, b), OK);
	/* All of it went: a read of its last page kills. */
	KILLED_BY(m, b + 2 * P + 4, 0);

	a = MAP_OK(m2, g, id2, 0, 3 * P, W);
	CHECK_ERR("unmap", UNMAP(m2, a), OK);
	KILLED_BY(m2, a + P, 1);
	EXPECT(g, AREA, 3 * P, 2, 0);
	END(g);
	BASELINE(before);
}

/* --- revoke ------------------------------------------------------------ */

static void test_revoke(void)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	endpoint_t x = start_actor("bystander");
	cp_grant_id_t id1, id2, idx;
	vir_bytes a1, a2, a3, a4, ax;
	int r;

	FILL(g, AREA, 8 * P, 1, 0);
	id1 = GRANT(g, m, AREA, 4 * P, RW);
	id2 = GRANT(g, m, AREA + 4 * P, 4 * P, RO);
	idx = GRANT(g, x, AREA, 4 * P, RW);
	a1 = MAP_OK(m, g, id1, 0, 4 * P, W);
	a2 = MAP_OK(m, g, id1, P, 2 * P, 0);
	a3 = MAP_OK(m, g, id2, 0, 4 * P, 0);
	ax = MAP_OK(x, g, idx, 0, 4 * P, W);

	/* Only the granter revokes: the mapper's own "grant id1" is none. */
	r = REVMAP(m, id1);
	CHECK("a grantee's revmap of the granter's id removes nothing", r <= 0);
	EXPECT(m, a1, 4 * P, 1, 0);

	/* Exactly the two mappings of id1 go. */
	CHECK_EQ("revmap: mappings removed", REVMAP(g, id1), 2);
	CHECK_ERR("the first is gone", UNMAP(m, a1), EINVAL);
	CHECK_ERR("the second is gone", UNMAP(m, a2), EINVAL);
	EXPECT(m, a3, 4 * P, 1, 4 * P);
	FILL(g, AREA + 4 * P, P, 2, 4 * P);
	EXPECT(m, a3, P, 2, 4 * P);
	FILL(g, AREA, P, 3, 0);
	EXPECT(x, ax, P, 3, 0);
	CHECK_EQ("revmap again", REVMAP(g, id1), 0);

	/* The grant itself lives on; cpf_revoke() ends it and its map. */
	a4 = MAP_OK(m, g, id1, 0, P, W);
	EXPECT(m, a4, P, 3, 0);
	CHECK_ERR("revoke", REVOKE(g, id1), OK);
	CHECK_ERR("the map of the revoked grant is gone", UNMAP(m, a4), EINVAL);
	CHECK_ERR("no new map of it", MAP(m, g, id1, 0, P, 0, &out), EGRANTUNUSED);
	FILL(x, ax + P, P, 4, P);   /* another grant of the same pages: unharmed */
	EXPECT(g, AREA + P, P, 4, P);

	/* A mapper that touches a revoked map is killed: a read... */
	CHECK_ERR("revoke the read-only grant", REVOKE(g, id2), OK);
	KILLED_BY(m, a3 + 3 * P, 0);
	/* ...and a write. */
	CHECK_EQ("revmap the bystander's", REVMAP(g, idx), 1);
	KILLED_BY(x, ax, 1);

	/* The granter's memory is its own, as last written. */
	EXPECT(g, AREA, P, 3, 0);
	EXPECT(g, AREA + P, P, 4, P);
	EXPECT(g, AREA + 4 * P, P, 2, 4 * P);
	EXPECT(g, AREA + 5 * P, 3 * P, 1, 5 * P);
	END(g);
	BASELINE(before);
}

/* --- chain ------------------------------------------------------------- */

static void test_chain(void)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), p = start_actor("passer");
	endpoint_t m = start_actor("mapper"), m2 = start_actor("mapper2");
	cp_grant_id_t d, dn, i1, i2, i3, i4;
	vir_bytes a, b, c, e, f, pa;

	FILL(g, AREA, 8 * P, 1, 0);
	d = GRANT(g, p, AREA, 8 * P, RW);
	dn = GRANT(g, p, AREA, 8 * P, CPF_READ | CPF_WRITE);
	i1 = INDIRECT(p, m, g, d, 2 * P, 4 * P, RW);           /* the granter's pages 2-5 */
	i2 = INDIRECT(p, m, g, d, 0, 8 * P, RO);
	i3 = INDIRECT(p, m, g, dn, 0, 8 * P, RW);
	i4 = INDIRECT(p, m2, g, d, 0, 4 * P, RW);

	/* Through the chain: the granter's pages, shared both ways. */
	a = MAP_OK(m, p, i1, P, 2 * P, W);
	EXPECT(m, a, 2 * P, 1, 3 * P);
	FILL(m, a, P, 2, 3 * P);
	EXPECT(g, AREA + 3 * P, P, 2, 3 * P);
	FILL(g, AREA + 4 * P, P, 3, 4 * P);
	EXPECT(m, a + P, P, 3, 4 * P);
	/* Every hop's range and rights count. */
	CHECK_ERR("past the passer's range", MAP(m, p, i1, 3 * P, 2 * P, 0, &out), EGRANTBOUNDS);
	CHECK_ERR("write where the passer gave read", MAP(m, p, i2, 0, P, W, &out), EGRANTACCESS);
	CHECK_ERR("map where the granter gave no CPF_MAP", MAP(m, p, i3, 0, P, 0, &out),
	          EGRANTACCESS);
	CHECK_ERR("the passer's id, named as the granter's (its grant for the passer)",
	          MAP(m, g, i1, 0, P, 0, &out), EGRANTEE);
	b = MAP_OK(m, p, i2, 0, 8 * P, 0);
	EXPECT(m, b + 3 * P, P, 2, 3 * P);
	EXPECT(m, b + 4 * P, P, 3, 4 * P);
	pa = MAP_OK(p, g, d, 0, P, W);

	/* The granter's revmap reaches through the passer. */
	CHECK_EQ("revmap at the granter", REVMAP(g, d), 3);
	CHECK_ERR("the map through i1 is gone", UNMAP(m, a), EINVAL);
	CHECK_ERR("the map through i2 is gone", UNMAP(m, b), EINVAL);
	CHECK_ERR("the passer's own map is gone", UNMAP(p, pa), EINVAL);
	/* The passer's revmap removes what went through its grant only. */
	c = MAP_OK(m, p, i1, 0, P, W);
	b = MAP_OK(m, p, i2, 0, P, 0);
	CHECK_EQ("revmap at the passer", REVMAP(p, i1), 1);
	CHECK_ERR("the map through i1 is gone", UNMAP(m, c), EINVAL);
	EXPECT(m, b, P, 1, 0);
	CHECK_ERR("unmap the one through i2", UNMAP(m, b), OK);

	/* The passer ends: everything mapped through it goes. */
	e = MAP_OK(m, p, i1, 0, 4 * P, W);
	f = MAP_OK(m, p, i2, 0, P, 0);
	c = MAP_OK(m2, p, i4, 0, 4 * P, 0);
	END(p);
	CHECK_ERR("the map through i1 went with the passer", UNMAP(m, e), EINVAL);
	CHECK_ERR("the map through i2 went with the passer", UNMAP(m, f), EINVAL);
	CHECK_ERR("no new map through it", MAP(m, p, i1, 0, P, 0, &out), EDEADSRCDST);
	KILLED_BY(m2, c + P, 0);

	/* The granter's memory is as written. */
	EXPECT(g, AREA + 3 * P, P, 2, 3 * P);
	EXPECT(g, AREA + 4 * P, P, 3, 4 * P);
	END(m);
	END(g);
	BASELINE(before);
}

/* --- passon ------------------------------------------------------------ */

/* The first mapper grants its map on, and a second maps that: the
 * granter's pages, shared three ways, and only as long as the first map
 * is there. end says how the first map goes: 0 the granter's revmap, 1
 * the granter's exit, 2 the first mapper's exit. VM may instead refuse
 * a map of a map (EFAULT); what it may not do is let the second keep the
 * granter's pages once the first may no longer have them. */
static void passon_round(int end)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	endpoint_t m2 = start_actor("mapper2");
	cp_grant_id_t id, pass;
	vir_bytes a;
	int r;

	FILL(g, AREA, 2 * P, 1, 0);
	id = GRANT(g, m, AREA, 2 * P, RW);
	a = MAP_OK(m, g, id, 0, 2 * P, W);
	pass = GRANT(m, m2, a, 2 * P, RW);
	r = MAP(m2, m, pass, 0, 2 * P, W, &out);
	if (r != OK) {
		CHECK_ERR("a map of a map", r, EFAULT);
	} else {
		FILL(g, AREA, P, 2, 0);
		EXPECT(m2, out, P, 2, 0);
		FILL(m2, out + P, P, 3, P);
		EXPECT(g, AREA + P, P, 3, P);
		if (end == 0)
			CHECK_EQ("revmap at the granter", REVMAP(g, id), 1);
		else if (end == 1)
			END(g);
		else
			END(m);
		CHECK_ERR("the map of the map went with the map", UNMAP(m2, out), EINVAL);
	}
	END(m2);
	if (end != 2)
		END(m);
	if (end != 1)
		END(g);
	BASELINE(before);
}

/* Maps of maps are at most GRANT_MAX_DEPTH deep (the mapper maps its
 * own map again and again); the first map's revoke ends them all. */
static void passon_deep(void)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	cp_grant_id_t id, self_id;
	vir_bytes at[GRANT_MAX_DEPTH];
	int depth;

	FILL(g, AREA, P, 7, 0);
	id = GRANT(g, m, AREA, P, RO);
	at[0] = MAP_OK(m, g, id, 0, P, 0);
	for (depth = 1; depth < GRANT_MAX_DEPTH; depth++) {
		self_id = GRANT(m, m, at[depth - 1], P, RO);
		at[depth] = MAP_OK(m, m, self_id, 0, P, 0);
	}
	EXPECT(m, at[GRANT_MAX_DEPTH - 1], P, 7, 0);
	self_id = GRANT(m, m, at[GRANT_MAX_DEPTH - 1], P, RO);
	CHECK_ERR("a map one deeper", MAP(m, m, self_id, 0, P, 0, &out), EGRANTDEPTH);
	CHECK_EQ("revmap at the granter", REVMAP(g, id), 1);
	for (depth = 0; depth < GRANT_MAX_DEPTH; depth++)
		CHECK_ERR("each map of the map went with it", UNMAP(m, at[depth]), EINVAL);
	END(m);
	END(g);
	BASELINE(before);
}

static void test_passon(void)
{
	passon_round(0);
	passon_round(1);
	passon_round(2);
	passon_deep();
}

/* --- exit -------------------------------------------------------------- */

static void test_exit(void)
{
	u32_t before = free_pages(), out;
	endpoint_t g = start_actor("granter"), g2 = start_actor("granter2");
	endpoint_t m = start_actor("mapper"), m2 = start_actor("mapper2");
	cp_grant_id_t id, id2, idm2;
	vir_bytes a, a2, b, c;

	/* The granter ends: its mappings go, another granter's stay. */
	FILL(g, AREA, 4 * P, 1, 0);
	FILL(g2, AREA, 4 * P, 2, 0);
	id = GRANT(g, m, AREA, 4 * P, RW);
	idm2 = GRANT(g, m2, AREA, 4 * P, RW);
	id2 = GRANT(g2, m, AREA, 4 * P, RW);
	a = MAP_OK(m, g, id, 0, 4 * P, W);
	b = MAP_OK(m, g, id, 0, P, 0);
	a2 = MAP_OK(m, g2, id2, 0, 4 * P, W);
	c = MAP_OK(m2, g, idm2, 0, 4 * P, W);
	FILL(m, a, P, 3, 0);
	EXPECT(g, AREA, P, 3, 0);
	END(g);
	CHECK_ERR("the writable map went with the granter", UNMAP(m, a), EINVAL);
	CHECK_ERR("the read-only map went with the granter", UNMAP(m, b), EINVAL);
	CHECK_ERR("no new map of it", MAP(m, g, id, 0, P, 0, &out), EDEADSRCDST);
	EXPECT(m, a2, 4 * P, 2, 0);
	FILL(g2, AREA + P, P, 4, P);
	EXPECT(m, a2 + P, P, 4, P);
	KILLED_BY(m2, c + 3 * P, 1);

	/* The mapper ends holding its maps: the granter keeps what it
	 * wrote, and nothing is left to revoke. */
	FILL(m, a2 + 2 * P, P, 5, 2 * P);
	END(m);
	EXPECT(g2, AREA + 2 * P, P, 5, 2 * P);
	EXPECT(g2, AREA + P, P, 4, P);
	CHECK_EQ("nothing left to revmap", REVMAP(g2, id2), 0);
	FILL(g2, AREA, 4 * P, 6, 0);
	EXPECT(g2, AREA, 4 * P, 6, 0);
	END(g2);
	BASELINE(before);
}

/* --- cow --------------------------------------------------------------- */

/* Copy-on-write safecopy and safemap of the same 2 * COWP pages, g's:
 * mapped first and copied after (map_first), or the other way. Then
 * each party ends in turn (order: the first to go) while the others
 * check what they still see. The third's area: [0, 2 * COWP) its copy,
 * then what it copies back, then its copy of the mapper's map. */
enum { GRANTER, MAPPER, THIRD };

static void cow_round(int map_first, int order, int readonly)
{
	u32_t before = free_pages(), all = 2 * COWP * P;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper"), t = start_actor("third");
	cp_grant_id_t share, copy, back;
	vir_bytes a = 0, out = AREA + 2 * COWP * P, again = AREA + 3 * COWP * P;
	struct kstats k0, k1;

	FILL(g, AREA, all, 1, 0);
	share = GRANT(g, m, AREA, all, readonly ? RO : RW);
	copy = GRANT(g, t, AREA, all, CPF_READ | CPF_WRITE);
	if (map_first)
		a = MAP_OK(m, g, share, 0, all, readonly ? 0 : W);
	k0 = stats();
	CHECK_ERR("a safecopy of it all to the third", COPYFROM(t, g, copy, 0, AREA, all), OK);
	k1 = stats();
	CHECK_EQ("the copy went through copy-on-write", (int)(k1.cow_requests - k0.cow_requests), 1);
	if (!map_first)
		a = MAP_OK(m, g, share, 0, all, readonly ? 0 : W);
	EXPECT(t, AREA, all, 1, 0);
	EXPECT(m, a, all, 1, 0);

	/* The granter writes: the mapper sees it, the third does not. */
	FILL(g, AREA, P, 2, 0);
	EXPECT(m, a, P, 2, 0);
	EXPECT(t, AREA, P, 1, 0);
	if (!readonly) {
		/* The mapper writes: the granter sees it, the third does not. */
		FILL(m, a + P, P, 3, P);
		EXPECT(g, AREA + P, P, 3, P);
		EXPECT(t, AREA + P, P, 1, P);
	}
	/* The third writes its copy: nobody else sees it. */
	FILL(t, AREA + 2 * P, P, 4, 2 * P);
	EXPECT(g, AREA + 2 * P, P, 1, 2 * P);
	EXPECT(m, a + 2 * P, P, 1, 2 * P);
	/* The third copies COWP pages back into the second half of the
	 * shared ones: the mapper sees them... */
	FILL(t, out, COWP * P, 5, COWP * P);
	CHECK_ERR("a copy-on-write-sized safecopy into shared pages",
	          COPYTO(t, g, copy, COWP * P, out, COWP * P), OK);
	EXPECT(m, HALF(a), COWP * P, 5, COWP * P);
	/* ...and a copy of them from the mapper's map is a snapshot too;
	 * granter and mapper still share afterwards. */
	back = GRANT(m, t, a, all, CPF_READ);
	CHECK_ERR("a copy-on-write-sized safecopy from the map",
	          COPYFROM(t, m, back, COWP * P, again, COWP * P), OK);
	EXPECT(t, again, COWP * P, 5, COWP * P);
	FILL(g, HALF(AREA) + P, P, 6, (COWP + 1) * P);
	EXPECT(m, HALF(a) + P, P, 6, (COWP + 1) * P);
	EXPECT(t, HALF(AREA) + P, P, 1, (COWP + 1) * P);
	EXPECT(t, again + P, P, 5, (COWP + 1) * P);

	/* The first party goes; the other two see what they saw. */
	if (order == GRANTER) {
		END(g);
		CHECK_ERR("the map went with the granter", UNMAP(m, a), EINVAL);
		EXPECT(t, AREA, P, 1, 0);
		EXPECT(t, AREA + 3 * P, P, 1, 3 * P);
		EXPECT(t, again, P, 5, COWP * P);
	} else if (order == MAPPER) {
		END(m);
		FILL(g, AREA + 3 * P, P, 8, 3 * P);
		EXPECT(t, AREA + 3 * P, P, 1, 3 * P);
		EXPECT(t, again, P, 5, COWP * P);
		EXPECT(g, HALF(AREA), P, 5, COWP * P);
	} else {
		END(t);
		FILL(g, AREA + 3 * P, P, 8, 3 * P);
		EXPECT(m, a + 3 * P, P, 8, 3 * P);
		if (!readonly) {
			FILL(m, a + all - P, P, 9, all - P);
			EXPECT(g, AREA + all - P, P, 9, all - P);
		}
	}
	if (order != GRANTER)
		END(g);
	if (order != MAPPER)
		END(m);
	if (order != THIRD)
		END(t);
	BASELINE(before);
}

static void test_cow(void)
{
	cow_round(1, GRANTER, 0);
	cow_round(0, THIRD, 0);
	cow_round(0, MAPPER, 1);
	cow_round(1, THIRD, 1);
	cow_round(0, GRANTER, 0);
	cow_round(1, MAPPER, 0);
}

/* --- limits ------------------------------------------------------------ */

#define BIG (8u << 20)   /* a mapping of this: 32 fill the safemap area */

/* The pages VM keeps for its own bookkeeping. */
static u32_t vm_pages(void)
{
	struct mess_vm_info info;

	CHECK_ERR("VM_INFO", vm_info(&info), OK);
	return info.vm_pages;
}

static void test_limits(void)
{
	static vir_bytes at[SAFEMAP_PER_PROC];
	u32_t before = free_pages(), out, n, i, huge, kept;
	endpoint_t g = start_actor("granter"), m = start_actor("mapper");
	cp_grant_id_t one, big, all;
	vir_bytes mm, hole;

	/* SAFEMAP_PER_PROC maps, of the same page, and not one more; VM's
	 * records of them take a page for every 32, given back with them. */
	FILL(g, AREA, P, 1, 0);
	one = GRANT(g, m, AREA, P, RW);
	kept = vm_pages();
	for (i = 0; i < SAFEMAP_PER_PROC; i++)
		at[i] = MAP_OK(m, g, one, 0, P, W);
	CHECK("VM's pages for the records", vm_pages() - kept <= SAFEMAP_PER_PROC / 32);
	CHECK_ERR("one map too many", MAP(m, g, one, 0, P, 0, &out), ENOMEM);
	CHECK_ERR("unmap one", UNMAP(m, at[10]), OK);
	at[10] = MAP_OK(m, g, one, 0, P, 0);
	CHECK_ERR("one too many again", MAP(m, g, one, 0, P, W, &out), ENOMEM);
	FILL(m, at[SAFEMAP_PER_PROC - 1], P, 2, 0);
	EXPECT(m, at[0], P, 2, 0);
	EXPECT(m, at[10], P, 2, 0);
	EXPECT(g, AREA, P, 2, 0);
	CHECK_EQ("revmap of them all", REVMAP(g, one), SAFEMAP_PER_PROC);
	CHECK_EQ("VM's pages for the records, after", (int)(vm_pages() - kept), 0);

	/* The safemap area holds 32 maps of 8 MiB (a granter's mmap, whose
	 * pages come at the first map), and no more. */
	mm = MMAP(g, BIG);
	big = GRANT(g, m, mm, BIG, RO);
	for (n = 0; n < SAFEMAP_PER_PROC; n++)
		if (MAP(m, g, big, 0, BIG, 0, &at[n]) != OK)
			break;
	CHECK_EQ("8 MiB maps that fit", (int)n, (int)((USER_SAFEMAP_END - USER_SAFEMAP_BASE) / BIG));
	CHECK_ERR("no room for one more", MAP(m, g, big, 0, BIG, 0, &out), ENOMEM);
	CHECK_ERR("no room for a page", MAP(m, g, one, 0, P, 0, &out), ENOMEM);
	hole = at[n / 2];
	CHECK_ERR("unmap one in the middle", UNMAP(m, hole), OK);
	CHECK_EQ("the hole is used again", (int)MAP_OK(m, g, big, 0, BIG, 0), (int)hole);
	FILL(g, mm + BIG - P, P, 3, 0);
	EXPECT(m, at[0] + BIG - P, P, 3, 0);
	EXPECT(m, hole + BIG - P, P, 3, 0);
	CHECK_EQ("revmap of them all", REVMAP(g, big), (int)n);
	MUNMAP(g, mm, BIG);

	/* More pages than are free: ENOMEM, and they all come back. */
	huge = free_pages() + 64;
	mm = MMAP(g, huge * P);
	all = GRANT(g, m, mm, huge * P, RO);
	CHECK_ERR("a map of more pages than are free", MAP(m, g, all, 0, huge * P, 0, &out), ENOMEM);
	MUNMAP(g, mm, huge * P);
	CHECK_ERR("a map after it", MAP(m, g, one, 0, P, W, &out), OK);
	FILL(m, out, P, 4, 0);
	EXPECT(g, AREA, P, 4, 0);

	END(m);
	END(g);
	BASELINE(before);
}

/* --- tight ------------------------------------------------------------ */

#define TIGHT_PAGES 4096   /* 16 MiB: 4 page tables on each side */

/* A map of TIGHT_PAGES pages of the granter's untouched mmap, with free
 * pages set to just around what it takes: the pages, the granter's and
 * the mapper's page tables, VM's page of records. VM may refuse it or
 * make it; it must survive every margin, and make it with 64 pages to
 * spare. A filler's heap sets the free pages, a page at a time. */
static void test_tight(void)
{
	static const u32_t margins[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 64 };
	u32_t before = free_pages(), want, f, out, k, tries;
	endpoint_t filler = start_actor("filler"), g, m;
	cp_grant_id_t id;
	vir_bytes mm;
	int heap = 0, r;

	for (k = 0; k < sizeof(margins) / sizeof(margins[0]); k++) {
		g = start_actor("granter");
		m = start_actor("mapper");
		mm = MMAP(g, TIGHT_PAGES * P);
		id = GRANT(g, m, mm, TIGHT_PAGES * P, RO);
		want = TIGHT_PAGES + margins[k];
		for (tries = 0; (f = free_pages()) != want && tries < 100; tries++) {
			heap += (int)(f - want);
			must(filler, __LINE__, "heap", A_HEAP, (u32_t)heap, 0, 0, 0, 0, 0);
		}
		CHECK_EQ("free pages set", (int)f, (int)want);
		r = MAP(m, g, id, 0, TIGHT_PAGES * P, 0, &out);
		if (margins[k] == 64)
			CHECK_ERR("a map with room to spare", r, OK);
		else
			CHECK("a map at the edge of memory: made or refused", r == OK || r == ENOMEM);
		END(m);
		END(g);
	}
	must(filler, __LINE__, "heap", A_HEAP, 0, 0, 0, 0, 0, 0);
	END(filler);
	BASELINE(before);
}

static const struct scenario scenarios[] = {
	{ "share", test_share },
	{ "demand", test_demand },
	{ "errors", test_errors },
	{ "unmap", test_unmap },
	{ "revoke", test_revoke },
	{ "chain", test_chain },
	{ "passon", test_passon },
	{ "exit", test_exit },
	{ "cow", test_cow },
	{ "limits", test_limits },
	{ "tight", test_tight },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: maptest MODE");
	if (argc == 4 && strcmp(argv[1], "actor") == 0)
		return actor(argv[2], arg_int(argv[3]));
	return run_scenario("maptest", scenarios, sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
