/*
 * DS tests (<mica/ds.h>, user/servers/ds). `dstest MODE` runs one
 * scenario, with copies of itself in helper roles that check what they
 * see themselves; each scenario ends with "dstest MODE: ok".
 *
 *   types      every type published and retrieved exactly; a buffer too
 *              small, the wrong type
 *   map        a mapped range: a retriever maps it and it and the
 *              publisher see each other's writes; only the access the
 *              publisher gave; deleting the entry, overwriting it and the
 *              publisher's end each unmap every mapping of it; bad sizes
 *              and grants; memory back where it was
 *   owners     only the owner overwrites or deletes; an owner's entries
 *              and the labels naming it go when it ends
 *   subscribe  a subscriber is notified and told each change, oldest
 *              first, with type and owner or DSF_DELETED; anchored
 *              patterns; DSF_INITIAL; DSF_LOST when too many pile up;
 *              a subscriber's subscriptions end with it
 *   limits     bad keys, types, flags, sizes and grants, a full store and
 *              too many subscriptions: each its own error, and no other
 *              entry harmed; DS's memory stays bounded under churn
 */
#include "check.h"

#define GO    41
#define DONE  42

static endpoint_t self;

static void tell(endpoint_t who)
{
	CHECK_ERR("tell", send_type(who, GO, 0), OK);
}

static void wait_go(endpoint_t who)
{
	message m;

	CHECK_ERR("wait", receive(who, &m), OK);
	CHECK_EQ("message type", m.m_type, GO);
}

/* A request to DS made by hand, for what the library would not send. */
static int raw_request(int type, const char *key, size_t key_len, u32_t flags, u32_t value,
                       cp_grant_id_t grant, u32_t len)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	memcpy(m.ds.key, key, key_len);
	m.m_type = type;
	m.ds.flags = flags;
	m.ds.value = value;
	m.ds.grant = grant;
	m.ds.len = len;
	if ((r = sendrec(DS_PROC_NR, &m)) != OK)
		return r;
	return m.m_type;
}

/* --- types ------------------------------------------------------------- */

static void test_types(void)
{
	static u8_t mem[DS_MEM_MAX], back[DS_MEM_MAX + 16];
	char s[DS_STRING_MAX], got[DS_STRING_MAX];
	endpoint_t owner = NONE, e = NONE;
	size_t len = 0;
	u32_t v = 0, i, bad;

	CHECK_ERR("publish a number", ds_publish_u32("t.num", 0xdeadbeef, 0), OK);
	CHECK_ERR("retrieve it", ds_retrieve_u32("t.num", &v, &owner), OK);
	CHECK_EQ("its value", (int)v, (int)0xdeadbeef);
	CHECK_EQ("its owner", owner, self);

	for (i = 0; i < sizeof(s) - 1; i++)
		s[i] = (char)('a' + i % 26);
	s[sizeof(s) - 1] = '\0';
	CHECK_ERR("publish the longest string", ds_publish_str("t.str", s, 0), OK);
	memset(got, 'x', sizeof(got));
	CHECK_ERR("retrieve it", ds_retrieve_str("t.str", got, sizeof(got)), OK);
	CHECK("the same string", strcmp(got, s) == 0);
	CHECK_ERR("an empty string", ds_publish_str("t.empty", "", 0), OK);
	memset(got, 'x', sizeof(got));
	CHECK_ERR("retrieve it", ds_retrieve_str("t.empty", got, sizeof(got)), OK);
	CHECK_EQ("its first byte", got[0], 0);
	CHECK_ERR("into a buffer one byte short", ds_retrieve_str("t.str", got, sizeof(got) - 1), E2BIG);

	for (i = 0; i < sizeof(mem); i++)
		mem[i] = (u8_t)(i * 31 + 7);
	CHECK_ERR("publish the largest memory range", ds_publish_mem("t.mem", mem, sizeof(mem), 0), OK);
	memset(back, 0xee, sizeof(back));
	CHECK_ERR("retrieve it", ds_retrieve_mem("t.mem", back, sizeof(back), &len), OK);
	CHECK_EQ("its length", (int)len, (int)sizeof(mem));
	for (i = 0, bad = 0; i < sizeof(mem); i++)
		bad += back[i] != mem[i];
	CHECK_EQ("bytes that differ", (int)bad, 0);
	CHECK_EQ("nothing past its length", back[sizeof(mem)], 0xee);
	len = 0;
	CHECK_ERR("into a buffer too small", ds_retrieve_mem("t.mem", back, 100, &len), E2BIG);
	CHECK_EQ("the length it would take", (int)len, (int)sizeof(mem));
	CHECK_ERR("a short range", ds_publish_mem("t.mem", mem + 5, 3, DSF_OVERWRITE), OK);
	CHECK_ERR("retrieve it", ds_retrieve_mem("t.mem", back, sizeof(back), &len), OK);
	CHECK_EQ("its new length", (int)len, 3);
	CHECK("its bytes", back[0] == mem[5] && back[2] == mem[7]);

	CHECK_ERR("label myself", ds_publish_label("t.me", self, 0), OK);
	CHECK_ERR("retrieve the label", ds_retrieve_label("t.me", &e, &owner), OK);
	CHECK_EQ("the endpoint it names", e, self);

	CHECK_ERR("a number as a string", ds_retrieve_str("t.num", got, sizeof(got)), EINVAL);
	CHECK_ERR("a string as a number", ds_retrieve_u32("t.str", &v, NULL), EINVAL);
	CHECK_ERR("a key nobody published", ds_retrieve_u32("t.none", &v, NULL), ENOENT);
	CHECK_ERR("delete", ds_delete("t.num"), OK);
	CHECK_ERR("deleted", ds_retrieve_u32("t.num", &v, NULL), ENOENT);
	CHECK_ERR("delete twice", ds_delete("t.num"), ENOENT);
	CHECK_ERR("delete t.str", ds_delete("t.str"), OK);
	CHECK_ERR("delete t.empty", ds_delete("t.empty"), OK);
	CHECK_ERR("delete t.mem", ds_delete("t.mem"), OK);
	CHECK_ERR("delete t.me", ds_delete("t.me"), OK);
}

