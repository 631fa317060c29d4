/*
 * Multiboot v1 entry. The loader (QEMU -kernel or GRUB) enters here in
 * 32-bit protected mode with paging off, eax = multiboot magic and
 * ebx = the multiboot information structure.
 */
#define MB_MAGIC  0x1badb002
#define MB_FLAGS  0x00000003   /* modules page aligned; give us memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	cld
	movl $kernel_stack_top, %esp
	xorl %ebp, %ebp          /* ends the frame-pointer chain */
	movl %ebx, %edx          /* kmain(magic, mbi): -mregparm=3 */
	call kmain
1:	hlt
	jmp 1b

	.bss
	.align 16
	.globl kernel_stack, kernel_stack_top
kernel_stack:
	.space 16384
kernel_stack_top:
