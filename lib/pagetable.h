/*
 * Writing a new two-level i386 page directory (Intel SDM vol. 3, 4.3)
 * in physical memory that env lets us reach: what lib/exec.c uses when
 * its caller brings no page-table code of its own (the kernel, building
 * VM at boot).
 */
#ifndef LIB_PAGETABLE_H
#define LIB_PAGETABLE_H

#include <mica/types.h>
#include "exec.h"

int pt_writemap(const struct exec_env *env, phys_bytes pagedir, vir_bytes va,
                phys_bytes pa, u32_t flags);
phys_bytes pt_lookup(const struct exec_env *env, phys_bytes pagedir, vir_bytes va);

#endif
