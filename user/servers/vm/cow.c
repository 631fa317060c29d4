/*
 * Writes to present pages that are mapped read-only: copy-on-write.
 *
 * Lab 3's rule, which fault.c keeps: a protection fault (PF_PROT, the
 * page is there but refused the access) is never fixed by mapping a new
 * page over the present one. A read of such a page cannot be fixed at
 * all. A write is handed here first, wherever the page is: cow_fault()
 * says whether it is a page VM shares copy-on-write, and if so gives
 * the writer its own writable copy.
 *
 * Lab 4 brings copy-on-write pages (safecopy's optimisation, safemap)
 * and replaces this file; fault.c does not change. Until then no page is
 * copy-on-write, so every such write is a real fault, such as a write
 * to the program's text.
 */
#include "vm.h"

/* p wrote to its present, read-only page at page. Returns OK when the
 * write may now go ahead (the page is p's own and writable), ENOMEM
 * when it would but no page is left, EFAULT when the page is not
 * copy-on-write: then the fault is p's, and p is killed. */
int cow_fault(struct vmproc *p, vir_bytes page)
{
	(void)p;
	(void)page;
	return EFAULT;   /* before lab 4 no page is copy-on-write */
}
