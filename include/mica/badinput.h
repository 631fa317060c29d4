/*
 * What bad input gets: for every kernel call, IPC primitive and VM
 * request, each argument, what a bad value of it is, and the error it
 * gets. This table is the one statement of it: the fuzzer
 * (user/tests/fuzz.c) includes it as its oracle, every result outside it
 * being a failure, and tools/badinput.py makes doc/bad-input.md from it
 * (`make test` checks that the two agree). Each handler's opening
 * comment says the same for its own call.
 *
 *   BAD(kind, call, argument, bad value, error)
 *   COUNT(kind, call, what a positive result counts)
 *
 * kind is KCALL (trap 32; call is its SYS_ number), IPC (trap 33; the
 * primitive) or VM (a request sent to VM; the error is the reply's
 * m_type). ALL stands for every call of its kind. A call answers OK or
 * one of its errors, or with COUNT a number >= 0.
 *
 * The file has no include guard: it is meant to be included once per
 * use, with BAD and COUNT defined as the includer needs.
 */

/* Every kernel call. */
BAD(KCALL, ALL, "eax (call number)", "not a kernel call", EBADREQUEST)
BAD(KCALL, ALL, "eax (call number)", "not in the caller's call mask", ECALLDENIED)
BAD(KCALL, ALL, "ebx (message)", "not readable user memory (NULL, kernel, unmapped, past user space)", EFAULT)
BAD(KCALL, ALL, "ebx (message)", "not writable, for a call that replies (checked before the call runs)", EFAULT)

BAD(KCALL, SYS_DIAG_WRITE, "m.diag.len", "over 4096", EINVAL)
BAD(KCALL, SYS_DIAG_WRITE, "m.diag.buf", "not readable for len bytes", EFAULT)

BAD(KCALL, SYS_GETINFO, "m.getinfo.what", "not a GET_* request", EINVAL)
BAD(KCALL, SYS_GETINFO, "m.getinfo.what", "GET_MODULES, GET_KLOG from a user process; GET_MEMMAP, GET_KPDES from anyone but VM", ECALLDENIED)
BAD(KCALL, SYS_GETINFO, "m.getinfo.buf", "not writable for the part of size that is filled", EFAULT)
BAD(KCALL, SYS_GETINFO, "m.getinfo.endpt", "GET_PROCNAME: not an endpoint", EBADSRCDST)
BAD(KCALL, SYS_GETINFO, "m.getinfo.endpt", "GET_PROCNAME: a process that is gone", EDEADSRCDST)
COUNT(KCALL, SYS_GETINFO, "entries (bytes for GET_KSTATS, GET_KLOG) copied")

BAD(KCALL, SYS_EXIT, "m.exit.status", "outside 0..255", EINVAL)

BAD(KCALL, SYS_SETALARM, "m.alarm.ticks", "over one day of ticks (8,640,000 at 100 Hz)", EINVAL)

BAD(KCALL, SYS_VIRCOPY, "m.vircopy.src_ep, dst_ep", "not an endpoint, or a kernel task", EBADSRCDST)
BAD(KCALL, SYS_VIRCOPY, "m.vircopy.src_ep, dst_ep", "a process that is gone", EDEADSRCDST)
BAD(KCALL, SYS_VIRCOPY, "m.vircopy.src_addr, dst_addr, len", "outside user space or not mapped", EFAULT)

BAD(KCALL, SYS_NEWPROC, "m.newproc.slot, entry, stack, flags", "slot not a program slot, entry or stack outside user space, unknown flags", EINVAL)
BAD(KCALL, SYS_NEWPROC, "the shared table's entry for slot", "no table shared, or not a valid page directory", EINVAL)
BAD(KCALL, SYS_NEWPROC, "m.newproc.slot", "in use", EBUSY)
BAD(KCALL, SYS_NEWPROC, "m.newproc.parent", "not an endpoint", EBADSRCDST)
BAD(KCALL, SYS_NEWPROC, "m.newproc.parent", "a process that is gone", EDEADSRCDST)

BAD(KCALL, SYS_RELEASE, "m.endpt.endpt", "not a process endpoint", EBADSRCDST)
BAD(KCALL, SYS_RELEASE, "m.endpt.endpt", "no exited process whose notice VM has taken", ESRCH)

