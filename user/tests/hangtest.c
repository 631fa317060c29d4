/*
 * A program that hangs on purpose, for the grader's watchdog test: it
 * waits for a message that never comes (RECEIVE from ANY, which no
 * deadlock check can refuse: anyone might still send). Under a
 * watchdog=TICKS budget the kernel must stop the run, print its process
 * dump and halt with HALT_WATCHDOG (doc/grader.md, "hang").
 */
#include <libsys.h>

int main(void)
{
	message m;

	printf("hangtest: waiting for a message that never comes\n");
	receive(ANY, &m);
	printf("hangtest: FAIL: received a message from %d\n", m.m_source);
	return 1;
}
