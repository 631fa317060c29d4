/*
 * SYS_DIAG_WRITE: print text on the console (and into the kernel log).
 *   in:  m.diag.buf  address of the text in the caller's memory
 *        m.diag.len  its length in bytes (at most DIAG_MAX)
 *   returns OK, EINVAL (too long), EFAULT (buffer not readable; nothing
 *   is printed).
 */
#include "calls.h"

#define DIAG_MAX 4096

int do_diag_write(struct proc *caller, message *m)
{
	static char buf[DIAG_MAX];
	int r;

	if (m->diag.len > DIAG_MAX)
		return EINVAL;
	if ((r = copy_from_user(caller, m->diag.buf, buf, m->diag.len)) != OK)
		return r;
	console_write_from(caller->p_endpoint, buf, m->diag.len);
	return OK;
}
