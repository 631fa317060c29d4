/*
 * Copy-on-write safecopy (kernel/cowcopy.c, user/servers/vm/cow.c).
 * `cowtest MODE` runs one scenario and ends with "cowtest MODE: ok";
 * its helper (a copy of itself) checks what it sees and ends with its
 * count of failures as status.
 *
 *   isolate   a safecopy of whole pages shares them (counted in kstats,
 *             and the grantee's own pages go back to VM); afterwards
 *             neither side sees the other's writes, whether the write is
 *             the process's own or the kernel's for it (a delivered
 *             message, a kernel call's buffer, another safecopy); both
 *             directions; memory back to where it was once the helper
 *             has ended
 *   readonly  a write to a shared page goes on, but a write to a
 *             read-only page that is not copy-on-write (the program's
 *             text, the kernel's memory) still kills, with VM's report
 *   fallback  what is not shared is still copied exactly: partial pages
 *             at the ends, different offsets within a page, fewer pages
 *             than the threshold, the program's text as the source (and
 *             absent destination pages); text as the destination is
 *             refused with nothing changed
 */
#include "check.h"

#define GO      31
#define PAGES   (SAFECOPY_COW_PAGES + 4)
#define BYTES   (PAGES * PAGE_SIZE)
#define OUT     (SAFECOPY_COW_PAGES * PAGE_SIZE)   /* shared into area's last pages */

static endpoint_t self;
static u8_t area[BYTES] __attribute__((aligned(PAGE_SIZE)));   /* the grantor's */
static u8_t mine[BYTES] __attribute__((aligned(PAGE_SIZE)));   /* the grantee's */
static u8_t out[OUT] __attribute__((aligned(PAGE_SIZE)));

static u8_t pattern(u32_t i) { return (u8_t)(i * 7 + 3); }
static u8_t written(u32_t i) { return (u8_t)(i * 13 + 101); }

/* Bytes of buf[from, to) that are not want(base + i). */
static int differ(const u8_t *buf, u32_t from, u32_t to, u32_t base,
                  u8_t (*want)(u32_t))
{
	u32_t i;
	int bad = 0;

	for (i = from; i < to; i++)
		bad += buf[i] != want(base + i);
	return bad;
}

/* Bytes of buf[from, to) that are not zero. */
static int nonzero(const u8_t *buf, u32_t from, u32_t to)
{
	u32_t i;
	int bad = 0;

	for (i = from; i < to; i++)
		bad += buf[i] != 0;
	return bad;
}

static void tell(endpoint_t who, u32_t word)
{
	CHECK_ERR("tell", send_type(who, GO, word), OK);
}

static u32_t heard(endpoint_t who)
{
	message m;

	CHECK_ERR("wait for the other side", receive(who, &m), OK);
	CHECK_EQ("message type", m.m_type, GO);
	return m.raw.w[0];
}

/* --- isolate ------------------------------------------------------------ */

