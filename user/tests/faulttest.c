/*
 * Faults in user mode end only the faulting process. `faulttest` starts
 * one victim per kind of fault and checks that each was killed; the
 * reports (from VM for page faults, from the kernel for the others) are
 * checked by the grader. Ends "faulttest: ok".
 */
#include "check.h"

static volatile int sink;

int main(int argc, char **argv);

static void victim(const char *kind)
{
	if (strcmp(kind, "kernelread") == 0)
		sink = *(volatile int *)0x100000;
	else if (strcmp(kind, "kernelwrite") == 0)
		*(volatile int *)0x100000 = 1;
	else if (strcmp(kind, "null") == 0)
		sink = *(volatile int *)0;
	else if (strcmp(kind, "unmapped") == 0)
		sink = *(volatile int *)0x60000000;
	else if (strcmp(kind, "textwrite") == 0)
		*(volatile u8_t *)(void *)main = 0xc3;
	else if (strcmp(kind, "kerneljump") == 0)
		((void (*)(void))0x100000)();
	else if (strcmp(kind, "privileged") == 0)
		__asm__ volatile("cli");
	else if (strcmp(kind, "badint") == 0)
		__asm__ volatile("int $0x40");   /* an IRQ vector: not for users */
	else if (strcmp(kind, "ud2") == 0)
		__asm__ volatile("ud2");
	else if (strcmp(kind, "divide") == 0)
		__asm__ volatile("xorl %%ecx, %%ecx; divl %%ecx" : : : "eax", "ecx", "edx");
	else
		return;   /* "none": no fault at all */
	printf("faulttest: victim %s survived its fault\n", kind);
}

static const char *kinds[] = {
	"kernelread", "kernelwrite", "null", "unmapped", "textwrite",
	"kerneljump", "privileged", "badint", "ud2", "divide",
};

int main(int argc, char **argv)
{
	int status, killed;
	unsigned i;
	endpoint_t e;

	if (argc == 3 && strcmp(argv[1], "victim") == 0) {
		victim(argv[2]);
		return 0;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		e = start_helper("faulttest victim %s", kinds[i]);
		CHECK_ERR(kinds[i], vm_wait(e, &status, &killed), OK);
		CHECK_EQ(kinds[i], killed, 1);
	}
	/* The system goes on: a new process still runs to its end. */
	e = start_helper("faulttest victim none");
	finish_helper("after the faults", e, 0);
	return test_done("faulttest");
}
