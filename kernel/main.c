/*
 * The kernel's entry from boot.S and its way back to user mode.
 *
 * The kernel runs only in response to a trap, an interrupt or an
 * exception, with interrupts off, on one kernel stack, and always leaves
 * through switch_to_user(), which picks who runs next.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include "arch/i386/cpu.h"

struct kstats kstats;

void boot(u32_t magic, const void *mbi);

void kmain(u32_t magic, const void *mbi)
{
	console_init();
	protect_init();
	pic_init();
	boot(magic, mbi);
	clock_init();
	pic_unmask(IRQ_COM1);
	switch_to_user();
}

/* Load p's page table if it is not loaded yet. */
static inline void load_address_space(struct proc *p)
{
	if (ptproc == p || p->p_cr3 == 0)
		return;
	if (ptproc == NULL || ptproc->p_cr3 != p->p_cr3) {
		write_cr3(p->p_cr3);
		kstats.cr3_loads++;
	}
	ptproc = p;
}

/* Nothing can run: wait for an interrupt, with interrupts on only while
 * halted. The interrupt is handled by trap_from_kernel. */
static void idle(void)
{
	cur = proc_addr(IDLE);
	__asm__ volatile("sti; hlt; cli");
}

/* Run the next process: its kernel call restarted, or its message
 * delivered, first if it has one. Compiled twice: switch_to_user, and
 * switch_to_user_traced, which records deliveries (trace.c); traced is
 * a constant in each, so the first has no trace code at all. */
static inline __attribute__((always_inline, noreturn)) void resume(int traced)
{
	struct proc *p;

	for (;;) {
		while ((p = pick_proc()) == NULL)
			idle();
		load_address_space(p);
		if (p->p_misc_flags & MF_KCALL_RESTART) {
			/* VM has made the memory present: run the kernel call
			 * again, in the caller's address space; it may have to
			 * wait again. */
			p->p_misc_flags &= ~MF_KCALL_RESTART;
			kstats.kcall_restarts++;
			last_copy_fault.p = NULL;
			cur = p;
			kcall_run(p);
			if (p->p_rts_flags != 0)
				continue;
		}
		/* The receiver's table is loaded now: give it its message
		 * (deliver_failed() when its buffer has gone meanwhile). */
		if (!(p->p_misc_flags & MF_DELIVERMSG))
			break;
		if (copy_to_user(p, &p->p_delivermsg, p->p_msgaddr, sizeof(message)) == OK) {
			p->p_misc_flags &= ~MF_DELIVERMSG;
			if (traced)
				trace_delivery(p);
			break;
		}
		deliver_failed(p);
	}
	if (p != cur)
		kstats.context_switches++;
	cur = p;
	tss_set_stack((u32_t)(&p->p_reg + 1));
	restart_user(&p->p_reg);
}

void switch_to_user(void)
{
	resume(0);
}

void switch_to_user_traced(void)
{
	resume(1);
}
