/*
 * The process table.
 *
 * Slots -NR_TASKS..-1 are kernel tasks: they have a proc entry (so they
 * have an endpoint and can be the source of notifications) but never run
 * in user mode. Slots 0..NR_PROCS-1 are processes.
 *
 * Invariants:
 *  - p_rts_flags == 0 exactly when the process is on a ready queue.
 *  - RTS_SENDING: the process is on the p_caller_q list of p_sendto, and
 *    its message is in p_sendmsg (copied in when it called SEND).
 *  - RTS_RECEIVING: p_getfrom is ANY or an endpoint, p_msgaddr is the
 *    buffer that will receive the message.
 *  - MF_DELIVERMSG: p_delivermsg holds a message that is copied to
 *    p_msgaddr just before the process next runs, when its own page table
 *    is loaded (the kernel never writes into an address space that is not
 *    loaded on the IPC path).
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <mica/types.h>
#include <mica/endpoint.h>
#include <mica/message.h>
#include <mica/callnr.h>

/* Saved user context. The trap stubs build it in place: while a process
 * runs, the TSS's ring-0 stack pointer points just past its p_reg, so the
 * CPU and the stub push the registers straight into the process table. */
struct stackframe {
	u32_t gs, fs, es, ds;
	u32_t edi, esi, ebp, kesp, ebx, edx, ecx, eax;  /* pushal order */
	u32_t vector, err;
	u32_t eip, cs, eflags, esp, ss;                 /* pushed by the CPU */
};

/* Why a process cannot run (p_rts_flags); 0 means runnable. */
#define RTS_SLOT_FREE  0x01  /* no process in this slot */
#define RTS_SENDING    0x02  /* blocked in SEND (or SENDREC's send half) */
#define RTS_RECEIVING  0x04  /* blocked in RECEIVE */
#define RTS_PAGEFAULT  0x08  /* stopped until VM handles its page fault */
#define RTS_EXITING    0x10  /* ended; VM has not released the slot yet */
#define RTS_TASK       0x20  /* kernel task: never scheduled */
#define RTS_VMREQUEST  0x40  /* waits for VM to make memory present */
#define RTS_VMINHIBIT  0x80  /* VM is editing its page tables */
_Static_assert(RTS_EXITING == PROCINFO_EXITING, "GET_PROCTAB's exiting bit");

/* Other per-process state (p_misc_flags). */
#define MF_REPLY_PEND  0x01  /* SENDREC: receive from p_sendto after send */
#define MF_DELIVERMSG  0x02  /* p_delivermsg waits to be copied out */
#define MF_KERNEL_MSG  0x04  /* p_sendmsg was made by the kernel */
#define MF_KCALL_RESTART 0x08 /* run the kernel call in p_kcall again */
#define MF_TRAP_RESTART  0x10 /* re-execute the trap (IPC, or a kernel
                                 call whose message was not yet in) */

#define NR_SCHED_QUEUES 8
#define PRIO_SERVER     1
#define PRIO_INIT       2
#define PRIO_USER       4
#define QUANTUM_TICKS   5

#define NR_SLOTS (NR_TASKS + NR_PROCS)
#define SLOT_WORDS ((NR_SLOTS + 31) / 32)

struct proc {
	struct stackframe p_reg;   /* must stay first: see the trap stubs */
	u32_t p_cr3;               /* page directory (physical), 0 for tasks */

	int p_nr;                  /* slot */
	int p_gen;                 /* generation of the slot */
	endpoint_t p_endpoint;
	endpoint_t p_parent;
	char p_name[PROC_NAME_LEN];
	u32_t p_rts_flags;
	u32_t p_misc_flags;
	u32_t p_privflags;         /* PROC_SYSTEM */
	u32_t p_callmask;          /* bit n: may make kernel call n */

	int p_priority;
	int p_quantum_left;
	struct proc *p_nextready;

	/* IPC */
	endpoint_t p_sendto;
	endpoint_t p_getfrom;
	vir_bytes p_msgaddr;
	vir_bytes p_msgbuf_ok;     /* a receive buffer known writable, 0: none;
	                              forgotten when VM changes our tables */
	message p_sendmsg;
	message p_delivermsg;
	struct proc *p_caller_q;   /* processes blocked sending to us */
	struct proc *p_q_link;     /* next in the p_caller_q we are on */
	u32_t p_notify_pending[SLOT_WORDS];  /* by source slot */
	u32_t p_asyn_pending[SLOT_WORDS];    /* senders with SENDA for us */
	vir_bytes p_asyntab;
	u32_t p_asynsize;

	/* The kernel call in progress: kept so that a call suspended for VM
	 * (RTS_VMREQUEST) is run again without copying its message again. */
	message p_kcall_msg;
	u32_t p_kcall_nr;
	vir_bytes p_kcall_addr;

	/* Grants (grant.c): the table in the process's own memory, read
	 * by the kernel entry by entry when it is used. */
	vir_bytes p_grant_table;
	u32_t p_grant_entries;     /* 0: no table */

	u64_t p_alarm;             /* tick at which to notify, 0: none */
	u32_t p_ticks;             /* ticks spent running */
};

extern struct proc proc_table[NR_SLOTS];
extern struct proc *cur;       /* the process that entered the kernel */
extern struct proc *ptproc;    /* the process whose page table is loaded */

