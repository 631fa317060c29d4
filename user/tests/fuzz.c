/*
 * The fuzzer: an unprivileged program that throws seeded random kernel
 * calls, IPC, VM and DS requests, and grant tables of its own, at the
 * system and checks every answer against the documented ones
 * (include/mica/badinput.h). Anything else,
 * a panic, a hang, or a message lost or delivered twice is a failure.
 *
 *   fuzz SEED OPS [WORKERS]
 *
 * The process started so is the coordinator. It starts WORKERS (default
 * 2) workers, copies of itself with their own seeds, which fuzz at the
 * same time; each of them, and the coordinator, has an echo child that
 * counts the numbered messages it gets. Every process runs OPS/(WORKERS
 * + 1) operations. A failure prints
 *
 *   fuzz: FAIL seed S op N: what was done: got R, want one of the documented
 *
 * where S is that process's seed (a worker's is derived from SEED) and N
 * the operation's index. The run is deterministic under QEMU's -icount:
 * the same SEED, OPS and WORKERS repeat it exactly, so `make fuzz SEED=`
 * shows the failure again and `make replay T=fuzz SEED=` replays it under
 * GDB. The coordinator ends with
 * "fuzz: seed SEED: N operations in P processes, F failures" and status 0
 * when F is 0.
 *
 * What keeps the fuzzer itself from hanging (a process that waits for
 * a partner that never answers is the fuzzer's bug, not the kernel's):
 * blocking sends go only to partners that always receive (VM, the echo,
 * a parent or child, which all receive from ANY and answer whatever they
 * get) or to endpoints that fail at once; a RECEIVE is from ANY or CLOCK
 * with an alarm set first, or from an endpoint that fails at once; VM is
 * never asked to wait for or hold one of our children or to start a
 * program. Within that, every argument is random.
 *
 * One file of some 800 lines: it is one program, and its parts (the
 * oracle, the echo's protocol, the places pointers point to, the
 * endpoints, the operations, the end of a run) all share one state, the
 * seed's generator and what the kernel holds of ours (SENDA tables, the
 * echo's counts). Each part is a section below.
 */
#include "check.h"
#include <mica/callnr.h>

/* --- the oracle: include/mica/badinput.h ------------------------------ */

enum { KCALL, IPC, VM, DS };
#define ALL (-1000)   /* every call of a kind */

struct documented {
	int kind, call, err;
};

static const struct documented bad_answers[] = {
#define BAD(kind, call, arg, value, err) { kind, call, err },
#define COUNT(kind, call, what)
#include <mica/badinput.h>
#undef BAD
#undef COUNT
};

static const struct documented count_answers[] = {
#define BAD(kind, call, arg, value, err)
#define COUNT(kind, call, what) { kind, call, 0 },
#include <mica/badinput.h>
#undef BAD
#undef COUNT
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Is r a documented answer of call (ALL: of any call of the kind)? */
static int documented(int kind, int call, int r)
{
	unsigned i;

	if (r == OK)
		return 1;
	for (i = 0; r > 0 && i < NELEM(count_answers); i++)
		if (count_answers[i].kind == kind && count_answers[i].call == call)
			return 1;
	for (i = 0; i < NELEM(bad_answers); i++)
		if (bad_answers[i].kind == kind && bad_answers[i].err == r &&
		    (call == ALL || bad_answers[i].call == ALL || bad_answers[i].call == call))
			return 1;
	return 0;
}

/* --- the protocol with the echo ---------------------------------------- */

#define FZ_TYPE   0x7a00        /* m_type of every protocol message */
#define FZ_MAGIC  0x66757a7au   /* raw.w[0] */
enum { FZ_SYNC = 1, FZ_ASYNC, FZ_CALL, FZ_REPORT, FZ_STOP, FZ_DONE };
enum { SYNC, ASYNC };           /* the two numbered channels */

static message proto(u32_t op, u32_t seq)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = FZ_TYPE;
	m.raw.w[0] = FZ_MAGIC;
	m.raw.w[1] = op;
	m.raw.w[2] = seq;
	return m;
}

static int is_proto(const message *m, u32_t op)
{
	return m->m_type == FZ_TYPE && m->raw.w[0] == FZ_MAGIC && m->raw.w[1] == op;
}

/*
 * The echo: count the numbered messages from the parent on each channel,
 * and fail if one comes twice or out of order (numbers only grow on a
 * channel: SEND, SENDNB and SENDREC arrive in order, and a sender's SENDA
 * entries in table order). Answer FZ_CALL (sent with SENDREC) and
 * FZ_REPORT; ignore everything else.
 */
static int role_echo(endpoint_t parent)
{
	u32_t last[2] = { 0, 0 }, count[2] = { 0, 0 }, bad = 0, ch;
	int answer = 0;   /* m holds an answer for the parent */
	message m;

	for (;;) {
		/* An answer goes with the next receive (REPLYREC); if the
		 * parent is not waiting for it, nothing was received yet. */
		if ((answer ? replyrec(parent, &m) : receive(ANY, &m)) != OK) {
			answer = 0;
			continue;
		}
		answer = 0;
		if (m.m_source != parent || m.m_type != FZ_TYPE || m.raw.w[0] != FZ_MAGIC)
			continue;
		switch (m.raw.w[1]) {
		case FZ_SYNC:
		case FZ_CALL:
		case FZ_ASYNC:
			ch = m.raw.w[1] == FZ_ASYNC ? ASYNC : SYNC;
			if (m.raw.w[2] <= last[ch]) {
				printf("fuzz: FAIL echo of %d: message %u on channel %u after %u: "
				       "delivered twice or out of order\n", parent, m.raw.w[2], ch, last[ch]);
				bad++;
			}
			last[ch] = m.raw.w[2];
			count[ch]++;
			if (m.raw.w[1] == FZ_CALL) {
				m.raw.w[3] = ~m.raw.w[2];
				answer = 1;
			}
			break;
		case FZ_REPORT:
			m.raw.w[2] = count[SYNC];
			m.raw.w[3] = count[ASYNC];
			m.raw.w[4] = bad;
			answer = 1;
			break;
		case FZ_STOP:
			return bad != 0;
		}
	}
}

