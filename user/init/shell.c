/* The interactive prompt on the console. */
#include "init.h"

#define LINE_LEN 120

static void echo(const char *s, size_t n)
{
	sys_diag_write(s, n);
}

#define CTRL_C 0x03

/* Typed input not yet read by the prompt: the console's, taken ahead
 * while a program runs, so that Ctrl-C can be seen then. */
static char typed[256];
static int typed_len, typed_pos;

/* Take what the console has into typed[]; returns how much came. */
static int take_input(void)
{
	int n;

	if (typed_pos == typed_len)
		typed_pos = typed_len = 0;
	if (typed_len == (int)sizeof(typed))
		return 0;   /* full: the rest waits in the kernel */
	if ((n = sys_consread(typed + typed_len, sizeof(typed) - typed_len)) < 0)
		panic("consread: %s", errstr(n));
	typed_len += n;
	return n;
}

/* A background job has ended: say so at the prompt. */
static void report_job(const char *cmdline, endpoint_t e, int status, int killed)
{
	if (killed)
		printf("run: %s (%d) was killed\n", cmdline, e);
	else
		printf("run: %s (%d) exited with status %d\n", cmdline, e, status);
}

/* The next typed character; waits for input by receiving the NOTIFY the
 * kernel sends when characters arrive. Background jobs that end
 * meanwhile are reported. */
static char next_char(void)
{
	while (typed_pos == typed_len) {
		if (take_input() > 0)
			break;
		if (take_event() == VM_PROC_NR)
			reap_jobs(report_job);
	}
	return typed[typed_pos++];
}

/* While a program runs: was Ctrl-C typed? It is taken, with everything
 * typed before it; what comes after waits for the prompt. */
static int interrupted(void)
{
	int i;

	take_input();
	for (i = typed_len - 1; i >= typed_pos; i--) {
		if (typed[i] == CTRL_C) {
			typed_pos = i + 1;
			echo("^C\n", 3);
			return 1;
		}
	}
	return 0;
}

/* Read a line typed on the console, echoing it. Ctrl-C drops the line:
 * returns 0 then, 1 for a line. */
static int read_line(char *line, size_t size)
{
	size_t len = 0;
	char c;

	for (;;) {
		c = next_char();
		if (c == '\r' || c == '\n') {
			echo("\n", 1);
			line[len] = '\0';
			return 1;
		} else if (c == CTRL_C) {
			echo("^C\n", 3);
			return 0;
		} else if ((c == 0x7f || c == '\b') && len > 0) {
			len--;
			echo("\b \b", 3);
		} else if (c >= ' ' && c < 0x7f && len + 1 < size) {
			line[len++] = c;
			echo(&c, 1);
		}
	}
}

static const char *state_name(u32_t flags)
{
	if (flags == 0)
		return "ready";
	if (flags & 0x10)
		return "exiting";
	if (flags & 0x08)
		return "pagefault";
	if (flags & 0x02)
		return "sending";
	if (flags & 0x04)
		return "receiving";
	return "blocked";
}

static void cmd_ps(void)
{
	struct procinfo info[NR_PROCS];
	int i, n = sys_getinfo(GET_PROCTAB, info, sizeof(info), NULL);

	printf("%-10s %-10s %-15s %-10s %s\n", "ENDPOINT", "PARENT", "NAME", "STATE", "TICKS");
	for (i = 0; i < n; i++)
		printf("%-10d %-10d %-15s %-10s %u\n", info[i].endpt, info[i].parent,
		       info[i].name, state_name(info[i].flags), info[i].ticks);
}

/* The names `run` takes, without the modules' arguments. */
static void cmd_programs(void)
{
	struct bootmodule mods[BOOT_MODULES_MAX];
	int i, n = program_modules(mods, BOOT_MODULES_MAX);
	const char *name, *end;

	if (n == 0)
		printf("no program modules were booted\n");
	for (i = 0; i < n; i++) {
		name = module_name(mods[i].cmdline);
		end = strchr(name, ' ');
		printf("  %.*s\n", end != NULL ? (int)(end - name) : (int)strlen(name), name);
	}
}

/* run NAME [ARGS] [&]: with &, in the background. */
static void cmd_run(char *cmdline)
{
	size_t len = strlen(cmdline);
	int r, status, killed;
	endpoint_t e;

	if (len > 0 && cmdline[len - 1] == '&') {
		while (len > 0 && (cmdline[len - 1] == '&' || cmdline[len - 1] == ' '))
			cmdline[--len] = '\0';
		if (len == 0)
			printf("usage: run NAME [ARGS...] [&]\n");
		else if ((e = job_start(cmdline)) < 0)
			printf("run: %s: %s\n", cmdline, errstr(e));
		else
			printf("run: started %s as %d\n", cmdline, e);
		reap_jobs(report_job);   /* and be told when it ends */
		return;
	}
	if (len == 0) {
		printf("usage: run NAME [ARGS...] [&]   (see 'programs')\n");
		return;
	}
	r = run_program(cmdline, &status, &killed, interrupted, report_job);
	if (r != OK)
		printf("run: %s: %s\n", cmdline, errstr(r));
	else if (killed)
		printf("run: %s was killed\n", cmdline);
	else
		printf("run: %s exited with status %d\n", cmdline, status);
}

