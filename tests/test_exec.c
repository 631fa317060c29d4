/*
 * Tests for lib/exec.c (exec_load, exec_load_with) and the page-table
 * writer under it, lib/pagetable.c: ELF images are built here, byte by byte, and loaded
 * into "physical memory" that is a pool of host pages, through a fake
 * struct exec_env. The address space that comes out is read back by
 * walking the page directory here, not with pt_lookup.
 *
 * A bad image must be refused with the error exec.h's callers expect:
 * ENOEXEC for anything wrong in the ELF header or a segment's place in
 * the file or in user space, E2BIG for a command line that does not fit
 * the stack page, EINVAL for a bad stack size, ENOMEM when pages run out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "mica_lib.h"
#include "elf.h"
#include "exec.h"
#include "pagetable.h"
#include <mica/errno.h>
#include <mica/layout.h>

/* --- physical memory: a pool of host pages --- */

/*
 * Pages are given out from every other slot of the pool: the slots
 * between are guards, which keep their junk unless exec or the page
 * tables write past the end (or before the start) of a page they were
 * given; load() checks them after every exec_load.
 */
#define POOL_PAGES 300           /* pages that may be given out */
#define POOL_PHYS  0x00400000u   /* the pool's first "physical" address */
#define JUNK       0xcc          /* what a page holds before it is given */

static u32_t pool[2 * POOL_PAGES + 1][PAGE_SIZE / 4];
static int pages_used;           /* pages given out */
static int page_limit;           /* how many may be; then alloc fails */

static phys_bytes fake_alloc_page(void *arg)
{
	ck_assert_ptr_eq(arg, pool);
	if (pages_used == page_limit || pages_used == POOL_PAGES)
		return 0;
	memset(pool[2 * pages_used + 1], 0, PAGE_SIZE);   /* the contract: zeroed */
	return POOL_PHYS + (phys_bytes)(2 * pages_used++ + 1) * PAGE_SIZE;
}

/* Only pages that were given out may be reached. */
static void *fake_phys_to_ptr(void *arg, phys_bytes pa)
{
	phys_bytes slot = (pa - POOL_PHYS) / PAGE_SIZE;

	ck_assert_ptr_eq(arg, pool);
	ck_assert_msg(pa >= POOL_PHYS && slot < 2u * pages_used && slot % 2 == 1,
		      "physical address %#x was never allocated", pa);
	return (u8_t *)pool + (pa - POOL_PHYS);
}

/* Every guard slot still holds its junk. */
static void check_guards(void)
{
	const u8_t *b;
	size_t slot, i;

	for (slot = 0; slot < sizeof pool / sizeof pool[0]; slot += 2) {
		b = (const u8_t *)pool[slot];
		for (i = 0; i < PAGE_SIZE; i++)
			if (b[i] != JUNK)
				ck_abort_msg("written outside the pages given: "
					     "byte %zu of guard slot %zu", i, slot);
	}
}

static u32_t kernel_pdes[KERNEL_PDES];
static struct exec_env env;

static void setup(void)
{
	u32_t i;

	memset(pool, JUNK, sizeof pool);
	pages_used = 0;
	page_limit = POOL_PAGES;
	for (i = 0; i < KERNEL_PDES; i++)
		kernel_pdes[i] = (i << PDE_SHIFT) | PTE_PS | PTE_G | PTE_W | PTE_P;
	env.alloc_page = fake_alloc_page;
	env.phys_to_ptr = fake_phys_to_ptr;
	env.arg = pool;
	env.kernel_pdes = kernel_pdes;
	env.stack_pages = 2;
}

/* --- reading the address space back --- */

static struct exec_result out;

