/*
 * The runtime of a host-check child: lock the process down, then answer
 * requests, one line each, until "q" or the end of stdin. See
 * hostcheck.h for the protocol, and grade/hostcheck.py for the parent.
 *
 * Only raw system calls are used here (int $0x80, i386 numbers), never
 * libc's wrappers: the code under test is linked into this program and
 * could define a function called write() or prctl() of its own.
 */
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "hostcheck.h"

#define SYS_EXIT      1
#define SYS_READ      3
#define SYS_WRITE     4
#define SYS_SETRLIMIT 75
#define SYS_PRCTL     172

#define RLIMIT_CPU_NR 0
/* Seconds of CPU the child may use: the parent ends it after 10 s of
 * wall time (grade/hostcheck.py, DEFAULT_TIMEOUT), but a parent that is
 * killed itself cannot, and a child looping in the code under test
 * would spin for ever in its session of its own. The kernel kills it
 * here instead. */
#define CPU_LIMIT 30

#define LINE_MAX_BYTES (256 * 1024)

static long sys3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

void hc_exit(int status)
{
	for (;;)
		sys3(SYS_EXIT, status, 0, 0);
}

static void write_all(const char *p, size_t n)
{
	long r;

	while (n > 0) {
		r = sys3(SYS_WRITE, 1, (long)p, (long)n);
		if (r <= 0)
			hc_exit(3);
		p += r;
		n -= (size_t)r;
	}
}

/* Runs before the C library calls any constructor, and before main. */
static void lockdown(void)
{
	static const char msg[] = "nosandbox seccomp strict mode is not available\n";
	static const unsigned long cpu[2] = { CPU_LIMIT, CPU_LIMIT };   /* soft, hard */

	sys3(SYS_SETRLIMIT, RLIMIT_CPU_NR, (long)cpu, 0);

	if (sys3(SYS_PRCTL, PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0) != 0) {
		write_all(msg, sizeof(msg) - 1);
		hc_exit(4);
	}
}

__attribute__((section(".preinit_array"), used))
static void (*const lockdown_entry)(void) = lockdown;

/* --- The answer being built --- */

static char out[LINE_MAX_BYTES];
static size_t out_len;
static int out_words;

static void put_raw(const char *s, size_t n)
{
	if (out_len + n + 2 > sizeof(out))
		hc_fatal("answer too long");
	while (n-- > 0)
		out[out_len++] = *s++;
}

static void put_sep(void)
{
	if (out_words++ > 0)
		put_raw(" ", 1);
}

void hc_put_word(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	put_sep();
	put_raw(s, n);
}

/* v in decimal at the end of buf[24], with a - if neg. */
static const char *decimal(char *buf, uint64_t v, int neg)
{
	int i = 23;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (neg)
		buf[--i] = '-';
	return buf + i;
}

void hc_put_u64(uint64_t v)
{
	char buf[24];

	hc_put_word(decimal(buf, v, 0));
}

void hc_put_int(int64_t v)
{
	char buf[24];

	hc_put_word(decimal(buf, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0));
}

void hc_put_bytes(const void *buf, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = buf;
	char pair[2];

	put_sep();
	put_raw("x", 1);
	for (; n > 0; n--, p++) {
		pair[0] = hex[*p >> 4];
		pair[1] = hex[*p & 15];
		put_raw(pair, 2);
	}
}

static void end_answer(void)
{
	out[out_len++] = '\n';
	write_all(out, out_len);
	out_len = 0;
	out_words = 0;
}

void hc_fatal(const char *what)
{
	size_t n = 0;

	out_len = 0;
	out_words = 0;
	while (what[n] != '\0')
		n++;
	hc_put_word("fatal");
	hc_put_bytes(what, n);
	end_answer();
	hc_exit(2);
}

/* --- Reading requests --- */

int64_t hc_int(const char *w)
{
	int neg = (*w == '-');
	uint64_t v = hc_u64(w + neg);

	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

uint64_t hc_u64(const char *w)
{
	uint64_t v = 0;

	for (; *w >= '0' && *w <= '9'; w++)
		v = v * 10 + (uint64_t)(*w - '0');
	return v;
}

uint32_t hc_u32(const char *w)
{
	return (uint32_t)hc_int(w);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t hc_bytes(const char *w, void *buf, size_t max)
{
	unsigned char *p = buf;
	size_t n = 0;
	int hi, lo;

	if (*w++ != 'x')
		return 0;
	while (n < max && (hi = hexval(w[0])) >= 0 && (lo = hexval(w[1])) >= 0) {
		p[n++] = (unsigned char)(hi << 4 | lo);
		w += 2;
	}
	return n;
}

/* --- The loop --- */

static char in[LINE_MAX_BYTES];
static size_t in_len, in_used;

/* The next request line, NUL-terminated, or NULL at the end of input. */
static char *next_line(void)
{
	size_t i;
	long r;

	for (;;) {
		for (i = in_used; i < in_len; i++) {
			if (in[i] == '\n') {
				char *line = in + in_used;

				in[i] = '\0';
				in_used = i + 1;
				return line;
			}
		}
		if (in_used > 0) {   /* move the partial line to the front */
			for (i = in_used; i < in_len; i++)
				in[i - in_used] = in[i];
			in_len -= in_used;
			in_used = 0;
		}
		if (in_len == sizeof(in))
			hc_fatal("request too long");
		r = sys3(SYS_READ, 0, (long)(in + in_len), (long)(sizeof(in) - in_len));
		if (r <= 0)
			return NULL;
		in_len += (size_t)r;
	}
}

int main(void)
{
	static char *words[HC_MAX_WORDS];
	char *line, *p;
	int n;

	hc_put_word("hello");
	hc_put_word(hc_driver);
	hc_hello_extra();
	end_answer();
	while ((line = next_line()) != NULL) {
		n = 0;
		for (p = line; *p != '\0' && n < HC_MAX_WORDS;) {
			while (*p == ' ')
				*p++ = '\0';
			if (*p == '\0')
				break;
			words[n++] = p;
			while (*p != ' ' && *p != '\0')
				p++;
		}
		if (n == 1 && words[0][0] == 'q' && words[0][1] == '\0')
			break;
		hc_console_reset();
		if (n == 0 || hc_handle(n, words) != 0)
			hc_fatal("bad request");
		end_answer();
	}
	hc_exit(0);
}
