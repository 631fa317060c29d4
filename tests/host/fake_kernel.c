/*
 * Fakes of the kernel around a kernel hole file, for host checks: the
 * clock, panic, and the memory of every process as one array (hc_umem)
 * that vcopy() reaches. The IPC functions that alarm.c and asyn.c call
 * are faked in fake_ipc.c, which the checks of the IPC holes do not
 * link.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

u64_t ticks;
struct kstats kstats;
struct copy_fault last_copy_fault;
u8_t hc_umem[64 * 1024];
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
	memset(&kstats, 0, sizeof(kstats));
	memset(&last_copy_fault, 0, sizeof(last_copy_fault));
	hc_nevents = 0;
	ticks = 0;
	cur = ptproc = NULL;
}

void panic(const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	hc_fatal(text);
}

int clock_hz(void)
{
	return hc_hz;
}

/* The user memory at addr, len bytes, or NULL. */
static u8_t *umem_at(vir_bytes addr, size_t len)
{
	if (addr < HC_UBASE || len > sizeof(hc_umem) || addr - HC_UBASE > sizeof(hc_umem) - len)
		return NULL;
	return hc_umem + (addr - HC_UBASE);
}

int vcopy(struct proc *src_p, vir_bytes src, struct proc *dst_p, vir_bytes dst, size_t len)
{
	const u8_t *from = src_p != NULL ? umem_at(src, len) : (const u8_t *)src;
	u8_t *to = dst_p != NULL ? umem_at(dst, len) : (u8_t *)dst;

	if (from == NULL || to == NULL) {
		last_copy_fault.p = from == NULL ? src_p : dst_p;
		last_copy_fault.addr = from == NULL ? src : dst;
		last_copy_fault.err = from == NULL ? 0 : PF_WRITE;
		return EFAULT;
	}
	memmove(to, from, len);
	return OK;
}
