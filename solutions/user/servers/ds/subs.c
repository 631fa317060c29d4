/*
 * Subscriptions (<mica/ds.h>): who wants to hear of which keys, and the
 * keys each has not yet been told of.
 *
 * A change is told in two parts: a NOTIFY now (the kernel keeps one
 * pending NOTIFY per sender, so a burst of changes wakes the subscriber
 * once, and DS never blocks on a subscriber), and the key remembered
 * until the subscriber asks with DS_CHECK. A key is remembered once per
 * subscription however often it changes before the check; DS_CHECK
 * reports the key's state at the time of the check. At most
 * DS_PENDING_MAX keys are remembered: one more forgets the oldest, and
 * the next check carries DSF_LOST, so the subscriber knows to look at
 * everything again rather than miss a change silently.
 */
#include "ds.h"

static struct sub subs[DS_SUBS_MAX];

void subs_init(void)
{
	int i;

	memset(subs, 0, sizeof(subs));
	for (i = 0; i < DS_SUBS_MAX; i++)
		subs[i].who = NONE;
}

static void remember(struct sub *s, const char *key)
{
	int i;

	for (i = 0; i < s->count; i++)
		if (strcmp(s->pending[(s->first + i) % DS_PENDING_MAX], key) == 0)
			return;
	if (s->count == DS_PENDING_MAX) {
		s->first = (s->first + 1) % DS_PENDING_MAX;
		s->count--;
		s->lost = 1;
	}
	strlcpy(s->pending[(s->first + s->count) % DS_PENDING_MAX], key, DS_KEY_MAX);
	s->count++;
}

/* Subscribe who to pattern; with initial, every entry that matches now
 * counts as changed. */
int subs_add(endpoint_t who, const char *pattern, int initial)
{
	struct sub *free = NULL;
	struct entry *e;
	u32_t i;

	for (i = 0; i < DS_SUBS_MAX; i++) {
		if (subs[i].who == who && strcmp(subs[i].pattern, pattern) == 0)
			return EEXIST;
		if (subs[i].who == NONE && free == NULL)
			free = &subs[i];
	}
	if (free == NULL)
		return ENOSPC;
	memset(free, 0, sizeof(*free));
	free->who = who;
	strlcpy(free->pattern, pattern, sizeof(free->pattern));
	if (initial) {
		for (i = 0; (e = store_at(i)) != NULL; i++)
			if (ds_match(pattern, e->key))
				remember(free, e->key);
		if (free->count > 0)
			notify(who);
	}
	return OK;
}

/* key was published, overwritten or deleted: tell whoever subscribed. */
void subs_changed(const char *key)
{
	int i, r;

	for (i = 0; i < DS_SUBS_MAX; i++) {
		if (subs[i].who == NONE || !ds_match(subs[i].pattern, key))
			continue;
		remember(&subs[i], key);
		if ((r = notify(subs[i].who)) != OK)
			printf("ds: cannot notify %d: %s\n", subs[i].who, errstr(r));
	}
}

/* DS_CHECK for who: the oldest key of its first subscription that has
 * one, and that key's state now. */
int subs_check(endpoint_t who, message *m)
{
	struct entry *e;
	struct sub *s;
	int i;

	for (i = 0; i < DS_SUBS_MAX; i++) {
		s = &subs[i];
		if (s->who != who || s->count == 0)
			continue;
		strlcpy(m->ds.key, s->pending[s->first], sizeof(m->ds.key));
		s->first = (s->first + 1) % DS_PENDING_MAX;
		s->count--;
		if ((e = store_find(m->ds.key)) != NULL) {
			m->ds.flags = e->type;
			m->ds.owner = e->owner;
			m->ds.len = e->len;
		} else {
			m->ds.flags = DSF_DELETED;
			m->ds.owner = NONE;
			m->ds.len = 0;
		}
		if (s->lost)
			m->ds.flags |= DSF_LOST;
		s->lost = 0;
		return OK;
	}
	return ENOENT;
}

/* A subscriber that has ended has no subscriptions. */
void subs_forget_dead(int (*alive)(endpoint_t))
{
	int i;

	for (i = 0; i < DS_SUBS_MAX; i++)
		if (subs[i].who != NONE && !alive(subs[i].who))
			subs[i].who = NONE;
}
