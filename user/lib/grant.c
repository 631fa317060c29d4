/*
 * The caller's grant table (<mica/grant.h>): making and revoking grants.
 *
 * The table starts as GRANT_TABLE_FIRST entries in the program's data
 * and is registered with the kernel on the first grant. When it is
 * full it is moved to memory from VM twice the size: the entries are
 * copied over first and the new table registered after, so that at
 * every moment the registered table holds every grant (the old one stays
 * readable until then; it is given back afterwards).
 *
 * The kernel may read an entry at any moment, so an entry is written in
 * an order that never shows it half made: every field first, then, past
 * a compiler barrier, cp_flags with CPF_VALID. Revoking clears cp_flags
 * first and then moves the slot to its next generation, so an id handed
 * out before is refused from then on, even once the slot holds another
 * grant. (i386 keeps stores in order, so the compiler is all there is to
 * hold back.)
 */
#include <libsys.h>

#define GRANT_TABLE_FIRST 16

static cp_grant_t first_table[GRANT_TABLE_FIRST];
static cp_grant_t *table = first_table;
static u32_t entries;      /* registered with the kernel; 0: not yet */
static u32_t capacity = GRANT_TABLE_FIRST;

static inline void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Move the table to one twice the size. */
static int grow(void)
{
	u32_t bigger = capacity * 2;
	cp_grant_t *old = table, *new;
	int r;

	if (capacity >= GRANT_SLOTS_MAX)
		return ENOSPC;
	if ((new = vm_mmap(bigger * sizeof(cp_grant_t))) == NULL)
		return ENOMEM;
	memcpy(new, old, capacity * sizeof(cp_grant_t));
	if ((r = sys_setgrant(new, bigger)) != OK) {
		vm_munmap(new, bigger * sizeof(cp_grant_t));
		return r;
	}
	table = new;
	entries = bigger;
	if (old != first_table)
		vm_munmap(old, capacity * sizeof(cp_grant_t));
	capacity = bigger;
	return OK;
}

/* A free slot, the table registered and grown as needed; or an error. */
static int free_slot(void)
{
	u32_t i;
	int r;

	if (entries == 0 && (r = sys_setgrant(table, capacity)) != OK)
		return r;
	entries = capacity;
	for (;;) {
		for (i = 0; i < capacity; i++)
			if (!(table[i].cp_flags & CPF_VALID))
				return (int)i;
		if ((r = grow()) != OK)
			return r;
	}
}

/* Fill slot's entry with g (all but its flags and generation) and make
 * it valid with flags: the id of the new grant. */
static cp_grant_id_t publish(int slot, const cp_grant_t *g, u32_t flags)
{
	cp_grant_t *e = &table[slot];

	e->cp_grantee = g->cp_grantee;
	e->u = g->u;
	barrier();
	e->cp_flags = flags | CPF_VALID;
	return grant_id(slot, e->cp_gen);
}

static cp_grant_id_t make(const cp_grant_t *g, u32_t kind, int access)
{
	int slot;

	if (access == 0 || (access & ~CPF_ACCESS))
		return EINVAL;
	if ((slot = free_slot()) < 0)
		return slot;
	return publish(slot, g, kind | (u32_t)access);
}

/* Let grantee use [base, base + len) of our memory with access. */
cp_grant_id_t cpf_grant_direct(endpoint_t grantee, vir_bytes base, size_t len, int access)
{
	cp_grant_t g = { .cp_grantee = grantee, .u.direct = { base, len } };

	return make(&g, CPF_DIRECT, access);
}

/* Pass [offset, offset + len) of grant id of granter, which was made for
 * us, on to grantee with access (no more than we were given counts). */
cp_grant_id_t cpf_grant_indirect(endpoint_t grantee, endpoint_t granter, cp_grant_id_t id,
                                 vir_bytes offset, size_t len, int access)
{
	cp_grant_t g = { .cp_grantee = grantee, .u.indirect = { granter, id, offset, len } };

	return make(&g, CPF_INDIRECT, access);
}

/* Let grantee use [base, base + len) of owner's memory (only a process
 * with PROC_MAGIC_GRANTS may make one that works). */
cp_grant_id_t cpf_grant_magic(endpoint_t grantee, endpoint_t owner, vir_bytes base,
                              size_t len, int access)
{
	cp_grant_t g = { .cp_grantee = grantee, .u.magic = { owner, base, len } };

	return make(&g, CPF_MAGIC, access);
}

/* End grant id: from now on it is refused, whoever holds it. */
int cpf_revoke(cp_grant_id_t id)
{
	int slot = grant_slot(id), mapped;
	cp_grant_t *e;

	if (id < 0 || (u32_t)slot >= capacity)
		return EINVAL;
	e = &table[slot];
	if (!(e->cp_flags & CPF_VALID) || e->cp_gen != grant_gen(id))
		return ENOENT;
	mapped = e->cp_flags & CPF_MAP;
	e->cp_flags = 0;
	barrier();
	e->cp_gen = e->cp_gen == GRANT_GEN_MAX ? 0 : e->cp_gen + 1;
	/* The grant is gone for every copy from now on; mappings made
	 * through it are VM's to end. */
	if (mapped)
		sys_saferevmap(id);
	return OK;
}
