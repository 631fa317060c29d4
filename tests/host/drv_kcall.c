/*
 * Host check of kernel/kcall.c: kernel calls made as the trap makes them
 * (kernel_call), with the given call table (kernel/calls/table.c) and
 * fake handlers, and their restarts after VM, in a session the parent
 * drives against its model.
 *   hello: after the driver's name, for every call number
 *          HAS_HANDLER REPLIES EFFECT as the table says
 *   "C NR MASK WHERE LOADED FIXABLE RESULT TOKEN"
 *          the caller's request (m_type TOKEN) at the address WHERE
 *          names (0 its buffer, 1 a read-only page, 2 a page not present
 *          yet, 3 unmapped user space, 4 the kernel, 5 across the end of
 *          user space), with call mask MASK; its table is loaded unless
 *          LOADED is 0. VM could make the absent page present if FIXABLE.
 *          The handler returns RESULT (with EFAULT: it met the absent
 *          page). Then kernel_call(caller, NR, address).
 *   "R TOKEN RESULT"
 *          VM has made the page present: the user's message now has
 *          m_type TOKEN, the handler returns RESULT; the caller is
 *          resumed as the kernel resumes it after vm_request(): the call
 *          is run again (MF_KCALL_RESTART, as switch_to_user() does) or
 *          the trap is executed again (MF_TRAP_RESTART).
 * Answer to both: EAX HANDLED HANDLED_NR SEEN_TOKEN COPYINS VMFLAG REPLIED
 *   EAX the caller's eax (EAX_UNSET if not set), HANDLED how many
 *   handlers ran, HANDLED_NR and SEEN_TOKEN the call and the m_type the
 *   last one was given, COPYINS kstats.kcall_copyins's growth, VMFLAG
 *   the restart flag vm_request() was given (0: not called), REPLIED 1
 *   if the handler's mark is in the user's message.
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"
#include "calls/calls.h"

#define EAX_UNSET 0x5eed
#define REPLY_MARK 0xa5000000u

const char hc_driver[] = "kcall";

static struct proc *caller;
static u32_t trap_nr;        /* the trap's eax and ebx, as a re-executed */
static vir_bytes trap_addr;  /* trap finds them again */
static int vm_fixable;
static u32_t vm_flag;
static int handled, handled_nr, seen_token, handler_result;

/* --- the kernel around kcall.c --- */

int vm_can_fix(struct proc *p)
{
	return vm_fixable && hc_absent && last_copy_fault.p == p &&
	       last_copy_fault.addr >= HC_ABSENT_PAGE &&
	       last_copy_fault.addr < HC_ABSENT_PAGE + PAGE_SIZE &&
	       !(last_copy_fault.err & PF_PROT);
}

void vm_request(struct proc *p, u32_t restart_flag)
{
	if (vm_flag != 0)
		hc_fatal("vm_request() twice for one call");
	vm_flag = restart_flag ? restart_flag : 0xffffffffu;
	rts_set(p, RTS_VMREQUEST);
}

/* Every handler: record, mark the message, answer as told. A handler
 * that fails with EFAULT met the absent page, as a copy of its own
 * would leave it in last_copy_fault. */
static int fake_handler(int nr, struct proc *p, message *m)
{
	if (p != caller)
		hc_fatal("a handler was given another process than the caller");
	handled++;
	handled_nr = nr;
	seen_token = m->m_type;
	m->raw.w[0] = REPLY_MARK | (u32_t)nr;
	if (handler_result == EFAULT) {
		last_copy_fault.p = p;
		last_copy_fault.addr = HC_ABSENT_PAGE;
		last_copy_fault.err = 0;
	}
	return handler_result;
}

#define FAKE(nr, handler, replies, effect) \
	int handler(struct proc *p, message *m) { return fake_handler(nr, p, m); }
EVERY_KERNEL_CALL(FAKE)

/* --- the session --- */

static const vir_bytes where_addr[] = {
	HC_UBASE + 0x100, HC_RO_PAGE + 0x40, HC_ABSENT_PAGE + 0x80,
	USER_BASE + 0x1000, 0x1000, USER_END - 8,
};

