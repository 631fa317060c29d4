/*
 * Requests to the VM server (m_type), and the events the kernel sends VM
 * on behalf of a process. A reply's m_type is OK or an error code.
 */
#ifndef MICA_VM_H
#define MICA_VM_H

#define VM_SPAWN     0x200  /* m.vm_spawn: start a boot-module program
                               from a command line; reply: m.vm_spawn.endpt */
#define VM_WAIT      0x201  /* m.vm_wait: wait for a child (endpt, or ANY
                               child) to exit; reply: m.vm_wait.endpt,
                               .status, .killed. With .nohang, EAGAIN if
                               none has exited yet, and VM sends a NOTIFY
                               when one next does (once) */
#define VM_INFO      0x202  /* reply: m.vm_info */
#define VM_BRK       0x203  /* m.vm_brk.addr: move the end of the heap
                               there (0: just ask); reply: the new end */
#define VM_MMAP      0x204  /* m.vm_mmap.len: map that much zeroed memory
                               (on demand); reply: m.vm_mmap.addr */
#define VM_MUNMAP    0x205  /* m.vm_mmap.addr, .len: unmap a whole mapping */
#define VM_HOLD      0x206  /* m.vm_hold: stop one's own child for some
                               ticks, as VM does while editing tables */
#define VM_KILL      0x207  /* m.vm_kill: end a child (a system process:
                               any non-system process) with a status */
/* Mapping memory one was granted (safemap; user/servers/vm/share.c). */
#define VM_SAFEMAP   0x208  /* m.vm_safemap: map .len bytes (whole pages)
                               of grant .grant of .granter, from .offset
                               (which must fall on a page of the
                               granter's memory), writable if .flags has
                               SAFEMAP_WRITE; the grant must give CPF_MAP
                               and CPF_READ, and CPF_WRITE for a writable
                               map. Both sides then share the pages and
                               see each other's writes. Reply:
                               m.vm_safemap.addr, where VM mapped them,
                               in [USER_SAFEMAP_BASE, USER_SAFEMAP_END).
                               Pages of the granter's own safemap area
                               may be mapped again (a map of its map,
                               which ends with it), at most
                               GRANT_MAX_DEPTH - 1 maps deep
                               (EGRANTDEPTH) */
#define VM_SAFEUNMAP 0x209  /* m.vm_safemap.addr: unmap one's own mapping
                               that starts there (all of it) */
#define VM_SAFEREVMAP 0x20a /* m.vm_safemap.grant: one's own grant: unmap
                               every mapping made through it, directly or
                               as a hop of an indirect chain; reply:
                               m.vm_safemap.len, how many mappings went */
#define SAFEMAP_WRITE 0x1
#define SAFEMAP_PER_PROC 64 /* mappings a process may hold */

/* Sent by the kernel on a process's behalf. They arrive with m_source
 * KERNEL, which no process can send as, and name the process in the
 * payload; VM ignores any of these types from anyone else. */
#define VM_PAGEFAULT 0x280  /* m.pagefault: m.pagefault.endpt faulted and
                               is stopped */
#define VM_EXITED    0x281  /* m.exited: m.exited.endpt has ended */
#define VM_MEMREQUEST 0x282 /* m.memreq: a kernel call or IPC of
                               m.memreq.requester needs memory of
                               m.memreq.target made present (err: the
                               page-fault error code: PF_PROT for a
                               write to a present read-only page, which
                               VM copies if it is copy-on-write); answer
                               with VMCTL_MEMREQ_DONE */
#define VM_COWCOPY   0x283  /* m.cowcopy: m.cowcopy.requester's safecopy
                               copies m.cowcopy.pages whole pages from
                               src_addr of src to dst_addr of dst: share
                               them copy-on-write (or copy them); answer
                               with VMCTL_MEMREQ_DONE */

#define VM_CMDLINE_MAX 120

#endif
