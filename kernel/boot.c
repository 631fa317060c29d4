/*
 * From the multiboot loader to the first process: read what the loader
 * gives (memory size, modules), then build VM's address space from the
 * first module. VM starts everything else.
 */
#include "kernel.h"
#include "arch/i386/arch.h"
#include <exec.h>
#include "calls/calls.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002
#define MBI_MEMORY  0x001
#define MBI_CMDLINE 0x004
#define MBI_MODULES 0x008

struct multiboot_info {
	u32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	u32_t mods_count, mods_addr;
};

struct multiboot_module {
	u32_t mod_start, mod_end, string, reserved;
};

struct bootmodule boot_modules[BOOT_MODULES_MAX];
int nr_boot_modules;
struct memrange free_memory[1];
int nr_free_memory;
phys_bytes ram_end;

extern char kernel_end[];
static phys_bytes boot_next;   /* the boot-time page allocator's next page */

static phys_bytes page_up(phys_bytes a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* Is word one of the space-separated words of s? */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = s; *p != '\0'; p++)
		if ((p == s || p[-1] == ' ') && strncmp(p, word, n) == 0 &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The value of the word "name=value" of s, up to the next space, or
 * NULL. */
static const char *word_value(const char *s, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = s; *p != '\0'; p++)
		if ((p == s || p[-1] == ' ') && strncmp(p, name, n) == 0 && p[n] == '=')
			return p + n + 1;
	return NULL;
}

/* Copy what we need out of the multiboot information: it lives in memory
 * we are about to hand out. */
static void read_multiboot(u32_t magic, const struct multiboot_info *mbi)
{
	const struct multiboot_module *mod;
	const char *cmd;
	u32_t i;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader (magic 0x%x)", magic);
	if (!(mbi->flags & MBI_MEMORY))
		panic("the loader gave no memory size");
	ram_end = 0x100000 + (phys_bytes)mbi->mem_upper * 1024;
	if (ram_end > MAX_PHYS_MEM)
		ram_end = MAX_PHYS_MEM;
	if ((mbi->flags & MBI_CMDLINE) && mbi->cmdline != 0) {
		testhooks_enabled = has_word((const char *)mbi->cmdline, "testhooks");
		if ((cmd = word_value((const char *)mbi->cmdline, "keys")) != NULL)
			console_type(cmd);
		if ((cmd = word_value((const char *)mbi->cmdline, "watchdog")) != NULL)
			watchdog_set(cmd);
		if (has_word((const char *)mbi->cmdline, "nocow"))
			cow_enabled = 0;
		if (has_word((const char *)mbi->cmdline, "trace"))
			trace_start();
	}
	if (!(mbi->flags & MBI_MODULES) || mbi->mods_count == 0)
		panic("no boot modules: give at least vm (-initrd \"vm,init\")");
	if (mbi->mods_count > BOOT_MODULES_MAX)
		printf("kernel: only the first %d of %u boot modules are used\n",
		       BOOT_MODULES_MAX, mbi->mods_count);
	boot_next = page_up((phys_bytes)kernel_end);
	mod = (const struct multiboot_module *)mbi->mods_addr;
	for (i = 0; i < mbi->mods_count && i < BOOT_MODULES_MAX; i++, mod++) {
		boot_modules[i].start = mod->mod_start;
		boot_modules[i].end = mod->mod_end;
		cmd = mod->string ? (const char *)mod->string : "";
		strlcpy(boot_modules[i].cmdline, cmd, sizeof(boot_modules[i].cmdline));
		if (mod->mod_end > ram_end || mod->mod_end < mod->mod_start)
			panic("boot module %u lies outside RAM", i);
		if (page_up(mod->mod_end) > boot_next)
			boot_next = page_up(mod->mod_end);
	}
	nr_boot_modules = i;
}

static phys_bytes boot_alloc_page(void *arg)
{
	phys_bytes p = boot_next;

	(void)arg;
	if (p + PAGE_SIZE > ram_end)
		return 0;
	boot_next += PAGE_SIZE;
	memset((void *)p, 0, PAGE_SIZE);
	return p;
}

/* The kernel maps RAM 1:1, so a physical address is a pointer. */
static void *boot_phys_to_ptr(void *arg, phys_bytes pa)
{
	(void)arg;
	return (void *)pa;
}

/* VM: the first module, with all of RAM also mapped at VM_PHYS_BASE so
 * that it can build everyone's page tables. VM cannot take page faults
 * (it is the one who would handle them), so its whole stack is mapped
 * from the start. */
#define VM_STACK_PAGES 16

static void make_vm(void)
{
	u32_t kpdes[KERNEL_PDES];
	struct exec_env env = { boot_alloc_page, NULL, boot_phys_to_ptr, NULL, kpdes, VM_STACK_PAGES };
	struct exec_result ex;
	struct bootmodule *m = &boot_modules[0];
	struct proc *p;
	u32_t *pd;
	phys_bytes a;
	int i, r;

	for (i = 0; i < (int)KERNEL_PDES; i++)
		kpdes[i] = kernel_pde(i);
	r = exec_load(&env, (const u8_t *)m->start, m->end - m->start, m->cmdline, &ex);
	if (r != OK)
		panic("cannot load vm from module 0 (%s): %s", m->cmdline, errstr(r));
	pd = (u32_t *)ex.pagedir;
	for (a = 0; a < ram_end; a += PDE_SPAN)
		pd[(VM_PHYS_BASE + a) >> PDE_SHIFT] = a | PTE_P | PTE_W | PTE_U | PTE_PS;

	p = proc_alloc(VM_SLOT);
	kassert(p != NULL);
	strlcpy(p->p_name, ex.name, sizeof(p->p_name));
	p->p_cr3 = ex.pagedir;
	p->p_parent = p->p_endpoint;
	p->p_privflags = PROC_SYSTEM | PROC_MAGIC_GRANTS;
	p->p_callmask = ~0u;
	p->p_priority = PRIO_SERVER;
	p->p_reg.cs = USER_CS;
	p->p_reg.ds = p->p_reg.es = p->p_reg.fs = p->p_reg.gs = p->p_reg.ss = USER_DS;
	p->p_reg.eflags = 0x200;   /* interrupts on */
	p->p_reg.eip = ex.entry;
	p->p_reg.esp = ex.stack;
	p->p_rts_flags = RTS_SLOT_FREE;
	rts_clear(p, RTS_SLOT_FREE);
}

void boot(u32_t magic, const void *mbi_addr)
{
	read_multiboot(magic, mbi_addr);
	paging_init(ram_end);
	proc_init();
	make_vm();
	free_memory[0].base = boot_next;
	free_memory[0].size = ram_end - boot_next;
	nr_free_memory = 1;
	printf("mica: %u MiB of RAM, %d boot modules, %u KiB free\n",
	       ram_end >> 20, nr_boot_modules, free_memory[0].size >> 10);
}
