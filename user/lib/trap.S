/*
 * The two ways into the kernel.
 *
 * int _kernel_call(int nr, message *m)        int 32: eax = nr, ebx = m
 * int _ipc(int op, endpoint_t e, void *addr)  int 33: eax = op, ebx = e,
 *                                                     ecx = addr
 * Both return the kernel's result from eax.
 */
	.text
	.globl _kernel_call
_kernel_call:
	pushl %ebx
	movl 8(%esp), %eax
	movl 12(%esp), %ebx
	int $32
	popl %ebx
	ret

	.globl _ipc
_ipc:
	pushl %ebx
	movl 8(%esp), %eax
	movl 12(%esp), %ebx
	movl 16(%esp), %ecx
	int $33
	popl %ebx
	ret
