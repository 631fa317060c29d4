/*
 * Tests for the kernel-call checks and dispatch in kernel/kcall.c
 * (kernel_call, kcall_run: a lab 1 hole, so its reference, or with
 * STUDENT=1 the tree's file), compiled for the host unchanged, with the
 * call table of kernel/calls/table.c: the call number is checked
 * (EBADREQUEST), then the caller's call mask (ECALLDENIED), then the
 * handler runs on the message copied in, and the message goes back out
 * for the calls that reply. Faults in those copies go to VM or come
 * back as EFAULT.
 *
 * What kcall.c calls in the rest of the kernel is faked here:
 *  - the 16 do_xxx handlers, which record that they ran and mark the
 *    message so a copy-out shows;
 *  - copy_catch, the arch's guarded copy, over one message of "user
 *    memory" at user address UMSG (kernel.h's copy helpers hand it that
 *    address as a pointer, which is never dereferenced as such);
 *  - vcopy (the slow path, taken when the caller's table is not
 *    loaded), vm_can_fix and vm_request, whose answers a test sets;
 *  - kstats for proc.c (linked for ptproc); its panic is the kernel
 *    suites' one (tests/fake_panic.c).
 *
 * Every slot of the real call table has a handler, so the table's
 * "NULL handler" case shows up only as a number below NR_SYS_CALLS that
 * does not reach its handler, which test_each_call_dispatched refuses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "mica_kernel.h"
#include "fake_panic.h"
#include "calls/calls.h"

#define UMSG (USER_BASE + 0x1000)    /* the caller's message, in user space */
#define EAX_UNTOUCHED 0x5eed5eedu
#define REPLY_MARK 0xa5000000u
#define EAX() ((int)caller->p_reg.eax)   /* the caller's result */

/* Which calls write results into the message (their do_xxx.c says),
 * and which of those change state and can be restarted, so must never
 * run twice (VM's own calls are never restarted). */
static const int replies[NR_SYS_CALLS] = {
	[SYS_GETINFO] = 1, [SYS_UPTIME] = 1, [SYS_SETALARM] = 1,
	[SYS_NEWPROC] = 1,
};
static const int has_effect[NR_SYS_CALLS] = {
	[SYS_SETALARM] = 1,
};

/* --- fakes of the rest of the kernel --- */

struct kstats kstats;

static message umsg;           /* user memory at UMSG */
static int fault_in, fault_out; /* copy_catch faults reading/writing it */
static int copy_ins, copy_outs;

static int in_umsg(uintptr_t a, size_t n)
{
	return a >= UMSG && n <= sizeof umsg && a - UMSG <= sizeof umsg - n;
}

int copy_catch(void *dst, const void *src, size_t n)
{
	if (in_umsg((uintptr_t)src, n) && in_umsg((uintptr_t)dst, n)) {
		/* check_writable's probe: a byte read and written back */
		return fault_in || fault_out;
	}
	if (in_umsg((uintptr_t)src, n)) {
		if (fault_in)
			return 1;
		memcpy(dst, (u8_t *)&umsg + ((uintptr_t)src - UMSG), n);
		copy_ins++;
		return 0;
	}
	if (in_umsg((uintptr_t)dst, n)) {
		if (fault_out)
			return 1;
		memcpy((u8_t *)&umsg + ((uintptr_t)dst - UMSG), src, n);
		copy_outs++;
		return 0;
	}
	ck_abort_msg("copy_catch(%p, %p, %zu) outside the caller's message",
		     dst, src, n);
	return 1;
}

static int vcopies;
static int vcopy_result;   /* what the slow path says: a fault, here */

int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst,
	  size_t len)
{
	(void)src_p, (void)src, (void)dst_p, (void)dst, (void)len;
	vcopies++;
	ck_assert_int_ne(vcopy_result, OK);   /* it could not copy here */
	return vcopy_result;
}

/* check_writable beyond its fast case: the slow path says EFAULT too. */
int check_writable_slow(struct proc *p, vir_bytes addr, size_t len)
{
	(void)p, (void)addr, (void)len;
	vcopies++;
	return vcopy_result;
}

static int vm_fixable;
static int vm_requests;
static struct proc *vm_request_for;
static u32_t vm_request_flag;

