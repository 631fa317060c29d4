/*
 * IPC tests: `ipctest MODE` runs one scenario, starting copies of itself
 * in helper roles (`ipctest echo`, `ipctest sendto P TYPE`, ...) where it
 * needs partners. Each scenario ends with "ipctest MODE: ok".
 */
#include "check.h"

#define STOP 0x7fff   /* m_type that ends an echo server */
#define DONE 7

static endpoint_t self;

/* --- helper roles ----------------------------------------------------- */

/* Answer every message with its first word plus one, until STOP. Like
 * every helper role, it reports each of its checks itself (a FAIL line
 * names it) and exits with the number that failed. */
static int role_echo(void)
{
	message m;
	int r;

	for (;;) {
		r = receive(ANY, &m);
		CHECK_ERR("echo: receive", r, OK);
		if (r != OK || m.m_type == STOP)
			return failures;
		m.raw.w[0]++;
		r = send(m.m_source, &m);
		CHECK_ERR("echo: send the answer", r, OK);
		if (r != OK)
			return failures;
	}
}

/* Send one message of the given type to P. */
static int role_sendto(endpoint_t p, int type)
{
	CHECK_ERR("sendto: send", send_type(p, type, 0), OK);
	return failures;
}

/* Wait for one message from P. */
static int role_recvfrom(endpoint_t p)
{
	message m;

	CHECK_ERR("recvfrom: receive", receive(p, &m), OK);
	CHECK_EQ("recvfrom: its source", m.m_source, p);
	return failures;
}

/* Notify P n times, then send DONE and wait for P's go-ahead. */
static int role_notifier(endpoint_t p, int n)
{
	message m;

	while (n-- > 0)
		CHECK_ERR("notifier: notify", notify(p), OK);
	CHECK_ERR("notifier: send DONE", send_type(p, DONE, 0), OK);
	CHECK_ERR("notifier: receive the go-ahead", receive(p, &m), OK);
	return failures;
}

/* Take n asynchronous messages, of types 11, 12, ..., then tell P. */
static int role_asyncsink(endpoint_t p, int n)
{
	message m;
	int i;

	for (i = 0; i < n; i++) {
		CHECK_ERR("asyncsink: receive", receive(ANY, &m), OK);
		CHECK_EQ("asyncsink: the message's source", m.m_source, p);
		CHECK_EQ("asyncsink: the messages' types, in order", m.m_type, 11 + i);
	}
	CHECK_ERR("asyncsink: send DONE", send_type(p, DONE, n), OK);
	return failures;
}

/* Say "ready" to P, then wait for a message whose first word is 42. */
static int role_ready_then_wait(endpoint_t p)
{
	message m;

	CHECK_ERR("ready: send ready", send_type(p, DONE, 0), OK);
	CHECK_ERR("ready: receive", receive(p, &m), OK);
	CHECK_EQ("ready: the message's word", m.raw.w[0], 42);
	return failures;
}

/* Pretend to be VM: the kernel must put our real endpoint in m_source.
 * Then send VM a fake exit notice, which VM must see through. */
static int role_forger(endpoint_t p)
{
	struct mess_vm_info info;
	message m;

	memset(&m, 0, sizeof(m));
	m.m_source = VM_PROC_NR;
	m.m_type = DONE;
	CHECK_ERR("forger: send as VM", send(p, &m), OK);
	memset(&m, 0, sizeof(m));
	m.m_source = VM_PROC_NR;
	m.m_type = VM_EXITED;
	CHECK_ERR("forger: a fake exit notice to VM", send(VM_PROC_NR, &m), OK);
	CHECK_ERR("forger: VM is still serving", vm_info(&info), OK);
	return failures;
}

/* SENDREC a request to P and check that only P's reply ends the wait:
 * P notifies us and sends us a SENDA entry first, which must wait for
 * our next RECEIVEs (the notification first). Each check is its own. */