/* The page mapped at va in out.pagedir, with its entry's flags, or NULL. */
static u8_t *user_page(vir_bytes va, u32_t *flags)
{
	u32_t *pd = fake_phys_to_ptr(pool, out.pagedir), *pt, e;

	ck_assert_uint_ge(va, USER_BASE);   /* below: the kernel's big pages */
	e = pd[va >> PDE_SHIFT];
	if (!(e & PTE_P))
		return NULL;
	ck_assert_uint_eq(e & (PTE_P | PTE_W | PTE_U | PTE_PS), PTE_P | PTE_W | PTE_U);
	pt = fake_phys_to_ptr(pool, PTE_ADDR(e));
	e = pt[(va >> PAGE_SHIFT) & (PDE_ENTRIES - 1)];
	if (!(e & PTE_P))
		return NULL;
	if (flags != NULL)
		*flags = e & 0xfff;
	return fake_phys_to_ptr(pool, PTE_ADDR(e));
}

/* The user byte at va, which must be mapped. */
static u8_t user_byte(vir_bytes va)
{
	u8_t *page = user_page(va & ~(PAGE_SIZE - 1), NULL);

	ck_assert_msg(page != NULL, "%#x is not mapped", va);
	return page[va & (PAGE_SIZE - 1)];
}

static u32_t user_word(vir_bytes va)
{
	return user_byte(va) | (u32_t)user_byte(va + 1) << 8 |
	       (u32_t)user_byte(va + 2) << 16 | (u32_t)user_byte(va + 3) << 24;
}

static const char *user_string(vir_bytes va)
{
	static char buf[PAGE_SIZE];
	size_t i;

	for (i = 0; i < sizeof buf - 1; i++)
		if ((buf[i] = (char)user_byte(va + i)) == '\0')
			return buf;
	ck_abort_msg("string at %#x not terminated", va);
	return NULL;
}

/* How many user page-directory entries are present. */
static int user_pdes(void)
{
	u32_t *pd = fake_phys_to_ptr(pool, out.pagedir);
	int i, n = 0;

	for (i = KERNEL_PDES; i < PDE_ENTRIES; i++)
		n += (pd[i] & PTE_P) != 0;
	return n;
}

/* --- images --- */

#define IMAGE_MAX  0x4000
#define TEXT_OFF   0x1000u
#define TEXT_VA    0x40000000u
#define TEXT_SIZE  0x1800u
#define DATA_OFF   0x3000u
#define DATA_VA    0x40002100u   /* not page-aligned on purpose */
#define DATA_FILE  0x100u
#define DATA_MEM   0x2000u       /* the rest is bss */
#define GOOD_SIZE  (DATA_OFF + DATA_FILE)
#define ENTRY      (TEXT_VA + 0x10)

static u32_t image_words[IMAGE_MAX / 4];
static u8_t *const image = (u8_t *)image_words;
static Elf32_Ehdr *const eh = (Elf32_Ehdr *)image_words;
static Elf32_Phdr *const ph = (Elf32_Phdr *)((u8_t *)image_words + sizeof(Elf32_Ehdr));
static size_t image_size;

static u8_t text_byte(u32_t i) { return (u8_t)(i * 7 + 1); }
static u8_t data_byte(u32_t i) { return (u8_t)(i * 13 + 5); }

/*
 * A good executable: text (read-only, two pages), data with bss (three
 * pages, starting in the middle of one), and a note that is not loaded.
 * Bytes past the end of the file are junk, to show any read beyond it.
 */
static void make_image(void)
{
	u32_t i;

	memset(image, 0xee, IMAGE_MAX);
	memset(image, 0, DATA_OFF);
	memcpy(eh->e_ident, "\177ELF\1\1\1", 7);
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = 1;
	eh->e_entry = ENTRY;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = 3;
	ph[0] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = TEXT_OFF,
		.p_vaddr = TEXT_VA, .p_paddr = TEXT_VA, .p_filesz = TEXT_SIZE,
		.p_memsz = TEXT_SIZE, .p_flags = 5 /* R X */, .p_align = PAGE_SIZE };
	ph[1] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = DATA_OFF,
		.p_vaddr = DATA_VA, .p_paddr = DATA_VA, .p_filesz = DATA_FILE,
		.p_memsz = DATA_MEM, .p_flags = 6 /* R W */, .p_align = PAGE_SIZE };
	ph[2] = (Elf32_Phdr){ .p_type = 4 /* PT_NOTE */, .p_offset = 0x200,
		.p_vaddr = 0, .p_filesz = 0x20, .p_memsz = 0x20 };
	for (i = 0; i < TEXT_SIZE; i++)
		image[TEXT_OFF + i] = text_byte(i);
	for (i = 0; i < DATA_FILE; i++)
		image[DATA_OFF + i] = data_byte(i);
	image_size = GOOD_SIZE;
}

