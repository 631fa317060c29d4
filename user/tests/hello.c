/* The smallest program: proves boot, spawn, printf and exit work. */
#include <libsys.h>

int main(int argc, char **argv)
{
	char name[PROC_NAME_LEN];
	endpoint_t self;
	int i;

	sys_whoami(&self, name, sizeof(name));
	printf("hello, world from %s(%d)\n", name, self);
	for (i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	return 0;
}
