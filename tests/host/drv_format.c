/*
 * Host check of lib/format.c: vformat() on formats and arguments the
 * parent chooses, which checks the output against the C library's.
 *   "F FORMAT NSTRINGS [STRING]* NWORDS [WORD]*"
 *       FORMAT and the strings in hex; each WORD is a 32-bit argument
 *       word, or "sK" for a pointer to string K, or "n" for NULL.
 *   answer: RESULT OUTPUT (hex)
 * The arguments are passed as i386 passes them, one 32-bit word each (a
 * 64-bit argument is two, low word first), so a variadic call with
 * NWORDS words gives vformat() exactly the va_list a real call would.
 *
 * The kernel links no libgcc, so a vformat() that divides 64-bit
 * numbers with "/" or "%" (calls to __udivdi3 and friends on i386) is
 * wrong even where it prints right: this program defines those helpers
 * itself, working, and answers "fatal" when one was called from inside
 * vformat(). (The runtime's own decimal printing uses them too, outside.)
 */
#include <stdarg.h>
#include <string.h>

#include "hostcheck.h"
#include <mica/types.h>

#include "mica_lib.h"

#define MAX_ARG_WORDS 24
#define MAX_STRINGS 8

const char hc_driver[] = "format";

static char output[8192];
static size_t output_len;
static int output_calls;

void hc_hello_extra(void)
{
}

static void collect(void *arg, char c)
{
	(void)arg;
	if (output_len < sizeof(output))
		output[output_len] = c;
	output_len++;
	output_calls++;
}

/* Set while vformat() runs; the libgcc helper it called, if any. */
static int in_vformat;
static const char *libgcc_called;

static void note_libgcc(const char *name)
{
	if (in_vformat && libgcc_called == NULL)
		libgcc_called = name;
}

/* Binary long division, one bit at a time: no helper needed for it. */
static uint64_t divide(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	int bit;

	if (d == 0)
		hc_fatal("64-bit division by zero");
	for (bit = 63; bit >= 0; bit--) {
		r = r << 1 | ((n >> bit) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << bit;
		}
	}
	*rem = r;
	return q;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* libgcc's names, as gcc calls them for 64-bit / and % on i386. */
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	note_libgcc("__udivdi3");
	return divide(n, d, &r);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	note_libgcc("__umoddi3");
	divide(n, d, &r);
	return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
	uint64_t r, q;

	note_libgcc("__divdi3");
	q = divide(magnitude(n), magnitude(d), &r);
	return (n < 0) != (d < 0) ? (int64_t)(0 - q) : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d)
{
	uint64_t r;

	note_libgcc("__moddi3");
	divide(magnitude(n), magnitude(d), &r);
	return n < 0 ? (int64_t)(0 - r) : (int64_t)r;
}

static int format_words(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	in_vformat = 1;
	r = mica_vformat(collect, NULL, fmt, ap);
	in_vformat = 0;
	va_end(ap);
	if (libgcc_called != NULL)
		hc_fatal(libgcc_called[2] == 'u' ?
			 "vformat() divides 64-bit numbers with / or % (it called libgcc's "
			 "__udivdi3 or __umoddi3, which the kernel does not link)" :
			 "vformat() divides signed 64-bit numbers with / or % (it called libgcc's "
			 "__divdi3 or __moddi3, which the kernel does not link)");
	return r;
}

int hc_handle(int argc, char **argv)
{
	static char fmt[1024], strings[MAX_STRINGS][256];
	u32_t w[MAX_ARG_WORDS];
	int nstrings, nwords, i, k, r;
	size_t n;

	if (argc < 4 || strcmp(argv[0], "F") != 0)
		return -1;
	n = hc_bytes(argv[1], fmt, sizeof(fmt) - 1);
	fmt[n] = '\0';
	nstrings = (int)hc_int(argv[2]);
	if (nstrings < 0 || nstrings > MAX_STRINGS || argc < 4 + nstrings)
		return -1;
	for (i = 0; i < nstrings; i++) {
		n = hc_bytes(argv[3 + i], strings[i], sizeof(strings[i]) - 1);
		strings[i][n] = '\0';
	}
	k = 3 + nstrings;
	nwords = (int)hc_int(argv[k++]);
	if (nwords < 0 || nwords > MAX_ARG_WORDS || argc != k + nwords)
		return -1;
	memset(w, 0, sizeof(w));
	for (i = 0; i < nwords; i++) {
		const char *a = argv[k + i];

		if (a[0] == 's')
			w[i] = (u32_t)(uintptr_t)strings[(int)hc_int(a + 1) % MAX_STRINGS];
		else if (a[0] == 'n')
			w[i] = 0;
		else
			w[i] = hc_u32(a);
	}
	output_len = 0;
	output_calls = 0;
	r = format_words(fmt, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9],
			 w[10], w[11], w[12], w[13], w[14], w[15], w[16], w[17], w[18], w[19],
			 w[20], w[21], w[22], w[23]);
	hc_put_int(r);
	hc_put_bytes(output, output_len < sizeof(output) ? output_len : sizeof(output));
	return 0;
}
