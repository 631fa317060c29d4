/* The parts of ELF32 (System V ABI, i386 supplement) Mica loads. */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <mica/types.h>

typedef struct {
	u8_t e_ident[16];
	u16_t e_type, e_machine;
	u32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	u32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

#define ET_EXEC  2
#define EM_386   3
#define PT_LOAD  1
#define PF_W     2

#endif
