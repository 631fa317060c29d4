/*
 * The child side of a host check (grade/hostcheck.py runs it).
 *
 * A host check is one program: a driver (drv_*.c), this runtime, fakes
 * of the hole file's neighbours, and the hole file under test, compiled
 * for the host as 32-bit code (so the kernel's u32_t addresses are
 * pointers, as on Mica). The grader, the parent, writes one request per
 * line on the child's stdin and reads one answer per line on its stdout;
 * it picks the requests at random from a seed it logs and checks every
 * answer against its own model. Nothing the child says about itself
 * counts: not its exit status, not a summary, only answers to requests
 * it could not know in advance.
 *
 * Before any code of the hole file can run, the runtime puts the process
 * in seccomp's strict mode (from .preinit_array, which the grader makes
 * sure the hole file does not add to): from then on it may only read
 * and write the pipes it already has and exit. So the code under test
 * cannot run another program (the grader's own model, say), open files
 * or talk to anyone; an attempt kills the child and fails the check.
 *
 * Words in requests and answers are decimal numbers, or bytes written as
 * hex ("x" then two digits a byte, "x" alone for none), separated by
 * single spaces.
 */
#ifndef TESTS_HOST_HOSTCHECK_H
#define TESTS_HOST_HOSTCHECK_H

#include <stddef.h>
#include <stdint.h>

#define HC_MAX_WORDS 512

/* What a driver defines: its name (the first answer is "hello NAME",
 * followed by whatever hc_hello_extra() adds) and its request handler,
 * which answers with hc_put_*() and returns 0, or -1 for a request it
 * does not understand. */
extern const char hc_driver[];
void hc_hello_extra(void);
int hc_handle(int argc, char **argv);

/* Reading words of a request. */
int64_t hc_int(const char *word);
uint32_t hc_u32(const char *word);
uint64_t hc_u64(const char *word);
size_t hc_bytes(const char *word, void *buf, size_t max);  /* from hex */

/* Writing words of the answer; the runtime ends the line. */
void hc_put_int(int64_t v);
void hc_put_u64(uint64_t v);
void hc_put_bytes(const void *buf, size_t n);
void hc_put_word(const char *s);

/* What the code under test printed (its printf goes here, see
 * fake_print.c), for drivers that check it. */
extern char hc_console[4096];
extern size_t hc_console_len;
extern int hc_console_calls;   /* printf calls */
void hc_console_reset(void);

/* The code under test went wrong in a way the driver cannot answer for
 * (a panic, say): send "fatal TEXT" as the answer and end the child. */
void hc_fatal(const char *what) __attribute__((noreturn));

/* End the child at once (the runtime's only way out: exit_group is not
 * allowed in strict mode). */
void hc_exit(int status) __attribute__((noreturn));

#endif
