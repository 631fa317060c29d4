/*
 * Host check of kernel/asyn.c: SENDA tables and the RECEIVEs that take
 * their messages, in a session the parent drives against its model.
 *   "N COUNT [ENDPOINT PRIVFLAGS PARENT]*COUNT"
 *          processes in slots 0..COUNT-1, runnable; answer: ok
 *   "A SLOT BAD COUNT [DST FLAGS PAYLOAD]*COUNT"
 *          write the table in SLOT's memory (at an unreadable address if
 *          BAD; not at all if it is too long, since it is refused and
 *          the table registered before stays), then do_senda();
 *          answer: RESULT REPORT
 *   "R SLOT SRC"
 *          asyn_receive(); if it returns 0 the process blocks receiving
 *          from SRC, as ipc.c would do; answer: RESULT REPORT
 *   "C SLOT" the process stops receiving (it got something else); answer: ok
 * REPORT is what happened since the request began, then the tables:
 *   NDELIVERED [DST_SLOT SOURCE PAYLOAD INTACT WAS_NOT_RECEIVING]*
 *   then for each slot with a table: COUNT [FLAGS RESULT]*COUNT
 * Each entry's message is filled from its payload (fill() below), so
 * INTACT says whether all of it arrived.
 */
#include <string.h>

#include <mica/ipc.h>

#include "hostcheck.h"
#include "fake_kernel.h"

#define MAX_PROCS 6
#define TABLE_STRIDE 0x2000
#define BAD_TABLE (USER_BASE + 0x1000)   /* not in hc_umem */

const char hc_driver[] = "asyn";

static int nprocs;
static u32_t table_size[MAX_PROCS];

static vir_bytes table_addr(int slot)
{
	return HC_UBASE + (vir_bytes)slot * TABLE_STRIDE;
}

static void fill(message *m, u32_t payload)
{
	u32_t *w = (u32_t *)m;
	size_t i;

	for (i = 1; i < sizeof(*m) / 4; i++)
		w[i] = payload ^ (u32_t)(i * 0x01000193u);
	w[1] = payload;
}

static int intact(const message *m)
{
	message want;

	fill(&want, (u32_t)m->m_type);
	return memcmp((const u32_t *)m + 1, (const u32_t *)&want + 1, sizeof(want) - 4) == 0;
}

void hc_hello_extra(void)
{
	hc_kernel_reset();
	_Static_assert(NR_ASYNC_MAX * sizeof(asynmsg_t) <= TABLE_STRIDE, "a table fits");
	_Static_assert(MAX_PROCS * TABLE_STRIDE <= sizeof(hc_umem), "tables fit");
}

static void report(void)
{
	asynmsg_t *t;
	int i, n = 0;
	u32_t j;

	for (i = 0; i < hc_nevents; i++)
		n += hc_events[i].kind == 'd';
	hc_put_int(n);
	for (i = 0; i < hc_nevents; i++) {
		const struct hc_event *e = &hc_events[i];

		if (e->kind != 'd')
			hc_fatal("asyn.c did something other than deliver()");
		hc_put_int(e->to->p_nr);
		hc_put_int(e->src_e);
		hc_put_u64((u32_t)e->msg.m_type);
		hc_put_int(intact(&e->msg));
		hc_put_int(e->flags);
	}
	for (i = 0; i < nprocs; i++) {
		if (table_size[i] == 0)
			continue;
		t = (asynmsg_t *)(hc_umem + (table_addr(i) - HC_UBASE));
		hc_put_int(i);
		hc_put_int((int)table_size[i]);
		for (j = 0; j < table_size[i]; j++) {
			hc_put_u64(t[j].flags);
			hc_put_int(t[j].result);
		}
	}
}

static int setup(int argc, char **argv)
{
	int i;

	nprocs = (int)hc_int(argv[1]);
	if (nprocs < 1 || nprocs > MAX_PROCS || argc != 2 + 3 * nprocs)
		return -1;
	hc_kernel_reset();
	memset(table_size, 0, sizeof(table_size));
	for (i = 0; i < nprocs; i++) {
		struct proc *p = proc_addr(i);

		p->p_endpoint = (endpoint_t)hc_int(argv[2 + 3 * i]);
		p->p_gen = endpoint_gen(p->p_endpoint);
		p->p_privflags = hc_u32(argv[3 + 3 * i]);
		p->p_parent = (endpoint_t)hc_int(argv[4 + 3 * i]);
		p->p_rts_flags = 0;
		p->p_priority = PRIO_USER;
	}
	hc_put_word("ok");
	return 0;
}

static int senda(int argc, char **argv)
{
	int slot = (int)hc_int(argv[1]), bad = (int)hc_int(argv[2]);
	u32_t count = hc_u32(argv[3]), i;
	asynmsg_t *t;
	vir_bytes addr;

	if (slot < 0 || slot >= nprocs || (u32_t)argc != 4 + 3 * count || count > NR_ASYNC_MAX + 8)
		return -1;
	addr = bad ? BAD_TABLE : table_addr(slot);
	t = (asynmsg_t *)(hc_umem + (table_addr(slot) - HC_UBASE));
	/* A table that is too long is refused and changes nothing: the one
	 * registered before stays, so its memory is left as it is. */
	if (count <= NR_ASYNC_MAX) {
		memset(t, 0, TABLE_STRIDE);
		for (i = 0; i < count; i++) {
			t[i].dst = (endpoint_t)hc_int(argv[4 + 3 * i]);
			t[i].flags = hc_u32(argv[5 + 3 * i]);
			fill(&t[i].msg, hc_u32(argv[6 + 3 * i]));
		}
	}
	hc_nevents = 0;
	hc_put_int(do_senda(proc_addr(slot), addr, count));
	if (count <= NR_ASYNC_MAX)
		table_size[slot] = bad ? 0 : count;
	report();
	return 0;
}

static int receive(char **argv)
{
	int slot = (int)hc_int(argv[1]), r;
	struct proc *p;

	if (slot < 0 || slot >= nprocs)
		return -1;
	p = proc_addr(slot);
	hc_nevents = 0;
	r = asyn_receive(p, (endpoint_t)hc_int(argv[2]));
	hc_put_int(r);
	if (r == 0) {
		p->p_rts_flags |= RTS_RECEIVING;
		p->p_getfrom = (endpoint_t)hc_int(argv[2]);
	}
	report();
	return 0;
}

int hc_handle(int argc, char **argv)
{
	if (strcmp(argv[0], "N") == 0 && argc >= 2)
		return setup(argc, argv);
	if (strcmp(argv[0], "A") == 0 && argc >= 4)
		return senda(argc, argv);
	if (strcmp(argv[0], "R") == 0 && argc == 3)
		return receive(argv);
	if (strcmp(argv[0], "C") == 0 && argc == 2) {
		int slot = (int)hc_int(argv[1]);

		if (slot < 0 || slot >= nprocs)
			return -1;
		proc_addr(slot)->p_rts_flags &= ~RTS_RECEIVING;
		hc_put_word("ok");
		return 0;
	}
	return -1;
}