void hc_hello_extra(void)
{
	int nr;

	for (nr = 0; nr < NR_SYS_CALLS; nr++) {
		hc_put_int(call_table[nr].handler != NULL);
		hc_put_int(call_table[nr].replies);
		hc_put_int(call_table[nr].effect);
	}
}

/* The user's message at addr, if it is in hc_umem at all. */
static message *user_message(vir_bytes addr)
{
	if (addr < HC_UBASE || addr - HC_UBASE > sizeof(hc_umem) - sizeof(message))
		return NULL;
	return (message *)(hc_umem + (addr - HC_UBASE));
}

static void answer(u32_t copyins_before)
{
	message *m = user_message(trap_addr);

	hc_put_int((int)caller->p_reg.eax);
	hc_put_int(handled);
	hc_put_int(handled ? handled_nr : -1);
	hc_put_int(handled ? seen_token : 0);
	hc_put_int(kstats.kcall_copyins - copyins_before);
	hc_put_int(vm_flag);
	hc_put_int(m != NULL && m->raw.w[0] == (REPLY_MARK | trap_nr));
}

static void put_request(vir_bytes addr, int token)
{
	message *m = user_message(addr);
	u32_t i;

	if (m == NULL)
		return;
	memset(m, 0, sizeof(*m));
	m->m_source = VM_PROC_NR;   /* forged: must not matter */
	m->m_type = token;
	for (i = 1; i < PAYLOAD_SIZE / 4; i++)
		m->raw.w[i] = (u32_t)token * i;
}

static int call(int argc, char **argv)
{
	u32_t before;
	int where = (int)hc_int(argv[3]);

	if (argc != 8 || where < 0 || where >= (int)(sizeof(where_addr) / sizeof(where_addr[0])))
		return -1;
	while ((caller = pick_proc()) != NULL)
		proc_dequeue(caller);   /* the last request's caller */
	hc_kernel_reset();
	proc_init();
	caller = proc_addr(5);
	caller->p_priority = PRIO_USER;
	caller->p_endpoint = endpoint_make(5, 3);
	rts_clear(caller, RTS_SLOT_FREE);   /* running: on its ready queue */
	caller->p_callmask = hc_u32(argv[2]);
	caller->p_reg.eax = EAX_UNSET;
	trap_nr = hc_u32(argv[1]);
	trap_addr = where_addr[where];
	put_request(trap_addr, (int)hc_int(argv[7]));
	hc_absent = 1;   /* until VM makes it present (R) */
	cur = caller;
	ptproc = hc_int(argv[4]) ? caller : proc_addr(VM_SLOT);
	vm_fixable = (int)hc_int(argv[5]);
	handler_result = (int)hc_int(argv[6]);
	vm_flag = 0;
	handled = 0;
	last_copy_fault.p = NULL;   /* as trap_from_user() does */
	before = kstats.kcall_copyins;
	kernel_call(caller, trap_nr, trap_addr);
	answer(before);
	return 0;
}

static int resume(int argc, char **argv)
{
	u32_t flag = vm_flag, before = kstats.kcall_copyins;
	message *m;

	if (argc != 3 || flag == 0 || !(caller->p_rts_flags & RTS_VMREQUEST))
		return -1;
	hc_absent = 0;   /* VM has made it present */
	if ((m = user_message(trap_addr)) != NULL)
		m->m_type = (int)hc_int(argv[1]);
	handler_result = (int)hc_int(argv[2]);
	rts_clear(caller, RTS_VMREQUEST);
	vm_flag = 0;
	handled = 0;
	last_copy_fault.p = NULL;
	ptproc = cur = caller;
	if (flag == MF_KCALL_RESTART)
		kcall_run(caller);
	else if (flag == MF_TRAP_RESTART)
		kernel_call(caller, trap_nr, trap_addr);
	else
		hc_fatal("vm_request() with a restart flag that is neither MF_KCALL_RESTART nor MF_TRAP_RESTART");
	answer(before);
	return 0;
}

int hc_handle(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "C") == 0)
		return call(argc, argv);
	if (argc >= 1 && strcmp(argv[0], "R") == 0)
		return resume(argc, argv);
	return -1;
}