BAD(KCALL, SYS_KILL, "m.endpt.endpt", "not an endpoint", EBADSRCDST)
BAD(KCALL, SYS_KILL, "m.endpt.endpt", "a process that is gone", EDEADSRCDST)
BAD(KCALL, SYS_KILL, "m.endpt.endpt", "the caller, a kernel task or a system process", EPERM)
BAD(KCALL, SYS_KILL, "m.endpt.status", "outside 0..255", EINVAL)

BAD(KCALL, SYS_HALT, "m.halt.status", "outside 0..255", EINVAL)

BAD(KCALL, SYS_CONSREAD, "m.consread.size", "over 256", EINVAL)
BAD(KCALL, SYS_CONSREAD, "m.consread.buf", "not writable for size bytes", EFAULT)
COUNT(KCALL, SYS_CONSREAD, "bytes of input taken")

BAD(KCALL, SYS_TESTHOOK, "the kernel's command line", "no \"testhooks\"", ECALLDENIED)
BAD(KCALL, SYS_TESTHOOK, "m.testhook.what", "not a TESTHOOK_* request", EINVAL)

BAD(KCALL, SYS_VMCTL, "m.vmctl.endpt", "not an endpoint, or a kernel task", EBADSRCDST)
BAD(KCALL, SYS_VMCTL, "m.vmctl.endpt", "a process that is gone", EDEADSRCDST)
BAD(KCALL, SYS_VMCTL, "m.vmctl.op", "unknown, or the process is not in the state it answers", EINVAL)
BAD(KCALL, SYS_VMCTL, "m.vmctl.pagedir", "SHARE_PAGEDIRS: not a page of VM's memory; SET_SPACE: not a valid directory", EINVAL)
BAD(KCALL, SYS_VMCTL, "m.vmctl.pagedir", "SHARE_PAGEDIRS: a table is shared already", EBUSY)
BAD(KCALL, SYS_VMCTL, "m.vmctl.addr", "GET_SPACE, GRANTCHECK: not VM's memory", EFAULT)

BAD(KCALL, SYS_SETGRANT, "m.setgrant.entries", "over GRANT_SLOTS_MAX (4096)", EINVAL)
BAD(KCALL, SYS_SETGRANT, "m.setgrant.addr", "the table (entries * 32 bytes) not inside user space", EFAULT)

BAD(KCALL, SYS_SAFECOPY, "m.safecopy.to", "neither 0 (from the grant) nor 1 (to it)", EINVAL)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.granter", "not an endpoint, or a kernel task (also a granter further down an indirect chain, or a magic grant's owner)", EBADSRCDST)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.granter", "a process that is gone (idem)", EDEADSRCDST)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.granter", "has registered no grant table (SYS_SETGRANT)", ENOGRANTS)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "negative, or a slot beyond the granter's table", EGRANTID)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "its slot holds no grant (never made, or revoked)", EGRANTUNUSED)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "its generation is not the slot's (an id kept after a revoke)", EGRANTSTALE)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "for another process (at any hop of a chain: for the hop before)", EGRANTEE)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "does not give CPF_READ (to 0) or CPF_WRITE (to 1), at some hop", EGRANTACCESS)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.offset, bytes", "past the grant, or overflowing, at some hop", EGRANTBOUNDS)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "an indirect chain longer than GRANT_MAX_DEPTH (8)", EGRANTDEPTH)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "an indirect chain that comes back to a grant it passed", EGRANTLOOP)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "a magic grant, made by a process without PROC_MAGIC_GRANTS", EGRANTMAGIC)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.grant", "a malformed entry: no kind or two, unknown flag bits", EGRANTBAD)
BAD(KCALL, SYS_SAFECOPY, "m.safecopy.addr, the granted memory", "outside user space, or not there (after VM was asked); part may have been copied", EFAULT)
BAD(KCALL, SYS_SAFECOPY, "the granter's table", "an entry that is not there (after VM was asked)", EFAULT)

BAD(KCALL, SYS_VSAFECOPY, "m.vsafecopy.count", "over VSAFECOPY_MAX (16)", EINVAL)
BAD(KCALL, SYS_VSAFECOPY, "m.vsafecopy.vec", "not readable for count elements", EFAULT)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EINVAL)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EBADSRCDST)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EDEADSRCDST)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", ENOGRANTS)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTID)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTUNUSED)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTSTALE)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTEE)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTACCESS)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTBOUNDS)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTDEPTH)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTLOOP)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTMAGIC)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EGRANTBAD)
BAD(KCALL, SYS_VSAFECOPY, "an element", "as SYS_SAFECOPY: the first element that fails", EFAULT)