/* --- the fuzzer's state ------------------------------------------------- */

static u32_t rng;               /* xorshift32 */
static u32_t seed, op_index;
static int failures;
static endpoint_t self, parent, echo;
static endpoint_t children[8];  /* the coordinator's workers */
static int nr_children;
static endpoint_t stale;        /* a child that has exited */
static int child_done[8];       /* a worker's FZ_DONE was taken: 1 ok, 2 failed */
static u32_t sent[2];           /* numbered messages the echo must have */
static u32_t next_seq = 1;

static u32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static u32_t below(u32_t n)
{
	return next() % n;
}

/* Check r against the documentation; what says what was done. */
static void expect(int kind, int call, int r, const char *what, u32_t a, u32_t b)
{
	if (documented(kind, call, r))
		return;
	printf("fuzz: FAIL seed %u op %u: %s (0x%x, 0x%x): got %d (%s), want one of the documented\n",
	       seed, op_index, what, a, b, r, errstr(r));
	failures++;
}

/* Ask for a CLOCK notification soon, so that a RECEIVE from ANY ends.
 * Without alarms (a kernel whose alarm.c is not written) every such
 * RECEIVE could wait forever: fail at once instead. */
static int alarm_soon(u32_t ticks)
{
	int r = sys_setalarm(ticks, NULL);

	if (r == OK)
		return 1;
	printf("fuzz: FAIL seed %u op %u: SYS_SETALARM(%u) gives %d (%s): without alarms "
	       "the fuzzer cannot wait\n", seed, op_index, ticks, r, errstr(r));
	failures++;
	return 0;
}

/* --- where pointers point ----------------------------------------------- */

#define R 1       /* readable */
#define W 2       /* writable, and stays so: the fuzzer writes there itself */
#define MAYBE 4   /* memory that VM may take away (heap, a mapping) */

struct place {
	vir_bytes addr;
	int access;
};

/* Where the kernel may write what it likes: places point into the first
 * three pages, and the kernel writes at most 8 KiB past a place (a
 * GETINFO table), so nothing of the fuzzer's own is ever reached.
 * Grants and maps round places to pages: from the page of any place,
 * three pages hold nothing of the fuzzer's own either (a writable map
 * of the page after a place would let the kernel write there through
 * the safemap places). So readonly has three pages of its own, and
 * program text is its first page, not main (in one layout the page
 * after readonly was .data, and next_seq went back to 0). */
static u8_t scratch[6 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const u8_t readonly[3 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE))) = { 1 };
static vir_bytes vanishing;     /* a mapped page, unmapped and mapped again */
static vir_bytes heap_edge;     /* see fuzz_senda_edge() */
static int vanishing_mapped;
static struct place places[24];
static int nr_places;

static void add_place(vir_bytes addr, int access)
{
	places[nr_places++] = (struct place){ addr, access };
}

