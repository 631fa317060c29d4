/*
 * What the in-QEMU test programs share: checks that print a FAIL line
 * (which the grader catches) instead of stopping, and helpers to start
 * a copy of the same program in another role.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <libsys.h>

static int failures;

/*
 * A FAIL line names what was checked and where: the line in the test
 * program. The helpers below that check something take their caller's
 * line (they are macros over a function given HERE), so a failure never
 * points into this file.
 */
#define HERE __FILE__, __LINE__

/* got == want, for plain numbers (counts, addresses, endpoints). */
#define CHECK_EQ(what, got, want) check_eq((what), (got), (want), 0, HERE)
/* got == want, for results that are OK or an error code: both values
 * are printed with their names. */
#define CHECK_ERR(what, got, want) check_eq((what), (got), (want), 1, HERE)

static inline void check_eq(const char *what, int got, int want, int codes,
                            const char *file, int line)
{
	if (got == want)
		return;
	if (codes)
		printf("FAIL %s: got %d (%s), want %d (%s) at %s:%d\n", what,
		       got, errstr(got), want, errstr(want), file, line);
	else
		printf("FAIL %s: got %d, want %d at %s:%d\n", what, got, want,
		       file, line);
	failures++;
}

#define CHECK(what, cond) do { \
	if (!(cond)) { \
		printf("FAIL %s: %s is false at %s:%d\n", (what), #cond, HERE); \
		failures++; \
	} \
} while (0)

/* Free pages now (VM_INFO), for tests that memory comes back. */
static inline u32_t free_pages(void)
{
	struct mess_vm_info info;

	if (vm_info(&info) != OK)
		panic("VM_INFO failed");
	return info.free_pages;
}

/* The kernel's counters (GET_KSTATS). */
static inline struct kstats stats(void)
{
	struct kstats k;

	memset(&k, 0, sizeof(k));
	CHECK_EQ("kstats", sys_getinfo(GET_KSTATS, &k, sizeof(k), NULL), (int)sizeof(k));
	return k;
}

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

/* Wait for a helper to end and check how: not killed, and with this
 * exit status (a helper's status says which of its checks failed). */
#define finish_helper(what, e, want_status) \
	finish_helper_at((what), (e), (want_status), HERE)

static inline void finish_helper_at(const char *what, endpoint_t e, int want_status,
                                    const char *file, int line)
{
	int status = -1, killed = -1, r = vm_wait(e, &status, &killed);

	if (r != OK)
		printf("FAIL %s: vm_wait: %s at %s:%d\n", what, errstr(r), file, line);
	else if (killed)
		printf("FAIL %s: killed, status %d at %s:%d\n", what, status, file, line);
	else if (status != want_status)
		printf("FAIL %s: exit status %d, want %d at %s:%d\n", what, status,
		       want_status, file, line);
	else
		return;
	failures++;
}

/* Let every other runnable process run for a while: wait for a CLOCK
 * alarm. Used to make sure a helper has reached its blocking call.
 * Without alarms there is nothing to wait for: give up at once. */
#define pause_ticks(n) pause_ticks_at((n), HERE)

static inline void pause_ticks_at(u32_t n, const char *file, int line)
{
	message m;
	int r;

	if ((r = sys_setalarm(n, NULL)) != OK)
		panic("cannot pause at %s:%d: SYS_SETALARM: %s", file, line, errstr(r));
	check_eq("pause", receive(CLOCK, &m), OK, 1, file, line);
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