static int load(const char *cmdline)
{
	int r;

	memset(&out, 0, sizeof out);
	r = exec_load(&env, image, image_size, cmdline, &out);
	check_guards();
	return r;
}

/* 1 pd, 1 table for the image, 1 for the stack, 2 + 3 image pages, 2 stack. */
#define GOOD_PAGES 10

/* --- a caller's own page-table code (exec_load_with, as VM uses it) --- */

#define MAX_CALLS 32
static vir_bytes mapped_va[MAX_CALLS];
static int maps, lookups;

static int counting_map(const struct exec_env *e, phys_bytes pagedir, vir_bytes va,
                        phys_bytes pa, u32_t flags)
{
	ck_assert_ptr_eq(e, &env);
	ck_assert_int_lt(maps, MAX_CALLS);
	mapped_va[maps++] = va;
	return pt_writemap(e, pagedir, va, pa, flags);
}

static phys_bytes counting_lookup(const struct exec_env *e, phys_bytes pagedir, vir_bytes va)
{
	ck_assert_ptr_eq(e, &env);
	lookups++;
	return pt_lookup(e, pagedir, va);
}

/* Every page the loader maps goes through the caller's code, once, and
 * so does every look at the new tables. */
START_TEST(test_caller_tables)
{
	static const struct exec_tables counting = { counting_map, counting_lookup };
	vir_bytes want[] = { TEXT_VA, TEXT_VA + PAGE_SIZE, 0x40002000, 0x40003000, 0x40004000,
	                     USER_STACK_TOP - 2 * PAGE_SIZE, USER_STACK_TOP - PAGE_SIZE };
	size_t i;

	make_image();
	maps = lookups = 0;
	memset(&out, 0, sizeof out);
	ck_assert_int_eq(exec_load_with(&env, &counting, image, image_size, "prog", &out), OK);
	check_guards();
	ck_assert_int_eq(maps, (int)(sizeof want / sizeof want[0]));
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_uint_eq(mapped_va[i], want[i]);
	ck_assert_int_ge(lookups, 6);   /* each image page, and the stack's top for argv */
	ck_assert_int_eq(pages_used, GOOD_PAGES);
	ck_assert_ptr_nonnull(user_page(USER_STACK_TOP - PAGE_SIZE, NULL));
}
END_TEST

/* --- a good image --- */

/* What a loaded good image must be, however its pages were got. */
static void check_good_image(void)
{
	u32_t flags, va;
	u8_t *page;

	ck_assert_uint_eq(out.entry, ENTRY);
	ck_assert_uint_eq(out.image_end, 0x40005000);   /* DATA_VA + DATA_MEM, up */
	ck_assert_uint_eq(out.rw_start, 0x40002000);    /* the text's end, up */
	ck_assert_str_eq(out.name, "prog");
	ck_assert_int_eq(pages_used, GOOD_PAGES);
	ck_assert_uint_eq(out.pagedir, POOL_PHYS + PAGE_SIZE);   /* the first page */

	/* The kernel's part of the directory, and nothing else above but
	 * the image's table and the stack's. */
	ck_assert_mem_eq(fake_phys_to_ptr(pool, out.pagedir), kernel_pdes,
			 sizeof kernel_pdes);
	ck_assert_int_eq(user_pdes(), 2);

	/* Text: user, read-only, the file's bytes. */
	for (va = TEXT_VA; va < TEXT_VA + 2 * PAGE_SIZE; va += PAGE_SIZE) {
		page = user_page(va, &flags);
		ck_assert_ptr_nonnull(page);
		ck_assert_uint_eq(flags & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_U);
	}
	for (va = 0; va < TEXT_SIZE; va++)
		if (user_byte(TEXT_VA + va) != text_byte(va))
			ck_abort_msg("text byte %#x wrong", va);
	for (va = TEXT_VA + TEXT_SIZE; va < TEXT_VA + 2 * PAGE_SIZE; va++)
		ck_assert_uint_eq(user_byte(va), 0);

	/* Data: user, writable; zeros before it in its first page, the
	 * file's bytes, then zeros (bss) to the end of its last page. */
	for (va = 0x40002000; va < 0x40005000; va += PAGE_SIZE) {
		page = user_page(va, &flags);
		ck_assert_ptr_nonnull(page);
		ck_assert_uint_eq(flags & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_W | PTE_U);
	}
	for (va = 0x40002000; va < 0x40005000; va++) {
		u8_t want = va >= DATA_VA && va < DATA_VA + DATA_FILE ?
			data_byte(va - DATA_VA) : 0;
		if (user_byte(va) != want)
			ck_abort_msg("data byte at %#x: %#x, expected %#x",
				     va, user_byte(va), want);
	}

	/* Nothing else of the image is mapped. */
	ck_assert_ptr_null(user_page(0x40005000, NULL));
	ck_assert_ptr_null(user_page(0x40006000, NULL));
}

