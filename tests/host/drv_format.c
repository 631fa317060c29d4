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

static int format_words(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mica_vformat(collect, NULL, fmt, ap);
	va_end(ap);
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
