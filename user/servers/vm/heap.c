/*
 * Growing and shrinking a process's memory (lab 3, exercise 3): the heap
 * (VM_BRK) and anonymous mappings (VM_MMAP, VM_MUNMAP).
 *
 * VM keeps, for each process it made (struct vmproc in vm.h), its heap
 * [heap_start, brk) and up to MAX_MAPPINGS anonymous mappings (len 0:
 * unused slot). These requests change those numbers; fault.c decides by
 * them. Nothing is allocated when a region grows: its pages come when
 * first touched. What a region loses is taken away at once (vm_unmap()),
 * or a process could keep using memory it gave back, and pages would
 * leak until it exits; but nothing the process still owns may go.
 *
 * Each handler gets the request message (m->m_source is the process
 * that asked, set by the kernel; vmproc_of() finds its record, or NULL
 * for a process VM did not make: EPERM) and returns the status the
 * process gets; results go back in the same message. Lengths count in
 * whole pages, rounded up; arithmetic on a length a process chose can
 * wrap around.
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
	return ENOSYS;   /* lab 3, exercise 3: do_brk() is not written yet */
}

/* VM_MMAP: a new anonymous mapping of m.vm_mmap.len bytes (rounded up to
 * pages; 0 or a length that wraps: EINVAL) at the lowest free address in
 * the mapping area; its start goes back in m.vm_mmap.addr. ENOMEM when no
 * slot or no room is left. */
int do_mmap(message *m)
{
	(void)m;
	return ENOSYS;   /* lab 3, exercise 3: do_mmap() is not written yet */
}

/* VM_MUNMAP: remove the mapping that starts at m.vm_mmap.addr, whose
 * length must be m.vm_mmap.len (rounded up to pages); EINVAL if there is
 * no such mapping. */
int do_munmap(message *m)
{
	(void)m;
	return ENOSYS;   /* lab 3, exercise 3: do_munmap() is not written yet */
}