START_TEST(test_good_image)
{
	make_image();
	ck_assert_int_eq(load("/bin/prog"), OK);
	check_good_image();
}
END_TEST

/* A page that need not be zeroed: it holds junk, as a recycled page
 * does. */
static int filled_pages;

static phys_bytes fake_alloc_filled_page(void *arg)
{
	phys_bytes pa = fake_alloc_page(arg);

	if (pa != 0) {
		memset(fake_phys_to_ptr(arg, pa), 0x5a, PAGE_SIZE);
		filled_pages++;
	}
	return pa;
}

/* With alloc_filled_page, the loader takes unzeroed pages only for what
 * the file fills whole (the text's first page), and the image reads
 * the same: no junk in the text's tail, before the data or in the bss. */
START_TEST(test_filled_pages)
{
	make_image();
	env.alloc_filled_page = fake_alloc_filled_page;
	filled_pages = 0;
	ck_assert_int_eq(load("/bin/prog"), OK);
	env.alloc_filled_page = NULL;
	ck_assert_int_eq(filled_pages, 1);
	check_good_image();
}
END_TEST

START_TEST(test_stack)
{
	u32_t flags;
	vir_bytes va;

	make_image();
	env.stack_pages = 3;
	ck_assert_int_eq(load("init"), OK);
	ck_assert_int_eq(pages_used, GOOD_PAGES + 1);
	for (va = USER_STACK_TOP - 3 * PAGE_SIZE; va < USER_STACK_TOP; va += PAGE_SIZE) {
		ck_assert_ptr_nonnull(user_page(va, &flags));
		ck_assert_uint_eq(flags & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_W | PTE_U);
	}
	ck_assert_ptr_null(user_page(USER_STACK_TOP, NULL));   /* the guard */
	ck_assert_ptr_null(user_page(USER_STACK_TOP - 4 * PAGE_SIZE, NULL));
	ck_assert_uint_ge(out.stack, USER_STACK_TOP - PAGE_SIZE);
	ck_assert_uint_lt(out.stack, USER_STACK_TOP);
}
END_TEST

/* The most stack there may be, and the least. */
START_TEST(test_stack_limits)
{
	int max = (int)(USER_STACK_MAX / PAGE_SIZE);

	make_image();
	env.stack_pages = max;
	ck_assert_int_eq(load("big"), OK);
	ck_assert_ptr_nonnull(user_page(USER_STACK_LOW, NULL));
	ck_assert_ptr_null(user_page(USER_STACK_LOW - PAGE_SIZE, NULL));
	ck_assert_int_eq(pages_used, GOOD_PAGES - 2 + max);

	setup();
	make_image();
	env.stack_pages = 1;
	ck_assert_int_eq(load("small"), OK);
	ck_assert_ptr_nonnull(user_page(USER_STACK_TOP - PAGE_SIZE, NULL));
	ck_assert_ptr_null(user_page(USER_STACK_TOP - 2 * PAGE_SIZE, NULL));
}
END_TEST

