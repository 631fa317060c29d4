/*
 * Kernel call numbers (trap vector 32: eax = number, ebx = message
 * address; the result comes back in eax and, for calls that return data
 * in the message, in the message itself). The handler of each call is
 * kernel/calls/do_<name>.c, whose opening comment gives its fields and
 * errors. A process may make only the calls in its call mask.
 */
#ifndef MICA_CALLNR_H
#define MICA_CALLNR_H

#define SYS_DIAG_WRITE  0   /* print a buffer on the console */
#define SYS_GETINFO     1   /* who am I, process table, boot info */
#define SYS_EXIT        2   /* end the calling process */
#define SYS_UPTIME      3   /* ticks since boot and the tick rate */
#define SYS_SETALARM    4   /* NOTIFY from CLOCK after n ticks */
#define SYS_VIRCOPY     5   /* copy between two address spaces (VM) */
#define SYS_NEWPROC     6   /* make a process from VM-built tables (VM) */
#define SYS_RELEASE     7   /* free an exited process's slot (VM) */
#define SYS_KILL        8   /* end another process (VM) */
#define SYS_HALT        9   /* stop the machine with a status (init) */
#define SYS_CONSREAD   10   /* take console input typed so far */
#define SYS_TESTHOOK   11   /* make the kernel fail on purpose (tests only) */
#define SYS_VMCTL      12   /* VM's control of processes and tables (VM) */
#define SYS_SETGRANT   13   /* where the caller's grant table is */
#define SYS_SAFECOPY   14   /* copy from or to memory one was granted */
#define SYS_VSAFECOPY  15   /* several safecopies in one call */
#define NR_SYS_CALLS   16

/* SYS_VMCTL requests (m.vmctl.op). */
#define VMCTL_RESUME       1   /* endpt's page fault is handled: run it */
#define VMCTL_MEMREQ_DONE  2   /* answer endpt's memory request (result) */
#define VMCTL_TLB_CHANGED  3   /* endpt's table changed at addr, len bytes */
#define VMCTL_INHIBIT      4   /* stop endpt: VM is editing its tables */
#define VMCTL_UNINHIBIT    5   /* let it run again */
#define VMCTL_SET_SPACE    6   /* endpt now uses its directory in the shared table */
#define VMCTL_GET_SPACE    7   /* the directory endpt uses, to VM's memory at addr */
#define VMCTL_SHARE_PAGEDIRS 8 /* the table of directories is at pagedir (once) */
#define VMCTL_GRANTCHECK   9   /* check a grant for endpt (struct grant_check at addr) */

/* SYS_TESTHOOK requests (m.testhook.what); available to every process
 * only when the kernel's command line has the word "testhooks". */
#define TESTHOOK_PANIC 1   /* panic("test hook: ...") */
#define TESTHOOK_FAULT 2   /* read unmapped kernel memory: an exception */
#define TESTHOOK_TRACE 3   /* panic three known functions deep */
#define TESTHOOK_TRUST_MSGBUF 4  /* take the buffer at arg as a checked
                                    receive buffer (it may not be) */

/* SYS_GETINFO requests (m.getinfo.what). */
#define GET_WHOAMI    1   /* m.whoami: caller's endpoint, name, flags */
#define GET_PROCTAB   2   /* struct procinfo[] into buf */
#define GET_MODULES   3   /* struct bootmodule[] into buf; count returned */
#define GET_MEMMAP    4   /* struct memrange[] of free RAM; count returned */
#define GET_KPDES     5   /* the kernel's page-directory entries (VM) */
#define GET_PROCNAME  6   /* m.whoami for m.getinfo.endpt */
#define GET_KSTATS    7   /* struct kstats into buf */
#define GET_KLOG      8   /* the kernel log's last bytes into buf */

#define CONSOLE_LOG_MAX 8192   /* the kernel log keeps this many bytes */

/* The bit of procinfo.flags that says a process has ended and VM has
 * not yet taken its notice (RTS_EXITING in kernel/proc.h). */
#define PROCINFO_EXITING 0x10

/* What GET_PROCTAB returns for each used slot. */
struct procinfo {
	endpoint_t endpt;
	endpoint_t parent;
	u32_t flags;      /* RTS_* bits: why it cannot run (0: runnable) */
	u32_t priority;
	u32_t ticks;      /* clock ticks spent running */
	char name[16];
};

/* A boot module: a program image in physical memory. The kernel keeps
 * the first BOOT_MODULES_MAX (vm, ds, init and the programs). */
#define BOOT_MODULES_MAX 32
struct bootmodule {
	phys_bytes start, end;
	char cmdline[120];
};

struct memrange {
	phys_bytes base, size;
};

struct kstats {
	u32_t kernel_calls, ipc_calls, context_switches;
	u32_t tlb_flushes;      /* explicit: invlpg, or a reload for a changed table */
	u32_t cr3_loads;        /* switches to another address space */
	u32_t kcall_copyins;    /* kernel-call messages copied in */
	u32_t kcall_restarts;   /* kernel calls run again after VM made memory present */
	u32_t vm_requests;      /* memory requests sent to VM */
	u32_t cow_requests;     /* safecopies whose pages VM shared (VM_COWCOPY) */
	u32_t cow_pages;        /* the pages of those */
	u32_t ticks, idle_ticks;
};

/* Process flags for SYS_NEWPROC (m.newproc.flags). */
#define PROC_SYSTEM 0x1   /* system process: may talk to anyone */
#define PROC_MAGIC_GRANTS 0x2   /* may make magic grants (<mica/grant.h>):
                                   VM, and whom VM gives it to */

/* Halt statuses with a fixed meaning (isa-debug-exit byte). */
#define HALT_OK        0x00
#define HALT_PANIC     0x70
#define HALT_INIT_DIED 0x71
#define HALT_WATCHDOG  0x72   /* the guest-time budget ran out (kernel/watchdog.c) */

#endif
