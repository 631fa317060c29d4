/* Clients of VM's requests (include/mica/vm.h). */
#include "libsys.h"

/* Send a request to VM; the reply comes back in m. Returns the IPC
 * error or VM's result. */
static int vm_request(int type, message *m)
{
	int r;

	m->m_type = type;
	if ((r = sendrec(VM_PROC_NR, m)) != OK)
		return r;
	return m->m_type;
}

/* Start a boot-module program: "name arg arg...". Returns its endpoint or
 * an error (ENOENT: no such program module). */
endpoint_t vm_spawn(const char *cmdline)
{
	message m;
	int r;

	message_clear(&m);
	m.vm_spawn.cmdline = (vir_bytes)cmdline;
	m.vm_spawn.len = strlen(cmdline);
	r = vm_request(VM_SPAWN, &m);
	return r == OK ? m.vm_spawn.endpt : r;
}

/* Wait until child (spawned by us) has ended. */
int vm_wait(endpoint_t child, int *status, int *killed)
{
	return vm_waitfor(child, 0, NULL, status, killed);
}

/* Wait for child, or for ANY child; with nohang return EAGAIN at once if
 * none has ended yet (VM then notifies us when one does). *who gets the
 * child that ended. */
int vm_waitfor(endpoint_t child, int nohang, endpoint_t *who, int *status, int *killed)
{
	message m;
	int r;

	message_clear(&m);
	m.vm_wait.endpt = child;
	m.vm_wait.nohang = nohang;
	if ((r = vm_request(VM_WAIT, &m)) == OK) {
		if (who != NULL)
			*who = m.vm_wait.endpt;
		*status = m.vm_wait.status;
		*killed = m.vm_wait.killed;
	}
	return r;
}

/* End a child of ours (init: any process that is not a system one). */
int vm_kill(endpoint_t e, int status)
{
	message m;

	message_clear(&m);
	m.vm_kill.endpt = e;
	m.vm_kill.status = status;
	return vm_request(VM_KILL, &m);
}

int vm_info(struct mess_vm_info *info)
{
	message m;
	int r;

	message_clear(&m);
	if ((r = vm_request(VM_INFO, &m)) == OK)
		*info = m.vm_info;
	return r;
}

/* Move the end of the heap to addr (0: leave it). Returns the end, or 0
 * if it could not be moved. */
vir_bytes vm_brk(vir_bytes addr)
{
	message m;

	message_clear(&m);
	m.vm_brk.addr = addr;
	return vm_request(VM_BRK, &m) == OK ? m.vm_brk.addr : 0;
}

/* len bytes of fresh zeroed memory, or NULL. */
void *vm_mmap(size_t len)
{
	message m;

	message_clear(&m);
	m.vm_mmap.len = len;
	return vm_request(VM_MMAP, &m) == OK ? (void *)m.vm_mmap.addr : NULL;
}

int vm_munmap(void *addr, size_t len)
{
	message m;

	message_clear(&m);
	m.vm_mmap.addr = (vir_bytes)addr;
	m.vm_mmap.len = len;
	return vm_request(VM_MUNMAP, &m);
}

/* Have VM stop our child for ticks, as it does while editing tables. */
int vm_hold(endpoint_t child, u32_t ticks)
{
	message m;

	message_clear(&m);
	m.vm_hold.endpt = child;
	m.vm_hold.ticks = ticks;
	return vm_request(VM_HOLD, &m);
}

/* Map len bytes (whole pages) of grant of granter, from offset, into
 * our space (SAFEMAP_WRITE in flags: writable); *addr says where. */
int sys_safemap(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset, size_t len,
                u32_t flags, void **addr)
{
	message m;
	int r;

	message_clear(&m);
	m.vm_safemap.granter = granter;
	m.vm_safemap.grant = grant;
	m.vm_safemap.offset = offset;
	m.vm_safemap.len = len;
	m.vm_safemap.flags = flags;
	if ((r = vm_request(VM_SAFEMAP, &m)) == OK)
		*addr = (void *)m.vm_safemap.addr;
	return r;
}

/* Unmap our mapping that starts at addr. */
int sys_safeunmap(void *addr)
{
	message m;

	message_clear(&m);
	m.vm_safemap.addr = (vir_bytes)addr;
	return vm_request(VM_SAFEUNMAP, &m);
}

/* Unmap every mapping made through our grant: how many went, or an
 * error. */
int sys_saferevmap(cp_grant_id_t grant)
{
	message m;
	int r;

	message_clear(&m);
	m.vm_safemap.grant = grant;
	r = vm_request(VM_SAFEREVMAP, &m);
	return r == OK ? (int)m.vm_safemap.len : r;
}
