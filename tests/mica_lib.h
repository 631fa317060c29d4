/*
 * The lib/ headers as the tests see them.
 *
 * lib/ defines snprintf, memcpy, strlen... and so does the host C library
 * that the test programs run on, so the Makefile compiles lib/ with
 * -Dsnprintf=mica_snprintf and so on (its RENAMED list). Include this
 * after every host header: it declares lib's functions under those mica_
 * names and then drops the macros, so in a test "snprintf" is the host's
 * and "mica_snprintf" is the one under test.
 *
 * Keep the #defines here in step with RENAMED in the Makefile. A name
 * missing on either side fails the build (undefined or undeclared
 * mica_ function) rather than quietly testing the host's version.
 */
#ifndef TESTS_MICA_LIB_H
#define TESTS_MICA_LIB_H

#define vformat mica_vformat
#define vsnprintf mica_vsnprintf
#define snprintf mica_snprintf
#define memcpy mica_memcpy
#define memmove mica_memmove
#define memset mica_memset
#define memcmp mica_memcmp
#define strlen mica_strlen
#define strnlen mica_strnlen
#define strcmp mica_strcmp
#define strncmp mica_strncmp
#define strchr mica_strchr
#define strrchr mica_strrchr
#define strlcpy mica_strlcpy
#define strlcat mica_strlcat

/* Quoted and found through -iquote, so <string.h> stays the host's. */
#include "errstr.h"
#include "format.h"
#include "string.h"

#undef vformat
#undef vsnprintf
#undef snprintf
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strlcpy
#undef strlcat

#endif
