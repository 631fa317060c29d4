/*
 * Tests for the scheduler's ready queues and the process table in
 * kernel/proc.c (proc_enqueue, proc_dequeue, proc_requeue, pick_proc,
 * rts_set/rts_clear from proc.h, proc_alloc, proc_free_slot,
 * proc_lookup), compiled for the host unchanged.
 *
 * The queues are static in proc.c, so they are seen the way the kernel
 * sees them: pick_proc() gives the head of the highest non-empty queue,
 * its p_nextready links the rest of that queue, and taking processes
 * off one by one ("drain") gives the order of every queue.
 *
 * proc.c calls panic() (kassert and its own checks); the fake one
 * (tests/fake_panic.c) jumps back into a test that expects one and
 * fails any other test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "mica_kernel.h"
#include "fake_panic.h"

/* --- helpers --- */

#define MAX_WALK (NR_SLOTS + 1)   /* more links than that: a cycle */

/* Process slot's entry, blocked (as proc_init leaves it), with a name
 * and a priority. */
static struct proc *mkproc(int slot, int prio, const char *name)
{
	struct proc *p = proc_addr(slot);

	ck_assert_uint_ne(p->p_rts_flags, 0);
	p->p_priority = prio;
	snprintf(p->p_name, sizeof p->p_name, "%s", name);
	return p;
}

/* The same, made runnable the way the kernel does it. */
static struct proc *ready(int slot, int prio, const char *name)
{
	struct proc *p = mkproc(slot, prio, name);

	rts_clear(p, p->p_rts_flags);
	ck_assert_uint_eq(p->p_rts_flags, 0);
	return p;
}

/* The top queue, head to tail, as "a b c" (without taking anything off). */
static const char *top_queue(void)
{
	static char buf[MAX_WALK * (PROC_NAME_LEN + 1) + 1];
	struct proc *p;
	int n = 0;

	buf[0] = '\0';
	for (p = pick_proc(); p != NULL; p = p->p_nextready) {
		if (++n > MAX_WALK)
			ck_abort_msg("ready queue loops: %s...", buf);
		if (buf[0] != '\0')
			strcat(buf, " ");
		strcat(buf, p->p_name);
	}
	return buf;
}

/* Every ready process in the order it would run, as "a b c", taking each
 * off its queue (and blocking it) on the way: checks pick_proc after every
 * dequeue, so the bitmap of non-empty queues is checked too. */
static const char *drain(void)
{
	static char buf[MAX_WALK * (PROC_NAME_LEN + 1) + 1];
	struct proc *p;
	int n = 0;

	buf[0] = '\0';
	while ((p = pick_proc()) != NULL) {
		if (++n > MAX_WALK)
			ck_abort_msg("ready queue loops: %s...", buf);
		ck_assert_msg(p->p_rts_flags == 0, "%s picked with flags %#x",
			      p->p_name, p->p_rts_flags);
		if (buf[0] != '\0')
			strcat(buf, " ");
		strcat(buf, p->p_name);
		rts_set(p, RTS_RECEIVING);
		ck_assert_ptr_null(p->p_nextready);
	}
	return buf;
}

/* Each test starts with empty queues and a fresh table. (With CK_FORK
 * each runs in a new process anyway; without it, this cleans up.) */
static void setup(void)
{
	struct proc *p;
	int n = 0;

	while ((p = pick_proc()) != NULL && n++ < MAX_WALK)
		proc_dequeue(p);
	proc_init();
	cur = ptproc = NULL;
}

/* --- the ready queues --- */

START_TEST(test_empty)
{
	ck_assert_ptr_null(pick_proc());
	ck_assert_str_eq(drain(), "");
}
END_TEST

START_TEST(test_fifo)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ck_assert_ptr_eq(pick_proc(), a);
	ck_assert_ptr_null(a->p_nextready);
	ready(1, PRIO_USER, "b");
	ready(2, PRIO_USER, "c");
	ck_assert_ptr_eq(pick_proc(), a);
	ck_assert_str_eq(top_queue(), "a b c");
	ck_assert_str_eq(drain(), "a b c");
	ck_assert_ptr_null(pick_proc());
}
END_TEST