START_TEST(test_bad_stack_size)
{
	static const int bad[] = { 0, -1, (int)(USER_STACK_MAX / PAGE_SIZE) + 1, 100000 };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		setup();
		make_image();
		env.stack_pages = bad[i];
		ck_assert_msg(load("x") == EINVAL, "%d stack pages accepted", bad[i]);
	}
}
END_TEST

/* Segments that share a page get one page, holding both. */
START_TEST(test_segments_share_page)
{
	u32_t i;

	make_image();
	ph[0].p_filesz = ph[0].p_memsz = 0x800;
	ph[1].p_vaddr = TEXT_VA + 0x900;
	ph[1].p_memsz = DATA_FILE;
	ck_assert_int_eq(load("share"), OK);
	ck_assert_int_eq(pages_used, 1 + 1 + 1 + 1 + 2);
	ck_assert_uint_eq(out.image_end, TEXT_VA + PAGE_SIZE);
	for (i = 0; i < 0x800; i++)
		ck_assert_uint_eq(user_byte(TEXT_VA + i), text_byte(i));
	for (i = 0x800; i < 0x900; i++)
		ck_assert_uint_eq(user_byte(TEXT_VA + i), 0);
	for (i = 0; i < DATA_FILE; i++)
		ck_assert_uint_eq(user_byte(TEXT_VA + 0x900 + i), data_byte(i));
}
END_TEST

/* Overlapping segments are not refused (exec.c checks each segment on
 * its own): they are loaded into the same pages, not into a second page
 * that would leak or hide the first. */
START_TEST(test_segments_overlap)
{
	u32_t i;

	make_image();
	ph[1].p_vaddr = TEXT_VA + 0x1000;   /* over the text's second page */
	ph[1].p_memsz = DATA_FILE;
	ck_assert_int_eq(load("overlap"), OK);
	ck_assert_int_eq(pages_used, 1 + 1 + 2 + 1 + 2);
	for (i = 0; i < 0x1000; i++)
		ck_assert_uint_eq(user_byte(TEXT_VA + i), text_byte(i));
	for (i = DATA_FILE; i < TEXT_SIZE - 0x1000; i++)
		ck_assert_uint_eq(user_byte(TEXT_VA + 0x1000 + i), text_byte(0x1000 + i));
}
END_TEST

/* A segment may end exactly where the heap must stop. */
START_TEST(test_segment_at_heap_end)
{
	make_image();
	ph[1].p_vaddr = USER_HEAP_END - PAGE_SIZE;
	ph[1].p_memsz = PAGE_SIZE;
	ck_assert_int_eq(load("edge"), OK);
	ck_assert_uint_eq(out.image_end, USER_HEAP_END);
	ck_assert_uint_eq(user_byte(USER_HEAP_END - PAGE_SIZE + 1), data_byte(1));
}
END_TEST

/* Segments that are not PT_LOAD are not looked at. */
START_TEST(test_other_segments_ignored)
{
	make_image();
	ph[2].p_vaddr = 0x1000;            /* kernel space */
	ph[2].p_offset = 0xfffffff0;       /* outside the file */
	ph[2].p_filesz = 0x7fffffff;
	ph[2].p_memsz = 0x10;
	ck_assert_int_eq(load("notes"), OK);
	ck_assert_int_eq(pages_used, GOOD_PAGES);
}
END_TEST

/* Every page exec needs, taken away in turn: ENOMEM, never a crash. */
START_TEST(test_out_of_memory)
{
	int limit;

	for (limit = 0; limit < GOOD_PAGES; limit++) {
		setup();
		make_image();
		page_limit = limit;
		ck_assert_msg(load("prog") == ENOMEM, "%d pages were enough", limit);
	}
	setup();
	make_image();
	page_limit = GOOD_PAGES;
	ck_assert_int_eq(load("prog"), OK);
}
END_TEST

/* --- bad headers: refused before any page is taken --- */