struct change {
	const char *key;
	u32_t flags;   /* type or DSF_DELETED, with DSF_LOST */
};

/* Wait for DS's NOTIFY, then check that DS_CHECK tells exactly these
 * changes, in this order, and then nothing. */
static void expect_changes(const char *who, endpoint_t owner, const struct change *want, int n)
{
	char key[DS_KEY_MAX];
	endpoint_t o;
	message m;
	u32_t flags;
	int i;

	CHECK_ERR("subscriber: a notification", receive(DS_PROC_NR, &m), OK);
	CHECK_EQ("subscriber: it is a NOTIFY", m.m_type, NOTIFY_MESSAGE);
	for (i = 0; i < n; i++) {
		if (ds_check(key, &flags, &o) != OK) {
			printf("FAIL %s: change %d (%s) not told\n", who, i, want[i].key);
			failures++;
			return;
		}
		if (strcmp(key, want[i].key) != 0 || flags != want[i].flags) {
			printf("FAIL %s: change %d is %s, flags 0x%x; want %s, flags 0x%x\n", who, i,
			       key, flags, want[i].key, want[i].flags);
			failures++;
		}
		CHECK_EQ("subscriber: the owner told", o, (flags & DSF_DELETED) ? NONE : owner);
	}
	CHECK_ERR("subscriber: nothing more", ds_check(key, &flags, &o), ENOENT);
}

/* --- owners ------------------------------------------------------------ */

static int role_other(endpoint_t parent)
{
	u32_t v = 0;

	CHECK_ERR("other: overwrite the parent's entry", ds_publish_u32("o.parent", 2, DSF_OVERWRITE), EPERM);
	CHECK_ERR("other: publish over it", ds_publish_u32("o.parent", 2, 0), EPERM);
	CHECK_ERR("other: delete it", ds_delete("o.parent"), EPERM);
	CHECK_ERR("other: it is unchanged", ds_retrieve_u32("o.parent", &v, NULL), OK);
	CHECK_EQ("other: its value", (int)v, 1);
	CHECK_ERR("other: label the parent", ds_publish_label("o.lparent", parent, 0), EPERM);
	CHECK_ERR("other: my own entry", ds_publish_u32("o.other", 3, 0), OK);
	CHECK_ERR("other: label myself", ds_publish_label("o.lother", self, 0), OK);
	tell(parent);
	wait_go(parent);   /* end now: my entries must go */
	return failures;
}

