/*
 * Tests for grant verification in kernel/grant.c (grant_verify),
 * compiled for the host unchanged: every check with its own error, the
 * intersection of rights and ranges over indirect chains, depth and
 * loops, magic grants and their privilege; then thousands of random
 * tables and chains, each judged against a model written here from
 * <mica/grant.h>'s rules (a recursive walk over explicit intervals, not
 * grant.c's loop).
 *
 * What grant.c calls in the rest of the kernel is faked here: vcopy,
 * which reads a process's "user memory" (one host array per process,
 * at user address TABLE_AT) and can be made to fault. panic, for
 * proc.c (linked for the process table and proc_lookup), is the kernel
 * suites' one (tests/fake_panic.c).
 *
 * grant.c hands vcopy the address of its own buffer as a vir_bytes, as
 * the i386 kernel may: 32 bits. So grant_verify runs here on a stack
 * mapped below 4 GiB (MAP_32BIT), switched to with swapcontext, where
 * such an address survives the round trip.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "suite.h"
#include "mica_kernel.h"
#include "fake_panic.h"

#define TABLE_AT (USER_BASE + 0x10000)   /* where each fake table lives */
#define SLOTS 16
#define NPROCS 4                          /* processes in slots 1..4 */

/* --- fakes of the rest of the kernel --- */

static cp_grant_t tables[NPROCS + 1][SLOTS];   /* by slot */
static int table_faults;                        /* vcopy of a table faults */
static int reads;                               /* entries read */

int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst, size_t len)
{
	vir_bytes off = src - TABLE_AT;

	ck_assert_ptr_null(dst_p);   /* grant.c only reads tables into the kernel */
	ck_assert_msg(src_p != NULL && src_p->p_nr >= 1 && src_p->p_nr <= NPROCS,
		      "vcopy from an unexpected process");
	if (table_faults || src < TABLE_AT || off + len > sizeof(tables[0]))
		return EFAULT;
	memcpy((void *)(uintptr_t)dst, (u8_t *)tables[src_p->p_nr] + off, len);
	reads++;
	return OK;
}

/* --- helpers --- */

static struct proc *procs[NPROCS + 1];
#define EP(n) (procs[n]->p_endpoint)

static void setup(void)
{
	int n;

	proc_init();
	memset(tables, 0, sizeof(tables));
	table_faults = reads = 0;
	for (n = 1; n <= NPROCS; n++) {
		procs[n] = proc_addr(n);
		rts_clear(procs[n], RTS_SLOT_FREE);
		procs[n]->p_grant_table = TABLE_AT;
		procs[n]->p_grant_entries = SLOTS;
	}
}

static void direct(int owner, int slot, int grantee, vir_bytes base, vir_bytes len, u32_t access)
{
	tables[owner][slot] = (cp_grant_t){ .cp_flags = CPF_VALID | CPF_DIRECT | access,
		.cp_grantee = EP(grantee), .u.direct = { base, len } };
}

static void indirect(int owner, int slot, int grantee, int granter, cp_grant_id_t id,
                     vir_bytes offset, vir_bytes len, u32_t access)
{
	tables[owner][slot] = (cp_grant_t){ .cp_flags = CPF_VALID | CPF_INDIRECT | access,
		.cp_grantee = EP(grantee),
		.u.indirect = { EP(granter), id, offset, len } };
}

/* One grant_verify call, run on the low stack. */
#define LOW_STACK_SIZE (64 * 1024)
static ucontext_t caller_context, low_context;
static void *low_stack;
static struct {
	struct proc *grantee;
	endpoint_t granter;
	cp_grant_id_t id;
	vir_bytes offset, bytes;
	u32_t access;
	struct grant_target *t;
	int result;
} call;

static void run_call(void)
{
	call.result = grant_verify(call.grantee, call.granter, call.id, call.offset, call.bytes,
				   call.access, call.t);
}