static int role_asker(endpoint_t p)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = 1;
	CHECK_ERR("asker: sendrec", sendrec(p, &m), OK);
	CHECK_EQ("asker: the reply's source", m.m_source, p);
	CHECK_EQ("asker: the reply is the reply (not a notification or SENDA entry)", m.m_type, 88);
	CHECK_ERR("asker: receive", receive(ANY, &m), OK);
	CHECK_EQ("asker: then the notification's source", m.m_source, p);
	CHECK_EQ("asker: then the notification", m.m_type, NOTIFY_MESSAGE);
	CHECK_ERR("asker: receive", receive(ANY, &m), OK);
	CHECK_EQ("asker: then the SENDA entry's source", m.m_source, p);
	CHECK_EQ("asker: then the SENDA entry", m.m_type, 77);
	return failures;
}

/* Take one request, then end without answering it. */
static int role_take_and_exit(void)
{
	message m;

	CHECK_ERR("takeandexit: receive", receive(ANY, &m), OK);
	return failures;
}

/* Wait a few ticks (P is blocked receiving from us by then), then end
 * with status 5 (the pause reports its own failure). */
static int role_exit_later(void)
{
	pause_ticks(3);
	return 5;
}

/* A sibling may not be talked to: every way must be refused. Each way
 * is its own check, so a FAIL line says which one was let through. */
static int role_intruder(endpoint_t sibling)
{
	static asynmsg_t tab[1];
	message m;

	memset(&m, 0, sizeof(m));
	CHECK_ERR("intruder: SEND to a sibling", send(sibling, &m), ECALLDENIED);
	CHECK_ERR("intruder: SENDNB to a sibling", sendnb(sibling, &m), ECALLDENIED);
	CHECK_ERR("intruder: NOTIFY to a sibling", notify(sibling), ECALLDENIED);
	CHECK_ERR("intruder: RECEIVE from a sibling", receive(sibling, &m), ECALLDENIED);
	CHECK_ERR("intruder: SENDREC to a sibling", sendrec(sibling, &m), ECALLDENIED);
	tab[0].flags = AMF_VALID;
	tab[0].dst = sibling;
	CHECK_ERR("intruder: SENDA to a sibling", senda(tab, 1), OK);
	CHECK("intruder: the SENDA entry is done", tab[0].flags & AMF_DONE);
	CHECK_ERR("intruder: the SENDA entry's result", tab[0].result, ECALLDENIED);
	return failures;
}

/* --- scenarios -------------------------------------------------------- */

static void test_pingpong(void)
{
	endpoint_t echo = start_helper("ipctest echo");
	message m;
	int i;

	for (i = 0; i < 100; i++) {
		CHECK_ERR("send", send_type(echo, 1, i), OK);
		CHECK_ERR("receive", receive(echo, &m), OK);
		CHECK_EQ("reply source", m.m_source, echo);
		CHECK_EQ("reply word", m.raw.w[0], i + 1);
	}
	printf("ipctest: %d round trips\n", i);
	CHECK_ERR("stop", send_type(echo, STOP, 0), OK);
	finish_helper("echo", echo, 0);
}

static void test_sendrec(void)
{
	endpoint_t echo = start_helper("ipctest lateecho");
	message m;
	int i;

	/* The echo is not receiving yet: the request waits in its queue,
	 * and our wait for the reply starts when it is taken. */
	memset(&m, 0, sizeof(m));
	m.raw.w[0] = 41;
	CHECK_ERR("sendrec, queued", sendrec(echo, &m), OK);
	CHECK_EQ("queued: reply source", m.m_source, echo);
	CHECK_EQ("queued: reply word", m.raw.w[0], 42);

	for (i = 0; i < 100; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = 1;
		m.raw.w[0] = 1000 + i;
		m.raw.w[13] = 0xfeedf00d;   /* the last word travels too */
		CHECK_ERR("sendrec", sendrec(echo, &m), OK);
		CHECK_EQ("reply source", m.m_source, echo);
		CHECK_EQ("reply word", m.raw.w[0], 1001 + i);
		CHECK("last word", m.raw.w[13] == 0xfeedf00d);
	}
	printf("ipctest: %d sendrec round trips\n", i);
	CHECK_ERR("stop", send_type(echo, STOP, 0), OK);
	finish_helper("echo", echo, 0);
}