static void test_owners(void)
{
	endpoint_t other, owner = NONE, dead;
	u32_t v = 0;

	static const struct change gone[] = {
		{ "o.other", DSF_DELETED }, { "o.lother", DSF_DELETED },
	};

	CHECK_ERR("publish", ds_publish_u32("o.parent", 1, 0), OK);
	CHECK_ERR("publish again without DSF_OVERWRITE", ds_publish_u32("o.parent", 5, 0), EEXIST);
	other = start_helper("dstest other %d", self);
	wait_go(other);
	CHECK_ERR("subscribe to the other's", ds_subscribe("o.*ther", 0), OK);
	CHECK_ERR("the other's entry", ds_retrieve_u32("o.other", &v, &owner), OK);
	CHECK_EQ("its owner", owner, other);
	CHECK_ERR("overwrite the other's entry", ds_publish_u32("o.other", 9, DSF_OVERWRITE), EPERM);
	CHECK_ERR("delete it", ds_delete("o.other"), EPERM);
	CHECK_ERR("overwrite my own", ds_publish_u32("o.parent", 7, DSF_OVERWRITE), OK);
	CHECK_ERR("the new value", ds_retrieve_u32("o.parent", &v, NULL), OK);
	CHECK_EQ("it is", (int)v, 7);
	CHECK_ERR("label the other", ds_publish_label("o.lbyparent", other, 0), EPERM);
	dead = other;
	tell(other);
	finish_helper("other", other, 0);

	expect_changes("the ended owner's entries", NONE, gone, 2);
	CHECK_ERR("the ended owner's entry is gone", ds_retrieve_u32("o.other", &v, NULL), ENOENT);
	CHECK_ERR("and its label", ds_retrieve_label("o.lother", &owner, NULL), ENOENT);
	CHECK_ERR("a label for an ended process", ds_publish_label("o.ldead", dead, 0), ESRCH);
	CHECK_ERR("mine stays", ds_retrieve_u32("o.parent", &v, NULL), OK);
	CHECK_ERR("delete mine", ds_delete("o.parent"), OK);
}

/* --- subscribe --------------------------------------------------------- */

static int role_subscriber(endpoint_t parent)
{
	static const struct change first[] = {
		{ "pub.a", DSF_U32 }, { "pub.b", DSF_DELETED }, { "pub.c", DSF_STRING },
	};
	/* In the store's order: pub.c took the slot pub.b left. */
	static const struct change initial[] = {
		{ "pub.a", DSF_U32 }, { "pub.c", DSF_STRING }, { "pub", DSF_U32 },
	};
	static const struct change backtracked[] = {
		{ "pub.a", DSF_U32 }, { "pub.c", DSF_STRING }, { "xpub.a", DSF_U32 },
	};
	static const struct change lost[] = {
		{ "many.4", DSF_U32 | DSF_LOST }, { "many.5", DSF_U32 }, { "many.6", DSF_U32 },
		{ "many.7", DSF_U32 }, { "many.8", DSF_U32 }, { "many.9", DSF_U32 },
		{ "many.10", DSF_U32 }, { "many.11", DSF_U32 }, { "many.12", DSF_U32 },
		{ "many.13", DSF_U32 }, { "many.14", DSF_U32 }, { "many.15", DSF_U32 },
		{ "many.16", DSF_U32 }, { "many.17", DSF_U32 }, { "many.18", DSF_U32 },
		{ "many.19", DSF_U32 },
	};
	char key[DS_KEY_MAX];
	endpoint_t o;
	u32_t flags;

	CHECK_ERR("subscriber: subscribe", ds_subscribe("pub.*", 0), OK);
	CHECK_ERR("subscriber: the same twice", ds_subscribe("pub.*", 0), EEXIST);
	CHECK_ERR("subscriber: nothing yet", ds_check(key, &flags, &o), ENOENT);
	tell(parent);
	wait_go(parent);   /* the parent has published (test_subscribe) */
	expect_changes("subscriber: first round", parent, first, 3);

	CHECK_ERR("subscriber: subscribe with DSF_INITIAL", ds_subscribe("*.?", DSF_INITIAL), OK);
	CHECK_ERR("subscriber: a literal '?' matches nothing here", ds_check(key, &flags, &o), ENOENT);
	CHECK_ERR("subscriber: DSF_INITIAL", ds_subscribe("p*", DSF_INITIAL), OK);
	expect_changes("subscriber: what matched", parent, initial, 3);
	/* A '*' that must give bytes back, and one that matches nothing. */
	CHECK_ERR("subscriber: a pattern that backtracks", ds_subscribe("*b.*", DSF_INITIAL), OK);
	expect_changes("subscriber: *b.*", parent, backtracked, 3);
	CHECK_ERR("subscriber: a star at the end", ds_subscribe("pub.c*", DSF_INITIAL), OK);
	expect_changes("subscriber: pub.c*", parent, initial + 1, 1);

	CHECK_ERR("subscriber: many", ds_subscribe("many.*", 0), OK);
	tell(parent);
	wait_go(parent);
	expect_changes("subscriber: too many", parent, lost, 16);
	tell(parent);
	wait_go(parent);   /* end now */
	return failures;
}