static int grant_verify_low(struct proc *grantee, endpoint_t granter, cp_grant_id_t id,
                            vir_bytes offset, vir_bytes bytes, u32_t access,
                            struct grant_target *t)
{
	if (low_stack == NULL) {
		low_stack = mmap(NULL, LOW_STACK_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		ck_assert_ptr_ne(low_stack, MAP_FAILED);
	}
	call = (typeof(call)){ grantee, granter, id, offset, bytes, access, t, 0 };
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(getcontext(&low_context), 0);
	low_context.uc_stack.ss_sp = low_stack;
	low_context.uc_stack.ss_size = LOW_STACK_SIZE;
	low_context.uc_link = &caller_context;
	makecontext(&low_context, run_call, 0);
	ck_assert_int_eq(swapcontext(&caller_context, &low_context), 0);
	return call.result;
}

/* grant_verify for process `grantee`: the error, and *t. */
static int verify(int grantee, int granter, cp_grant_id_t id, vir_bytes offset,
                  vir_bytes bytes, u32_t access, struct grant_target *t)
{
	return grant_verify_low(procs[grantee], EP(granter), id, offset, bytes, access, t);
}

#define BASE (USER_BASE + 0x200000)

/* --- each check --- */

START_TEST(test_direct)
{
	struct grant_target t;

	direct(1, 3, 2, BASE, 100, CPF_READ | CPF_WRITE);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 10, 90, CPF_READ, &t), OK);
	ck_assert_ptr_eq(t.owner, procs[1]);
	ck_assert_uint_eq(t.addr, BASE + 10);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 100, CPF_READ | CPF_WRITE, &t), OK);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 100, 0, CPF_WRITE, &t), OK);
	ck_assert_int_eq(reads, 3);   /* the entry is read every time */
}
END_TEST

START_TEST(test_errors)
{
	struct grant_target t;

	direct(1, 3, 2, BASE, 100, CPF_READ);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 101, CPF_READ, &t), EGRANTBOUNDS);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 101, 0, CPF_READ, &t), EGRANTBOUNDS);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0xffffffffu, 2, CPF_READ, &t), EGRANTBOUNDS);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 1, 0xffffffffu, CPF_READ, &t), EGRANTBOUNDS);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 1, CPF_WRITE, &t), EGRANTACCESS);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 1, CPF_MAP, &t), EGRANTACCESS);
	ck_assert_int_eq(verify(3, 1, grant_id(3, 0), 0, 1, CPF_READ, &t), EGRANTEE);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 1), 0, 1, CPF_READ, &t), EGRANTSTALE);
	ck_assert_int_eq(verify(2, 1, grant_id(4, 0), 0, 1, CPF_READ, &t), EGRANTUNUSED);
	ck_assert_int_eq(verify(2, 1, grant_id(SLOTS, 0), 0, 1, CPF_READ, &t), EGRANTID);
	ck_assert_int_eq(verify(2, 1, -1, 0, 1, CPF_READ, &t), EGRANTID);
	ck_assert_int_eq(verify(2, 1, INT32_MIN, 0, 1, CPF_READ, &t), EGRANTID);
	procs[1]->p_grant_entries = 0;
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 1, CPF_READ, &t), ENOGRANTS);
	procs[1]->p_grant_entries = SLOTS;
	table_faults = 1;
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 1, CPF_READ, &t), EFAULT);
	table_faults = 0;
	ck_assert_int_eq(grant_verify_low(procs[2], ANY, grant_id(3, 0), 0, 1, CPF_READ, &t), EBADSRCDST);
	ck_assert_int_eq(grant_verify_low(procs[2], CLOCK, grant_id(3, 0), 0, 1, CPF_READ, &t), EBADSRCDST);
	ck_assert_int_eq(grant_verify_low(procs[2], endpoint_make(1, 2), grant_id(3, 0), 0, 1, CPF_READ, &t),
			 EDEADSRCDST);
	ck_assert_int_eq(verify(2, 1, grant_id(3, 0), 0, 1, CPF_READ, &t), OK);
}
END_TEST

