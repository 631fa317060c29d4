/*
 * A printf-style formatter (lab 2): vformat(), which snprintf.c,
 * printf.c and the kernel console are built on.
 *
 * A conversion specification is
 *
 *     %[flags][width][.precision][length]conversion
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
 * All of this follows C99 and glibc, including glibc's extensions:
 * %p prints like %#lx with + and space honoured, and "(nil)" for NULL;
 * %s of NULL prints "(null)" when the precision is absent or at least 6
 * and nothing otherwise; %% ignores any flags, width or precision.
 * Widths and precisions are clamped to FIELD_MAX.
 *
 * Anything else is not a conversion, and its text is copied to the output
 * as it stands in fmt: from the % up to and including the first character
 * that does not fit the grammar above (or up to the end of fmt), with no
 * padding. So "%y" prints "%y", "%-05.2lly" prints "%-05.2lly", "%ls"
 * prints "%ls", and a lone % at the end of fmt prints "%". No argument is
 * consumed for it, except the ones a * width or precision already took
 * ("%*y" still prints "%*y"). That covers %n, which never writes memory,
 * and the floating-point conversions, which are not supported: their
 * double is not consumed, so the conversions after one may print garbage.
 *
 * Nothing here divides 64-bit numbers with "/" or "%", because on i386
 * that needs libgcc's __udivdi3/__umoddi3, which the kernel does not link.
 */
#include <stdbool.h>
#include <stdint.h>

#include "format.h"

#define FIELD_MAX (1 << 30)  /* keeps width + prefix arithmetic in an int */
#define DIGITS_MAX 22        /* 2^64 - 1 in octal */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

/* One parsed conversion specification. */
struct spec {
	bool left;          /* - */
	bool zero;          /* 0 */
	bool plus;          /* + */
	bool space;         /* ' ' */
	bool alt;           /* # */
	int width;          /* minimum field width; 0 if none */
	int prec;           /* precision; -1 if none */
	enum length len;
	char conv;          /* conversion character; '\0' at end of fmt */
};

/* Where vformat's output goes, and how much has gone there. */
struct sink {
	format_putc_fn fn;
	void *arg;
	int count;
};

/* --- Output --- */

static void put(struct sink *o, char c)
{
	o->fn(o->arg, c);
	o->count++;
}

static void put_repeat(struct sink *o, char c, int n)
{
	for (; n > 0; n--)
		put(o, c);
}

static void put_bytes(struct sink *o, const char *s, int n)
{
	for (; n > 0; n--)
		put(o, *s++);
}

/* Length of s, reading at most max bytes (no limit if max < 0). */
static int bounded_len(const char *s, int max)
{
	int n = 0;

	while ((max < 0 || n < max) && s[n] != '\0')
		n++;
	return n;
}

/* --- Numbers --- */

/*
 * Divide *n by base (2..16) in place and return the remainder.
 *
 * This is long division as on paper, with the 64-bit number written as
 * three "digits": the high 32 bits and two 16-bit chunks. Each step
 * divides (remainder << 16 | next chunk), which is below base << 16, so
 * every division is an ordinary 32-bit one.
 */
static unsigned divmod(uint64_t *n, unsigned base)
{
	uint32_t hi = (uint32_t)(*n >> 32);
	uint32_t mid = (uint32_t)*n >> 16;
	uint32_t lo = (uint32_t)*n & 0xffff;
	uint32_t r;

	r = hi % base;
	hi /= base;
	mid |= r << 16;
	r = mid % base;
	mid /= base;
	lo |= r << 16;
	r = lo % base;
	lo /= base;
	*n = ((uint64_t)hi << 32) | (mid << 16) | lo;
	return r;
}

/*
 * Write the digits of n in base into buf, least significant first (that
 * is the order division produces them). Returns how many; 0 is "0".
 */
static int to_digits(char buf[DIGITS_MAX], uint64_t n, unsigned base,
		     bool upper)
{
	const char *digit = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int len = 0;

	do
		buf[len++] = digit[divmod(&n, base)];
	while (n != 0);
	return len;
}

static unsigned base_of(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
		return 16;
	default:
		return 10;
	}
}

/* What goes before the zeros and digits: a sign and/or 0x. */
static const char *integer_prefix(const struct spec *sp, uint64_t mag,
				  bool neg)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
		return neg ? "-" : sp->plus ? "+" : sp->space ? " " : "";
	case 'x':
		return sp->alt && mag != 0 ? "0x" : "";
	case 'X':
		return sp->alt && mag != 0 ? "0X" : "";
	case 'p':
		return sp->plus ? "+0x" : sp->space ? " 0x" : "0x";
	default:
		return "";  /* u and o have no sign; #o is a leading 0 digit */
	}
}

/*
 * Print an integer conversion of magnitude mag (negative if neg):
 *
 *     [spaces] prefix [zeros] digits [spaces]
 *
 * The zeros come from the precision, from # with %o, and from the 0 flag.
 */
static void print_integer(struct sink *o, const struct spec *sp,
			  uint64_t mag, bool neg)
{
	const char *prefix = integer_prefix(sp, mag, neg);
	char digits[DIGITS_MAX];
	int ndigits, nzeros, len;

	/* A precision of 0 prints the value 0 as no digits at all. */
	if (mag == 0 && sp->prec == 0)
		ndigits = 0;
	else
		ndigits = to_digits(digits, mag, base_of(sp->conv),
				    sp->conv == 'X');
	nzeros = sp->prec > ndigits ? sp->prec - ndigits : 0;

	/* #o: make the first digit a 0, unless it already is one. */
	if (sp->conv == 'o' && sp->alt && nzeros == 0 &&
	    (mag != 0 || ndigits == 0))
		nzeros = 1;

	len = bounded_len(prefix, -1) + nzeros + ndigits;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {
		nzeros += sp->width - len;
		len = sp->width;
	}

	if (!sp->left)
		put_repeat(o, ' ', sp->width - len);
	put_bytes(o, prefix, bounded_len(prefix, -1));
	put_repeat(o, '0', nzeros);
	while (ndigits > 0)
		put(o, digits[--ndigits]);
	if (sp->left)
		put_repeat(o, ' ', sp->width - len);
}

