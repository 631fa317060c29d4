/*
 * Host check of kernel/rendezvous.c: SEND, SENDNB, RECEIVE and SENDREC
 * through the given kernel/ipc.c (do_ipc, as the trap calls it), the
 * kernel's sends on a process's behalf, and exits, in a session the
 * parent drives against its model.
 *   "N COUNT [ENDPOINT PRIVFLAGS PARENT]*COUNT"
 *          processes in slots 0..COUNT-1, runnable; answer: ok
 *   "O SLOT OP EP WORD DEADLOCK BAD"
 *          SLOT's message (filled from WORD, m_source forged) at its
 *          buffer, or at an address that faults if BAD; then
 *          do_ipc(SLOT, OP, EP, buffer). would_deadlock() answers
 *          DEADLOCK if it is asked. Answer: RESULT REPORT
 *   "K SLOT DST WORD"
 *          SLOT takes a page fault: it is stopped (RTS_PAGEFAULT) and the
 *          kernel sends DST a message on its behalf (IPC_FROM_KERNEL).
 *          Answer: RESULT REPORT
 *   "U SLOT"  SLOT's page fault is resolved (RTS_PAGEFAULT cleared);
 *          answer: 0 REPORT
 *   "X SLOT"  SLOT exits: RTS_EXITING, then ipc_cancel(); answer: 0 REPORT
 * REPORT: ASKED ASKED_EP, then COUNT [RUNNABLE EAX SOURCE WORD INTACT]*COUNT:
 * after the request, every runnable process with a delivered message gets
 * it copied to its buffer as switch_to_user() does; SOURCE and WORD are
 * that message's (INTACT: all of it arrived), or NONE 0 1 if none came.
 * EAX is what the process would see (EAX_UNSET if nobody set it since its
 * request). An exited slot reports RUNNABLE -1.
 */
#include <string.h>

#include <mica/ipc.h>

#include "hostcheck.h"
#include "fake_kernel.h"

#define MAX_PROCS 8
#define BAD_BUFFER (USER_BASE + 0x1000)   /* user space, not in hc_umem */
#define EAX_UNSET 0x5eed

const char hc_driver[] = "rendezvous";

static int nprocs;
static int deadlock_answer, deadlock_asked;
static endpoint_t deadlock_asked_ep;

static vir_bytes buffer_of(int slot)
{
	return HC_UBASE + (vir_bytes)slot * sizeof(message);
}

static message *umsg(int slot)
{
	return (message *)(hc_umem + (buffer_of(slot) - HC_UBASE));
}

/* A message every word of which depends on word, so that a part lost
 * or mixed with another message shows. */
static void fill(message *m, u32_t word)
{
	u32_t i;

	m->m_source = VM_PROC_NR;   /* forged: the kernel must stamp it */
	m->m_type = (int)(word ^ 0x5a5a);
	for (i = 0; i < PAYLOAD_SIZE / 4; i++)
		m->raw.w[i] = word ^ (i * 0x01000193u);
	m->raw.w[0] = word;
}

static int intact(const message *m)
{
	message want;

	fill(&want, m->raw.w[0]);
	return m->m_type == want.m_type && memcmp(&m->raw, &want.raw, sizeof(want.raw)) == 0;
}

/* --- the kernel beyond ipc.c and rendezvous.c --- */

int would_deadlock(struct proc *caller, endpoint_t e)
{
	(void)caller;
	deadlock_asked++;
	deadlock_asked_ep = e;
	return deadlock_answer;
}

/* Nothing is ever pending: no NOTIFY, no SENDA in this check. */
int take_notification(struct proc *caller, endpoint_t src_e)
{
	(void)caller;
	(void)src_e;
	return 0;
}

int asyn_receive(struct proc *caller, endpoint_t src_e)
{
	(void)caller;
	(void)src_e;
	return 0;
}

int vm_can_fix(struct proc *caller)
{
	(void)caller;
	return 0;   /* hc_umem is all there is */
}

void vm_request(struct proc *caller, u32_t restart_flag)
{
	(void)caller;
	(void)restart_flag;
	hc_fatal("vm_request() called, but no memory can be fixed here");
}

void proc_exit(struct proc *p, int status, int killed)
{
	(void)p;
	(void)status;
	(void)killed;
	hc_fatal("proc_exit() called: a delivered message could not be copied out");
}

void ipc_notify(struct proc *src, struct proc *dst)
{
	(void)src;
	(void)dst;
	hc_fatal("ipc_notify() called");
}

int do_senda(struct proc *caller, vir_bytes table, u32_t count)
{
	(void)caller;
	(void)table;
	(void)count;
	hc_fatal("do_senda() called");
}

/* --- the session --- */

