/*
 * Memory and string functions (see string.h).
 *
 * Plain byte-at-a-time loops: simple to check, and fast enough here,
 * but for memcpy and memset: VM copies whole program images with them,
 * and every message the kernel or a server builds is zeroed first, so
 * they move four bytes a step with the string instructions (rep movsl,
 * rep stosl; then the last 0-3 bytes one at a time). A byte loop costs
 * three instructions a byte; under QEMU's -icount a rep iteration counts
 * as one. The kernel clears the direction flag on every entry (entry.S),
 * and the C ABI keeps it clear in programs.
 * Bytes are compared as unsigned char, as C requires.
 */
#include <stdint.h>

#include "string.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t words = n / 4, bytes = n % 4;

	__asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(bytes) : : "memory");
	return dst;
}

/*
 * Like memcpy, but the areas may overlap. If dst is above src, a forward
 * copy would overwrite bytes of src before reading them, so copy backward.
 */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Compare as integers: < on pointers into different objects is UB. */
	if ((uintptr_t)d <= (uintptr_t)s) {
		while (n-- > 0)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n-- > 0)
			*--d = *--s;
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	size_t words = n / 4, bytes = n % 4;
	unsigned int fill = (unsigned char)c * 0x01010101u;

	__asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(fill) : "memory");
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(fill) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Never reads s[max] or beyond: s need not be NUL-terminated. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++)
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

/* The terminating NUL counts as part of s, so strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);
	size_t n;

	if (size > 0) {
		n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	/*
	 * With no NUL in dst's first size bytes, dlen == size: strlcpy gets
	 * size 0, writes nothing, and the sum is still the wanted length.
	 */
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}
