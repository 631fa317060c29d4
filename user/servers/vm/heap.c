/*
 * Growing and shrinking a process's memory (lab 3, exercise 2): the heap
 * (VM_BRK) and anonymous mappings (VM_MMAP, VM_MUNMAP).
 *
 * VM keeps, for each process it made (struct vmproc in vm.h), its heap
 * [heap_start, brk) and up to MAX_MAPPINGS anonymous mappings (len 0:
 * unused slot). These requests only change those numbers: nothing is
 * allocated when a region grows, its pages come on demand when first
 * touched (fault.c, exercise 1, checks an address against the regions).
 * What a region loses must be unmapped and its pages freed at once
 * (vm_unmap() in space.c does both), or a process could keep using
 * memory it gave back, and pages would leak.
 *
 * Each handler gets the request message (m->m_source is the process
 * that asked, set by the kernel; vmproc_of() finds its record, or NULL
 * for a process VM did not make: EPERM) and returns the status the
 * process gets; results go back in the same message. Page-align lengths
 * upward (PAGE_SIZE) and watch for arithmetic that wraps around.
 *
 * Address-space layout (include/mica/layout.h): the heap may grow up to
 * USER_HEAP_END; mappings go between USER_MMAP_BASE and USER_STACK_LOW.
 */
#include "vm.h"

/* VM_BRK: move the end of the heap to m.vm_brk.addr (0: only ask), which
 * must lie in [heap_start, USER_HEAP_END] (else ENOMEM). Replies with the
 * (new) end in m.vm_brk.addr. */
int do_brk(message *m)
{
	(void)m;
	return ENOSYS;   /* lab 3: do_brk() is not written yet */
}

/* VM_MMAP: a new anonymous mapping of m.vm_mmap.len bytes (rounded up to
 * pages; 0 or a length that wraps: EINVAL) at the lowest free address in
 * the mapping area; its start goes back in m.vm_mmap.addr. ENOMEM when no
 * slot or no room is left. */
int do_mmap(message *m)
{
	(void)m;
	return ENOSYS;   /* lab 3: do_mmap() is not written yet */
}

/* VM_MUNMAP: remove the mapping that starts at m.vm_mmap.addr, whose
 * length must be m.vm_mmap.len (rounded up to pages); EINVAL if there is
 * no such mapping. */
int do_munmap(message *m)
{
	(void)m;
	return ENOSYS;   /* lab 3: do_munmap() is not written yet */
}
