/*
 * VM and paging tests: `memtest MODE` runs one scenario (children in
 * helper roles where needed) and ends "memtest MODE: ok".
 */
#include "check.h"

#define MiB (1024 * 1024)

static endpoint_t self;

/* The heap grows with VM_BRK; pages appear zeroed when touched and go
 * back to VM when the heap shrinks. */
static void test_heap(void)
{
	u32_t before = free_pages(), touched;
	vir_bytes start = vm_brk(0), a;
	u8_t *p = (u8_t *)start;
	int zero = 1, status, killed;
	endpoint_t e;

	CHECK("heap starts after the image", start > USER_BASE && start % PAGE_SIZE == 0);
	CHECK_EQ("grow", (int)vm_brk(start + 4 * MiB), (int)(start + 4 * MiB));
	CHECK_EQ("nothing allocated yet", (int)free_pages(), (int)before);
	for (a = 0; a < 4 * MiB; a += PAGE_SIZE) {
		zero &= p[a] == 0 && p[a + PAGE_SIZE - 1] == 0;
		p[a] = (u8_t)(a >> 12);
	}
	CHECK("demand pages are zero", zero);
	for (a = 0; a < 4 * MiB; a += PAGE_SIZE)
		if (p[a] != (u8_t)(a >> 12))
			zero = 0;
	CHECK("and keep what is written", zero);
	touched = before - free_pages();
	CHECK("one page per touched page, plus page tables", touched >= 1024 && touched <= 1026);
	/* A break in the middle of a page: the page stays, with the bytes
	 * below the break; only the whole pages above it go. */
	CHECK_EQ("shrink into a page", (int)vm_brk(start + PAGE_SIZE + 200), (int)(start + PAGE_SIZE + 200));
	CHECK_EQ("the page of the break stays", (int)free_pages(), (int)before - (int)(touched - 1022));
	CHECK_EQ("and keeps its bytes", p[PAGE_SIZE], 1);
	CHECK_EQ("shrink", (int)vm_brk(start), (int)start);
	CHECK_EQ("pages back", (int)free_pages(), (int)before - (int)(touched - 1024));
	CHECK_EQ("beyond the heap area", (int)vm_brk(USER_HEAP_END + PAGE_SIZE), 0);
	CHECK_EQ("below the heap", (int)vm_brk(USER_BASE), 0);
	e = start_helper("memtest shrunk");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("a page given back is gone", killed, 1);
	printf("memtest: heap of 4 MiB: %u pages by demand\n", touched);
}

/* Touch heap pages, give them back, touch one again: must kill us. */
static int role_shrunk(void)
{
	vir_bytes start = vm_brk(0);
	volatile u8_t *p = (u8_t *)start;
	int i;

	CHECK("grow", vm_brk(start + 4 * PAGE_SIZE) != 0);
	for (i = 0; i < 4; i++)
		p[i * PAGE_SIZE] = 1;
	CHECK_EQ("shrink", (int)vm_brk(start + PAGE_SIZE), (int)(start + PAGE_SIZE));
	p[2 * PAGE_SIZE] = 2;
	printf("FAIL a write to a page given back survived\n");
	return 1;
}

/*
 * Use the stack kib KiB below our frame, a word every 1 KiB, as a call
 * chain that deep would, and read it all back. By address, not by
 * recursion: a compiler may turn a recursion into a loop (clang does) and
 * the stack would not grow at all. Below esp is safe to write: traps and
 * interrupts go to the kernel's stack, never ours. Returns the words
 * that read back right.
 */
static int use_stack(u32_t kib)
{
	volatile u32_t *frame = (volatile u32_t *)__builtin_frame_address(0);
	u32_t i;
	int good = 0;

	for (i = 1; i <= kib; i++)
		frame[-(int)(i * 256)] = i;
	for (i = 1; i <= kib; i++)
		good += frame[-(int)(i * 256)] == i;
	return good;
}

