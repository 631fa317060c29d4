/* Clients of VM's requests (include/mica/vm.h). */
#include "libsys.h"

/* Start a boot-module program: "name arg arg...". Returns its endpoint or
 * an error (ENOENT: no such program module). */
endpoint_t vm_spawn(const char *cmdline)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = VM_SPAWN;
	m.vm_spawn.cmdline = (vir_bytes)cmdline;
	m.vm_spawn.len = strlen(cmdline);
	if ((r = sendrec(VM_PROC_NR, &m)) != OK)
		return r;
	return m.m_type == OK ? m.vm_spawn.endpt : m.m_type;
}

/* Wait until child (spawned by us) has ended. */
int vm_wait(endpoint_t child, int *status, int *killed)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = VM_WAIT;
	m.vm_wait.endpt = child;
	if ((r = sendrec(VM_PROC_NR, &m)) != OK)
		return r;
	if (m.m_type == OK) {
		*status = m.vm_wait.status;
		*killed = m.vm_wait.killed;
	}
	return m.m_type;
}

int vm_info(struct mess_vm_info *info)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = VM_INFO;
	if ((r = sendrec(VM_PROC_NR, &m)) != OK)
		return r;
	*info = m.vm_info;
	return m.m_type;
}