/* Every IPC primitive. */
BAD(IPC, ALL, "eax (primitive)", "not an IPC primitive", EBADCALL)

BAD(IPC, SEND, "ebx (endpoint)", "not an endpoint (garbage, ANY, NONE, SELF)", EBADSRCDST)
BAD(IPC, SEND, "ebx (endpoint)", "a process that is gone, or ends while we wait", EDEADSRCDST)
BAD(IPC, SEND, "ebx (endpoint)", "a kernel task, or a process the caller may not talk to", ECALLDENIED)
BAD(IPC, SEND, "ebx (endpoint)", "the caller itself, or waiting would close a cycle", ELOCKED)
BAD(IPC, SEND, "ecx (message)", "not readable", EFAULT)

BAD(IPC, RECEIVE, "ebx (endpoint)", "not an endpoint (garbage, NONE, SELF)", EBADSRCDST)
BAD(IPC, RECEIVE, "ebx (endpoint)", "a process that is gone, or ends while we wait", EDEADSRCDST)
BAD(IPC, RECEIVE, "ebx (endpoint)", "a kernel task other than CLOCK and SYSTEM, or a process the caller may not talk to", ECALLDENIED)
BAD(IPC, RECEIVE, "ebx (endpoint)", "the caller itself, or waiting would close a cycle", ELOCKED)
BAD(IPC, RECEIVE, "ecx (buffer)", "not writable (checked before any message is taken)", EFAULT)

BAD(IPC, SENDREC, "ebx (endpoint)", "not an endpoint (garbage, ANY, NONE, SELF)", EBADSRCDST)
BAD(IPC, SENDREC, "ebx (endpoint)", "a process that is gone, or ends while we wait", EDEADSRCDST)
BAD(IPC, SENDREC, "ebx (endpoint)", "a kernel task, or a process the caller may not talk to", ECALLDENIED)
BAD(IPC, SENDREC, "ebx (endpoint)", "the caller itself, or waiting would close a cycle", ELOCKED)
BAD(IPC, SENDREC, "ecx (message)", "not readable, or not writable for the reply", EFAULT)

BAD(IPC, NOTIFY, "ebx (endpoint)", "not an endpoint, or the caller itself", EBADSRCDST)
BAD(IPC, NOTIFY, "ebx (endpoint)", "a process that is gone", EDEADSRCDST)
BAD(IPC, NOTIFY, "ebx (endpoint)", "a kernel task, or a process the caller may not talk to", ECALLDENIED)

BAD(IPC, SENDNB, "ebx (endpoint)", "not an endpoint (garbage, ANY, NONE, SELF)", EBADSRCDST)
BAD(IPC, SENDNB, "ebx (endpoint)", "a process that is gone", EDEADSRCDST)
BAD(IPC, SENDNB, "ebx (endpoint)", "a kernel task, or a process the caller may not talk to", ECALLDENIED)
BAD(IPC, SENDNB, "ebx (endpoint)", "the caller itself", ELOCKED)
BAD(IPC, SENDNB, "ebx (endpoint)", "a process not waiting for the message now", ENOTREADY)
BAD(IPC, SENDNB, "ecx (message)", "not readable", EFAULT)

BAD(IPC, REPLYREC, "ebx (endpoint)", "not an endpoint (garbage, ANY, NONE, SELF)", EBADSRCDST)
BAD(IPC, REPLYREC, "ebx (endpoint)", "a process that is gone", EDEADSRCDST)
BAD(IPC, REPLYREC, "ebx (endpoint)", "a kernel task, or a process the caller may not talk to", ECALLDENIED)
BAD(IPC, REPLYREC, "ebx (endpoint)", "the caller itself", ELOCKED)
BAD(IPC, REPLYREC, "ebx (endpoint)", "a process not waiting for the reply now (nothing is received)", ENOTREADY)
BAD(IPC, REPLYREC, "ecx (message)", "not writable (checked before the reply is sent)", EFAULT)

BAD(IPC, SENDA, "ebx (count)", "over NR_ASYNC_MAX (64)", EINVAL)
BAD(IPC, SENDA, "ecx (table)", "not readable and writable (entries before the fault may have been sent, and are marked done)", EFAULT)
BAD(IPC, SENDA, "an entry's dst", "not an endpoint, or the sender itself: the entry's result", EBADSRCDST)
BAD(IPC, SENDA, "an entry's dst", "a process that is gone: the entry's result", EDEADSRCDST)
BAD(IPC, SENDA, "an entry's dst", "a kernel task or a process the sender may not talk to: the entry's result", ECALLDENIED)

