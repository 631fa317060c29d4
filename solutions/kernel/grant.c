/*
 * Grant verification: may `grantee` use bytes [offset, offset + bytes)
 * of grant `id` of `granter` with access `access`, and if so, whose
 * memory is that and at which address? (<mica/grant.h> says what a
 * grant is.)
 *
 * The granter's table is in the granter's memory, so each entry is read
 * with vcopy when it is used: never cached, so a grant written or
 * revoked a moment ago is what counts. A fault while reading the table
 * is EFAULT like any other copy (VM may make the page present and the
 * call runs again; see kcall.c).
 *
 * An indirect grant passes on a grant its granter was given. The chain
 * is followed hop by hop; at each hop the grant must be for the process
 * of the hop before (the caller, first), must give the access asked
 * for, and must hold the range asked for, which is then moved into the
 * grant it passes on. So the rights and range that come out are the
 * intersection of every hop's (MINIX checked the first grant's only).
 * A chain is at most GRANT_MAX_DEPTH hops; one that comes back to a
 * grant it already passed is refused as a loop, however short.
 */
#include "kernel.h"

/* One hop of a chain: a grant of a process, by slot. */
struct hop {
	struct proc *granter;
	int slot;
};

/* offset + bytes lies within len, without overflowing. */
static int within(vir_bytes offset, vir_bytes bytes, vir_bytes len)
{
	return offset <= len && bytes <= len - offset;
}

/* The end of a chain: bytes at base + offset of owner's memory, which
 * must lie in user space (a granter's base is not checked when it makes
 * the grant; a base + offset that wraps around is no address at all). */
static int target(struct proc *owner, vir_bytes base, vir_bytes offset, vir_bytes bytes,
                  struct grant_target *t)
{
	if (base + offset < base || !in_user_space(base + offset, bytes))
		return EFAULT;
	t->owner = owner;
	t->addr = base + offset;
	return OK;
}

/* The granter of a hop: a live process (a task has no table). */
static struct proc *granter_of(endpoint_t e, int *err)
{
	struct proc *p = proc_lookup(e, err);

	if (p != NULL && is_task(p)) {
		*err = EBADSRCDST;
		return NULL;
	}
	return p;
}

/*
 * Read granter's entry for id into *g and check that it holds the grant
 * the id names: a registered table, a slot inside it, a valid entry of
 * one known kind, the id's generation.
 */
static int read_grant(struct proc *granter, cp_grant_id_t id, cp_grant_t *g)
{
	int slot = grant_slot(id), r;

	if (granter->p_grant_entries == 0)
		return ENOGRANTS;
	if (id < 0 || slot >= (int)granter->p_grant_entries)
		return EGRANTID;
	r = vcopy(granter, granter->p_grant_table + (vir_bytes)slot * sizeof(*g), NULL,
	          (vir_bytes)g, sizeof(*g));
	if (r != OK)
		return r;
	if (!(g->cp_flags & CPF_VALID))
		return EGRANTUNUSED;
	if (g->cp_gen != grant_gen(id))
		return EGRANTSTALE;
	if (g->cp_flags & ~(CPF_VALID | CPF_KIND | CPF_ACCESS))
		return EGRANTBAD;
	switch (g->cp_flags & CPF_KIND) {
	case CPF_DIRECT:
	case CPF_INDIRECT:
	case CPF_MAGIC:
		return OK;
	default:
		return EGRANTBAD;   /* no kind, or more than one */
	}
}

/* Has the chain passed this grant already? */
static int passed(const struct hop *hops, int n, struct proc *granter, int slot)
{
	int i;

	for (i = 0; i < n; i++)
		if (hops[i].granter == granter && hops[i].slot == slot)
			return 1;
	return 0;
}

/* Follow grant id of granter_e for grantee, as the top of this file
 * says; OK with *t the bytes' owner and address, or the error of the
 * first check that fails (<mica/errno.h>: EGRANT*, ENOGRANTS, EFAULT,
 * and EBADSRCDST/EDEADSRCDST for a granter that is not a live process). */
int grant_verify(struct proc *grantee, endpoint_t granter_e, cp_grant_id_t id,
                 vir_bytes offset, vir_bytes bytes, u32_t access, struct grant_target *t)
{
	struct hop hops[GRANT_MAX_DEPTH];
	struct proc *granter, *owner;
	cp_grant_t g;
	int depth, r;

	for (depth = 0; ; depth++) {
		if (depth == GRANT_MAX_DEPTH)
			return EGRANTDEPTH;
		if ((granter = granter_of(granter_e, &r)) == NULL)
			return r;
		if ((r = read_grant(granter, id, &g)) != OK)
			return r;
		if (passed(hops, depth, granter, grant_slot(id)))
			return EGRANTLOOP;
		hops[depth] = (struct hop){ granter, grant_slot(id) };
		t->chain[depth] = (struct grant_hop){ granter_e, id };
		t->hops = depth + 1;
		if (g.cp_grantee != grantee->p_endpoint)
			return EGRANTEE;
		if ((g.cp_flags & access) != access)
			return EGRANTACCESS;

		switch (g.cp_flags & CPF_KIND) {
		case CPF_DIRECT:
			if (!within(offset, bytes, g.u.direct.len))
				return EGRANTBOUNDS;
			return target(granter, g.u.direct.base, offset, bytes, t);
		case CPF_MAGIC:
			if (!(granter->p_privflags & PROC_MAGIC_GRANTS))
				return EGRANTMAGIC;
			if (!within(offset, bytes, g.u.magic.len))
				return EGRANTBOUNDS;
			if ((owner = granter_of(g.u.magic.owner, &r)) == NULL)
				return r;
			return target(owner, g.u.magic.base, offset, bytes, t);
		default:   /* CPF_INDIRECT: move into the grant passed on */
			if (!within(offset, bytes, g.u.indirect.len) ||
			    offset + g.u.indirect.offset < offset)
				return EGRANTBOUNDS;
			offset += g.u.indirect.offset;
			grantee = granter;
			granter_e = g.u.indirect.granter;
			id = g.u.indirect.id;
			break;
		}
	}
}
