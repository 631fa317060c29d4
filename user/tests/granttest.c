/*
 * Grant tests (<mica/grant.h>, kernel/grant.c, user/lib/grant.c).
 * `granttest MODE` runs one scenario, with copies of itself in helper
 * roles; each scenario ends with "granttest MODE: ok". Helpers check
 * what they see themselves (their FAIL lines name the helper) and end
 * with their count of failures as status.
 *
 *   copy      a grantee copies from and to a direct grant, byte for byte,
 *             at every offset class and size class (within a page,
 *             straddling pages, the whole grant); nothing outside the
 *             grant changes, and the grantor sees exactly what was written
 *   errors    every check of a safecopy fails with its own error
 *   chain     an indirect chain: the rights and range are the
 *             intersection of every hop; depth and loops are refused; a
 *             middle granter that exits, and a revoke, end the chain
 *   raw       a hand-written table with malformed and unreachable
 *             entries, and bad SYS_SETGRANT and SYS_SAFECOPY arguments
 *   many      hundreds of grants: the table grows while grants made
 *             before are in use, and revoked slots are reused with a new
 *             generation; memory comes back afterwards
 *   vector    SYS_VSAFECOPY: elements in order, both ways, stopping at the
 *             first that fails; its count and vector checked
 */
#include "check.h"

#define GO    31   /* m_type of the test's own messages */
#define DONE  32

#define GRANT_BYTES (3 * PAGE_SIZE - 2)   /* straddles pages at both ends */

static endpoint_t self;
/* The grantor's memory: the grant covers buf[1 .. 1 + GRANT_BYTES). */
static u8_t buf[4 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* What byte i of the grantor's buffer holds, and what a grantee
 * writes over it. */
static u8_t pattern(u32_t i) { return (u8_t)(i * 7 + 3); }
static u8_t written(u32_t i) { return (u8_t)(i * 13 + 101); }

static void fill(void)
{
	u32_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(i);
}

/* Send who a GO message carrying up to four words. */
static void tell(endpoint_t who, u32_t a, u32_t b, u32_t c, u32_t d)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.m_type = GO;
	m.raw.w[0] = a;
	m.raw.w[1] = b;
	m.raw.w[2] = c;
	m.raw.w[3] = d;
	CHECK_ERR("tell", send(who, &m), OK);
}

/* Wait for a GO message from who; its words. */
static void heard(endpoint_t who, message *m)
{
	CHECK_ERR("wait for the other side", receive(who, m), OK);
	CHECK_EQ("message type", m->m_type, GO);
}

/* --- copy -------------------------------------------------------------- */

/* Offsets and sizes that cover the classes: at the start, inside a
 * page, across one page boundary and two, up to the grant's end. */
static const u32_t offsets[] = { 0, 1, 4094, 4095, 4096, 5000, 8190, GRANT_BYTES - 1 };
static const u32_t sizes[] = { 1, 2, 3, 64, 4095, 4096, 4097, 8192 };

static int role_reader(endpoint_t grantor)
{
	static u8_t got[GRANT_BYTES + 16];
	u32_t o, s, off, len, i, bad;
	cp_grant_id_t id;
	message m;

	heard(grantor, &m);
	id = (cp_grant_id_t)m.raw.w[0];
	/* Every offset class with every size class that fits. */
	for (o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++) {
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			off = offsets[o];
			len = sizes[s];
			if (off + len > GRANT_BYTES)
				continue;
			memset(got, 0xee, sizeof(got));
			CHECK_ERR("reader: safecopyfrom", sys_safecopyfrom(grantor, id, off, got + 8, len), OK);
			for (i = 0, bad = 0; i < len; i++)
				bad += got[8 + i] != pattern(1 + off + i);
			CHECK_EQ("reader: bytes that differ from the grantor's", (int)bad, 0);
			CHECK("reader: nothing written before the buffer", got[7] == 0xee);
			CHECK("reader: nothing written past the bytes asked", got[8 + len] == 0xee);
		}
	}
	CHECK_ERR("reader: the whole grant", sys_safecopyfrom(grantor, id, 0, got, GRANT_BYTES), OK);
	for (i = 0, bad = 0; i < GRANT_BYTES; i++)
		bad += got[i] != pattern(1 + i);
	CHECK_EQ("reader: bytes of the whole grant that differ", (int)bad, 0);

	/* Write two ranges: one across the first page boundary, one at the
	 * very end of the grant. */
	for (i = 0; i < sizeof(got); i++)
		got[i] = written(i);
	CHECK_ERR("reader: safecopyto across a page", sys_safecopyto(grantor, id, 4000, got, 300), OK);
	CHECK_ERR("reader: safecopyto at the end",
	          sys_safecopyto(grantor, id, GRANT_BYTES - 5000, got + 300, 5000), OK);
	return failures;
}

