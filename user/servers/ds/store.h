/*
 * DS's store and its key patterns: the parts of DS that need nothing of
 * libsys, so that tests/test_ds.c runs them on the host.
 */
#ifndef DS_STORE_H
#define DS_STORE_H

#include <mica/types.h>
#include <mica/endpoint.h>
#include <mica/ds.h>

/* An entry of the store; a free one has key[0] == '\0'. */
struct entry {
	char key[DS_KEY_MAX];
	u32_t type;             /* DSF_U32 ... DSF_LABEL */
	endpoint_t owner;
	u32_t value;            /* U32, and LABEL's endpoint */
	u32_t len;              /* STRING (with its NUL) and MEM: bytes */
	u8_t data[DS_MEM_MAX];  /* STRING and MEM */
};

/* match.c */
int ds_match(const char *pattern, const char *key);

/* store.c */
void store_init(void);
struct entry *store_find(const char *key);
struct entry *store_new(const char *key);
void store_delete(struct entry *e);
struct entry *store_at(u32_t index);
struct entry *store_next_owned_by_dead(int (*alive)(endpoint_t));

#endif
