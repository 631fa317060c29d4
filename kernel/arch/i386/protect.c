/*
 * Segmentation and the interrupt table. Segments are flat (base 0, limit
 * 4 GiB): protection comes from paging, where the kernel's pages are
 * supervisor-only. The TSS exists only to give the CPU the ring-0 stack.
 */
#include "../../kernel.h"
#include "arch.h"

struct seg_desc { u16_t limit_lo, base_lo; u8_t base_mid, access, gran, base_hi; };
struct gate_desc { u16_t off_lo, sel; u8_t zero, type; u16_t off_hi; };
struct tss {
	u32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32_t es, cs, ss, ds, fs, gs, ldt;
	u16_t trap, iomap;
};
struct __attribute__((packed)) table_ptr { u16_t limit; u32_t base; };

static struct seg_desc gdt[6];
static struct gate_desc idt[256];
static struct tss tss;

static void set_seg(int i, u32_t base, u32_t limit, u8_t access, u8_t gran)
{
	gdt[i].limit_lo = limit & 0xffff;
	gdt[i].base_lo = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].gran = gran | ((limit >> 16) & 0x0f);
	gdt[i].base_hi = base >> 24;
}

/* Interrupt gates (type 0xe) keep interrupts off inside the kernel: the
 * kernel is not reentrant. dpl 3 lets user code use the vector with int. */
static void set_gate(int vec, u32_t handler, int dpl)
{
	idt[vec].off_lo = handler & 0xffff;
	idt[vec].sel = KERNEL_CS;
	idt[vec].zero = 0;
	idt[vec].type = 0x80 | (dpl << 5) | 0x0e;
	idt[vec].off_hi = handler >> 16;
}

extern const u32_t trap_stubs_end[];

void protect_init(void)
{
	struct table_ptr gp, ip;
	int v, nstubs = trap_stubs_end - trap_stubs;

	set_seg(1, 0, 0xfffff, 0x9a, 0xc0);   /* kernel code */
	set_seg(2, 0, 0xfffff, 0x92, 0xc0);   /* kernel data */
	set_seg(3, 0, 0xfffff, 0xfa, 0xc0);   /* user code */
	set_seg(4, 0, 0xfffff, 0xf2, 0xc0);   /* user data */
	set_seg(5, (u32_t)&tss, sizeof(tss) - 1, 0x89, 0x00);
	tss.ss0 = KERNEL_DS;
	tss.iomap = sizeof(tss);              /* no I/O bitmap: no port access */

	gp.limit = sizeof(gdt) - 1;
	gp.base = (u32_t)gdt;
	__asm__ volatile(
		"lgdt %0\n\t"
		"ljmp $0x08, $1f\n"
		"1:\n\t"
		"movw $0x10, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		"movw %%ax, %%ss\n\t"
		"movw $0x28, %%ax\n\t"
		"ltr %%ax"
		: : "m"(gp) : "eax", "memory");

	for (v = 0; v < nstubs; v++)
		if (trap_stubs[v] != 0)
			set_gate(v, trap_stubs[v], 0);
	set_gate(3, trap_stubs[3], 3);        /* int3 from user: a breakpoint */
	set_gate(32, trap_stubs[32], 3);
	set_gate(33, trap_stubs[33], 3);
	ip.limit = sizeof(idt) - 1;
	ip.base = (u32_t)idt;
	__asm__ volatile("lidt %0" : : "m"(ip));
}

void tss_set_stack(u32_t esp0)
{
	tss.esp0 = esp0;
}