/* The grantee. */
static int role_grantee(endpoint_t grantor)
{
	cp_grant_id_t id = (cp_grant_id_t)heard(grantor);
	struct kstats k0, k1, *kbuf;
	message *inbox;
	u32_t f0, f1, i;

	k0 = stats();
	f0 = free_pages();
	CHECK_ERR("grantee: safecopy of 8 pages", sys_safecopyfrom(grantor, id, 0, mine, BYTES), OK);
	k1 = stats();
	f1 = free_pages();
	CHECK_EQ("grantee: copies shared", (int)(k1.cow_requests - k0.cow_requests), 1);
	CHECK_EQ("grantee: pages shared", (int)(k1.cow_pages - k0.cow_pages), PAGES);
	CHECK_EQ("grantee: its own pages given back", (int)(f1 - f0), PAGES);
	CHECK_EQ("grantee: bytes that differ", differ(mine, 0, BYTES, 0, pattern), 0);

	/* Our own write to page 0: a copy of it, for us alone. */
	mine[10] = 0x5a;
	CHECK_EQ("grantee: one page taken by the write", (int)(f1 - free_pages()), 1);
	CHECK("grantee: our write is there", mine[10] == 0x5a);
	tell(grantor, 0);

	/* The grantor wrote its page 1: not ours. */
	heard(grantor);
	CHECK_EQ("grantee: page 1 after the grantor's write", differ(mine, PAGE_SIZE, 2 * PAGE_SIZE, 0,
	                                                               pattern), 0);

	/* The kernel writes into our shared pages: a delivered message
	 * (page 2), a kernel call's buffer (page 3), a safecopy below the
	 * threshold (page 4). Each is a write-protection fault VM resolves. */
	inbox = (message *)(mine + 2 * PAGE_SIZE + 100);
	tell(grantor, 1);
	CHECK_ERR("grantee: receive into a shared page", receive(grantor, inbox), OK);
	CHECK_EQ("grantee: the message", (int)inbox->raw.w[0], 0x1234);
	kbuf = (struct kstats *)(mine + 3 * PAGE_SIZE + 8);
	CHECK("grantee: kernel statistics into a shared page",
	      sys_getinfo(GET_KSTATS, kbuf, sizeof(*kbuf), NULL) >= 0);
	CHECK("grantee: the statistics", kbuf->kernel_calls > k1.kernel_calls);
	CHECK_ERR("grantee: a small safecopy into a shared page",
	          sys_safecopyfrom(grantor, id, 0, mine + 4 * PAGE_SIZE, 100), OK);
	CHECK_EQ("grantee: its bytes", differ(mine + 4 * PAGE_SIZE, 0, 100, 0, pattern), 0);
	CHECK_EQ("grantee: the rest of page 4", differ(mine, 4 * PAGE_SIZE + 100, 5 * PAGE_SIZE, 0,
	                                                 pattern), 0);
	CHECK_EQ("grantee: the pages after 4", differ(mine, 5 * PAGE_SIZE, BYTES, 0, pattern), 0);
	tell(grantor, 2);
	heard(grantor);   /* it has looked */

	/* The other way: our pages shared into the grantor's last ones. */
	for (i = 0; i < sizeof(out); i++)
		out[i] = written(i);
	k0 = stats();
	CHECK_ERR("grantee: safecopy to the grant",
	          sys_safecopyto(grantor, id, BYTES - OUT, out, sizeof(out)), OK);
	k1 = stats();
	CHECK_EQ("grantee: pages shared the other way", (int)(k1.cow_pages - k0.cow_pages),
	         SAFECOPY_COW_PAGES);
	tell(grantor, 3);
	heard(grantor);   /* it has looked */
	for (i = 0; i < sizeof(out); i++)
		out[i] = 0;
	tell(grantor, 4);
	heard(grantor);   /* it wrote its page 5 */
	CHECK_EQ("grantee: our pages after the grantor's write", nonzero(out, 0, sizeof(out)), 0);
	return failures;
}

/* Our pages that were shared and are ours alone again (their last user
 * took them back writable) are shared once more, with ourselves: a
 * write to the source must not show in the copy, nor the other way. */
static void reshare(void)
{
	cp_grant_id_t id = cpf_grant_direct(self, (vir_bytes)area, BYTES, CPF_READ);
	struct kstats k0 = stats(), k1;

	CHECK("a grant to ourselves", id >= 0);
	CHECK_ERR("share our pages again", sys_safecopyfrom(self, id, BYTES - OUT, mine, OUT), OK);
	k1 = stats();
	CHECK_EQ("pages shared again", (int)(k1.cow_pages - k0.cow_pages), SAFECOPY_COW_PAGES);
	area[BYTES - OUT + PAGE_SIZE] = 0x3c;
	mine[0] = 0xc3;
	/* The two arrays share pages now, which the compiler cannot know:
	 * it must not move the checks' loads above the stores. */
	__asm__ volatile("" : : : "memory");
	CHECK("the copy does not see the source's write", mine[PAGE_SIZE] == 0);
	CHECK("the source does not see the copy's write", area[BYTES - OUT] == written(0));
	CHECK_ERR("revoke", cpf_revoke(id), OK);
}

