/*
 * Tests for lib/format.c.
 *
 * Most cases come from one table: each row is a format and one argument
 * (plus up to two * arguments), run through both the host's snprintf and
 * ours; the output and the return value must match. Every row is also
 * run into buffers of every size from 0 to one past the full length, to
 * check truncation. Behaviour that is ours by design (unknown conversions)
 * is checked against fixed expectations instead.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "suite.h"
#include "mica_lib.h"

/*
 * Calls written out below use formats gcc rightly finds odd ("%-05d",
 * "%y", "%5"): that is the point, so do not let -Wformat stop the build.
 */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define BUFSZ 512

/* --- The comparison table --- */

enum kind {
	K_NONE, K_INT, K_UINT, K_LONG, K_ULONG, K_LLONG, K_ULLONG,
	K_SIZE, K_PTRDIFF, K_INTMAX, K_UINTMAX, K_PTR, K_STR,
};

struct fmt_case {
	const char *fmt;
	int nstar;              /* how many int * arguments come first */
	int star[2];
	enum kind kind;         /* the type of the argument after them */
	long long i;            /* value for signed kinds */
	unsigned long long u;   /* value for unsigned kinds */
	const void *p;          /* value for K_PTR and K_STR */
};

/* One macro per argument type; I1, I2, S1... take * arguments first. */
#define N(f)         { f, 0, { 0, 0 }, K_NONE, 0, 0, NULL }
#define I(f, x)      { f, 0, { 0, 0 }, K_INT, (x), 0, NULL }
#define I1(f, a, x)  { f, 1, { a, 0 }, K_INT, (x), 0, NULL }
#define I2(f, a, b, x) { f, 2, { a, b }, K_INT, (x), 0, NULL }
#define U(f, x)      { f, 0, { 0, 0 }, K_UINT, 0, (x), NULL }
#define U1(f, a, x)  { f, 1, { a, 0 }, K_UINT, 0, (x), NULL }
#define L(f, x)      { f, 0, { 0, 0 }, K_LONG, (x), 0, NULL }
#define UL(f, x)     { f, 0, { 0, 0 }, K_ULONG, 0, (x), NULL }
#define LL(f, x)     { f, 0, { 0, 0 }, K_LLONG, (x), 0, NULL }
#define ULL(f, x)    { f, 0, { 0, 0 }, K_ULLONG, 0, (x), NULL }
#define ULL2(f, a, b, x) { f, 2, { a, b }, K_ULLONG, 0, (x), NULL }
#define Z(f, x)      { f, 0, { 0, 0 }, K_SIZE, 0, (x), NULL }
#define T(f, x)      { f, 0, { 0, 0 }, K_PTRDIFF, (x), 0, NULL }
#define J(f, x)      { f, 0, { 0, 0 }, K_INTMAX, (x), 0, NULL }
#define UJ(f, x)     { f, 0, { 0, 0 }, K_UINTMAX, 0, (x), NULL }
#define P(f, x)      { f, 0, { 0, 0 }, K_PTR, 0, 0, (const void *)(x) }
#define P1(f, a, x)  { f, 1, { a, 0 }, K_PTR, 0, 0, (const void *)(x) }
#define S(f, x)      { f, 0, { 0, 0 }, K_STR, 0, 0, (x) }
#define S1(f, a, x)  { f, 1, { a, 0 }, K_STR, 0, 0, (x) }
#define S2(f, a, b, x) { f, 2, { a, b }, K_STR, 0, 0, (x) }

static const char long_string[] =
	"The quick brown fox jumps over the lazy dog, "
	"and then it does it again for good measure.";

