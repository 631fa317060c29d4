/*
 * DS's requests (<mica/ds.h>). Each checks everything it is given before
 * it changes anything, so a refused request leaves the store as it was:
 * a value is copied in through the publisher's grant into a buffer of
 * DS's own first, and only then into the entry.
 */
#include "ds.h"

static u8_t incoming[DS_MEM_MAX];

/* m.ds.key: 1 to DS_KEY_MAX - 1 bytes and a NUL. */
int key_from(message *m)
{
	size_t n = strnlen(m->ds.key, sizeof(m->ds.key));

	if (n == sizeof(m->ds.key))
		return ENAMETOOLONG;
	return n == 0 ? EINVAL : OK;
}

/* May who name endpoint e with a label? Itself, or anyone alive if who
 * is a system process (init plays the part of MINIX's RS). */
static int may_label(endpoint_t who, endpoint_t e)
{
	message m;
	int r;

	message_clear(&m);
	m.getinfo.endpt = e;
	if ((r = sys_getinfo(GET_PROCNAME, NULL, 0, &m)) != OK)
		return ESRCH;   /* e is no live process */
	if (e == who)
		return OK;
	message_clear(&m);
	m.getinfo.endpt = who;
	if (sys_getinfo(GET_PROCNAME, NULL, 0, &m) != OK || !(m.whoami.flags & PROC_SYSTEM))
		return EPERM;
	return OK;
}

/* The value of a publish, into incoming (STRING, MEM) or checked (LABEL). */
static int value_in(message *m, u32_t type)
{
	u32_t len = m->ds.len, max = type == DSF_STRING ? DS_STRING_MAX : DS_MEM_MAX;
	int r;

	switch (type) {
	case DSF_U32:
		return OK;
	case DSF_LABEL:
		return may_label(m->m_source, (endpoint_t)m->ds.value);
	case DSF_MAP:
		return maps_check_publish(m);
	default:             /* DSF_STRING, DSF_MEM */
		if (len == 0)
			return EINVAL;
		if (len > max)
			return E2BIG;
		r = sys_safecopyfrom(m->m_source, m->ds.grant, 0, incoming, len);
		if (r != OK)
			return r;
		if (type == DSF_STRING && strnlen((char *)incoming, len) != len - 1)
			return EINVAL;   /* not one string with its NUL */
		return OK;
	}
}

int do_publish(message *m)
{
	u32_t type = m->ds.flags & DSF_TYPE;
	struct entry *e;
	int r;

	if ((r = key_from(m)) != OK)
		return r;
	if ((m->ds.flags & ~(DSF_TYPE | DSF_OVERWRITE)) || type < DSF_U32 || type > DSF_LABEL)
		return EINVAL;
	if ((e = store_find(m->ds.key)) != NULL) {
		if (e->owner != m->m_source)
			return EPERM;
		if (!(m->ds.flags & DSF_OVERWRITE))
			return EEXIST;
	}
	if ((r = value_in(m, type)) != OK)
		return r;
	if (e != NULL && e->type == DSF_MAP)
		maps_revoke(e);   /* the old range's mappings go */
	if (e == NULL && (e = store_new(m->ds.key)) == NULL)
		return ENOSPC;
	e->type = type;
	e->owner = m->m_source;
	e->value = type == DSF_MAP ? (u32_t)m->ds.grant : m->ds.value;
	e->len = type == DSF_U32 || type == DSF_LABEL ? 0 : m->ds.len;
	if (type == DSF_STRING || type == DSF_MEM)
		memcpy(e->data, incoming, e->len);   /* nothing past len is ever read */
	subs_changed(e->key);
	return OK;
}

/* The entry m.ds.key names, into *e: OK, ENOENT, or key_from()'s error. */
static int entry_named(message *m, struct entry **e)
{
	int r;

	if ((r = key_from(m)) != OK)
		return r;
	return (*e = store_find(m->ds.key)) != NULL ? OK : ENOENT;
}

int do_retrieve(message *m)
{
	struct entry *e;
	int r;

	if ((r = entry_named(m, &e)) != OK)
		return r;
	if ((m->ds.flags & ~DSF_TYPE) || (m->ds.flags & DSF_TYPE) != e->type)
		return EINVAL;   /* not a type, or not this entry's */
	m->ds.owner = e->owner;
	if (e->type == DSF_U32 || e->type == DSF_LABEL) {
		m->ds.value = e->value;
		return OK;
	}
	if (e->type == DSF_MAP)
		return maps_hand_out(e, m);
	if (m->ds.len < e->len) {
		m->ds.len = e->len;   /* what it would take */
		return E2BIG;
	}
	if ((r = sys_safecopyto(m->m_source, m->ds.grant, 0, e->data, e->len)) != OK)
		return r;
	m->ds.len = e->len;
	return OK;
}

int do_delete(message *m)
{
	struct entry *e;
	int r;

	if ((r = entry_named(m, &e)) != OK)
		return r;
	if (e->owner != m->m_source)
		return EPERM;
	if (e->type == DSF_MAP)
		maps_revoke(e);
	store_delete(e);
	subs_changed(m->ds.key);
	return OK;
}

int do_subscribe(message *m)
{
	int r;

	if ((r = key_from(m)) != OK)
		return r;
	if (m->ds.flags & ~DSF_INITIAL)
		return EINVAL;
	return subs_add(m->m_source, m->ds.key, (m->ds.flags & DSF_INITIAL) != 0);
}

int do_check(message *m)
{
	return subs_check(m->m_source, m);
}

int do_list(message *m)
{
	struct entry *e = store_at(m->ds.value);

	if (e == NULL)
		return ENOENT;
	strlcpy(m->ds.key, e->key, sizeof(m->ds.key));
	m->ds.flags = e->type;
	m->ds.owner = e->owner;
	m->ds.len = e->len;
	m->ds.value = e->value;
	return OK;
}
