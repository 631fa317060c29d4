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

/*
 * A kernel address through which [addr, addr + *len) of p can be reached
 * now; *len is cut to what fits. For the loaded process that is addr
 * itself; for any other, a window maps the two directory entries from
 * addr's onwards. Writing the window changes the loaded directory, so the
 * TLB is flushed.
 */
static vir_bytes reach(struct proc *p, vir_bytes addr, size_t *len, int window)
{
	u32_t *loaded, *theirs;
	int first = addr >> PDE_SHIFT, slot, i;
	vir_bytes base;
	size_t room;

	if (mapped_now(p))
		return addr;
	slot = (WINDOW_BASE >> PDE_SHIFT) + window * WINDOW_PDES;
	loaded = (u32_t *)ptproc->p_cr3;
	theirs = (u32_t *)p->p_cr3;
	for (i = 0; i < WINDOW_PDES; i++)
		loaded[slot + i] = first + i < PDE_ENTRIES ? theirs[first + i] : 0;
	write_cr3(ptproc->p_cr3);
	kstats.tlb_flushes++;
	base = WINDOW_BASE + window * WINDOW_SPAN + (addr & (PDE_SPAN - 1));
	room = WINDOW_SPAN - (addr & (PDE_SPAN - 1));
	if (*len > room)
		*len = room;
	return base;
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
		if (copy_catch((void *)d, (const void *)s, dchunk) != 0) {
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
