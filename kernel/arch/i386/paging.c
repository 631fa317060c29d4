/*
 * Turning paging on. The kernel maps all RAM 1:1 below KERNEL_SPACE_END
 * with 4 MiB global, supervisor-only pages. The boot directory built here
 * is used only until the first process runs: after that the kernel lives
 * in every process's directory (VM copies the kernel's entries, read with
 * GET_KPDES, into each one) and keeps no page table of its own.
 */
#include "../../kernel.h"
#include "arch.h"
#include "cpu.h"

#define CR0_WP 0x00010000   /* the kernel too obeys read-only pages */
#define CR0_PG 0x80000000
#define CR4_PSE 0x00000010
#define CR4_PGE 0x00000080

static u32_t boot_pgdir[PDE_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

void paging_init(phys_bytes ram_end)
{
	phys_bytes a;

	for (a = 0; a < ram_end && a < KERNEL_SPACE_END; a += PDE_SPAN)
		boot_pgdir[a >> PDE_SHIFT] = a | PTE_P | PTE_W | PTE_PS | PTE_G;
	write_cr4(read_cr4() | CR4_PSE | CR4_PGE);
	write_cr3((u32_t)boot_pgdir);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
}

/* Are the first KERNEL_PDES entries of pd the kernel's? SYS_NEWPROC
 * asks this of every new directory: one repe cmpsl, a count a word
 * under -icount, where a loop of kernel_pde() calls took twenty. */
int kernel_pdes_match(const u32_t *pd)
{
	const u32_t *ours = boot_pgdir;
	u32_t left = KERNEL_PDES;
	u8_t same;

	__asm__ volatile("repe cmpsl\n\tsete %0"
	                 : "=q"(same), "+S"(pd), "+D"(ours), "+c"(left) : : "memory", "cc");
	return same;
}

/* Entry i of the kernel's part of every page directory. */
u32_t kernel_pde(int i)
{
	kassert(i >= 0 && i < (int)KERNEL_PDES);
	return boot_pgdir[i];
}