static const struct fmt_case cases[] = {
	/* Plain text and %% */
	N(""),
	N("hello, world"),
	N("100%%"),
	N("%%%%"),
	N("%5%|"),
	N("%-5%|"),
	N("a%%b%%c"),

	/* %d and %i: signs, widths, flags */
	I("%d", 0),
	I("%d", 1),
	I("%d", -1),
	I("%d", 42),
	I("%i", -42),
	I("%d", INT_MAX),
	I("%d", INT_MIN),
	I("%i", INT_MIN),
	I("%5d|", 42),
	I("%5d|", -42),
	I("%-5d|", 42),
	I("%-5d|", -42),
	I("%05d", 42),
	I("%05d", -42),
	I("%+d", 42),
	I("%+d", -42),
	I("%+d", 0),
	I("% d", 42),
	I("% d", -42),
	I("%+ d", 42),
	I("% +d", 42),
	I("%-05d|", 42),
	I("%+05d", 42),
	I("% 05d", 42),
	I("%1d", 12345),
	I("%2d", -12345),
	I("%012d", INT_MIN),
	I("%-+12d|", INT_MIN),
	I("%#d", 42),

	/* Precision with integers */
	I("%.3d", 7),
	I("%.3d", -7),
	I("%.1d", 1234),
	I("%.0d", 0),
	I("%.0d", 1),
	I("%.d", 0),
	I("%5.0d|", 0),
	I("%-5.0d|", 0),
	I("%+.0d", 0),
	I("% .0d", 0),
	I("%8.3d|", -7),
	I("%-8.3d|", -7),
	I("%08.3d", 7),
	I("%08.3d", -7),
	I("%+.5d", 42),
	I("%.12d", INT_MIN),
	U("%.0u", 0),
	U("%.0x", 0),
	U("%.0o", 0),
	U("%5.0x|", 0),

	/* %u %x %X %o */
	U("%u", 0),
	U("%u", 42),
	U("%u", UINT_MAX),
	U("%+u", 42),
	U("% u", 42),
	U("%x", 0),
	U("%x", 0xdeadbeef),
	U("%X", 0xdeadbeef),
	U("%x", UINT_MAX),
	U("%o", 0),
	U("%o", 8),
	U("%o", UINT_MAX),
	U("%08x", 0xbeef),
	U("%-8x|", 0xbeef),
	U("%8X|", 0xbeef),
	U("%.6x", 0xbeef),
	U("%+x", 255),
	U("% X", 255),

	/* The # flag */
	U("%#x", 0),
	U("%#x", 255),
	U("%#X", 255),
	U("%#o", 0),
	U("%#o", 8),
	U("%#o", 0777),
	U("%#.0x", 0),
	U("%#.0o", 0),
	U("%#.3o", 8),
	U("%#.2o", 8),
	U("%#.5x", 255),
	U("%#10x|", 255),
	U("%#-10x|", 255),
	U("%#010x", 255),
	U("%#010X", 255),
	U("%#05o", 8),
	U("%#5o|", 0),
	U("%#u", 42),

	/* Length modifiers */
	I("%hhd", 300),
	I("%hhd", -129),
	I("%hhd", 127),
	I("%hhd", -128),
	I("%hhu", -1),
	I("%hhx", 0x1ff),
	I("%hhi", 200),
	I("%hd", 70000),
	I("%hd", -32769),
	I("%hu", -1),
	I("%hx", 0x12345),
	I("%#ho", 0x10008),
	L("%ld", LONG_MAX),
	L("%ld", LONG_MIN),
	L("%li", -1L),
	UL("%lu", ULONG_MAX),
	UL("%lx", ULONG_MAX),
	UL("%#lo", 01234567),
	LL("%lld", 0),
	LL("%lld", LLONG_MAX),
	LL("%lld", LLONG_MIN),
	LL("%lli", -1234567890123LL),
	LL("%+lld", 1LL << 40),
	LL("%025lld", LLONG_MIN),
	LL("%-25lld|", LLONG_MIN),
	LL("%.22lld", LLONG_MIN),
	ULL("%llu", ULLONG_MAX),
	ULL("%llx", ULLONG_MAX),
	ULL("%llX", 0x0123456789abcdefULL),
	ULL("%llo", ULLONG_MAX),
	ULL("%#llo", ULLONG_MAX),
	ULL("%#llx", 1ULL << 63),
	ULL("%llu", 10000000000000000000ULL),
	ULL("%llu", 4294967296ULL),
	ULL("%llu", 4294967295ULL),
	ULL("%llu", 999999999999999999ULL),
	Z("%zu", SIZE_MAX),
	Z("%zx", 0x1000),
	Z("%zd", (size_t)-5),
	T("%td", PTRDIFF_MIN),
	T("%tx", -1),
	J("%jd", INTMAX_MIN),
	UJ("%ju", UINTMAX_MAX),

	/* * width and precision, including negative ones */
	I1("%*d|", 6, 42),
	I1("%*d|", -6, 42),
	I1("%-*d|", 6, 42),
	I1("%-*d|", -6, 42),
	I1("%0*d", 6, -42),
	I1("%0*d|", -6, 42),
	I1("%*d|", 0, 42),
	I1("%.*d", 5, 42),
	I1("%.*d", -1, 42),
	I1("%.*d", -5, 0),
	I1("%.*d|", 0, 0),
	I1("%0.*d", -1, 42),
	I2("%*.*d|", 8, 4, -42),
	I2("%*.*d|", -8, 4, -42),
	I2("%0*.*d|", 8, -1, -42),
	I2("%-*.*d|", 3, 0, 0),
	U1("%#*x|", 10, 255),
	ULL2("%*.*llu|", -25, 22, ULLONG_MAX),
	S1("%*s|", 6, "abc"),
	S1("%*s|", -6, "abc"),
	S1("%.*s|", 2, "abc"),
	S1("%.*s|", -1, "abc"),
	S1("%.*s|", 0, "abc"),
	S2("%*.*s|", 6, 2, "abc"),
	S2("%*.*s|", -6, 2, "abc"),

	/* %c (passed as int) */
	I("%c", 'x'),
	I("%5c|", 'x'),
	I("%-5c|", 'x'),
	I("%05c|", 'x'),
	I("%.0c|", 'x'),
	I("%c", 0x141),
	I("[%c]", '\0'),
	I("%3c|", '\0'),

	/* %s */
	S("%s", ""),
	S("%s", "abc"),
	S("%s|", long_string),
	S("%5s|", "abc"),
	S("%-5s|", "abc"),
	S("%2s|", "abcdef"),
	S("%05s|", "abc"),
	S("%.2s|", "abcdef"),
	S("%.0s|", "abcdef"),
	S("%.10s|", "abc"),
	S("%8.3s|", "abcdef"),
	S("%-8.3s|", "abcdef"),
	S("%+s|", "abc"),
	S("% s|", "abc"),
	S("%#s|", "abc"),
	S("%.40s|", long_string),

	/* %s of NULL */
	S("%s|", NULL),
	S("%10s|", NULL),
	S("%-10s|", NULL),
	S("%.6s|", NULL),
	S("%.7s|", NULL),
	S("%.5s|", NULL),
	S("%.0s|", NULL),
	S("%8.3s|", NULL),
	S1("%.*s|", -1, NULL),

	/* %p */
	P("%p", NULL),
	P("%p", 0x1234),
	P("%p", 1),
	P("%p", UINTPTR_MAX),
	P("%p", long_string),
	P("%20p|", 0xabc),
	P("%-20p|", 0xabc),
	P("%020p|", 0xabc),
	P("%.8p", 0xabc),
	P("%+p", 0xabc),
	P("% p", 0xabc),
	P("%#p", 0xabc),
	P("%10p|", NULL),
	P("%-10p|", NULL),
	P("%010p|", NULL),
	P("%.3p|", NULL),
	P("%.0p|", 0x10),
	P("%+p", NULL),
	P1("%*p|", -12, 0xabc),

	/* Several conversions, text in between */
	I("x=%d, done", 3),
	S("<%s> and 100%% <%%5s>", "one"),
	I("%%d%d%%d", 5),
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

typedef int (*snprintf_fn)(char *, size_t, const char *, ...);

/* Call fn with c's * arguments, then its value as an argument of type T. */
#define CALL(fn, buf, size, c, T, v)                                      \
	((c)->nstar == 0 ? fn(buf, size, (c)->fmt, (T)(v)) :              \
	 (c)->nstar == 1 ? fn(buf, size, (c)->fmt, (c)->star[0], (T)(v)) : \
	 fn(buf, size, (c)->fmt, (c)->star[0], (c)->star[1], (T)(v)))

/* Format case c with fn (the host's snprintf or ours). */
static int run_case(snprintf_fn fn, char *buf, size_t size,
		    const struct fmt_case *c)
{
	switch (c->kind) {
	case K_NONE:    return CALL(fn, buf, size, c, int, 0);
	case K_INT:     return CALL(fn, buf, size, c, int, c->i);
	case K_UINT:    return CALL(fn, buf, size, c, unsigned int, c->u);
	case K_LONG:    return CALL(fn, buf, size, c, long, c->i);
	case K_ULONG:   return CALL(fn, buf, size, c, unsigned long, c->u);
	case K_LLONG:   return CALL(fn, buf, size, c, long long, c->i);
	case K_ULLONG:
		return CALL(fn, buf, size, c, unsigned long long, c->u);
	case K_SIZE:    return CALL(fn, buf, size, c, size_t, c->u);
	case K_PTRDIFF: return CALL(fn, buf, size, c, ptrdiff_t, c->i);
	case K_INTMAX:  return CALL(fn, buf, size, c, intmax_t, c->i);
	case K_UINTMAX: return CALL(fn, buf, size, c, uintmax_t, c->u);
	case K_PTR:     return CALL(fn, buf, size, c, const void *, c->p);
	case K_STR:     return CALL(fn, buf, size, c, const char *, c->p);
	}
	ck_abort_msg("bad kind %d", c->kind);
	return -1;
}

/* Row _i of the table, into a big buffer: same text, same return value. */
START_TEST(test_table)
{
	const struct fmt_case *c = &cases[_i];
	char want[BUFSZ], got[BUFSZ];
	int wn, gn;

	wn = run_case(snprintf, want, sizeof want, c);
	memset(got, 'X', sizeof got);
	gn = run_case(mica_snprintf, got, sizeof got, c);
	ck_assert_msg(wn >= 0 && wn < BUFSZ, "case \"%s\" too long", c->fmt);
	ck_assert_msg(gn == wn && memcmp(got, want, wn + 1) == 0,
		      "\"%s\": got \"%s\" (%d), want \"%s\" (%d)",
		      c->fmt, got, gn, want, wn);
}
END_TEST

/*
 * Row _i of the table into buffers of every size from 0 to one past the
 * full length: the return value stays the full length, the buffer holds a
 * NUL-terminated prefix of the output, and nothing past size is touched.
 */
START_TEST(test_table_truncated)
{
	const struct fmt_case *c = &cases[_i];
	char want[BUFSZ], got[BUFSZ];
	size_t size, kept, k;
	int wn, gn;

	wn = run_case(snprintf, want, sizeof want, c);
	for (size = 0; size <= (size_t)wn + 1; size++) {
		memset(got, 'X', sizeof got);
		gn = run_case(mica_snprintf, got, size, c);
		ck_assert_msg(gn == wn, "\"%s\" size %zu: returned %d, want %d",
			      c->fmt, size, gn, wn);
		if (size == 0) {
			ck_assert_msg(got[0] == 'X', "size 0 wrote a byte");
			continue;
		}
		kept = size - 1 < (size_t)wn ? size - 1 : (size_t)wn;
		ck_assert_msg(memcmp(got, want, kept) == 0 && got[kept] == '\0',
			      "\"%s\" size %zu: got \"%.*s\"", c->fmt, size,
			      (int)size, got);
		for (k = size; k < sizeof got; k++)
			ck_assert_msg(got[k] == 'X', "\"%s\" size %zu: wrote "
				      "byte %zu", c->fmt, size, k);
	}
}
END_TEST

/* --- Truncation, spelled out --- */

START_TEST(test_size_zero)
{
	char buf[4] = "abc";

	ck_assert_int_eq(mica_snprintf(buf, 0, "%d", 12345), 5);
	ck_assert_str_eq(buf, "abc");
	/* With size 0 the buffer is never touched, so NULL is fine. */
	ck_assert_int_eq(mica_snprintf(NULL, 0, "%s!", "hello"), 6);
}
END_TEST

START_TEST(test_size_one)
{
	char buf[4] = "abc";

	ck_assert_int_eq(mica_snprintf(buf, 1, "%d", 12345), 5);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 'b');
}
END_TEST

