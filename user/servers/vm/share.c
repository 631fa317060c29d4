/*
 * safemap (lab 4): a grantee maps pages it was granted (CPF_MAP) into
 * its own address space, and it and the granted memory's owner share
 * them: each sees the other's writes at once. VM_SAFEMAP maps,
 * VM_SAFEUNMAP (the grantee) unmaps, VM_SAFEREVMAP (a granter) unmaps
 * every mapping made through one of its grants.
 *
 * The kernel checks the grant (VMCTL_GRANTCHECK) and says whose memory
 * it is and which grants the chain passed through. VM keeps that chain
 * in the mapping's record, so that a mapping can always be revoked,
 * however it was reached (MINIX could not revoke a mapping made through
 * an indirect grant once a process in the chain had exited): a mapping
 * goes when
 *   - its grantee unmaps it, or ends;
 *   - a granter anywhere on its chain asks (VM_SAFEREVMAP; cpf_revoke()
 *     of a grant with CPF_MAP asks for it), or ends;
 *   - the owner of the memory ends;
 *   - the mapping it was made from goes: the owner may grant pages of
 *     its own safemap area on, and a map of them is a map of the pages
 *     the owner was granted, so it keeps a link to the owner's mapping
 *     and goes with it (however far up the revoke or the end was).
 * A grantee that touches a mapping after it went is killed like any
 * process touching memory it does not have: the safemap area is in
 * none of its regions.
 *
 * The pages: every page is made present in the owner first (a demand
 * page gets its zeroes now) and taken out of copy-on-write sharing (the
 * owner gets its own copy if others share it, cow.c), so that owner and
 * grantee really share one page; it is then marked PAGE_SHARED, which
 * copy-on-write leaves alone from then on. Everything that can fail is
 * checked before anything changes.
 *
 * The records live in pages VM takes as needed and gives back when
 * they empty (no fixed table); a process holds at most
 * SAFEMAP_PER_PROC mappings, so VM's bookkeeping stays bounded.
 */
#include "vm.h"

struct sharing {
	endpoint_t grantee;
	vir_bytes addr;          /* in the grantee's safemap area */
	u32_t pages;
	int writable;
	endpoint_t owner;        /* whose memory */
	u32_t hops;              /* the grants it was made through */
	struct grant_hop chain[GRANT_MAX_DEPTH];
	struct sharing *parent;  /* the owner's own mapping these pages are
	                            in, if they are one (a map of a map) */
	u32_t depth;             /* maps of maps above it (0: none) */
};

/* A page of records, one bit of used for each. */
#define PER_POOL  32
#define POOL_FULL 0xffffffffu
struct pool {
	struct pool *next;
	u32_t used;
	struct sharing rec[PER_POOL];
};
_Static_assert(sizeof(struct pool) <= PAGE_SIZE, "a pool is one page");

static struct pool *pools;
static u32_t pool_pages;

/* Every record in use (a loop may free the current one: its page is
 * given back only by pools_trim(), once the loop is over). */
#define FOR_EACH_SHARING(s, pool, i) \
	for (pool = pools; pool != NULL; pool = pool->next) \
		for (i = 0; i < PER_POOL; i++) \
			if ((pool->used & (1u << i)) && (s = &pool->rec[i]) != NULL)

static struct sharing *record_new(void)
{
	struct pool *p;
	phys_bytes pa;
	u32_t i;

	for (p = pools; p != NULL && p->used == POOL_FULL; p = p->next)
		;
	if (p == NULL) {
		if ((pa = page_alloc()) == 0)
			return NULL;
		p = phys_ptr(pa);
		p->next = pools;
		p->used = 0;
		pools = p;
		pool_pages++;
	}
	for (i = 0; p->used & (1u << i); i++)
		;
	p->used |= 1u << i;
	return &p->rec[i];
}

static void record_free(struct sharing *rec)
{
	struct pool *p = (struct pool *)((vir_bytes)rec & ~(PAGE_SIZE - 1));

	p->used &= ~(1u << (rec - p->rec));
}

/* Give back the pages of records that emptied. */
static void pools_trim(void)
{
	struct pool **pp = &pools, *p;

	while ((p = *pp) != NULL) {
		if (p->used != 0) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		pool_pages--;
		page_free((vir_bytes)p - VM_PHYS_BASE);   /* phys_ptr()'s inverse */
	}
}

/* p's mapping that holds va, or NULL. */
static struct sharing *sharing_at(endpoint_t grantee, vir_bytes va)
{
	struct pool *p;
	struct sharing *s;
	u32_t i;

	FOR_EACH_SHARING(s, p, i)
		if (s->grantee == grantee && va >= s->addr && va - s->addr < s->pages * PAGE_SIZE)
			return s;
	return NULL;
}

