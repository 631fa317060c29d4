/*
 * Kernel entry and exit.
 *
 * Every exception, interrupt and trap enters through a stub that pushes
 * an error code (0 when the CPU gives none) and the vector, then
 * trap_common saves the rest. From user mode the CPU has switched to the
 * TSS stack, which points just past the current process's p_reg, so the
 * whole frame lands in the process table; we then move to the kernel
 * stack and never come back here: the kernel leaves through restart_user.
 * From kernel mode (the idle loop's hlt, or a fault inside copy_catch)
 * the frame is on the kernel stack and we return with iret.
 *
 * Everything is built with -mregparm=3 (Makefile): a C function takes
 * its first three arguments in eax, edx and ecx, so the frame goes to
 * the C entry in eax, and the functions here take theirs the same way.
 */
#define KERNEL_DS 0x10
#define CS_OFFSET 60        /* offsetof(struct stackframe, cs) */

.macro STUB vec
	.globl trap_\vec
trap_\vec:
	pushl $0
	pushl $\vec
	jmp trap_common
.endm

.macro STUB_ERR vec
	.globl trap_\vec
trap_\vec:
	pushl $\vec
	jmp trap_common
.endm

	.text
STUB 0
STUB 1
STUB 2
STUB 3
STUB 4
STUB 5
STUB 6
STUB 7
STUB_ERR 8
STUB 9
STUB_ERR 10
STUB_ERR 11
STUB_ERR 12
STUB_ERR 13
STUB_ERR 14
STUB 15
STUB 16
STUB_ERR 17
STUB 18
STUB 19
STUB 32
STUB 33
STUB 64
STUB 65
STUB 66
STUB 67
STUB 68
STUB 69
STUB 70
STUB 71
STUB 72
STUB 73
STUB 74
STUB 75
STUB 76
STUB 77
STUB 78
STUB 79

trap_common:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	/* The kernel's C code uses ds and es (and ss) only; fs and gs keep
	 * the process's values, saved and restored all the same. */
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	cld
	movl %esp, %eax
	testl $3, CS_OFFSET(%esp)
	jz 1f
	/* From user mode: %eax is &cur->p_reg. */
	movl $kernel_stack_top, %esp
	xorl %ebp, %ebp
	call *trap_entry	/* trap_from_user, or trace_trap (kernel/trace.c) */
	/* not reached */
1:	call trap_from_kernel	/* the frame in %eax, as for every C call */
	jmp pop_frame

/* void restart_user(struct stackframe *f): resume a process (f in eax). */
	.globl restart_user
restart_user:
	movl %eax, %esp
pop_frame:
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp
	iret

/*
 * int copy_catch(void *dst, const void *src, size_t n): eax, edx, ecx
 *
 * memcpy that survives a page fault: if one happens between
 * copy_catch_start and copy_catch_end, the page-fault handler stores the
 * address in copy_fault_addr and resumes at copy_catch_fault, which
 * returns -1. Returns 0 when all n bytes were copied.
 */
	.globl copy_catch, copy_catch_start, copy_catch_end, copy_catch_fault
copy_catch:
	pushl %esi
	pushl %edi
	movl %eax, %edi
	movl %edx, %esi
copy_catch_start:
	movl %ecx, %edx
	shrl $2, %ecx
	rep movsl
	movl %edx, %ecx
	andl $3, %ecx
	rep movsb
copy_catch_end:
	xorl %eax, %eax
	popl %edi
	popl %esi
	ret
copy_catch_fault:
	movl $-1, %eax
	popl %edi
	popl %esi
	ret

	.section .rodata
	.globl trap_stubs
	.align 4
/* trap_stubs[v] is the stub for vector v, or 0. */
trap_stubs:
	.long trap_0, trap_1, trap_2, trap_3, trap_4, trap_5, trap_6, trap_7
	.long trap_8, trap_9, trap_10, trap_11, trap_12, trap_13, trap_14, trap_15
	.long trap_16, trap_17, trap_18, trap_19
	.fill 12, 4, 0
	.long trap_32, trap_33
	.fill 30, 4, 0
	.long trap_64, trap_65, trap_66, trap_67, trap_68, trap_69, trap_70, trap_71
	.long trap_72, trap_73, trap_74, trap_75, trap_76, trap_77, trap_78, trap_79
	.globl trap_stubs_end
trap_stubs_end:
