/*
 * panic() in user space: the report names the process, the stack trace
 * goes through three known functions, only the panicking process ends
 * (with PANIC_STATUS, not killed), a corrupt frame pointer ends the
 * trace with a marker instead of a fault, and a long message is cut to
 * fit, printed as it was formatted (a % in it is not read again).
 * Ends "paniktest: ok".
 */
#include "check.h"

static __attribute__((noinline)) void panic_level3(int n)
{
	panic("deliberate panic: %d %s", n, "forty-two");
}

static __attribute__((noinline)) void panic_level2(int n)
{
	panic_level3(n + 1);
}

static __attribute__((noinline)) void panic_level1(int n)
{
	panic_level2(n + 1);
}

/* Break the link to our caller's frame, then panic: the walk must stop
 * at the bad link. The link points above this frame, aligned, so only
 * the stack's bounds refuse it: at the guard page over the stack, which
 * is never mapped, so reading it would fault. We never return, so the
 * damage stays here. */
static __attribute__((noinline)) void panic_bad_frame(void)
{
	u32_t *frame = __builtin_frame_address(0);

	frame[0] = USER_STACK_TOP;
	panic("with a corrupt frame pointer");
}

int main(int argc, char **argv)
{
	endpoint_t e;
	int status, killed;

	if (argc == 2 && strcmp(argv[1], "levels") == 0)
		panic_level1(40);
	if (argc == 2 && strcmp(argv[1], "badframe") == 0)
		panic_bad_frame();
	if (argc == 2 && strcmp(argv[1], "long") == 0) {
		static const char head[] = "a literal %d and 100%, then ";
		char text[400];

		memcpy(text, head, sizeof(head) - 1);
		memset(text + sizeof(head) - 1, 'x', sizeof(text) - sizeof(head));
		text[sizeof(text) - 1] = '\0';
		panic("%s", text);   /* cut to fit, never overflowing */
	}
	e = start_helper("paniktest levels");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("panic status", status, PANIC_STATUS);
	CHECK_EQ("not killed", killed, 0);
	e = start_helper("paniktest badframe");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("panic status", status, PANIC_STATUS);
	CHECK_EQ("not killed", killed, 0);
	e = start_helper("paniktest long");
	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("panic status", status, PANIC_STATUS);
	CHECK_EQ("not killed", killed, 0);
	printf("paniktest: the system goes on\n");
	return test_done("paniktest");
}