/* --- Fetching arguments --- */

/* The argument of a d or i conversion, as its length modifier says. */
static int64_t fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_Z:         /* the signed type as wide as size_t */
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

/* The argument of a u, o, x or X conversion. */
static uint64_t fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_Z:         /* and the unsigned type as wide as ptrdiff_t */
	case LEN_T:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* --- Parsing a specification --- */

/* Read decimal digits at *pp, advancing it; saturates at FIELD_MAX. */
static int parse_decimal(const char **pp)
{
	const char *p = *pp;
	int n = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		/* Stop growing before n * 10 could overflow. */
		if (n <= FIELD_MAX / 10)
			n = n * 10 + (*p - '0');
		else
			n = FIELD_MAX;
	}
	*pp = p;
	return n < FIELD_MAX ? n : FIELD_MAX;
}

/* Clamp a * width or precision into 0..FIELD_MAX, folding in the sign. */
static int clamp_field(int v)
{
	if (v < -FIELD_MAX)
		return FIELD_MAX;
	if (v < 0)
		return -v;
	return v > FIELD_MAX ? FIELD_MAX : v;
}

static const char *parse_length(const char *p, enum length *len)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			*len = LEN_HH;
			return p + 2;
		}
		*len = LEN_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			*len = LEN_LL;
			return p + 2;
		}
		*len = LEN_L;
		return p + 1;
	case 'z':
		*len = LEN_Z;
		return p + 1;
	case 'j':
		*len = LEN_J;
		return p + 1;
	case 't':
		*len = LEN_T;
		return p + 1;
	default:
		*len = LEN_NONE;
		return p;
	}
}

/*
 * Parse the specification that starts just after a %, taking any * width
 * or precision from ap. Returns a pointer to the conversion character.
 */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	sp->left = sp->zero = sp->plus = sp->space = sp->alt = false;
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else if (*p == '+')
			sp->plus = true;
		else if (*p == ' ')
			sp->space = true;
		else if (*p == '#')
			sp->alt = true;
		else
			break;
	}

	if (*p == '*') {
		int w = va_arg(*ap, int);

		if (w < 0)
			sp->left = true;
		sp->width = clamp_field(w);
		p++;
	} else {
		sp->width = parse_decimal(&p);
	}

	sp->prec = -1;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int prec = va_arg(*ap, int);

			sp->prec = prec < 0 ? -1 : clamp_field(prec);
			p++;
		} else {
			sp->prec = parse_decimal(&p);
		}
	}

	p = parse_length(p, &sp->len);
	sp->conv = *p;
	return p;
}

/* --- Conversions --- */

/* Print the n bytes at s in the field, padding with spaces. */
static void print_padded(struct sink *o, const struct spec *sp,
			 const char *s, int n)
{
	if (!sp->left)
		put_repeat(o, ' ', sp->width - n);
	put_bytes(o, s, n);
	if (sp->left)
		put_repeat(o, ' ', sp->width - n);
}

static void print_string(struct sink *o, const struct spec *sp, const char *s)
{
	/* glibc prints "(null)" only if the precision lets all of it out. */
	if (s == NULL)
		s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
	/* Never look past the precision: s need not be NUL-terminated. */
	print_padded(o, sp, s, bounded_len(s, sp->prec));
}

static void print_pointer(struct sink *o, const struct spec *sp, void *p)
{
	if (p == NULL)
		print_padded(o, sp, "(nil)", 5);
	else
		print_integer(o, sp, (uintptr_t)p, false);
}

/*
 * Print the conversion sp describes, taking its argument from ap.
 * Returns false, having printed nothing, if sp is not a conversion.
 */
static bool convert(struct sink *o, const struct spec *sp, va_list *ap)
{
	int64_t v;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		v = fetch_signed(sp->len, ap);
		/* 0 - (uint64_t)v is right even for the most negative v. */
		print_integer(o, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v,
			      v < 0);
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		print_integer(o, sp, fetch_unsigned(sp->len, ap), false);
		return true;
	}

	/* Length modifiers are for integers only; %lc and %ls are wide. */
	if (sp->len != LEN_NONE)
		return false;
	switch (sp->conv) {
	case 'c':
		c = (char)va_arg(*ap, int);
		print_padded(o, sp, &c, 1);
		return true;
	case 's':
		print_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'p':
		print_pointer(o, sp, va_arg(*ap, void *));
		return true;
	case '%':
		put(o, '%');
		return true;
	default:
		return false;
	}
}

int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
{
	struct sink o = { out, arg, 0 };
	struct spec sp;
	const char *p = fmt, *start;
	va_list args;

	/*
	 * The helpers take a va_list * so that what they consume stays
	 * consumed. &ap will not do: on x86-64 va_list is an array type, so
	 * the parameter ap is really a pointer. A copy is a true va_list.
	 */
	va_copy(args, ap);
	while (*p != '\0') {
		if (*p != '%') {
			put(&o, *p++);
			continue;
		}
		start = p;
		p = parse_spec(p + 1, &sp, &args);
		if (*p != '\0')
			p++;
		/* Not a conversion: copy its text (see the top of the file). */
		if (!convert(&o, &sp, &args))
			put_bytes(&o, start, (int)(p - start));
	}
	va_end(args);
	return o.count;
}
