/* Starting programs from the boot modules and waiting for them. */
#include "init.h"

/* Halt statuses: QEMU passes on seven bits, and 0x70-0x7f are taken
 * (include/mica/callnr.h), so a program's own status above
 * STATUS_OTHER becomes STATUS_OTHER. */
#define STATUS_OTHER  0x6f   /* a program failed with a larger status */
#define STATUS_KILLED 0x7e   /* a program was killed */

/* Run cmdline ("name args...") to its end. */
int run_program(const char *cmdline, int *status, int *killed)
{
	endpoint_t child = vm_spawn(cmdline);

	if (child < 0)
		return child;
	return vm_wait(child, status, killed);
}

/* The program modules: those after init itself. Returns how many. */
int program_modules(struct bootmodule *mods, int max)
{
	struct bootmodule all[MAX_MODULES];
	int i, n, first = -1, count = 0;
	const char *name, *p;

	n = sys_getinfo(GET_MODULES, all, sizeof(all), NULL);
	for (i = 0; i < n; i++) {
		if (first >= 0) {
			if (count < max)
				mods[count++] = all[i];
			continue;
		}
		for (name = p = all[i].cmdline; *p != '\0' && *p != ' '; p++)
			if (*p == '/')
				name = p + 1;
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
	struct bootmodule mods[MAX_MODULES];
	int i, n, r, status, killed, result = 0;

	n = program_modules(mods, MAX_MODULES);
	for (i = 0; i < n; i++) {
		printf("init: run %s\n", mods[i].cmdline);
		r = run_program(mods[i].cmdline, &status, &killed);
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