/* Lower number, higher priority; each priority is its own queue. */
START_TEST(test_priorities)
{
	ready(0, PRIO_USER, "u1");
	ready(1, PRIO_INIT, "init");
	ready(2, PRIO_USER, "u2");
	ready(3, PRIO_SERVER, "s1");
	ready(4, NR_SCHED_QUEUES - 1, "low");
	ready(5, PRIO_SERVER, "s2");
	ready(6, 0, "top");
	ck_assert_str_eq(top_queue(), "top");
	ck_assert_str_eq(drain(), "top s1 s2 init u1 u2 low");
}
END_TEST

/* Every queue alone, and every pair: the higher one always wins. */
START_TEST(test_every_queue)
{
	struct proc *hi, *lo;
	int q, r;

	for (q = 0; q < NR_SCHED_QUEUES; q++) {
		hi = ready(0, q, "hi");
		ck_assert_ptr_eq(pick_proc(), hi);
		for (r = q + 1; r < NR_SCHED_QUEUES; r++) {
			lo = ready(1, r, "lo");
			ck_assert_ptr_eq(pick_proc(), hi);
			proc_dequeue(hi);
			ck_assert_ptr_eq(pick_proc(), lo);
			proc_enqueue(hi);
			ck_assert_ptr_eq(pick_proc(), hi);
			rts_set(lo, RTS_RECEIVING);
		}
		ck_assert_str_eq(drain(), "hi");
		ck_assert_ptr_null(pick_proc());
	}
}
END_TEST

START_TEST(test_dequeue_head)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	ready(2, PRIO_USER, "c");
	proc_dequeue(a);
	a->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_null(a->p_nextready);
	ck_assert_str_eq(top_queue(), "b c");
	ready(3, PRIO_USER, "d");
	ck_assert_str_eq(drain(), "b c d");
}
END_TEST

START_TEST(test_dequeue_middle)
{
	struct proc *b;

	ready(0, PRIO_USER, "a");
	b = ready(1, PRIO_USER, "b");
	ready(2, PRIO_USER, "c");
	proc_dequeue(b);
	b->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_null(b->p_nextready);
	ck_assert_str_eq(top_queue(), "a c");
	ready(3, PRIO_USER, "d");
	ck_assert_str_eq(drain(), "a c d");
}
END_TEST

/* Taking the tail off must move the tail back, or the next enqueue
 * would hang the newcomer on a process that is no longer queued. */
START_TEST(test_dequeue_tail)
{
	struct proc *c;

	ready(0, PRIO_USER, "a");
	ready(1, PRIO_USER, "b");
	c = ready(2, PRIO_USER, "c");
	proc_dequeue(c);
	c->p_rts_flags = RTS_RECEIVING;
	ck_assert_str_eq(top_queue(), "a b");
	ready(3, PRIO_USER, "d");
	ck_assert_str_eq(top_queue(), "a b d");
	ck_assert_ptr_null(c->p_nextready);
	ck_assert_str_eq(drain(), "a b d");
}
END_TEST

/* The last process of a queue leaves: the queue counts as empty, so
 * pick_proc falls through to the next one, and the queue can be used
 * again from scratch. */
START_TEST(test_dequeue_only)
{
	struct proc *s = ready(0, PRIO_SERVER, "s");
	struct proc *u = ready(1, PRIO_USER, "u");

	proc_dequeue(s);
	s->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_eq(pick_proc(), u);
	proc_dequeue(u);
	u->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_null(pick_proc());
	rts_clear(u, RTS_RECEIVING);
	rts_clear(s, RTS_RECEIVING);
	ck_assert_ptr_eq(pick_proc(), s);
	ck_assert_ptr_null(s->p_nextready);
	ck_assert_str_eq(drain(), "s u");
}
END_TEST

/* The kernel's own check: a process that is not queued cannot leave. */
START_TEST(test_dequeue_not_queued)
{
	struct proc *b = mkproc(1, PRIO_USER, "ghost");

	ready(0, PRIO_USER, "a");
	ready(2, PRIO_USER, "c");
	ASSERT_PANICS(proc_dequeue(b));
	ck_assert_msg(strstr(panic_text, "ghost") != NULL, "panic: %s", panic_text);
	ck_assert_str_eq(drain(), "a c");
}
END_TEST

