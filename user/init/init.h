/* init: the first process VM starts after itself. */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include <libsys.h>

#define MAX_MODULES 16

/* run.c */
int run_program(const char *cmdline, int *status, int *killed);
int program_modules(struct bootmodule *mods, int max);
int run_all(void);

/* shell.c */
void shell(void) __attribute__((noreturn));

#endif
