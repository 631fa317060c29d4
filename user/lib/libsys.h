/*
 * libsys: what every Mica user program links with. IPC and kernel-call
 * stubs, console output, and the clients of VM's requests.
 */
#ifndef LIBSYS_H
#define LIBSYS_H

#include <stdarg.h>
#include <mica/types.h>
#include <mica/errno.h>
#include <mica/endpoint.h>
#include <mica/message.h>
#include <mica/ipc.h>
#include <mica/callnr.h>
#include <mica/vm.h>
#include <mica/layout.h>
#include <mica/grant.h>
#include <mica/ds.h>
#include <string.h>
#include <format.h>
#include <errstr.h>

/*
 * The two ways into the kernel, inline so that a call costs only its
 * trap (include/mica/ipc.h and callnr.h give the register use):
 *   _kernel_call: int 32, eax = call number, ebx = message
 *   _ipc:         int 33, eax = primitive, ebx = endpoint, ecx = message
 * Both return the kernel's result from eax.
 */
static inline int _kernel_call(int nr, message *m)
{
	int r;

	__asm__ volatile("int $32" : "=a"(r) : "a"(nr), "b"(m) : "memory");
	return r;
}

static inline int _ipc(int op, endpoint_t e, void *addr)
{
	int r;

	__asm__ volatile("int $33" : "=a"(r) : "a"(op), "b"(e), "c"(addr) : "memory");
	return r;
}

static inline int send(endpoint_t dst, message *m)    { return _ipc(SEND, dst, m); }
static inline int receive(endpoint_t src, message *m) { return _ipc(RECEIVE, src, m); }
static inline int sendrec(endpoint_t e, message *m)   { return _ipc(SENDREC, e, m); }
static inline int notify(endpoint_t dst)              { return _ipc(NOTIFY, dst, NULL); }
static inline int sendnb(endpoint_t dst, message *m)  { return _ipc(SENDNB, dst, m); }
static inline int senda(asynmsg_t *table, int count)  { return _ipc(SENDA, count, table); }
/* A reply to dst, then RECEIVE(ANY) into m: see <mica/ipc.h>. */
static inline int replyrec(endpoint_t dst, message *m) { return _ipc(REPLYREC, dst, m); }

/* syslib.c: one wrapper per kernel call */
int sys_diag_write(const char *buf, size_t len);
int sys_getinfo(int what, void *buf, size_t size, message *m);
void exit(int status) __attribute__((noreturn));
int sys_uptime(u64_t *ticks, u32_t *hz);
int sys_setalarm(u32_t ticks, u32_t *prev_left);
int sys_setgrant(cp_grant_t *table, u32_t entries);
int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
                     void *buf, size_t bytes);
int sys_safecopyto(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
                   const void *buf, size_t bytes);
int sys_vsafecopy(const struct mess_safecopy *vec, u32_t count);
int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst,
                vir_bytes dst_addr, size_t len);
int sys_newproc(struct mess_newproc *np);
int sys_release(endpoint_t e);
int sys_kill(endpoint_t e, int status);
int sys_halt(int status);
int sys_consread(char *buf, size_t size);
int sys_vmctl(u32_t op, endpoint_t e, const struct mess_vmctl *v);
int sys_getspace(endpoint_t e, phys_bytes *pagedir);
int sys_whoami(endpoint_t *e, char *name, size_t size);
int sys_procname(endpoint_t e, char *name, size_t size);

/* printf.c: vprintf for printf (lib/format.h); output goes to the
 * console a line at a time */
int puts(const char *s);

/* panic.c: report, stack trace, exit(PANIC_STATUS) */
#define PANIC_STATUS 255
void panic(const char *fmt, ...) __attribute__((noreturn)) FORMAT_PRINTF(1, 2);

/* grant.c: our grant table; each returns a grant id, or an error */
cp_grant_id_t cpf_grant_direct(endpoint_t grantee, vir_bytes base, size_t len, int access);
cp_grant_id_t cpf_grant_indirect(endpoint_t grantee, endpoint_t granter, cp_grant_id_t id,
                                 vir_bytes offset, size_t len, int access);
cp_grant_id_t cpf_grant_magic(endpoint_t grantee, endpoint_t owner, vir_bytes base,
                              size_t len, int access);
int cpf_revoke(cp_grant_id_t id);

/* ds.c: requests to DS (<mica/ds.h>) */
int ds_publish_u32(const char *key, u32_t value, u32_t flags);
int ds_publish_label(const char *key, endpoint_t e, u32_t flags);
int ds_publish_str(const char *key, const char *s, u32_t flags);
int ds_publish_mem(const char *key, const void *buf, size_t len, u32_t flags);
int ds_retrieve_u32(const char *key, u32_t *value, endpoint_t *owner);
int ds_retrieve_label(const char *key, endpoint_t *e, endpoint_t *owner);
int ds_retrieve_str(const char *key, char *buf, size_t room);
int ds_retrieve_mem(const char *key, void *buf, size_t room, size_t *len);
int ds_publish_map(const char *key, void *buf, size_t len, int access, u32_t flags,
                   cp_grant_id_t *grant);
int ds_retrieve_map(const char *key, u32_t mapflags, void **addr, size_t *len);
int ds_delete(const char *key);
int ds_subscribe(const char *pattern, u32_t flags);
int ds_check(char *key, u32_t *flags, endpoint_t *owner);
int ds_list(u32_t index, struct mess_ds *entry);

/* vm.c: requests to VM */
endpoint_t vm_spawn(const char *cmdline);
int vm_wait(endpoint_t child, int *status, int *killed);
int vm_waitfor(endpoint_t child, int nohang, endpoint_t *who, int *status, int *killed);
int vm_kill(endpoint_t e, int status);
int vm_info(struct mess_vm_info *info);
vir_bytes vm_brk(vir_bytes addr);
void *vm_mmap(size_t len);
int vm_munmap(void *addr, size_t len);
int vm_hold(endpoint_t child, u32_t ticks);
/* ...sharing memory through grants (VM_SAFEMAP and friends) */
int sys_safemap(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset, size_t len,
                u32_t flags, void **addr);
int sys_safeunmap(void *addr);
int sys_saferevmap(cp_grant_id_t grant);

#endif