static void places_init(void)
{
	vir_bytes heap = vm_brk(0);

	heap_edge = ((heap + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) + 8 * PAGE_SIZE;

	add_place((vir_bytes)scratch, R | W);
	add_place((vir_bytes)scratch + PAGE_SIZE + 1, R | W);      /* misaligned */
	add_place((vir_bytes)scratch + 2 * PAGE_SIZE - 20, R | W); /* straddles pages */
	add_place((vir_bytes)readonly, R);
	add_place(USER_BASE, R);                                     /* program text */
	if (vm_brk(heap + 4 * PAGE_SIZE) != 0)
		add_place(heap + PAGE_SIZE, MAYBE);                   /* heap, by demand */
	add_place(USER_STACK_LOW + 16 * PAGE_SIZE, R | W);           /* deep stack, by demand */
	add_place(0, 0);
	add_place(0x1000, 0);
	add_place(0x100000, 0);                                      /* kernel code */
	add_place(KERNEL_SPACE_END - 16, 0);                         /* runs into user space */
	add_place(0x60000000, MAYBE);                                /* unmapped, till the heap grows */
	add_place(USER_SAFEMAP_BASE, MAYBE);                         /* our safemaps, if any */
	add_place(USER_SAFEMAP_BASE + 3 * PAGE_SIZE - 20, MAYBE);
	add_place(USER_END - 8, 0);                                  /* runs out of user space */
	add_place(WINDOW_BASE, 0);
	add_place(WINDOW_BASE + PDE_SPAN + 0x10, 0);
	add_place(0xfffffff0, 0);
	vanishing = (vir_bytes)vm_mmap(PAGE_SIZE);
	vanishing_mapped = vanishing != 0;
	if (vanishing != 0)
		add_place(vanishing, MAYBE);
}

/* A random place; *access says what it allows as far as we know (0:
 * surely nothing). */
static vir_bytes place(int *access)
{
	const struct place *p = &places[below(nr_places)];

	*access = p->access;
	if (p->access != 0 && below(8) == 0)
		return p->addr + below(64);   /* anywhere near it (in our memory only:
		                                 near a kernel address is ours) */
	return p->addr;
}

/* --- endpoints ---------------------------------------------------------- */

/* Well formed, but of a generation no slot reaches in this run. */
static endpoint_t never_issued(void)
{
	return endpoint_make(below(NR_PROCS), 100000 + below(1000));
}

/* An endpoint that fails at once whatever is done with it. */
static endpoint_t failing_endpoint(void)
{
	static const endpoint_t fixed[] = { ANY, NONE, SELF, KERNEL, IDLE, -5, -0x7fffffff,
	                                    0x7fffffff, NR_PROCS, ENDPOINT_GEN_SIZE - 1 };

	switch (below(4)) {
	case 0:
		return fixed[below(NELEM(fixed))];
	case 1:
		return stale;
	case 2:
		return never_issued();
	default:
		return self;
	}
}

/* A well-formed endpoint of no process (nor ANY, which VM_WAIT takes
 * for any child). */
static endpoint_t dead_endpoint(void)
{
	return below(2) ? stale : never_issued();
}

/* A partner that receives from ANY and answers whatever it gets, so a
 * blocking send to it ends. */
static endpoint_t answering_partner(void)
{
	switch (below(nr_children > 0 ? 5 : 4)) {
	case 0:
		return VM_PROC_NR;
	case 1:
		return echo;
	case 2:
		return parent != NONE ? parent : echo;
	case 3:
		return DS_PROC_NR;
	default:
		return children[below(nr_children)];
	}
}

/* Any endpoint at all, for what never blocks. */
static endpoint_t any_endpoint(void)
{
	switch (below(4)) {
	case 0:
		return (endpoint_t)next();
	case 1:
		return INIT_PROC_NR;
	case 2:
		return failing_endpoint();
	default:
		return answering_partner();
	}
}

/* --- messages ----------------------------------------------------------- */

static void random_words(message *m)
{
	unsigned i;

	m->m_source = next();
	m->m_type = next();
	for (i = 0; i < NELEM(m->raw.w); i++)
		m->raw.w[i] = below(4) == 0 ? next() : below(0x100);
	if ((m->m_type & ~0xff) == FZ_TYPE)
		m->m_type = 0;   /* never mistaken for the protocol */
}

static void random_safemap(struct mess_vm_safemap *sm);

/* A request VM may get from us: random fields, but never one that would
 * make VM wait for or hold one of our children, or start a program (a
 * child that then lives on is the fuzzer's mistake, not VM's). */
static void random_vm_request(message *m)
{
	static const int types[] = { VM_SPAWN, VM_WAIT, VM_INFO, VM_BRK, VM_MMAP, VM_MUNMAP,
	                             VM_HOLD, VM_KILL, VM_PAGEFAULT, VM_EXITED, VM_MEMREQUEST,
	                             VM_SAFEMAP, VM_SAFEUNMAP, VM_SAFEREVMAP, VM_SAFEMAP,
	                             NOTIFY_MESSAGE, 0, 0x7777 };
	static const endpoint_t not_ours[] = { VM_PROC_NR, INIT_PROC_NR, KERNEL, SELF, NONE };
	int access;

	random_words(m);
	m->m_type = types[below(NELEM(types))];
	switch (m->m_type) {
	case VM_SPAWN:   /* a bad command line, or no such program */
		if (below(2) == 0) {
			m->vm_spawn.cmdline = place(&access);
			if (access != 0)
				m->vm_spawn.len = 0;
		} else {
			m->vm_spawn.cmdline = (vir_bytes)"nosuchprogram arg";
			m->vm_spawn.len = below(20);
		}
		break;
	case VM_WAIT:
		m->vm_wait.endpt = dead_endpoint();
		break;
	case VM_HOLD:
		m->vm_hold.endpt = below(2) ? dead_endpoint() : INIT_PROC_NR;
		break;
	case VM_KILL:   /* never one of ours */
		m->vm_kill.endpt = below(2) ? dead_endpoint() : not_ours[below(NELEM(not_ours))];
		break;
	case VM_BRK:
		if (below(2) == 0)
			m->vm_brk.addr = vm_brk(0) + below(8 * PAGE_SIZE) - 4 * PAGE_SIZE;
		break;
	case VM_MMAP:
		if (below(2) == 0)
			m->vm_mmap.len = below(4 * PAGE_SIZE);
		break;
	case VM_MUNMAP:
		if (below(2) == 0 && vanishing_mapped) {
			m->vm_mmap.addr = vanishing + (below(4) == 0 ? PAGE_SIZE : 0);
			m->vm_mmap.len = below(2 * PAGE_SIZE);
		}
		break;
	case VM_SAFEMAP:
	case VM_SAFEUNMAP:
	case VM_SAFEREVMAP:
		random_safemap(&m->vm_safemap);
		break;
	}
}

/* --- grants ------------------------------------------------------------ */

/* Our grant table: random entries, registered now and then with random
 * sizes, and every id a call uses is one of ours, one near them, or
 * garbage. A direct grant points at a place and holds at most 8 KiB, so
 * whatever a chain passes on, a safecopy that the kernel lets through
 * writes only where the kernel may write anyway (a place has 8 KiB of
 * room after it). Offsets and sizes may be anything: they only fail. */
#define FZ_GRANTS 16
static cp_grant_t grants[FZ_GRANTS + 2];

static cp_grant_id_t some_grant(void)
{
	switch (below(4)) {
	case 0:
		return (cp_grant_id_t)next();
	case 1:
		return grant_id((int)below(FZ_GRANTS + 2), below(3));
	default:
		return grant_id((int)below(FZ_GRANTS), grants[below(FZ_GRANTS)].cp_gen);
	}
}

static endpoint_t some_granter(void)
{
	static const endpoint_t others[] = { VM_PROC_NR, DS_PROC_NR, INIT_PROC_NR };

	switch (below(4)) {
	case 0:
		return failing_endpoint();
	case 1:
		return below(2) ? echo : others[below(NELEM(others))];
	default:
		return self;
	}
}

/* The fields of a VM_SAFEMAP, VM_SAFEUNMAP or VM_SAFEREVMAP: mostly
 * whole pages of one of our grants (whose memory is a place), or of
 * someone else's, and addresses near where VM puts mappings. What maps
 * is our own memory, so what the kernel then writes there for us lands
 * where it may write anyway; we never touch it ourselves. */
static void random_safemap(struct mess_vm_safemap *sm)
{
	int access;

	sm->granter = some_granter();
	sm->grant = some_grant();
	sm->offset = below(4) ? below(3) * PAGE_SIZE : below(2) ? below(3 * PAGE_SIZE) : next();
	sm->len = below(4) ? (1 + below(2)) * PAGE_SIZE : below(2) ? below(3 * PAGE_SIZE) : next();
	sm->flags = below(4) ? below(2) * SAFEMAP_WRITE : next();
	switch (below(4)) {
	case 0:
		sm->addr = place(&access);
		break;
	case 1:
		sm->addr = next();
		break;
	default:
		sm->addr = USER_SAFEMAP_BASE + below(SAFEMAP_PER_PROC + 4) * PAGE_SIZE;
		break;
	}
}

/* A grant that maps, most of the time: one or two pages of a place of
 * ours (rounded down to its page), for ourselves, with CPF_MAP and
 * CPF_READ, in a slot of our table, which is registered whole. Random
 * entries seldom are all that; without these few maps would be made. */
static cp_grant_id_t mappable_grant(void)
{
	int slot = (int)below(FZ_GRANTS), access;
	cp_grant_t *g = &grants[slot];
	vir_bytes base = place(&access) & ~(PAGE_SIZE - 1);

	g->cp_flags = 0;
	g->cp_grantee = self;
	g->u.direct.base = base;
	g->u.direct.len = (1 + below(2)) * PAGE_SIZE;
	g->cp_flags = CPF_VALID | CPF_DIRECT | CPF_MAP | CPF_READ | (below(2) ? CPF_WRITE : 0);
	expect(KCALL, SYS_SETGRANT, sys_setgrant(grants, FZ_GRANTS), "SYS_SETGRANT", FZ_GRANTS, 0);
	return grant_id(slot, g->cp_gen);
}

static void random_grant(cp_grant_t *g)
{
	static const u32_t kinds[] = { CPF_DIRECT, CPF_DIRECT, CPF_INDIRECT, CPF_INDIRECT,
	                               CPF_MAGIC, 0, CPF_DIRECT | CPF_INDIRECT };
	static const endpoint_t grantees[] = { 0, 0, 0, DS_PROC_NR, VM_PROC_NR };
	int access;

	memset(g, 0, sizeof(*g));
	g->cp_flags = kinds[below(NELEM(kinds))] | below(8) | (below(8) ? CPF_VALID : 0) |
	              (below(16) ? 0 : 1u << (8 + below(20)));
	g->cp_gen = below(4) ? 0 : below(3);
	g->cp_grantee = below(6) == 0 ? echo : grantees[below(NELEM(grantees))];
	if (g->cp_grantee == 0)
		g->cp_grantee = self;
	if (g->cp_flags & CPF_INDIRECT) {
		g->u.indirect.granter = some_granter();
		g->u.indirect.id = some_grant();
		g->u.indirect.offset = below(4) ? below(256) : next();
		g->u.indirect.len = below(4) ? below(2 * PAGE_SIZE) : next();
	} else if (g->cp_flags & CPF_MAGIC) {
		g->u.magic.owner = some_granter();
		g->u.magic.base = place(&access);
		g->u.magic.len = below(PAGE_SIZE);
	} else {
		g->u.direct.base = place(&access);
		g->u.direct.len = below(2 * PAGE_SIZE + 1);
	}
}

/* One safecopy's arguments: a buffer of ours is a place, and no more
 * than 8 KiB move (a place has that much room after it, in scratch). */
static void random_safecopy(struct mess_safecopy *sc)
{
	int access;

	sc->granter = some_granter();
	sc->grant = some_grant();
	sc->offset = below(4) ? below(512) : next();
	sc->addr = place(&access);
	sc->bytes = below(8) ? below(2 * PAGE_SIZE) : next();
	sc->to = below(8) ? below(2) : next();
	if (!(access & W) && sc->to == 0 && sc->bytes > 0 && below(2))
		sc->addr = (vir_bytes)scratch;   /* mostly somewhere it may land */
}

/* Where the table was last registered (case 0 below), to put it back. */
static cp_grant_t *table_at = grants;
static u32_t table_entries;

/* Copy-on-write, with an oracle: a good safecopy of whole pages between
 * two buffers of ours (through a one-entry table of its own for the
 * time), then the bytes must match, and a write on either side must not
 * show on the other. Offsets are mostly the same within a page (shared),
 * sometimes not (copied), with partial pages at the ends now and then. */
#define COW_BYTES ((SAFECOPY_COW_PAGES + 2) * PAGE_SIZE)
static u8_t cow_src[COW_BYTES] __attribute__((aligned(PAGE_SIZE)));
static u8_t cow_dst[COW_BYTES] __attribute__((aligned(PAGE_SIZE)));

static void fuzz_cow(void)
{
	static cp_grant_t own[1];
	u32_t off = below(3) ? 0 : below(PAGE_SIZE), doff = below(4) ? off : below(PAGE_SIZE);
	u32_t bytes = SAFECOPY_COW_PAGES * PAGE_SIZE + below(PAGE_SIZE), k;
	int to = (int)below(2), r;
	volatile u8_t *mine, *other;
	u8_t before;

	cow_src[below(COW_BYTES)] = (u8_t)next();   /* something new to copy */
	cow_dst[below(COW_BYTES)] = (u8_t)next();
	own[0] = (cp_grant_t){ .cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ | CPF_WRITE,
	                       .cp_grantee = self,
	                       .u.direct = { (vir_bytes)cow_src, COW_BYTES } };
	if (sys_setgrant(own, 1) != OK)
		return;
	r = to ? sys_safecopyto(self, grant_id(0, 0), off, cow_dst + doff, bytes)
	       : sys_safecopyfrom(self, grant_id(0, 0), off, cow_dst + doff, bytes);
	if (r != OK || memcmp(cow_src + off, cow_dst + doff, bytes) != 0) {
		printf("fuzz: FAIL seed %u op %u: a safecopy of %u bytes %s offset %u/%u: %s\n",
		       seed, op_index, bytes, to ? "to" : "from", off, doff,
		       r != OK ? errstr(r) : "the bytes differ");
		failures++;
	}
	/* A write on one side, where the copy put the same byte on the other. */
	k = below(bytes);
	mine = to ? &cow_dst[doff + k] : &cow_src[off + k];
	other = to ? &cow_src[off + k] : &cow_dst[doff + k];
	if (below(2)) {
		volatile u8_t *swap = mine;

		mine = other;
		other = swap;
	}
	before = *other;
	*mine ^= 0x5a;
	if (*other != before) {
		printf("fuzz: FAIL seed %u op %u: a write after a copy-on-write safecopy shows on "
		       "the other side\n", seed, op_index);
		failures++;
	}
	sys_setgrant(table_at, table_entries);
}

static void fuzz_grant(void)
{
	struct mess_safecopy vec[VSAFECOPY_MAX + 1];
	cp_grant_t *table;
	void *mapped;
	message m;
	u32_t i, n;
	int r, access;

	switch (below(12)) {
	case 11:
		fuzz_cow();
		break;
	case 8:
	case 9:   /* map a grant, unmap, revoke mappings (VM_SAFEMAP and friends) */
		random_safemap(&m.vm_safemap);
		if (below(2)) {   /* one that may well work */
			m.vm_safemap.granter = self;
			m.vm_safemap.grant = mappable_grant();
			m.vm_safemap.offset = below(2) * PAGE_SIZE;
			m.vm_safemap.len = PAGE_SIZE;
			m.vm_safemap.flags = below(2) * SAFEMAP_WRITE;
		}
		r = sys_safemap(m.vm_safemap.granter, m.vm_safemap.grant, m.vm_safemap.offset,
		                m.vm_safemap.len, m.vm_safemap.flags, &mapped);
		expect(VM, VM_SAFEMAP, r, "VM_SAFEMAP", (u32_t)m.vm_safemap.granter,
		       (u32_t)m.vm_safemap.grant);
		break;
	case 10:
		random_safemap(&m.vm_safemap);
		if (below(2)) {
			r = sys_safeunmap((void *)m.vm_safemap.addr);
			expect(VM, VM_SAFEUNMAP, r, "VM_SAFEUNMAP", m.vm_safemap.addr, 0);
		} else {
			r = sys_saferevmap(m.vm_safemap.grant);
			expect(VM, VM_SAFEREVMAP, r, "VM_SAFEREVMAP", (u32_t)m.vm_safemap.grant, 0);
		}
		break;
	case 0:   /* register the table, with a size that may be wrong */
		n = below(4) ? below(FZ_GRANTS + 1) : next();
		table = below(8) ? grants : (cp_grant_t *)place(&access);
		r = sys_setgrant(table, n);
		expect(KCALL, SYS_SETGRANT, r, "SYS_SETGRANT", n, 0);
		if (r == OK) {   /* what fuzz_cow() puts back */
			table_at = table;
			table_entries = n;
		}
		break;
	case 1:
	case 2:   /* change an entry, as the library would not */
		random_grant(&grants[below(FZ_GRANTS)]);
		break;
	case 3:
		n = below(VSAFECOPY_MAX + 2);
		for (i = 0; i < n; i++)
			random_safecopy(&vec[i]);
		r = sys_vsafecopy(vec, n);
		expect(KCALL, SYS_VSAFECOPY, r, "SYS_VSAFECOPY", n, 0);
		break;
	default:
		memset(&m, 0, sizeof(m));
		random_safecopy(&m.safecopy);
		r = _kernel_call(SYS_SAFECOPY, &m);
		expect(KCALL, SYS_SAFECOPY, r, "SYS_SAFECOPY", (u32_t)m.safecopy.granter,
		       (u32_t)m.safecopy.grant);
		break;
	}
}

/* A request for DS: random fields, keys often short and valid, grants
 * often ours (DS then copies from or to a place of ours). */
static void random_ds_request(message *m)
{
	static const int types[] = { DS_PUBLISH, DS_PUBLISH, DS_RETRIEVE, DS_RETRIEVE,
	                             DS_DELETE, DS_SUBSCRIBE, DS_CHECK, DS_LIST, NOTIFY_MESSAGE,
	                             0x3ff };
	static const char *keys[] = { "fz", "fz.a", "fz.*", "*", "a*b*c*d*e*f*g*h", "" };
	u32_t i;

	random_words(m);
	m->m_type = types[below(NELEM(types))];
	if (below(4))
		strlcpy(m->ds.key, keys[below(NELEM(keys))], sizeof(m->ds.key));
	else if (below(2))
		for (i = 0; i < sizeof(m->ds.key); i++)
			m->ds.key[i] = (char)next();   /* perhaps without a NUL */
	m->ds.flags = below(4) ? 1 + below(5) + (below(4) ? 0 : DSF_OVERWRITE) : next();
	m->ds.value = below(2) ? (u32_t)self : next();
	m->ds.grant = some_grant();
	m->ds.len = below(4) ? below(DS_MEM_MAX + 16) : next();
}

/* A message for target: numbered for the echo (always for FZ_CALL: the
 * echo answers nothing else), a request for VM or DS, random for anyone
 * else. op is the protocol's FZ_SYNC or FZ_CALL. */
static void message_for(endpoint_t target, message *m, u32_t op)
{
	if (target == echo && (op == FZ_CALL || below(8) != 0))
		*m = proto(op, next_seq);
	else if (target == VM_PROC_NR)
		random_vm_request(m);
	else if (target == DS_PROC_NR)
		random_ds_request(m);
	else
		random_words(m);
}

/* --- one operation ------------------------------------------------------ */

/* The index of a worker in children[], or -1. */
static int child_index(endpoint_t e)
{
	int i;

	for (i = 0; i < nr_children; i++)
		if (children[i] == e)
			return i;
	return -1;
}

/* What a RECEIVE from ANY brought: a worker's last word is counted; a
 * parent or worker may be waiting in SENDREC for an answer, so it gets
 * one (it loses it if it is not waiting). */
static void take(const message *m)
{
	message reply;

	int child = child_index(m->m_source);

	if (child >= 0 && is_proto(m, FZ_DONE)) {
		child_done[child] = m->raw.w[2] == 0 ? 1 : 2;
	} else if (m->m_source == parent || child >= 0) {
		random_words(&reply);
		sendnb(m->m_source, &reply);
	}
}

static void fuzz_send(int op)
{
	static message msg;
	endpoint_t to = below(4) == 0 ? failing_endpoint() : answering_partner();
	message *m = &msg;
	int access, r, numbered, type;

	if (op == SENDNB || op == REPLYREC)
		to = below(4) == 0 ? INIT_PROC_NR : any_endpoint();
	message_for(to, m, op == SENDREC ? FZ_CALL : FZ_SYNC);
	if (below(8) == 0) {   /* the message somewhere else */
		m = (message *)place(&access);
		if (access != 0 && op == SENDREC && to == echo)
			m = &msg;   /* the echo would never answer it */
		else if (access & W)
			random_words(m);
	}
	numbered = to == echo && m == &msg && msg.m_type == FZ_TYPE;
	type = m == &msg ? msg.m_type : ALL;
	if (op == REPLYREC && !alarm_soon(1 + below(2)))
		return;   /* its receive must end */
	r = _ipc(op, to, m);
	expect(IPC, op, r, op == SEND ? "SEND" : op == SENDNB ? "SENDNB" :
	       op == REPLYREC ? "REPLYREC" : "SENDREC", to, (vir_bytes)m);
	if (r == OK && op == REPLYREC)
		take(m);   /* what its receive brought */
	if (r == OK && op == SENDREC && to == VM_PROC_NR)
		expect(VM, type, m->m_type, "VM's reply", (u32_t)type, 0);
	if (r == OK && op == SENDREC && to == DS_PROC_NR)
		expect(DS, type, m->m_type, "DS's reply", (u32_t)type, 0);
	if (r != OK || !numbered)
		return;
	next_seq++;
	sent[SYNC]++;
	if (op == SENDREC && (!is_proto(m, FZ_CALL) || m->raw.w[3] != ~m->raw.w[2] ||
	                      m->m_source != echo)) {
		printf("fuzz: FAIL seed %u op %u: SENDREC to the echo: the reply is not the answer "
		       "to message %u\n", seed, op_index, next_seq - 1);
		failures++;
	}
}

static void fuzz_receive(void)
{
	static message msg;
	message *m = &msg;
	endpoint_t from;
	int access, r;

	switch (below(4)) {
	case 0:
		from = failing_endpoint();
		break;
	case 1:
		from = CLOCK;
		break;
	default:
		from = ANY;
		break;
	}
	if (below(8) == 0)
		m = (message *)place(&access);
	if ((from == ANY || from == CLOCK) && !alarm_soon(1 + below(2)))
		return;   /* something will come, or nothing is tried */
	r = receive(from, m);
	expect(IPC, RECEIVE, r, "RECEIVE", from, (vir_bytes)m);
	if (r == OK)
		take(m);   /* wherever it is, the kernel has just put it there */
}

/* SENDA tables: two of ours, used in turn, so that the one replaced by a
 * new SENDA can be read for what was delivered, and odd ones. */
static asynmsg_t tables[2][NR_ASYNC_MAX];
static int current = -1;        /* the table the kernel has, or -1 */
static u32_t table_seq[2][NR_ASYNC_MAX];

/* Table t was not given to the kernel after all: nothing to count. */
static void forget(int t)
{
	memset(table_seq[t], 0, sizeof(table_seq[t]));
}

/* The kernel has let go of table t: count what it delivered to the echo. */
static void harvest(int t)
{
	int i;

	for (i = 0; i < NR_ASYNC_MAX; i++) {
		if (table_seq[t][i] == 0)
			continue;
		if ((tables[t][i].flags & AMF_DONE) && tables[t][i].result == OK)
			sent[ASYNC]++;
		table_seq[t][i] = 0;
	}
}

static void fuzz_senda(void)
{
	int t = current == 0 ? 1 : 0, i, n = (int)below(NR_ASYNC_MAX + 8), access, r;
	asynmsg_t *tab = tables[t];

	if (below(6) == 0) {   /* an odd table: anywhere, any count */
		tab = (asynmsg_t *)place(&access);
		if (access & W)
			for (i = 0; i < 3; i++) {
				tab[i].flags = AMF_VALID;
				tab[i].dst = any_endpoint();
				random_words(&tab[i].msg);
			}
		n = below(4) == 0 ? (int)next() : (int)below(4);
	} else {
		for (i = 0; i < NR_ASYNC_MAX; i++) {
			tab[i].flags = below(8) == 0 ? next() & ~AMF_DONE : AMF_VALID;
			tab[i].dst = below(2) ? echo : any_endpoint();
			tab[i].result = next();
			if (tab[i].dst == echo && tab[i].flags == AMF_VALID && i < n &&
			    n <= NR_ASYNC_MAX) {
				tab[i].msg = proto(FZ_ASYNC, next_seq++);
				table_seq[t][i] = tab[i].msg.raw.w[2];
			} else if (tab[i].dst == VM_PROC_NR) {
				random_vm_request(&tab[i].msg);
			} else {
				random_words(&tab[i].msg);
			}
		}
	}
	r = senda(tab, n);
	expect(IPC, SENDA, r, "SENDA", n, (vir_bytes)tab);
	if (r == EINVAL) {
		forget(t);   /* refused before anything: the old table stays */
	} else if (tab == tables[t] && r == OK && n > 0) {
		if (current >= 0)
			harvest(current);
		current = t;
	} else {
		/* The kernel has no table of ours now (none, or the odd one):
		 * neither can be touched any more. */
		if (current >= 0)
			harvest(current);
		harvest(t);
		current = -1;
	}
	for (i = 0; tab == tables[t] && r == OK && i < n && n <= NR_ASYNC_MAX; i++)
		if ((tab[i].flags & AMF_DONE) && tab[i].result != OK && tab[i].flags & AMF_VALID)
			expect(IPC, SENDA, tab[i].result, "a SENDA entry's result", tab[i].dst, i);
}

/* A table across the end of the heap: SENDA takes it whole, then the
 * page with all but its first entry goes. A receiver that takes the
 * first entry then faults on the second. */
static void fuzz_senda_edge(void)
{
	asynmsg_t *tab = (asynmsg_t *)heap_edge - 1;
	int i, n = 2 + (int)below(3), r;

	if (vm_brk(heap_edge + PAGE_SIZE) == 0)
		return;
	for (i = 0; i < n; i++) {
		tab[i].flags = AMF_VALID;
		tab[i].dst = below(2) ? echo : any_endpoint();
		if (tab[i].dst == VM_PROC_NR)
			random_vm_request(&tab[i].msg);
		else
			random_words(&tab[i].msg);
	}
	r = senda(tab, n);
	expect(IPC, SENDA, r, "SENDA across the heap's end", n, (vir_bytes)tab);
	if (current >= 0)
		harvest(current);   /* replaced (or, on EFAULT, withdrawn) */
	current = -1;
	vm_brk(heap_edge);
}

static void fuzz_notify(void)
{
	endpoint_t to = any_endpoint();

	expect(IPC, NOTIFY, notify(to), "NOTIFY", to, 0);
}

static void fuzz_bad_primitive(void)
{
	static const int ops[] = { 0, 7, 15, 17, 99, -1, 0x7fffffff };
	int op = ops[below(NELEM(ops))], access;
	vir_bytes m = place(&access);

	expect(IPC, ALL, _ipc(op, any_endpoint(), (void *)m), "a bad IPC primitive", op, m);
}

static void fuzz_kcall(void)
{
	static message msg;
	int nr = below(8) == 0 ? (int)next() : (int)below(NR_SYS_CALLS + 2) - 1;
	message *m = &msg;
	int access, r;

	random_words(&msg);
	if (below(6) == 0) {
		m = (message *)place(&access);
		if (access & W)
			random_words(m);
		if (access & W && nr == SYS_DIAG_WRITE)
			m->diag.len = 0;   /* print nothing */
		else if (nr == SYS_EXIT || (access != 0 && nr == SYS_DIAG_WRITE))
			nr = SYS_UPTIME;   /* it might end us, or print */
	}
	switch (nr) {
	case SYS_EXIT:   /* only the refused ones */
		if (m == &msg)
			msg.exit.status = below(2) ? -1 - (int)below(100) : 256 + (int)below(100);
		break;
	case SYS_DIAG_WRITE:   /* nothing printed: readable text gets length 0 */
		msg.diag.buf = place(&access);
		if (access != 0)
			msg.diag.len = below(4) == 0 ? 4097 + below(100) : 0;
		break;
	case SYS_GETINFO:
		msg.getinfo.what = below(11);
		msg.getinfo.buf = place(&access);
		msg.getinfo.size = below(3) == 0 ? next() : below(2 * PAGE_SIZE);
		msg.getinfo.endpt = any_endpoint();
		break;
	case SYS_SETALARM:
		msg.alarm.ticks = below(4) == 0 ? next() : below(20);
		break;
	}
	r = _kernel_call(nr, m);
	expect(KCALL, nr, r, "a kernel call", nr, (vir_bytes)m);
}

/* The vanishing page comes and goes, under SENDA tables and buffers. */
static void fuzz_remap(void)
{
	if (vanishing_mapped) {
		if (vm_munmap((void *)vanishing, PAGE_SIZE) == OK)
			vanishing_mapped = 0;
	} else if ((vir_bytes)vm_mmap(PAGE_SIZE) == vanishing) {
		vanishing_mapped = 1;
	}
}

static void one_operation(void)
{
	u32_t what = below(100);

	if (what < 15)
		fuzz_send(SEND);
	else if (what < 28)
		fuzz_send(SENDREC);
	else if (what < 34)
		fuzz_send(SENDNB);
	else if (what < 38)
		fuzz_send(REPLYREC);
	else if (what < 48)
		fuzz_receive();
	else if (what < 56)
		fuzz_notify();
	else if (what < 66)
		fuzz_senda();
	else if (what < 68)
		fuzz_senda_edge();
	else if (what < 71)
		fuzz_bad_primitive();
	else if (what < 90)
		fuzz_kcall();
	else if (what < 98)
		fuzz_grant();
	else
		fuzz_remap();
}

/* --- running it --------------------------------------------------------- */

/* Take back our SENDA table, then check the echo's counts against ours
 * and stop it. */
static void settle_with_echo(void)
{
	message m;
	int status = -1, killed = -1;

	if (senda(NULL, 0) != OK)
		failures++;
	if (current >= 0)
		harvest(current);
	current = -1;
	m = proto(FZ_REPORT, 0);
	if (sendrec(echo, &m) != OK || !is_proto(&m, FZ_REPORT)) {
		printf("fuzz: FAIL seed %u: the echo does not report\n", seed);
		failures++;
	} else if (m.raw.w[2] != sent[SYNC] || m.raw.w[3] != sent[ASYNC] || m.raw.w[4] != 0) {
		printf("fuzz: FAIL seed %u: the echo got %u sent and %u asynchronous messages, "
		       "we were told %u and %u were delivered\n",
		       seed, m.raw.w[2], m.raw.w[3], sent[SYNC], sent[ASYNC]);
		failures++;
	}
	m = proto(FZ_STOP, 0);
	send(echo, &m);
	if (vm_wait(echo, &status, &killed) != OK || status != 0 || killed) {
		printf("fuzz: FAIL seed %u: the echo ended with status %d%s\n", seed, status,
		       killed ? ", killed" : "");
		failures++;
	}
}

static void run(u32_t ops, int report_progress)
{
	endpoint_t e;
	int status, killed;

	places_init();
	e = start_helper("fuzz exit");
	vm_wait(e, &status, &killed);
	stale = e;
	echo = start_helper("fuzz echo %d", self);
	for (op_index = 0; op_index < ops; op_index++) {
		one_operation();
		if (report_progress && (op_index + 1) % 100000 == 0)
			printf("fuzz: %u operations\n", op_index + 1);
	}
	settle_with_echo();
}

/* A worker's last word to its parent: a blocking send, which the parent
 * may be refusing (ELOCKED) while it sends to us: take its message then. */
static void tell_parent(void)
{
	message m = proto(FZ_DONE, (u32_t)failures);
	int r;

	while ((r = send(parent, &m)) == ELOCKED) {
		message in;

		if (!alarm_soon(1))
			return;
		if (receive(ANY, &in) == OK)
			take(&in);
	}
}

/* The coordinator's end: every worker says it is done (answering what
 * they send meanwhile), then is waited for. */
static int collect(void)
{
	int i, status, killed, bad = 0, waiting = nr_children;
	message m;

	while (waiting > 0) {
		if (!alarm_soon(2))
			return bad + nr_children;
		if (receive(ANY, &m) == OK)
			take(&m);
		for (i = 0, waiting = 0; i < nr_children; i++) {
			if (child_done[i] == 0 && sys_procname(children[i], NULL, 0) != OK) {
				printf("fuzz: FAIL seed %u: worker %d ended without its report\n",
				       seed, children[i]);
				child_done[i] = 2;
			}
			waiting += child_done[i] == 0;
		}
	}
	for (i = 0; i < nr_children; i++)
		if (child_done[i] != 1 || vm_wait(children[i], &status, &killed) != OK ||
		    status != 0 || killed)
			bad++;
	return bad;
}

static u32_t arg_u32(const char *s)
{
	u32_t v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (u32_t)(*s - '0');
	return v;
}

int main(int argc, char **argv)
{
	u32_t ops, i;
	int workers, bad;

	sys_whoami(&self, NULL, 0);
	parent = NONE;
	if (argc == 2 && strcmp(argv[1], "exit") == 0)
		return 0;
	if (argc == 3 && strcmp(argv[1], "echo") == 0)
		return role_echo(arg_int(argv[2]));
	if (argc == 5 && strcmp(argv[1], "worker") == 0) {
		seed = rng = arg_u32(argv[2]);
		parent = arg_int(argv[4]);
		run(arg_u32(argv[3]), 0);
		tell_parent();
		return failures != 0;
	}
	if (argc < 3)
		panic("usage: fuzz SEED OPS [WORKERS]");
	seed = arg_u32(argv[1]);
	ops = arg_u32(argv[2]);
	workers = argc >= 4 ? arg_int(argv[3]) : 2;
	if (workers < 0 || workers > (int)NELEM(children))
		panic("at most %d workers", (int)NELEM(children));
	for (i = 0; i < (u32_t)workers; i++)
		children[nr_children++] = start_helper("fuzz worker %u %u %d",
		                                       (seed ^ ((i + 1) * 0x9e3779b9u)) | 1,
		                                       ops / (workers + 1), self);
	rng = seed | 1;
	run(ops / (workers + 1), 1);
	bad = collect() + failures;
	printf("fuzz: seed %u: %u operations in %d processes, %d failures\n", seed,
	       ops / (workers + 1) * (workers + 1), workers + 1, bad);
	return bad != 0;
}
