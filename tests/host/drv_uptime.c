/*
 * Host check of kernel/calls/do_uptime.c.
 *   "U LO HI HZ": ticks = HI:LO, clock_hz() = HZ; call do_uptime()
 *   answer: RESULT TICKS_LO TICKS_HI HZ (the message's fields)
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"
#include "calls/calls.h"

const char hc_driver[] = "uptime";

void hc_hello_extra(void)
{
	hc_kernel_reset();
}

int hc_handle(int argc, char **argv)
{
	message m;
	int r;

	if (argc != 4 || strcmp(argv[0], "U") != 0)
		return -1;
	ticks = (u64_t)hc_u32(argv[2]) << 32 | hc_u32(argv[1]);
	hc_hz = (int)hc_int(argv[3]);
	memset(&m, 0x5a, sizeof(m));
	r = do_uptime(proc_addr(7), &m);
	hc_put_int(r);
	hc_put_u64(m.uptime.ticks_lo);
	hc_put_u64(m.uptime.ticks_hi);
	hc_put_int((int)m.uptime.hz);
	return 0;
}
