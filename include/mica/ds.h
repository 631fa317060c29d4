/*
 * DS, the data store (user/servers/ds): a system server that keeps named
 * values for everyone. Requests (m_type) carry m.ds; the reply's m_type
 * is OK or an error code, with results in m.ds. Every request and error
 * is listed in include/mica/badinput.h.
 *
 * An entry is a key (1 to DS_KEY_MAX - 1 bytes, NUL-terminated in
 * m.ds.key), a type, a value and an owner: the process that published
 * it. Only the owner may overwrite or delete it; when the owner ends,
 * its entries are deleted. Types:
 *   DSF_U32     a number, in m.ds.value
 *   DSF_STRING  up to DS_STRING_MAX bytes with their NUL, and
 *   DSF_MEM     up to DS_MEM_MAX bytes: copied in from the publisher, and
 *               out to whoever retrieves them, through grants to DS
 *               (m.ds.grant, m.ds.len), never through DS's own trust
 *   DSF_LABEL   a name for an endpoint (m.ds.value). A process may name
 *               itself; a system process (init, which starts everything,
 *               plays the part of MINIX's RS) may name any live process.
 *               When the named process ends, the label is deleted.
 *   DSF_MAP     whole pages shared by mapping, up to DS_MAP_MAX bytes: the
 *               publisher grants DS its pages with CPF_MAP (m.ds.grant,
 *               m.ds.len); a retrieve answers with a grant of DS's own
 *               for the retriever (m.ds.grant), which it maps with
 *               safemap (ds_retrieve_map()). Overwriting or deleting the
 *               entry, or the publisher's end, unmaps every mapping of it
 *
 * Subscriptions: DS_SUBSCRIBE with a pattern in m.ds.key. A pattern
 * matches a whole key (it is anchored at both ends); '*' matches any run
 * of bytes, empty included; every other byte matches itself. On every
 * publish, overwrite and delete of a matching entry DS sends the
 * subscriber a NOTIFY (so many changes collapse into one wake-up), and
 * remembers the key; DS_CHECK then hands the remembered keys out one at a
 * time, oldest first, with the entry's type and owner, or DSF_DELETED,
 * until ENOENT. A key is remembered once however often it changed; a
 * subscriber that lets more than DS_PENDING_MAX keys pile up loses the
 * oldest, and its next DS_CHECK says so with DSF_LOST. A subscriber's
 * subscriptions end when it does.
 */
#ifndef MICA_DS_H
#define MICA_DS_H

#include <mica/endpoint.h>

#define DS_SLOT     2
#define DS_PROC_NR  (ENDPOINT_GEN_SIZE + DS_SLOT)

#define DS_PUBLISH   0x300  /* key, flags (type | DSF_OVERWRITE), value or
                               grant + len */
#define DS_RETRIEVE  0x301  /* key, flags (the type expected), for string
                               and memory a grant + len to write into;
                               reply: value, or len (bytes written), owner */
#define DS_DELETE    0x302  /* key */
#define DS_SUBSCRIBE 0x303  /* key: a pattern; flags: DSF_INITIAL also
                               remembers every entry that matches now */
#define DS_CHECK     0x304  /* reply: key, flags (type or DSF_DELETED,
                               DSF_LOST), owner; ENOENT: nothing left */
#define DS_LIST      0x305  /* value: an index; reply: the index-th entry's
                               key, flags (type), owner, len; ENOENT past
                               the last */

#define DS_KEY_MAX      32      /* bytes of a key, with its NUL */
#define DS_STRING_MAX   256     /* bytes of a string, with its NUL */
#define DS_MEM_MAX      8192    /* bytes of a memory range */
#define DS_ENTRIES_MAX  64      /* entries in the store */
#define DS_SUBS_MAX     32      /* subscriptions, all processes together */
#define DS_PENDING_MAX  16      /* keys remembered for one subscription */
#define DS_MAP_MAX      (256 * 4096)  /* bytes of a mapped range */
#define DS_HANDOUTS_MAX 32      /* DS's grants for mapped ranges, in use at once */

/* m.ds.flags */
#define DSF_U32       0x01
#define DSF_STRING    0x02
#define DSF_MEM       0x03
#define DSF_MAP       0x04
#define DSF_LABEL     0x05
#define DSF_TYPE      0x0f      /* the type's bits */
#define DSF_OVERWRITE 0x10      /* publish: replace one's own entry */
#define DSF_INITIAL   0x20      /* subscribe: remember what matches now */
#define DSF_DELETED   0x40      /* check: the key was deleted */
#define DSF_LOST      0x80      /* check: keys were forgotten before this */

#endif