/* Queued, but the priority changed behind the scheduler's back: it is
 * looked for in the wrong queue, and that is caught, not ignored. */
START_TEST(test_dequeue_wrong_queue)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	a->p_priority = PRIO_SERVER;
	ASSERT_PANICS(proc_dequeue(a));
	a->p_priority = PRIO_USER;
	ck_assert_str_eq(drain(), "a");
}
END_TEST

START_TEST(test_enqueue_fresh_quantum)
{
	struct proc *a = mkproc(0, PRIO_USER, "a");

	a->p_quantum_left = 0;
	a->p_nextready = a;   /* stale link: must not survive */
	a->p_rts_flags = 0;
	proc_enqueue(a);
	ck_assert_int_eq(a->p_quantum_left, QUANTUM_TICKS);
	ck_assert_ptr_null(a->p_nextready);
	ck_assert_str_eq(top_queue(), "a");
}
END_TEST

START_TEST(test_enqueue_bad_priority)
{
	static const int bad[] = { -1, NR_SCHED_QUEUES, NR_SCHED_QUEUES + 1, 1000 };
	struct proc *p;
	int i;

	for (i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
		p = mkproc(0, bad[i], "bad");
		p->p_rts_flags = 0;
		ASSERT_PANICS(proc_enqueue(p));
		p->p_rts_flags = RTS_SLOT_FREE;
		ck_assert_ptr_null(pick_proc());
	}
}
END_TEST

/* --- round robin --- */

START_TEST(test_requeue_head)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	ready(2, PRIO_USER, "c");
	a->p_quantum_left = 0;
	proc_requeue(a);
	ck_assert_int_eq(a->p_quantum_left, QUANTUM_TICKS);
	ck_assert_str_eq(top_queue(), "b c a");
	proc_requeue(pick_proc());
	ck_assert_str_eq(top_queue(), "c a b");
	proc_requeue(pick_proc());
	ck_assert_str_eq(top_queue(), "a b c");
	ck_assert_str_eq(drain(), "a b c");
}
END_TEST

START_TEST(test_requeue_middle_and_tail)
{
	struct proc *b, *c;

	ready(0, PRIO_USER, "a");
	b = ready(1, PRIO_USER, "b");
	c = ready(2, PRIO_USER, "c");
	proc_requeue(c);
	ck_assert_str_eq(top_queue(), "a b c");
	proc_requeue(b);
	ck_assert_str_eq(top_queue(), "a c b");
	ready(3, PRIO_USER, "d");
	ck_assert_str_eq(drain(), "a c b d");
}
END_TEST

START_TEST(test_requeue_alone)
{
	struct proc *a = ready(0, PRIO_USER, "a");
	struct proc *s = ready(1, PRIO_SERVER, "s");

	proc_requeue(s);
	ck_assert_ptr_eq(pick_proc(), s);
	ck_assert_ptr_null(s->p_nextready);
	proc_requeue(a);
	ck_assert_ptr_eq(pick_proc(), s);
	ck_assert_str_eq(drain(), "s a");
}
END_TEST

/* Only a runnable process has a quantum to use up. */
START_TEST(test_requeue_blocked)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	rts_set(a, RTS_SENDING);
	ASSERT_PANICS(proc_requeue(a));
	ck_assert_str_eq(drain(), "b");
}
END_TEST

/* Three users share the CPU in turn; a server that wakes up runs first
 * and the turn resumes where it was when the server blocks again. */
START_TEST(test_round_robin)
{
	struct proc *s = mkproc(3, PRIO_SERVER, "s"), *next;
	char seen[64] = "";
	int tick;

	s->p_rts_flags = RTS_RECEIVING;
	ready(0, PRIO_USER, "a");
	ready(1, PRIO_USER, "b");
	ready(2, PRIO_USER, "c");
	for (tick = 0; tick < 7; tick++) {
		if (tick == 4)
			rts_clear(s, RTS_RECEIVING);
		next = pick_proc();
		ck_assert_ptr_nonnull(next);
		strcat(seen, next->p_name);
		if (next == s)
			rts_set(s, RTS_RECEIVING);
		else
			proc_requeue(next);
	}
	ck_assert_str_eq(seen, "abcasbc");
}
END_TEST

/* --- rts_set / rts_clear --- */

