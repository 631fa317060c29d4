/*
 * Building a process's address space from an ELF image: shared by the
 * kernel (which builds VM's at boot) and VM (which builds everyone
 * else's). The caller supplies physical pages and a way to reach them.
 */
#ifndef LIB_EXEC_H
#define LIB_EXEC_H

#include <mica/types.h>

struct exec_env {
	phys_bytes (*alloc_page)(void *arg);  /* a zeroed page, or 0 */
	/* A page the loader fills whole with file bytes, so it need not be
	 * zeroed first, or 0; NULL: alloc_page. */
	phys_bytes (*alloc_filled_page)(void *arg);
	void *(*phys_to_ptr)(void *arg, phys_bytes pa);
	void *arg;
	const u32_t *kernel_pdes;             /* KERNEL_PDES entries */
	int stack_pages;                      /* stack pages to map now */
};

struct exec_result {
	phys_bytes pagedir;
	vir_bytes entry;
	vir_bytes stack;
	vir_bytes image_end;   /* page-aligned end of the loaded segments */
	vir_bytes rw_start;    /* every page of [rw_start, image_end) that is
	                          mapped is writable: no read-only segment
	                          reaches above it (copy-on-write, VM's cow.c,
	                          may share only such pages) */
	char name[16];
};

/* The page-table code that writes the new directory. exec_load() uses
 * lib/pagetable.c's writer (the kernel, building VM at boot); VM brings
 * its own walk (user/servers/vm/ptable.c), so that every table VM
 * owns is made and unmade by the same code. */
struct exec_tables {
	int (*map_page)(const struct exec_env *env, phys_bytes pagedir, vir_bytes va,
	                phys_bytes pa, u32_t flags);
	phys_bytes (*lookup)(const struct exec_env *env, phys_bytes pagedir, vir_bytes va);
};

int exec_load(const struct exec_env *env, const u8_t *image, size_t size,
              const char *cmdline, struct exec_result *out);
int exec_load_with(const struct exec_env *env, const struct exec_tables *tables,
                   const u8_t *image, size_t size, const char *cmdline,
                   struct exec_result *out);

#endif
