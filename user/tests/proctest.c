/*
 * Process life: exit statuses, waiting, slots and generations, a full
 * process table, and memory given back. Ends "proctest: ok".
 */
#include "check.h"

#define CYCLES 200

static endpoint_t self;

static void test_status(void)
{
	endpoint_t e = start_helper("proctest exit 42");
	int status, killed;

	finish_helper("exit 42", e, 42);
	CHECK_ERR("wait twice", vm_wait(e, &status, &killed), ECHILD);
	CHECK_ERR("wait for a non-child", vm_wait(VM_PROC_NR, &status, &killed), ECHILD);
	CHECK_ERR("wait for oneself", vm_wait(self, &status, &killed), ECHILD);
	e = start_helper("proctest return 7");
	finish_helper("return 7", e, 7);
}

static void test_spawn_errors(void)
{
	char longline[VM_CMDLINE_MAX + 10];
	message m;

	CHECK_ERR("unknown program", vm_spawn("nosuchprogram"), ENOENT);
	CHECK_ERR("vm is not a program", vm_spawn("vm"), ENOENT);
	CHECK_ERR("init is not a program", vm_spawn("init"), ENOENT);
	CHECK_ERR("empty command", vm_spawn(""), EINVAL);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	CHECK_ERR("long command", vm_spawn(longline), E2BIG);
	memset(&m, 0, sizeof(m));
	m.m_type = VM_SPAWN;
	m.vm_spawn.cmdline = 0x100000;
	m.vm_spawn.len = 8;
	CHECK_ERR("sendrec", sendrec(VM_PROC_NR, &m), OK);
	CHECK_ERR("command in the kernel", m.m_type, EFAULT);
	m.m_type = 0x4242;
	CHECK_ERR("sendrec", sendrec(VM_PROC_NR, &m), OK);
	CHECK_ERR("unknown request", m.m_type, EINVAL);
}

/* Fill the process table, then let everyone go. */
static void test_full_table(void)
{
	endpoint_t kids[NR_PROCS];
	message m;
	int n = 0, i, r = OK;

	while (n < NR_PROCS && (r = vm_spawn("proctest park")) >= 0)
		kids[n++] = r;
	CHECK_ERR("table full", r, ENOMEM);
	CHECK("most slots were free", n > NR_PROCS - 8);
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		CHECK_ERR("release", send(kids[i], &m), OK);
		finish_helper("park", kids[i], 0);
	}
	printf("proctest: %d processes at once\n", n);
}

/* Spawn and end processes over and over: no page may be lost. */
static void test_cycles(void)
{
	u32_t before = free_pages();
	endpoint_t e;
	int i;

	for (i = 0; i < CYCLES; i++) {
		e = start_helper("proctest exit 0");
		finish_helper("cycle", e, 0);
	}
	CHECK_EQ("pages after cycles", free_pages(), before);
	printf("proctest: %d spawn/exit cycles, %u pages free before and after\n", i, before);
}

/* A child that ends without waiting for its own child, which ends later. */
static void test_orphan(void)
{
	endpoint_t e = start_helper("proctest orphaner");

	finish_helper("orphaner", e, 0);
	pause_ticks(5);   /* the orphan ends meanwhile */
}

static u32_t now(void)
{
	u64_t ticks;
	u32_t hz;

	sys_uptime(&ticks, &hz);
	return (u32_t)ticks;
}

/* Preemption: a process that never blocks must not keep others from
 * running. We sleep 2 ticks while a child spins for SPIN_TICKS; the clock
 * must take the CPU from the child so that we wake long before it ends. */
#define SPIN_TICKS 30
static void test_preemption(void)
{
	u32_t start = now(), woke, ended;
	endpoint_t e = start_helper("proctest spin %d", SPIN_TICKS);

	pause_ticks(2);
	woke = now();
	finish_helper("spin", e, 0);
	ended = now();
	CHECK("woke while the child spun", woke - start < SPIN_TICKS / 2);
	CHECK("the child spun its time", ended - start >= SPIN_TICKS);
	printf("proctest: woke after %u ticks while a child spun for %u\n",
	       woke - start, ended - start);
}

int main(int argc, char **argv)
{
	message m;

	sys_whoami(&self, NULL, 0);
	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		exit(arg_int(argv[2]));
	if (argc == 3 && strcmp(argv[1], "return") == 0)
		return arg_int(argv[2]);
	if (argc == 3 && strcmp(argv[1], "spin") == 0) {
		u32_t until = now() + arg_int(argv[2]);

		while ((int)(until - now()) > 0)
			;
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "park") == 0)
		return receive(ANY, &m) == OK ? 0 : 1;
	if (argc == 2 && strcmp(argv[1], "orphaner") == 0) {
		vm_spawn("proctest return 0");
		return 0;
	}
	test_status();
	test_spawn_errors();
	test_full_table();
	test_cycles();
	test_orphan();
	test_preemption();
	return test_done("proctest");
}