START_TEST(test_rts_set_dequeues)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	rts_set(a, RTS_RECEIVING);
	ck_assert_uint_eq(a->p_rts_flags, RTS_RECEIVING);
	ck_assert_str_eq(top_queue(), "b");
	/* A second reason: already off the queue, so no second dequeue
	 * (which would panic). */
	rts_set(a, RTS_VMINHIBIT);
	ck_assert_uint_eq(a->p_rts_flags, RTS_RECEIVING | RTS_VMINHIBIT);
	rts_set(a, RTS_RECEIVING);
	ck_assert_uint_eq(a->p_rts_flags, RTS_RECEIVING | RTS_VMINHIBIT);
	ck_assert_str_eq(drain(), "b");
}
END_TEST

START_TEST(test_rts_clear_last_reason)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	rts_set(a, RTS_SENDING | RTS_VMINHIBIT);
	rts_clear(a, RTS_VMINHIBIT);
	ck_assert_uint_eq(a->p_rts_flags, RTS_SENDING);
	ck_assert_str_eq(top_queue(), "b");
	rts_clear(a, RTS_RECEIVING);   /* a reason it does not have */
	ck_assert_uint_eq(a->p_rts_flags, RTS_SENDING);
	ck_assert_str_eq(top_queue(), "b");
	a->p_quantum_left = 1;
	rts_clear(a, RTS_SENDING);
	ck_assert_uint_eq(a->p_rts_flags, 0);
	ck_assert_int_eq(a->p_quantum_left, QUANTUM_TICKS);
	ck_assert_str_eq(top_queue(), "b a");   /* back at the tail */
	ck_assert_str_eq(drain(), "b a");
}
END_TEST

/* Clearing on a runnable process must not queue it a second time (which
 * would make the queue a cycle). */
START_TEST(test_rts_clear_runnable)
{
	struct proc *a = ready(0, PRIO_USER, "a");

	ready(1, PRIO_USER, "b");
	rts_clear(a, RTS_RECEIVING);
	rts_clear(a, ~0u);
	ck_assert_str_eq(top_queue(), "a b");
	ck_assert_str_eq(drain(), "a b");
}
END_TEST

/*
 * Random enqueues, dequeues, requeues and priority changes on many
 * processes, against a model of the queues kept here as arrays: after
 * every step the top queue must be the model's, and at the end every
 * queue must drain in the model's order.
 */
#define NMODEL 24

static int model_q[NR_SCHED_QUEUES][NMODEL];
static int model_len[NR_SCHED_QUEUES];

static void model_remove(int q, int slot)
{
	int i;

	for (i = 0; model_q[q][i] != slot; i++)
		ck_assert_int_lt(i, model_len[q]);
	for (; i + 1 < model_len[q]; i++)
		model_q[q][i] = model_q[q][i + 1];
	model_len[q]--;
}

static const char *model_order(int only_top)
{
	static char buf[NMODEL * 4 + 1];
	int q, i;

	buf[0] = '\0';
	for (q = 0; q < NR_SCHED_QUEUES; q++) {
		for (i = 0; i < model_len[q]; i++) {
			if (buf[0] != '\0')
				strcat(buf, " ");
			sprintf(buf + strlen(buf), "p%d", model_q[q][i]);
		}
		if (only_top && model_len[q] > 0)
			break;
	}
	return buf;
}

