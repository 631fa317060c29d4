/*
 * Growing and shrinking a process's memory: the heap (VM_BRK),
 * anonymous mappings (VM_MMAP, VM_MUNMAP). Nothing is allocated when a
 * region grows: its pages come on demand (fault.c). What a region loses
 * is unmapped and freed at once.
 *
 * VM_HOLD stops a child for a while the way VM stops a process whose
 * tables it edits (RTS_VMINHIBIT), so that tests can watch what that does.
 */
#include "vm.h"

#define MAX_HOLDS 8

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
	if (len == 0 || len < m->vm_mmap.len)
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

static struct hold {
	endpoint_t endpt;   /* NONE: unused */
	u64_t until;        /* tick at which it is let go */
} holds[MAX_HOLDS];

static u64_t now(void)
{
	u64_t ticks = 0;
	u32_t hz;

	sys_uptime(&ticks, &hz);
	return ticks;
}

/* Set the alarm for the earliest hold still to end. */
static void arm(void)
{
	u64_t t = now(), first = 0;
	int i;

	for (i = 0; i < MAX_HOLDS; i++)
		if (holds[i].endpt != NONE && (first == 0 || holds[i].until < first))
			first = holds[i].until;
	if (first != 0)
		sys_setalarm(first > t ? (u32_t)(first - t) : 1, NULL);
}

/* VM_HOLD: stop one's own child for m.vm_hold.ticks (1..1000). */
int do_hold(message *m)
{
	struct vmproc *child = vmproc_of(m->vm_hold.endpt);
	int i, r;

	if (child == NULL || child->parent != m->m_source)
		return ECHILD;
	if (m->vm_hold.ticks == 0 || m->vm_hold.ticks > 1000)
		return EINVAL;
	for (i = 0; i < MAX_HOLDS && holds[i].endpt != NONE; i++)
		if (holds[i].endpt == child->endpt)
			return EBUSY;
	if (i == MAX_HOLDS)
		return EBUSY;
	if ((r = sys_vmctl(VMCTL_INHIBIT, child->endpt, NULL)) != OK)
		return r;
	holds[i] = (struct hold){ child->endpt, now() + m->vm_hold.ticks };
	arm();
	return OK;
}

/* The CLOCK alarm: let go of every hold that is over. */
void hold_alarm(void)
{
	u64_t t = now();
	int i;

	for (i = 0; i < MAX_HOLDS; i++) {
		if (holds[i].endpt != NONE && holds[i].until <= t) {
			sys_vmctl(VMCTL_UNINHIBIT, holds[i].endpt, NULL);   /* it may have ended */
			holds[i].endpt = NONE;
		}
	}
	arm();
}

void holds_init(void)
{
	int i;

	for (i = 0; i < MAX_HOLDS; i++)
		holds[i].endpt = NONE;
}
