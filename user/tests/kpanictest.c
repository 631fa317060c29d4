/*
 * Kernel failures on purpose, through SYS_TESTHOOK (the kernel must be
 * booted with "testhooks"): `kpanictest panic|fault|trace` stops the
 * machine with a kernel panic; `kpanictest denied` checks that without
 * "testhooks" the call is refused.
 */
#include "check.h"

static int testhook(u32_t what, int arg)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.testhook.what = what;
	m.testhook.arg = arg;
	return _kernel_call(SYS_TESTHOOK, &m);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		panic("usage: kpanictest panic|fault|trace|denied");
	if (strcmp(argv[1], "denied") == 0) {
		CHECK_ERR("panic hook", testhook(TESTHOOK_PANIC, 1), ECALLDENIED);
		CHECK_ERR("fault hook", testhook(TESTHOOK_FAULT, 1), ECALLDENIED);
		return test_done("kpanictest denied");
	}
	if (strcmp(argv[1], "panic") == 0)
		printf("kpanictest: %s\n", errstr(testhook(TESTHOOK_PANIC, 7)));
	else if (strcmp(argv[1], "fault") == 0)
		printf("kpanictest: %s\n", errstr(testhook(TESTHOOK_FAULT, 0)));
	else if (strcmp(argv[1], "trace") == 0)
		printf("kpanictest: %s\n", errstr(testhook(TESTHOOK_TRACE, 1)));
	printf("FAIL the kernel is still running\n");
	return 1;
}
