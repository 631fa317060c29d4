/*
 * Kernel-path benchmarks (doc/performance.md says what each figure
 * measures and where its instructions go). Under QEMU -icount shift=0
 * the time-stamp counter advances by one per guest instruction, so
 * rdtsc deltas are instruction counts, the same on every run and every
 * machine. Output: "bench NAME VALUE insns" lines, which bench/run reads.
 *
 * Each operation is a function called through the same loop, and the
 * loop's own cost is that of an empty operation, so what is left is the
 * operation alone. A clock tick (every 10,000,000 instructions at 100 Hz)
 * that lands inside a batch would add its cost to that batch: so each
 * figure is the cheapest of several batches, none of which a tick can
 * reach as long as one batch is tick-free. The figures then do not move
 * when code elsewhere shifts where the ticks land.
 */
#include "bench.h"

#define BATCHES 10       /* batches of the cheap operations */
#define BATCH 100        /* operations in one of them */
#define SPAWN_BATCHES 5  /* the same for spawning (each is ~80,000) */
#define SPAWN_BATCH 10
#define STOP 0x7fff      /* tells the echo server to end */
#define TWO_CALLS 1      /* asks it to answer with SEND and RECEIVE */

/* Nothing is mapped here: below the anonymous mappings, far above any
 * heap kbench grows, so VM refuses a fault on it. */
#define UNMAPPED (USER_MMAP_BASE - PAGE_SIZE)

typedef void (*op_t)(void);

static u32_t empty_cost;  /* one pass of the loop with an empty operation */
static endpoint_t echo;   /* the echo server, another address space */
static message msg;
static vir_bytes pages;   /* fresh heap pages for the fault figures */
static int next_page;

/* Instructions per operation: the cheapest of batches batches of n, so
 * every operation goes through one loop. */
static ONE_COPY u32_t cost(op_t op, int batches, int n)
{
	u32_t best = ~0u, t0, t;
	int b, i;

	for (b = 0; b < batches; b++) {
		t0 = tsc();
		for (i = 0; i < n; i++)
			op();
		t = tsc() - t0;
		if (t < best)
			best = t;
	}
	return best / n;
}

/* The kernel's CR3 loads and TLB flushes over one more batch of n,
 * untimed: instruction counts do not show what those cost on hardware. */
struct counts {
	u32_t cr3, tlb;
};

static struct counts counted(op_t op, int n)
{
	struct kstats k0 = counters(), k1;
	int i;

	for (i = 0; i < n; i++)
		op();
	k1 = counters();
	return (struct counts){ k1.cr3_loads - k0.cr3_loads, k1.tlb_flushes - k0.tlb_flushes };
}

static void print_figure(const char *name, u32_t insns, struct counts k, int n)
{
	printf("bench %s %u insns cr3 %u tlb %u per %d\n", name, insns, k.cr3, k.tlb, n);
}

static u32_t report(const char *name, op_t op, int batches, int n)
{
	u32_t c = cost(op, batches, n) - empty_cost;

	print_figure(name, c, counted(op, n), n);
	return c;
}

static __attribute__((noinline)) void op_empty(void)
{
	__asm__ volatile("" : : : "memory");
}

/* The cheapest kernel call through the whole path: trap, message copied
 * in, call number and call mask checked, handler, no reply copied out.
 * SYS_EXIT's handler refuses a status outside 0..255 at its first line
 * (EINVAL); DIAG_WRITE of no bytes costs more (a copy and a console
 * call, for nothing). */
static __attribute__((noinline)) void op_kcall_null(void)
{
	msg.exit.status = -1;
	_kernel_call(SYS_EXIT, &msg);
}

/* A kernel call that replies: the message is copied in and out. */
static __attribute__((noinline)) void op_kcall_uptime(void)
{
	_kernel_call(SYS_UPTIME, &msg);
}

/* A request and its reply: the server answers with REPLYREC, the way
 * Mica's servers do (its reply and its next receive in one trap). */
static __attribute__((noinline)) void op_sendrec(void)
{
	msg.m_type = 0;
	sendrec(echo, &msg);
}

/* The same, with the server answering in two traps: SEND, then RECEIVE. */
static __attribute__((noinline)) void op_sendrec_two_calls(void)
{
	msg.m_type = TWO_CALLS;
	sendrec(echo, &msg);
}

/* A notification delivered: the echo server receives it and answers
 * with one of its own, which we receive. */
static __attribute__((noinline)) void op_notify_rt(void)
{
	notify(echo);
	receive(echo, &msg);
}

/* NOTIFY to a process that is not receiving: a pending bit is set. */
static __attribute__((noinline)) void op_notify_pending(void)
{
	notify(echo);
}

/* A write to a fresh heap page: VM maps a zeroed one and we go on. */
static __attribute__((noinline)) void op_demand_zero(void)
{
	*(volatile u8_t *)(pages + next_page++ * PAGE_SIZE) = 1;
}

/* A kernel call whose reply buffer is absent: it waits for VM to make
 * the page present and runs again. */
static __attribute__((noinline)) void op_kcall_restart(void)
{
	msg.getinfo.what = GET_PROCTAB;
	msg.getinfo.buf = pages + next_page++ * PAGE_SIZE;
	msg.getinfo.size = sizeof(struct procinfo);
	_kernel_call(SYS_GETINFO, &msg);
}

/* DS (user/servers/ds): a number and a 4 KiB range, published over
 * our own entry and retrieved. The range goes through a grant to DS,
 * made and revoked by the library around each request. */
