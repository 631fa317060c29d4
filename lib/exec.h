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
	void *(*phys_to_ptr)(void *arg, phys_bytes pa);
	void *arg;
	const u32_t *kernel_pdes;             /* KERNEL_PDES entries */
};

struct exec_result {
	phys_bytes pagedir;
	vir_bytes entry;
	vir_bytes stack;
	char name[16];
};

int exec_load(const struct exec_env *env, const u8_t *image, size_t size,
              const char *cmdline, struct exec_result *out);
int exec_map_page(const struct exec_env *env, phys_bytes pagedir, vir_bytes va,
                  phys_bytes pa, u32_t flags);

#endif