static void test_copy(void)
{
	endpoint_t reader = start_helper("granttest reader %d", self);
	cp_grant_id_t id;
	u32_t i, bad_in = 0, bad_out = 0;
	u8_t want;

	fill();
	id = cpf_grant_direct(reader, (vir_bytes)buf + 1, GRANT_BYTES, CPF_READ | CPF_WRITE);
	CHECK("a grant id", id >= 0);
	tell(reader, (u32_t)id, 0, 0, 0);
	finish_helper("reader", reader, 0);

	/* What the reader wrote, and nothing else. */
	for (i = 0; i < sizeof(buf); i++) {
		u32_t g = i - 1;   /* offset in the grant */

		if (i >= 1 && g >= 4000 && g < 4300)
			want = written(g - 4000);
		else if (i >= 1 && g >= GRANT_BYTES - 5000 && g < GRANT_BYTES)
			want = written(300 + g - (GRANT_BYTES - 5000));
		else
			want = pattern(i);
		if (buf[i] != want) {
			if (i == 0 || g >= GRANT_BYTES)
				bad_out++;
			else
				bad_in++;
		}
	}
	CHECK_EQ("bytes in the grant not as the reader wrote", (int)bad_in, 0);
	CHECK_EQ("bytes outside the grant changed", (int)bad_out, 0);
	CHECK_ERR("revoke", cpf_revoke(id), OK);
}

/* --- errors ------------------------------------------------------------ */