#define proc_addr(slot) (&proc_table[(slot) + NR_TASKS])
#define proc_index(p)   ((int)((p) - proc_table))  /* 0-based bit index */
#define is_task(p)      ((p)->p_nr < 0)

/* proc.c */
void proc_init(void);
struct proc *proc_lookup_failed(endpoint_t e, int *err);
void proc_dequeue_behind(struct proc *p);
void proc_requeue(struct proc *p);
struct proc *proc_alloc(int slot_hint);
void proc_free_slot(struct proc *p);

/* The ready queues (proc.c): changed only by proc_enqueue() and
 * proc_dequeue() (with proc_dequeue_behind()), read by pick_proc().
 * Inline: every block and wake-up of the IPC path goes through them. */
extern struct proc *ready_head[NR_SCHED_QUEUES];
extern struct proc *ready_tail[NR_SCHED_QUEUES];
extern u32_t ready_queues;   /* bit q: ready_head[q] != NULL */

/* Put p at the tail of its queue with a fresh quantum. */
static inline void proc_enqueue(struct proc *p)
{
	int q = p->p_priority;

	p->p_quantum_left = QUANTUM_TICKS;
	kassert(q >= 0 && q < NR_SCHED_QUEUES);
	p->p_nextready = NULL;
	if (ready_head[q] == NULL)
		ready_head[q] = p;
	else
		ready_tail[q]->p_nextready = p;
	ready_tail[q] = p;
	ready_queues |= 1u << q;
}

/* Take p off its queue: in the usual case p was running, at the head. */
static inline void proc_dequeue(struct proc *p)
{
	int q = p->p_priority;

	if (ready_head[q] != p) {
		proc_dequeue_behind(p);
		return;
	}
	ready_head[q] = p->p_nextready;
	if (ready_head[q] == NULL) {
		ready_tail[q] = NULL;
		ready_queues &= ~(1u << q);
	}
	p->p_nextready = NULL;
}

/* The process to run next, or NULL when all are blocked (idle). */
static inline struct proc *pick_proc(void)
{
	return ready_queues ? ready_head[__builtin_ctz(ready_queues)] : NULL;
}

/*
 * The live process an endpoint names, or NULL with *err saying why not
 * (see proc_lookup_failed). A live process's own endpoint is always well
 * formed, so one comparison settles the common case.
 */
static inline struct proc *proc_lookup(endpoint_t e, int *err)
{
	int slot = endpoint_slot(e);   /* always >= -NR_TASKS */
	struct proc *p;

	if (slot < NR_PROCS) {
		p = proc_addr(slot);
		if (p->p_endpoint == e && !(p->p_rts_flags & (RTS_SLOT_FREE | RTS_EXITING)))
			return p;
	}
	return proc_lookup_failed(e, err);
}

/*
 * Whom p waits for: the process it is blocked sending to, or the one
 * endpoint it is blocked receiving from; NONE when it waits for nobody in
 * particular (runnable, receiving from ANY, stopped for VM). A cycle of
 * these waits can never end. deadlock.c refuses the call that would close
 * one; the process dump (watchdog.c) shows one that exists anyway (a
 * kernel whose deadlock.c is not written yet).
 */
static inline endpoint_t proc_waits_for(const struct proc *p)
{
	if (p->p_rts_flags & RTS_SENDING)
		return p->p_sendto;
	if ((p->p_rts_flags & RTS_RECEIVING) && p->p_getfrom != ANY)
		return p->p_getfrom;
	return NONE;
}

/* Add blocking reasons; the process leaves the ready queue when it gets
 * its first one. */
static inline void rts_set(struct proc *p, u32_t flags)
{
	if (p->p_rts_flags == 0)
		proc_dequeue(p);
	p->p_rts_flags |= flags;
}

/* Remove blocking reasons; the process joins its ready queue when the
 * last one goes. */
static inline void rts_clear(struct proc *p, u32_t flags)
{
	if (p->p_rts_flags != 0 && (p->p_rts_flags &= ~flags) == 0)
		proc_enqueue(p);
}

/* Bitmaps indexed by proc_index(). */
static inline void bit_set(u32_t *map, int i) { map[i / 32] |= 1u << (i % 32); }
static inline void bit_clear(u32_t *map, int i) { map[i / 32] &= ~(1u << (i % 32)); }
static inline int bit_test(const u32_t *map, int i) { return (map[i / 32] >> (i % 32)) & 1; }

static inline int bits_any(const u32_t *map)
{
	u32_t any = 0;
	int w;

	for (w = 0; w < SLOT_WORDS; w++)
		any |= map[w];
	return any != 0;
}

/* The first set bit at index >= from, or -1: skips empty words, so an
 * empty map costs SLOT_WORDS tests, not NR_SLOTS. */
static inline int bit_next(const u32_t *map, int from)
{
	int w = from / 32;
	u32_t bits;

	if (from >= NR_SLOTS)
		return -1;
	for (bits = map[w] & (~0u << (from % 32)); ; bits = map[w]) {
		if (bits != 0)
			return w * 32 + __builtin_ctz(bits);
		if (++w == SLOT_WORDS)
			return -1;
	}
}

#endif
