/*
 * DS, the data store: what its files share. The protocol and the rules
 * are in <mica/ds.h>; this server keeps them in fixed tables, so its
 * memory is bounded whatever its clients do.
 */
#ifndef DS_DS_H
#define DS_DS_H

#include <libsys.h>
#include "store.h"

_Static_assert(sizeof(((message *)0)->ds.key) == DS_KEY_MAX, "m.ds.key holds DS_KEY_MAX bytes");

/* One subscription: a pattern, and the keys changed since its
 * subscriber last checked (a ring, oldest first, each key once). */
struct sub {
	endpoint_t who;         /* NONE: free */
	char pattern[DS_KEY_MAX];
	char pending[DS_PENDING_MAX][DS_KEY_MAX];
	int first, count;
	int lost;               /* keys were forgotten since the last check */
};

/* subs.c */
void subs_init(void);
int subs_add(endpoint_t who, const char *pattern, int initial);
void subs_changed(const char *key);
int subs_check(endpoint_t who, message *m);
void subs_forget_dead(int (*alive)(endpoint_t));

/* requests.c */
int key_from(message *m);
int do_publish(message *m);
int do_retrieve(message *m);
int do_delete(message *m);
int do_subscribe(message *m);
int do_check(message *m);
int do_list(message *m);

/* exits.c */
void exits_collect(void);

/* maps.c: mapped ranges (DSF_MAP) */
void maps_init(void);
int maps_check_publish(const message *m);
int maps_hand_out(const struct entry *e, message *m);
void maps_revoke(const struct entry *e);

#endif
