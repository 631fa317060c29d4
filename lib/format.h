/*
 * The one printf-style formatter, shared by the kernel and user space.
 *
 * vformat() does the work and hands every output character to a callback,
 * so the kernel console, the user-space printf and vsnprintf() are all
 * thin wrappers around it. See format.c for the exact conversions accepted.
 */
#ifndef MICA_FORMAT_H
#define MICA_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Let gcc check callers' format strings against their arguments. */
#define FORMAT_PRINTF(fmt_arg, first_arg) \
	__attribute__((format(printf, fmt_arg, first_arg)))

/* Receives one output character; arg is whatever was passed to vformat(). */
typedef void (*format_putc_fn)(void *arg, char c);

/*
 * Format fmt with the arguments in ap, calling out(arg, c) for each output
 * character. Returns the number of characters emitted.
 */
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
	FORMAT_PRINTF(3, 0);

/*
 * C99 snprintf: write at most size-1 characters plus a NUL to buf (nothing
 * at all if size is 0) and return the length the whole output would have
 * had, so "r >= size" means the output was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	FORMAT_PRINTF(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	FORMAT_PRINTF(3, 4);

/*
 * printf (lib/printf.c) is built on vprintf, which each side defines for
 * its own console: the kernel's serial driver, user space's
 * SYS_DIAG_WRITE.
 */
int vprintf(const char *fmt, va_list ap) FORMAT_PRINTF(1, 0);
int printf(const char *fmt, ...) FORMAT_PRINTF(1, 2);

#endif
