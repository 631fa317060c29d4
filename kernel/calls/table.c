/*
 * Which handler serves which kernel call, and how kcall.c must treat it
 * (see struct kcall in calls.h). A number without a handler is unused:
 * EBADREQUEST.
 */
#include "calls.h"

_Static_assert(NR_SYS_CALLS <= 32, "a call mask has one bit per call");

const struct kcall call_table[NR_SYS_CALLS] = {
	[SYS_DIAG_WRITE] = { do_diag_write, 0, 0 },
	[SYS_GETINFO]    = { do_getinfo, 1, 0 },
	[SYS_EXIT]       = { do_exit, 0, 0 },
	[SYS_UPTIME]     = { do_uptime, 1, 0 },
	[SYS_SETALARM]   = { do_setalarm, 1, 1 },
	[SYS_VIRCOPY]    = { do_vircopy, 0, 0 },
	[SYS_NEWPROC]    = { do_newproc, 1, 0 },
	[SYS_RELEASE]    = { do_release, 0, 0 },
	[SYS_KILL]       = { do_kill, 0, 0 },
	[SYS_HALT]       = { do_halt, 0, 0 },
	[SYS_CONSREAD]   = { do_consread, 0, 0 },
	[SYS_TESTHOOK]   = { do_testhook, 0, 0 },
	[SYS_VMCTL]      = { do_vmctl, 1, 0 },
	[SYS_SETGRANT]   = { do_setgrant, 0, 0 },
	[SYS_SAFECOPY]   = { do_safecopy, 0, 0 },
	[SYS_VSAFECOPY]  = { do_vsafecopy, 0, 0 },
};