START_TEST(test_malformed)
{
	static const u32_t bad[] = {
		CPF_VALID | CPF_READ,                              /* no kind */
		CPF_VALID | CPF_DIRECT | CPF_INDIRECT | CPF_READ,  /* two */
		CPF_VALID | CPF_KIND | CPF_READ,                   /* three */
		CPF_VALID | CPF_DIRECT | CPF_READ | 0x8,           /* unknown bits */
		CPF_VALID | CPF_DIRECT | CPF_READ | 0x100,
		CPF_VALID | CPF_DIRECT | CPF_READ | 0x40000000u,
	};
	struct grant_target t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		direct(1, 0, 2, BASE, 100, CPF_READ);
		tables[1][0].cp_flags = bad[i];
		ck_assert_msg(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t) == EGRANTBAD,
			      "flags %#x", bad[i]);
	}
	tables[1][0].cp_flags = CPF_DIRECT | CPF_READ;   /* not valid: not a grant at all */
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EGRANTUNUSED);
}
END_TEST

START_TEST(test_addresses)
{
	struct grant_target t;

	direct(1, 0, 2, 0xfffffff0u, 0x100, CPF_READ);   /* wraps around */
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0x20, 1, CPF_READ, &t), EFAULT);
	direct(1, 0, 2, 0xf8000000u, 0x50000000u, CPF_READ);   /* ...into user space */
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0x48001000u, 1, CPF_READ, &t), EFAULT);
	direct(1, 0, 2, USER_END - 4, 8, CPF_READ);      /* runs past user space */
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 4, CPF_READ, &t), OK);
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 5, CPF_READ, &t), EFAULT);
	direct(1, 0, 2, 0x1000, 8, CPF_READ);            /* kernel memory */
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EFAULT);
}
END_TEST

/* --- chains --- */

START_TEST(test_chain_intersection)
{
	struct grant_target t;

	/* 1 gives 2 [BASE, BASE + 1000) rw; 2 gives 3 [100, 600) of it, r
	 * only... but wider than asked: 3 gets [100, 1100) claimed. */
	direct(1, 0, 2, BASE, 1000, CPF_READ | CPF_WRITE);
	indirect(2, 5, 3, 1, grant_id(0, 0), 100, 1000, CPF_READ | CPF_WRITE);
	indirect(3, 7, 4, 2, grant_id(5, 0), 50, 200, CPF_READ);
	ck_assert_int_eq(verify(4, 3, grant_id(7, 0), 0, 200, CPF_READ, &t), OK);
	ck_assert_ptr_eq(t.owner, procs[1]);
	ck_assert_uint_eq(t.addr, BASE + 150);
	ck_assert_int_eq(verify(4, 3, grant_id(7, 0), 0, 201, CPF_READ, &t), EGRANTBOUNDS);
	ck_assert_int_eq(verify(4, 3, grant_id(7, 0), 0, 1, CPF_WRITE, &t), EGRANTACCESS);
	/* The middle hop claims more than it has: [100, 1100) of 1000. */
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 899, 1, CPF_READ, &t), OK);
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 900, 1, CPF_READ, &t), EGRANTBOUNDS);
	/* The first hop gives less access than the second claims. */
	direct(1, 0, 2, BASE, 1000, CPF_READ);
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 0, 1, CPF_WRITE, &t), EGRANTACCESS);
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 0, 1, CPF_READ, &t), OK);
	/* A hop whose grant is not for the hop before. */
	direct(1, 0, 3, BASE, 1000, CPF_READ);
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 0, 1, CPF_READ, &t), EGRANTEE);
	/* A hop whose granter is gone. */
	direct(1, 0, 2, BASE, 1000, CPF_READ);
	rts_set(procs[1], RTS_EXITING);
	proc_free_slot(procs[1]);
	ck_assert_int_eq(verify(3, 2, grant_id(5, 0), 0, 1, CPF_READ, &t), EDEADSRCDST);
}
END_TEST