static void assert_noexec(const char *what)
{
	int r = load("bad");

	ck_assert_msg(r == ENOEXEC, "%s: %d, expected ENOEXEC", what, r);
	ck_assert_msg(pages_used == 0, "%s: %d pages taken before refusing",
		      what, pages_used);
}

START_TEST(test_too_short)
{
	static const size_t sizes[] = { 0, 4, sizeof(Elf32_Ehdr) - 1 };
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		make_image();
		image_size = sizes[i];
		assert_noexec("short file");
	}
}
END_TEST

START_TEST(test_bad_magic)
{
	int i;

	for (i = 0; i < 4; i++) {
		make_image();
		eh->e_ident[i] ^= 0x20;
		assert_noexec("magic");
	}
	make_image();
	memcpy(eh->e_ident, "\177ELG", 4);
	assert_noexec("ELG");
}
END_TEST

START_TEST(test_wrong_class_or_order)
{
	make_image();
	eh->e_ident[4] = 2;   /* 64-bit */
	assert_noexec("ELFCLASS64");
	make_image();
	eh->e_ident[4] = 0;
	assert_noexec("ELFCLASSNONE");
	make_image();
	eh->e_ident[5] = 2;   /* big-endian */
	assert_noexec("ELFDATA2MSB");
	make_image();
	eh->e_ident[5] = 0;
	assert_noexec("ELFDATANONE");
}
END_TEST

START_TEST(test_wrong_type)
{
	static const u16_t types[] = { 0, 1 /* ET_REL */, 3 /* ET_DYN */, 4 /* ET_CORE */ };
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		make_image();
		eh->e_type = types[i];
		assert_noexec("e_type");
	}
}
END_TEST

START_TEST(test_wrong_machine)
{
	static const u16_t machines[] = { 0, 6 /* 486 */, 40 /* ARM */, 62 /* x86-64 */ };
	size_t i;

	for (i = 0; i < sizeof machines / sizeof machines[0]; i++) {
		make_image();
		eh->e_machine = machines[i];
		assert_noexec("e_machine");
	}
}
END_TEST

START_TEST(test_bad_program_headers)
{
	make_image();
	eh->e_phentsize = 56;   /* ELF64's */
	assert_noexec("e_phentsize 56");
	make_image();
	eh->e_phentsize = 0;
	assert_noexec("e_phentsize 0");
	make_image();
	eh->e_phoff = GOOD_SIZE;
	assert_noexec("e_phoff at the end");
	make_image();
	eh->e_phoff = 0xffffffe0;
	assert_noexec("e_phoff far out");
}
END_TEST

/* More program headers than the file holds. */
START_TEST(test_too_many_program_headers)
{
	u32_t fit = (GOOD_SIZE - sizeof(Elf32_Ehdr)) / sizeof(Elf32_Phdr);

	make_image();
	eh->e_phnum = (u16_t)(fit + 1);
	assert_noexec("one too many");
	make_image();
	eh->e_phnum = 0xffff;
	assert_noexec("65535");

	/* The headers themselves cut short by the end of the file. */
	make_image();
	image_size = sizeof(Elf32_Ehdr) + 3 * sizeof(Elf32_Phdr) - 1;
	assert_noexec("truncated headers");
	make_image();
	eh->e_phoff = GOOD_SIZE - sizeof(Elf32_Phdr);
	eh->e_phnum = 2;
	assert_noexec("headers at the end");
}
END_TEST

START_TEST(test_bad_entry)
{
	static const u32_t entries[] = {
		0, 0x1000, USER_BASE - 1, USER_STACK_TOP, USER_END, 0xffffffff,
	};
	size_t i;

	for (i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		make_image();
		eh->e_entry = entries[i];
		assert_noexec("entry");
	}
	/* Anywhere in user space below the stack top is fine. */
	setup();
	make_image();
	eh->e_entry = USER_STACK_TOP - 1;
	ck_assert_int_eq(load("x"), OK);
	ck_assert_uint_eq(out.entry, USER_STACK_TOP - 1);
}
END_TEST

/* --- bad segments --- */

static void assert_segment_refused(const char *what)
{
	int r = load("bad");

	ck_assert_msg(r == ENOEXEC, "%s: %d, expected ENOEXEC", what, r);
}