static int role_subscribes_and_ends(endpoint_t parent)
{
	char pattern[DS_KEY_MAX];
	int i;

	/* Take every free subscription (there are at most DS_SUBS_MAX). */
	for (i = 0; i <= DS_SUBS_MAX; i++) {
		snprintf(pattern, sizeof(pattern), "fill.%d", i);
		if (ds_subscribe(pattern, 0) != OK)
			break;
	}
	CHECK("filler: some subscriptions", i > 0);
	CHECK_ERR("filler: one too many", ds_subscribe("fill.last", 0), ENOSPC);
	tell(parent);
	return failures;
}

static void test_subscribe(void)
{
	endpoint_t sub = start_helper("dstest subscriber %d", self), filler;
	char key[DS_KEY_MAX];
	int i;

	wait_go(sub);
	CHECK_ERR("pub.a", ds_publish_u32("pub.a", 1, 0), OK);
	CHECK_ERR("pub.b", ds_publish_u32("pub.b", 2, 0), OK);
	CHECK_ERR("xpub.a: the pattern is anchored at the start", ds_publish_u32("xpub.a", 3, 0), OK);
	CHECK_ERR("pub: '*' needs the dot", ds_publish_u32("pub", 3, 0), OK);
	CHECK_ERR("pub.a again", ds_publish_u32("pub.a", 4, DSF_OVERWRITE), OK);
	CHECK_ERR("delete pub.b", ds_delete("pub.b"), OK);
	CHECK_ERR("pub.c", ds_publish_str("pub.c", "sea", 0), OK);
	tell(sub);
	wait_go(sub);   /* it has checked, and subscribed to many.* */
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "many.%d", i);
		CHECK_ERR("many", ds_publish_u32(key, (u32_t)i, 0), OK);
	}
	tell(sub);
	wait_go(sub);
	tell(sub);
	finish_helper("subscriber", sub, 0);

	/* A subscriber's subscriptions end with it: two fillers in turn can
	 * each take every free subscription. */
	for (i = 0; i < 2; i++) {
		filler = start_helper("dstest filler %d", self);
		wait_go(filler);
		finish_helper("filler", filler, 0);
	}
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "many.%d", i);
		CHECK_ERR("clean up", ds_delete(key), OK);
	}
	CHECK_ERR("clean up", ds_delete("pub.a"), OK);
	CHECK_ERR("clean up", ds_delete("pub.c"), OK);
	CHECK_ERR("clean up", ds_delete("xpub.a"), OK);
	CHECK_ERR("clean up", ds_delete("pub"), OK);
}

/* --- limits ------------------------------------------------------------ */

static void fill_store(int round)
{
	static u8_t big[DS_MEM_MAX];
	char key[DS_KEY_MAX];
	u32_t v = 0;
	int i, n;

	memset(big, round, sizeof(big));
	CHECK_ERR("a first entry", ds_publish_u32("l.keep", 77, DSF_OVERWRITE), OK);
	for (n = 0; n < DS_ENTRIES_MAX; n++) {
		snprintf(key, sizeof(key), "l.fill%d", n);
		if (ds_publish_mem(key, big, sizeof(big), 0) != OK)
			break;
	}
	CHECK_EQ("entries that fit beside the first", n, DS_ENTRIES_MAX - 1);
	CHECK_ERR("one more", ds_publish_u32("l.more", 1, 0), ENOSPC);
	CHECK_ERR("the first is unharmed", ds_retrieve_u32("l.keep", &v, NULL), OK);
	CHECK_EQ("its value", (int)v, 77);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "l.fill%d", i);
		CHECK_ERR("delete a filler", ds_delete(key), OK);
	}
}