START_TEST(test_depth_and_loops)
{
	struct grant_target t;
	int k;

	/* Slots 0..8 of process 1, all for itself: k passes on k + 1 with
	 * offset 1; slot GRANT_MAX_DEPTH - 1 is direct. */
	for (k = 0; k < GRANT_MAX_DEPTH - 1; k++)
		indirect(1, k, 1, 1, grant_id(k + 1, 0), 1, 1000, CPF_READ);
	direct(1, GRANT_MAX_DEPTH - 1, 1, BASE, 2000, CPF_READ);
	ck_assert_int_eq(verify(1, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), OK);
	ck_assert_uint_eq(t.addr, BASE + GRANT_MAX_DEPTH - 1);
	indirect(1, GRANT_MAX_DEPTH - 1, 1, 1, grant_id(GRANT_MAX_DEPTH, 0), 1, 1000, CPF_READ);
	direct(1, GRANT_MAX_DEPTH, 1, BASE, 2000, CPF_READ);
	ck_assert_int_eq(verify(1, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EGRANTDEPTH);
	ck_assert_int_eq(verify(1, 1, grant_id(1, 0), 0, 1, CPF_READ, &t), OK);

	/* 0 -> 1 -> 0, and one that points at itself. */
	indirect(1, 1, 1, 1, grant_id(0, 0), 0, 10, CPF_READ);
	ck_assert_int_eq(verify(1, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EGRANTLOOP);
	indirect(1, 2, 1, 1, grant_id(2, 0), 0, 10, CPF_READ);
	ck_assert_int_eq(verify(1, 1, grant_id(2, 0), 0, 1, CPF_READ, &t), EGRANTLOOP);
	/* Across processes: 2's slot 0 -> 3's slot 0 -> 2's slot 0. */
	indirect(2, 0, 1, 3, grant_id(0, 0), 0, 10, CPF_READ);
	indirect(3, 0, 2, 2, grant_id(0, 0), 0, 10, CPF_READ);
	tables[2][0].cp_grantee = EP(3);
	ck_assert_int_eq(verify(3, 2, grant_id(0, 0), 0, 1, CPF_READ, &t), EGRANTLOOP);
}
END_TEST

START_TEST(test_magic)
{
	struct grant_target t;

	tables[1][0] = (cp_grant_t){ .cp_flags = CPF_VALID | CPF_MAGIC | CPF_READ,
		.cp_grantee = EP(2), .u.magic = { EP(3), BASE, 100 } };
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EGRANTMAGIC);
	procs[1]->p_privflags = PROC_MAGIC_GRANTS;
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 4, 96, CPF_READ, &t), OK);
	ck_assert_ptr_eq(t.owner, procs[3]);
	ck_assert_uint_eq(t.addr, BASE + 4);
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 4, 97, CPF_READ, &t), EGRANTBOUNDS);
	/* Passed on by the grantee: the magic grant's privilege is its
	 * maker's, not the passer's. */
	indirect(2, 0, 4, 1, grant_id(0, 0), 0, 50, CPF_READ);
	ck_assert_int_eq(verify(4, 2, grant_id(0, 0), 0, 50, CPF_READ, &t), OK);
	ck_assert_ptr_eq(t.owner, procs[3]);
	tables[1][0].u.magic.owner = CLOCK;
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EBADSRCDST);
	tables[1][0].u.magic.owner = endpoint_make(3, 9);
	ck_assert_int_eq(verify(2, 1, grant_id(0, 0), 0, 1, CPF_READ, &t), EDEADSRCDST);
}
END_TEST

/* --- random tables, judged by a model --- */

static u32_t rng;
static u32_t next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

struct outcome {
	int err;
	int owner;        /* process number */
	vir_bytes addr;
};

/*
 * The rules of <mica/grant.h>, recursively: hop `depth` asks granter
 * `g` for [lo, lo + n) of grant id with access, on behalf of `asker`.
 */