/* The grantee's side: the grantor sends the ids, and what each must get. */
static int role_errors(endpoint_t grantor)
{
	u8_t b[16];
	message m;
	cp_grant_id_t rw, ro, wo, old, reused, other;

	heard(grantor, &m);
	rw = (cp_grant_id_t)m.raw.w[0];
	ro = (cp_grant_id_t)m.raw.w[1];
	wo = (cp_grant_id_t)m.raw.w[2];
	other = (cp_grant_id_t)m.raw.w[3];
	CHECK_ERR("errors: a good grant", sys_safecopyfrom(grantor, rw, 0, b, 16), OK);
	CHECK_ERR("errors: read a write-only grant", sys_safecopyfrom(grantor, wo, 0, b, 1), EGRANTACCESS);
	CHECK_ERR("errors: write a read-only grant", sys_safecopyto(grantor, ro, 0, b, 1), EGRANTACCESS);
	b[0] = 0xa5;
	CHECK_ERR("errors: write a write-only grant", sys_safecopyto(grantor, wo, 0, b, 1), OK);
	CHECK_ERR("errors: a grant for another process", sys_safecopyfrom(grantor, other, 0, b, 1), EGRANTEE);
	CHECK_ERR("errors: one byte past the end", sys_safecopyfrom(grantor, rw, PAGE_SIZE - 15, b, 16), EGRANTBOUNDS);
	CHECK_ERR("errors: the last byte", sys_safecopyfrom(grantor, rw, PAGE_SIZE - 1, b, 1), OK);
	CHECK_ERR("errors: an offset past the end", sys_safecopyfrom(grantor, rw, PAGE_SIZE + 1, b, 0), EGRANTBOUNDS);
	CHECK_ERR("errors: offset + bytes wraps", sys_safecopyfrom(grantor, rw, 0xfffffff0u, b, 16), EGRANTBOUNDS);
	CHECK_ERR("errors: no bytes at the end", sys_safecopyfrom(grantor, rw, PAGE_SIZE, b, 0), OK);
	CHECK_ERR("errors: a slot beyond the table", sys_safecopyfrom(grantor, grant_id(GRANT_SLOTS_MAX - 1, 0), 0, b, 1), EGRANTID);
	CHECK_ERR("errors: a negative id", sys_safecopyfrom(grantor, -5, 0, b, 1), EGRANTID);
	CHECK_ERR("errors: an unused slot", sys_safecopyfrom(grantor, grant_id(10, 0), 0, b, 1), EGRANTUNUSED);
	CHECK_ERR("errors: my buffer is not mine", sys_safecopyfrom(grantor, rw, 0, (void *)0x1000, 4), EFAULT);
	CHECK_ERR("errors: granter is not an endpoint", sys_safecopyfrom(ANY, rw, 0, b, 1), EBADSRCDST);
	CHECK_ERR("errors: granter is a kernel task", sys_safecopyfrom(CLOCK, rw, 0, b, 1), EBADSRCDST);
	CHECK_ERR("errors: I have no table", sys_safecopyfrom(self, 0, 0, b, 1), ENOGRANTS);
	tell(grantor, 0, 0, 0, 0);

	/* The grantor revoked `old` and made `reused` in the same slot. */
	heard(grantor, &m);
	old = (cp_grant_id_t)m.raw.w[0];
	reused = (cp_grant_id_t)m.raw.w[1];
	CHECK_EQ("errors: the new grant reuses the slot", grant_slot(reused), grant_slot(old));
	CHECK_ERR("errors: an id kept after its revoke", sys_safecopyfrom(grantor, old, 0, b, 1), EGRANTSTALE);
	CHECK_ERR("errors: the slot's new grant", sys_safecopyfrom(grantor, reused, 0, b, 1), OK);
	tell(grantor, 0, 0, 0, 0);

	/* The grantor revoked everything. */
	heard(grantor, &m);
	CHECK_ERR("errors: a revoked grant", sys_safecopyfrom(grantor, rw, 0, b, 1), EGRANTUNUSED);
	CHECK_ERR("errors: the revoked reuse", sys_safecopyfrom(grantor, reused, 0, b, 1), EGRANTUNUSED);
	return failures;
}

