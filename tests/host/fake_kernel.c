/*
 * Fakes of the kernel around a kernel hole file, for host checks: the
 * clock, panic, and the memory of every process as one array (hc_umem)
 * that vcopy() reaches. The IPC functions that alarm.c and asyn.c call
 * are faked in fake_ipc.c, which the checks of the IPC holes do not
 * link.
 */
#include <stdint.h>
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

u64_t ticks;
struct kstats kstats;
struct copy_fault last_copy_fault;
u8_t hc_umem[64 * 1024];
int hc_absent;
struct hc_event hc_events[HC_MAX_EVENTS];
int hc_nevents;
int hc_hz = 100;

void hc_kernel_reset(void)
{
	int i;

	memset(proc_table, 0, sizeof(proc_table));
	for (i = 0; i < NR_SLOTS; i++) {
		proc_table[i].p_nr = i - NR_TASKS;
		proc_table[i].p_endpoint = NONE;
		proc_table[i].p_rts_flags = i < NR_TASKS ? RTS_TASK : RTS_SLOT_FREE;
	}
	for (i = 0; i < NR_TASKS; i++)
		proc_table[i].p_endpoint = i - NR_TASKS;
	memset(hc_umem, 0, sizeof(hc_umem));
	hc_absent = 0;
	memset(&kstats, 0, sizeof(kstats));
	memset(&last_copy_fault, 0, sizeof(last_copy_fault));
	hc_nevents = 0;
	ticks = 0;
	cur = ptproc = NULL;
}

int clock_hz(void)
{
	return hc_hz;
}

/* The user memory at addr, len bytes, or NULL with *err the page-fault
 * bits the hardware would give: outside hc_umem nothing is mapped, the
 * read-only page cannot be written, the absent page is not there while
 * hc_absent is set. */
static u8_t *umem_at(vir_bytes addr, size_t len, int write, u32_t *err)
{
	*err = write ? PF_WRITE : 0;
	if (addr < HC_UBASE || len > sizeof(hc_umem) || addr - HC_UBASE > sizeof(hc_umem) - len)
		return NULL;
	if (hc_absent && addr < HC_ABSENT_PAGE + PAGE_SIZE && addr + len > HC_ABSENT_PAGE)
		return NULL;
	if (write && addr < HC_RO_PAGE + PAGE_SIZE && addr + len > HC_RO_PAGE) {
		*err |= PF_PROT;
		return NULL;
	}
	return hc_umem + (addr - HC_UBASE);
}

static int fault(struct proc *p, vir_bytes addr, u32_t err)
{
	last_copy_fault.p = p;
	last_copy_fault.addr = addr;
	last_copy_fault.err = err;
	return EFAULT;
}

int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst, size_t len)
{
	u32_t err;
	const u8_t *from = src_p != NULL ? umem_at(src, len, 0, &err) : (const u8_t *)src;
	u8_t *to;

	if (from == NULL)
		return fault(src_p, src, err);
	if ((to = dst_p != NULL ? umem_at(dst, len, 1, &err) : (u8_t *)dst) == NULL)
		return fault(dst_p, dst, err);
	memmove(to, from, len);
	return OK;
}

/* The arch's guarded copy, as kernel.h's copy helpers use it for the
 * loaded process: its pointers are user addresses (hc_umem, by the rules
 * of umem_at) or the kernel's own memory. 0, or 1 for a fault. */
int copy_catch(void *dst, const void *src, size_t n)
{
	u32_t err;
	const u8_t *from = (const u8_t *)src;
	u8_t *to = (u8_t *)dst;

	if ((uintptr_t)src >= USER_BASE && (uintptr_t)src < USER_END &&
	    (from = umem_at((vir_bytes)(uintptr_t)src, n, 0, &err)) == NULL)
		return fault(ptproc, (vir_bytes)(uintptr_t)src, err) != 0;
	if ((uintptr_t)dst >= USER_BASE && (uintptr_t)dst < USER_END &&
	    (to = umem_at((vir_bytes)(uintptr_t)dst, n, 1, &err)) == NULL)
		return fault(ptproc, (vir_bytes)(uintptr_t)dst, err) != 0;
	memmove(to, from, n);
	return 0;
}

int check_writable_slow(struct proc *p, vir_bytes addr, size_t len)
{
	u32_t err;

	if (umem_at(addr, len, 1, &err) == NULL)
		return fault(p, addr, err);
	return OK;
}