static void test_limits(void)
{
	static char toolong[DS_STRING_MAX + 1];
	static u8_t mem[DS_MEM_MAX + 1];
	char key[DS_KEY_MAX + 8];
	cp_grant_id_t g;
	u32_t v = 0, before;

	CHECK_ERR("keep", ds_publish_u32("l.keep", 77, 0), OK);
	CHECK_ERR("an empty key", ds_publish_u32("", 1, 0), EINVAL);
	memset(key, 'k', sizeof(key));
	CHECK_ERR("a key without its NUL", raw_request(DS_PUBLISH, key, DS_KEY_MAX, DSF_U32, 1, 0, 0), ENAMETOOLONG);
	key[DS_KEY_MAX - 1] = '\0';
	CHECK_ERR("the longest key", ds_publish_u32(key, 1, 0), OK);
	CHECK_ERR("delete it", ds_delete(key), OK);
	CHECK_ERR("no type", raw_request(DS_PUBLISH, "l.x", 4, 0, 1, 0, 0), EINVAL);
	CHECK_ERR("an unknown type", raw_request(DS_PUBLISH, "l.x", 4, 9, 1, 0, 0), EINVAL);
	CHECK_ERR("an unknown flag", raw_request(DS_PUBLISH, "l.x", 4, DSF_U32 | 0x100, 1, 0, 0), EINVAL);
	CHECK_ERR("retrieve with a flag", raw_request(DS_RETRIEVE, "l.keep", 7, DSF_U32 | DSF_OVERWRITE, 0, 0, 0), EINVAL);
	CHECK_ERR("subscribe with a flag", raw_request(DS_SUBSCRIBE, "l.*", 4, DSF_OVERWRITE, 0, 0, 0), EINVAL);
	CHECK_ERR("an unknown request", raw_request(DS_PUBLISH + 0x40, "l.x", 4, DSF_U32, 1, 0, 0), EINVAL);

	memset(toolong, 's', DS_STRING_MAX);
	CHECK_ERR("a string over the limit", ds_publish_str("l.s", toolong, 0), E2BIG);
	CHECK_ERR("memory over the limit", ds_publish_mem("l.m", mem, sizeof(mem), 0), E2BIG);
	CHECK_ERR("no bytes", ds_publish_mem("l.m", mem, 0, 0), EINVAL);
	memset(mem, 'm', sizeof(mem));
	g = cpf_grant_direct(DS_PROC_NR, (vir_bytes)mem, 10, CPF_READ);
	CHECK_ERR("a grant shorter than the value", raw_request(DS_PUBLISH, "l.m", 4, DSF_MEM, 0, g, 11), EGRANTBOUNDS);
	CHECK_ERR("a string without its NUL", raw_request(DS_PUBLISH, "l.s", 4, DSF_STRING, 0, g, 10), EINVAL);
	CHECK_ERR("revoke", cpf_revoke(g), OK);
	CHECK_ERR("a revoked grant", raw_request(DS_PUBLISH, "l.m", 4, DSF_MEM, 0, g, 10), EGRANTUNUSED);
	g = cpf_grant_direct(self, (vir_bytes)mem, 10, CPF_READ);
	CHECK_ERR("a grant not for DS", raw_request(DS_PUBLISH, "l.m", 4, DSF_MEM, 0, g, 10), EGRANTEE);
	CHECK_ERR("revoke", cpf_revoke(g), OK);
	g = cpf_grant_direct(DS_PROC_NR, (vir_bytes)mem, 10, CPF_READ);
	CHECK_ERR("retrieve into a read-only grant", raw_request(DS_RETRIEVE, "l.keep2", 8, DSF_MEM, 0, g, 10), ENOENT);
	CHECK_ERR("memory", ds_publish_mem("l.m", mem, 10, 0), OK);
	CHECK_ERR("retrieve into a read-only grant", raw_request(DS_RETRIEVE, "l.m", 4, DSF_MEM, 0, g, 10), EGRANTACCESS);
	CHECK_ERR("revoke", cpf_revoke(g), OK);
	CHECK_ERR("delete", ds_delete("l.m"), OK);
	CHECK_ERR("nothing harmed", ds_retrieve_u32("l.keep", &v, NULL), OK);
	CHECK_EQ("its value", (int)v, 77);

	/* Churn: after one fill of the store, DS has touched all the
	 * memory it will ever use; a second fill takes no more. */
	fill_store(1);
	before = free_pages();
	fill_store(2);
	CHECK_EQ("free pages after a second fill", (int)free_pages(), (int)before);
	CHECK_ERR("delete keep", ds_delete("l.keep"), OK);
}