void hc_hello_extra(void)
{
	hc_kernel_reset();
}

static struct proc *slot_proc(const char *word)
{
	int slot = (int)hc_int(word);

	if (slot < 0 || slot >= nprocs)
		return NULL;
	return proc_addr(slot);
}

/* What switch_to_user() does for every process that may run, then what
 * each one sees. */
static void report(void)
{
	struct proc *p;
	message *m;
	int i;

	hc_put_int(deadlock_asked);
	hc_put_int(deadlock_asked ? deadlock_asked_ep : NONE);
	hc_put_int(nprocs);
	for (i = 0; i < nprocs; i++) {
		p = proc_addr(i);
		if (p->p_rts_flags & RTS_EXITING) {
			hc_put_int(-1);
			hc_put_int(0);
			hc_put_int(NONE);
			hc_put_int(0);
			hc_put_int(1);
			continue;
		}
		hc_put_int(p->p_rts_flags == 0);
		hc_put_int((int)p->p_reg.eax);
		if (p->p_rts_flags == 0 && (p->p_misc_flags & MF_DELIVERMSG)) {
			if (copy_to_user(p, &p->p_delivermsg, p->p_msgaddr, sizeof(message)) != OK)
				hc_fatal("a delivered message's buffer is not the receiver's");
			p->p_misc_flags &= ~MF_DELIVERMSG;
			m = (message *)(hc_umem + (p->p_msgaddr - HC_UBASE));
			hc_put_int(m->m_source);
			hc_put_int((int64_t)m->raw.w[0]);
			hc_put_int(intact(m));
		} else {
			hc_put_int(NONE);
			hc_put_int(0);
			hc_put_int(1);
		}
	}
}

static int setup(int argc, char **argv)
{
	struct proc *p;
	int i;

	nprocs = (int)hc_int(argv[1]);
	if (nprocs < 2 || nprocs > MAX_PROCS || argc != 2 + 3 * nprocs)
		return -1;
	while ((p = pick_proc()) != NULL)
		proc_dequeue(p);   /* the last round's processes */
	hc_kernel_reset();
	proc_init();
	for (i = 0; i < nprocs; i++) {
		p = proc_addr(i);
		p->p_endpoint = (endpoint_t)hc_int(argv[2 + 3 * i]);
		p->p_gen = endpoint_gen(p->p_endpoint);
		p->p_privflags = hc_u32(argv[3 + 3 * i]);
		p->p_parent = (endpoint_t)hc_int(argv[4 + 3 * i]);
		p->p_priority = PRIO_USER;
		p->p_rts_flags = RTS_SLOT_FREE;
		rts_clear(p, RTS_SLOT_FREE);   /* on its ready queue */
		p->p_reg.eax = EAX_UNSET;
	}
	hc_put_word("ok");
	return 0;
}

int hc_handle(int argc, char **argv)
{
	struct proc *p;
	vir_bytes buf;
	int r;

	deadlock_asked = 0;
	if (argc >= 2 && strcmp(argv[0], "N") == 0)
		return setup(argc, argv);
	if (argc < 2 || (p = slot_proc(argv[1])) == NULL || (p->p_rts_flags & RTS_EXITING))
		return -1;
	if (strcmp(argv[0], "O") == 0 && argc == 7) {
		if (p->p_rts_flags != 0)
			return -1;   /* only a running process traps */
		buf = hc_int(argv[6]) ? BAD_BUFFER : buffer_of(p->p_nr);
		fill(umsg(p->p_nr), hc_u32(argv[4]));
		deadlock_answer = (int)hc_int(argv[5]);
		p->p_reg.eax = EAX_UNSET;
		cur = ptproc = p;
		r = do_ipc(p, (int)hc_int(argv[2]), (endpoint_t)hc_int(argv[3]), buf);
	} else if (strcmp(argv[0], "K") == 0 && argc == 4) {
		if (p->p_rts_flags != 0)
			return -1;
		fill(&p->p_sendmsg, hc_u32(argv[3]));
		p->p_reg.eax = EAX_UNSET;
		rts_set(p, RTS_PAGEFAULT);
		r = ipc_send(p, (endpoint_t)hc_int(argv[2]), IPC_FROM_KERNEL, 0);
	} else if (strcmp(argv[0], "U") == 0 && argc == 2) {
		if (!(p->p_rts_flags & RTS_PAGEFAULT))
			return -1;
		rts_clear(p, RTS_PAGEFAULT);
		r = 0;
	} else if (strcmp(argv[0], "X") == 0 && argc == 2) {
		rts_set(p, RTS_EXITING);
		ipc_cancel(p);
		r = 0;
	} else {
		return -1;
	}
	hc_put_int(r);
	report();
	return 0;
}