static void test_anyspecific(void)
{
	endpoint_t a, b, c;
	message m;

	/* One at a time, so that they queue at us in the order a, b, c. */
	a = start_helper("ipctest sendto %d 1", self);
	pause_ticks(2);
	b = start_helper("ipctest sendto %d 2", self);
	pause_ticks(2);
	c = start_helper("ipctest sendto %d 3", self);
	pause_ticks(2);
	CHECK_ERR("receive from b", receive(b, &m), OK);
	CHECK_EQ("source is b", m.m_source, b);
	CHECK_EQ("b's type", m.m_type, 2);
	CHECK_ERR("receive any", receive(ANY, &m), OK);
	CHECK_EQ("then the first queued: a", m.m_source, a);
	CHECK_EQ("a's type", m.m_type, 1);
	CHECK_ERR("receive any", receive(ANY, &m), OK);
	CHECK_EQ("then the next: c", m.m_source, c);
	CHECK_EQ("c's type", m.m_type, 3);
	finish_helper("a", a, 0);
	finish_helper("b", b, 0);
	finish_helper("c", c, 0);
}

static void test_notify(void)
{
	endpoint_t n = start_helper("ipctest notifier %d 5", self);
	message m;

	pause_ticks(3);   /* five notifies sent, then blocked in send */
	/* A RECEIVE from CLOCK takes CLOCK's notification, not n's. */
	CHECK_ERR("alarm", sys_setalarm(2, NULL), OK);
	CHECK_ERR("receive from CLOCK", receive(CLOCK, &m), OK);
	CHECK_EQ("the notification from CLOCK", m.m_source, CLOCK);
	CHECK_ERR("receive", receive(ANY, &m), OK);
	CHECK_EQ("notify source", m.m_source, n);
	CHECK_EQ("notify type", m.m_type, NOTIFY_MESSAGE);
	CHECK_ERR("receive", receive(ANY, &m), OK);
	CHECK_EQ("then the message", m.m_type, DONE);
	/* The five became one: the next thing to arrive is our alarm. */
	sys_setalarm(2, NULL);
	CHECK_ERR("receive", receive(ANY, &m), OK);
	CHECK_EQ("only one notify", m.m_source, CLOCK);
	CHECK_ERR("go", send_type(n, 1, 0), OK);
	finish_helper("notifier", n, 0);
	printf("ipctest: 5 notifies arrived as 1\n");
}

/* What the "ready" helper waits for: a message whose first word is 42. */
static void the_answer(message *m)
{
	memset(m, 0, sizeof(*m));
	m->raw.w[0] = 42;
}

static void test_sendnb(void)
{
	endpoint_t c = start_helper("ipctest ready %d", self);
	message m;

	pause_ticks(3);   /* c is blocked sending to us, not receiving */
	the_answer(&m);
	CHECK_ERR("sendnb to a sender", sendnb(c, &m), ENOTREADY);
	CHECK_ERR("receive ready", receive(c, &m), OK);
	pause_ticks(3);   /* c now waits in receive */
	the_answer(&m);
	CHECK_ERR("sendnb to a receiver", sendnb(c, &m), OK);
	finish_helper("ready", c, 0);
}

/* REPLYREC: a reply that cannot go receives nothing and leaves the
 * buffer as it was; a buffer that is not writable sends nothing; a
 * reply that goes is followed, in the same call, by RECEIVE(ANY). */
static void test_replyrec(void)
{
	static const message ro;   /* in read-only data */
	endpoint_t c = start_helper("ipctest ready %d", self);
	message m;

	pause_ticks(3);   /* c is blocked sending to us, not receiving */
	the_answer(&m);
	CHECK_ERR("replyrec to a sender", replyrec(c, &m), ENOTREADY);
	CHECK_EQ("nothing received", m.raw.w[0], 42);
	CHECK_ERR("replyrec to no endpoint", replyrec(NONE, &m), EBADSRCDST);
	CHECK_ERR("replyrec to ourselves", replyrec(self, &m), ELOCKED);
	CHECK_ERR("c's message is still queued", receive(c, &m), OK);
	CHECK_EQ("its type", m.m_type, DONE);
	pause_ticks(3);   /* c now waits in receive, for a first word of 42 */
	CHECK_ERR("replyrec read-only", replyrec(c, (message *)&ro), EFAULT);
	the_answer(&m);
	sys_setalarm(5, NULL);   /* what the receive half gets */
	CHECK_ERR("replyrec to a receiver", replyrec(c, &m), OK);
	CHECK_EQ("then the receive", m.m_source, CLOCK);
	CHECK_EQ("of a notification", m.m_type, NOTIFY_MESSAGE);
	finish_helper("ready", c, 0);   /* c got 42, and only once */
}