/* --- map --------------------------------------------------------------- */

#define MAP_BYTES (2 * PAGE_SIZE)

static u8_t shared[MAP_BYTES] __attribute__((aligned(PAGE_SIZE)));

/* Is our mapping at addr gone (VM no longer knows it)? */
static int unmapped(void *addr)
{
	return sys_safeunmap(addr) == EINVAL;
}

/* The retriever: maps t.map, and checks each step the publisher takes. */
static int role_mapper(endpoint_t publisher)
{
	u8_t *a, *b, *ro;
	size_t len = 0;

	wait_go(publisher);
	CHECK_ERR("mapper: map t.map", ds_retrieve_map("t.map", SAFEMAP_WRITE, (void **)&a, &len), OK);
	CHECK_EQ("mapper: its length", (int)len, MAP_BYTES);
	CHECK("mapper: the publisher's bytes", a[0] == 1 && a[PAGE_SIZE] == 2);
	a[5] = 0x77;
	tell(publisher);
	wait_go(publisher);   /* it wrote shared[PAGE_SIZE + 1] */
	CHECK("mapper: the publisher's write", a[PAGE_SIZE + 1] == 0x66);
	CHECK_ERR("mapper: map it again", ds_retrieve_map("t.map", 0, (void **)&b, NULL), OK);
	CHECK("mapper: a second mapping", b != a && b[PAGE_SIZE + 1] == 0x66 && b[5] == 0x77);
	tell(publisher);
	wait_go(publisher);   /* it deleted t.map */
	CHECK("mapper: the first mapping went with the entry", unmapped(a));
	CHECK("mapper: the second too", unmapped(b));
	tell(publisher);
	wait_go(publisher);   /* it published t.map again, read-only */
	CHECK_ERR("mapper: writable, of a read-only range",
	          ds_retrieve_map("t.map", SAFEMAP_WRITE, (void **)&ro, NULL), EGRANTACCESS);
	CHECK_ERR("mapper: read-only", ds_retrieve_map("t.map", 0, (void **)&ro, NULL), OK);
	CHECK("mapper: its bytes", ro[5] == 0x77);
	tell(publisher);
	wait_go(publisher);   /* it overwrote t.map with a number */
	CHECK("mapper: the mapping went with the overwrite", unmapped(ro));
	return failures;
}