static struct outcome model(int asker, endpoint_t g_ep, cp_grant_id_t id, u64_t lo, u64_t n,
                            u32_t access, int depth, int seen[NPROCS + 1][SLOTS])
{
	struct outcome none = { 0, 0, 0 };
	const cp_grant_t *e;
	int g, slot, kind;
	u64_t len;

	if (depth >= GRANT_MAX_DEPTH)
		return (none.err = EGRANTDEPTH, none);
	for (g = 1; g <= NPROCS && EP(g) != g_ep; g++)
		;
	if (g > NPROCS && (!endpoint_in_range(g_ep) || endpoint_slot(g_ep) < 0))
		return (none.err = EBADSRCDST, none);   /* not an endpoint, or a task */
	if (g > NPROCS)
		return (none.err = EDEADSRCDST, none);  /* no live process has it */
	slot = id < 0 ? -1 : id % GRANT_SLOTS_MAX;
	if (procs[g]->p_grant_entries == 0)
		return (none.err = ENOGRANTS, none);
	if (slot < 0 || slot >= (int)procs[g]->p_grant_entries)
		return (none.err = EGRANTID, none);
	e = &tables[g][slot];
	if (!(e->cp_flags & CPF_VALID))
		return (none.err = EGRANTUNUSED, none);
	if (e->cp_gen != (u32_t)id / GRANT_SLOTS_MAX)
		return (none.err = EGRANTSTALE, none);
	kind = e->cp_flags & CPF_KIND;
	if ((e->cp_flags & ~(CPF_VALID | CPF_KIND | CPF_ACCESS)) ||
	    (kind != CPF_DIRECT && kind != CPF_INDIRECT && kind != CPF_MAGIC))
		return (none.err = EGRANTBAD, none);
	if (seen[g][slot])
		return (none.err = EGRANTLOOP, none);
	seen[g][slot] = 1;
	if (e->cp_grantee != EP(asker))
		return (none.err = EGRANTEE, none);
	if ((e->cp_flags & access) != access)
		return (none.err = EGRANTACCESS, none);
	if (kind == CPF_MAGIC)
		return (none.err = EGRANTMAGIC, none);   /* nobody has the privilege here */
	len = kind == CPF_DIRECT ? e->u.direct.len : e->u.indirect.len;
	if (lo + n > len)
		return (none.err = EGRANTBOUNDS, none);
	if (kind == CPF_INDIRECT) {
		if (lo + e->u.indirect.offset > 0xffffffffu)
			return (none.err = EGRANTBOUNDS, none);
		return model(g, e->u.indirect.granter, e->u.indirect.id,
			     lo + e->u.indirect.offset, n, access, depth + 1, seen);
	}
	if (e->u.direct.base + lo < USER_BASE || e->u.direct.base + lo >= USER_END ||
	    e->u.direct.base + lo + n > USER_END)
		return (none.err = EFAULT, none);
	return (struct outcome){ OK, g, (vir_bytes)(e->u.direct.base + lo) };
}

/* Endpoints of no process: garbage, the special ones, tasks, dead ones. */
static endpoint_t odd_endpoints[6];

/* A random entry: mostly sensible, sometimes anything. */
static cp_grant_t random_entry(void)
{
	static const u32_t kinds[] = { CPF_DIRECT, CPF_INDIRECT, CPF_INDIRECT, CPF_MAGIC, 0,
				       CPF_DIRECT | CPF_INDIRECT };
	cp_grant_t e;

	memset(&e, 0, sizeof(e));
	e.cp_flags = kinds[next() % 6] | (next() % 8) | (next() % 8 ? CPF_VALID : 0) |
		     (next() % 20 ? 0 : 0x200);
	e.cp_gen = next() % 8 ? 0 : next() % 3;
	e.cp_grantee = EP(1 + next() % NPROCS);
	if (e.cp_flags & CPF_INDIRECT) {
		e.u.indirect.granter = next() % 8 ? EP(1 + next() % NPROCS) : odd_endpoints[next() % 6];
		e.u.indirect.id = grant_id(next() % (SLOTS + 1), next() % 8 ? 0 : 1);
		e.u.indirect.offset = next() % 8 ? next() % 256 : 0xffffff00u + next() % 256;
		e.u.indirect.len = next() % 512;
	} else {
		e.u.direct.base = next() % 8 ? BASE + next() % 4096 : next() * 256u;
		e.u.direct.len = next() % 8 ? next() % 1024 : 0xffffffffu - next() % 16;
	}
	return e;
}

/*
 * Overwrite the tables with a chain of 1 to GRANT_MAX_DEPTH + 2 hops
 * that asker may follow, through random (process, slot) places, which
 * may repeat (a loop) or collide; then, one time in two, spoil one
 * entry of it with a random one. Its first grant's id and granter.
 */