static void test_senda(void)
{
	static asynmsg_t tab[5];
	endpoint_t c = start_helper("ipctest asyncsink %d 3", self);
	message m;
	int i;

	CHECK_ERR("table too long", senda(tab, NR_ASYNC_MAX + 1), EINVAL);
	CHECK_ERR("table unmapped", senda((asynmsg_t *)0x60000000, 1), EFAULT);
	CHECK_ERR("table in the kernel", senda((asynmsg_t *)0x100000, 1), EFAULT);
	pause_ticks(3);   /* c is receiving: the first goes at once */
	for (i = 0; i < 3; i++) {
		tab[i].flags = AMF_VALID;
		tab[i].dst = c;
		tab[i].msg.m_type = 11 + i;
	}
	tab[3].flags = AMF_VALID;
	tab[3].dst = 0x12345678;
	tab[4].flags = 0;
	CHECK_ERR("senda", senda(tab, 5), OK);
	CHECK("bad entry done at once", (tab[3].flags & AMF_DONE) != 0);
	CHECK_ERR("bad entry result", tab[3].result, EBADSRCDST);
	CHECK_ERR("done", receive(c, &m), OK);
	CHECK_EQ("sink got", m.raw.w[0], 3);
	for (i = 0; i < 3; i++) {
		CHECK("entry done", (tab[i].flags & AMF_DONE) != 0);
		CHECK_ERR("entry result", tab[i].result, OK);
	}
	CHECK_EQ("invalid entry untouched", tab[4].flags, 0);
	CHECK_ERR("withdraw", senda(tab, 0), OK);
	finish_helper("asyncsink", c, 0);
	printf("ipctest: 3 asynchronous messages delivered\n");
}

static void test_deadlock(void)
{
	endpoint_t c = start_helper("ipctest sendto %d 5", self);
	message m;

	memset(&m, 0, sizeof(m));
	CHECK_ERR("send to self", send(self, &m), ELOCKED);
	CHECK_ERR("receive from self", receive(self, &m), ELOCKED);
	pause_ticks(3);   /* c is blocked sending to us */
	CHECK_ERR("send closes a cycle", send(c, &m), ELOCKED);
	CHECK_ERR("sendrec closes a cycle", sendrec(c, &m), ELOCKED);
	CHECK_ERR("receive", receive(c, &m), OK);
	CHECK_EQ("c's type", m.m_type, 5);
	finish_helper("sendto", c, 0);

	c = start_helper("ipctest recvfrom %d", self);
	pause_ticks(3);   /* c is blocked receiving from us */
	CHECK_ERR("receive closes a cycle", receive(c, &m), ELOCKED);
	CHECK_ERR("send", send_type(c, 1, 0), OK);
	finish_helper("recvfrom", c, 0);
	printf("ipctest: cycles refused with ELOCKED\n");
}

/* While a SENDREC waits for its reply, nothing else may end the wait:
 * a NOTIFY and a SENDA entry to it stay pending until it receives. */
static void test_replywait(void)
{
	static asynmsg_t tab[1];
	endpoint_t c = start_helper("ipctest asker %d", self);
	message m;

	CHECK_ERR("take the request", receive(c, &m), OK);
	CHECK_EQ("the request", m.m_type, 1);
	/* c now waits for our reply and for nothing else. */
	CHECK_ERR("notify the asker", notify(c), OK);
	tab[0].flags = AMF_VALID;
	tab[0].dst = c;
	tab[0].msg.m_type = 77;
	CHECK_ERR("senda to the asker", senda(tab, 1), OK);
	CHECK_EQ("the entry waits: not done while the asker waits for a reply",
	         tab[0].flags & AMF_DONE, 0);
	memset(&m, 0, sizeof(m));
	m.m_type = 88;
	CHECK_ERR("reply", send(c, &m), OK);
	finish_helper("asker", c, 0);
	CHECK("the entry was delivered after", (tab[0].flags & AMF_DONE) != 0);
	CHECK_ERR("the entry's result", tab[0].result, OK);
	CHECK_ERR("withdraw", senda(tab, 0), OK);
}

