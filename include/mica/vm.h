/*
 * Requests to the VM server (m_type), and the events the kernel sends VM
 * on behalf of a process. A reply's m_type is OK or an error code.
 */
#ifndef MICA_VM_H
#define MICA_VM_H

#define VM_SPAWN     0x200  /* m.vm_spawn: start a boot-module program
                               from a command line; reply: m.vm_spawn.endpt */
#define VM_WAIT      0x201  /* m.vm_wait: wait for a child to exit; reply:
                               m.vm_wait.status, .killed */
#define VM_INFO      0x202  /* reply: m.vm_info */

/* Sent by the kernel on a process's behalf (m_source is that process). */
#define VM_PAGEFAULT 0x280  /* m.pagefault; the process is stopped */
#define VM_EXITED    0x281  /* m.exited; the process has ended */

#define VM_CMDLINE_MAX 120

#endif
