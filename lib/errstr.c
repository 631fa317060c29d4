/* errstr(): error code to name (see errstr.h). */
#include <mica/errno.h>

#include "errstr.h"

/* One case per code; #name turns the macro's name into the string. */
#define NAME(name) case name: return #name

const char *errstr(int err)
{
	switch (err) {
	NAME(OK);
	NAME(EPERM);
	NAME(ENOENT);
	NAME(ESRCH);
	NAME(EINTR);
	NAME(EIO);
	NAME(E2BIG);
	NAME(ENOEXEC);
	NAME(ECHILD);
	NAME(EAGAIN);
	NAME(ENOMEM);
	NAME(EFAULT);
	NAME(EBUSY);
	NAME(EEXIST);
	NAME(EINVAL);
	NAME(ENOSPC);
	NAME(ERANGE);
	NAME(ENAMETOOLONG);
	NAME(ENOSYS);
	NAME(ELOCKED);
	NAME(EBADREQUEST);
	NAME(ECALLDENIED);
	NAME(EDEADSRCDST);
	NAME(ENOTREADY);
	NAME(EBADSRCDST);
	NAME(EBADCALL);
	NAME(ENOGRANTS);
	NAME(EGRANTID);
	NAME(EGRANTUNUSED);
	NAME(EGRANTSTALE);
	NAME(EGRANTEE);
	NAME(EGRANTACCESS);
	NAME(EGRANTBOUNDS);
	NAME(EGRANTDEPTH);
	NAME(EGRANTLOOP);
	NAME(EGRANTMAGIC);
	NAME(EGRANTBAD);
	default:
		return "EUNKNOWN";
	}
}
