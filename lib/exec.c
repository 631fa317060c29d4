/*
 * ELF loading into a new address space. Every check that protects the
 * loader from a bad image is here: the header, each segment's place in
 * the file and in user space.
 */
#include <mica/errno.h>
#include <mica/layout.h>
#include <string.h>
#include "elf.h"
#include "exec.h"
#include "pagetable.h"

#define MAX_ARGS 16

static int valid_header(const Elf32_Ehdr *eh, size_t size)
{
	return size >= sizeof(*eh) &&
	       memcmp(eh->e_ident, "\177ELF", 4) == 0 &&
	       eh->e_ident[4] == 1 /* 32-bit */ && eh->e_ident[5] == 1 /* LE */ &&
	       eh->e_type == ET_EXEC && eh->e_machine == EM_386 &&
	       eh->e_phentsize == sizeof(Elf32_Phdr) &&
	       eh->e_phoff < size && eh->e_phnum <= (size - eh->e_phoff) / sizeof(Elf32_Phdr) &&
	       eh->e_entry >= USER_BASE && eh->e_entry < USER_STACK_TOP;
}

/* Map one PT_LOAD segment, page by page, copying its file bytes. */
static int load_segment(const struct exec_env *env, const struct exec_tables *tables,
                        phys_bytes pagedir, const u8_t *image, size_t size,
                        const Elf32_Phdr *ph)
{
	vir_bytes va, start = ph->p_vaddr & ~(PAGE_SIZE - 1);
	vir_bytes end = ph->p_vaddr + ph->p_memsz;
	phys_bytes page;
	u32_t flags = PTE_U | ((ph->p_flags & PF_W) ? PTE_W : 0);
	u8_t *dst;
	int r, filled;

	if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
	    ph->p_filesz > size - ph->p_offset || ph->p_vaddr < USER_BASE ||
	    end < ph->p_vaddr || end > USER_HEAP_END)
		return ENOEXEC;
	for (va = start; va < end; va += PAGE_SIZE) {
		if ((page = tables->lookup(env, pagedir, va)) == 0) {
			/* A page the file fills whole is copied over at
			 * once: zeroing it first would be wasted (a page of
			 * text is 1,024 counted stores). */
			filled = env->alloc_filled_page != NULL && va >= ph->p_vaddr &&
			         va + PAGE_SIZE <= ph->p_vaddr + ph->p_filesz;
			if ((page = (filled ? env->alloc_filled_page : env->alloc_page)(env->arg)) == 0)
				return ENOMEM;
			if ((r = tables->map_page(env, pagedir, va, page, flags)) != OK)
				return r;
		}
		/* Copy the part of the file image that falls in this page. */
		dst = env->phys_to_ptr(env->arg, page);
		vir_bytes lo = va > ph->p_vaddr ? va : ph->p_vaddr;
		vir_bytes hi = ph->p_vaddr + ph->p_filesz;
		if (hi > va + PAGE_SIZE)
			hi = va + PAGE_SIZE;
		if (lo < hi)
			memcpy(dst + (lo - va), image + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
	}
	return OK;
}

/*
 * Lay out argc, argv[] and the strings at the top of the stack:
 *   esp -> argc, argv[0] .. argv[argc-1], NULL, the strings.
 */
static int push_args(const struct exec_env *env, const struct exec_tables *tables,
                     phys_bytes pagedir, const char *cmdline, struct exec_result *out)
{
	vir_bytes top_page = USER_STACK_TOP - PAGE_SIZE;
	u8_t *page = env->phys_to_ptr(env->arg, tables->lookup(env, pagedir, top_page));
	size_t len = strlen(cmdline);
	u32_t argv[MAX_ARGS + 1], *words;
	int argc = 0;
	size_t i, strings, nwords;
	char *s;
	const char *base;

	if (len + 1 + (MAX_ARGS + 3) * 4 > PAGE_SIZE)
		return E2BIG;
	strings = PAGE_SIZE - ((len + 1 + 3) & ~3u);
	s = (char *)page + strings;
	memcpy(s, cmdline, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ') {
			s[i] = '\0';
		} else if (i == 0 || s[i - 1] == '\0') {
			if (argc == MAX_ARGS)
				return E2BIG;
			argv[argc++] = top_page + strings + i;
		}
	}
	argv[argc] = 0;
	nwords = argc + 2;
	words = (u32_t *)(page + strings) - nwords;
	words[0] = argc;
	memcpy(&words[1], argv, (argc + 1) * sizeof(u32_t));
	out->stack = top_page + ((u8_t *)words - page);

	/* The process's name: argv[0] without its directories. */
	base = argc > 0 ? (const char *)page + (argv[0] - top_page) : "?";
	for (s = (char *)base; *s != '\0'; s++)
		if (*s == '/')
			base = s + 1;
	strlcpy(out->name, base, sizeof(out->name));
	return OK;
}

int exec_load(const struct exec_env *env, const u8_t *image, size_t size,
              const char *cmdline, struct exec_result *out)
{
	static const struct exec_tables writer = { pt_writemap, pt_lookup };

	return exec_load_with(env, &writer, image, size, cmdline, out);
}

int exec_load_with(const struct exec_env *env, const struct exec_tables *tables,
                   const u8_t *image, size_t size, const char *cmdline,
                   struct exec_result *out)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)image;
	const Elf32_Phdr *ph;
	phys_bytes page;
	u32_t *pd;
	vir_bytes va, end;
	int i, r;

	if (!valid_header(eh, size))
		return ENOEXEC;
	if ((out->pagedir = env->alloc_page(env->arg)) == 0)
		return ENOMEM;
	pd = env->phys_to_ptr(env->arg, out->pagedir);
	memcpy(pd, env->kernel_pdes, KERNEL_PDES * sizeof(u32_t));
	ph = (const Elf32_Phdr *)(image + eh->e_phoff);
	out->image_end = out->rw_start = USER_BASE;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((r = load_segment(env, tables, out->pagedir, image, size, &ph[i])) != OK)
			return r;
		end = (ph[i].p_vaddr + ph[i].p_memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (end > out->image_end)
			out->image_end = end;
		if (!(ph[i].p_flags & PF_W) && end > out->rw_start)
			out->rw_start = end;
	}
	if (env->stack_pages < 1 || env->stack_pages > (int)(USER_STACK_MAX / PAGE_SIZE))
		return EINVAL;
	for (va = USER_STACK_TOP - env->stack_pages * PAGE_SIZE; va < USER_STACK_TOP;
	     va += PAGE_SIZE) {
		if ((page = env->alloc_page(env->arg)) == 0)
			return ENOMEM;
		if ((r = tables->map_page(env, out->pagedir, va, page, PTE_U | PTE_W)) != OK)
			return r;
	}
	out->entry = eh->e_entry;
	return push_args(env, tables, out->pagedir, cmdline, out);
}
