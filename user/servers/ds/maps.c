/*
 * Mapped ranges (DSF_MAP): memory a publisher shares by mapping, not by
 * copying. The publisher grants DS its pages with CPF_MAP; DS keeps the
 * grant's id as the entry's value. Whoever retrieves the entry gets a
 * grant of DS's own: an indirect grant passing the publisher's on, for
 * the retriever alone, which it maps with safemap (ds_retrieve_map()).
 * The chain's rights are the intersection of its hops, so a retriever
 * can never map more, or with more access, than the publisher gave.
 *
 * Revocation: when the entry is overwritten or deleted, DS revokes every
 * grant it handed out for it, and VM unmaps every mapping made through
 * them (VM keeps each mapping's chain). When the publisher ends, VM
 * unmaps every mapping made through its grant itself, and DS's grants
 * for the entry lead nowhere; DS takes back such dead hand-outs when it
 * needs their room.
 */
#include "ds.h"

static struct handout {
	endpoint_t to;           /* NONE: free */
	const struct entry *e;   /* the entry, */
	endpoint_t owner;        /* its publisher... */
	cp_grant_id_t root;      /* ...and its grant */
	cp_grant_id_t id;        /* DS's grant to `to` */
} handouts[DS_HANDOUTS_MAX];

void maps_init(void)
{
	int i;

	for (i = 0; i < DS_HANDOUTS_MAX; i++)
		handouts[i].to = NONE;
}

/* A publish of a mapped range: whole pages, at most DS_MAP_MAX bytes,
 * and a grant that lets DS read all of them (DS reads one byte: whether
 * it also gives CPF_MAP, only a map can tell, and the retriever's map
 * fails with EGRANTACCESS if not). */
int maps_check_publish(const message *m)
{
	u8_t byte;

	if (m->ds.len == 0 || m->ds.len % PAGE_SIZE != 0)
		return EINVAL;
	if (m->ds.len > DS_MAP_MAX)
		return E2BIG;
	return sys_safecopyfrom(m->m_source, m->ds.grant, m->ds.len - 1, &byte, 1);
}

/* Was h handed out for the entry e as it is now? */
static int mine(const struct handout *h, const struct entry *e)
{
	return h->e == e && h->owner == e->owner && h->root == (cp_grant_id_t)e->value;
}

static void handout_end(struct handout *h)
{
	cpf_revoke(h->id);   /* and VM unmaps what was mapped through it */
	h->to = NONE;
}

/* Is h of no use any more: its entry is gone, or its retriever? */
static int handout_dead(const struct handout *h)
{
	struct entry *e;
	message m;
	u32_t i;

	for (i = 0; (e = store_at(i)) != NULL; i++)
		if (e->type == DSF_MAP && mine(h, e))
			break;
	if (e == NULL)
		return 1;
	message_clear(&m);
	m.getinfo.endpt = h->to;
	return sys_getinfo(GET_PROCNAME, NULL, 0, &m) != OK;
}

/* A retrieve of the mapped range e by m's source: DS's grant for it in
 * m.ds.grant (the same one each time it asks), its length in m.ds.len. */
int maps_hand_out(const struct entry *e, message *m)
{
	struct handout *h, *free = NULL;
	cp_grant_id_t id;
	int i;

	for (i = 0; i < DS_HANDOUTS_MAX; i++) {
		h = &handouts[i];
		if (h->to == m->m_source && mine(h, e))
			break;
		if (free == NULL && (h->to == NONE || handout_dead(h))) {
			if (h->to != NONE)
				handout_end(h);
			free = h;
		}
	}
	if (i == DS_HANDOUTS_MAX) {
		if ((h = free) == NULL)
			return ENOSPC;
		id = cpf_grant_indirect(m->m_source, e->owner, (cp_grant_id_t)e->value, 0, e->len,
		                        CPF_READ | CPF_WRITE | CPF_MAP);
		if (id < 0)
			return id;
		*h = (struct handout){ m->m_source, e, e->owner, (cp_grant_id_t)e->value, id };
	}
	m->ds.grant = h->id;
	m->ds.len = e->len;
	return OK;
}

/* The mapped range e is overwritten or deleted: every mapping of it
 * goes. */
void maps_revoke(const struct entry *e)
{
	int i;

	for (i = 0; i < DS_HANDOUTS_MAX; i++)
		if (handouts[i].to != NONE && mine(&handouts[i], e))
			handout_end(&handouts[i]);
}
