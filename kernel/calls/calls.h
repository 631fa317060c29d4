/* Kernel-call handlers: one per file, do_<call>.c. */
#ifndef KERNEL_CALLS_H
#define KERNEL_CALLS_H

#include "../kernel.h"

/* Call masks: the calls each kind of process may make. */
#define CALL_BIT(n)  (1u << (n))
#define USER_CALLS   (CALL_BIT(SYS_DIAG_WRITE) | CALL_BIT(SYS_GETINFO) | \
                      CALL_BIT(SYS_EXIT) | CALL_BIT(SYS_UPTIME) | \
                      CALL_BIT(SYS_SETALARM) | CALL_BIT(SYS_SETGRANT) | \
                      CALL_BIT(SYS_SAFECOPY) | CALL_BIT(SYS_VSAFECOPY))
#define SYSTEM_CALLS (USER_CALLS | CALL_BIT(SYS_HALT) | CALL_BIT(SYS_CONSREAD))

/* One kernel call, as kcall.c dispatches it (the table is in table.c). */
struct kcall {
	int (*handler)(struct proc *caller, message *m);
	int replies;   /* the handler writes results into the message */
	int effect;    /* ...and changes state: the reply is proved writable
	                  before it runs, so that it never runs twice. VM's
	                  calls (NEWPROC, VMCTL) need not: VM is never
	                  suspended and restarted (vm_can_fix), and its
	                  buffers are its own */
};
extern const struct kcall call_table[NR_SYS_CALLS];

int do_diag_write(struct proc *caller, message *m);
int do_getinfo(struct proc *caller, message *m);
int do_exit(struct proc *caller, message *m);
int do_uptime(struct proc *caller, message *m);
int do_setalarm(struct proc *caller, message *m);
int do_vircopy(struct proc *caller, message *m);
int do_newproc(struct proc *caller, message *m);
int do_release(struct proc *caller, message *m);
int do_kill(struct proc *caller, message *m);
int do_halt(struct proc *caller, message *m);
int do_consread(struct proc *caller, message *m);
int do_testhook(struct proc *caller, message *m);
int do_vmctl(struct proc *caller, message *m);
int do_setgrant(struct proc *caller, message *m);
int do_safecopy(struct proc *caller, message *m);
int do_vsafecopy(struct proc *caller, message *m);
int safecopy(struct proc *caller, const struct mess_safecopy *sc, int share);

extern int testhooks_enabled;
extern const phys_bytes *vm_pagedirs;
int valid_pagedir(phys_bytes pd);
int take_pagedir(struct proc *p);

#endif
