/*
 * The message: 64 bytes, the unit of all IPC and kernel calls.
 *
 * m_source is written by the kernel on delivery (a sender cannot forge
 * it); kernel calls ignore it and use the caller's own endpoint. A
 * message the kernel makes itself (VM_PAGEFAULT, VM_MEMREQUEST,
 * VM_EXITED) arrives with m_source KERNEL, which no process can send
 * as; the process it is about is named in its payload. m_type
 * says what a request is, or carries the result code in a reply. The rest
 * is a union of one named payload per request, so code reads
 * m.vircopy.len rather than a generic field behind a macro. Each payload
 * is checked at compile time to fit.
 */
#ifndef MICA_MESSAGE_H
#define MICA_MESSAGE_H

#include <mica/types.h>

#define MESSAGE_SIZE   64
#define PAYLOAD_SIZE   56
#define PROC_NAME_LEN  16   /* including the NUL */

/* Kernel calls. */
struct mess_diag      { vir_bytes buf; u32_t len; };
struct mess_getinfo   { u32_t what; vir_bytes buf; u32_t size; endpoint_t endpt; };
struct mess_whoami    { endpoint_t endpt; u32_t flags; char name[PROC_NAME_LEN]; };
struct mess_exit      { int status; };
struct mess_uptime    { u32_t ticks_lo, ticks_hi, hz; };
struct mess_alarm     { u32_t ticks; u32_t prev_left; };
struct mess_vircopy   { endpoint_t src_ep; vir_bytes src_addr;
                        endpoint_t dst_ep; vir_bytes dst_addr; u32_t len; };
struct mess_newproc   { int slot; vir_bytes entry; vir_bytes stack;
                        endpoint_t parent; u32_t flags; endpoint_t endpt;
                        char name[PROC_NAME_LEN]; };
struct mess_endpt     { endpoint_t endpt; int status; };
struct mess_halt      { int status; };
struct mess_consread  { vir_bytes buf; u32_t size; };
struct mess_testhook  { u32_t what; int arg; };
struct mess_setgrant  { vir_bytes addr; u32_t entries; };
struct mess_safecopy  { endpoint_t granter; int grant; vir_bytes offset;
                        vir_bytes addr; u32_t bytes; u32_t to; };
/* SYS_VSAFECOPY: vec points to count struct mess_safecopy. */
#define VSAFECOPY_MAX 16
struct mess_vsafecopy { vir_bytes vec; u32_t count; };
struct mess_vmctl     { u32_t op; endpoint_t endpt; vir_bytes addr; u32_t len;
                        int result; phys_bytes pagedir; };

/* Requests to VM and the events the kernel sends it. */
struct mess_vm_spawn  { vir_bytes cmdline; u32_t len; endpoint_t endpt; };
struct mess_vm_wait   { endpoint_t endpt; int status; int killed; int nohang; };
struct mess_vm_kill   { endpoint_t endpt; int status; };
struct mess_vm_info   { u32_t total_pages, free_pages, procs;
                        u32_t vm_pages; /* VM's own bookkeeping: page
                                           counts, safemap records */ };
struct mess_pagefault { endpoint_t endpt; vir_bytes addr; vir_bytes eip; u32_t err; };
struct mess_exited    { endpoint_t endpt; int status; int killed; };
struct mess_memreq    { endpoint_t requester; endpoint_t target; vir_bytes addr;
                        u32_t len; u32_t err; };
struct mess_cowcopy   { endpoint_t requester; endpoint_t src; vir_bytes src_addr;
                        endpoint_t dst; vir_bytes dst_addr; u32_t pages; };
struct mess_vm_brk    { vir_bytes addr; };
struct mess_vm_mmap   { vir_bytes addr; u32_t len; };
struct mess_vm_hold   { endpoint_t endpt; u32_t ticks; };
struct mess_vm_safemap { endpoint_t granter; int grant; vir_bytes offset; u32_t len;
                         u32_t flags; vir_bytes addr; };

/* Requests to DS (<mica/ds.h>). */
struct mess_ds        { char key[32]; u32_t flags; u32_t value; int grant;
                        u32_t len; endpoint_t owner; };