/* May p write its page at va in the safemap area? The answer holds up
 * to *end. (page_access(), cowshare.c) */
int share_writable(const struct vmproc *p, vir_bytes va, vir_bytes *end)
{
	struct sharing *s = sharing_at(p->endpt, va);

	if (s == NULL)
		return 0;
	*end = s->addr + s->pages * PAGE_SIZE;
	return s->writable;
}

/* The lowest stretch of pages free in grantee's safemap area, and how
 * many mappings it holds. */
static vir_bytes find_room(endpoint_t grantee, u32_t pages, int *held)
{
	vir_bytes start = USER_SAFEMAP_BASE;
	struct pool *p;
	struct sharing *s;
	u32_t i;
	int moved = 1;

	while (moved) {
		moved = 0;
		*held = 0;
		FOR_EACH_SHARING(s, p, i) {
			if (s->grantee != grantee)
				continue;
			(*held)++;
			if (start < s->addr + s->pages * PAGE_SIZE &&
			    s->addr < start + pages * PAGE_SIZE) {
				start = s->addr + s->pages * PAGE_SIZE;
				moved = 1;
			}
		}
	}
	return pages <= (USER_SAFEMAP_END - start) / PAGE_SIZE ? start : 0;
}

/* Unmap a mapping from its grantee (unless the grantee is going, and
 * its whole space with it, or has ended and its notice is still to
 * come: asked unless the grantee is asker, whose request VM serves) and
 * forget it, and every map made of it. */
static void sharing_end(struct sharing *s, int unmap, endpoint_t asker)
{
	struct vmproc *g = vmproc_of(s->grantee);
	struct sharing *child;
	struct pool *p;
	u32_t i;

	record_free(s);   /* first: a loop of parents ends here */
	FOR_EACH_SHARING(child, p, i)
		if (child->parent == s)
			sharing_end(child, 1, asker);
	if (unmap && g != NULL && (s->grantee == asker || !proc_gone(g)))
		vm_unmap(g, s->addr, s->pages * PAGE_SIZE);
}

/*
 * Check the owner's pages for a mapping of n pages at va: each must be
 * present, or come on demand; a writable mapping needs pages the owner
 * may write. Returns OK with *need the pages that making them ready
 * takes, or EFAULT / ENOMEM (a page shared by too many).
 */
static int check_owner(const struct vmproc *o, vir_bytes va, u32_t n, int writable, u32_t *need)
{
	enum access a = NO_WRITE;
	vir_bytes end = 0;   /* a's region holds up to here (0: not asked) */
	phys_bytes pa;
	u32_t i, refs, kind;

	*need = 0;
	for (i = 0; i < n; i++, va += PAGE_SIZE) {
		if (end == 0 || va >= end)
			a = page_access(o, va, &end);
		pa = vm_lookup(o->pagedir, va);
		if (pa == 0 && a != DEMAND)
			return EFAULT;
		if (writable && a == NO_WRITE)
			return EFAULT;
		refs = pa != 0 ? page_info(pa, &kind) : 0;
		if (pa == 0 || ((kind & PAGE_COW) && refs > 1))
			(*need)++;
		else if (refs >= PAGE_REFS_MAX - 1)
			return ENOMEM;
	}
	return OK;
}

/* Make the owner's page at va present and its own, marked shared. */
static phys_bytes ready_page(struct vmproc *o, vir_bytes va)
{
	phys_bytes pa = vm_lookup(o->pagedir, va);

	if (pa == 0) {
		if ((pa = page_alloc()) == 0)
			panic("ready_page: pages were counted");
		page_zero(pa);
		if (vm_map_page(o->pagedir, va, pa, PTE_U | PTE_W) != OK)
			panic("ready_page: pages were counted");
	} else if ((page_kind(pa) & PAGE_COW) && cow_own(o, va, pa) != OK) {
		panic("ready_page: pages were counted");
	}
	pa = vm_lookup(o->pagedir, va);
	page_set_kind(pa, PAGE_SHARED);
	return pa;
}