/* The stack grows by demand down to USER_STACK_MAX. */
static void test_stack(void)
{
	u32_t before = free_pages();

	CHECK_EQ("the stack used 400 KiB deep", use_stack(400), 400);
	/* 100 pages deep; VM maps the top few at spawn. */
	CHECK("stack pages were added", before - free_pages() >= 90);
	printf("memtest: stack grew by %u pages\n", before - free_pages());
}

/* Touching memory outside every region kills the toucher only. */
static int role_stray(const char *where)
{
	volatile u32_t *p;

	if (strcmp(where, "heap") == 0)
		p = (u32_t *)(vm_brk(0) + 16 * PAGE_SIZE);   /* past the break */
	else if (strcmp(where, "stack") == 0)
		p = (u32_t *)(USER_STACK_LOW - PAGE_SIZE);   /* below the stack area */
	else if (strcmp(where, "text") == 0)
		p = (u32_t *)(vir_bytes)role_stray;   /* present, read-only */
	else
		p = (u32_t *)(USER_MMAP_BASE + 64 * PAGE_SIZE);   /* unmapped */
	*p = 1;
	printf("FAIL stray write to %p survived\n", (void *)p);
	return 0;
}

static void test_stray(void)
{
	static const char *where[] = { "heap", "stack", "mmap", "text" };
	int i, status, killed;
	endpoint_t e;

	for (i = 0; i < 4; i++) {
		e = start_helper("memtest stray %s", where[i]);
		CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
		CHECK_EQ(where[i], killed, 1);
	}
}

/* Anonymous mappings: zero pages by demand, gone after munmap. */
static int role_unmapped_use(void)
{
	volatile u8_t *p = vm_mmap(3 * PAGE_SIZE);

	CHECK("mapped", p != NULL);
	p[0] = 1;
	CHECK_ERR("unmap", vm_munmap((void *)p, 3 * PAGE_SIZE), OK);
	p[0] = 2;   /* must kill us */
	printf("FAIL a write to an unmapped mapping survived\n");
	return 1;
}

/* The request to unmap the buffer is in the buffer: VM's reply has
 * nowhere to go. The kernel never drops a message it has taken, so we
 * are killed, with a report, instead of losing it. */
static int role_unmapbuf(void)
{
	message *buf = vm_mmap(PAGE_SIZE);

	memset(buf, 0, sizeof(*buf));
	buf->vm_mmap.addr = (vir_bytes)buf;
	buf->vm_mmap.len = PAGE_SIZE;
	buf->m_type = VM_MUNMAP;
	sendrec(VM_PROC_NR, buf);
	return 3;
}

static void test_mmap(void)
{
	u32_t before = free_pages();
	u8_t *a = vm_mmap(64 * 1024), *b = vm_mmap(5000);
	int status, killed, i, zero = 1;
	endpoint_t e;

	CHECK("mapped", a != NULL && b != NULL && a != b);
	CHECK("in the mapping area", (vir_bytes)a >= USER_MMAP_BASE && (vir_bytes)b >= USER_MMAP_BASE);
	CHECK_EQ("b right after a", (int)(vir_bytes)b, (int)((vir_bytes)a + 64 * 1024));
	for (i = 0; i < 64 * 1024; i += PAGE_SIZE)
		zero &= a[i] == 0;
	CHECK("zeroed", zero);
	b[0] = 9;
	b[4999] = 7;
	CHECK_ERR("unmap a", vm_munmap(a, 64 * 1024), OK);
	CHECK_EQ("b, right after a, keeps its first page", b[0], 9);
	CHECK_EQ("and its last", b[4999], 7);
	CHECK_ERR("unmap b", vm_munmap(b, 5000), OK);
	CHECK_ERR("unmap again", vm_munmap(b, 5000), EINVAL);
	CHECK_EQ("zero length", vm_mmap(0) == NULL, 1);
	/* All but the page table made for the mapping area, which stays
	 * until the process ends. */
	CHECK("pages back", before - free_pages() <= 1);
	e = start_helper("memtest unmapped");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("use after munmap kills", killed, 1);

	/* A receive buffer that was fine is refused once unmapped, before
	 * the message is taken: the kernel must not trust what it saw. */
	{
		message *buf = vm_mmap(PAGE_SIZE), m;

		buf->m_type = 0;   /* present now */
		CHECK_ERR("unmap", vm_munmap(buf, PAGE_SIZE), OK);
		sys_setalarm(1, NULL);
		CHECK_ERR("receive into the unmapped buffer", receive(CLOCK, buf), EFAULT);
		CHECK_ERR("the notification waited", receive(CLOCK, &m), OK);
	}
	e = start_helper("memtest unmapbuf");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("a reply with nowhere to go kills", killed, 1);
}

