/* What every kernel file needs. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdarg.h>
#include <mica/types.h>
#include <mica/errno.h>
#include <mica/endpoint.h>
#include <mica/message.h>
#include <mica/callnr.h>
#include <mica/layout.h>
#include <mica/grant.h>
#include <string.h>
#include <format.h>
#include <errstr.h>
/* panic.c (first: proc.h's inline functions assert) */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void halt_machine(int status) __attribute__((noreturn));
void panic_trace_from(u32_t pc, u32_t ebp);
#define kassert(c) do { if (!(c)) panic("assertion \"%s\" failed at %s:%d", \
	#c, __FILE__, __LINE__); } while (0)

#include "proc.h"

/* Returned by IPC and kernel-call code when the caller has been blocked:
 * its eax is set when it is woken up instead. */
#define SUSPEND 1

/* console.c */
void console_init(void);
void console_write_from(endpoint_t who, const char *s, size_t n);
int console_log_read(char *buf, size_t size);
void console_input(char c);
void console_type(const char *keys);
int console_read(char *buf, size_t n);
void console_set_reader(struct proc *p);

/* copy.c: the one way to touch user memory. NULL means kernel memory. */
struct copy_fault {
	struct proc *p;    /* whose memory (NULL: the kernel's) */
	vir_bytes addr;    /* the address in it */
	u32_t err;         /* page-fault error code (PF_*) */
};
extern struct copy_fault last_copy_fault;
int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst, size_t len);
int check_writable_slow(struct proc *p, vir_bytes addr, size_t len);

int copy_catch(void *dst, const void *src, size_t n);   /* arch */

static inline int in_user_space(vir_bytes a, size_t len)
{
	return a >= USER_BASE && a < USER_END && len <= USER_END - a;
}

/* Copies between the kernel and one process; the loaded process (the
 * usual case: the caller) is reached directly, without vcopy's general
 * case. */
static inline int copy_from_user(struct proc *p, vir_bytes src, void *dst, size_t len)
{
	if (p == ptproc && in_user_space(src, len) &&
	    copy_catch(dst, (const void *)src, len) == 0)
		return OK;
	return vcopy(p, src, NULL, (vir_bytes)dst, len);   /* also says why not */
}

static inline int copy_to_user(struct proc *p, const void *src, vir_bytes dst, size_t len)
{
	if (p == ptproc && in_user_space(dst, len) &&
	    copy_catch((void *)dst, src, len) == 0)
		return OK;
	return vcopy(NULL, (vir_bytes)src, p, dst, len);
}

/*
 * Can p write len bytes at addr? Write access is decided page by page, so
 * writing back one byte of each page the range touches proves all of it,
 * at a fraction of the cost of copying the whole range onto itself. The
 * usual case, a message in one page of the loaded process, is one byte.
 */
static inline int check_writable(struct proc *p, vir_bytes addr, size_t len)
{
	vir_bytes last = addr + len - 1;

	if (p == ptproc && len > 0 && in_user_space(addr, len) &&
	    (addr ^ last) < PAGE_SIZE && copy_catch((void *)addr, (const void *)addr, 1) == 0)
		return OK;
	return check_writable_slow(p, addr, len);
}

/* Messages move between kernel buffers on every IPC: one rep movsl is
 * the cheapest copy (gcc's own loop takes five instructions a word). */
static inline void copy_message(message *dst, const message *src)
{
	u32_t words = sizeof(message) / 4;

	__asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
}

/* ipc.c: the IPC trap, and what the primitives share */
int do_ipc(struct proc *caller, int op, endpoint_t ep, vir_bytes addr);
void deliver_failed(struct proc *p);
void undeliverable(struct proc *p);
/*
 * IPC permissions: system processes (VM, init, and anything created with
 * PROC_SYSTEM) may talk to anyone and anyone may talk to them; other
 * processes only to their parent and their children. Kernel tasks only
 * send notifications.
 */
static inline int may_ipc(struct proc *a, struct proc *b)
{
	if (is_task(a) || is_task(b))
		return 0;   /* tasks have no privflags: test them first */
	if ((a->p_privflags | b->p_privflags) & PROC_SYSTEM)
		return 1;
	return a->p_parent == b->p_endpoint || b->p_parent == a->p_endpoint;
}

