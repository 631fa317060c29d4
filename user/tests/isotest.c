/*
 * Isolation tests: what a hostile process tries against the kernel and
 * VM. `isotest MODE` runs one scenario, with copies of itself in helper
 * roles; each scenario ends with "isotest MODE: ok".
 *
 *   window   the kernel's copy windows are never reachable from user mode
 *   senda    SENDA delivers every message exactly once, whatever faults:
 *            a read-only table, a table whose page goes after SENDA
 *   lostmsg  a delivered message whose buffer is gone waits for VM, or
 *            kills its receiver with a report; it never vanishes (needs
 *            the kernel's "testhooks")
 *   forge    VM obeys the kernel's page faults, memory requests and exit
 *            notices only when they come from the kernel
 */
#include "check.h"

#define GO    21   /* m_type of the test's own messages */
#define DONE  7

static endpoint_t self;

/* --- window ------------------------------------------------------------ */

/*
 * Receive the parent's SENDA message: the kernel reads the parent's
 * table through a window while our table is loaded. Then look where the
 * window was: we must be killed by the page fault, not read the parent.
 */
static int role_peeker(endpoint_t parent, vir_bytes table)
{
	volatile u32_t *window = (volatile u32_t *)(WINDOW_BASE + (table & (PDE_SPAN - 1)));
	message m;

	pause_ticks(3);   /* the parent's entry is pending by now */
	if (receive(ANY, &m) != OK || m.m_source != parent || m.m_type != GO)
		return 2;
	printf("isotest: peeker read 0x%08x through the window\n", window[0]);
	return 3;
}

static void test_window(void)
{
	static asynmsg_t tab[1];
	endpoint_t c = start_helper("isotest peeker %d %u", self, (vir_bytes)tab);
	int status, killed;

	tab[0].flags = AMF_VALID;
	tab[0].dst = c;
	tab[0].msg.m_type = GO;
	CHECK_ERR("senda", senda(tab, 1), OK);
	CHECK_ERR("wait", vm_wait(c, &status, &killed), OK);
	CHECK_EQ("peeker killed by its fault", killed, 1);
	CHECK("the message was delivered", (tab[0].flags & AMF_DONE) && tab[0].result == OK);
	CHECK_ERR("withdraw", senda(tab, 0), OK);
}

/* --- senda -------------------------------------------------------------- */

/* A table in read-only memory: an entry for VM (which always receives)
 * cannot be marked done, so it must not be delivered either. Were it
 * delivered, VM would say it ignores a false exit notice from us. */
static const asynmsg_t ro_table[1] = {
	{ .flags = AMF_VALID, .dst = VM_PROC_NR, .msg = { .m_type = VM_EXITED } },
};

/* Take one SENDA message of type GO from P, then P's plain DONE, which
 * P sends only after our first RECEIVE. */
static int role_twoparts(endpoint_t p)
{
	message m;

	pause_ticks(3);   /* both of P's entries are pending by now */
	if (receive(ANY, &m) != OK || m.m_source != p || m.m_type != GO)
		return 2;
	if (receive(ANY, &m) != OK || m.m_source != p || m.m_type != DONE)
		return 3;
	return 0;
}

static void test_senda(void)
{
	vir_bytes start = vm_brk(0), page;
	asynmsg_t *tab;
	endpoint_t c;
	int i;

	CHECK_ERR("read-only table", senda((asynmsg_t *)ro_table, 1), EFAULT);
	free_pages();   /* a round trip: VM has seen anything we sent */

	/* Two entries for c across a page boundary; the second page goes
	 * before c receives. c gets the first at its first RECEIVE, and
	 * the fault on the second must not take that delivery back (a
	 * RECEIVE told "nothing" would block with a message pending, and
	 * the next message for c would trip the kernel's assertion). */
	c = start_helper("isotest twoparts %d", self);
	page = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	CHECK("grow", vm_brk(page + 2 * PAGE_SIZE) != 0);
	tab = (asynmsg_t *)(page + PAGE_SIZE) - 1;
	memset(tab, 0, 2 * sizeof(*tab));
	for (i = 0; i < 2; i++) {
		tab[i].flags = AMF_VALID;
		tab[i].dst = c;
		tab[i].msg.m_type = GO;
	}
	CHECK_ERR("senda", senda(tab, 2), OK);
	CHECK("second page given back", vm_brk(page + PAGE_SIZE) != 0);
	pause_ticks(6);   /* c has taken the first entry and waits again */
	CHECK_ERR("then a plain message", send_type(c, DONE, 0), OK);
	finish_helper("twoparts", c, 0);
	CHECK("first entry done", (tab[0].flags & AMF_DONE) && tab[0].result == OK);
	CHECK_ERR("withdraw", senda(tab, 0), OK);
	CHECK("shrink", vm_brk(start) != 0);
}