static void test_isolate(void)
{
	u32_t before = free_pages(), i;
	endpoint_t grantee;
	cp_grant_id_t id;
	message m;

	for (i = 0; i < BYTES; i++)
		area[i] = pattern(i);
	grantee = start_helper("cowtest grantee %d", self);
	id = cpf_grant_direct(grantee, (vir_bytes)area, BYTES, CPF_READ | CPF_WRITE);
	CHECK("a grant id", id >= 0);
	tell(grantee, (u32_t)id);

	heard(grantee);   /* it has copied and written its page 0 */
	CHECK_EQ("our pages after the grantee's write", differ(area, 0, BYTES, 0, pattern), 0);
	area[PAGE_SIZE + 1] = 0xa5;
	CHECK("our write is there", area[PAGE_SIZE + 1] == 0xa5);
	area[PAGE_SIZE + 1] = pattern(PAGE_SIZE + 1);
	area[PAGE_SIZE + 2] = 0xa5;   /* stays: the grantee must not see it */
	tell(grantee, 0);

	heard(grantee);   /* it waits for a message into its page 2 */
	memset(&m, 0, sizeof(m));
	m.m_type = GO;
	m.raw.w[0] = 0x1234;
	CHECK_ERR("send into the grantee's shared page", send(grantee, &m), OK);
	heard(grantee);   /* the kernel has written its pages 2-4 */
	CHECK_EQ("our pages 2-7 after the kernel's writes for the grantee",
	         differ(area, 2 * PAGE_SIZE, BYTES, 0, pattern), 0);
	tell(grantee, 0);

	heard(grantee);   /* it shared its pages into our 4-7 */
	CHECK_EQ("our last pages as the grantee wrote them", differ(area + BYTES - OUT, 0, OUT, 0,
	                                                            written), 0);
	tell(grantee, 0);
	heard(grantee);   /* it cleared its pages */
	CHECK_EQ("our last pages after the grantee's writes", differ(area + BYTES - OUT, 0, OUT, 0,
	                                                              written), 0);
	area[BYTES - OUT + PAGE_SIZE] = 0;   /* we are its last user: no copy */
	tell(grantee, 0);
	finish_helper("grantee", grantee, 0);
	CHECK_ERR("revoke", cpf_revoke(id), OK);
	CHECK_EQ("free pages after the grantee ended", (int)(free_pages() - before), 0);
	reshare();
}

/* A copy of bytes from grant id at offset into dst through a grant to
 * ourselves; how many pages were shared. */
static int copy_counting(cp_grant_id_t id, u32_t offset, void *dst, u32_t bytes, int want)
{
	struct kstats k0 = stats(), k1;

	CHECK_ERR("safecopy", sys_safecopyfrom(self, id, offset, dst, bytes), want);
	k1 = stats();
	return (int)(k1.cow_pages - k0.cow_pages);
}

/* --- readonly ------------------------------------------------------------ */

/* Write where no write may go; VM kills us before the exit. */
static int role_scribbler(const char *where)
{
	volatile u8_t *target = strcmp(where, "text") == 0 ? (volatile u8_t *)USER_BASE
	                                                   : (volatile u8_t *)0x00100000;

	*target = 0x90;
	return 99;   /* not reached */
}

static void test_readonly(void)
{
	static const char *where[] = { "text", "kernel" };
	cp_grant_id_t id = cpf_grant_direct(self, (vir_bytes)area, OUT, CPF_READ);
	int status, killed;
	endpoint_t e;
	u32_t i;

	/* First a write that must go on: to a page shared copy-on-write. */
	area[0] = 0x11;
	CHECK_EQ("pages shared", copy_counting(id, 0, mine, OUT, OK), SAFECOPY_COW_PAGES);
	mine[0] = 0x22;
	__asm__ volatile("" : : : "memory");   /* area and mine share the page */
	CHECK("our write to a shared page", mine[0] == 0x22 && area[0] == 0x11);
	CHECK_ERR("revoke", cpf_revoke(id), OK);
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		e = start_helper("cowtest scribbler %s", where[i]);
		CHECK_ERR("wait for the scribbler", vm_wait(e, &status, &killed), OK);
		CHECK_EQ("the scribbler was killed", killed, 1);
	}
}

