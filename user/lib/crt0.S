/*
 * Where every user program starts. VM (or the kernel, for VM) left
 *   esp -> argc, argv[0] .. argv[argc-1], NULL, the strings
 * so main(argc, argv) gets them, and its return value goes to exit().
 */
	.section .text.start, "ax"
	.globl _start
_start:
	xorl %ebp, %ebp          /* ends the frame-pointer chain */
	movl (%esp), %eax
	leal 4(%esp), %edx
	andl $-16, %esp
	call main                /* main(argc, argv): -mregparm=3 */
	call exit                /* exit(what main returned) */
1:	jmp 1b