/* A publisher that ends: its range's mappings go, and its entry. */
static int role_map_owner(endpoint_t mapper)
{
	static u8_t mine[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
	cp_grant_id_t g;

	mine[0] = 9;
	CHECK_ERR("owner: publish t.map2", ds_publish_map("t.map2", mine, PAGE_SIZE, CPF_READ, 0, &g),
	          OK);
	tell(mapper);
	wait_go(mapper);
	return failures;
}

static void test_map(void)
{
	endpoint_t mapper, owner;
	cp_grant_id_t g, small;
	u32_t before;
	u8_t *a;

	/* A warm-up: our own range, mapped by ourselves. It leaves a page
	 * table for our safemap area (tables stay until a space goes), so
	 * the memory count starts after it. */
	shared[0] = 1;
	CHECK_ERR("publish a range to map ourselves",
	          ds_publish_map("t.warm", shared, PAGE_SIZE, CPF_READ, 0, &g), OK);
	CHECK_ERR("map it", ds_retrieve_map("t.warm", 0, (void **)&a, NULL), OK);
	CHECK("our own byte through the mapping", a[0] == 1);
	CHECK_ERR("unmap it", sys_safeunmap(a), OK);
	CHECK_ERR("delete it", ds_delete("t.warm"), OK);
	CHECK_ERR("revoke its grant", cpf_revoke(g), OK);
	before = free_pages();

	shared[PAGE_SIZE] = 2;
	small = cpf_grant_direct(DS_PROC_NR, (vir_bytes)shared, PAGE_SIZE, CPF_READ | CPF_MAP);
	CHECK_ERR("a length of 0", raw_request(DS_PUBLISH, "t.map", 6, DSF_MAP, 0, small, 0), EINVAL);
	CHECK_ERR("not whole pages", raw_request(DS_PUBLISH, "t.map", 6, DSF_MAP, 0, small, 100), EINVAL);
	CHECK_ERR("over DS_MAP_MAX", raw_request(DS_PUBLISH, "t.map", 6, DSF_MAP, 0, small,
	                                         DS_MAP_MAX + PAGE_SIZE), E2BIG);
	CHECK_ERR("past the grant", raw_request(DS_PUBLISH, "t.map", 6, DSF_MAP, 0, small, MAP_BYTES),
	          EGRANTBOUNDS);
	CHECK_ERR("no such grant", raw_request(DS_PUBLISH, "t.map", 6, DSF_MAP, 0, small + 1,
	                                       PAGE_SIZE), EGRANTUNUSED);
	CHECK_ERR("revoke", cpf_revoke(small), OK);

	CHECK_ERR("publish a mapped range",
	          ds_publish_map("t.map", shared, MAP_BYTES, CPF_READ | CPF_WRITE, 0, &g), OK);
	mapper = start_helper("dstest mapper %d", self);
	tell(mapper);
	wait_go(mapper);   /* it mapped t.map and wrote */
	CHECK("the mapper's write", shared[5] == 0x77);
	shared[PAGE_SIZE + 1] = 0x66;
	tell(mapper);
	wait_go(mapper);   /* it mapped it twice */
	/* Our grant stays until the mapper has looked: DS's revoke alone
	 * must end its mappings. */
	CHECK_ERR("delete t.map", ds_delete("t.map"), OK);
	tell(mapper);
	wait_go(mapper);
	CHECK_ERR("revoke its grant", cpf_revoke(g), OK);
	CHECK_ERR("publish it read-only",
	          ds_publish_map("t.map", shared, MAP_BYTES, CPF_READ, 0, &g), OK);
	tell(mapper);
	wait_go(mapper);   /* it mapped it read-only */
	CHECK_ERR("overwrite it with a number", ds_publish_u32("t.map", 5, DSF_OVERWRITE), OK);
	tell(mapper);
	finish_helper("mapper", mapper, 0);
	CHECK_ERR("revoke the grant", cpf_revoke(g), OK);
	CHECK_ERR("delete t.map", ds_delete("t.map"), OK);

	owner = start_helper("dstest mapowner %d", self);
	wait_go(owner);
	CHECK_ERR("map t.map2", ds_retrieve_map("t.map2", 0, (void **)&a, NULL), OK);
	CHECK("its byte", a[0] == 9);
	tell(owner);
	finish_helper("owner", owner, 0);
	CHECK("the mapping went with its owner", unmapped(a));
	CHECK_ERR("and the entry", ds_retrieve_map("t.map2", 0, (void **)&a, NULL), ENOENT);
	CHECK_EQ("free pages afterwards", (int)(free_pages() - before), 0);
}

static const struct scenario scenarios[] = {
	{ "types", test_types },
	{ "map", test_map },
	{ "owners", test_owners },
	{ "subscribe", test_subscribe },
	{ "limits", test_limits },
};

int main(int argc, char **argv)
{
	sys_whoami(&self, NULL, 0);
	if (argc < 2)
		panic("usage: dstest MODE");
	if (argc == 3) {
		endpoint_t p = arg_int(argv[2]);

		if (strcmp(argv[1], "other") == 0)
			return role_other(p);
		if (strcmp(argv[1], "subscriber") == 0)
			return role_subscriber(p);
		if (strcmp(argv[1], "filler") == 0)
			return role_subscribes_and_ends(p);
		if (strcmp(argv[1], "mapper") == 0)
			return role_mapper(p);
		if (strcmp(argv[1], "mapowner") == 0)
			return role_map_owner(p);
	}
	return run_scenario("dstest", scenarios, sizeof(scenarios) / sizeof(scenarios[0]), argv[1]);
}