static cp_grant_id_t random_chain(int asker, int *first_granter)
{
	int hops = 1 + next() % (GRANT_MAX_DEPTH + 2), k, n[GRANT_MAX_DEPTH + 2], s[GRANT_MAX_DEPTH + 2];
	int before = asker;

	for (k = 0; k < hops; k++) {
		n[k] = 1 + next() % NPROCS;
		s[k] = next() % SLOTS;
		procs[n[k]]->p_grant_entries = SLOTS;
	}
	for (k = hops - 1; k >= 0; k--) {
		before = k == 0 ? asker : n[k - 1];
		if (k == hops - 1)
			direct(n[k], s[k], before, next() % 4 ? BASE + next() % 4096 :
			       next() % 2 ? USER_END - next() % 512 : 0xffffff00u + next() % 256,
			       200 + next() % 1000, CPF_ACCESS);
		else
			indirect(n[k], s[k], before, n[k + 1], grant_id(s[k + 1], 0), next() % 32,
				 150 + next() % 300, CPF_ACCESS & ~(next() % 2 ? 0 : CPF_WRITE));
	}
	if (next() % 2)
		tables[n[next() % hops]][s[next() % hops]] = random_entry();
	*first_granter = n[0];
	return grant_id(s[0], 0);
}

START_TEST(test_random_chains)
{
	static int seen[NPROCS + 1][SLOTS];
	struct grant_target t;
	struct outcome want;
	int round, n, s, asker, granter, err;
	cp_grant_id_t id;
	endpoint_t granter_ep;
	vir_bytes lo, bytes;
	u32_t access;
	static const int every[] = { OK, EBADSRCDST, EDEADSRCDST, ENOGRANTS, EGRANTID,
		EGRANTUNUSED, EGRANTSTALE, EGRANTEE, EGRANTACCESS, EGRANTBOUNDS, EGRANTDEPTH,
		EGRANTLOOP, EGRANTMAGIC, EGRANTBAD, EFAULT };
	int count[ERRNO_MAX + 1] = { 0 };
	size_t i;

	rng = 20261201;
	odd_endpoints[0] = ANY;
	odd_endpoints[1] = 0x7654321;
	odd_endpoints[2] = CLOCK;
	odd_endpoints[3] = KERNEL;
	odd_endpoints[4] = endpoint_make(NPROCS + 3, 1);
	odd_endpoints[5] = endpoint_make(2, 5);
	for (round = 0; round < 40000; round++) {
		for (n = 1; n <= NPROCS; n++) {
			for (s = 0; s < SLOTS; s++)
				tables[n][s] = random_entry();
			procs[n]->p_grant_entries = next() % 10 ? SLOTS : next() % SLOTS;
		}
		asker = 1 + next() % NPROCS;
		granter = 1 + next() % NPROCS;
		id = grant_id(next() % (SLOTS + 2), next() % 8 ? 0 : 1);
		if (next() % 2 == 0)
			id = random_chain(asker, &granter);
		lo = next() % 300;
		bytes = next() % 300;
		access = 1u << (next() % 3);
		memset(seen, 0, sizeof(seen));
		granter_ep = next() % 8 ? EP(granter) : odd_endpoints[next() % 6];
		want = model(asker, granter_ep, id, lo, bytes, access, 0, seen);
		err = grant_verify_low(procs[asker], granter_ep, id, lo, bytes, access, &t);
		ck_assert_msg(err == want.err, "round %d: got %s, the model says %s", round,
			      errstr(err), errstr(want.err));
		if (err == OK) {
			ck_assert_ptr_eq(t.owner, procs[want.owner]);
			ck_assert_uint_eq(t.addr, want.addr);
		}
		count[-err]++;
	}
	/* The random tables reach every outcome, and each often enough to
	 * have been compared with the model many times. */
	for (i = 0; i < sizeof(every) / sizeof(every[0]); i++)
		ck_assert_msg(count[-every[i]] >= 50, "%s came %d times", errstr(every[i]),
			      count[-every[i]]);
}
END_TEST

static Suite *grant_suite(void)
{
	Suite *s = suite_create("grant");
	TCase *tc;

	tc = tcase_create("checks");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_direct);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_addresses);
	suite_add_tcase(s, tc);

	tc = tcase_create("chains");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_chain_intersection);
	tcase_add_test(tc, test_depth_and_loops);
	tcase_add_test(tc, test_magic);
	tcase_add_test(tc, test_random_chains);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(grant_suite());
}
