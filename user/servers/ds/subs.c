/*
 * Subscriptions (lab 4, exercise 3): who wants to hear of which keys,
 * and the keys each has not yet been told of.
 *
 * The behaviour is DS's contract with its clients, in <mica/ds.h>
 * (read it whole): a change to a matching key sends the subscriber a
 * NOTIFY and is remembered for that subscription until DS_CHECK hands it
 * out; keys are handed out oldest first, each once however often it
 * changed, with the key's state at the time of the check; at most
 * DS_PENDING_MAX keys are remembered, and a subscriber that lost some is
 * told so with DSF_LOST on its next check.
 *
 * The storage is struct sub in ds.h (DS_SUBS_MAX of them, for everyone
 * together). Entries are found with store_find() and store_at(); NOTIFY
 * with notify(endpoint).
 *
 * The traps: DS must never block on a subscriber (why does NOTIFY not
 * block, when SEND would?); a subscriber that never checks must not make
 * DS's memory grow; and "oldest first" must hold across the point where
 * the oldest key is forgotten.
 */
#include "ds.h"

void subs_init(void)
{
}

/* DS_SUBSCRIBE: who wants keys matching pattern; with initial, every
 * entry that matches now counts as changed. OK, EEXIST (who has that
 * pattern already), ENOSPC (no free subscription). */
int subs_add(endpoint_t who, const char *pattern, int initial)
{
	(void)who, (void)pattern, (void)initial;
	printf("ds: lab 4: subs_add() is not written yet\n");
	return ENOSYS;
}

/* key was published, overwritten or deleted: tell whoever subscribed. */
void subs_changed(const char *key)
{
	(void)key;
}

/* DS_CHECK for who: fill m->ds (key, flags, owner, len) with the next
 * remembered key of its subscriptions; ENOENT if none is left. */
int subs_check(endpoint_t who, message *m)
{
	(void)who, (void)m;
	return ENOENT;
}

/* A subscriber that has ended has no subscriptions. */
void subs_forget_dead(int (*alive)(endpoint_t))
{
	(void)alive;
}
