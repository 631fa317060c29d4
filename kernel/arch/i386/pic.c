/* The two 8259A interrupt controllers, and the 8253/8254 timer. */
#include "../../kernel.h"
#include "arch.h"
#include "cpu.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

static u16_t irq_mask = 0xfffb;   /* all off but the cascade (IRQ 2) */

void pic_init(void)
{
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