int vm_can_fix(struct proc *caller)
{
	(void)caller;
	return vm_fixable;
}

void vm_request(struct proc *caller, u32_t restart_flag)
{
	vm_requests++;
	vm_request_for = caller;
	vm_request_flag = restart_flag;
}

/* The handlers: each records its call number, its caller and the
 * message it was given, and marks the message. */
static int handled;              /* how many handlers ran */
static int handled_nr;
static struct proc *handled_caller;
static message *handled_msg;
static message handled_copy;     /* *handled_msg when the handler ran */
static int handler_result;       /* what the handler returns */

static int fake_handler(int nr, struct proc *caller, message *m)
{
	handled++;
	handled_nr = nr;
	handled_caller = caller;
	handled_msg = m;
	handled_copy = *m;
	m->raw.w[0] = REPLY_MARK | (u32_t)nr;
	return handler_result;
}

#define FAKE(nr, handler, replies, effect) \
	int handler(struct proc *caller, message *m) { return fake_handler(nr, caller, m); }
EVERY_KERNEL_CALL(FAKE)

/* --- helpers --- */

static struct proc *caller;

/* A live user process as the caller, its table loaded, a request in
 * its memory, nothing run yet. */
static void setup(void)
{
	u32_t i;

	proc_init();
	caller = proc_addr(3);
	caller->p_rts_flags = 0;
	caller->p_priority = PRIO_USER;
	caller->p_reg.eax = EAX_UNTOUCHED;
	snprintf(caller->p_name, sizeof caller->p_name, "caller");
	ptproc = cur = caller;

	memset(&umsg, 0, sizeof umsg);
	umsg.m_source = VM_PROC_NR;   /* forged: must not matter */
	umsg.m_type = 77;
	for (i = 0; i < PAYLOAD_SIZE / 4; i++)
		umsg.raw.w[i] = 0x1000 + i;
	fault_in = fault_out = 0;
	copy_ins = copy_outs = 0;
	vcopies = 0;
	vcopy_result = EFAULT;
	vm_fixable = 0;
	vm_requests = 0;
	vm_request_for = NULL;
	vm_request_flag = 0;
	handled = 0;
	handled_nr = -1;
	handled_caller = NULL;
	handled_msg = NULL;
	handler_result = OK;
	memset(&kstats, 0, sizeof kstats);
}

/* The request the caller made, as it was before the call. */
static message request(void)
{
	message m;
	u32_t i;

	memset(&m, 0, sizeof m);
	m.m_source = VM_PROC_NR;
	m.m_type = 77;
	for (i = 0; i < PAYLOAD_SIZE / 4; i++)
		m.raw.w[i] = 0x1000 + i;
	return m;
}

/* Is the user's message still the request (nothing copied out)? */
static int umsg_untouched(void)
{
	message m = request();

	return memcmp(&umsg, &m, sizeof m) == 0;
}

/* A call that must be refused with err before any handler runs. */
static void assert_refused(u32_t nr, u32_t mask, int err)
{
	setup();
	caller->p_callmask = mask;
	kernel_call(caller, nr, UMSG);
	ck_assert_msg(EAX() == err, "call %u, mask %#x: eax %d, expected %d",
		      nr, mask, EAX(), err);
	ck_assert_msg(handled == 0, "call %u, mask %#x: handler %d ran", nr,
		      mask, handled_nr);
	ck_assert_msg(umsg_untouched(), "call %u: message written back", nr);
	ck_assert_int_eq(vm_requests, 0);
}

/* --- the checks --- */

/* Every call number below NR_SYS_CALLS reaches its own handler, with
 * the caller and the message copied in, and the handler's result is
 * the caller's eax. */
START_TEST(test_each_call_dispatched)
{
	message want = request();
	u32_t nr = (u32_t)_i;

	setup();
	caller->p_callmask = 1u << nr;
	handler_result = OK;
	kernel_call(caller, nr, UMSG);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(handled_nr, (int)nr);
	ck_assert_ptr_eq(handled_caller, caller);
	ck_assert_ptr_eq(handled_msg, &caller->p_kcall_msg);
	ck_assert_mem_eq(&handled_copy, &want, sizeof want);
	ck_assert_int_eq(EAX(), OK);
	ck_assert_uint_eq(caller->p_kcall_nr, nr);
	ck_assert_uint_eq(caller->p_kcall_addr, UMSG);
	ck_assert_int_eq(copy_ins, 1);
	ck_assert_uint_eq(kstats.kcall_copyins, 1);
	ck_assert_int_eq(vcopies, 0);
}
END_TEST

