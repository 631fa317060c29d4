/* The VM server's own declarations. */
#ifndef VM_VM_H
#define VM_VM_H

#include <libsys.h>
#include <exec.h>

/* A request handler's answer when the reply will be sent later. */
#define NO_REPLY 1

#define MAX_MAPPINGS 8

/* An anonymous mapping made with VM_MMAP (len 0: unused). */
struct mapping {
	vir_bytes start, len;
};

/* What VM knows of each process it made. */
struct vmproc {
	endpoint_t endpt;        /* NONE: record unused */
	endpoint_t parent;       /* init once the parent has ended */
	u32_t flags;             /* PROC_SYSTEM */
	phys_bytes pagedir;
	int parent_waits;        /* the parent is blocked in VM_WAIT for it */
	int waits_any;           /* blocked in VM_WAIT for any of its children */
	int notify_exit;         /* NOTIFY it when a child next exits */
	vir_bytes rw_start;      /* the image's pages from here on are writable */
	vir_bytes heap_start;    /* the heap is [heap_start, brk) */
	vir_bytes brk;
	struct mapping maps[MAX_MAPPINGS];
};

/* mem.c: physical pages, each with a count of its users and a kind */
#define PAGE_REFS_MAX 0xffff
#define PAGE_COW      0x1   /* mapped read-only everywhere, copied on a write */
#define PAGE_SHARED   0x2   /* mapped by safemap: never copy-on-write */
void mem_init(void);
phys_bytes page_alloc(void);
void page_zero(phys_bytes pa);
int page_ref(phys_bytes pa);
void page_free(phys_bytes pa);
u32_t page_refs(phys_bytes pa);
u32_t page_info(phys_bytes pa, u32_t *kind);
u32_t page_kind(phys_bytes pa);
void page_set_kind(phys_bytes pa, u32_t kind);
void *phys_ptr(phys_bytes pa);
u32_t pages_total(void);
u32_t pages_free(void);
u32_t pages_bookkeeping(void);

/* space.c: address spaces */
int space_build(const struct bootmodule *mod, const char *cmdline,
                struct mess_newproc *np, phys_bytes *pagedir, struct exec_result *ex);
void space_publish(int slot, phys_bytes pagedir);
void space_take_own(void);

/* ptable.c: the page tables of processes (lab 3) */
int vm_map_page(phys_bytes pagedir, vir_bytes va, phys_bytes pa, u32_t flags);
phys_bytes vm_lookup(phys_bytes pagedir, vir_bytes va);
void vm_unmap(struct vmproc *p, vir_bytes start, vir_bytes len);
void space_free(phys_bytes pagedir);

/* fault.c: page faults and memory requests (demand paging, lab 3) */
void do_pagefault(message *m);
void do_memrequest(message *m);

/* cowshare.c: pages shared copy-on-write by a safecopy (VM_COWCOPY) */
enum access { NO_WRITE, IMAGE, DEMAND };
enum access page_access(const struct vmproc *p, vir_bytes va, vir_bytes *end);
void do_cowcopy(message *m);

/* cow.c: writes to pages mapped read-only (copy-on-write, lab 4) */
int cow_fault(struct vmproc *p, vir_bytes page);
int cow_own(struct vmproc *p, vir_bytes page, phys_bytes pa);

/* share.c: memory mapped through grants (safemap, lab 4) */
int do_safemap(message *m);
int do_safeunmap(message *m);
int do_saferevmap(message *m);
int share_writable(const struct vmproc *p, vir_bytes va, vir_bytes *end);
void share_exited(endpoint_t e);
u32_t share_pages(void);

/* heap.c: the heap and anonymous mappings */
int do_brk(message *m);
int do_mmap(message *m);
int do_munmap(message *m);

/* hold.c: holding a child (a test aid) */
int do_hold(message *m);
void hold_alarm(void);
void holds_init(void);

/* procs.c: the processes VM made, and their exits */
void procs_init(void);
int procs_spawn(const char *cmdline, endpoint_t parent, u32_t flags, endpoint_t *child);
void procs_exited(endpoint_t e, int status, int killed);
int procs_wait(endpoint_t parent, endpoint_t child, int nohang, message *reply);
int procs_kill(endpoint_t requester, endpoint_t victim, int status);
int procs_count(void);
int proc_gone(const struct vmproc *p);
struct vmproc *vmproc_of(endpoint_t e);
void reply(endpoint_t e, message *m);

#endif
