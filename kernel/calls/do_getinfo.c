/*
 * SYS_GETINFO: information from the kernel.
 *   in:  m.getinfo.what   one of the GET_* requests below
 *        m.getinfo.buf    where to copy a table (GET_PROCTAB, GET_MODULES,
 *        m.getinfo.size   GET_MEMMAP, GET_KPDES, GET_KSTATS) and its room
 *        m.getinfo.endpt  the process asked about (GET_PROCNAME)
 *   GET_WHOAMI, GET_PROCNAME: m.whoami gets endpoint, flags and name.
 *   GET_KLOG: the last console output (bytes), oldest first.
 *   Tables are cut to the room given; the result is the number of
 *   entries copied (bytes for GET_KSTATS and GET_KLOG).
 *   Who may ask (the rest get ECALLDENIED):
 *     anyone          GET_WHOAMI, GET_PROCNAME, GET_PROCTAB, GET_KSTATS
 *     system processes GET_MODULES (physical addresses of the images),
 *                     GET_KLOG (everyone's console output; also anyone
 *                     when the kernel was booted with "testhooks", for
 *                     the tests that read it back)
 *     VM only         GET_MEMMAP (free physical memory), GET_KPDES (the
 *                     kernel's page-directory entries)
 *   returns >= 0, EINVAL (unknown what), ECALLDENIED (not for the
 *   caller), EFAULT, EDEADSRCDST/EBADSRCDST (GET_PROCNAME of no live
 *   process).
 */
#include "calls.h"
#include "../arch/i386/arch.h"

static int copy_table(struct proc *caller, message *m, const void *table,
                      size_t entry_size, size_t count)
{
	size_t n = m->getinfo.size / entry_size;
	int r;

	if (n > count)
		n = count;
	if ((r = copy_to_user(caller, table, m->getinfo.buf, n * entry_size)) != OK)
		return r;
	return (int)n;
}

static void fill_whoami(message *m, struct proc *p)
{
	m->whoami.endpt = p->p_endpoint;
	m->whoami.flags = p->p_privflags;
	memcpy(m->whoami.name, p->p_name, sizeof(m->whoami.name));
}

static int proctab(struct proc *caller, message *m)
{
	struct procinfo info[NR_PROCS];
	struct proc *p;
	int slot, n = 0;

	for (slot = 0; slot < NR_PROCS; slot++) {
		p = proc_addr(slot);
		if (p->p_rts_flags & RTS_SLOT_FREE)
			continue;
		info[n].endpt = p->p_endpoint;
		info[n].parent = p->p_parent;
		info[n].flags = p->p_rts_flags;
		info[n].priority = p->p_priority;
		info[n].ticks = p->p_ticks;
		memcpy(info[n].name, p->p_name, sizeof(info[n].name));
		n++;
	}
	return copy_table(caller, m, info, sizeof(info[0]), n);
}

/* The end of the kernel log, as much as fits. */
static int klog(struct proc *caller, message *m)
{
	static char buf[CONSOLE_LOG_MAX];
	int n = console_log_read(buf, m->getinfo.size < sizeof(buf) ? m->getinfo.size : sizeof(buf));

	return copy_table(caller, m, buf, 1, n);
}

/* Callers that may see what is not everyone's (see the table above). */
static int is_system(const struct proc *caller)
{
	return (caller->p_privflags & PROC_SYSTEM) != 0;
}

static int is_vm(const struct proc *caller)
{
	return caller->p_nr == VM_SLOT;
}

int do_getinfo(struct proc *caller, message *m)
{
	u32_t kpdes[KERNEL_PDES];
	struct proc *p;
	int i, r;

	switch (m->getinfo.what) {
	case GET_WHOAMI:
		fill_whoami(m, caller);
		return OK;
	case GET_PROCNAME:
		if ((p = proc_lookup(m->getinfo.endpt, &r)) == NULL)
			return r;
		fill_whoami(m, p);
		return OK;
	case GET_PROCTAB:
		return proctab(caller, m);
	case GET_MODULES:
		if (!is_system(caller))
			return ECALLDENIED;
		return copy_table(caller, m, boot_modules, sizeof(boot_modules[0]),
		                  nr_boot_modules);
	case GET_MEMMAP:
		if (!is_vm(caller))
			return ECALLDENIED;
		return copy_table(caller, m, free_memory, sizeof(free_memory[0]),
		                  nr_free_memory);
	case GET_KPDES:
		if (!is_vm(caller))
			return ECALLDENIED;
		for (i = 0; i < (int)KERNEL_PDES; i++)
			kpdes[i] = kernel_pde(i);
		return copy_table(caller, m, kpdes, sizeof(kpdes[0]), KERNEL_PDES);
	case GET_KSTATS:
		return copy_table(caller, m, &kstats, 1, sizeof(kstats));
	case GET_KLOG:
		if (!is_system(caller) && !testhooks_enabled)
			return ECALLDENIED;
		return klog(caller, m);
	default:
		return EINVAL;
	}
}