/* A kernel call whose buffer is valid but not present waits for VM and
 * runs again, without its message being copied in a second time. */
static void test_kcall_restart(void)
{
	vir_bytes start = vm_brk(0);
	struct procinfo *tab;
	struct kstats k0, k1;
	message m;
	int n;

	CHECK("grow", vm_brk(start + 8 * PAGE_SIZE) != 0);
	/* Never touched; the copy meets the absent page inside it. */
	tab = (struct procinfo *)(start + 4 * PAGE_SIZE + 100);
	k0 = stats();
	memset(&m, 0, sizeof(m));
	m.getinfo.what = GET_PROCTAB;
	m.getinfo.buf = (vir_bytes)tab;
	m.getinfo.size = 4 * sizeof(*tab);
	n = _kernel_call(SYS_GETINFO, &m);
	k1 = stats();
	CHECK("the call completed", n >= 3);
	CHECK("with the table", tab[0].endpt == VM_PROC_NR);
	CHECK_EQ("VM was asked once", (int)(k1.vm_requests - k0.vm_requests), 1);
	CHECK_EQ("the call ran again", (int)(k1.kcall_restarts - k0.kcall_restarts), 1);
	/* Messages copied in since k0: our GETINFO, VM's SYS_VMCTL answer,
	 * and the GET_KSTATS for k1. Copying GETINFO's message in again
	 * for the second run would make it 4. */
	CHECK_EQ("each message copied in once", (int)(k1.kcall_copyins - k0.kcall_copyins), 3);
	/* A bad address right after: refused at once, VM is not asked
	 * (an older fault must not be taken for this one). */
	k0 = stats();
	CHECK_ERR("kernel address", sys_getinfo(GET_PROCTAB, (void *)0x100000, 64, NULL), EFAULT);
	CHECK_ERR("unmapped table", senda((asynmsg_t *)0x100000, 1), EFAULT);
	k1 = stats();
	CHECK_EQ("VM not asked", (int)(k1.vm_requests - k0.vm_requests), 0);
	/* Our own text is present and read-only: a protection fault. Only
	 * VM knows whether such a page is copy-on-write, so it is asked
	 * once, says no (text is not), and the call fails, once. */
	k0 = stats();
	CHECK_ERR("read-only text", sys_getinfo(GET_PROCTAB, (void *)(vir_bytes)test_heap, 64, NULL),
	          EFAULT);
	k1 = stats();
	CHECK_EQ("VM asked once about a protection fault", (int)(k1.vm_requests - k0.vm_requests), 1);
	CHECK_EQ("and not run again", (int)(k1.kcall_restarts - k0.kcall_restarts), 0);
	/* Past the break: VM is asked and refuses, and the call fails, once. */
	k0 = stats();
	CHECK_ERR("outside every region", sys_getinfo(GET_PROCTAB, (void *)(start + 64 * PAGE_SIZE), 64,
	                                              NULL), EFAULT);
	k1 = stats();
	CHECK_EQ("VM asked once and refused", (int)(k1.vm_requests - k0.vm_requests), 1);
	CHECK_EQ("not run again", (int)(k1.kcall_restarts - k0.kcall_restarts), 0);
	/* VM's own copy of our command line meets a page never touched: VM
	 * must not wait for itself, it refuses the spawn. */
	memset(&m, 0, sizeof(m));
	m.m_type = VM_SPAWN;
	m.vm_spawn.cmdline = start + 5 * PAGE_SIZE;   /* never touched */
	m.vm_spawn.len = 4;
	CHECK_ERR("spawn", sendrec(VM_PROC_NR, &m), OK);
	CHECK_ERR("VM's copy from an absent page", m.m_type, EFAULT);

	/* An alarm whose message runs into a page never touched: the call
	 * waits for VM and runs once, so the previous alarm's ticks come
	 * back and the new one is set. */
	{
		/* 16 bytes in page 6, the other 48 in page 7 */
		message *straddling = (message *)(start + 7 * PAGE_SIZE - 16);
		u32_t left;

		CHECK_ERR("first alarm", sys_setalarm(1000, NULL), OK);
		straddling->m_type = 0;
		straddling->alarm.ticks = 500;   /* in the first page; the rest is not */
		k0 = stats();
		CHECK_ERR("alarm across an absent page", _kernel_call(SYS_SETALARM, straddling), OK);
		k1 = stats();
		CHECK("VM was asked", k1.vm_requests > k0.vm_requests);
		CHECK("the first alarm's ticks came back",
		      straddling->alarm.prev_left > 900 && straddling->alarm.prev_left <= 1000);
		CHECK_ERR("cancel", sys_setalarm(0, &left), OK);
		CHECK("the second alarm was set, once", left > 400 && left <= 500);
	}
	CHECK_EQ("shrink", (int)vm_brk(start), (int)start);
	printf("memtest: a kernel call waited for VM and ran again\n");
}