/* Requests to VM (the reply's m_type, sent without blocking: a sender
 * that is not waiting for it loses it). */
BAD(VM, ALL, "m_type", "not a request (a notification from anyone but CLOCK too)", EINVAL)
BAD(VM, ALL, "m_type", "VM_PAGEFAULT, VM_MEMREQUEST, VM_EXITED from a process, not the kernel (also reported on the console)", EPERM)

BAD(VM, VM_SPAWN, "m.vm_spawn.len", "0, or a command line with a NUL in it", EINVAL)
BAD(VM, VM_SPAWN, "m.vm_spawn.len", "not under VM_CMDLINE_MAX (120), or arguments too long", E2BIG)
BAD(VM, VM_SPAWN, "m.vm_spawn.cmdline", "not readable", EFAULT)
BAD(VM, VM_SPAWN, "the command line's program", "no program module of that name", ENOENT)
BAD(VM, VM_SPAWN, "the program module", "not an ELF32 i386 executable", ENOEXEC)
BAD(VM, VM_SPAWN, "(no argument)", "out of memory or process slots", ENOMEM)

BAD(VM, VM_WAIT, "m.vm_wait.endpt", "not a child of the caller (ANY: the caller has none), or one already waited for", ECHILD)
BAD(VM, VM_WAIT, "m.vm_wait.nohang", "set, and no child has ended yet (VM notifies the caller when one does)", EAGAIN)

BAD(VM, VM_BRK, "m.vm_brk.addr", "below the heap's start or above USER_HEAP_END", ENOMEM)

BAD(VM, VM_MMAP, "m.vm_mmap.len", "0, or wrapping when rounded to pages", EINVAL)
BAD(VM, VM_MMAP, "m.vm_mmap.len", "no room in the mapping area, or all 8 mappings in use", ENOMEM)

BAD(VM, VM_MUNMAP, "m.vm_mmap.addr, len", "not exactly one whole mapping of the caller", EINVAL)

BAD(VM, VM_HOLD, "m.vm_hold.endpt", "not a child of the caller", ECHILD)
BAD(VM, VM_HOLD, "m.vm_hold.ticks", "0, or too many", EINVAL)
BAD(VM, VM_HOLD, "m.vm_hold.endpt", "held already, or no room to hold another", EBUSY)

BAD(VM, VM_KILL, "m.vm_kill.endpt", "not a process VM made (VM itself included)", ESRCH)
BAD(VM, VM_KILL, "m.vm_kill.endpt", "not a child of the caller, for a caller that is not a system process", ECHILD)
BAD(VM, VM_KILL, "m.vm_kill.endpt", "a system process, or the caller itself", EPERM)
BAD(VM, VM_KILL, "m.vm_kill.status", "outside 0..255", EINVAL)

