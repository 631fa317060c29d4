/*
 * SYS_TESTHOOK: fail on purpose, so that tests can see what a kernel
 * panic and a kernel exception look like, and what the kernel does when
 * memory goes away under it. Only when the kernel was booted with
 * "testhooks" on its command line (the grader's tests that need it do).
 *   in:  m.testhook.what  TESTHOOK_PANIC, TESTHOOK_FAULT, TESTHOOK_TRACE:
 *                         the kernel stops (the call does not return);
 *                         TESTHOOK_TRUST_MSGBUF: take the receive buffer
 *                         at arg as checked, as if it had been writable
 *                         when last looked at and had gone since
 *        m.testhook.arg   a number to show in the panic message, or the
 *                         buffer's address
 *   returns OK (TRUST_MSGBUF), ECALLDENIED (not enabled), EINVAL
 *   (unknown what).
 */
#include "calls.h"

int testhooks_enabled;

/* Three known frames for the stack-trace test. Not inlined, not turned
 * into jumps (-fno-optimize-sibling-calls), so each keeps its frame. */
static __attribute__((noinline)) void testhook_level3(int arg)
{
	panic("test hook: three levels down, arg %d", arg);
}

static __attribute__((noinline)) void testhook_level2(int arg)
{
	testhook_level3(arg + 1);
}

static __attribute__((noinline)) void testhook_level1(int arg)
{
	testhook_level2(arg + 1);
}

int do_testhook(struct proc *caller, message *m)
{
	if (!testhooks_enabled)
		return ECALLDENIED;
	switch (m->testhook.what) {
	case TESTHOOK_PANIC:
		panic("test hook: deliberate panic, arg %d", m->testhook.arg);
	case TESTHOOK_FAULT:
		/* Above all RAM but in the kernel's part: nothing is mapped. */
		return *(volatile int *)(KERNEL_SPACE_END - PAGE_SIZE);
	case TESTHOOK_TRACE:
		testhook_level1(m->testhook.arg);
		return OK;
	case TESTHOOK_TRUST_MSGBUF:
		caller->p_msgbuf_ok = (vir_bytes)m->testhook.arg;
		return OK;
	default:
		return EINVAL;
	}
}
