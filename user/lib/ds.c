/*
 * The clients of DS's requests (<mica/ds.h>). Strings and memory travel
 * through a grant to DS made for the one request and revoked after it,
 * whatever DS answered, so DS can reach the buffer only while it serves
 * that request.
 */
#include <libsys.h>

/* Send a request about key; the reply is in *m, its result returned. */
static int ds_request(int type, const char *key, message *m)
{
	int r;

	if (strlcpy(m->ds.key, key, sizeof(m->ds.key)) >= sizeof(m->ds.key))
		return ENAMETOOLONG;
	m->m_type = type;
	if ((r = sendrec(DS_PROC_NR, m)) != OK)
		return r;
	return m->m_type;
}

/* A request whose value is buf[0 .. len), granted to DS with access. */
static int ds_with_buffer(int type, const char *key, u32_t flags, void *buf, size_t len,
                          int access, message *m)
{
	cp_grant_id_t g = cpf_grant_direct(DS_PROC_NR, (vir_bytes)buf, len, access);
	int r;

	if (g < 0)
		return g;
	m->ds.flags = flags;
	m->ds.grant = g;
	m->ds.len = len;
	r = ds_request(type, key, m);
	cpf_revoke(g);
	return r;
}

int ds_publish_u32(const char *key, u32_t value, u32_t flags)
{
	message m = { .ds = { .flags = DSF_U32 | flags, .value = value } };

	return ds_request(DS_PUBLISH, key, &m);
}

int ds_publish_label(const char *key, endpoint_t e, u32_t flags)
{
	message m = { .ds = { .flags = DSF_LABEL | flags, .value = (u32_t)e } };

	return ds_request(DS_PUBLISH, key, &m);
}

int ds_publish_str(const char *key, const char *s, u32_t flags)
{
	message m;

	message_clear(&m);
	return ds_with_buffer(DS_PUBLISH, key, DSF_STRING | flags, (void *)s, strlen(s) + 1,
	                      CPF_READ, &m);
}

int ds_publish_mem(const char *key, const void *buf, size_t len, u32_t flags)
{
	message m;

	message_clear(&m);
	return ds_with_buffer(DS_PUBLISH, key, DSF_MEM | flags, (void *)buf, len, CPF_READ, &m);
}

/* A number or a label: its value into *value, its owner into *owner
 * (either may be NULL). */
static int retrieve_word(const char *key, u32_t type, u32_t *value, endpoint_t *owner)
{
	message m = { .ds = { .flags = type } };
	int r = ds_request(DS_RETRIEVE, key, &m);

	if (r == OK && value != NULL)
		*value = m.ds.value;
	if (r == OK && owner != NULL)
		*owner = m.ds.owner;
	return r;
}

int ds_retrieve_u32(const char *key, u32_t *value, endpoint_t *owner)
{
	return retrieve_word(key, DSF_U32, value, owner);
}

int ds_retrieve_label(const char *key, endpoint_t *e, endpoint_t *owner)
{
	return retrieve_word(key, DSF_LABEL, (u32_t *)e, owner);
}

/* A string or memory range into buf (room bytes); *len gets its length
 * (also on E2BIG: what it would take). */
static int retrieve_bytes(const char *key, u32_t type, void *buf, size_t room, size_t *len)
{
	message m;
	int r;

	message_clear(&m);
	r = ds_with_buffer(DS_RETRIEVE, key, type, buf, room, CPF_WRITE, &m);
	if ((r == OK || r == E2BIG) && len != NULL)
		*len = m.ds.len;
	return r;
}

int ds_retrieve_str(const char *key, char *buf, size_t room)
{
	return retrieve_bytes(key, DSF_STRING, buf, room, NULL);
}

int ds_retrieve_mem(const char *key, void *buf, size_t room, size_t *len)
{
	return retrieve_bytes(key, DSF_MEM, buf, room, len);
}

/* Publish len bytes (whole pages) at buf, for others to map: granted to
 * DS with access (CPF_READ, perhaps CPF_WRITE) and CPF_MAP. The grant
 * stays, in *grant, until the entry is gone: revoke it then (which also
 * unmaps whatever is still mapped through it). */
int ds_publish_map(const char *key, void *buf, size_t len, int access, u32_t flags,
                   cp_grant_id_t *grant)
{
	message m;
	cp_grant_id_t g = cpf_grant_direct(DS_PROC_NR, (vir_bytes)buf, len, access | CPF_MAP);
	int r;

	if (g < 0)
		return g;
	message_clear(&m);
	m.ds.flags = DSF_MAP | flags;
	m.ds.grant = g;
	m.ds.len = len;
	if ((r = ds_request(DS_PUBLISH, key, &m)) != OK) {
		cpf_revoke(g);
		return r;
	}
	*grant = g;
	return OK;
}

/* Map the mapped range published as key into our space (mapflags:
 * SAFEMAP_WRITE for a writable map); where, and its length. */
int ds_retrieve_map(const char *key, u32_t mapflags, void **addr, size_t *len)
{
	message m;
	int r;

	message_clear(&m);
	m.ds.flags = DSF_MAP;
	if ((r = ds_request(DS_RETRIEVE, key, &m)) != OK)
		return r;
	if ((r = sys_safemap(DS_PROC_NR, m.ds.grant, 0, m.ds.len, mapflags, addr)) != OK)
		return r;
	if (len != NULL)
		*len = m.ds.len;
	return OK;
}

int ds_delete(const char *key)
{
	message m;

	message_clear(&m);
	return ds_request(DS_DELETE, key, &m);
}

int ds_subscribe(const char *pattern, u32_t flags)
{
	message m = { .ds = { .flags = flags } };

	return ds_request(DS_SUBSCRIBE, pattern, &m);
}

/* The next changed key: into key (DS_KEY_MAX bytes), with its type (or
 * DSF_DELETED, and DSF_LOST) in *flags and its owner in *owner. ENOENT:
 * nothing left. */
int ds_check(char *key, u32_t *flags, endpoint_t *owner)
{
	message m;
	int r;

	message_clear(&m);
	m.m_type = DS_CHECK;
	if ((r = sendrec(DS_PROC_NR, &m)) != OK)
		return r;
	if ((r = m.m_type) == OK) {
		strlcpy(key, m.ds.key, DS_KEY_MAX);
		*flags = m.ds.flags;
		*owner = m.ds.owner;
	}
	return r;
}

/* The index-th entry, as DS_LIST answers (key, flags: its type, owner,
 * value for a number or label, len for a string or range). */
int ds_list(u32_t index, struct mess_ds *entry)
{
	message m;
	int r;

	message_clear(&m);
	m.m_type = DS_LIST;
	m.ds.value = index;
	if ((r = sendrec(DS_PROC_NR, &m)) != OK)
		return r;
	if ((r = m.m_type) == OK)
		*entry = m.ds;
	return r;
}
