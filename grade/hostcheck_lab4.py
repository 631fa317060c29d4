"""Lab 4's host checks: grant verification (kernel/grant.c), DS's
subscription patterns (user/servers/ds/match.c) and copy-on-write's
write side (user/servers/vm/cow.c), each against a model
written here from the rules that <mica/grant.h>, <mica/ds.h> and
doc/architecture.md state (not from the reference code). See
grade/hostcheck.py.
"""

from __future__ import annotations

import random

from grade.hostcheck import REPO_ROOT, HostCheck, Session, hexed, header_constants, numbers
from grade.hostcheck_lab1 import KERNEL_SUPPORT

ERR = header_constants(REPO_ROOT, "include/mica/errno.h")
EP = header_constants(REPO_ROOT, "include/mica/endpoint.h")
GRANT = header_constants(REPO_ROOT, "include/mica/grant.h")
LAYOUT = header_constants(REPO_ROOT, "include/mica/layout.h")
CALLNR = header_constants(REPO_ROOT, "include/mica/callnr.h")
DS = header_constants(REPO_ROOT, "include/mica/ds.h")

OK = 0
U32 = (1 << 32) - 1
GEN_SIZE = EP["ENDPOINT_GEN_SIZE"]
NR_TASKS, NR_PROCS = EP["NR_TASKS"], EP["NR_PROCS"]
SLOTS_MAX, MAX_DEPTH = GRANT["GRANT_SLOTS_MAX"], GRANT["GRANT_MAX_DEPTH"]
CPF_READ, CPF_WRITE, CPF_MAP = GRANT["CPF_READ"], GRANT["CPF_WRITE"], GRANT["CPF_MAP"]
CPF_ACCESS = CPF_READ | CPF_WRITE | CPF_MAP
CPF_DIRECT, CPF_INDIRECT, CPF_MAGIC = GRANT["CPF_DIRECT"], GRANT["CPF_INDIRECT"], GRANT["CPF_MAGIC"]
CPF_KIND = CPF_DIRECT | CPF_INDIRECT | CPF_MAGIC
CPF_VALID = 0x80000000
USER_BASE, USER_END = LAYOUT["USER_BASE"], LAYOUT["USER_END"]
MAGIC_PRIV = CALLNR["PROC_MAGIC_GRANTS"]
HC_UBASE = USER_BASE + 0x100000     # tests/host/fake_kernel.h
TABLE_SPAN = 0x800                  # tests/host/drv_grant.c
UMEM = 64 * 1024                    # fake_kernel.c's user memory
ENTRY = 32
PROCS = range(1, 9)


def hello(s: Session, driver: str) -> None:
    s.expect(s.hello[:2] == ["hello", driver], f"the check program did not start ({s.hello[:2]})")


def endpoint(slot: int, gen: int) -> int:
    return gen * GEN_SIZE + slot


def s32(v: int) -> int:
    v &= U32
    return v - (1 << 32) if v & 0x80000000 else v


# --- Grants ---

class Proc:
    def __init__(self, slot: int, gen: int, priv: int, entries: int) -> None:
        self.slot, self.gen, self.priv, self.entries = slot, gen, priv, entries
        self.alive = True
        self.table: dict[int, tuple[int, int, int, tuple[int, int, int, int]]] = {}

    @property
    def endpoint(self) -> int:
        return endpoint(self.slot, self.gen)


