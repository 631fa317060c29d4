/* Names for the error codes in <mica/errno.h>, for printing. */
#ifndef MICA_ERRSTR_H
#define MICA_ERRSTR_H

/*
 * The macro name of err: "OK", "EFAULT", "ELOCKED", ... or "EUNKNOWN" for
 * a value that is not in <mica/errno.h>. The string is static.
 */
const char *errstr(int err);

#endif