/* --- fallback ------------------------------------------------------------ */

static void test_fallback(void)
{
	vir_bytes image = USER_BASE;   /* programs are linked here, text first */
	u8_t *dst, *snapshot;
	cp_grant_id_t id, tid;
	u32_t i;

	for (i = 0; i < BYTES; i++)
		area[i] = pattern(i);
	id = cpf_grant_direct(self, (vir_bytes)area, BYTES, CPF_READ);
	CHECK("a grant id", id >= 0);

	/* Partial pages at both ends, the same offset within a page: the
	 * whole pages between are shared, the ends copied. */
	memset(mine, 0, sizeof(mine));
	CHECK_EQ("pages shared between partial ends",
	         copy_counting(id, 1, mine + 1, BYTES - PAGE_SIZE, OK), PAGES - 2);
	CHECK_EQ("bytes that differ", differ(mine, 1, BYTES - PAGE_SIZE + 1, 0, pattern), 0);
	CHECK("nothing before", mine[0] == 0);
	CHECK_EQ("bytes written after", nonzero(mine, BYTES - PAGE_SIZE + 1, BYTES), 0);

	/* Different offsets within a page: copied. */
	memset(mine, 0, sizeof(mine));
	CHECK_EQ("pages shared at different offsets", copy_counting(id, 0, mine + 8, OUT, OK), 0);
	CHECK_EQ("bytes that differ", differ(mine + 8, 0, OUT, 0, pattern), 0);

	/* Fewer whole pages than the threshold: copied. */
	memset(mine, 0, sizeof(mine));
	CHECK_EQ("pages shared below the threshold", copy_counting(id, 0, mine, OUT - PAGE_SIZE, OK),
	         0);
	CHECK_EQ("bytes that differ", differ(mine, 0, OUT - PAGE_SIZE, 0, pattern), 0);
	CHECK_ERR("revoke", cpf_revoke(id), OK);

	/* The image's first pages as the source, text and then data: VM
	 * copies the text pages (text is never shared) and shares the
	 * rest; the destination is a mapping never touched (its pages
	 * come now). The bytes are right, and our copy is ours to write. */
	dst = vm_mmap(OUT);
	snapshot = vm_mmap(OUT);
	CHECK("two mappings", dst != NULL && snapshot != NULL);
	tid = cpf_grant_direct(self, image, OUT, CPF_READ | CPF_WRITE);
	CHECK("a grant of our image", tid >= 0);
	CHECK_EQ("pages handed to VM", copy_counting(tid, 0, dst, OUT, OK), SAFECOPY_COW_PAGES);
	CHECK("the image's bytes", memcmp(dst, (const void *)image, OUT) == 0);
	dst[0] ^= 0xff;
	CHECK("our copy of the text is ours to write", dst[0] != *(const u8_t *)image);

	/* The image as the destination: refused before anything changed. */
	memcpy(snapshot, (const void *)image, OUT);
	memset(dst, 0xcc, OUT);
	CHECK_ERR("a safecopy of whole pages onto our text",
	          sys_safecopyto(self, tid, 0, dst, OUT), EFAULT);
	CHECK("the image unchanged", memcmp(snapshot, (const void *)image, OUT) == 0);
	CHECK_ERR("revoke", cpf_revoke(tid), OK);
	CHECK_ERR("unmap", vm_munmap(dst, OUT), OK);
	CHECK_ERR("unmap", vm_munmap(snapshot, OUT), OK);
}

static const struct scenario scenarios[] = {
	{ "isolate", test_isolate },
	{ "fallback", test_fallback },
	{ "readonly", test_readonly },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: cowtest MODE");
	if (argc == 3 && strcmp(argv[1], "grantee") == 0)
		return role_grantee(arg_int(argv[2]));
	if (argc == 3 && strcmp(argv[1], "scribbler") == 0)
		return role_scribbler(argv[2]);
	return run_scenario("cowtest", scenarios, sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
