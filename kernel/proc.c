/*
 * The process table and the scheduler's ready queues.
 *
 * Scheduling is preemptive round robin over NR_SCHED_QUEUES priorities
 * (0 highest): the head of the highest non-empty queue runs; the clock
 * moves a process that used up its quantum to the tail of its queue.
 */
#include "kernel.h"

struct proc proc_table[NR_SLOTS];
struct proc *cur;
struct proc *ptproc;

struct proc *ready_head[NR_SCHED_QUEUES];
struct proc *ready_tail[NR_SCHED_QUEUES];
u32_t ready_queues;

static const char *task_names[NR_TASKS] = { "idle", "clock", "system", "kernel" };

void proc_init(void)
{
	struct proc *p;
	int slot;

	for (slot = -NR_TASKS; slot < NR_PROCS; slot++) {
		p = proc_addr(slot);
		memset(p, 0, sizeof(*p));
		p->p_nr = slot;
		p->p_rts_flags = slot < 0 ? RTS_TASK : RTS_SLOT_FREE;
		p->p_gen = slot < 0 ? 0 : 1;
		p->p_endpoint = endpoint_make(slot, p->p_gen);
		if (slot < 0)
			strlcpy(p->p_name, task_names[slot + NR_TASKS], sizeof(p->p_name));
	}
}

/* Why e names no live process: EBADSRCDST for something that is not an
 * endpoint, EDEADSRCDST for one whose process is gone (free slot or
 * older generation). Returns NULL for proc_lookup's convenience. */
struct proc *proc_lookup_failed(endpoint_t e, int *err)
{
	*err = endpoint_in_range(e) ? EDEADSRCDST : EBADSRCDST;
	return NULL;
}

/* proc_dequeue() of a process that is not at the head of its queue. */
void proc_dequeue_behind(struct proc *p)
{
	int q = p->p_priority;
	struct proc *prev;

	for (prev = ready_head[q]; prev != NULL && prev->p_nextready != p; prev = prev->p_nextready)
		;
	if (prev == NULL)
		panic("dequeue: %s not on ready queue %d", p->p_name, q);
	prev->p_nextready = p->p_nextready;
	if (ready_tail[q] == p)
		ready_tail[q] = prev;
	p->p_nextready = NULL;
}

/* Round robin: p used its quantum, so it goes behind its equals. */
void proc_requeue(struct proc *p)
{
	kassert(p->p_rts_flags == 0);
	proc_dequeue(p);
	proc_enqueue(p);
}

/* A free process slot, preferring slot_hint (>= 0) if it is free. The
 * slot stays RTS_SLOT_FREE until its caller fills it in. */
struct proc *proc_alloc(int slot_hint)
{
	int slot;

	if (slot_hint >= 0)
		return (proc_addr(slot_hint)->p_rts_flags & RTS_SLOT_FREE) ?
			proc_addr(slot_hint) : NULL;
	for (slot = 0; slot < NR_PROCS; slot++)
		if (proc_addr(slot)->p_rts_flags & RTS_SLOT_FREE)
			return proc_addr(slot);
	return NULL;
}

/* Empty a slot and move it to its next generation, so the endpoint of the
 * process that had it is refused from now on. */
void proc_free_slot(struct proc *p)
{
	int slot = p->p_nr, gen = endpoint_next_gen(p->p_gen);

	kassert(slot >= 0 && p->p_rts_flags != 0);
	memset(p, 0, sizeof(*p));
	p->p_nr = slot;
	p->p_gen = gen;
	p->p_endpoint = endpoint_make(slot, gen);
	p->p_rts_flags = RTS_SLOT_FREE;
}
