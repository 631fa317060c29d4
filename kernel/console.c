/*
 * The console: COM1. Output is written synchronously (the kernel is not
 * preemptible, so one printf or one SYS_DIAG_WRITE is never split by
 * another). Input arrives by interrupt into a small ring; the process that
 * last asked for input (init's prompt) is notified from SYSTEM.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include <mica/ipc.h>

#define INPUT_SIZE 256

static char input[INPUT_SIZE];
static unsigned input_head, input_tail;   /* tail - head = bytes queued */
static endpoint_t reader = NONE;

void console_init(void)
{
	serial_init();
}

void console_write(const char *s, size_t n)
{
	while (n-- > 0) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

static void console_putc(void *arg, char c)
{
	(void)arg;
	console_write(&c, 1);
}

int vprintf(const char *fmt, va_list ap)
{
	return vformat(console_putc, NULL, fmt, ap);
}

/* Called from the COM1 interrupt for each received character; when the
 * ring is full the character is dropped. */
void console_input(char c)
{
	struct proc *p;
	int err;

	if (input_tail - input_head < INPUT_SIZE)
		input[input_tail++ % INPUT_SIZE] = c;
	if (reader != NONE && (p = proc_lookup(reader, &err)) != NULL)
		ipc_notify(proc_addr(SYSTEM), p);
}

/* Take up to n queued input bytes. */
int console_read(char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n && input_head != input_tail; i++)
		buf[i] = input[input_head++ % INPUT_SIZE];
	return (int)i;
}

void console_set_reader(struct proc *p)
{
	reader = p->p_endpoint;
}