/* The calls that reply get the message back, the others do not. */
START_TEST(test_replies)
{
	u32_t nr = (u32_t)_i;

	setup();
	caller->p_callmask = 1u << nr;
	kernel_call(caller, nr, UMSG);
	ck_assert_int_eq(EAX(), OK);
	if (replies[nr]) {
		ck_assert_int_eq(copy_outs, 1);
		ck_assert_uint_eq(umsg.raw.w[0], REPLY_MARK | nr);
		ck_assert_uint_eq(umsg.raw.w[1], 0x1001);
	} else {
		ck_assert_int_eq(copy_outs, 0);
		ck_assert(umsg_untouched());
	}
}
END_TEST

/* A positive result (a count) is a success too: the reply goes out and
 * the count is returned; a failure sends nothing back. */
START_TEST(test_reply_only_on_success)
{
	setup();
	caller->p_callmask = ~0u;
	handler_result = 3;
	kernel_call(caller, SYS_GETINFO, UMSG);
	ck_assert_int_eq(EAX(), 3);
	ck_assert_uint_eq(umsg.raw.w[0], REPLY_MARK | SYS_GETINFO);

	setup();
	caller->p_callmask = ~0u;
	handler_result = EINVAL;
	kernel_call(caller, SYS_GETINFO, UMSG);
	ck_assert_int_eq(EAX(), EINVAL);
	ck_assert_int_eq(handled, 1);
	ck_assert(umsg_untouched());
	ck_assert_int_eq(vm_requests, 0);
}
END_TEST

/* No such call, whatever the mask says (all bits set: 1u << 32 and up
 * would be undefined, and UBSan would stop a check done the other way
 * round). */
START_TEST(test_unknown_call)
{
	static const u32_t bad[] = {
		NR_SYS_CALLS, NR_SYS_CALLS + 1, 31, 32, 33, 1000,
		0x7fffffffu, 0x80000000u, 0xffffffffu,
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_refused(bad[i], ~0u, EBADREQUEST);
		assert_refused(bad[i], 0, EBADREQUEST);   /* number first */
	}
}
END_TEST

/* A call outside the caller's mask, and only its own bit counts. */
START_TEST(test_denied)
{
	u32_t nr = (u32_t)_i;

	assert_refused(nr, 0, ECALLDENIED);
	assert_refused(nr, ~(1u << nr), ECALLDENIED);
	if (nr > 0)
		assert_refused(nr, (1u << nr) - 1, ECALLDENIED);
	assert_refused(nr, ~0u << (nr + 1), ECALLDENIED);
}
END_TEST

/* The masks the kernel gives: users get their eight calls (grants
 * included), system
 * processes also HALT and CONSREAD, and neither gets VM's calls. */
START_TEST(test_call_masks)
{
	u32_t nr;
	int user_may, system_may;

	for (nr = 0; nr < NR_SYS_CALLS; nr++) {
		user_may = nr == SYS_DIAG_WRITE || nr == SYS_GETINFO ||
			   nr == SYS_EXIT || nr == SYS_UPTIME || nr == SYS_SETALARM ||
			   nr == SYS_SETGRANT || nr == SYS_SAFECOPY || nr == SYS_VSAFECOPY;
		system_may = user_may || nr == SYS_HALT || nr == SYS_CONSREAD;

		setup();
		caller->p_callmask = USER_CALLS;
		kernel_call(caller, nr, UMSG);
		ck_assert_msg(handled == user_may, "user call %u: ran %d", nr, handled);
		if (!user_may)
			ck_assert_int_eq(EAX(), ECALLDENIED);

		setup();
		caller->p_callmask = SYSTEM_CALLS;
		kernel_call(caller, nr, UMSG);
		ck_assert_msg(handled == system_may, "system call %u: ran %d", nr,
			      handled);
		if (!system_may)
			ck_assert_int_eq(EAX(), ECALLDENIED);
	}
}
END_TEST