START_TEST(test_segment_outside_file)
{
	make_image();
	ph[0].p_filesz = TEXT_SIZE + 1;   /* more file than memory */
	assert_segment_refused("filesz > memsz");
	setup();
	make_image();
	ph[1].p_offset = GOOD_SIZE + 1;
	ph[1].p_filesz = 0;
	assert_segment_refused("offset past the end");
	setup();
	make_image();
	ph[1].p_offset = DATA_OFF + 1;    /* one byte past the end */
	assert_segment_refused("offset + filesz past the end");
	setup();
	make_image();
	ph[1].p_offset = 0xffffff00;      /* offset + filesz wraps */
	assert_segment_refused("offset + filesz wraps");
	setup();
	make_image();
	ph[1].p_offset = 0x100;
	ph[1].p_filesz = ph[1].p_memsz = 0xffffff01;   /* wraps to 0x1 */
	assert_segment_refused("filesz wraps");
}
END_TEST

START_TEST(test_segment_outside_user_space)
{
	static const struct { u32_t va, memsz; const char *what; } bad[] = {
		{ 0x00000000, 0x1000, "at 0" },
		{ 0x00100000, 0x1000, "in the kernel" },
		{ USER_BASE - PAGE_SIZE, 0x2000, "straddling USER_BASE" },
		{ USER_BASE - 1, 0x100, "one byte below" },
		{ USER_HEAP_END - PAGE_SIZE, PAGE_SIZE + 1, "past the heap's end" },
		{ USER_MMAP_BASE, 0x1000, "in the mmap area" },
		{ USER_STACK_TOP - PAGE_SIZE, 0x1000, "on the stack" },
		{ WINDOW_BASE, 0x1000, "in the copy windows" },
		{ 0xfffff000, 0x1000, "the last page" },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		setup();
		make_image();
		ph[1].p_vaddr = bad[i].va;
		ph[1].p_memsz = bad[i].memsz;
		ph[1].p_filesz = 0;
		assert_segment_refused(bad[i].what);
	}
}
END_TEST

/* vaddr + memsz past 4 GiB comes back round below vaddr: refused, not
 * taken for a short segment. */
START_TEST(test_segment_wraps)
{
	make_image();
	ph[1].p_vaddr = USER_BASE;
	ph[1].p_filesz = 0;
	ph[1].p_memsz = 0xc0001000;   /* end: 0x1000 */
	assert_segment_refused("wraps to 0x1000");
	setup();
	make_image();
	ph[1].p_vaddr = 0x80000000;
	ph[1].p_filesz = 0;
	ph[1].p_memsz = 0x80000000;   /* end: 0 */
	assert_segment_refused("wraps to 0");
}
END_TEST

/* --- the command line --- */

/* argc, argv[] and the strings at the top of the stack, as crt0 reads
 * them: esp -> argc, argv[0..argc-1], NULL, strings. */
START_TEST(test_args)
{
	vir_bytes sp, argv;

	make_image();
	ck_assert_int_eq(load("/bin/echo  hello   world "), OK);
	sp = out.stack;
	ck_assert_uint_eq(sp % 4, 0);
	ck_assert_uint_ge(sp, USER_STACK_TOP - PAGE_SIZE);
	ck_assert_uint_eq(user_word(sp), 3);
	argv = sp + 4;
	ck_assert_str_eq(user_string(user_word(argv)), "/bin/echo");
	ck_assert_str_eq(user_string(user_word(argv + 4)), "hello");
	ck_assert_str_eq(user_string(user_word(argv + 8)), "world");
	ck_assert_uint_eq(user_word(argv + 12), 0);
	/* The strings are above the vector, inside the stack. */
	ck_assert_uint_gt(user_word(argv), argv + 12);
	ck_assert_uint_lt(user_word(argv + 8) + 5, USER_STACK_TOP);
	ck_assert_str_eq(out.name, "echo");
}
END_TEST