/* A process that ends leaves no trace in IPC: a sender killed while it
 * waits in our queue (first, or in the middle) is gone from it, a
 * receive from a process that ends fails, and so does a SENDREC whose
 * partner ends before it answers. */
static void test_cancel(void)
{
	endpoint_t a, b, c;
	int status, killed;
	message m;

	a = start_helper("ipctest sendto %d 1", self);
	pause_ticks(2);
	b = start_helper("ipctest sendto %d 2", self);
	pause_ticks(2);
	c = start_helper("ipctest sendto %d 3", self);
	pause_ticks(2);   /* queued at us: a, b, c */
	CHECK_ERR("kill the middle sender", vm_kill(b, 9), OK);
	CHECK_ERR("wait for it", vm_wait(b, &status, &killed), OK);
	CHECK_EQ("it was killed", killed, 1);
	CHECK_ERR("kill the first sender", vm_kill(a, 9), OK);
	CHECK_ERR("wait for it", vm_wait(a, &status, &killed), OK);
	CHECK_ERR("receive any", receive(ANY, &m), OK);
	CHECK_EQ("only c is left", m.m_source, c);
	CHECK_EQ("c's type", m.m_type, 3);
	finish_helper("c", c, 0);
	/* Nothing of a or b is left: the next thing to arrive is our alarm. */
	CHECK_ERR("alarm", sys_setalarm(2, NULL), OK);
	CHECK_ERR("receive any", receive(ANY, &m), OK);
	CHECK_EQ("the alarm, not a dead sender's message", m.m_source, CLOCK);

	c = start_helper("ipctest exitlater");
	CHECK_ERR("receive from one that ends", receive(c, &m), EDEADSRCDST);
	finish_helper("exitlater", c, 5);

	c = start_helper("ipctest takeandexit");
	memset(&m, 0, sizeof(m));
	CHECK_ERR("sendrec to one that ends before it answers", sendrec(c, &m), EDEADSRCDST);
	finish_helper("takeandexit", c, 0);
	CHECK_ERR("send to it now", send(c, &m), EDEADSRCDST);
}

static void test_endpoints(void)
{
	static const endpoint_t garbage[] = { 0x12345678, ANY, NONE, SELF, -5, 0,
	                                      -0x7fffffff, 0x7fffffff, NR_PROCS };
	endpoint_t c, c2;
	message m;
	unsigned i;
	int tries;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		CHECK_ERR("send garbage", send(garbage[i], &m), EBADSRCDST);
		CHECK_ERR("notify garbage", notify(garbage[i]), EBADSRCDST);
		if (garbage[i] != ANY)
			CHECK_ERR("receive garbage", receive(garbage[i], &m), EBADSRCDST);
	}
	CHECK_ERR("send to the kernel", send(KERNEL, &m), ECALLDENIED);
	CHECK_ERR("send to CLOCK", send(CLOCK, &m), ECALLDENIED);
	CHECK_ERR("unknown primitive", _ipc(99, self, &m), EBADCALL);

	c = start_helper("ipctest exit 3");
	finish_helper("exit", c, 3);
	CHECK_ERR("send to the dead", send(c, &m), EDEADSRCDST);
	CHECK_ERR("notify the dead", notify(c), EDEADSRCDST);
	CHECK_ERR("receive from the dead", receive(c, &m), EDEADSRCDST);
	CHECK_ERR("sendrec the dead", sendrec(c, &m), EDEADSRCDST);

	/* VM hands out slots in turn: spawn until c's slot comes back,
	 * with the next generation. The old endpoint must not reach the
	 * new process. */
	for (tries = 0; tries < NR_PROCS; tries++) {
		c2 = start_helper("ipctest recvfrom %d", self);
		if (endpoint_slot(c2) == endpoint_slot(c))
			break;
		CHECK("a slot after c's", endpoint_slot(c2) != endpoint_slot(c));
		CHECK_ERR("release", send_type(c2, 1, 0), OK);
		finish_helper("recvfrom", c2, 0);
	}
	CHECK("c's slot not reused at once", tries > 0);
	CHECK_EQ("same slot", endpoint_slot(c2), endpoint_slot(c));
	CHECK_EQ("next generation", endpoint_gen(c2), endpoint_gen(c) + 1);
	CHECK_ERR("old endpoint still dead", send_type(c, 1, 9), EDEADSRCDST);
	CHECK_ERR("new endpoint works", send_type(c2, 1, 0), OK);
	finish_helper("recvfrom", c2, 0);
	printf("ipctest: endpoints %d -> %d (slot %d reused)\n", c, c2, endpoint_slot(c));
}