static void test_errors(void)
{
	endpoint_t grantee = start_helper("granttest errors %d", self);
	endpoint_t bystander = start_helper("granttest idle %d", self);
	cp_grant_id_t rw, ro, wo, other, old, reused;
	message m;
	u8_t b[4];

	fill();
	CHECK_ERR("no table yet", sys_safecopyfrom(self, 0, 0, b, 1), ENOGRANTS);
	rw = cpf_grant_direct(grantee, (vir_bytes)buf, PAGE_SIZE, CPF_READ | CPF_WRITE);
	ro = cpf_grant_direct(grantee, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	wo = cpf_grant_direct(grantee, (vir_bytes)buf + PAGE_SIZE, 16, CPF_WRITE);
	other = cpf_grant_direct(bystander, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	CHECK("four grant ids", rw >= 0 && ro >= 0 && wo >= 0 && other >= 0);
	CHECK_ERR("a grant for someone else, used by me", sys_safecopyfrom(self, rw, 0, b, 1), EGRANTEE);
	CHECK_ERR("no access bits", cpf_grant_direct(grantee, (vir_bytes)buf, 1, 0), EINVAL);
	CHECK_ERR("unknown access bits", cpf_grant_direct(grantee, (vir_bytes)buf, 1, 0x100), EINVAL);
	tell(grantee, (u32_t)rw, (u32_t)ro, (u32_t)wo, (u32_t)other);
	heard(grantee, &m);

	old = ro;
	CHECK_ERR("revoke", cpf_revoke(old), OK);
	CHECK_ERR("revoke twice", cpf_revoke(old), ENOENT);
	reused = cpf_grant_direct(grantee, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	tell(grantee, (u32_t)old, (u32_t)reused, 0, 0);
	heard(grantee, &m);

	CHECK_ERR("revoke rw", cpf_revoke(rw), OK);
	CHECK_ERR("revoke the reuse", cpf_revoke(reused), OK);
	CHECK_ERR("revoke wo", cpf_revoke(wo), OK);
	CHECK_ERR("revoke other", cpf_revoke(other), OK);
	tell(grantee, 0, 0, 0, 0);
	finish_helper("errors", grantee, 0);
	tell(bystander, 0, 0, 0, 0);
	finish_helper("idle", bystander, 0);
	CHECK_EQ("the byte the grantee wrote into the write-only grant", buf[PAGE_SIZE], 0xa5);
}

/* A process that waits for one GO message and ends. */
static int role_idle(endpoint_t parent)
{
	message m;

	heard(parent, &m);
	return failures;
}

/* --- chain ------------------------------------------------------------- */

/* The middle of the chain: passes the grantor's grants on to the user,
 * each in a way that one hop must refuse, and waits until told to end. */
static int role_passer(endpoint_t grantor)
{
	endpoint_t user;
	cp_grant_id_t rw, ro, foruser, narrow, wider, beyond, stolen;
	message m;

	heard(grantor, &m);
	rw = (cp_grant_id_t)m.raw.w[0];
	ro = (cp_grant_id_t)m.raw.w[1];
	user = (endpoint_t)m.raw.w[2];
	foruser = (cp_grant_id_t)m.raw.w[3];
	/* [100, 300) of the read-write grant, read only. */
	narrow = cpf_grant_indirect(user, grantor, rw, 100, 200, CPF_READ);
	/* [0, 50) of the read-only grant, but read-write: a write must
	 * still be refused, at the grantor's hop. */
	wider = cpf_grant_indirect(user, grantor, ro, 0, 50, CPF_READ | CPF_WRITE);
	/* [0, 8000) of a grant of one page: past the page, the grantor's
	 * hop refuses. */
	beyond = cpf_grant_indirect(user, grantor, rw, 0, 8000, CPF_READ);
	/* A grant that was made for the user, not for us: passing it on
	 * gives nothing. */
	stolen = cpf_grant_indirect(user, grantor, foruser, 0, 10, CPF_READ);
	CHECK("passer: four indirect grants", narrow >= 0 && wider >= 0 && beyond >= 0 && stolen >= 0);
	tell(grantor, (u32_t)narrow, (u32_t)wider, (u32_t)beyond, (u32_t)stolen);
	heard(grantor, &m);   /* end now */
	return failures;
}

static int role_user(endpoint_t grantor)
{
	endpoint_t passer;
	cp_grant_id_t narrow, wider, beyond, stolen;
	u8_t b[256];
	message m;
	u32_t i, bad;

	heard(grantor, &m);
	passer = (endpoint_t)m.raw.w[0];
	narrow = (cp_grant_id_t)m.raw.w[1];
	wider = (cp_grant_id_t)m.raw.w[2];
	beyond = (cp_grant_id_t)m.raw.w[3];
	heard(grantor, &m);
	stolen = (cp_grant_id_t)m.raw.w[0];
	CHECK_ERR("user: read through the chain", sys_safecopyfrom(passer, narrow, 0, b, 200), OK);
	for (i = 0, bad = 0; i < 200; i++)
		bad += b[i] != pattern(100 + i);
	CHECK_EQ("user: bytes that are not the grantor's [100, 300)", (int)bad, 0);
	CHECK_ERR("user: past the narrowed range", sys_safecopyfrom(passer, narrow, 1, b, 200), EGRANTBOUNDS);
	CHECK_ERR("user: write where the passer gave read only", sys_safecopyto(passer, narrow, 0, b, 1), EGRANTACCESS);
	CHECK_ERR("user: write where the grantor gave read only", sys_safecopyto(passer, wider, 0, b, 1), EGRANTACCESS);
	CHECK_ERR("user: read the wider one", sys_safecopyfrom(passer, wider, 0, b, 50), OK);
	CHECK_ERR("user: the end of the grantor's page", sys_safecopyfrom(passer, beyond, PAGE_SIZE - 10, b, 10), OK);
	CHECK_ERR("user: past the grantor's page", sys_safecopyfrom(passer, beyond, PAGE_SIZE - 10, b, 11), EGRANTBOUNDS);
	CHECK_ERR("user: a grant passed on by one it was not for", sys_safecopyfrom(passer, stolen, 0, b, 1), EGRANTEE);
	CHECK_ERR("user: that grant, from its grantor", sys_safecopyfrom(grantor, (cp_grant_id_t)m.raw.w[1], 0, b, 1), OK);
	tell(grantor, 0, 0, 0, 0);

	heard(grantor, &m);   /* the grantor revoked its read-only grant */
	CHECK_ERR("user: the grant under mine is revoked", sys_safecopyfrom(passer, wider, 0, b, 1), EGRANTUNUSED);
	CHECK_ERR("user: the other chain still works", sys_safecopyfrom(passer, narrow, 0, b, 1), OK);
	tell(grantor, 0, 0, 0, 0);

	heard(grantor, &m);   /* the passer has ended */
	CHECK_ERR("user: the middle of the chain is gone", sys_safecopyfrom(passer, narrow, 0, b, 1), EDEADSRCDST);
	return failures;
}

/* Self-grants: hop k of chain is slot ids[k], each for ourselves,
 * passing on the next; the last is direct. */
static cp_grant_id_t self_chain(int hops, cp_grant_id_t *ids)
{
	int k;

	ids[hops - 1] = cpf_grant_direct(self, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	for (k = hops - 2; k >= 0; k--)
		ids[k] = cpf_grant_indirect(self, self, ids[k + 1], 1, PAGE_SIZE - 1 - (u32_t)(hops - 2 - k), CPF_READ);
	return ids[0];
}

static void test_chain(void)
{
	endpoint_t passer = start_helper("granttest passer %d", self);
	endpoint_t user = start_helper("granttest user %d", self);
	cp_grant_id_t rw, ro, foruser, ids[GRANT_MAX_DEPTH + 1], p, q, x, y;
	message m;
	u8_t byte;
	int k;

	fill();
	rw = cpf_grant_direct(passer, (vir_bytes)buf, PAGE_SIZE, CPF_READ | CPF_WRITE);
	ro = cpf_grant_direct(passer, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	foruser = cpf_grant_direct(user, (vir_bytes)buf, PAGE_SIZE, CPF_READ);
	tell(passer, (u32_t)rw, (u32_t)ro, (u32_t)user, (u32_t)foruser);
	heard(passer, &m);
	tell(user, (u32_t)passer, m.raw.w[0], m.raw.w[1], m.raw.w[2]);
	tell(user, m.raw.w[3], (u32_t)foruser, 0, 0);
	heard(user, &m);
	CHECK_ERR("revoke the read-only grant", cpf_revoke(ro), OK);
	tell(user, 0, 0, 0, 0);
	heard(user, &m);
	tell(passer, 0, 0, 0, 0);
	finish_helper("passer", passer, 0);
	tell(user, 0, 0, 0, 0);
	finish_helper("user", user, 0);
	CHECK_ERR("revoke rw", cpf_revoke(rw), OK);
	CHECK_ERR("revoke foruser", cpf_revoke(foruser), OK);

	/* Depth: GRANT_MAX_DEPTH hops are followed, one more is refused.
	 * Each hop moves the offset by one: the byte read shows that every
	 * hop's offset counted. */
	self_chain(GRANT_MAX_DEPTH, ids);
	CHECK_ERR("a chain of the greatest depth", sys_safecopyfrom(self, ids[0], 0, &byte, 1), OK);
	CHECK_EQ("the byte at the sum of every hop's offset", byte, pattern(GRANT_MAX_DEPTH - 1));
	for (k = 0; k < GRANT_MAX_DEPTH; k++)
		CHECK_ERR("revoke a hop", cpf_revoke(ids[k]), OK);
	self_chain(GRANT_MAX_DEPTH + 1, ids);
	CHECK_ERR("one hop too many", sys_safecopyfrom(self, ids[0], 0, &byte, 1), EGRANTDEPTH);
	for (k = 0; k <= GRANT_MAX_DEPTH; k++)
		CHECK_ERR("revoke a hop", cpf_revoke(ids[k]), OK);

	/* A loop: x -> y -> x. The library takes the lowest free slot, so
	 * y's id is known before y is made: the slot q leaves, one
	 * generation on. */
	p = cpf_grant_direct(self, (vir_bytes)buf, 1, CPF_READ);
	q = cpf_grant_direct(self, (vir_bytes)buf, 1, CPF_READ);
	CHECK_ERR("free p", cpf_revoke(p), OK);
	CHECK_ERR("free q", cpf_revoke(q), OK);
	x = cpf_grant_indirect(self, self, grant_id(grant_slot(q), grant_gen(q) + 1), 0, 1, CPF_READ);
	y = cpf_grant_indirect(self, self, x, 0, 1, CPF_READ);
	CHECK_EQ("y is where x points", y, grant_id(grant_slot(q), grant_gen(q) + 1));
	CHECK_ERR("a loop", sys_safecopyfrom(self, x, 0, &byte, 1), EGRANTLOOP);
	CHECK_ERR("free x", cpf_revoke(x), OK);
	CHECK_ERR("free y", cpf_revoke(y), OK);

	/* A magic grant from a process without the privilege. */
	x = cpf_grant_magic(self, self, (vir_bytes)buf, 1, CPF_READ);
	CHECK_ERR("a magic grant without the privilege", sys_safecopyfrom(self, x, 0, &byte, 1), EGRANTMAGIC);
	CHECK_ERR("free the magic grant", cpf_revoke(x), OK);
}

/* --- raw --------------------------------------------------------------- */

static void test_raw(void)
{
	static cp_grant_t raw[8] __attribute__((aligned(PAGE_SIZE)));
	message m;
	u8_t byte;
	int i;

	for (i = 0; i < 8; i++)
		raw[i] = (cp_grant_t){ .cp_grantee = self, .u.direct = { (vir_bytes)buf, 16 } };
	raw[0].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ;
	raw[1].cp_flags = CPF_VALID | CPF_DIRECT | CPF_INDIRECT | CPF_READ;   /* two kinds */
	raw[2].cp_flags = CPF_VALID | CPF_READ;                               /* no kind */
	raw[3].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ | 0x100;          /* unknown bit */
	raw[4].cp_flags = CPF_DIRECT | CPF_READ;                              /* not valid */
	raw[5].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ;
	raw[5].cp_gen = 7;
	raw[6].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ;                  /* unmapped memory */
	raw[6].u.direct.base = USER_MMAP_BASE + 0x10000000u;
	raw[7].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ;                  /* wraps around, */
	raw[7].u.direct.base = 0xf8000000u;                                   /* into user space */
	raw[7].u.direct.len = 0x50000000u;

	CHECK_ERR("too many entries", sys_setgrant(raw, GRANT_SLOTS_MAX + 1), EINVAL);
	CHECK_ERR("a table in kernel memory", sys_setgrant((cp_grant_t *)0x1000, 4), EFAULT);
	CHECK_ERR("a table past user space", sys_setgrant((cp_grant_t *)(USER_END - 64), 4), EFAULT);
	CHECK_ERR("register", sys_setgrant(raw, 8), OK);
	CHECK_ERR("a good entry", sys_safecopyfrom(self, grant_id(0, 0), 0, &byte, 1), OK);
	CHECK_ERR("two kinds", sys_safecopyfrom(self, grant_id(1, 0), 0, &byte, 1), EGRANTBAD);
	CHECK_ERR("no kind", sys_safecopyfrom(self, grant_id(2, 0), 0, &byte, 1), EGRANTBAD);
	CHECK_ERR("an unknown flag", sys_safecopyfrom(self, grant_id(3, 0), 0, &byte, 1), EGRANTBAD);
	CHECK_ERR("not valid", sys_safecopyfrom(self, grant_id(4, 0), 0, &byte, 1), EGRANTUNUSED);
	CHECK_ERR("the slot's generation", sys_safecopyfrom(self, grant_id(5, 7), 0, &byte, 1), OK);
	CHECK_ERR("an older generation", sys_safecopyfrom(self, grant_id(5, 6), 0, &byte, 1), EGRANTSTALE);
	CHECK_ERR("granted memory that is not there", sys_safecopyfrom(self, grant_id(6, 0), 0, &byte, 1), EFAULT);
	CHECK_ERR("a base + offset that wraps", sys_safecopyfrom(self, grant_id(7, 0), 0x48001000u, &byte, 1), EFAULT);
	CHECK_ERR("slot 8 of 8", sys_safecopyfrom(self, grant_id(8, 0), 0, &byte, 1), EGRANTID);

	memset(&m, 0, sizeof(m));
	m.safecopy = (struct mess_safecopy){ self, grant_id(0, 0), 0, (vir_bytes)&byte, 1, 2 };
	CHECK_ERR("a direction that is neither", _kernel_call(SYS_SAFECOPY, &m), EINVAL);

	/* A table whose page is not there: VM cannot supply it. */
	CHECK_ERR("register an unmapped table", sys_setgrant((cp_grant_t *)(USER_MMAP_BASE + 0x10000000u), 8), OK);
	CHECK_ERR("an entry that is not there", sys_safecopyfrom(self, grant_id(0, 0), 0, &byte, 1), EFAULT);
	CHECK_ERR("no table", sys_setgrant(NULL, 0), OK);
	CHECK_ERR("no table any more", sys_safecopyfrom(self, grant_id(0, 0), 0, &byte, 1), ENOGRANTS);
}

/* --- many -------------------------------------------------------------- */

#define MANY 300

static int role_many(endpoint_t grantor)
{
	static cp_grant_id_t ids[MANY];
	message m;
	u8_t byte;
	int i;

	heard(grantor, &m);
	if (sys_safecopyfrom(grantor, (cp_grant_id_t)m.raw.w[0], 0, ids, sizeof(ids)) != OK)
		panic("cannot read the ids");
	for (i = 0; i < MANY; i++) {
		CHECK_ERR("many: each grant", sys_safecopyfrom(grantor, ids[i], 0, &byte, 1), OK);
		CHECK_EQ("many: its byte", byte, pattern((u32_t)i));
	}
	tell(grantor, 0, 0, 0, 0);
	heard(grantor, &m);   /* every other one revoked and made again */
	for (i = 0; i < MANY; i++)
		CHECK_ERR("many: after the revokes",
		          sys_safecopyfrom(grantor, ids[i], 0, &byte, 1), i % 2 ? EGRANTSTALE : OK);
	return failures;
}

static void test_many(void)
{
	static cp_grant_id_t ids[MANY], again[MANY];
	cp_grant_id_t list;
	endpoint_t reader;
	u32_t before = 0;
	message m;
	int round, i;

	fill();
	for (round = 0; round < 2; round++) {
		if (round == 1)
			before = free_pages();
		reader = start_helper("granttest many %d", self);
		/* The first grant is made while the table is small, and used
		 * after it has moved several times. */
		for (i = 0; i < MANY; i++)
			if ((ids[i] = cpf_grant_direct(reader, (vir_bytes)buf + i, 1, CPF_READ)) < 0)
				break;
		CHECK_EQ("grants made", i, MANY);
		list = cpf_grant_direct(reader, (vir_bytes)ids, sizeof(ids), CPF_READ);
		tell(reader, (u32_t)list, 0, 0, 0);
		heard(reader, &m);
		/* A revoked slot is the lowest free one: made again there, with
		 * the next generation. */
		for (i = 1; i < MANY; i += 2) {
			CHECK_ERR("revoke", cpf_revoke(ids[i]), OK);
			again[i] = cpf_grant_direct(reader, (vir_bytes)buf + i, 1, CPF_READ);
			CHECK_EQ("made again in the same slot, one generation on", again[i],
			         grant_id(grant_slot(ids[i]), grant_gen(ids[i]) + 1));
		}
		tell(reader, 0, 0, 0, 0);
		finish_helper("many", reader, 0);
		for (i = 0; i < MANY; i++)
			CHECK_ERR("revoke the rest", cpf_revoke(i % 2 ? again[i] : ids[i]), OK);
		CHECK_ERR("revoke the list", cpf_revoke(list), OK);
	}
	/* The table stays grown; the reader's memory all comes back. */
	CHECK_EQ("free pages after the second round", (int)free_pages(), (int)before);
}

/* --- vector ------------------------------------------------------------ */

static void test_vector(void)
{
	static struct mess_safecopy vec[VSAFECOPY_MAX + 1];
	static u8_t a[64], b[64];
	cp_grant_id_t g;
	int i;

	fill();
	g = cpf_grant_direct(self, (vir_bytes)buf, PAGE_SIZE, CPF_READ | CPF_WRITE);
	memset(a, 0, sizeof(a));
	for (i = 0; i < 64; i++)
		b[i] = written((u32_t)i);
	vec[0] = (struct mess_safecopy){ self, g, 10, (vir_bytes)a, 20, 0 };
	vec[1] = (struct mess_safecopy){ self, g, 100, (vir_bytes)b, 30, 1 };
	vec[2] = (struct mess_safecopy){ self, g, 100, (vir_bytes)a + 20, 30, 0 };
	CHECK_ERR("three elements", sys_vsafecopy(vec, 3), OK);
	CHECK("the first read", a[0] == pattern(10) && a[19] == pattern(29));
	CHECK("the second wrote", buf[100] == written(0) && buf[129] == written(29));
	CHECK("the third read what the second wrote", a[20] == written(0) && a[49] == written(29));
	CHECK_EQ("nothing past the first", a[50], 0);

	/* The second fails: the first is done, the third is not. */
	memset(a, 0, sizeof(a));
	vec[1].offset = PAGE_SIZE;
	CHECK_ERR("a failing element", sys_vsafecopy(vec, 3), EGRANTBOUNDS);
	CHECK_EQ("the first ran", a[0], pattern(10));
	CHECK_EQ("the third did not", a[20], 0);
	vec[0].grant = grant_id(grant_slot(g), grant_gen(g) + 1);
	CHECK_ERR("a stale first element", sys_vsafecopy(vec, 1), EGRANTSTALE);
	CHECK_ERR("no elements", sys_vsafecopy(vec, 0), OK);
	CHECK_ERR("too many", sys_vsafecopy(vec, VSAFECOPY_MAX + 1), EINVAL);
	CHECK_ERR("a vector in kernel memory", sys_vsafecopy((struct mess_safecopy *)0x1000, 2), EFAULT);
	CHECK_ERR("revoke", cpf_revoke(g), OK);
}

static const struct scenario scenarios[] = {
	{ "copy", test_copy },
	{ "errors", test_errors },
	{ "chain", test_chain },
	{ "raw", test_raw },
	{ "many", test_many },
	{ "vector", test_vector },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: granttest MODE");
	if (argc == 3) {
		endpoint_t p = arg_int(argv[2]);

		if (strcmp(argv[1], "reader") == 0)
			return role_reader(p);
		if (strcmp(argv[1], "errors") == 0)
			return role_errors(p);
		if (strcmp(argv[1], "idle") == 0)
			return role_idle(p);
		if (strcmp(argv[1], "passer") == 0)
			return role_passer(p);
		if (strcmp(argv[1], "user") == 0)
			return role_user(p);
		if (strcmp(argv[1], "many") == 0)
			return role_many(p);
	}
	return run_scenario("granttest", scenarios,
	                    sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
