/*
 * The one way the kernel touches user memory.
 *
 * The kernel has no page table of its own: it runs in whatever directory
 * is loaded (that of ptproc). To reach another process's memory it copies
 * that process's page-directory entries into reserved slots of the loaded
 * directory (a "window") and goes through the window. Nothing is checked
 * beforehand except that the range lies in user space: the copy runs under
 * copy_catch, and a page fault (absent or read-only memory) makes it
 * return EFAULT instead of crashing the kernel.
 *
 * The window rule (doc/architecture.md, "Copy windows"): a window entry
 * is supervisor-only (PTE_U cleared, so the loaded process cannot use
 * it, whatever the target's entry says), and it lives only for the one
 * chunk of one copy that needed it. Outside vcopy every window slot of
 * every directory is empty and the TLB holds nothing of a window, so no
 * window can outlive the copy, the target's exit, or a change of the
 * target's tables. Emptying the slots costs one TLB flush per chunk, the
 * same flush that mapping them cost before.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include "arch/i386/cpu.h"

#define WINDOW_PDES  2                       /* per window */
#define WINDOW_SPAN  (WINDOW_PDES * PDE_SPAN)
#define SRC_WINDOW   0
#define DST_WINDOW   1

u32_t copy_fault_addr;   /* where copy_catch last faulted (linear) */
u32_t copy_fault_err;    /* and the page-fault error code */
struct copy_fault last_copy_fault;

/* Can p's memory be reached at its own addresses right now? */
static inline int mapped_now(struct proc *p)
{
	return p == NULL || p == ptproc;
}

/* The loaded directory's entries for window w. */
static u32_t *window_slots(int window)
{
	return (u32_t *)ptproc->p_cr3 + (WINDOW_BASE >> PDE_SHIFT) + window * WINDOW_PDES;
}

/*
 * A kernel address through which [addr, addr + *len) of p can be reached
 * now; *len is cut to what fits. For the loaded process that is addr
 * itself; for any other, a window maps the two directory entries from
 * addr's onwards, supervisor-only. The slots are empty before (so the
 * TLB holds nothing of them and no flush is needed here) and are emptied
 * again by close_windows() once the chunk is copied.
 */
static vir_bytes reach(struct proc *p, vir_bytes addr, size_t *len, int window)
{
	u32_t *slots, *theirs;
	int first = addr >> PDE_SHIFT, i;
	vir_bytes base;
	size_t room;

	if (mapped_now(p))
		return addr;
	slots = window_slots(window);
	theirs = (u32_t *)p->p_cr3;
	for (i = 0; i < WINDOW_PDES; i++) {
		kassert(slots[i] == 0);   /* the window rule */
		slots[i] = first + i < PDE_ENTRIES ? theirs[first + i] & ~PTE_U : 0;
	}
	base = WINDOW_BASE + window * WINDOW_SPAN + (addr & (PDE_SPAN - 1));
	room = WINDOW_SPAN - (addr & (PDE_SPAN - 1));
	if (*len > room)
		*len = room;
	return base;
}

/* Empty both windows after a chunk (at least one was opened: vcopy
 * takes the direct path otherwise), and flush what the TLB cached of
 * them. */
static void close_windows(void)
{
	memset(window_slots(SRC_WINDOW), 0, 2 * WINDOW_PDES * sizeof(u32_t));
	write_cr3(ptproc->p_cr3);
	kstats.tlb_flushes++;
}

/*
 * Remember which process and user address a failed copy faulted on: the
 * source range [s, s + n) was reached at kernel address ks, the
 * destination at kd. VM may be able to make that page present.
 */
static void note_fault(struct proc *src_p, vir_bytes src, vir_bytes ks,
                       struct proc *dst_p, vir_bytes dst, vir_bytes kd, size_t n)
{
	struct copy_fault *f = &last_copy_fault;

	if (copy_fault_addr >= kd && copy_fault_addr - kd < n) {
		f->p = dst_p;
		f->addr = dst + (copy_fault_addr - kd);
	} else {
		f->p = src_p;
		f->addr = src + (copy_fault_addr - ks);
	}
	f->err = copy_fault_err;
}

/*
 * Copy len bytes from src in src_p's address space to dst in dst_p's
 * (NULL: kernel memory). Returns OK or EFAULT; on EFAULT part of the data
 * may have been copied. The common case, the kernel and the loaded
 * process, is one copy_catch; otherwise the copy goes through windows,
 * as much as they show at a time.
 */
int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst, size_t len)
{
	size_t chunk, dchunk;
	vir_bytes s, d;
	int failed;

	if (len == 0)
		return OK;   /* nothing is touched, so any address will do */
	if ((src_p != NULL && !in_user_space(src, len)) ||
	    (dst_p != NULL && !in_user_space(dst, len))) {
		last_copy_fault.p = NULL;   /* no page VM could supply */
		return EFAULT;
	}
	if (mapped_now(src_p) && mapped_now(dst_p)) {
		if (copy_catch((void *)dst, (const void *)src, len) == 0)
			return OK;
		note_fault(src_p, src, src, dst_p, dst, dst, len);
		return EFAULT;
	}
	kassert(ptproc != NULL);
	while (len > 0) {
		chunk = len;
		s = reach(src_p, src, &chunk, SRC_WINDOW);
		dchunk = chunk;
		d = reach(dst_p, dst, &dchunk, DST_WINDOW);
		failed = copy_catch((void *)d, (const void *)s, dchunk) != 0;
		close_windows();
		if (failed) {
			note_fault(src_p, src, s, dst_p, dst, d, dchunk);
			return EFAULT;
		}
		src += dchunk;
		dst += dchunk;
		len -= dchunk;
	}
	return OK;
}

/* check_writable() beyond its fast case (kernel.h). */
int check_writable_slow(struct proc *p, vir_bytes addr, size_t len)
{
	vir_bytes a, last = addr + len - 1;
	int r;

	if (len == 0)
		return OK;
	if (!in_user_space(addr, len)) {
		last_copy_fault.p = NULL;
		return EFAULT;
	}
	for (a = addr; a <= last; a = (a & ~(PAGE_SIZE - 1)) + PAGE_SIZE)
		if ((r = vcopy(p, a, p, a, 1)) != OK)
			return r;
	return OK;
}