/*
 * Find the target of a send or a specific receive, or NULL with *err
 * saying why not. Kernel tasks cannot be sent to or received from by
 * processes. (Inline: every SEND, SENDREC and NOTIFY asks it.)
 */
static inline struct proc *ipc_target(struct proc *caller, endpoint_t e, int *err)
{
	struct proc *p = proc_lookup(e, err);

	if (p == NULL)
		return NULL;
	if (p == caller) {
		*err = ELOCKED;   /* waiting for oneself never ends */
		return NULL;
	}
	if (!may_ipc(caller, p)) {
		*err = ECALLDENIED;
		return NULL;
	}
	return p;
}

/* rendezvous.c: SEND, RECEIVE, SENDREC, delivery */
int ipc_send(struct proc *caller, endpoint_t dst_e, int flags, vir_bytes user_msg);
int ipc_receive(struct proc *caller, endpoint_t src_e, vir_bytes addr);
int ipc_sendrec(struct proc *caller, endpoint_t dst_e, vir_bytes addr);
int accepts_unsolicited(struct proc *dst, struct proc *src);
void deliver(struct proc *dst, const message *m, endpoint_t src_e);
void ipc_cancel(struct proc *p);
#define IPC_NONBLOCK   0x1
#define IPC_FROM_KERNEL 0x2   /* the kernel sends on the process's behalf */

/* notify.c */
void ipc_notify(struct proc *src, struct proc *dst);
int take_notification(struct proc *caller, endpoint_t src_e);

/* deadlock.c */
int would_deadlock(struct proc *caller, endpoint_t e);

/* asyn.c */
int do_senda(struct proc *caller, vir_bytes table, u32_t count);
int asyn_receive(struct proc *caller, endpoint_t src_e);
void asyn_retry(struct proc *p);

/* kcall.c */
void kernel_call(struct proc *caller, u32_t nr, vir_bytes m_addr);
void kcall_run(struct proc *caller);

/* vmreq.c: asking VM to make memory present */
int vm_can_fix(struct proc *caller);
void vm_request(struct proc *caller, u32_t restart_flag);
void vm_request_done(struct proc *p, int result);

/* grant.c: where a grant lets its grantee reach */
struct grant_target {
	struct proc *owner;    /* whose memory */
	vir_bytes addr;        /* the first byte, in owner's address space */
	int hops;              /* the grants the chain passed, the grantee's */
	struct grant_hop chain[GRANT_MAX_DEPTH];   /* own first (safemap) */
};
int grant_verify(struct proc *grantee, endpoint_t granter_e, cp_grant_id_t id, vir_bytes offset,
                 vir_bytes bytes, u32_t access, struct grant_target *t);

/* exit.c */
void proc_exit(struct proc *p, int status, int killed);

/* clock.c */
extern u64_t ticks;
void clock_init(void);
int clock_hz(void);
void clock_tick(void);

/* watchdog.c */
void watchdog_set(const char *value);
void watchdog_tick(void);
void proc_dump(void);

/* alarm.c */
int alarm_set(struct proc *p, u32_t delay, u32_t *prev_left);
void alarm_tick(void);

/* main.c and boot.c */
extern struct bootmodule boot_modules[];
extern int nr_boot_modules;
extern struct memrange free_memory[];
extern int nr_free_memory;
extern struct kstats kstats;
void switch_to_user(void) __attribute__((noreturn));
void switch_to_user_traced(void) __attribute__((noreturn));

/* cowcopy.c: copy-on-write for safecopy ("nocow" on the command line
 * turns it off) */
extern int cow_enabled;
int cow_copy(struct proc *caller, struct proc *src_p, vir_bytes src, struct proc *dst_p,
             vir_bytes dst, size_t len);

/* trace.c: the event trace ("trace" on the command line) */
extern int trace_on;
void trace_start(void);
void trace_delivery(struct proc *dst);
void trace_exit(struct proc *p, int status);
void trace_dump(void);
void trace_dump_tail(void);

#endif
