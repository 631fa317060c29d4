/*
 * DS, the data store (<mica/ds.h>): a system server, in slot DS_SLOT,
 * started at boot after VM. It serves one request at a time, from
 * anyone, and never blocks on a client: a reply goes out with REPLYREC,
 * SENDNB's semantics and the next receive in one trap (a client that
 * did not SENDREC loses its reply), and changes are told to
 * subscribers with NOTIFY. The kernel tells it of every process's end
 * with a NOTIFY from SYSTEM (exits.c).
 */
#include "ds.h"

static int (*const requests[])(message *m) = {
	[DS_PUBLISH - DS_PUBLISH] = do_publish,
	[DS_RETRIEVE - DS_PUBLISH] = do_retrieve,
	[DS_DELETE - DS_PUBLISH] = do_delete,
	[DS_SUBSCRIBE - DS_PUBLISH] = do_subscribe,
	[DS_CHECK - DS_PUBLISH] = do_check,
	[DS_LIST - DS_PUBLISH] = do_list,
};

#define NR_REQUESTS ((int)(sizeof(requests) / sizeof(requests[0])))

int main(void)
{
	message m;
	int r, type;

	store_init();
	subs_init();
	maps_init();
	r = receive(ANY, &m);
	for (;;) {
		if (r != OK)
			panic("receive: %s", errstr(r));
		type = m.m_type - DS_PUBLISH;
		if (m.m_type == NOTIFY_MESSAGE && m.m_source == SYSTEM) {
			exits_collect();
			r = receive(ANY, &m);
			continue;
		}
		if (type >= 0 && type < NR_REQUESTS)
			r = requests[type](&m);
		else
			r = EINVAL;   /* a NOTIFY from anyone else, too */
		m.m_type = r;
		if ((r = replyrec(m.m_source, &m)) == OK)
			continue;   /* replied, and m is the next request */
		/* Not replied, and nothing received yet. */
		if (r != ENOTREADY && r != EDEADSRCDST)
			printf("ds: reply to %d failed: %s\n", m.m_source, errstr(r));
		r = receive(ANY, &m);
	}
}
