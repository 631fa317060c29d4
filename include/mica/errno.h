/*
 * Error codes. Every kernel call, IPC primitive and server request returns
 * OK (0) or one of these, which are all negative so "r < 0" means failure.
 * errstr() in lib/ turns one into its name for printing.
 */
#ifndef MICA_ERRNO_H
#define MICA_ERRNO_H

#define OK 0

#define EPERM        (-1)   /* operation not permitted */
#define ENOENT       (-2)   /* no such entry (module, name) */
#define ESRCH        (-3)   /* no such process */
#define EINTR        (-4)
#define EIO          (-5)
#define E2BIG        (-7)   /* argument list or buffer too long */
#define ENOEXEC      (-8)   /* not a valid ELF32 i386 executable */
#define ECHILD       (-10)  /* not a child of the caller */
#define EAGAIN       (-11)  /* nothing there yet, try again */
#define ENOMEM       (-12)  /* out of memory or process slots */
#define EFAULT       (-14)  /* bad address: outside user space or unmapped */
#define EBUSY        (-16)
#define EEXIST       (-17)
#define EINVAL       (-22)  /* invalid argument */
#define ENOSPC       (-28)
#define ERANGE       (-34)
#define ENAMETOOLONG (-36)
#define ENOSYS       (-38)  /* not implemented */

/* IPC and kernel-call specific, as in MINIX 3. */
#define ELOCKED      (-101) /* the send/receive would close a cycle of waits */
#define EBADREQUEST  (-102) /* no kernel call with that number */
#define ECALLDENIED  (-104) /* kernel call or IPC target not permitted */
#define EDEADSRCDST  (-105) /* endpoint is stale: its process is gone */
#define ENOTREADY    (-106) /* SENDNB: the receiver is not waiting */
#define EBADSRCDST   (-107) /* not an endpoint (garbage, ANY where not allowed) */
#define EBADCALL     (-108) /* no IPC primitive with that number */

/* Grants (<mica/grant.h>): which check of a safecopy failed. */
#define ENOGRANTS    (-110) /* the granter has registered no grant table */
#define EGRANTID     (-111) /* grant id negative or beyond the granter's table */
#define EGRANTUNUSED (-112) /* no grant in that slot (never made, or revoked) */
#define EGRANTSTALE  (-113) /* the id's generation is not the slot's: an old id */
#define EGRANTEE     (-114) /* the grant is for another process */
#define EGRANTACCESS (-115) /* the grant does not give that access */
#define EGRANTBOUNDS (-116) /* offset + bytes past the grant, or overflowing */
#define EGRANTDEPTH  (-117) /* indirect chain longer than GRANT_MAX_DEPTH */
#define EGRANTLOOP   (-118) /* indirect chain comes back to a grant it passed */
#define EGRANTMAGIC  (-119) /* magic grant made by a process without the privilege */
#define EGRANTBAD    (-120) /* malformed entry: no kind or two, unknown bits */

#define ERRNO_MAX 120

#endif