class World:
    """What the model knows: every process and every table entry the
    session wrote."""

    def __init__(self) -> None:
        self.procs: dict[int, Proc] = {}

    def live(self, e: int) -> Proc | None:
        return next((p for p in self.procs.values() if p.alive and p.endpoint == e), None)

    def lookup_error(self, e: int) -> int:
        """Why endpoint e names no process that has a table to give."""
        slot = (e + NR_TASKS) % GEN_SIZE - NR_TASKS
        gen = (e + NR_TASKS) // GEN_SIZE
        special = e in (EP["ANY"], EP["NONE"], EP["SELF"]) or e < -NR_TASKS
        if special or slot >= NR_PROCS or slot < 0 or not 1 <= gen <= EP["ENDPOINT_MAX_GEN"]:
            return ERR["EBADSRCDST"]   # not an endpoint, or a kernel task
        return ERR["EDEADSRCDST"]      # well formed, nobody alive has it

    def verify(self, asker: Proc, granter_e: int, gid: int, offset: int, size: int,
               access: int) -> tuple[int, ...]:
        """The rules: (result, owner slot, address, hops, then each hop's
        granter endpoint and grant id, the asker's own first)."""
        fail = (lambda err: (err, -1, 0, 0))
        seen: list[tuple[int, int]] = []
        hops: list[int] = []
        who = asker
        for depth in range(MAX_DEPTH + 1):
            if depth == MAX_DEPTH:
                return fail(ERR["EGRANTDEPTH"])
            granter = self.live(granter_e)
            if granter is None:
                return fail(self.lookup_error(granter_e))
            if granter.entries == 0:
                return fail(ERR["ENOGRANTS"])
            slot = gid % SLOTS_MAX if gid >= 0 else -1
            if gid < 0 or slot >= granter.entries:
                return fail(ERR["EGRANTID"])
            if (slot + 1) * ENTRY > TABLE_SPAN or granter.slot * TABLE_SPAN + (slot + 1) * ENTRY > UMEM:
                return fail(ERR["EFAULT"])   # the table runs out of memory here
            flags, gen, grantee, words = granter.table.get(slot, (0, 0, 0, (0, 0, 0, 0)))
            if not flags & CPF_VALID:
                return fail(ERR["EGRANTUNUSED"])
            if gen != gid // SLOTS_MAX:
                return fail(ERR["EGRANTSTALE"])
            kind = flags & CPF_KIND
            if flags & ~(CPF_VALID | CPF_KIND | CPF_ACCESS) or kind not in (CPF_DIRECT, CPF_INDIRECT, CPF_MAGIC):
                return fail(ERR["EGRANTBAD"])
            if (granter.slot, slot) in seen:
                return fail(ERR["EGRANTLOOP"])
            seen.append((granter.slot, slot))
            hops += [s32(granter_e), s32(gid)]
            if s32(grantee) != who.endpoint:
                return fail(ERR["EGRANTEE"])
            if flags & access != access:
                return fail(ERR["EGRANTACCESS"])
            if kind == CPF_MAGIC:
                if not granter.priv & MAGIC_PRIV:
                    return fail(ERR["EGRANTMAGIC"])
                owner_e, base, length = s32(words[0]), words[1], words[2]
            elif kind == CPF_DIRECT:
                base, length = words[0], words[1]
            else:
                next_e, next_id, hop_offset, length = s32(words[0]), s32(words[1]), words[2], words[3]
                if offset + size > length or offset + hop_offset > U32:
                    return fail(ERR["EGRANTBOUNDS"])
                offset += hop_offset
                who, granter_e, gid = granter, next_e, next_id
                continue
            if offset + size > length:
                return fail(ERR["EGRANTBOUNDS"])
            owner = granter
            if kind == CPF_MAGIC:
                owner = self.live(owner_e)
                if owner is None:
                    return fail(self.lookup_error(owner_e))
            addr = base + offset
            if addr > U32 or addr < USER_BASE or addr >= USER_END or addr + size > USER_END:
                return fail(ERR["EFAULT"])
            return (OK, owner.slot, addr, len(hops) // 2, *hops)
        raise AssertionError("not reached")


def random_words(rng: random.Random, world: World, kind: int) -> tuple[int, int, int, int]:
    procs = list(world.procs.values())

    def some_endpoint() -> int:
        return rng.choice(procs).endpoint if rng.random() < 0.85 else rng.choice(
            [EP["ANY"], -3, endpoint(rng.randrange(9, 20), 1), endpoint(rng.randrange(1, 9), 7),
             rng.randrange(1 << 31)])

    def base() -> int:
        return rng.choice([USER_BASE + rng.randrange(1 << 20), USER_END - rng.randrange(1, 600),
                           0xf8000000, rng.randrange(1 << 32), 0x1000])

    def length() -> int:
        return rng.choice([rng.randrange(1, 600), rng.randrange(1, 600), rng.randrange(1 << 32),
                           0x50000000])

    if kind == CPF_INDIRECT:
        gid = rng.randrange(10) + SLOTS_MAX * (0 if rng.random() < 0.9 else rng.randrange(1, 3))
        return (some_endpoint() & U32, gid, rng.choice([0, rng.randrange(64), 0xffffff00 + rng.randrange(256)]),
                length())
    if kind == CPF_MAGIC:
        return (some_endpoint() & U32, base(), length(), 0)
    return (base(), length(), 0, 0)


def grant_session(s: Session, rng: random.Random) -> None:
    hello(s, "grant")
    world = World()
    for slot in PROCS:
        p = Proc(slot, rng.randrange(1, 4), MAGIC_PRIV if rng.random() < 0.4 else 0,
                 rng.choice([0, 4, 10, 10, 10, 64]))
        world.procs[slot] = p
        s.expect(s.ask("P", slot, p.gen, p.priv, p.entries) == ["ok"], "setting up a process")
    kinds = [CPF_DIRECT, CPF_INDIRECT, CPF_INDIRECT, CPF_MAGIC, 0, CPF_DIRECT | CPF_INDIRECT]
    for slot, p in world.procs.items():
        for entry in range(10):
            kind = rng.choice(kinds)
            flags = kind | rng.randrange(8) | (CPF_VALID if rng.random() < 0.9 else 0) \
                | (0x200 if rng.random() < 0.05 else 0)
            gen = 0 if rng.random() < 0.85 else rng.randrange(1, 3)
            grantee = rng.choice(list(world.procs.values())).endpoint
            words = random_words(rng, world, kind & (CPF_INDIRECT | CPF_MAGIC) or CPF_DIRECT)
            p.table[entry] = (flags, gen, grantee, words)
            s.expect(s.ask("E", slot, entry, flags, gen, grantee, *words) == ["ok"], "writing an entry")
    for n in range(240):
        if n % 80 == 79:   # a process ends: everything through it fails from now on
            victim = world.procs[rng.choice(list(PROCS))]
            victim.alive = False
            s.expect(s.ask("K", victim.slot) == ["ok"], "ending a process")
        if n % 3 == 0:
            chain(s, rng, world)
        asker = world.procs[rng.choice(list(PROCS))]
        granter_e = rng.choice(list(world.procs.values())).endpoint if rng.random() < 0.9 \
            else rng.choice([EP["ANY"], -2, endpoint(30, 1)])
        gid = rng.randrange(12) + SLOTS_MAX * (0 if rng.random() < 0.85 else 1) \
            if rng.random() < 0.95 else rng.choice([-1, -(1 << 31), SLOTS_MAX - 1])
        offset = rng.choice([rng.randrange(300), rng.randrange(1 << 32), U32])
        size = rng.choice([rng.randrange(300), rng.randrange(1 << 32), 0])
        access = rng.choice([CPF_READ, CPF_WRITE, CPF_MAP])
        want = world.verify(asker, granter_e, gid, offset, size, access)
        got = tuple(numbers(s.ask("V", asker.slot, granter_e, gid, offset, size, access)))
        s.expect(got == want, f"slot {asker.slot} asks {granter_e} for grant {gid}, "
                 f"[{offset}, +{size}) with access {access}: got {got}, want {want}")


def chain(s: Session, rng: random.Random, world: World) -> None:
    """Rewrite a path of entries as a chain the asker can follow (perhaps
    through the same process more than once, perhaps looping), then ask
    along it, once as it is and once with one hop spoiled."""
    live = [p for p in world.procs.values() if p.alive and p.entries >= 10]
    if len(live) < 2:
        return
    hops = rng.randrange(1, MAX_DEPTH + 3)
    path = [(rng.choice(live), rng.randrange(10)) for _ in range(hops)]
    asker = rng.choice(live)
    for k in range(hops - 1, -1, -1):
        proc, slot = path[k]
        before = asker if k == 0 else path[k - 1][0]
        access = CPF_ACCESS if rng.random() < 0.8 else CPF_READ
        if k == hops - 1 and rng.random() < 0.4:   # magic: someone else's memory
            owner = rng.choice(live)
            flags, words = CPF_VALID | CPF_MAGIC | access, (
                owner.endpoint & U32, USER_BASE + rng.randrange(1 << 16), rng.randrange(200, 2000), 0)
        elif k == hops - 1:
            flags, words = CPF_VALID | CPF_DIRECT | access, (USER_BASE + rng.randrange(1 << 16),
                                                             rng.randrange(200, 2000), 0, 0)
        else:
            nxt, nslot = path[k + 1]
            flags, words = CPF_VALID | CPF_INDIRECT | access, (
                nxt.endpoint & U32, nslot, rng.randrange(64), rng.randrange(100, 600))
        if rng.random() < 0.1:   # one spoiled hop
            flags ^= rng.choice([CPF_WRITE, CPF_READ, CPF_VALID, CPF_MAGIC])
        proc.table[slot] = (flags, 0, before.endpoint, words)
        s.expect(s.ask("E", proc.slot, slot, flags, 0, before.endpoint, *words) == ["ok"],
                 "writing a chain")
    first, fslot = path[0]
    for _ in range(2):
        offset, size = rng.randrange(120), rng.randrange(120)
        access = rng.choice([CPF_READ, CPF_WRITE])
        want = world.verify(asker, first.endpoint, fslot, offset, size, access)
        got = tuple(numbers(s.ask("V", asker.slot, first.endpoint, fslot, offset, size, access)))
        s.expect(got == want, f"a chain of {hops} from slot {asker.slot}, [{offset}, +{size}) "
                 f"with access {access}: got {got}, want {want}")


# --- DS's patterns ---

def matches(pattern: str, key: str) -> bool:
    """<mica/ds.h>: anchored at both ends, '*' any run, the rest literal.
    By the table of which pattern prefixes match which key prefixes (a
    regular expression would take exponential time on '*a*a*a*b' too)."""
    can = [True] + [False] * len(key)   # pattern[:0] matches key[:j]?
    for c in pattern:
        if c == "*":
            for j in range(1, len(key) + 1):
                can[j] = can[j] or can[j - 1]
        else:
            can = [False] + [can[j] and key[j] == c for j in range(len(key))]
    return can[len(key)]


def match_session(s: Session, rng: random.Random) -> None:
    hello(s, "dsmatch")
    key_max = DS["DS_KEY_MAX"] - 1
    for n in range(600):
        alphabet = rng.choice(["ab*", "ab.*", "a*", "xyz.*?"])
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        if rng.random() < 0.5:   # a key built to match, then perhaps spoiled
            key = "".join(c if c != "*" else "".join(rng.choice("ab.") for _ in range(rng.randrange(4)))
                          for c in pattern)[:key_max]
            if key and rng.random() < 0.3:
                i = rng.randrange(len(key))
                key = key[:i] + rng.choice("abz") + key[i + 1:]
        else:
            key = "".join(rng.choice(alphabet.replace("*", "")) for _ in range(rng.randrange(0, 14)))
        if n % 50 == 0:          # the patterns that blow up a naive matcher
            key = "a" * key_max
            pattern = "*a" * rng.randrange(5, 15) + rng.choice(["*b", "*", "b", "a"])
        want = int(matches(pattern, key))
        got = numbers(s.ask("M", hexed(pattern), hexed(key)))
        s.expect(got == [want], f"pattern {pattern!r} on key {key!r}: got {got}, want {want}")


# --- cow.c ---

VMH = header_constants(REPO_ROOT, "user/servers/vm/vm.h")
PAGE_COW, PAGE_SHARED, REFS_MAX = VMH["PAGE_COW"], VMH["PAGE_SHARED"], VMH["PAGE_REFS_MAX"]
NO_WRITE, IMAGE, DEMAND = 0, 1, 2            # enum access, user/servers/vm/vm.h
OLD_PA, NEW_PA = 0x00200000, 0x00201000      # tests/host/drv_cow.c
PTE_U, PTE_W = LAYOUT["PTE_U"], LAYOUT["PTE_W"]
PAGE = LAYOUT["PAGE_SIZE"]


def cow_session(s: Session, rng: random.Random) -> None:
    """cow_fault() for a write to one present or absent page, against the
    rules of handout/lab4.md, exercise 5: what the entry, the pages' counts
    and kinds end as, and that nothing but that one page is unmapped."""
    hello(s, "cow")
    for _ in range(500):
        page = rng.choice([USER_BASE + rng.randrange(0x4000) * PAGE, 0x00100000,
                           USER_END - PAGE, rng.randrange(1 << 32) & ~(PAGE - 1)])
        access = rng.choice([NO_WRITE, IMAGE, DEMAND, IMAGE, DEMAND])
        present = rng.random() < 0.85
        refs = rng.choice([1, 1, 2, 3, REFS_MAX])
        kind = rng.choice([PAGE_COW, PAGE_COW, PAGE_COW, 0, PAGE_SHARED])
        oom = int(rng.random() < 0.2)
        got = numbers(s.ask("F", page, access, int(present), refs, kind, oom))
        what = (f"a write to {page:#x} (access {access}, {'present' if present else 'absent'}, "
                f"{refs} users, kind {kind}{', no free page' if oom else ''})")
        state, intact, events = tuple(got[:8]), got[8], got[10:]
        unmaps = [(events[i + 1], events[i + 2]) for i in range(0, len(events), 3)
                  if events[i] == ord("u")]
        s.expect(intact == 1, f"{what}: a page's bytes changed (a copy the wrong way round?)")
        s.expect(all(u == (page, PAGE) for u in unmaps),
                 f"{what}: unmapped {unmaps}, want only the page written, {page:#x} + {PAGE:#x}")
        old = (OLD_PA, PTE_U) if present else (0, 0)
        if access == NO_WRITE or not present or not kind & PAGE_COW:
            want = (ERR["EFAULT"], *old, refs, kind, 0, 0, 0)
        elif refs == 1:
            want = (OK, OLD_PA, PTE_U | PTE_W, 1, 0, 0, 0, 0)
        elif oom:
            want = (ERR["ENOMEM"], OLD_PA, PTE_U, refs, kind, 0, 0, 0)
        else:
            want = (OK, NEW_PA, PTE_U | PTE_W, refs - 1, kind, 1, 0, 1)
        s.expect(state == want, f"{what}: got (result, entry's page, flags, old page's users "
                 f"and kind, new page's users and kind, new page a copy) {state}, want {want}")


CHECKS: list[HostCheck] = [
    HostCheck(name="host_grant", lab=4, points=6, hole="kernel/grant.c",
              driver="tests/host/drv_grant.c", session=grant_session, support=KERNEL_SUPPORT,
              description="grant_verify() on random tables, chains, loops and ended processes, "
                          "against a model of the rules"),
    HostCheck(name="host_cow", lab=4, points=4, hole="user/servers/vm/cow.c",
              driver="tests/host/drv_cow.c", session=cow_session,
              support=("tests/host/hc_panic.c", "lib/string.c", "lib/errstr.c"),
              description="cow_fault() on random pages, counts and kinds: which writes get a copy, "
                          "which the page itself, which are refused, and nothing else touched"),
    HostCheck(name="host_dsmatch", lab=4, points=3, hole="user/servers/ds/match.c",
              driver="tests/host/drv_dsmatch.c", session=match_session,
              description="ds_match() on random patterns and keys, and on patterns that make "
                          "a naive matcher take exponential time"),
]