BAD(VM, VM_SAFEMAP, "m.vm_safemap.len", "0, or not whole pages", EINVAL)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.offset", "the granted address (the granter's base + offset) not on a page boundary", EINVAL)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.flags", "bits other than SAFEMAP_WRITE", EINVAL)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.grant", "does not give CPF_MAP and CPF_READ (and CPF_WRITE with SAFEMAP_WRITE), at some hop", EGRANTACCESS)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EBADSRCDST)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EDEADSRCDST)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", ENOGRANTS)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTID)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTUNUSED)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTSTALE)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTEE)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTBOUNDS)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTDEPTH)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTLOOP)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTMAGIC)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset, len", "as SYS_SAFECOPY", EGRANTBAD)
BAD(VM, VM_SAFEMAP, "the granted memory", "not there, nor in a region of the granter that gets pages on demand (heap, stack, mmap); or the granter's table entry not there", EFAULT)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant", "memory of a process VM did not make (VM's own, through a magic grant)", EPERM)
BAD(VM, VM_SAFEMAP, "m.vm_safemap.granter, grant, offset", "pages of the granter's own safemap area: not all in one of its mappings (EFAULT), or that mapping a map of maps GRANT_MAX_DEPTH - 1 deep already", EGRANTDEPTH)
BAD(VM, VM_SAFEMAP, "(no argument)", "no free pages, no room in the safemap area, or SAFEMAP_PER_PROC (64) mappings held already", ENOMEM)

BAD(VM, VM_SAFEUNMAP, "m.vm_safemap.addr", "not the start of one of the caller's mappings", EINVAL)

BAD(VM, VM_SAFEREVMAP, "m.vm_safemap.grant", "negative", EINVAL)
COUNT(VM, VM_SAFEREVMAP, "mappings removed (in m.vm_safemap.len; sys_saferevmap() returns it)")

/* Requests to DS (<mica/ds.h>; the reply's m_type, sent without
 * blocking). A string or memory range travels through the caller's grant
 * to DS, so DS_PUBLISH and DS_RETRIEVE of one can answer every error
 * SYS_SAFECOPY can. */
BAD(DS, ALL, "m_type", "not a DS request (a notification from anyone but SYSTEM too)", EINVAL)
BAD(DS, ALL, "m.ds.key", "empty (DS_LIST, DS_CHECK: not read)", EINVAL)
BAD(DS, ALL, "m.ds.key", "no NUL in its DS_KEY_MAX (32) bytes", ENAMETOOLONG)

BAD(DS, DS_PUBLISH, "m.ds.flags", "no type or an unknown one, or bits other than the type and DSF_OVERWRITE", EINVAL)
BAD(DS, DS_PUBLISH, "m.ds.key", "published by another process (only the owner overwrites)", EPERM)
BAD(DS, DS_PUBLISH, "m.ds.key", "published already, and no DSF_OVERWRITE", EEXIST)
BAD(DS, DS_PUBLISH, "m.ds.value", "DSF_LABEL: another process, and the caller is not a system process", EPERM)
BAD(DS, DS_PUBLISH, "m.ds.value", "DSF_LABEL: no live process", ESRCH)
BAD(DS, DS_PUBLISH, "m.ds.len", "DSF_STRING, DSF_MEM: 0, or a string without its NUL at len - 1 (or with one before)", EINVAL)
BAD(DS, DS_PUBLISH, "m.ds.len", "over DS_STRING_MAX (256) or DS_MEM_MAX (8192)", E2BIG)
BAD(DS, DS_PUBLISH, "m.ds.len", "DSF_MAP: 0, or not a multiple of the page size", EINVAL)
BAD(DS, DS_PUBLISH, "m.ds.len", "DSF_MAP: over DS_MAP_MAX (1 MiB)", E2BIG)
BAD(DS, DS_PUBLISH, "m.ds.key", "new, and the store's 64 entries are all in use", ENOSPC)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EBADSRCDST)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EDEADSRCDST)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", ENOGRANTS)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTID)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTUNUSED)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTSTALE)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTEE)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTACCESS)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTBOUNDS)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTDEPTH)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTLOOP)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTMAGIC)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EGRANTBAD)
BAD(DS, DS_PUBLISH, "m.ds.grant", "as SYS_SAFECOPY (from the caller, for DS)", EFAULT)

BAD(DS, DS_RETRIEVE, "m.ds.key", "no such entry", ENOENT)
BAD(DS, DS_RETRIEVE, "m.ds.flags", "not the entry's type, or bits other than a type", EINVAL)
BAD(DS, DS_RETRIEVE, "m.ds.len", "DSF_STRING, DSF_MEM: less than the value (m.ds.len then says how much)", E2BIG)
BAD(DS, DS_RETRIEVE, "(no argument)", "DSF_MAP: all 32 of DS's grants for mapped ranges are in use", ENOSPC)
BAD(DS, DS_RETRIEVE, "(no argument)", "DSF_MAP: no memory for DS's grant table to grow", ENOMEM)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EBADSRCDST)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EDEADSRCDST)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", ENOGRANTS)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTID)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTUNUSED)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTSTALE)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTEE)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTACCESS)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTBOUNDS)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTDEPTH)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTLOOP)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTMAGIC)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EGRANTBAD)
BAD(DS, DS_RETRIEVE, "m.ds.grant", "as SYS_SAFECOPY (to the caller, for DS)", EFAULT)

BAD(DS, DS_DELETE, "m.ds.key", "no such entry", ENOENT)
BAD(DS, DS_DELETE, "m.ds.key", "published by another process", EPERM)

BAD(DS, DS_SUBSCRIBE, "m.ds.flags", "bits other than DSF_INITIAL", EINVAL)
BAD(DS, DS_SUBSCRIBE, "m.ds.key", "the caller has this pattern already", EEXIST)
BAD(DS, DS_SUBSCRIBE, "(no argument)", "all 32 subscriptions are in use", ENOSPC)

BAD(DS, DS_CHECK, "(no argument)", "nothing left to tell the caller", ENOENT)

BAD(DS, DS_LIST, "m.ds.value", "past the last entry", ENOENT)
