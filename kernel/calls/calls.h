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

/*
 * Every kernel call: its number, its handler (do_xxx.c), whether the
 * handler writes results into the message (replies), and whether it
 * also changes state (effect: see struct kcall). The one list, from which
 * the handlers' prototypes below, call_table (table.c) and the tests'
 * fake handlers are made.
 */
#define EVERY_KERNEL_CALL(X) \
	X(SYS_DIAG_WRITE, do_diag_write, 0, 0) \
	X(SYS_GETINFO,    do_getinfo,    1, 0) \
	X(SYS_EXIT,       do_exit,       0, 0) \
	X(SYS_UPTIME,     do_uptime,     1, 0) \
	X(SYS_SETALARM,   do_setalarm,   1, 1) \
	X(SYS_VIRCOPY,    do_vircopy,    0, 0) \
	X(SYS_NEWPROC,    do_newproc,    1, 0) \
	X(SYS_RELEASE,    do_release,    0, 0) \
	X(SYS_KILL,       do_kill,       0, 0) \
	X(SYS_HALT,       do_halt,       0, 0) \
	X(SYS_CONSREAD,   do_consread,   0, 0) \
	X(SYS_TESTHOOK,   do_testhook,   0, 0) \
	X(SYS_VMCTL,      do_vmctl,      0, 0) \
	X(SYS_SETGRANT,   do_setgrant,   0, 0) \
	X(SYS_SAFECOPY,   do_safecopy,   0, 0) \
	X(SYS_VSAFECOPY,  do_vsafecopy,  0, 0)

/* One kernel call, as kcall.c dispatches it (call_table, in table.c). */
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

#define HANDLER_PROTOTYPE(nr, handler, replies, effect) \
	int handler(struct proc *caller, message *m);
EVERY_KERNEL_CALL(HANDLER_PROTOTYPE)
#undef HANDLER_PROTOTYPE
int safecopy(struct proc *caller, const struct mess_safecopy *sc, int share);

extern int testhooks_enabled;
extern const phys_bytes *vm_pagedirs;
int valid_pagedir(phys_bytes pd);
int take_pagedir(struct proc *p);

#endif