/* VM_SAFEMAP, from m's source: see include/mica/vm.h. */
int do_safemap(message *m)
{
	struct mess_vm_safemap *sm = &m->vm_safemap;
	struct vmproc *g = vmproc_of(m->m_source), *o;
	struct mess_vmctl ask = { 0 };
	struct grant_check q = { 0 };
	struct sharing *s, *parent;
	u32_t pages = sm->len / PAGE_SIZE, need, i;
	vir_bytes at;
	int held, r;

	if (g == NULL)
		return EPERM;
	if (sm->len == 0 || sm->len % PAGE_SIZE != 0 || (sm->flags & ~SAFEMAP_WRITE) != 0)
		return EINVAL;
	q.granter = sm->granter;
	q.grant = sm->grant;
	q.offset = sm->offset;
	q.bytes = sm->len;
	q.access = CPF_MAP | CPF_READ | ((sm->flags & SAFEMAP_WRITE) ? CPF_WRITE : 0);
	ask.addr = (vir_bytes)&q;
	if ((r = sys_vmctl(VMCTL_GRANTCHECK, g->endpt, &ask)) != OK)
		return r;
	if (q.addr % PAGE_SIZE != 0)
		return EINVAL;
	if ((o = vmproc_of(q.owner)) == NULL)
		return EPERM;   /* VM's own memory is nobody's to map */
	/* o is alive: the kernel has just checked the grant, and no user
	 * process runs while VM serves a request (servers come first). */
	/* Room first: it bounds the pages the owner's check walks. */
	if ((at = find_room(g->endpt, pages, &held)) == 0 || held >= SAFEMAP_PER_PROC)
		return ENOMEM;
	/* Pages of the owner's safemap area: all in one mapping of its own,
	 * which the new one then hangs from. */
	parent = sharing_at(o->endpt, q.addr);
	if ((parent == NULL && q.addr + sm->len > USER_SAFEMAP_BASE && q.addr < USER_SAFEMAP_END) ||
	    (parent != NULL && q.addr + sm->len > parent->addr + parent->pages * PAGE_SIZE))
		return EFAULT;
	/* Maps of maps are ended by recursion (sharing_end()): their depth
	 * is bounded as an indirect chain's is. */
	if (parent != NULL && parent->depth + 1 >= GRANT_MAX_DEPTH)
		return EGRANTDEPTH;
	if ((r = check_owner(o, q.addr, pages, sm->flags & SAFEMAP_WRITE, &need)) != OK)
		return r;
	/* The owner's new pages and their tables, the grantee's tables, and
	 * a page of records (a range of n pages spans at most n / 1024 + 2
	 * tables): nobody else takes pages while VM serves this. */
	if (pages_free() < need + 2 * (pages / PDE_ENTRIES + 2) + 1 || (s = record_new()) == NULL)
		return ENOMEM;
	for (i = 0; i < pages; i++) {
		phys_bytes pa = ready_page(o, q.addr + i * PAGE_SIZE);

		if (page_ref(pa) != OK ||
		    vm_map_page(g->pagedir, at + i * PAGE_SIZE, pa,
		                PTE_U | ((sm->flags & SAFEMAP_WRITE) ? PTE_W : 0)) != OK)
			panic("do_safemap: pages were counted");
	}
	*s = (struct sharing){
		.grantee = g->endpt, .addr = at, .pages = pages,
		.writable = (sm->flags & SAFEMAP_WRITE) != 0, .owner = o->endpt,
		.hops = q.hops, .parent = parent,
		.depth = parent != NULL ? parent->depth + 1 : 0,
	};
	memcpy(s->chain, q.chain, sizeof(s->chain));
	sm->addr = at;
	return OK;
}

/* VM_SAFEUNMAP: the caller's mapping that starts at m.vm_safemap.addr. */
int do_safeunmap(message *m)
{
	struct sharing *s = sharing_at(m->m_source, m->vm_safemap.addr);

	if (s == NULL || s->addr != m->vm_safemap.addr)
		return EINVAL;
	sharing_end(s, 1, m->m_source);
	pools_trim();
	return OK;
}

#define ANY_GRANT (-1)

/* Was s made through grant id (ANY_GRANT: any grant) of granter? */
static int through(const struct sharing *s, endpoint_t granter, cp_grant_id_t id)
{
	u32_t i;

	for (i = 0; i < s->hops && i < GRANT_MAX_DEPTH; i++)
		if (s->chain[i].granter == granter && (id == ANY_GRANT || s->chain[i].id == id))
			return 1;
	return 0;
}

/* VM_SAFEREVMAP: every mapping made through the caller's grant. */
int do_saferevmap(message *m)
{
	struct pool *p;
	struct sharing *s;
	u32_t i, n = 0;

	if (m->vm_safemap.grant < 0)
		return EINVAL;
	FOR_EACH_SHARING(s, p, i) {
		if (through(s, m->m_source, m->vm_safemap.grant)) {
			sharing_end(s, 1, m->m_source);
			n++;
		}
	}
	pools_trim();
	m->vm_safemap.len = n;
	return OK;
}

/* e has ended (procs.c, before its space is freed): its own mappings
 * go with its space, and so does every mapping of its memory or made
 * through one of its grants. */
void share_exited(endpoint_t e)
{
	struct pool *p;
	struct sharing *s;
	u32_t i;

	FOR_EACH_SHARING(s, p, i) {
		if (s->grantee == e || s->owner == e || through(s, e, ANY_GRANT))
			sharing_end(s, s->grantee != e, NONE);
	}
	pools_trim();
}

/* Pages VM holds for the records. */
u32_t share_pages(void) { return pool_pages; }
