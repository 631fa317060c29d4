/*
 * Memory grants: a process says, in a table in its own memory, which
 * parts of its memory another process may read or write, and the kernel
 * checks that table on every safecopy. Nothing is registered with the
 * kernel but where the table is (SYS_SETGRANT); the kernel reads an
 * entry each time it uses it, so a grant is made or revoked by writing
 * the entry, with no kernel call. That is why an entry is made valid
 * last (CPF_VALID, after a compiler barrier): the kernel may read the
 * table at any moment, even half-written.
 *
 * A grant id names a slot of the granter's table and the generation of
 * that slot, as an endpoint names a process slot and its generation:
 * revoking a grant bumps its slot's generation, so an id kept after the
 * revoke is refused (EGRANTSTALE) even once the slot holds a new grant.
 *
 * Three kinds of grant (the entry's CPF_KIND bits):
 *   direct    grantee may use [base, base + len) of the granter's memory;
 *   indirect  grantee may use [offset, offset + len) of a grant that the
 *             granter was itself given (granter, id): passing a grant on,
 *             perhaps narrower. Every hop of a chain limits the access
 *             and the range: the effective ones are the intersection of
 *             all hops, and a chain is at most GRANT_MAX_DEPTH hops;
 *   magic     grantee may use [base, base + len) of another process's
 *             memory (owner): only a process with PROC_MAGIC_GRANTS (VM)
 *             may make one.
 */
#ifndef MICA_GRANT_H
#define MICA_GRANT_H

#include <mica/types.h>

typedef int cp_grant_id_t;

#define GRANT_SLOTS_MAX  4096    /* entries a table may have */
#define GRANT_MAX_DEPTH  8       /* hops of an indirect chain */
#define GRANT_GEN_MAX    ((0x7fffffff / GRANT_SLOTS_MAX) - 1)

/* A safecopy of this many whole pages or more, at the same offset
 * within a page on both sides, shares them copy-on-write instead of
 * copying them (kernel/cowcopy.c; doc/performance.md has the
 * measurement: below it, copying is cheaper). */
#define SAFECOPY_COW_PAGES 16

/* An id is generation * GRANT_SLOTS_MAX + slot, never negative (a
 * negative one is an error code where ids are returned). */
static inline cp_grant_id_t grant_id(int slot, u32_t gen)
{
	return (cp_grant_id_t)(gen * GRANT_SLOTS_MAX + (u32_t)slot);
}
static inline int grant_slot(cp_grant_id_t id) { return id % GRANT_SLOTS_MAX; }
static inline u32_t grant_gen(cp_grant_id_t id) { return (u32_t)id / GRANT_SLOTS_MAX; }

/* cp_flags: the access a grant gives... */
#define CPF_READ      0x01    /* the grantee may copy from it */
#define CPF_WRITE     0x02    /* ...copy to it */
#define CPF_MAP       0x04    /* ...map it (safemap) */
#define CPF_ACCESS    (CPF_READ | CPF_WRITE | CPF_MAP)
/* ...its kind... */
#define CPF_DIRECT    0x10
#define CPF_INDIRECT  0x20
#define CPF_MAGIC     0x40
#define CPF_KIND      (CPF_DIRECT | CPF_INDIRECT | CPF_MAGIC)
/* ...and whether the entry holds a grant at all, written last. */
#define CPF_VALID     0x80000000u

typedef struct {
	u32_t cp_flags;
	u32_t cp_gen;            /* the slot's generation, which its id carries */
	endpoint_t cp_grantee;   /* who may use it */
	union {
		struct { vir_bytes base, len; } direct;
		struct { endpoint_t granter; cp_grant_id_t id;
		         vir_bytes offset, len; } indirect;
		struct { endpoint_t owner; vir_bytes base, len; } magic;
	} u;
	u32_t cp_spare;          /* keeps the entry 32 bytes */
} cp_grant_t;

_Static_assert(sizeof(cp_grant_t) == 32, "a grant entry is 32 bytes");

/* One grant a chain passes through: the grantee's own first. */
struct grant_hop {
	endpoint_t granter;
	cp_grant_id_t id;
};

/* VM's question for safemap (SYS_VMCTL VMCTL_GRANTCHECK, m.vmctl.endpt
 * the grantee, m.vmctl.addr this struct in VM's memory): may the
 * grantee use [offset, offset + bytes) of grant of granter with access,
 * and if so, whose memory is it, where, and through which grants? */
struct grant_check {
	endpoint_t granter;        /* in */
	cp_grant_id_t grant;
	vir_bytes offset, bytes;
	u32_t access;
	endpoint_t owner;          /* out */
	vir_bytes addr;
	u32_t hops;
	struct grant_hop chain[GRANT_MAX_DEPTH];
};

#endif