START_TEST(test_random_against_model)
{
	unsigned seed = 12345u + (unsigned)_i;
	struct proc *p;
	char name[8];
	int step, slot, q;

	memset(model_len, 0, sizeof model_len);
	for (slot = 0; slot < NMODEL; slot++) {
		snprintf(name, sizeof name, "p%d", slot);
		mkproc(slot, slot % NR_SCHED_QUEUES, name)->p_rts_flags = RTS_RECEIVING;
	}
	for (step = 0; step < 3000; step++) {
		seed = seed * 1103515245u + 12345u;
		slot = (int)((seed >> 8) % NMODEL);
		p = proc_addr(slot);
		q = p->p_priority;
		switch ((seed >> 20) % 4) {
		case 0:   /* block it, or wake it, maybe at a new priority */
		case 1:
			if (p->p_rts_flags == 0) {
				rts_set(p, RTS_RECEIVING);
				model_remove(q, slot);
			} else {
				if ((seed >> 24) % 2)
					p->p_priority = q = (int)((seed >> 25) % NR_SCHED_QUEUES);
				rts_clear(p, RTS_RECEIVING);
				model_q[q][model_len[q]++] = slot;
			}
			break;
		case 2:   /* it used up its quantum */
			if (p->p_rts_flags == 0) {
				proc_requeue(p);
				model_remove(q, slot);
				model_q[q][model_len[q]++] = slot;
			}
			break;
		case 3:   /* the one running used up its quantum */
			if ((p = pick_proc()) != NULL) {
				q = p->p_priority;
				proc_requeue(p);
				model_remove(q, p->p_nr);
				model_q[q][model_len[q]++] = p->p_nr;
			}
			break;
		}
		if (strcmp(top_queue(), model_order(1)) != 0)
			ck_abort_msg("step %d: top queue \"%s\", expected \"%s\"",
				     step, top_queue(), model_order(1));
	}
	ck_assert_str_eq(drain(), model_order(0));
}
END_TEST

/* --- the process table --- */

START_TEST(test_init)
{
	static const char *tasks[] = { "idle", "clock", "system", "kernel" };
	struct proc *p;
	int slot;

	ck_assert_int_eq(NR_TASKS, 4);
	for (slot = -NR_TASKS; slot < NR_PROCS; slot++) {
		p = proc_addr(slot);
		ck_assert_int_eq(p->p_nr, slot);
		ck_assert_int_eq(proc_index(p), slot + NR_TASKS);
		if (slot < 0) {
			ck_assert(is_task(p));
			ck_assert_uint_eq(p->p_rts_flags, RTS_TASK);
			ck_assert_int_eq(p->p_endpoint, slot);
			ck_assert_str_eq(p->p_name, tasks[slot + NR_TASKS]);
		} else {
			ck_assert(!is_task(p));
			ck_assert_uint_eq(p->p_rts_flags, RTS_SLOT_FREE);
			ck_assert_int_eq(p->p_gen, 1);
			ck_assert_int_eq(p->p_endpoint, endpoint_make(slot, 1));
		}
	}
	ck_assert_int_eq(proc_addr(VM_SLOT)->p_endpoint, VM_PROC_NR);
	ck_assert_int_eq(proc_addr(INIT_SLOT)->p_endpoint, INIT_PROC_NR);
	ck_assert_ptr_null(pick_proc());
}
END_TEST

START_TEST(test_alloc)
{
	struct proc *p;
	int slot;

	ck_assert_ptr_eq(proc_alloc(-1), proc_addr(0));
	ck_assert_ptr_eq(proc_alloc(5), proc_addr(5));
	ck_assert_ptr_eq(proc_alloc(NR_PROCS - 1), proc_addr(NR_PROCS - 1));
	proc_addr(5)->p_rts_flags = 0;
	ck_assert_ptr_null(proc_alloc(5));
	proc_addr(5)->p_rts_flags = RTS_RECEIVING;   /* used, if blocked */
	ck_assert_ptr_null(proc_alloc(5));
	for (slot = 0; slot < 3; slot++)
		proc_addr(slot)->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_eq(proc_alloc(-1), proc_addr(3));
	for (slot = 0; slot < NR_PROCS; slot++)
		proc_addr(slot)->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_null(proc_alloc(-1));
	p = proc_addr(NR_PROCS - 1);
	p->p_rts_flags = RTS_SLOT_FREE;
	ck_assert_ptr_eq(proc_alloc(-1), p);
}
END_TEST