/* --- faults and restarts --- */

/* The message cannot be read and VM cannot help: EFAULT, nothing run. */
START_TEST(test_copy_in_fault)
{
	setup();
	caller->p_callmask = ~0u;
	fault_in = 1;
	kernel_call(caller, SYS_UPTIME, UMSG);
	ck_assert_int_eq(EAX(), EFAULT);
	ck_assert_int_eq(vcopies, 1);   /* the slow path said why */
	ck_assert_int_eq(handled, 0);
	ck_assert_int_eq(vm_requests, 0);
	ck_assert_uint_eq(kstats.kcall_copyins, 0);

	/* Not a user address at all: straight to the slow path. */
	setup();
	caller->p_callmask = ~0u;
	vcopy_result = EFAULT;
	kernel_call(caller, SYS_UPTIME, USER_END - 8);
	ck_assert_int_eq(EAX(), EFAULT);
	ck_assert_int_eq(vcopies, 1);
	ck_assert_int_eq(copy_ins, 0);
	ck_assert_int_eq(handled, 0);
}
END_TEST

/* The caller's table is not the one loaded: the slow path copies. */
START_TEST(test_copy_in_other_table)
{
	setup();
	caller->p_callmask = ~0u;
	ptproc = proc_addr(VM_SLOT);
	kernel_call(caller, SYS_UPTIME, UMSG);
	ck_assert_int_eq(vcopies, 1);
	ck_assert_int_eq(copy_ins, 0);
	ck_assert_int_eq(EAX(), EFAULT);
	ck_assert_int_eq(handled, 0);
}
END_TEST

/* The message is absent but VM can bring it in: the trap is run again
 * later, from scratch, and the caller's eax is left alone. */
START_TEST(test_copy_in_vm_fixes)
{
	setup();
	caller->p_callmask = ~0u;
	fault_in = 1;
	vm_fixable = 1;
	kernel_call(caller, SYS_UPTIME, UMSG);
	ck_assert_int_eq(vm_requests, 1);
	ck_assert_ptr_eq(vm_request_for, caller);
	ck_assert_uint_eq(vm_request_flag, MF_TRAP_RESTART);
	ck_assert_uint_eq(caller->p_reg.eax, EAX_UNTOUCHED);
	ck_assert_int_eq(handled, 0);
}
END_TEST

/* A handler that blocked its caller (or ended it) leaves eax for later
 * and nothing is copied back, even for a call that replies. */
START_TEST(test_suspend)
{
	setup();
	caller->p_callmask = ~0u;
	handler_result = SUSPEND;
	kernel_call(caller, SYS_GETINFO, UMSG);
	ck_assert_int_eq(handled, 1);
	ck_assert_uint_eq(caller->p_reg.eax, EAX_UNTOUCHED);
	ck_assert(umsg_untouched());
	ck_assert_int_eq(vm_requests, 0);
}
END_TEST

/* The handler met absent memory: with VM's help the call is run again
 * later (MF_KCALL_RESTART); without, the caller gets EFAULT. */
START_TEST(test_handler_fault)
{
	setup();
	caller->p_callmask = ~0u;
	handler_result = EFAULT;
	vm_fixable = 1;
	kernel_call(caller, SYS_VIRCOPY, UMSG);
	ck_assert_int_eq(vm_requests, 1);
	ck_assert_uint_eq(vm_request_flag, MF_KCALL_RESTART);
	ck_assert_uint_eq(caller->p_reg.eax, EAX_UNTOUCHED);

	setup();
	caller->p_callmask = ~0u;
	handler_result = EFAULT;
	kernel_call(caller, SYS_VIRCOPY, UMSG);
	ck_assert_int_eq(vm_requests, 0);
	ck_assert_int_eq(EAX(), EFAULT);

	/* Other errors are just returned. */
	setup();
	caller->p_callmask = ~0u;
	handler_result = EPERM;
	vm_fixable = 1;
	kernel_call(caller, SYS_VIRCOPY, UMSG);
	ck_assert_int_eq(vm_requests, 0);
	ck_assert_int_eq(EAX(), EPERM);
}
END_TEST

