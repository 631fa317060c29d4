/*
 * printf for user programs. Output is collected into whole lines and
 * each line goes to the console in one SYS_DIAG_WRITE, so lines from
 * different processes do not mix.
 */
#include "libsys.h"

#define LINE_MAX 1024   /* longer lines go out in pieces */

struct line {
	char buf[LINE_MAX];
	size_t len;
};

static void flush(struct line *l)
{
	if (l->len > 0)
		sys_diag_write(l->buf, l->len);
	l->len = 0;
}

static void put(void *arg, char c)
{
	struct line *l = arg;

	l->buf[l->len++] = c;
	if (c == '\n' || l->len == LINE_MAX)
		flush(l);
}

int vprintf(const char *fmt, va_list ap)
{
	struct line l = { .len = 0 };
	int n = vformat(put, &l, fmt, ap);

	flush(&l);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
