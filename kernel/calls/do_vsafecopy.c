/*
 * SYS_VSAFECOPY: several safecopies in one kernel call (a server
 * answering a request that scatters over several grants).
 *   in:  m.vsafecopy.vec    count struct mess_safecopy, in the caller's
 *                           memory, each as SYS_SAFECOPY takes it
 *        m.vsafecopy.count  at most VSAFECOPY_MAX
 *   returns OK; EINVAL (count over VSAFECOPY_MAX); EFAULT (the vector
 *   is not readable); or the error of the first element that fails, as
 *   SYS_SAFECOPY's (do_safecopy.c). They run in order and stop at the
 *   first failure; which one failed is not said (SYS_SAFECOPY them one
 *   by one to find out). A fault makes VM supply the page and the whole
 *   call run again, from the first element: copying bytes twice is
 *   harmless, and every grant is checked afresh.
 */
#include "calls.h"

int do_vsafecopy(struct proc *caller, message *m)
{
	struct mess_safecopy vec[VSAFECOPY_MAX];
	u32_t count = m->vsafecopy.count, i;
	int r;

	if (count > VSAFECOPY_MAX)
		return EINVAL;
	if ((r = copy_from_user(caller, m->vsafecopy.vec, vec, count * sizeof(vec[0]))) != OK)
		return r;
	for (i = 0; i < count; i++)
		if ((r = safecopy(caller, &vec[i], 0)) != OK)
			return r;
	return OK;
}
