/* init: the first process VM starts after itself. */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include <libsys.h>


/* run.c: jobs (programs init started) and what they leave behind */
typedef void job_report_fn(const char *cmdline, endpoint_t e, int status, int killed);
endpoint_t job_start(const char *cmdline);
int run_program(const char *cmdline, int *status, int *killed, int (*interrupted)(void),
                job_report_fn *report);
void reap_jobs(job_report_fn *report);
endpoint_t take_event(void);
const char *module_name(const char *cmdline);
int program_modules(struct bootmodule *mods, int max);
int run_all(void);

/* ds.c: the prompt's ds command */
void cmd_ds(char *args);

/* shell.c */
void shell(void) __attribute__((noreturn));

#endif
