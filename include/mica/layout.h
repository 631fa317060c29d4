/*
 * The virtual address layout every page directory shares.
 *
 *   0x00000000 - 0x3fffffff  kernel: physical memory mapped 1:1 with 4 MiB
 *                            supervisor-only, global pages (RAM <= 1 GiB)
 *   0x40000000 - 0xefffffff  user space (each process its own)
 *       0x40000000           program images are linked here; the heap
 *                            (brk) follows the image, up to 0xb0000000
 *       0x80000000 - 0xbfffffff  in VM's space only: all physical memory, user R/W,
 *                            so VM can build page tables (VM_PHYS_BASE)
 *       0xb0000000 - 0xbfffffff  memory mapped through grants (VM_SAFEMAP)
 *       0xc0000000           anonymous mappings (VM_MMAP) from here up
 *       USER_STACK_TOP       the stack grows down from here, by demand,
 *                            at most USER_STACK_MAX
 *   0xf0000000 - 0xffffffff  reserved for the kernel's copy windows:
 *                            page-directory slots into which the kernel
 *                            copies another process's entries to reach
 *                            its memory (see kernel/copy.c)
 */
#ifndef MICA_LAYOUT_H
#define MICA_LAYOUT_H

#define PAGE_SIZE     4096u
#define PAGE_SHIFT    12
#define PDE_SPAN      0x400000u   /* bytes one page-directory entry maps */
#define PDE_SHIFT     22
#define PDE_ENTRIES   1024

#define KERNEL_SPACE_END 0x40000000u  /* the kernel owns [0, this) */
#define MAX_PHYS_MEM     KERNEL_SPACE_END
#define USER_BASE        0x40000000u
#define USER_END         0xf0000000u  /* user space is [USER_BASE, USER_END) */
#define VM_PHYS_BASE     0x80000000u
#define USER_STACK_TOP   0xeffff000u  /* one unmapped guard page above */
#define USER_STACK_MAX   0x00100000u  /* 1 MiB */
#define USER_STACK_LOW   (USER_STACK_TOP - USER_STACK_MAX)
#define USER_MMAP_BASE   0xc0000000u
#define USER_SAFEMAP_BASE 0xb0000000u
#define USER_SAFEMAP_END USER_MMAP_BASE
#define USER_HEAP_END    USER_SAFEMAP_BASE

#define WINDOW_BASE      0xf0000000u

#define KERNEL_PDES   (KERNEL_SPACE_END >> PDE_SHIFT)  /* 256 */

/* Page-table entry bits (Intel SDM vol. 3, 4.3). */
#define PTE_P   0x001   /* present */
#define PTE_W   0x002   /* writable */
#define PTE_U   0x004   /* user accessible */
#define PTE_PS  0x080   /* 4 MiB page (in a directory entry) */
#define PTE_G   0x100   /* global: survives a CR3 reload */
#define PTE_ADDR(e) ((e) & 0xfffff000u)

/* Page-fault error code bits. */
#define PF_PROT  0x1    /* 0: page not present, 1: protection violation */
#define PF_WRITE 0x2
#define PF_USER  0x4

#endif
