/*
 * What a program leaves behind, and what one process can use up.
 *
 *   orphantest leave  start two children that each start a grandchild,
 *                     and end without waiting: init must end all four
 *   orphantest hog    a child eats memory until VM refuses it a page: it
 *                     alone is killed, and the memory comes back
 *   orphantest spin   spin until killed (the shell test stops it)
 */
#include "check.h"

static endpoint_t self;

/* A child of `leave`: start a grandchild that parks, say so, park. */
static int role_family(endpoint_t parent)
{
	message m;

	start_helper("orphantest park");
	memset(&m, 0, sizeof(m));
	if (send(parent, &m) != OK)
		return 2;
	for (;;)
		receive(ANY, &m);
}

static void test_leave(void)
{
	message m;
	int i;

	for (i = 0; i < 2; i++) {
		start_helper("orphantest family %d", self);
		CHECK_ERR("child ready", receive(ANY, &m), OK);
	}
	printf("orphantest: leaving 2 children and 2 grandchildren behind\n");
}

/* Touch heap pages until VM has none left for us. */
static int role_eat(void)
{
	vir_bytes start = vm_brk(0), end = start + 512 * 1024 * 1024, a;

	if (vm_brk(end) == 0)
		return 2;
	for (a = start; a < end; a += PAGE_SIZE)
		*(volatile u32_t *)a = 1;
	return 3;   /* 512 MiB in a 128 MiB machine: never */
}

static void test_hog(void)
{
	u32_t before = free_pages();
	endpoint_t e = start_helper("orphantest eat");
	int status, killed;

	CHECK_ERR("wait", vm_wait(e, &status, &killed), OK);
	CHECK_EQ("the hog alone was killed", killed, 1);
	e = start_helper("orphantest park");
	CHECK("the system goes on", e > 0);
	if (e > 0) {
		message m;

		memset(&m, 0, sizeof(m));
		CHECK_ERR("release", send(e, &m), OK);
		finish_helper("park", e, 0);
	}
	CHECK_EQ("all its memory came back", free_pages(), before);
	printf("orphantest: a hog of %u pages was killed, the rest went on\n", before);
}

static const struct scenario scenarios[] = {
	{ "leave", test_leave }, { "hog", test_hog },
};

int main(int argc, char **argv)
{
	message m;

	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: orphantest MODE");
	if (strcmp(argv[1], "park") == 0)
		return receive(ANY, &m) == OK ? 0 : 1;
	if (strcmp(argv[1], "spin") == 0)
		for (;;)
			;
	if (strcmp(argv[1], "eat") == 0)
		return role_eat();
	if (strcmp(argv[1], "family") == 0 && argc == 3)
		return role_family(arg_int(argv[2]));
	return run_scenario("orphantest", scenarios,
	                    sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