START_TEST(test_lookup)
{
	struct proc *p = proc_addr(7);
	endpoint_t e = p->p_endpoint;
	int err = 0;

	/* A free slot: its endpoint names nobody (yet). */
	ck_assert_ptr_null(proc_lookup(e, &err));
	ck_assert_int_eq(err, EDEADSRCDST);

	p->p_rts_flags = RTS_RECEIVING;
	ck_assert_ptr_eq(proc_lookup(e, &err), p);
	p->p_rts_flags = 0;
	ck_assert_ptr_eq(proc_lookup(e, &err), p);

	/* Another generation of the same slot. */
	err = 0;
	ck_assert_ptr_null(proc_lookup(endpoint_make(7, 2), &err));
	ck_assert_int_eq(err, EDEADSRCDST);

	/* Ended, but VM has not released the slot. */
	p->p_rts_flags = RTS_EXITING;
	err = 0;
	ck_assert_ptr_null(proc_lookup(e, &err));
	ck_assert_int_eq(err, EDEADSRCDST);

	/* Not endpoints at all. */
	err = 0;
	ck_assert_ptr_null(proc_lookup(ANY, &err));
	ck_assert_int_eq(err, EBADSRCDST);
	err = 0;
	ck_assert_ptr_null(proc_lookup(endpoint_make(NR_PROCS, 1), &err));
	ck_assert_int_eq(err, EBADSRCDST);
	err = 0;
	ck_assert_ptr_null(proc_lookup(-NR_TASKS - 1, &err));
	ck_assert_int_eq(err, EBADSRCDST);

	/* Kernel tasks have endpoints too. */
	ck_assert_ptr_eq(proc_lookup(CLOCK, &err), proc_addr(CLOCK));
}
END_TEST

/* A freed slot moves to its next generation: the old endpoint is stale
 * from then on, even after the slot is reused. */
START_TEST(test_free_slot)
{
	struct proc *p = proc_addr(9);
	endpoint_t old;
	int err = 0;

	p->p_rts_flags = RTS_EXITING;
	p->p_priority = PRIO_USER;
	p->p_callmask = ~0u;
	snprintf(p->p_name, sizeof p->p_name, "old");
	old = p->p_endpoint;
	proc_free_slot(p);
	ck_assert_int_eq(p->p_nr, 9);
	ck_assert_int_eq(p->p_gen, 2);
	ck_assert_int_eq(p->p_endpoint, endpoint_make(9, 2));
	ck_assert_uint_eq(p->p_rts_flags, RTS_SLOT_FREE);
	ck_assert_uint_eq(p->p_callmask, 0);
	ck_assert_str_eq(p->p_name, "");
	ck_assert_ptr_eq(proc_alloc(9), p);

	p->p_rts_flags = 0;   /* reused */
	ck_assert_ptr_eq(proc_lookup(p->p_endpoint, &err), p);
	ck_assert_ptr_null(proc_lookup(old, &err));
	ck_assert_int_eq(err, EDEADSRCDST);

	/* The last generation wraps around to 1, never to 0. */
	p->p_gen = ENDPOINT_MAX_GEN;
	p->p_rts_flags = RTS_EXITING;
	proc_free_slot(p);
	ck_assert_int_eq(p->p_gen, 1);
	ck_assert_int_eq(p->p_endpoint, endpoint_make(9, 1));
}
END_TEST

/* Only a used process slot can be freed. */
START_TEST(test_free_slot_checks)
{
	struct proc *p = proc_addr(9);

	ASSERT_PANICS(proc_free_slot(proc_addr(IDLE)));
	p->p_rts_flags = 0;
	ASSERT_PANICS(proc_free_slot(p));
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc;

	tc = tcase_create("ready queues");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_priorities);
	tcase_add_test(tc, test_every_queue);
	tcase_add_test(tc, test_dequeue_head);
	tcase_add_test(tc, test_dequeue_middle);
	tcase_add_test(tc, test_dequeue_tail);
	tcase_add_test(tc, test_dequeue_only);
	tcase_add_test(tc, test_dequeue_not_queued);
	tcase_add_test(tc, test_dequeue_wrong_queue);
	tcase_add_test(tc, test_enqueue_fresh_quantum);
	tcase_add_test(tc, test_enqueue_bad_priority);
	suite_add_tcase(s, tc);

	tc = tcase_create("round robin");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_requeue_head);
	tcase_add_test(tc, test_requeue_middle_and_tail);
	tcase_add_test(tc, test_requeue_alone);
	tcase_add_test(tc, test_requeue_blocked);
	tcase_add_test(tc, test_round_robin);
	tcase_add_loop_test(tc, test_random_against_model, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("rts flags");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_rts_set_dequeues);
	tcase_add_test(tc, test_rts_clear_last_reason);
	tcase_add_test(tc, test_rts_clear_runnable);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_alloc);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_free_slot);
	tcase_add_test(tc, test_free_slot_checks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(sched_suite());
}
