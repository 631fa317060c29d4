/*
 * The event trace (the kernel's command line word "trace"): IPC traps,
 * deliveries, kernel calls and their results, page faults, new processes
 * and exits, each with the guest's time stamp, in a ring of the last
 * TRACE_EVENTS; printed on the console when the machine halts, and the
 * last TRACE_HANG_TAIL of them at the end of a hang report, in the line
 * format tools/seqchart.py reads and draws as a sequence chart.
 *
 * Off, it costs nothing: the trap stub calls the C entry through the
 * pointer trap_entry, which is trap_from_user, or with tracing on
 * trace_trap, which records and then does the same (the indirect call
 * takes as many instructions as the direct one did). Deliveries are
 * recorded by switch_to_user_traced, the same code as switch_to_user
 * compiled with its recording in (main.c). Only exits, which are not on
 * any IPC path, test trace_on.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include "arch/i386/cpu.h"
#include <mica/ipc.h>

#define TRACE_EVENTS    2048
#define TRACE_HANG_TAIL 64

enum trace_kind { T_IPC, T_DELIVER, T_KCALL, T_KRET, T_FAULT, T_EXIT, T_NEWPROC };

struct trace_event {
	u64_t time;
	u8_t kind;
	endpoint_t who;
	i32_t a, b, c;
	char name[PROC_NAME_LEN];   /* T_NEWPROC, T_EXIT */
};

int trace_on;
void (*trap_entry)(struct stackframe *f) = trap_from_user;

static struct trace_event ring[TRACE_EVENTS];
static u32_t recorded;   /* events ever recorded; the ring keeps the last */

static struct trace_event *record(enum trace_kind kind, endpoint_t who, i32_t a, i32_t b, i32_t c)
{
	struct trace_event *e = &ring[recorded++ % TRACE_EVENTS];

	e->time = rdtsc();
	e->kind = kind;
	e->who = who;
	e->a = a;
	e->b = b;
	e->c = c;
	return e;
}

/* Turn tracing on (boot.c, for the word "trace"). */
void trace_start(void)
{
	trace_on = 1;
	trap_entry = trace_trap;
}

/* A trap from user mode, recorded on the way in and out. */
void trace_trap(struct stackframe *f)
{
	struct proc *p = cur;
	u32_t nr = f->eax;
	struct trace_event *e;

	if (f->vector == IPC_VECTOR)
		record(T_IPC, p->p_endpoint, (i32_t)f->eax, (i32_t)f->ebx, 0);
	else if (f->vector == KCALL_VECTOR)
		record(T_KCALL, p->p_endpoint, (i32_t)nr, 0, 0);
	else if (f->vector == 14)
		record(T_FAULT, p->p_endpoint, (i32_t)read_cr2(), (i32_t)f->err, 0);
	trap_handle(f);
	if (f->vector == KCALL_VECTOR && p->p_rts_flags == 0) {
		record(T_KRET, p->p_endpoint, (i32_t)nr, (i32_t)p->p_reg.eax, 0);
		if (nr == SYS_NEWPROC && (i32_t)p->p_reg.eax == OK) {
			e = record(T_NEWPROC, p->p_kcall_msg.newproc.endpt, 0, 0, 0);
			memcpy(e->name, p->p_kcall_msg.newproc.name, sizeof(e->name));
			e->name[sizeof(e->name) - 1] = '\0';
		}
	}
	switch_to_user_traced();
}

void trace_delivery(struct proc *dst)
{
	record(T_DELIVER, dst->p_delivermsg.m_source, dst->p_endpoint,
	       dst->p_delivermsg.m_type, 0);
}

void trace_exit(struct proc *p, int status)
{
	struct trace_event *e = record(T_EXIT, p->p_endpoint, status, 0, 0);

	memcpy(e->name, p->p_name, sizeof(e->name));   /* its slot may be reused */
}

static const char *ipc_op(i32_t op)
{
	static const char *names[] = { [SEND] = "send", [RECEIVE] = "receive",
		[SENDREC] = "sendrec", [NOTIFY] = "notify", [SENDNB] = "sendnb",
		[SENDA] = "senda", [REPLYREC] = "replyrec" };

	return op >= 0 && op < (i32_t)(sizeof(names) / sizeof(names[0])) && names[op] ?
		names[op] : "bad";
}

static void print_event(const struct trace_event *e)
{
	unsigned long long t = e->time;

	switch (e->kind) {
	case T_IPC:
		if (e->b == ANY)
			printf("trace: %llu ipc %d %s any\n", t, e->who, ipc_op(e->a));
		else
			printf("trace: %llu ipc %d %s %d\n", t, e->who, ipc_op(e->a), e->b);
		break;
	case T_DELIVER:
		printf("trace: %llu deliver %d %d 0x%x\n", t, e->who, e->a, e->b);
		break;
	case T_KCALL:
		printf("trace: %llu kcall %d %d\n", t, e->who, e->a);
		break;
	case T_KRET:
		printf("trace: %llu kret %d %d %d\n", t, e->who, e->a, e->b);
		break;
	case T_FAULT:
		printf("trace: %llu fault %d 0x%08x %d\n", t, e->who, e->a, e->b);
		break;
	case T_EXIT:
		printf("trace: proc %d %s\n", e->who, e->name);
		printf("trace: %llu exit %d %d\n", t, e->who, e->a);
		break;
	case T_NEWPROC:
		printf("trace: proc %d %s\n", e->who, e->name);
		break;
	}
}

/* The last n events (all the ring holds, n 0), after the names of the
 * processes alive now and of the boot's first ones. */
static void dump(u32_t n)
{
	u32_t kept = recorded < TRACE_EVENTS ? recorded : TRACE_EVENTS, first, i;
	struct proc *p;

	if (!trace_on)
		return;
	for (p = proc_addr(0); p < proc_addr(NR_PROCS); p++)
		if (!(p->p_rts_flags & RTS_SLOT_FREE))
			printf("trace: proc %d %s\n", p->p_endpoint, p->p_name);
	if (n == 0 || n > kept)
		n = kept;
	first = recorded - n;
	if (first > 0)
		printf("trace: dropped %u\n", first);
	for (i = first; i < recorded; i++)
		print_event(&ring[i % TRACE_EVENTS]);
}

void trace_dump(void)
{
	dump(0);
}

void trace_dump_tail(void)
{
	dump(TRACE_HANG_TAIL);
}
