/* COM1, the console: 115200 8N1, polled output, interrupt-driven input. */
#include "../../kernel.h"
#include "arch.h"
#include "cpu.h"

#define COM1 0x3f8
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

void serial_init(void)
{
	outb(COM1 + 1, 0x00);   /* no interrupts while we set it up */
	outb(COM1 + 3, 0x80);   /* DLAB on: divisor follows */
	outb(COM1 + 0, 1);      /* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);   /* 8N1 */
	outb(COM1 + 2, 0xc7);   /* FIFOs on and cleared */
	outb(COM1 + 4, 0x0b);   /* DTR, RTS, OUT2 (routes the IRQ) */
	outb(COM1 + 1, 0x01);   /* interrupt on received data */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
		;
	outb(COM1, c);
}

/* A received character, or -1 when there is none. */
int serial_getc(void)
{
	if (!(inb(COM1 + 5) & LSR_DATA_READY))
		return -1;
	return inb(COM1);
}
