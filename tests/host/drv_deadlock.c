/*
 * Host check of kernel/deadlock.c: would_deadlock() on a wait-for graph
 * the parent lays out in the process table.
 *   "D CALLER E N [ENDPOINT FLAGS SENDTO GETFROM]*N"
 *       slot i gets the i-th group (ENDPOINT -1: slot free), then
 *       would_deadlock(proc_addr(CALLER), E)
 *   answer: RESULT
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

const char hc_driver[] = "deadlock";

void hc_hello_extra(void)
{
	hc_kernel_reset();
}

int hc_handle(int argc, char **argv)
{
	int caller, n, i;
	struct proc *p;

	if (argc < 4 || strcmp(argv[0], "D") != 0)
		return -1;
	caller = (int)hc_int(argv[1]);
	n = (int)hc_int(argv[3]);
	if (n < 1 || n > NR_PROCS || argc != 4 + 4 * n || caller < 0 || caller >= n)
		return -1;
	hc_kernel_reset();
	for (i = 0; i < n; i++) {
		char **w = argv + 4 + 4 * i;

		p = proc_addr(i);
		if (hc_int(w[0]) == -1)
			continue;
		p->p_endpoint = (endpoint_t)hc_int(w[0]);
		p->p_gen = endpoint_gen(p->p_endpoint);
		p->p_rts_flags = hc_u32(w[1]);
		p->p_sendto = (endpoint_t)hc_int(w[2]);
		p->p_getfrom = (endpoint_t)hc_int(w[3]);
		p->p_privflags = PROC_SYSTEM;
	}
	hc_put_int(would_deadlock(proc_addr(caller), (endpoint_t)hc_int(argv[2])));
	return 0;
}
