/* One wrapper per kernel call (include/mica/callnr.h). */
#include "libsys.h"

int sys_diag_write(const char *buf, size_t len)
{
	message m = { .diag = { (vir_bytes)buf, len } };

	return _kernel_call(SYS_DIAG_WRITE, &m);
}

/* m, if not NULL, receives the reply (GET_WHOAMI and GET_PROCNAME). */
int sys_getinfo(int what, void *buf, size_t size, message *m)
{
	message local;

	if (m == NULL)
		m = &local;
	m->getinfo.what = what;
	m->getinfo.buf = (vir_bytes)buf;
	m->getinfo.size = size;
	return _kernel_call(SYS_GETINFO, m);
}

void exit(int status)
{
	message m = { .exit = { status & 0xff } };

	_kernel_call(SYS_EXIT, &m);
	for (;;)
		;   /* not reached */
}

int sys_uptime(u64_t *ticks, u32_t *hz)
{
	message m;
	int r = _kernel_call(SYS_UPTIME, &m);

	if (r == OK) {
		*ticks = ((u64_t)m.uptime.ticks_hi << 32) | m.uptime.ticks_lo;
		*hz = m.uptime.hz;
	}
	return r;
}

int sys_setalarm(u32_t ticks, u32_t *prev_left)
{
	message m = { .alarm = { ticks, 0 } };
	int r = _kernel_call(SYS_SETALARM, &m);

	if (r == OK && prev_left != NULL)
		*prev_left = m.alarm.prev_left;
	return r;
}

int sys_setgrant(cp_grant_t *table, u32_t entries)
{
	message m = { .setgrant = { (vir_bytes)table, entries } };

	return _kernel_call(SYS_SETGRANT, &m);
}

static int safecopy(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
                    vir_bytes addr, size_t bytes, u32_t to)
{
	message m = { .safecopy = { granter, grant, offset, addr, bytes, to } };

	return _kernel_call(SYS_SAFECOPY, &m);
}

int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
                     void *buf, size_t bytes)
{
	return safecopy(granter, grant, offset, (vir_bytes)buf, bytes, 0);
}

int sys_vsafecopy(const struct mess_safecopy *vec, u32_t count)
{
	message m = { .vsafecopy = { (vir_bytes)vec, count } };

	return _kernel_call(SYS_VSAFECOPY, &m);
}

int sys_safecopyto(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
                   const void *buf, size_t bytes)
{
	return safecopy(granter, grant, offset, (vir_bytes)buf, bytes, 1);
}

int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst,
                vir_bytes dst_addr, size_t len)
{
	message m = { .vircopy = { src, src_addr, dst, dst_addr, len } };

	return _kernel_call(SYS_VIRCOPY, &m);
}

int sys_newproc(struct mess_newproc *np)
{
	message m = { .newproc = *np };
	int r = _kernel_call(SYS_NEWPROC, &m);

	np->endpt = m.newproc.endpt;
	return r;
}

int sys_release(endpoint_t e)
{
	message m = { .endpt = { e, 0 } };

	return _kernel_call(SYS_RELEASE, &m);
}

int sys_kill(endpoint_t e, int status)
{
	message m = { .endpt = { e, status } };

	return _kernel_call(SYS_KILL, &m);
}

int sys_halt(int status)
{
	message m = { .halt = { status } };

	return _kernel_call(SYS_HALT, &m);
}

int sys_consread(char *buf, size_t size)
{
	message m = { .consread = { (vir_bytes)buf, size } };

	return _kernel_call(SYS_CONSREAD, &m);
}

/* VM's SYS_VMCTL: v (may be NULL: all zero) gives the other fields.
 * Nothing comes back but the result (sys_getspace has its answer
 * written). The kernel reads only m.vmctl of a VMCTL, so only it is
 * filled in: this is every page fault's answer (VMCTL_RESUME). */
int sys_vmctl(u32_t op, endpoint_t e, const struct mess_vmctl *v)
{
	message m;

	m.vmctl = v != NULL ? *v : (struct mess_vmctl){ 0 };
	m.vmctl.op = op;
	m.vmctl.endpt = e;
	return _kernel_call(SYS_VMCTL, &m);
}

/* The page directory e uses (VMCTL_GET_SPACE), into *pagedir. */
int sys_getspace(endpoint_t e, phys_bytes *pagedir)
{
	struct mess_vmctl v = { .addr = (vir_bytes)pagedir };

	return sys_vmctl(VMCTL_GET_SPACE, e, &v);
}

static int name_reply(int r, message *m, endpoint_t *e, char *name, size_t size)
{
	if (r != OK)
		return r;
	if (e != NULL)
		*e = m->whoami.endpt;
	if (name != NULL)
		strlcpy(name, m->whoami.name, size);
	return OK;
}

int sys_whoami(endpoint_t *e, char *name, size_t size)
{
	message m;

	return name_reply(sys_getinfo(GET_WHOAMI, NULL, 0, &m), &m, e, name, size);
}

int sys_procname(endpoint_t e, char *name, size_t size)
{
	message m;

	m.getinfo.endpt = e;
	return name_reply(sys_getinfo(GET_PROCNAME, NULL, 0, &m), &m, NULL, name, size);
}