START_TEST(test_exact_fit)
{
	char buf[8] = "XXXXXXX";

	/* "12345" and its NUL take all 6 bytes. */
	ck_assert_int_eq(mica_snprintf(buf, 6, "%d", 12345), 5);
	ck_assert_str_eq(buf, "12345");
	ck_assert_int_eq(buf[6], 'X');
}
END_TEST

START_TEST(test_one_short)
{
	char buf[8] = "XXXXXXX";

	/* One byte short: the last digit gives way to the NUL. */
	ck_assert_int_eq(mica_snprintf(buf, 5, "%d", 12345), 5);
	ck_assert_str_eq(buf, "1234");
	ck_assert_int_eq(buf[5], 'X');
}
END_TEST

START_TEST(test_truncated_padding)
{
	char buf[8];

	ck_assert_int_eq(mica_snprintf(buf, sizeof buf, "%-20s|", "ab"), 21);
	ck_assert_str_eq(buf, "ab     ");
	ck_assert_int_eq(mica_snprintf(buf, sizeof buf, "%020d", -1), 20);
	ck_assert_str_eq(buf, "-000000");
}
END_TEST

/* --- Reading no further than the precision --- */

/*
 * A page whose last bytes are "abc" with no NUL, followed by a page that
 * may not be touched: reading one byte too far kills the test (and Check,
 * forking, reports it as an error).
 */
