/*
 * A printf-style formatter (lab 2, exercise 1): vformat(), which
 * snprintf.c, printf.c and the kernel console are built on. It is the
 * only formatter in the system: the kernel, the servers and the
 * programs all print through it.
 *
 * vformat(out, arg, fmt, ap) copies fmt, calling out(arg, c) for every
 * output character, and replaces each conversion specification
 *
 *     %[flags][width][.precision][length]conversion
 *
 * by the next argument formatted:
 *
 *   flags       -      left-justify in the field (default: right)
 *               0      pad integers with zeros after the sign or 0x, not
 *                      with spaces in front; ignored with - or a precision,
 *                      and for %c %s %p-of-NULL
 *               +      put a sign on every signed conversion
 *               space  put a space where a + sign would have gone
 *               #      alternate form: %o starts with 0, a non-zero %x/%X
 *                      gets 0x/0X
 *   width       decimal digits or *: the minimum number of characters; a
 *               negative * width is the - flag plus its absolute value
 *   precision   . then decimal digits or *: for integers the minimum number
 *               of digits, for %s the maximum number of bytes read and
 *               printed; "." alone is 0, a negative * precision is none
 *   length      hh h l ll z j t, for d i u o x X only
 *   conversion  d i (int), u o x X (unsigned), c (char), s (string),
 *               p (pointer), % (a literal %)
 *
 * It returns the number of characters it emitted. The tests
 * (tests/test_format.c, `make check`) compare it with the host C
 * library's snprintf, so follow C99 and glibc, including glibc's
 * extensions: %p prints like %#lx with + and space honoured, and "(nil)"
 * for NULL; %s of NULL prints "(null)" when the precision is absent or
 * at least 6 and nothing otherwise; %% ignores any flags, width or
 * precision. Clamp widths and precisions to 1 << 30 so the arithmetic
 * stays in an int.
 *
 * Anything else is not a conversion, and its text is copied to the
 * output as it stands in fmt: from the % up to and including the first
 * character that does not fit the grammar (or up to the end of fmt),
 * with no padding. So "%y" prints "%y" and a lone % at the end prints
 * "%". No argument is consumed for it, except the ones a * already took.
 *
 * Two traps. On i386, a 64-bit "/" or "%" becomes a call to libgcc's
 * __udivdi3, which the kernel does not link (`make check` looks for it):
 * divide 64-bit numbers 32 bits at a time. And on the host (where the
 * tests run) va_list is an array type, so a helper that consumes
 * arguments must get a pointer to a va_copy of ap, not &ap.
 */
#include <stdbool.h>
#include <stdint.h>

#include "format.h"

/* Until this is written, the text is copied as it is, conversions and
 * all, so the system still says something: "mica: %u MiB of RAM". */
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
{
	int n = 0;

	(void)ap;
	while (fmt[n] != '\0')
		out(arg, fmt[n++]);
	return n;
}
