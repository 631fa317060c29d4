/*
 * Growing and shrinking a process's memory (lab 3): the heap (VM_BRK),
 * anonymous mappings (VM_MMAP, VM_MUNMAP). Nothing is allocated when a
 * region grows: its pages come on demand (fault.c). What a region loses
 * is unmapped and freed at once.
 */
#include "vm.h"

static vir_bytes page_up(vir_bytes a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* VM_BRK: move the end of the heap to m.vm_brk.addr (0: only ask).
 * Replies with the (new) end in m.vm_brk.addr. */
int do_brk(message *m)
{
	struct vmproc *p = vmproc_of(m->m_source);
	vir_bytes want = m->vm_brk.addr;

	if (p == NULL)
		return EPERM;
	if (want != 0) {
		if (want < p->heap_start || want > USER_HEAP_END)
			return ENOMEM;
		if (page_up(want) < page_up(p->brk))
			vm_unmap(p, page_up(want), page_up(p->brk) - page_up(want));
		p->brk = want;
	}
	m->vm_brk.addr = p->brk;
	return OK;
}

/* The lowest free stretch of len bytes in the mapping area, or 0. */
static vir_bytes find_room(const struct vmproc *p, vir_bytes len)
{
	vir_bytes start = USER_MMAP_BASE;
	int i, moved = 1;

	while (moved) {
		moved = 0;
		for (i = 0; i < MAX_MAPPINGS; i++) {
			const struct mapping *map = &p->maps[i];

			if (map->len != 0 && start < map->start + map->len &&
			    map->start < start + len) {
				start = map->start + map->len;
				moved = 1;
			}
		}
	}
	return start + len <= USER_STACK_LOW && start + len > start ? start : 0;
}

/* VM_MMAP: a new anonymous mapping of m.vm_mmap.len bytes. */
int do_mmap(message *m)
{
	struct vmproc *p = vmproc_of(m->m_source);
	vir_bytes len = page_up(m->vm_mmap.len), start;
	int i;

	if (p == NULL)
		return EPERM;
	if (len == 0)   /* 0, or so long that rounding it up wrapped to 0 */
		return EINVAL;
	for (i = 0; i < MAX_MAPPINGS && p->maps[i].len != 0; i++)
		;
	if (i == MAX_MAPPINGS || (start = find_room(p, len)) == 0)
		return ENOMEM;
	p->maps[i] = (struct mapping){ start, len };
	m->vm_mmap.addr = start;
	return OK;
}

/* VM_MUNMAP: remove the mapping that starts at m.vm_mmap.addr, whose
 * length must be m.vm_mmap.len (rounded up to pages). */
int do_munmap(message *m)
{
	struct vmproc *p = vmproc_of(m->m_source);
	int i;

	if (p == NULL)
		return EPERM;
	for (i = 0; i < MAX_MAPPINGS; i++) {
		struct mapping *map = &p->maps[i];

		if (map->len != 0 && map->start == m->vm_mmap.addr &&
		    map->len == page_up(m->vm_mmap.len)) {
			vm_unmap(p, map->start, map->len);
			map->len = 0;
			return OK;
		}
	}
	return EINVAL;
}
