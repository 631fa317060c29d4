/*
 * Memory and string functions for the kernel and user space.
 *
 * The usual C library ones, plus BSD's strlcpy/strlcat for copying into
 * fixed-size buffers. They must exist under these exact names even in the
 * kernel: gcc emits calls to memcpy, memmove, memset and memcmp on its own
 * (struct copies, large initialisers).
 */
#ifndef MICA_STRING_H
#define MICA_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copy src into the size-byte buffer dst, truncating if need be, and
 * NUL-terminate it if size > 0. Returns strlen(src): the copy was cut
 * short iff the result is >= size.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

/*
 * Append src to the string in the size-byte buffer dst, truncating if need
 * be; the result is NUL-terminated unless dst had no NUL in its first size
 * bytes, in which case nothing is written. Returns the length of the string
 * it tried to make, strnlen(dst, size) + strlen(src): the result
 * was cut short iff that is >= size.
 */
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);

#endif