/* IPC into a receive buffer that is not present yet is delivered. */
static int role_receive_fresh(endpoint_t parent)
{
	vir_bytes start = vm_brk(0);
	message *m;

	CHECK("grow", vm_brk(start + 2 * PAGE_SIZE) != 0);
	m = (message *)(start + PAGE_SIZE);   /* not present */
	CHECK_ERR("receive", receive(parent, m), OK);
	CHECK_EQ("from the parent", m->m_source, parent);
	CHECK_EQ("the message", (int)m->raw.w[0], 4242);
	return failures != 0;
}

static void test_ipc_fresh(void)
{
	endpoint_t c = start_helper("memtest recvfresh %d", self);
	message m;

	pause_ticks(3);
	memset(&m, 0, sizeof(m));
	m.raw.w[0] = 4242;
	CHECK_ERR("send", send(c, &m), OK);
	finish_helper("recvfresh", c, 0);
}

/* A process held by VM (RTS_VMINHIBIT) does not run; SENDA to it waits
 * and is delivered exactly once when VM lets it go. */
static int role_count(endpoint_t parent)
{
	message m;
	int n = 0;

	while (receive(ANY, &m) == OK && m.m_type != 99)
		n++;
	m.raw.w[0] = n;
	CHECK_ERR("report the count", send(parent, &m), OK);
	return failures != 0;
}

static u32_t child_flags(endpoint_t e)
{
	struct procinfo tab[NR_PROCS];
	int i, n = sys_getinfo(GET_PROCTAB, tab, sizeof(tab), NULL);

	for (i = 0; i < n; i++)
		if (tab[i].endpt == e)
			return tab[i].flags;
	return 0xffffffff;
}

