/*
 * What the in-QEMU test programs share: checks that print a FAIL line
 * (which the grader catches) instead of stopping, and helpers to start
 * a copy of the same program in another role.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <libsys.h>

static int failures;

/* Compare an int result, printing both values with their error names. */
#define CHECK_EQ(what, got, want) do { \
	int got_ = (got), want_ = (want); \
	if (got_ != want_) { \
		printf("FAIL %s: got %d (%s), want %d (%s) at %s:%d\n", (what), \
		       got_, errstr(got_), want_, errstr(want_), __FILE__, __LINE__); \
		failures++; \
	} \
} while (0)

#define CHECK(what, cond) do { \
	if (!(cond)) { \
		printf("FAIL %s: %s is false at %s:%d\n", (what), #cond, \
		       __FILE__, __LINE__); \
		failures++; \
	} \
} while (0)

/* SEND a message of the given type whose first word is word. */
static inline int send_type(endpoint_t to, int type, u32_t word)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.raw.w[0] = word;
	return send(to, &m);
}

/* Start "prog role arg..." and return its endpoint; a failure here ends
 * the test. */
static inline endpoint_t start_helper(const char *fmt, ...)
{
	char cmdline[VM_CMDLINE_MAX];
	endpoint_t e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmdline, sizeof(cmdline), fmt, ap);
	va_end(ap);
	if ((e = vm_spawn(cmdline)) < 0)
		panic("cannot start '%s': %s", cmdline, errstr(e));
	return e;
}

/* Wait for a helper to end and check how. */
static inline void finish_helper(const char *what, endpoint_t e, int want_status)
{
	int status = -1, killed = -1;

	CHECK_EQ(what, vm_wait(e, &status, &killed), OK);
	CHECK_EQ(what, killed, 0);
	CHECK_EQ(what, status, want_status);
}

/* Let every other runnable process run for a while: wait for a CLOCK
 * alarm. Used to make sure a helper has reached its blocking call.
 * Without alarms there is nothing to wait for: give up at once. */
static inline void pause_ticks(u32_t n)
{
	message m;
	int r;

	if ((r = sys_setalarm(n, NULL)) != OK)
		panic("cannot pause: SYS_SETALARM: %s", errstr(r));
	CHECK_EQ("pause", receive(CLOCK, &m), OK);
}

/* A decimal or negative number from an argument. */
static inline int arg_int(const char *s)
{
	int v = 0, neg = (*s == '-');

	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

/* End a test: one summary line the grader looks for. */
static inline int test_done(const char *name)
{
	if (failures == 0)
		printf("%s: ok\n", name);
	else
		printf("%s: %d FAILED\n", name, failures);
	return failures == 0 ? 0 : 1;
}

/* A test program's scenarios, chosen by the first argument. */
struct scenario {
	const char *name;
	void (*run)(void);
};

/* Run the scenario called mode; its summary line is "prog mode: ok". */
static inline int run_scenario(const char *prog, const struct scenario *list,
                               size_t count, const char *mode)
{
	char name[40];
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(mode, list[i].name) == 0) {
			list[i].run();
			snprintf(name, sizeof(name), "%s %s", prog, mode);
			return test_done(name);
		}
	}
	panic("unknown mode '%s'", mode);
}

#endif