/* --- lostmsg ------------------------------------------------------------ */

static int trust_msgbuf(void *buf)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.testhook.what = TESTHOOK_TRUST_MSGBUF;
	m.testhook.arg = (int)(vir_bytes)buf;
	return _kernel_call(SYS_TESTHOOK, &m);
}

/* Receive from P into a buffer the kernel takes as checked although it
 * is not there: "fresh", a page of a mapping VM can still supply;
 * "nowhere", an address in no region. */
static int role_trusting(endpoint_t p, const char *where)
{
	message *m = strcmp(where, "fresh") == 0 ? vm_mmap(PAGE_SIZE) : (message *)0x60000000;

	if (m == NULL || trust_msgbuf(m) != OK)
		return 2;
	if (receive(p, m) != OK)
		return 3;
	return m->m_source == p && m->m_type == GO && m->raw.w[0] == 99 ? 0 : 4;
}

static void test_lostmsg(void)
{
	endpoint_t c = start_helper("isotest trusting %d fresh", self);
	int status, killed;

	pause_ticks(3);   /* c waits in RECEIVE */
	CHECK_ERR("send to a buffer VM can supply", send_type(c, GO, 99), OK);
	finish_helper("trusting fresh", c, 0);

	c = start_helper("isotest trusting %d nowhere", self);
	pause_ticks(3);
	CHECK_ERR("send to a buffer nobody can supply", send_type(c, GO, 99), OK);
	CHECK_ERR("wait", vm_wait(c, &status, &killed), OK);
	CHECK_EQ("receiver killed, not told EFAULT", killed, 1);
}

/* --- forge -------------------------------------------------------------- */

/* Every kernel message to VM, forged by a user process about init and
 * about VM itself. */
static int role_forger(void)
{
	static const endpoint_t victims[] = { INIT_PROC_NR, VM_PROC_NR };
	message m;
	unsigned i;

	for (i = 0; i < sizeof(victims) / sizeof(victims[0]); i++) {
		memset(&m, 0, sizeof(m));
		m.m_source = KERNEL;   /* overwritten by the kernel */
		m.m_type = VM_MEMREQUEST;
		m.memreq.requester = victims[i];
		m.memreq.target = victims[i];
		m.memreq.addr = USER_STACK_TOP - 32 * PAGE_SIZE;
		m.memreq.len = PAGE_SIZE;
		m.memreq.err = PF_WRITE;
		if (send(VM_PROC_NR, &m) != OK)
			return 2;
		memset(&m, 0, sizeof(m));
		m.m_type = VM_PAGEFAULT;
		m.pagefault.endpt = victims[i];
		m.pagefault.addr = USER_STACK_TOP - 33 * PAGE_SIZE;
		m.pagefault.err = PF_WRITE | PF_USER;
		if (send(VM_PROC_NR, &m) != OK)
			return 3;
		memset(&m, 0, sizeof(m));
		m.m_type = VM_EXITED;
		m.exited.endpt = victims[i];
		if (send(VM_PROC_NR, &m) != OK)
			return 4;
	}
	return 0;
}

static void test_forge(void)
{
	u32_t before = free_pages();
	endpoint_t c = start_helper("isotest forger");
	message m;

	finish_helper("forger", c, 0);
	CHECK_EQ("no page was given to anyone", free_pages(), before);
	CHECK_ERR("init lives", sys_procname(INIT_PROC_NR, NULL, 0), OK);

	/* init serves no requests, but answers one so that a SENDREC to
	 * it ends. */
	memset(&m, 0, sizeof(m));
	m.m_type = VM_EXITED;
	CHECK_ERR("sendrec to init", sendrec(INIT_PROC_NR, &m), OK);
	CHECK_ERR("init's answer", m.m_type, EINVAL);
}

static const struct scenario scenarios[] = {
	{ "window", test_window }, { "senda", test_senda },
	{ "lostmsg", test_lostmsg }, { "forge", test_forge },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: isotest MODE");
	if (strcmp(argv[1], "forger") == 0)
		return role_forger();
	if (argc >= 3) {
		endpoint_t p = arg_int(argv[2]);

		if (strcmp(argv[1], "peeker") == 0 && argc == 4)
			return role_peeker(p, (vir_bytes)arg_int(argv[3]));
		if (strcmp(argv[1], "twoparts") == 0)
			return role_twoparts(p);
		if (strcmp(argv[1], "trusting") == 0 && argc == 4)
			return role_trusting(p, argv[3]);
	}
	return run_scenario("isotest", scenarios,
	                    sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