static void test_forge(void)
{
	endpoint_t c = start_helper("ipctest forger %d", self);
	message m;

	CHECK_ERR("receive", receive(ANY, &m), OK);
	CHECK_EQ("true source", m.m_source, c);
	CHECK_EQ("type", m.m_type, DONE);
	finish_helper("forger", c, 0);
}

static void test_permission(void)
{
	endpoint_t a = start_helper("ipctest recvfrom %d", self);
	endpoint_t b = start_helper("ipctest intruder %d", a);

	finish_helper("intruder", b, 0);
	CHECK_ERR("parent may send", send_type(a, 1, 0), OK);
	finish_helper("recvfrom", a, 0);
}

static void test_badbuf(void)
{
	static const message ro;   /* in read-only data */
	endpoint_t c = start_helper("ipctest sendto %d 4", self);
	message m;

	CHECK_ERR("send NULL", send(c, NULL), EFAULT);
	CHECK_ERR("send kernel address", send(c, (message *)0x100000), EFAULT);
	CHECK_ERR("send unmapped", send(c, (message *)0x60000000), EFAULT);
	CHECK_ERR("send past user space", send(c, (message *)(USER_END - 32)), EFAULT);
	pause_ticks(3);   /* c is blocked sending to us */
	CHECK_ERR("receive NULL", receive(ANY, NULL), EFAULT);
	CHECK_ERR("receive into kernel", receive(ANY, (message *)0x100000), EFAULT);
	CHECK_ERR("receive read-only", receive(ANY, (message *)&ro), EFAULT);
	CHECK_ERR("sendrec read-only", sendrec(c, (message *)&ro), EFAULT);
	CHECK_ERR("the message was kept", receive(ANY, &m), OK);
	CHECK_EQ("its source", m.m_source, c);
	CHECK_EQ("its type", m.m_type, 4);
	finish_helper("sendto", c, 0);
}

static const struct scenario scenarios[] = {
	{ "pingpong", test_pingpong }, { "sendrec", test_sendrec },
	{ "anyspecific", test_anyspecific }, { "notify", test_notify },
	{ "sendnb", test_sendnb }, { "senda", test_senda },
	{ "deadlock", test_deadlock }, { "endpoints", test_endpoints },
	{ "forge", test_forge }, { "permission", test_permission },
	{ "badbuf", test_badbuf }, { "replywait", test_replywait },
	{ "cancel", test_cancel }, { "replyrec", test_replyrec },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: ipctest MODE");
	/* helper roles */
	if (strcmp(argv[1], "echo") == 0)
		return role_echo();
	if (strcmp(argv[1], "lateecho") == 0) {
		pause_ticks(3);   /* so that the first request waits for us */
		return role_echo();
	}
	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return arg_int(argv[2]);
	if (strcmp(argv[1], "exitlater") == 0)
		return role_exit_later();
	if (strcmp(argv[1], "takeandexit") == 0)
		return role_take_and_exit();
	if (argc >= 3) {
		endpoint_t p = arg_int(argv[2]);
		int n = argc >= 4 ? arg_int(argv[3]) : 0;

		if (strcmp(argv[1], "sendto") == 0)
			return role_sendto(p, n);
		if (strcmp(argv[1], "recvfrom") == 0)
			return role_recvfrom(p);
		if (strcmp(argv[1], "notifier") == 0)
			return role_notifier(p, n);
		if (strcmp(argv[1], "asyncsink") == 0)
			return role_asyncsink(p, n);
		if (strcmp(argv[1], "ready") == 0)
			return role_ready_then_wait(p);
		if (strcmp(argv[1], "forger") == 0)
			return role_forger(p);
		if (strcmp(argv[1], "intruder") == 0)
			return role_intruder(p);
		if (strcmp(argv[1], "asker") == 0)
			return role_asker(p);
	}
	return run_scenario("ipctest", scenarios,
	                    sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
