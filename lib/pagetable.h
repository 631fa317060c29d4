/*
 * Reading and writing two-level i386 page tables (Intel SDM vol. 3,
 * 4.3) in physical memory that env lets us reach: used by the kernel
 * to build VM at boot and by VM for everyone else.
 */
#ifndef LIB_PAGETABLE_H
#define LIB_PAGETABLE_H

#include <mica/types.h>
#include "exec.h"

int pt_writemap(const struct exec_env *env, phys_bytes pagedir, vir_bytes va,
                phys_bytes pa, u32_t flags);
phys_bytes pt_lookup(const struct exec_env *env, phys_bytes pagedir, vir_bytes va);

#endif