static const char *unterminated_abc(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(mprotect(p + page, page, PROT_NONE), 0);
	memcpy(p + page - 3, "abc", 3);
	return p + page - 3;
}

START_TEST(test_precision_stops_reading)
{
	const char *s = unterminated_abc();
	char buf[16];

	ck_assert_int_eq(mica_snprintf(buf, sizeof buf, "%.3s", s), 3);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(mica_snprintf(buf, sizeof buf, "[%6.2s]", s), 8);
	ck_assert_str_eq(buf, "[    ab]");
	ck_assert_int_eq(mica_snprintf(buf, sizeof buf, "%-*.*s|", 5, 3, s), 6);
	ck_assert_str_eq(buf, "abc  |");
}
END_TEST

/* --- Not conversions: printed as written (see lib/format.c) --- */

/* Format into a buffer and check the text and the return value. */
#define EXPECT(want, ...)                                                \
	do {                                                             \
		char buf_[BUFSZ];                                        \
		int n_ = mica_snprintf(buf_, sizeof buf_, __VA_ARGS__);  \
		ck_assert_str_eq(buf_, want);                            \
		ck_assert_int_eq(n_, (int)strlen(want));                 \
	} while (0)

START_TEST(test_unknown_conversion)
{
	EXPECT("%y", "%y");
	EXPECT("a%yb", "a%yb");
	EXPECT("%-05.2y", "%-05.2y");
	EXPECT("%#+ 08.3y", "%#+ 08.3y");
	EXPECT("%lly", "%lly");
	EXPECT("%hy", "%hy");
	EXPECT("%Ld", "%Ld");
	EXPECT("%q", "%q");
	EXPECT("%f", "%f");
	EXPECT("%n", "%n");
	EXPECT("%5-d", "%5-d");
	/* Length modifiers are for integers: no wide %lc / %ls. */
	EXPECT("%lc", "%lc");
	EXPECT("%ls", "%ls");
	EXPECT("%zp", "%zp");
	EXPECT("%l%", "%l%");
}
END_TEST

