/*
 * When a process ends, the kernel sends DS a NOTIFY from SYSTEM. DS then
 * reads the process table and lets go of everything that belonged to a
 * process that is no longer alive: its entries (deleted, and their
 * subscribers told), the labels that named it, and its subscriptions.
 * One NOTIFY may stand for several ends; a process that has ended but
 * whose slot VM has not yet released counts as ended.
 */
#include "ds.h"

static struct procinfo table[NR_PROCS];
static int nr_alive;

static int alive(endpoint_t e)
{
	int i;

	for (i = 0; i < nr_alive; i++)
		if (table[i].endpt == e)
			return !(table[i].flags & PROCINFO_EXITING);
	return 0;
}

void exits_collect(void)
{
	char key[DS_KEY_MAX];
	struct entry *e;
	int n = sys_getinfo(GET_PROCTAB, table, sizeof(table), NULL);

	if (n < 0) {
		printf("ds: cannot read the process table: %s\n", errstr(n));
		return;
	}
	nr_alive = n;
	subs_forget_dead(alive);
	while ((e = store_next_owned_by_dead(alive)) != NULL) {
		strlcpy(key, e->key, sizeof(key));
		store_delete(e);
		subs_changed(key);
	}
}
