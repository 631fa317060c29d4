/*
 * The store: DS_ENTRIES_MAX entries in a table, found by key. A linear
 * search is the right size for 64 entries; what matters is that nothing
 * here grows: a full store refuses a new key (ENOSPC, in requests.c),
 * and a deleted entry is cleared for the next one.
 */
#include <string.h>

#include "store.h"

static struct entry entries[DS_ENTRIES_MAX];

void store_init(void)
{
	memset(entries, 0, sizeof(entries));
}

struct entry *store_find(const char *key)
{
	int i;

	for (i = 0; i < DS_ENTRIES_MAX; i++)
		if (entries[i].key[0] != '\0' && strcmp(entries[i].key, key) == 0)
			return &entries[i];
	return NULL;
}

/* A free entry named key (which is not in the store), or NULL if full. */
struct entry *store_new(const char *key)
{
	int i;

	for (i = 0; i < DS_ENTRIES_MAX; i++) {
		if (entries[i].key[0] == '\0') {
			strlcpy(entries[i].key, key, sizeof(entries[i].key));
			return &entries[i];
		}
	}
	return NULL;
}

void store_delete(struct entry *e)
{
	memset(e->key, 0, sizeof(e->key));
	e->type = e->value = e->len = 0;
	e->owner = NONE;   /* data is read only up to len, which is 0 now */
}

/* The index-th entry in use, in table order, or NULL. */
struct entry *store_at(u32_t index)
{
	int i;

	for (i = 0; i < DS_ENTRIES_MAX; i++)
		if (entries[i].key[0] != '\0' && index-- == 0)
			return &entries[i];
	return NULL;
}

/* An entry whose owner, or whose label's process, is not alive. */
struct entry *store_next_owned_by_dead(int (*alive)(endpoint_t))
{
	int i;

	for (i = 0; i < DS_ENTRIES_MAX; i++) {
		struct entry *e = &entries[i];

		if (e->key[0] != '\0' &&
		    (!alive(e->owner) || (e->type == DSF_LABEL && !alive((endpoint_t)e->value))))
			return e;
	}
	return NULL;
}
