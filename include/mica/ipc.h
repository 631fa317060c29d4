/*
 * IPC primitives (trap vector 33).
 *
 *   eax = primitive, ebx = endpoint (or table count for SENDA),
 *   ecx = message address (or table address for SENDA); result in eax.
 *
 * SEND     block until dst has received the message.
 * RECEIVE  block until a message from src (or ANY) arrives.
 * SENDREC  SEND then RECEIVE from the same endpoint, atomically: the reply
 *          cannot be lost between the two. The usual way to make a request.
 * NOTIFY   set a pending bit at dst and return at once. Repeated notifies
 *          from one source coalesce into one NOTIFY_MESSAGE.
 * SENDNB   SEND that fails with ENOTREADY instead of blocking.
 * SENDA    hand the kernel a table of asynchronous messages; each is
 *          delivered when its receiver next receives, and its entry is
 *          marked AMF_DONE with the result. Never blocks.
 * REPLYREC a server's reply and its next receive in one trap: SENDNB of
 *          the message to dst, then, if that succeeded, RECEIVE(ANY) into
 *          the same buffer. The buffer is checked writable first (EFAULT:
 *          nothing sent); a failed send (any SENDNB error, ENOTREADY
 *          included) is returned with nothing received.
 */
#ifndef MICA_IPC_H
#define MICA_IPC_H

#include <mica/message.h>

#define IPC_VECTOR    33
#define KCALL_VECTOR  32

#define SEND     1
#define RECEIVE  2
#define SENDREC  3
#define NOTIFY   4
#define SENDNB   5
#define SENDA    16
#define REPLYREC 6

/* m_type of a message built from a pending notification. */
#define NOTIFY_MESSAGE 0x1000

/* An entry of a SENDA table. */
typedef struct {
	u32_t flags;      /* AMF_* */
	endpoint_t dst;
	int result;       /* written by the kernel with AMF_DONE */
	u32_t reserved;
	message msg;
} asynmsg_t;

#define AMF_EMPTY 0x0
#define AMF_VALID 0x1     /* the entry holds a message to send */
#define AMF_DONE  0x2     /* the kernel has finished with it; see result */

#define NR_ASYNC_MAX 64   /* longest SENDA table */

#endif
