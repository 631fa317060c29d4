/*
 * snprintf() and vsnprintf() on top of vformat(): the output goes into a
 * buffer, cut to fit, and the return value is what the whole output
 * would have been, as C99 says.
 */
#include "format.h"

/* vsnprintf's output buffer: size bytes at buf, len characters so far. */
struct strbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void strbuf_putc(void *arg, char c)
{
	struct strbuf *b = arg;

	/* Keep the last byte for the NUL, but count everything. */
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, size, 0 };
	int n;

	n = vformat(strbuf_putc, &b, fmt, ap);
	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
