/*
 * Kernel-call tests: the dispatcher's checks (number, call mask, message
 * address) and the handlers' argument checks. Ends "kcalltest: ok".
 */
#include "check.h"

static const message ro_message;   /* read-only data */
static const message alarm_5_ro = { .alarm = { .ticks = 5 } };
static const message getinfo_unknown_ro = { .getinfo = { .what = 999 } };

static void test_dispatch(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	CHECK_ERR("unknown call", _kernel_call(99, &m), EBADREQUEST);
	CHECK_ERR("first unused number", _kernel_call(NR_SYS_CALLS, &m), EBADREQUEST);
	CHECK_ERR("negative number", _kernel_call(-1, &m), EBADREQUEST);

	/* Calls outside a user process's call mask. */
	CHECK_ERR("halt", sys_halt(0), ECALLDENIED);
	CHECK_ERR("kill", sys_kill(VM_PROC_NR, 0), ECALLDENIED);
	CHECK_ERR("vircopy", sys_vircopy(SELF, USER_BASE, SELF, USER_BASE, 4), ECALLDENIED);
	CHECK_ERR("release", sys_release(VM_PROC_NR), ECALLDENIED);
	CHECK_ERR("consread", sys_consread((char *)&m, 1), ECALLDENIED);
	CHECK_ERR("newproc", _kernel_call(SYS_NEWPROC, &m), ECALLDENIED);
}

static void test_message_address(void)
{
	static const vir_bytes bad[] = {
		0,                    /* NULL */
		0x1000,               /* the kernel's low memory */
		0x100000,             /* the kernel's code */
		0x60000000,           /* user space, but nothing mapped */
		USER_END - 8,         /* runs out of user space */
		0xfffffff0,           /* the kernel's copy windows */
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_ERR("uptime with a bad message", _kernel_call(SYS_UPTIME, (message *)bad[i]), EFAULT);
		CHECK_ERR("unknown call with a bad message", _kernel_call(99, (message *)bad[i]), EFAULT);
	}
	/* A call that returns data cannot write into read-only memory... */
	CHECK_ERR("reply into read-only", _kernel_call(SYS_UPTIME, (message *)&ro_message), EFAULT);
	/* ...but one that only reads its message is fine there. */
	CHECK_ERR("read-only request", _kernel_call(SYS_EXIT + 1000, (message *)&ro_message), EBADREQUEST);
	/* A call that fails returns no data: nothing is copied out, so its
	 * error is its own, not EFAULT. */
	CHECK_ERR("failing call with a read-only message",
	          _kernel_call(SYS_GETINFO, (message *)&getinfo_unknown_ro), EINVAL);
}

static void test_diag(void)
{
	static char big[5000];

	CHECK_ERR("empty write", sys_diag_write("", 0), OK);
	CHECK_ERR("unmapped text", sys_diag_write((char *)0x60000000, 10), EFAULT);
	CHECK_ERR("kernel text", sys_diag_write((char *)0x100000, 10), EFAULT);
	CHECK_ERR("too long", sys_diag_write(big, sizeof(big)), EINVAL);
	CHECK_ERR("wrapping length", sys_diag_write(big, 0xffffffff), EINVAL);
}

static void test_getinfo(void)
{
	struct procinfo tab[NR_PROCS];
	char name[PROC_NAME_LEN];
	endpoint_t self;
	message m;
	int n, i, found = 0;

	CHECK_ERR("whoami", sys_whoami(&self, name, sizeof(name)), OK);
	CHECK("whoami name", strcmp(name, "kcalltest") == 0);
	CHECK("whoami endpoint", endpoint_in_range(self) && endpoint_slot(self) > 0);
	CHECK_ERR("vm's name", sys_procname(VM_PROC_NR, name, sizeof(name)), OK);
	CHECK("vm is vm", strcmp(name, "vm") == 0);
	CHECK_ERR("name of garbage", sys_procname(0x12345678, name, sizeof(name)), EBADSRCDST);
	CHECK_ERR("unknown request", sys_getinfo(999, NULL, 0, NULL), EINVAL);
	CHECK_EQ("table with no room", sys_getinfo(GET_PROCTAB, NULL, 0, NULL), 0);
	CHECK_ERR("table into the kernel", sys_getinfo(GET_PROCTAB, (void *)0x1000, sizeof(tab), NULL), EFAULT);
	CHECK_ERR("table into read-only", sys_getinfo(GET_PROCTAB, (void *)&ro_message, sizeof(tab), NULL), EFAULT);
	n = sys_getinfo(GET_PROCTAB, tab, sizeof(tab), NULL);
	CHECK("at least vm, init and us", n >= 3);
	for (i = 0; i < n; i++)
		found |= tab[i].endpt == self && strcmp(tab[i].name, "kcalltest") == 0;
	CHECK("we are in the table", found);
	/* Cut to the room given. */
	CHECK_EQ("one entry", sys_getinfo(GET_PROCTAB, tab, sizeof(tab[0]) + 3, NULL), 1);
	CHECK("kernel statistics", sys_getinfo(GET_KSTATS, tab, sizeof(tab), NULL) > 0);
	/* What only VM or system processes may see (this kernel has no
	 * "testhooks", which would open GET_KLOG to the tests). */
	CHECK_ERR("kernel's directory entries", sys_getinfo(GET_KPDES, tab, sizeof(tab), NULL), ECALLDENIED);
	CHECK_ERR("free memory map", sys_getinfo(GET_MEMMAP, tab, sizeof(tab), NULL), ECALLDENIED);
	CHECK_ERR("boot modules", sys_getinfo(GET_MODULES, tab, sizeof(tab), NULL), ECALLDENIED);
	CHECK_ERR("console log", sys_getinfo(GET_KLOG, tab, sizeof(tab), NULL), ECALLDENIED);
	(void)m;
}

