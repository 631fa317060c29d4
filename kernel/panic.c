/*
 * Kernel panic: say what happened, then stop. Under the grader (and
 * whenever QEMU has an isa-debug-exit device) the machine exits with
 * HALT_PANIC so the failure is seen as such, not as a hang.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include "arch/i386/cpu.h"
#include <stacktrace.h>

#define DEBUG_EXIT_PORT 0xf4

/* Stop the machine: QEMU exits with status (status << 1) | 1 when it has
 * the debug-exit device; otherwise we simply halt. */
void halt_machine(int status)
{
	if (status != HALT_WATCHDOG)
		trace_dump();   /* a hang report has its own tail of it */
	outb(DEBUG_EXIT_PORT, (u8_t)status);
	halt_forever();
}

/* Where the next panic's stack trace starts, when it is not the
 * panic's own caller: set for an exception in the kernel. */
static u32_t trace_pc, trace_ebp;

void panic_trace_from(u32_t pc, u32_t ebp)
{
	trace_pc = pc;
	trace_ebp = ebp;
}

/*
 * One line that says what went wrong, then the stack trace:
 *     kernel: panic: what went wrong
 *     kernel: stacktrace: 0x... 0x...
 */
void panic(const char *fmt, ...)
{
	static int panicking;
	va_list ap;

	__asm__ volatile("cli");
	if (panicking++)
		halt_machine(HALT_PANIC);   /* a panic while panicking */
	console_write_from(KERNEL, "kernel: panic: ", 15);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	stack_print("kernel", trace_pc, trace_ebp ? trace_ebp : read_ebp(),
	            (u32_t)kernel_stack, (u32_t)kernel_stack_top);
	halt_machine(HALT_PANIC);
}
