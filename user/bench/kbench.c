/*
 * Kernel-path benchmarks. Under QEMU -icount shift=0 the time-stamp
 * counter advances by one per guest instruction, so rdtsc deltas are
 * instruction counts, the same on every run and every machine. Each
 * figure is the average over ROUNDS operations, less the cost of the
 * empty measuring loop. Output: "bench NAME VALUE UNIT" lines.
 */
#include <libsys.h>

#define ROUNDS 1000
#define STOP 0x7fff

static inline u32_t tsc(void)
{
	u32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

static u32_t loop_cost;

/* The instructions one pass of an empty loop takes. */
static void measure_loop(void)
{
	u32_t t0 = tsc();
	int i;

	for (i = 0; i < ROUNDS; i++)
		__asm__ volatile("" : : : "memory");
	loop_cost = (tsc() - t0) / ROUNDS;
}

static void report(const char *name, u32_t t0, u32_t t1)
{
	printf("bench %s %u insns\n", name, (t1 - t0) / ROUNDS - loop_cost);
}

static void bench_kcall(void)
{
	message m;
	u32_t t0;
	int i;

	t0 = tsc();
	for (i = 0; i < ROUNDS; i++)
		_kernel_call(SYS_UPTIME, &m);
	report("kcall_null", t0, tsc());
}

static void bench_ipc(void)
{
	endpoint_t echo = vm_spawn("kbench echo");
	message m;
	u32_t t0;
	int i;

	if (echo < 0)
		panic("cannot start the echo server: %s", errstr(echo));
	memset(&m, 0, sizeof(m));
	sendrec(echo, &m);   /* warm up: the server is now waiting */
	t0 = tsc();
	for (i = 0; i < ROUNDS; i++)
		sendrec(echo, &m);
	report("ipc_sendrec_rt", t0, tsc());

	/* The first NOTIFY wakes the server; the others find it not yet
	 * receiving and just set its pending bit: the common case. */
	t0 = tsc();
	for (i = 0; i < ROUNDS; i++)
		notify(echo);
	report("ipc_notify", t0, tsc());

	m.m_type = STOP;
	send(echo, &m);
}

/* Demand-zero page faults: touch fresh heap pages one after another. */
static void bench_fault(void)
{
	vir_bytes start = vm_brk(0);
	volatile u8_t *p = (volatile u8_t *)start;
	u32_t t0;
	int i;

	if (vm_brk(start + ROUNDS * PAGE_SIZE) == 0)
		panic("cannot grow the heap");
	t0 = tsc();
	for (i = 0; i < ROUNDS; i++)
		p[i * PAGE_SIZE] = 1;
	report("pagefault_demand_zero", t0, tsc());
	vm_brk(start);
}

/* A kernel call whose buffer is absent: it waits for VM and runs again. */
static void bench_kcall_restart(void)
{
	vir_bytes start = vm_brk(0);
	struct procinfo *tab;
	message m;
	u32_t t0;
	int i;

	if (vm_brk(start + ROUNDS * PAGE_SIZE) == 0)
		panic("cannot grow the heap");
	t0 = tsc();
	for (i = 0; i < ROUNDS; i++) {
		tab = (struct procinfo *)(start + i * PAGE_SIZE);
		m.getinfo.what = GET_PROCTAB;
		m.getinfo.buf = (vir_bytes)tab;
		m.getinfo.size = sizeof(*tab);
		_kernel_call(SYS_GETINFO, &m);
	}
	report("kcall_vm_restart", t0, tsc());
	vm_brk(start);
}

static int echo_server(void)
{
	message m;

	for (;;) {
		if (receive(ANY, &m) != OK)
			return 1;
		if (m.m_type == STOP)
			return 0;
		if (m.m_type == NOTIFY_MESSAGE)
			continue;
		send(m.m_source, &m);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "echo") == 0)
		return echo_server();
	measure_loop();
	bench_kcall();
	bench_ipc();
	bench_fault();
	bench_kcall_restart();
	return 0;
}
