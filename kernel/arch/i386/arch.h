/* The i386-specific pieces the rest of the kernel calls. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <mica/types.h>

struct stackframe;

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   0x1b
#define USER_DS   0x23
#define TSS_SEL   0x28

#define IRQ_BASE  0x20   /* PIC vectors start above the exceptions... */
#define IRQ_TIMER 0
#define IRQ_COM1  4
/* ...but the traps for kernel calls and IPC are 32 and 33, as in MINIX, so
 * hardware interrupts are remapped to 0x40. */
#define IRQ_VECTOR(irq) (0x40 + (irq))

void protect_init(void);
void tss_set_stack(u32_t esp0);
void pic_init(void);
void pic_eoi(int irq);
void pic_unmask(int irq);
void pit_init(int hz);
void serial_init(void);
void serial_putc(char c);
int serial_getc(void);
void paging_init(phys_bytes ram_end);
u32_t kernel_pde(int i);
int kernel_pdes_match(const u32_t *pd);

/* entry.S */
void restart_user(struct stackframe *f) __attribute__((noreturn));
extern char copy_catch_start[], copy_catch_end[], copy_catch_fault[];
extern u32_t copy_fault_addr, copy_fault_err;
extern char kernel_stack[], kernel_stack_top[];
extern const u32_t trap_stubs[];

/* trap.c */
void trap_from_user(struct stackframe *f) __attribute__((noreturn));
void trap_handle(struct stackframe *f);
/* What the trap stub calls for a trap from user mode: trap_from_user, or
 * trace_trap when the kernel traces (kernel/trace.c). */
extern void (*trap_entry)(struct stackframe *f);
void trace_trap(struct stackframe *f) __attribute__((noreturn));
void trap_from_kernel(struct stackframe *f);

#endif
