/*
 * Host check of kernel/grant.c (grant_verify). Processes are slots 1..8;
 * process n's grant table is at HC_UBASE + n * TABLE_SPAN of the one
 * user memory (fake_kernel.c), so a table that runs past it faults.
 *   "P N GEN PRIV ENTRIES": slot N alive with generation GEN, privflags
 *                           PRIV, ENTRIES table entries (0: no table)
 *   "K N": slot N ends (its endpoint is stale from now on)
 *   "E N SLOT FLAGS GEN GRANTEE A B C D": entry SLOT of N's table, with
 *                           the union's four words A B C D
 *   "V ASKER GRANTER ID OFFSET BYTES ACCESS": grant_verify for slot
 *                           ASKER on endpoint GRANTER
 *   answers: "ok" to P, K and E; to V: RESULT OWNER ADDR (the owner's
 *   slot and the address, -1 0 unless RESULT is OK)
 */
#include <string.h>

#include "hostcheck.h"
#include "fake_kernel.h"

#define TABLE_SPAN 0x800
#define MAX_SLOT 8

const char hc_driver[] = "grant";

void hc_hello_extra(void)
{
	hc_kernel_reset();
}

static struct proc *slot_proc(const char *word)
{
	int64_t n = hc_int(word);

	if (n < 1 || n > MAX_SLOT)
		return NULL;
	return proc_addr((int)n);
}

int hc_handle(int argc, char **argv)
{
	struct grant_target t;
	struct proc *p;
	cp_grant_t g;
	int r, i;

	if (argc == 5 && strcmp(argv[0], "P") == 0 && (p = slot_proc(argv[1])) != NULL) {
		p->p_gen = (int)hc_int(argv[2]);
		p->p_endpoint = endpoint_make(p->p_nr, p->p_gen);
		p->p_rts_flags = 0;
		p->p_privflags = hc_u32(argv[3]);
		p->p_grant_entries = hc_u32(argv[4]);
		p->p_grant_table = p->p_grant_entries ? HC_UBASE + (vir_bytes)p->p_nr * TABLE_SPAN : 0;
		hc_put_word("ok");
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "K") == 0 && (p = slot_proc(argv[1])) != NULL) {
		p->p_rts_flags = RTS_SLOT_FREE;
		hc_put_word("ok");
		return 0;
	}
	if (argc == 10 && strcmp(argv[0], "E") == 0 && (p = slot_proc(argv[1])) != NULL) {
		u32_t slot = hc_u32(argv[2]);

		if ((slot + 1) * sizeof(g) > TABLE_SPAN)
			return -1;
		memset(&g, 0, sizeof(g));
		g.cp_flags = hc_u32(argv[3]);
		g.cp_gen = hc_u32(argv[4]);
		g.cp_grantee = (endpoint_t)hc_int(argv[5]);
		g.u.indirect.granter = (endpoint_t)hc_u32(argv[6]);   /* the union's four words */
		g.u.indirect.id = (cp_grant_id_t)hc_u32(argv[7]);
		g.u.indirect.offset = hc_u32(argv[8]);
		g.u.indirect.len = hc_u32(argv[9]);
		memcpy(hc_umem + (size_t)p->p_nr * TABLE_SPAN + slot * sizeof(g), &g, sizeof(g));
		hc_put_word("ok");
		return 0;
	}
	if (argc == 7 && strcmp(argv[0], "V") == 0 && (p = slot_proc(argv[1])) != NULL) {
		memset(&t, 0, sizeof(t));
		r = grant_verify(p, (endpoint_t)hc_int(argv[2]), (cp_grant_id_t)hc_int(argv[3]),
		                 hc_u32(argv[4]), hc_u32(argv[5]), hc_u32(argv[6]), &t);
		hc_put_int(r);
		hc_put_int(r == OK && t.owner != NULL ? t.owner->p_nr : -1);
		hc_put_u64(r == OK ? t.addr : 0);
		hc_put_int(r == OK ? t.hops : 0);
		for (i = 0; r == OK && i < t.hops && i < GRANT_MAX_DEPTH; i++) {
			hc_put_int(t.chain[i].granter);
			hc_put_int(t.chain[i].id);
		}
		return 0;
	}
	return -1;
}
