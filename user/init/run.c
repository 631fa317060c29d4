/*
 * Starting programs from the boot modules, waiting for them, and ending
 * what they leave behind.
 *
 * A program init starts is a job: init waits for it (run) or reports its
 * end later (run ... &). When any process ends, VM hands its children to
 * init; those are orphans. Init reaps every child with VM_WAIT for ANY
 * without blocking (VM notifies it when another ends), so it can watch
 * the console at the same time (Ctrl-C), and when a job ends it ends the
 * orphans that are still running: a program does not outlive itself
 * through its children.
 */
#include "init.h"

/* Halt statuses: QEMU passes on seven bits, and 0x70-0x7f are taken
 * (include/mica/callnr.h), so a program's own status above
 * STATUS_OTHER becomes STATUS_OTHER. */
#define STATUS_OTHER  0x6f   /* a program failed with a larger status */
#define STATUS_KILLED 0x7e   /* a program was killed */

#define MAX_JOBS 8

struct job {
	endpoint_t endpt;        /* 0: unused */
	char cmdline[VM_CMDLINE_MAX];
};

static struct job jobs[MAX_JOBS];

static struct job *job_of(endpoint_t e)
{
	int i;

	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].endpt == e && e != 0)
			return &jobs[i];
	return NULL;
}

/* Start cmdline ("name args...") as a job; its endpoint or an error. */
endpoint_t job_start(const char *cmdline)
{
	endpoint_t e;
	int i;

	for (i = 0; i < MAX_JOBS && jobs[i].endpt != 0; i++)
		;
	if (i == MAX_JOBS)
		return EBUSY;
	if ((e = vm_spawn(cmdline)) < 0)
		return e;
	jobs[i].endpt = e;
	strlcpy(jobs[i].cmdline, cmdline, sizeof(jobs[i].cmdline));
	return e;
}

/*
 * End every child of init that is not a job: what the job `who` left
 * behind. Their own children come to init as they end, so look again
 * until none is left.
 */
static void end_leftovers(const char *who)
{
	struct procinfo info[NR_PROCS];
	int i, n, ended = 0, found = 1, rounds;

	for (rounds = 0; found && rounds < NR_PROCS; rounds++) {
		found = 0;
		n = sys_getinfo(GET_PROCTAB, info, sizeof(info), NULL);
		for (i = 0; i < n; i++) {
			if (info[i].parent != INIT_PROC_NR || (info[i].flags & PROCINFO_EXITING) ||
			    job_of(info[i].endpt) != NULL)
				continue;
			if (vm_kill(info[i].endpt, 0) == OK) {
				ended++;
				found = 1;
			}
		}
	}
	if (ended > 0)
		printf("init: ended %d process%s left behind by %s\n", ended,
		       ended == 1 ? "" : "es", who);
}

/*
 * Take the status of every child that has ended, without waiting (VM
 * notifies init when the next one does). A job that ends is reported by
 * report(), or, if it is fg, handed back in *status and *killed; then
 * what it left behind is ended. Orphans' statuses are just taken.
 * Returns 1 if fg has ended.
 */
static int reap(endpoint_t fg, int *status, int *killed, job_report_fn *report)
{
	char cmdline[VM_CMDLINE_MAX];
	struct job *j;
	endpoint_t who;
	int st, k, fg_ended = 0;

	while (vm_waitfor(ANY, 1, &who, &st, &k) == OK) {
		if ((j = job_of(who)) == NULL)
			continue;   /* an orphan */
		strlcpy(cmdline, j->cmdline, sizeof(cmdline));
		j->endpt = 0;
		if (who == fg) {
			*status = st;
			*killed = k;
			fg_ended = 1;
		} else if (report != NULL) {
			report(cmdline, who, st, k);
		}
		end_leftovers(cmdline);
	}
	return fg_ended;
}

/* Wait for what comes next: a notification (VM: a child ended; SYSTEM:
 * console input), or a message from some process, which gets EINVAL
 * (init serves no requests) so that a SENDREC to it ends. Returns who it
 * came from (NONE if the receive failed). */
endpoint_t take_event(void)
{
	endpoint_t from;
	message m;

	if (receive(ANY, &m) != OK)
		return NONE;
	from = m.m_source;
	if (m.m_type != NOTIFY_MESSAGE) {
		message_clear(&m);
		m.m_type = EINVAL;
		sendnb(from, &m);
	}
	return from;
}

/*
 * Run cmdline to its end. While it runs, interrupted (if not NULL) is
 * asked after every event whether to stop it (Ctrl-C); other jobs that
 * end meanwhile go to report. Returns OK with the status, or the error
 * that kept it from starting.
 */
int run_program(const char *cmdline, int *status, int *killed, int (*interrupted)(void),
                job_report_fn *report)
{
	endpoint_t fg = job_start(cmdline);

	if (fg < 0)
		return fg;
	while (!reap(fg, status, killed, report)) {
		if (interrupted != NULL && interrupted())
			vm_kill(fg, 0);
		else
			take_event();
	}
	return OK;
}

/* Background jobs that have ended, for the prompt: reported, not waited
 * for. Also asks VM to notify init when the next child ends. */
void reap_jobs(job_report_fn *report)
{
	int status, killed;

	reap(NONE, &status, &killed, report);
}

/* A module's command line without the directories of its file: the
 * program's name and arguments, as `run` takes them. */
const char *module_name(const char *cmdline)
{
	const char *name = cmdline, *p;

	for (p = cmdline; *p != '\0' && *p != ' '; p++)
		if (*p == '/')
			name = p + 1;
	return name;
}

/* The program modules: those after init itself. Returns how many. */
int program_modules(struct bootmodule *mods, int max)
{
	struct bootmodule all[BOOT_MODULES_MAX];
	int i, n, first = -1, count = 0;
	const char *name;

	n = sys_getinfo(GET_MODULES, all, sizeof(all), NULL);
	for (i = 0; i < n; i++) {
		if (first >= 0) {
			if (count < max)
				mods[count++] = all[i];
			continue;
		}
		name = module_name(all[i].cmdline);
		if (strncmp(name, "init", 4) == 0 && (name[4] == ' ' || name[4] == '\0'))
			first = i + 1;
	}
	return count;
}

/*
 * Run each program module with its own arguments, one after the other.
 * The result is 0 when all exited with 0, else the first failure's
 * status (STATUS_KILLED for a killed program, at most STATUS_OTHER).
 */
int run_all(void)
{
	struct bootmodule mods[BOOT_MODULES_MAX];
	int i, n, r, status, killed, result = 0;

	n = program_modules(mods, BOOT_MODULES_MAX);
	for (i = 0; i < n; i++) {
		printf("init: run %s\n", mods[i].cmdline);
		r = run_program(mods[i].cmdline, &status, &killed, NULL, NULL);
		if (r != OK) {
			printf("init: cannot run %s: %s\n", mods[i].cmdline, errstr(r));
			status = 1, killed = 0;
		} else if (killed) {
			printf("init: %s was killed\n", mods[i].cmdline);
		} else {
			printf("init: %s exited with status %d\n", mods[i].cmdline, status);
		}
		if (result == 0 && (killed || status != 0))
			result = killed ? STATUS_KILLED :
			         status > STATUS_OTHER ? STATUS_OTHER : status;
	}
	return result;
}