START_TEST(test_no_args)
{
	make_image();
	ck_assert_int_eq(load(""), OK);
	ck_assert_uint_eq(user_word(out.stack), 0);
	ck_assert_uint_eq(user_word(out.stack + 4), 0);
	ck_assert_str_eq(out.name, "?");

	setup();
	make_image();
	ck_assert_int_eq(load("   "), OK);
	ck_assert_uint_eq(user_word(out.stack), 0);
	ck_assert_str_eq(out.name, "?");
}
END_TEST

/* The name is argv[0]'s last part, cut to fit. */
START_TEST(test_name)
{
	make_image();
	ck_assert_int_eq(load("/a/b/averyveryverylongname x"), OK);
	ck_assert_str_eq(out.name, "averyveryverylo");
	setup();
	make_image();
	ck_assert_int_eq(load("dir/ arg"), OK);
	ck_assert_str_eq(out.name, "");
}
END_TEST

/* At most 16 arguments (MAX_ARGS in exec.c). */
START_TEST(test_too_many_args)
{
	char cmd[128] = "p";
	int i;

	for (i = 1; i < 16; i++)
		strcat(cmd, " a");
	make_image();
	ck_assert_int_eq(load(cmd), OK);
	ck_assert_uint_eq(user_word(out.stack), 16);
	ck_assert_str_eq(user_string(user_word(out.stack + 4 * 16)), "a");
	ck_assert_uint_eq(user_word(out.stack + 4 * 17), 0);

	strcat(cmd, " b");
	setup();
	make_image();
	ck_assert_int_eq(load(cmd), E2BIG);
}
END_TEST

/* The strings and the vector must fit in the top stack page: one NUL and
 * room for argc, 16 pointers, NULL and alignment (4 * 19 bytes). */
START_TEST(test_args_too_long)
{
	static char cmd[PAGE_SIZE + 2];
	size_t fit = PAGE_SIZE - 1 - 4 * 19;

	memset(cmd, 'x', fit);
	cmd[fit] = '\0';
	make_image();
	ck_assert_int_eq(load(cmd), OK);
	ck_assert_uint_eq(strlen(user_string(user_word(out.stack + 4))), fit);

	cmd[fit] = 'x';
	cmd[fit + 1] = '\0';
	setup();
	make_image();
	ck_assert_int_eq(load(cmd), E2BIG);

	memset(cmd, 'y', PAGE_SIZE + 1);
	cmd[PAGE_SIZE + 1] = '\0';
	setup();
	make_image();
	ck_assert_int_eq(load(cmd), E2BIG);
}
END_TEST

static Suite *exec_suite(void)
{
	Suite *s = suite_create("exec");
	TCase *tc;

	tc = tcase_create("good images");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_good_image);
	tcase_add_test(tc, test_filled_pages);
	tcase_add_test(tc, test_stack);
	tcase_add_test(tc, test_stack_limits);
	tcase_add_test(tc, test_bad_stack_size);
	tcase_add_test(tc, test_segments_share_page);
	tcase_add_test(tc, test_segments_overlap);
	tcase_add_test(tc, test_segment_at_heap_end);
	tcase_add_test(tc, test_other_segments_ignored);
	tcase_add_test(tc, test_out_of_memory);
	tcase_add_test(tc, test_caller_tables);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad headers");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_too_short);
	tcase_add_test(tc, test_bad_magic);
	tcase_add_test(tc, test_wrong_class_or_order);
	tcase_add_test(tc, test_wrong_type);
	tcase_add_test(tc, test_wrong_machine);
	tcase_add_test(tc, test_bad_program_headers);
	tcase_add_test(tc, test_too_many_program_headers);
	tcase_add_test(tc, test_bad_entry);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad segments");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_segment_outside_file);
	tcase_add_test(tc, test_segment_outside_user_space);
	tcase_add_test(tc, test_segment_wraps);
	suite_add_tcase(s, tc);

	tc = tcase_create("command line");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_args);
	tcase_add_test(tc, test_no_args);
	tcase_add_test(tc, test_name);
	tcase_add_test(tc, test_too_many_args);
	tcase_add_test(tc, test_args_too_long);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(exec_suite());
}
