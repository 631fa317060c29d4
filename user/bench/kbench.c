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
	return 0;
}
