/* The interactive prompt on the console. */
#include "init.h"

#define LINE_LEN 120

static void echo(const char *s, size_t n)
{
	sys_diag_write(s, n);
}

/* The next typed character; waits for input by receiving the NOTIFY the
 * kernel sends when characters arrive. Input read ahead is kept for the
 * next call. */
static char next_char(void)
{
	static char in[64];
	static int len, pos;
	message m;

	while (pos == len) {
		pos = 0;
		if ((len = sys_consread(in, sizeof(in))) < 0)
			panic("consread: %s", errstr(len));
		if (len == 0)
			receive(ANY, &m);
	}
	return in[pos++];
}

/* Read a line typed on the console, echoing it. */
static void read_line(char *line, size_t size)
{
	size_t len = 0;
	char c;

	for (;;) {
		c = next_char();
		if (c == '\r' || c == '\n') {
			echo("\n", 1);
			line[len] = '\0';
			return;
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

static void cmd_programs(void)
{
	struct bootmodule mods[MAX_MODULES];
	int i, n = program_modules(mods, MAX_MODULES);

	if (n == 0)
		printf("no program modules were booted\n");
	for (i = 0; i < n; i++)
		printf("  %s\n", mods[i].cmdline);
}

static void cmd_run(const char *cmdline)
{
	int r, status, killed;

	if (*cmdline == '\0') {
		printf("usage: run NAME [ARGS...]   (see 'programs')\n");
		return;
	}
	r = run_program(cmdline, &status, &killed);
	if (r != OK)
		printf("run: %s: %s\n", cmdline, errstr(r));
	else if (killed)
		printf("run: %s was killed\n", cmdline);
	else
		printf("run: %s exited with status %d\n", cmdline, status);
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
		printf("%u of %u pages free (%u KiB), %u processes\n", info.free_pages,
		       info.total_pages, info.free_pages * 4, info.procs);
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
	       "  run NAME [ARGS]    run a program and wait for it\n"
	       "  uptime             time since boot\n"
	       "  mem                free memory\n"
	       "  halt [STATUS]      stop the machine\n");
}

void shell(void)
{
	char line[LINE_LEN];
	const char *arg;

	printf("\nWelcome to Mica. Type 'help' for the commands.\n");
	for (;;) {
		printf("mica> ");
		read_line(line, sizeof(line));
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
		else if (strcmp(line, "uptime") == 0)
			cmd_uptime();
		else if (strcmp(line, "mem") == 0)
			cmd_mem();
		else if (strncmp(line, "halt", 4) == 0 && (line[4] == ' ' || line[4] == '\0'))
			cmd_halt(arg);
		else
			printf("%s: unknown command (try 'help')\n", line);
	}
}
