/*
 * Which handler serves which kernel call, and how kcall.c must treat it:
 * the table made from the list in calls.h (EVERY_KERNEL_CALL). A number
 * without a handler is unused: EBADREQUEST.
 */
#include "calls.h"

_Static_assert(NR_SYS_CALLS <= 32, "a call mask has one bit per call");

#define TABLE_ENTRY(nr, handler, replies, effect) [nr] = { handler, replies, effect },
const struct kcall call_table[NR_SYS_CALLS] = {
	EVERY_KERNEL_CALL(TABLE_ENTRY)
};
#undef TABLE_ENTRY
