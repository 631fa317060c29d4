/*
 * Where every entry into the kernel lands: exceptions, hardware
 * interrupts, kernel calls (vector 32) and IPC (vector 33).
 */
#include "../../kernel.h"
#include "arch.h"
#include "cpu.h"
#include <mica/ipc.h>
#include <mica/vm.h>

_Static_assert(__builtin_offsetof(struct stackframe, cs) == 60, "entry.S CS_OFFSET");

static const char *exception_names[20] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating-point error",
	"alignment check", "machine check", "SIMD floating-point error",
};

static void handle_irq(int irq)
{
	int c;

	pic_eoi(irq);
	if (irq == IRQ_TIMER) {
		clock_tick();
	} else if (irq == IRQ_COM1) {
		while ((c = serial_getc()) >= 0)
			console_input((char)c);
	}
}

/*
 * A user page fault becomes a message to VM, sent on the process's
 * behalf; the process stays stopped (RTS_PAGEFAULT) until VM resolves
 * or kills it. VM itself must never fault.
 */
static void user_page_fault(struct proc *p, struct stackframe *f)
{
	u32_t addr = read_cr2();
	int r;

	if (p->p_nr == VM_SLOT)
		panic("vm page fault at 0x%08x, eip 0x%08x, err 0x%x", addr, f->eip, f->err);
	message_clear(&p->p_sendmsg);
	p->p_sendmsg.m_type = VM_PAGEFAULT;
	p->p_sendmsg.pagefault.endpt = p->p_endpoint;
	p->p_sendmsg.pagefault.addr = addr;
	p->p_sendmsg.pagefault.eip = f->eip;
	p->p_sendmsg.pagefault.err = f->err;
	rts_set(p, RTS_PAGEFAULT);
	r = ipc_send(p, VM_PROC_NR, IPC_FROM_KERNEL, 0);
	kassert(r == OK || r == SUSPEND);
}

/* Any other exception in user mode ends the process, with a report. */
static void user_exception(struct proc *p, struct stackframe *f)
{
	printf("kernel: %s(%d) killed: %s at eip 0x%08x, err 0x%x\n",
	       p->p_name, p->p_endpoint, exception_names[f->vector], f->eip, f->err);
	proc_exit(p, 0, 1);
}

/* Handle a trap from user mode; the caller then picks who runs. Inlined
 * into trap_from_user, so the common path has no extra call; trace_trap
 * calls the copy trap_handle. */
static inline __attribute__((always_inline)) void handle(struct stackframe *f)
{
	struct proc *p = cur;

	kassert(f == &p->p_reg);
	last_copy_fault.p = NULL;   /* only a fault of this trap may go to VM */
	if (f->vector == IPC_VECTOR) {   /* the most frequent first */
		kstats.ipc_calls++;
		do_ipc(p, f->eax, f->ebx, f->ecx);
	} else if (f->vector == KCALL_VECTOR) {
		kstats.kernel_calls++;
		kernel_call(p, f->eax, f->ebx);
	} else if (f->vector >= IRQ_VECTOR(0) && f->vector < IRQ_VECTOR(16)) {
		handle_irq(f->vector - IRQ_VECTOR(0));
	} else if (f->vector == 14) {
		user_page_fault(p, f);
	} else if (f->vector < 20) {
		user_exception(p, f);
	} else {
		panic("unexpected trap %u from %s", f->vector, p->p_name);
	}
}

void trap_from_user(struct stackframe *f)
{
	handle(f);
	switch_to_user();
}

void trap_handle(struct stackframe *f)
{
	handle(f);
}

/*
 * In kernel mode the only expected entries are interrupts while idle and
 * page faults inside copy_catch; anything else is a kernel bug.
 */
void trap_from_kernel(struct stackframe *f)
{
	if (f->vector >= IRQ_VECTOR(0) && f->vector < IRQ_VECTOR(16)) {
		handle_irq(f->vector - IRQ_VECTOR(0));
		return;
	}
	if (f->vector == 14 && f->eip >= (u32_t)copy_catch_start &&
	    f->eip < (u32_t)copy_catch_end) {
		copy_fault_addr = read_cr2();
		copy_fault_err = f->err;
		f->eip = (u32_t)copy_catch_fault;
		return;
	}
	if (f->vector >= 20)
		panic("unexpected vector %u in the kernel", f->vector);
	printf("kernel: %s in the kernel at eip 0x%08x, error code 0x%x",
	       exception_names[f->vector], f->eip, f->err);
	if (f->vector == 14)
		printf(", address (cr2) 0x%08x", read_cr2());
	printf("\nkernel: eax %08x ebx %08x ecx %08x edx %08x\n"
	       "kernel: esi %08x edi %08x ebp %08x esp %08x eflags %08x\n",
	       f->eax, f->ebx, f->ecx, f->edx, f->esi, f->edi, f->ebp,
	       (u32_t)(&f->esp), f->eflags);
	panic_trace_from(f->eip, f->ebp);
	panic("%s in the kernel", exception_names[f->vector]);
}