/* The endpoint a decimal argument names, or NONE. */
static endpoint_t arg_endpoint(const char *s)
{
	endpoint_t e = 0;

	if (*s == '\0')
		return NONE;
	for (; *s >= '0' && *s <= '9' && e < 100000000; s++)
		e = e * 10 + (*s - '0');
	return *s == '\0' ? e : NONE;
}

/* kill WHAT: end a process, by endpoint, or every one of that name. */
static void cmd_kill(const char *what)
{
	struct procinfo info[NR_PROCS];
	int i, n, r, found = 0;

	if (*what == '\0') {
		printf("usage: kill ENDPOINT|NAME\n");
		return;
	}
	n = sys_getinfo(GET_PROCTAB, info, sizeof(info), NULL);
	for (i = 0; i < n; i++) {
		if (strcmp(info[i].name, what) != 0 && info[i].endpt != arg_endpoint(what))
			continue;
		found = 1;
		if ((r = vm_kill(info[i].endpt, 0)) == OK)
			printf("kill: %s(%d) ended\n", info[i].name, info[i].endpt);
		else
			printf("kill: %s(%d): %s\n", info[i].name, info[i].endpt, errstr(r));
	}
	if (!found)
		printf("kill: no process %s\n", what);
}

static void cmd_uptime(void)
{
	u64_t ticks;
	u32_t hz;

	u32_t t;

	/* 32 bits of ticks last 497 days at 100 Hz; no 64-bit division in
	 * a freestanding program. */
	if (sys_uptime(&ticks, &hz) == OK) {
		t = (u32_t)ticks;
		printf("up %u.%02u seconds (%u ticks at %u Hz)\n", t / hz,
		       t % hz * 100 / hz, t, hz);
	}
}

static void cmd_mem(void)
{
	struct mess_vm_info info;

	if (vm_info(&info) == OK)
		printf("%u of %u pages free (%u KiB), %u processes; VM keeps %u for itself\n",
		       info.free_pages, info.total_pages, info.free_pages * 4, info.procs,
		       info.vm_pages);
}

/* halt [STATUS]: STATUS is 0..255, default 0. */
static void cmd_halt(const char *arg)
{
	int status = 0;

	for (; *arg >= '0' && *arg <= '9' && status <= 255; arg++)
		status = status * 10 + (*arg - '0');
	if (*arg != '\0' || status > 255) {
		printf("usage: halt [STATUS]   (STATUS 0..255)\n");
		return;
	}
	sys_halt(status);
}

static void help(void)
{
	printf("commands:\n"
	       "  help               this list\n"
	       "  ps                 the process table\n"
	       "  programs           the programs 'run' can start\n"
	       "  run NAME [ARGS]    run a program and wait for it (Ctrl-C stops it)\n"
	       "  run NAME [ARGS] &  run it in the background\n"
	       "  kill ENDPOINT|NAME end a process\n"
	       "  uptime             time since boot\n"
	       "  mem                free memory\n"
	       "  ds [get|put|del]   look inside DS, the data store ('ds help')\n"
	       "  halt [STATUS]      stop the machine\n");
}

void shell(void)
{
	char line[LINE_LEN];
	char *arg;

	printf("\nWelcome to Mica. Type 'help' for the commands.\n");
	for (;;) {
		printf("mica> ");
		if (!read_line(line, sizeof(line)))
			continue;
		for (arg = line; *arg != '\0' && *arg != ' '; arg++)
			;
		while (*arg == ' ')
			arg++;
		if (line[0] == '\0')
			continue;
		else if (strncmp(line, "help", 4) == 0)
			help();
		else if (strcmp(line, "ps") == 0)
			cmd_ps();
		else if (strcmp(line, "programs") == 0)
			cmd_programs();
		else if (strncmp(line, "run ", 4) == 0 || strcmp(line, "run") == 0)
			cmd_run(arg);
		else if (strncmp(line, "kill ", 5) == 0 || strcmp(line, "kill") == 0)
			cmd_kill(arg);
		else if (strcmp(line, "uptime") == 0)
			cmd_uptime();
		else if (strcmp(line, "mem") == 0)
			cmd_mem();
		else if (strncmp(line, "ds", 2) == 0 && (line[2] == ' ' || line[2] == '\0'))
			cmd_ds(arg);
		else if (strncmp(line, "halt", 4) == 0 && (line[4] == ' ' || line[4] == '\0'))
			cmd_halt(arg);
		else
			printf("%s: unknown command (try 'help')\n", line);
	}
}