static void test_inhibit(void)
{
	static asynmsg_t tab[1];
	endpoint_t c = start_helper("memtest count %d", self);
	message m;

	pause_ticks(3);   /* c waits in RECEIVE */
	CHECK_ERR("hold", vm_hold(c, 20), OK);
	CHECK_ERR("hold twice", vm_hold(c, 20), EBUSY);
	CHECK_ERR("hold a non-child", vm_hold(VM_PROC_NR, 20), ECHILD);
	CHECK("held", (child_flags(c) & 0x80) != 0);
	tab[0].flags = AMF_VALID;
	tab[0].dst = c;
	tab[0].msg.m_type = 1;
	CHECK_ERR("senda", senda(tab, 1), OK);
	pause_ticks(5);
	CHECK("postponed while held", !(tab[0].flags & AMF_DONE));
	pause_ticks(25);
	CHECK("delivered after", (tab[0].flags & AMF_DONE) && tab[0].result == OK);
	CHECK("running again", (child_flags(c) & 0x80) == 0);
	memset(&m, 0, sizeof(m));
	m.m_type = 99;
	CHECK_ERR("stop", send(c, &m), OK);
	CHECK_ERR("count", receive(c, &m), OK);
	CHECK_EQ("exactly once", m.raw.w[0], 1);
	finish_helper("count", c, 0);
	printf("memtest: a held process got its postponed message once\n");
}

/* Context switches reload CR3 but flush nothing else. */
static int role_echo(void)
{
	message m;

	while (receive(ANY, &m) == OK && m.m_type != 99)
		send(m.m_source, &m);
	return 0;
}

static void test_tlb(void)
{
	endpoint_t e = start_helper("memtest echo");
	struct kstats k0, k1;
	message m;
	int i;

	memset(&m, 0, sizeof(m));
	k0 = stats();
	for (i = 0; i < 100; i++)
		sendrec(e, &m);
	k1 = stats();
	CHECK("switched address spaces", k1.cr3_loads - k0.cr3_loads >= 200);
	CHECK_EQ("no extra TLB flushes", (int)(k1.tlb_flushes - k0.tlb_flushes), 0);
	m.m_type = 99;
	send(e, &m);
	finish_helper("echo", e, 0);
	printf("memtest: 100 round trips, %u CR3 loads, %u TLB flushes\n",
	       k1.cr3_loads - k0.cr3_loads, k1.tlb_flushes - k0.tlb_flushes);
}

/* Spawn and end processes 1000 times: no page may be lost. */
static void test_cycles(void)
{
	u32_t before = free_pages();
	endpoint_t e;
	int i;

	for (i = 0; i < 1000; i++) {
		e = start_helper("memtest exit");
		finish_helper("cycle", e, 0);
	}
	CHECK_EQ("pages after 1000 cycles", (int)free_pages(), (int)before);
	printf("memtest: 1000 spawn/exit cycles, %u pages free before and after\n", before);
}

static const struct scenario scenarios[] = {
	{ "heap", test_heap }, { "stack", test_stack }, { "stray", test_stray },
	{ "mmap", test_mmap }, { "kcall", test_kcall_restart },
	{ "ipc", test_ipc_fresh }, { "inhibit", test_inhibit },
	{ "tlb", test_tlb }, { "cycles", test_cycles },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: memtest MODE");
	if (strcmp(argv[1], "exit") == 0)
		return 0;
	if (strcmp(argv[1], "echo") == 0)
		return role_echo();
	if (strcmp(argv[1], "unmapped") == 0)
		return role_unmapped_use();
	if (strcmp(argv[1], "unmapbuf") == 0)
		return role_unmapbuf();
	if (strcmp(argv[1], "shrunk") == 0)
		return role_shrunk();
	if (argc == 3 && strcmp(argv[1], "stray") == 0)
		return role_stray(argv[2]);
	if (argc == 3 && strcmp(argv[1], "recvfresh") == 0)
		return role_receive_fresh(arg_int(argv[2]));
	if (argc == 3 && strcmp(argv[1], "count") == 0)
		return role_count(arg_int(argv[2]));
	return run_scenario("memtest", scenarios,
	                    sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