/* The reply cannot be written back. For a call with an effect
 * (SETALARM) that is found before the handler runs, so it never has its
 * effect without its reply, and never twice when the call is restarted;
 * a call without one (GETINFO) runs, fails with EFAULT, and may run
 * again. */
START_TEST(test_copy_out_fault)
{
	int nr;

	for (nr = 0; nr < NR_SYS_CALLS; nr++) {
		if (!replies[nr])
			continue;
		setup();
		caller->p_callmask = ~0u;
		fault_out = 1;
		kernel_call(caller, nr, UMSG);
		ck_assert_msg(handled == !has_effect[nr],
			      "call %d: handler ran %d times with an unwritable reply", nr, handled);
		ck_assert_int_eq(vcopies, 1);
		ck_assert_int_eq(EAX(), EFAULT);
		ck_assert_int_eq(vm_requests, 0);

		setup();
		caller->p_callmask = ~0u;
		fault_out = 1;
		vm_fixable = 1;
		kernel_call(caller, nr, UMSG);
		ck_assert_int_eq(handled, !has_effect[nr]);
		ck_assert_int_eq(vm_requests, 1);
		ck_assert_uint_eq(vm_request_flag, MF_KCALL_RESTART);
		ck_assert_uint_eq(caller->p_reg.eax, EAX_UNTOUCHED);

		/* VM has made it present: the restart runs the handler, and
		 * one with an effect runs once in all. */
		fault_out = 0;
		kcall_run(caller);
		ck_assert_int_eq(handled, 1 + !has_effect[nr]);
		ck_assert_int_eq(copy_outs, 1);
		ck_assert_int_eq(EAX(), OK);
	}
}
END_TEST

/* A restarted call runs on the message saved in the process table, not
 * on a new copy of the user's (which may have changed meanwhile), and
 * it is checked again. */
START_TEST(test_restart)
{
	message want = request();

	setup();
	caller->p_callmask = ~0u;
	handler_result = EFAULT;
	vm_fixable = 1;
	kernel_call(caller, SYS_GETINFO, UMSG);
	ck_assert_int_eq(vm_requests, 1);

	umsg.m_type = 99;   /* the user changed it: not to be seen */
	handler_result = OK;
	vm_fixable = 0;
	handled = 0;
	kcall_run(caller);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(handled_nr, SYS_GETINFO);
	ck_assert_int_eq(handled_copy.m_type, want.m_type);
	/* w[0] has the first run's mark: handlers must cope with that. */
	ck_assert_mem_eq(&handled_copy.raw.w[1], &want.raw.w[1],
			 sizeof want.raw.w - sizeof want.raw.w[0]);
	ck_assert_int_eq(copy_ins, 1);
	ck_assert_uint_eq(kstats.kcall_copyins, 1);
	ck_assert_int_eq(EAX(), OK);
	ck_assert_uint_eq(umsg.raw.w[0], REPLY_MARK | SYS_GETINFO);

	/* Restarted after losing the right to make it: refused. */
	caller->p_callmask = 0;
	handled = 0;
	kcall_run(caller);
	ck_assert_int_eq(handled, 0);
	ck_assert_int_eq(EAX(), ECALLDENIED);
}
END_TEST

static Suite *kcall_suite(void)
{
	Suite *s = suite_create("kcall");
	TCase *tc;

	tc = tcase_create("checks");
	tcase_add_loop_test(tc, test_each_call_dispatched, 0, NR_SYS_CALLS);
	tcase_add_loop_test(tc, test_replies, 0, NR_SYS_CALLS);
	tcase_add_test(tc, test_reply_only_on_success);
	tcase_add_test(tc, test_unknown_call);
	tcase_add_loop_test(tc, test_denied, 0, NR_SYS_CALLS);
	tcase_add_test(tc, test_call_masks);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_add_test(tc, test_copy_in_fault);
	tcase_add_test(tc, test_copy_in_other_table);
	tcase_add_test(tc, test_copy_in_vm_fixes);
	tcase_add_test(tc, test_suspend);
	tcase_add_test(tc, test_handler_fault);
	tcase_add_test(tc, test_copy_out_fault);
	tcase_add_test(tc, test_restart);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(kcall_suite());
}
