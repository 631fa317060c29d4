/*
 * SYS_CONSREAD: take the console input typed so far, without waiting.
 * The caller becomes the console reader: when more input arrives it gets
 * a NOTIFY from SYSTEM.
 *   in:  m.consread.buf   where to put the bytes
 *        m.consread.size  room there (at most CONSREAD_MAX)
 *   returns the number of bytes (0: none yet), EINVAL, EFAULT (the
 *   buffer is checked first, so no input is lost).
 */
#include "calls.h"

#define CONSREAD_MAX 256

int do_consread(struct proc *caller, message *m)
{
	char buf[CONSREAD_MAX];
	int n, r;

	if (m->consread.size > CONSREAD_MAX)
		return EINVAL;
	if ((r = check_writable(caller, m->consread.buf, m->consread.size)) != OK)
		return r;
	console_set_reader(caller);
	n = console_read(buf, m->consread.size);
	if (n > 0 && (r = copy_to_user(caller, buf, m->consread.buf, n)) != OK)
		return r;
	return n;
}