static u8_t ds_buf[4096];

static __attribute__((noinline)) void op_ds_publish_u32(void)
{
	ds_publish_u32("bench.u32", 1, DSF_OVERWRITE);
}

static __attribute__((noinline)) void op_ds_retrieve_u32(void)
{
	u32_t v;

	ds_retrieve_u32("bench.u32", &v, NULL);
}

static __attribute__((noinline)) void op_ds_publish_mem(void)
{
	ds_publish_mem("bench.mem", ds_buf, sizeof(ds_buf), DSF_OVERWRITE);
}

static __attribute__((noinline)) void op_ds_retrieve_mem(void)
{
	ds_retrieve_mem("bench.mem", ds_buf, sizeof(ds_buf), NULL);
}

static void bench_ds(void)
{
	if (ds_publish_u32("bench.u32", 1, 0) != OK ||
	    ds_publish_mem("bench.mem", ds_buf, sizeof(ds_buf), 0) != OK)
		panic("cannot publish in DS");
	report("ds_publish_u32", op_ds_publish_u32, BATCHES, BATCH);
	report("ds_retrieve_u32", op_ds_retrieve_u32, BATCHES, BATCH);
	report("ds_publish_mem_4k", op_ds_publish_mem, BATCHES, BATCH);
	report("ds_retrieve_mem_4k", op_ds_retrieve_mem, BATCHES, BATCH);
}

/* Start a program, let it end, and wait for it. */
static void spawn_wait(const char *cmdline)
{
	endpoint_t child = vm_spawn(cmdline);
	int status, killed;

	if (child < 0)
		panic("cannot start %s: %s", cmdline, errstr(child));
	if (vm_wait(child, &status, &killed) != OK)
		panic("cannot wait for %s", cmdline);
}

static __attribute__((noinline)) void op_spawn_exit(void)
{
	spawn_wait("kbench exit");
}

static __attribute__((noinline)) void op_spawn_fault(void)
{
	spawn_wait("kbench fault");
}

/* Fresh heap pages for the fault figures: a page for each operation
 * of the timed batches and of report()'s counted one. */
static void grow_heap(void)
{
	pages = vm_brk(0);
	next_page = 0;
	if (vm_brk(pages + (BATCHES + 1) * BATCH * PAGE_SIZE) == 0)
		panic("cannot grow the heap");
}

static void bench_ipc(void)
{
	echo = vm_spawn("kbench echo");
	if (echo < 0)
		panic("cannot start the echo server: %s", errstr(echo));
	memset(&msg, 0, sizeof(msg));
	sendrec(echo, &msg);   /* warm up: the server is now waiting */
	report("ipc_sendrec_rt", op_sendrec, BATCHES, BATCH);
	report("ipc_sendrec_rt_two_calls", op_sendrec_two_calls, BATCHES, BATCH);
	report("ipc_notify_rt", op_notify_rt, BATCHES, BATCH);
	/* The first NOTIFY wakes the server, which does not run until we
	 * block; the others find it not receiving. The cheapest batch has
	 * only those. */
	report("ipc_notify_pending", op_notify_pending, BATCHES, BATCH);
	msg.m_type = STOP;
	send(echo, &msg);
}

static int echo_server(void)
{
	message m;
	int r = receive(ANY, &m);

	for (;;) {
		if (r != OK)
			return 1;
		if (m.m_type == STOP)
			return 0;
		if (m.m_type == NOTIFY_MESSAGE) {
			notify(m.m_source);
			r = receive(ANY, &m);
		} else if (m.m_type == TWO_CALLS) {
			send(m.m_source, &m);
			r = receive(ANY, &m);
		} else {
			r = replyrec(m.m_source, &m);
		}
	}
}

int main(int argc, char **argv)
{
	u32_t exit_cost, fault_cost;
	struct counts exit_counts, fault_counts;

	if (argc > 1 && strcmp(argv[1], "echo") == 0)
		return echo_server();
	if (argc > 1 && strcmp(argv[1], "exit") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "fault") == 0) {
		*(volatile int *)UNMAPPED = 1;
		return 1;   /* not reached: VM ends us */
	}
	empty_cost = cost(op_empty, BATCHES, BATCH);
	report("kcall_null", op_kcall_null, BATCHES, BATCH);
	report("kcall_uptime", op_kcall_uptime, BATCHES, BATCH);
	bench_ipc();
	bench_ds();
	grow_heap();
	report("pagefault_demand_zero", op_demand_zero, BATCHES, BATCH);
	vm_brk(pages);
	grow_heap();
	report("kcall_vm_restart", op_kcall_restart, BATCHES, BATCH);
	vm_brk(pages);
	exit_cost = report("spawn_exit_wait", op_spawn_exit, SPAWN_BATCHES, SPAWN_BATCH);
	/* A child that VM kills for a refused fault, less one that exits:
	 * the fault, VM's refusal and report, the kill, less SYS_EXIT. */
	exit_counts = counted(op_spawn_exit, SPAWN_BATCH);
	fault_cost = cost(op_spawn_fault, SPAWN_BATCHES, SPAWN_BATCH) - empty_cost;
	fault_counts = counted(op_spawn_fault, SPAWN_BATCH);
	print_figure("pagefault_refused", fault_cost - exit_cost,
	             (struct counts){ fault_counts.cr3 - exit_counts.cr3,
	                              fault_counts.tlb - exit_counts.tlb }, SPAWN_BATCH);
	return 0;
}
