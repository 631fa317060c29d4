/*
 * Kernel panic: say what happened, then stop. Under the grader (and
 * whenever QEMU has an isa-debug-exit device) the machine exits with
 * HALT_PANIC so the failure is seen as such, not as a hang.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include "arch/i386/cpu.h"

#define DEBUG_EXIT_PORT 0xf4

/* Stop the machine: QEMU exits with status (status << 1) | 1 when it has
 * the debug-exit device; otherwise we simply halt. */
void halt_machine(int status)
{
	outb(DEBUG_EXIT_PORT, (u8_t)status);
	halt_forever();
}

void panic(const char *fmt, ...)
{
	static int panicking;
	va_list ap;

	__asm__ volatile("cli");
	if (panicking++)
		halt_machine(HALT_PANIC);   /* a panic while panicking */
	printf("kernel: panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	halt_machine(HALT_PANIC);
}