static void test_time(void)
{
	u64_t t0, t1;
	u32_t hz, left;
	message m;

	CHECK_ERR("uptime", sys_uptime(&t0, &hz), OK);
	CHECK_EQ("hz", hz, 100);
	CHECK_ERR("alarm", sys_setalarm(5, &left), OK);
	if (failures > 0)
		return;   /* no alarm will come */
	CHECK_ERR("alarm arrives", receive(CLOCK, &m), OK);
	CHECK_EQ("from CLOCK", m.m_source, CLOCK);
	CHECK_EQ("as a notification", m.m_type, NOTIFY_MESSAGE);
	CHECK_ERR("uptime", sys_uptime(&t1, &hz), OK);
	CHECK("time went on", t1 >= t0 + 5);
	CHECK_ERR("long alarm", sys_setalarm(1000, NULL), OK);
	CHECK_ERR("cancel", sys_setalarm(0, &left), OK);
	CHECK("what was left", left > 900 && left <= 1000);
	CHECK_ERR("too long an alarm", sys_setalarm(0xffffffff, NULL), EINVAL);

	/* A reply that cannot be written is found before the call has its
	 * effect: the alarm of 1000 ticks stays, the 5 is never set. */
	CHECK_ERR("long alarm", sys_setalarm(1000, NULL), OK);
	CHECK_ERR("alarm with a read-only reply", _kernel_call(SYS_SETALARM, (message *)&alarm_5_ro), EFAULT);
	CHECK_ERR("cancel", sys_setalarm(0, &left), OK);
	CHECK("the first alarm was kept", left > 900 && left <= 1000);
}

/* A kernel call whose reply buffer is valid but not present yet (a heap
 * page never touched) waits for VM and runs again from the message the
 * kernel saved: it is not copied in a second time. */
static void test_restart(void)
{
	vir_bytes start = vm_brk(0);
	struct procinfo *tab;
	struct kstats k0, k1;
	message m;
	int n;

	CHECK("grow the heap", vm_brk(start + 8 * PAGE_SIZE) != 0);
	tab = (struct procinfo *)(start + 4 * PAGE_SIZE);   /* never touched */
	k0 = stats();
	memset(&m, 0, sizeof(m));
	m.getinfo.what = GET_PROCTAB;
	m.getinfo.buf = (vir_bytes)tab;
	m.getinfo.size = 4 * sizeof(*tab);
	n = _kernel_call(SYS_GETINFO, &m);
	k1 = stats();
	CHECK("the call completed with a count", n >= 3);
	CHECK_EQ("the table arrived", tab[0].endpt, VM_PROC_NR);
	CHECK_EQ("VM was asked once", (int)(k1.vm_requests - k0.vm_requests), 1);
	CHECK_EQ("the call ran again", (int)(k1.kcall_restarts - k0.kcall_restarts), 1);
	/* Copied in since k0: our GETINFO, VM's SYS_VMCTL answer and the
	 * GET_KSTATS for k1. A second copy of GETINFO's makes it 4. */
	CHECK_EQ("each message copied in once", (int)(k1.kcall_copyins - k0.kcall_copyins), 3);
}

static void test_exit_status(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.exit.status = 300;
	CHECK_ERR("exit status 300", _kernel_call(SYS_EXIT, &m), EINVAL);
	m.exit.status = -1;
	CHECK_ERR("exit status -1", _kernel_call(SYS_EXIT, &m), EINVAL);
}

int main(void)
{
	test_dispatch();
	test_message_address();
	test_diag();
	test_getinfo();
	test_time();
	test_restart();
	test_exit_status();
	return test_done("kcalltest");
}
