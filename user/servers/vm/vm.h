/* The VM server's own declarations. */
#ifndef VM_VM_H
#define VM_VM_H

#include <libsys.h>

/* A request handler's answer when the reply will be sent later. */
#define NO_REPLY 1

/* mem.c: physical pages */
void mem_init(void);
phys_bytes page_alloc(void);
void page_free(phys_bytes pa);
void *phys_ptr(phys_bytes pa);
u32_t pages_total(void);
u32_t pages_free(void);

/* space.c: address spaces */
int space_build(const struct bootmodule *mod, const char *cmdline,
                struct mess_newproc *np);
void space_free(phys_bytes pagedir);

/* procs.c: the processes VM made, and their exits */
void procs_init(void);
int procs_spawn(const char *cmdline, endpoint_t parent, u32_t flags, endpoint_t *child);
void procs_exited(endpoint_t e, int status, int killed);
int procs_wait(endpoint_t parent, endpoint_t child, message *reply);
int procs_count(void);
void reply(endpoint_t e, message *m);

#endif