START_TEST(test_unknown_consumes_nothing)
{
	/* The 7 is left for the %d that follows. */
	EXPECT("%y7", "%y%d", 7);
	EXPECT("%-5y:7", "%-5y:%d", 7);
	/* A * argument is taken while parsing, before %y turns out wrong. */
	EXPECT("%*y 42", "%*y %d", 3, 42);
	EXPECT("%.*y 42", "%.*y %d", 3, 42);
	EXPECT("%*.*lly 42", "%*.*lly %d", 3, 4, 42);
}
END_TEST

START_TEST(test_percent_at_end)
{
	EXPECT("%", "%");
	EXPECT("abc%", "abc%");
	EXPECT("%5", "%5");
	EXPECT("%-08.3", "%-08.3");
	EXPECT("%ll", "%ll");
	EXPECT("7%", "%d%", 7);
	EXPECT("%*", "%*", 3);
}
END_TEST

/* --- vformat --- */

struct collect {
	char buf[BUFSZ];
	int calls;
};

static void collect_putc(void *arg, char c)
{
	struct collect *col = arg;

	if (col->calls < BUFSZ - 1)
		col->buf[col->calls] = c;
	col->calls++;
}

static int collect(struct collect *col, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(col, 0, sizeof *col);
	va_start(ap, fmt);
	n = mica_vformat(collect_putc, col, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(test_vformat_count)
{
	struct collect col;
	char want[BUFSZ];
	int n;

	n = collect(&col, "");
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(col.calls, 0);

	n = collect(&col, "x=%5d, s=%-8s|%%|%p|%y", -42, "hi", (void *)0x10);
	ck_assert_str_eq(col.buf, "x=  -42, s=hi      |%|0x10|%y");
	ck_assert_int_eq(n, (int)strlen(col.buf));
	ck_assert_int_eq(n, col.calls);

	/* A NUL from %c is a character like any other. */
	n = collect(&col, "a%cb", 0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(col.calls, 3);
	ck_assert_int_eq(col.buf[1], '\0');

	n = collect(&col, "%s%s%s", long_string, long_string, long_string);
	snprintf(want, sizeof want, "%s%s%s", long_string, long_string,
		 long_string);
	ck_assert_int_eq(n, (int)strlen(want));
	ck_assert_int_eq(n, col.calls);
	ck_assert_str_eq(col.buf, want);
}
END_TEST

/* vsnprintf, through a function of our own that takes "...". */
static int my_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mica_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(test_vsnprintf)
{
	char buf[8];

	ck_assert_int_eq(my_snprintf(buf, sizeof buf, "%llx-%s", 0xabcULL,
				     "xyz"), 7);
	ck_assert_str_eq(buf, "abc-xyz");
	ck_assert_int_eq(my_snprintf(buf, 4, "%d%d", 123, 456), 6);
	ck_assert_str_eq(buf, "123");
}
END_TEST

/* Many arguments of mixed widths, to catch any va_list slip. */
START_TEST(test_many_arguments)
{
	char want[BUFSZ], got[BUFSZ];
	const char *fmt = "%d %lld %c %s %hhx %llu %p %zu %ld %*d %.*s %%%u";
	int wn, gn;

	wn = snprintf(want, sizeof want, fmt, -1, LLONG_MIN, 'q', "str",
		      0x1ff, ULLONG_MAX, (void *)want, (size_t)77, -5L, 4,
		      9, 2, "abcdef", 3u);
	gn = mica_snprintf(got, sizeof got, fmt, -1, LLONG_MIN, 'q', "str",
			   0x1ff, ULLONG_MAX, (void *)want, (size_t)77, -5L,
			   4, 9, 2, "abcdef", 3u);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(gn, wn);
}
END_TEST

/* Every value around powers of the bases, against the host. */
START_TEST(test_number_sweep)
{
	static const char *const fmts[] = { "%llu", "%llx", "%llo", "%lld" };
	char want[64], got[64];
	unsigned long long v;
	int bit, d, f;

	for (bit = 0; bit < 64; bit++) {
		for (d = -2; d <= 2; d++) {
			v = (1ULL << bit) + (unsigned long long)d;
			for (f = 0; f < 4; f++) {
				snprintf(want, sizeof want, fmts[f], v);
				mica_snprintf(got, sizeof got, fmts[f], v);
				ck_assert_msg(strcmp(got, want) == 0,
					      "%s of %llx: got %s, want %s",
					      fmts[f], v, got, want);
			}
		}
	}
	for (v = 1; v <= 10000000000000000000ULL; v *= 10) {
		snprintf(want, sizeof want, "%llu %llu", v - 1, v);
		mica_snprintf(got, sizeof got, "%llu %llu", v - 1, v);
		ck_assert_str_eq(got, want);
		if (v > ULLONG_MAX / 10)
			break;
	}
}
END_TEST

static Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc;

	tc = tcase_create("table");
	tcase_add_loop_test(tc, test_table, 0, NCASES);
	tcase_add_loop_test(tc, test_table_truncated, 0, NCASES);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_add_test(tc, test_size_zero);
	tcase_add_test(tc, test_size_one);
	tcase_add_test(tc, test_exact_fit);
	tcase_add_test(tc, test_one_short);
	tcase_add_test(tc, test_truncated_padding);
	tcase_add_test(tc, test_precision_stops_reading);
	suite_add_tcase(s, tc);

	tc = tcase_create("unknown");
	tcase_add_test(tc, test_unknown_conversion);
	tcase_add_test(tc, test_unknown_consumes_nothing);
	tcase_add_test(tc, test_percent_at_end);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_test(tc, test_vformat_count);
	tcase_add_test(tc, test_vsnprintf);
	tcase_add_test(tc, test_many_arguments);
	tcase_add_test(tc, test_number_sweep);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(format_suite());
}