/* A notification (NOTIFY_MESSAGE). */
struct mess_notify    { u32_t ticks; u32_t arg; };

/* Free-form payload for tests and user programs. */
struct mess_raw       { u32_t w[PAYLOAD_SIZE / 4]; };

typedef struct {
	endpoint_t m_source;
	int m_type;
	union {
		struct mess_diag diag;
		struct mess_getinfo getinfo;
		struct mess_whoami whoami;
		struct mess_exit exit;
		struct mess_uptime uptime;
		struct mess_alarm alarm;
		struct mess_vircopy vircopy;
		struct mess_newproc newproc;
		struct mess_endpt endpt;
		struct mess_halt halt;
		struct mess_consread consread;
		struct mess_testhook testhook;
		struct mess_vmctl vmctl;
		struct mess_setgrant setgrant;
		struct mess_safecopy safecopy;
		struct mess_vsafecopy vsafecopy;
		struct mess_vm_spawn vm_spawn;
		struct mess_vm_wait vm_wait;
		struct mess_vm_kill vm_kill;
		struct mess_vm_info vm_info;
		struct mess_pagefault pagefault;
		struct mess_exited exited;
		struct mess_memreq memreq;
		struct mess_cowcopy cowcopy;
		struct mess_vm_brk vm_brk;
		struct mess_vm_mmap vm_mmap;
		struct mess_vm_hold vm_hold;
		struct mess_vm_safemap vm_safemap;
		struct mess_ds ds;
		struct mess_notify notify;
		struct mess_raw raw;
		u8_t bytes[PAYLOAD_SIZE];
	};
} message;

#define MESSAGE_FITS(s) _Static_assert(sizeof(struct s) <= PAYLOAD_SIZE, #s " fits")
MESSAGE_FITS(mess_diag);      MESSAGE_FITS(mess_getinfo);
MESSAGE_FITS(mess_whoami);    MESSAGE_FITS(mess_exit);
MESSAGE_FITS(mess_uptime);    MESSAGE_FITS(mess_alarm);
MESSAGE_FITS(mess_vircopy);   MESSAGE_FITS(mess_newproc);
MESSAGE_FITS(mess_endpt);     MESSAGE_FITS(mess_halt);
MESSAGE_FITS(mess_consread);  MESSAGE_FITS(mess_vm_spawn);
MESSAGE_FITS(mess_testhook);  MESSAGE_FITS(mess_vmctl);
MESSAGE_FITS(mess_memreq);    MESSAGE_FITS(mess_vm_brk);
MESSAGE_FITS(mess_vm_mmap);   MESSAGE_FITS(mess_vm_hold);
MESSAGE_FITS(mess_vm_wait);   MESSAGE_FITS(mess_vm_info);
MESSAGE_FITS(mess_vm_kill);   MESSAGE_FITS(mess_setgrant);
MESSAGE_FITS(mess_safecopy);  MESSAGE_FITS(mess_ds);
MESSAGE_FITS(mess_vsafecopy);
MESSAGE_FITS(mess_pagefault); MESSAGE_FITS(mess_exited);
MESSAGE_FITS(mess_notify);    MESSAGE_FITS(mess_raw);
MESSAGE_FITS(mess_cowcopy);   MESSAGE_FITS(mess_vm_safemap);
_Static_assert(sizeof(message) == MESSAGE_SIZE, "a message is 64 bytes");

/* A message of zeros: one rep stosl (16 counts under -icount, where a
 * call to memset takes 38). Every message the kernel, a server or a
 * library call builds starts from this, so no old bytes travel in its
 * unused fields. One exception: VM's sys_vmctl() (user/lib/syslib.c)
 * fills in only m.vmctl, the part do_vmctl reads; the rest is VM's own
 * stack, which only the kernel sees, and a kernel call never reads a
 * message's source or type. */
static inline void message_clear(message *m)
{
	unsigned int words = sizeof(*m) / 4;

	__asm__ volatile("rep stosl" : "+D"(m), "+c"(words) : "a"(0) : "memory");
}

#endif
