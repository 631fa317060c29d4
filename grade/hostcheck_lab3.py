"""Lab 3's host checks: VM's page tables (ptable.c), its heap and
mappings (heap.c) and its fault decisions (fault.c), each against a model
of the rules the handout and the hole files' comments state. See
grade/hostcheck.py.
"""

from __future__ import annotations

import random
import re

from grade.hostcheck import REPO_ROOT, HostCheck, Session, header_constants, numbers, unhex

VM_SUPPORT = ("tests/host/fake_vm.c", "tests/host/fake_pt.c", "lib/string.c", "lib/errstr.c")

LAYOUT = header_constants(REPO_ROOT, "include/mica/layout.h")
ERR = header_constants(REPO_ROOT, "include/mica/errno.h")
CALLNR = header_constants(REPO_ROOT, "include/mica/callnr.h")
MAX_MAPPINGS = header_constants(REPO_ROOT, "user/servers/vm/vm.h")["MAX_MAPPINGS"]
PAGE = LAYOUT["PAGE_SIZE"]
HEAP_END = LAYOUT["USER_HEAP_END"]
MMAP_BASE = LAYOUT["USER_MMAP_BASE"]
STACK_LOW = LAYOUT["USER_STACK_LOW"]
STACK_TOP = LAYOUT["USER_STACK_TOP"]
PF_PROT, PF_WRITE, PF_USER = LAYOUT["PF_PROT"], LAYOUT["PF_WRITE"], LAYOUT["PF_USER"]
PTE_P, PTE_U, PTE_W = LAYOUT["PTE_P"], LAYOUT["PTE_U"], LAYOUT["PTE_W"]
PDE_SHIFT = LAYOUT["PDE_SHIFT"]
USER_BASE, USER_END = LAYOUT["USER_BASE"], LAYOUT["USER_END"]
FLAG_BITS = PAGE - 1
PAGE_PA = 0x00abc000       # tests/host/fake_vm.h's HC_PAGE_PA
U32 = (1 << 32) - 1
OK = 0


def page_up(a: int) -> int:
    return (a + PAGE - 1) // PAGE * PAGE


def pages(start: int, length: int) -> set[int]:
    """The pages [start, start + length) touches."""
    return set(range(start // PAGE, page_up(start + length) // PAGE))


class Proc:
    def __init__(self, rng: random.Random) -> None:
        self.endpoint = rng.randrange(1, 40) * 0x4000 + rng.randrange(2, 60)
        self.heap_start = 0x40000000 + PAGE * rng.randrange(16, 4096) + rng.choice([0, 0, 4 * rng.randrange(1024)])
        self.brk = self.heap_start + rng.choice([0, rng.randrange(1, 5 * PAGE), rng.randrange(1, 1 << 24)])
        self.maps: list[tuple[int, int]] = []
        for _ in range(rng.randrange(0, MAX_MAPPINGS)):
            start = MMAP_BASE + PAGE * rng.randrange(0, 64)
            length = PAGE * rng.randrange(1, 8)
            if all(start + length <= s or s + n <= start for s, n in self.maps):
                self.maps.append((start, length))

    def setup(self, s: Session) -> None:
        words: list[object] = ["S", 0, self.endpoint, self.heap_start, self.brk, len(self.maps)]
        for start, length in self.maps:
            words += [start, length]
        s.expect(s.ask(*words) == ["ok"], "setting up a process")

    def room(self, length: int) -> int | None:
        """The lowest free start of length bytes in the mapping area."""
        for start in sorted({MMAP_BASE, *(s + n for s, n in self.maps)}):
            if start + length <= STACK_LOW and all(start + length <= s or s + n <= start
                                                   for s, n in self.maps):
                return start
        return None

    def owns(self, addr: int) -> bool:
        return (self.heap_start <= addr < self.brk or STACK_LOW <= addr < STACK_TOP
                or any(s <= addr < s + n for s, n in self.maps))


def _events(words: list[int]) -> tuple[list[tuple[str, int, int, int]], list[int]]:
    count = words[0]
    events = [(chr(words[1 + 4 * i]), *words[2 + 4 * i:5 + 4 * i]) for i in range(count)]
    return events, words[1 + 4 * count:]   # type: ignore[misc]


def _unmapped(events: list[tuple[str, int, int, int]]) -> set[int]:
    out: set[int] = set()
    for kind, start, length, _ in events:
        if kind == "u":
            out |= pages(start, length)
    return out


# --- heap.c ---

def heap_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "heap"], "the check program did not start")
    for _ in range(10):
        p = Proc(rng)
        p.setup(s)
        for _ in range(14):
            _heap_request(s, rng, p)


def _heap_request(s: Session, rng: random.Random, p: Proc) -> None:
    source = p.endpoint if rng.random() < 0.93 else p.endpoint + 0x4000   # a stranger
    pick = rng.random()
    if pick < 0.4:
        want = rng.choice([0, p.heap_start, p.brk + rng.randrange(-3 * PAGE, 3 * PAGE),
                           p.heap_start + rng.randrange(0, 1 << 22), p.heap_start - rng.randrange(1, 9),
                           HEAP_END, HEAP_END + rng.randrange(1, 3 * PAGE), rng.randrange(1 << 32)])
        want &= U32
        got = numbers(s.ask("B", 0, source, want))
        what = f"VM_BRK to {want:#x} (heap [{p.heap_start:#x}, {p.brk:#x}))"
        result, reply = got[0], got[1]
        events, state = _events(got[2:])
        lost: set[int] = set()
        if source != p.endpoint:
            expect = ERR["EPERM"]
        elif want == 0:
            expect = OK
        elif want < p.heap_start or want > HEAP_END:
            expect = ERR["ENOMEM"]
        else:
            expect = OK
            if page_up(want) < page_up(p.brk):
                lost = pages(page_up(want), page_up(p.brk) - page_up(want))
            p.brk = want
        s.expect(result == expect, f"{what}: got {result}, want {expect}")
        if expect == OK:
            s.expect(reply == p.brk, f"{what}: replied {reply:#x}, want {p.brk:#x}")
        s.expect(_unmapped(events) == lost, f"{what}: unmapped pages "
                 f"{_pages_text(_unmapped(events))}, want {_pages_text(lost)}")
    elif pick < 0.75:
        length = rng.choice([0, 1, PAGE, PAGE + 1, rng.randrange(1, 10 * PAGE), rng.randrange(1 << 30),
                             U32, U32 - PAGE + 2, STACK_LOW - MMAP_BASE, STACK_LOW - MMAP_BASE + 1])
        got = numbers(s.ask("M", 0, source, length))
        what = f"VM_MMAP of {length:#x} bytes (mappings {[(hex(a), hex(n)) for a, n in p.maps]})"
        result, reply = got[0], got[1]
        events, state = _events(got[2:])
        rounded = page_up(length)
        start = p.room(rounded) if 0 < rounded <= U32 else None
        if source != p.endpoint:
            expect = ERR["EPERM"]
        elif length == 0 or rounded > U32:
            expect = ERR["EINVAL"]
        elif len(p.maps) == MAX_MAPPINGS or start is None:
            expect = ERR["ENOMEM"]
        else:
            expect = OK
            assert start is not None
            p.maps.append((start, rounded))
        s.expect(result == expect, f"{what}: got {result}, want {expect}")
        if expect == OK:
            s.expect(reply == start, f"{what}: mapped at {reply:#x}, want the lowest free {start:#x}")
        s.expect(not _unmapped(events), f"{what}: unmapped memory")
    else:
        if p.maps and rng.random() < 0.7:
            start, length = rng.choice(p.maps)
            length = rng.choice([length, length - rng.randrange(0, PAGE), length + PAGE])
            start += rng.choice([0, 0, 0, PAGE])
        else:
            start, length = MMAP_BASE + PAGE * rng.randrange(64), PAGE
        got = numbers(s.ask("U", 0, source, start, length))
        what = f"VM_MUNMAP of {length:#x} bytes at {start:#x}"
        result = got[0]
        events, state = _events(got[2:])
        match = [(a, n) for a, n in p.maps if a == start and n == page_up(length)]
        lost = set()
        if source != p.endpoint:
            expect = ERR["EPERM"]
        elif not match:
            expect = ERR["EINVAL"]
        else:
            expect = OK
            p.maps.remove(match[0])
            lost = pages(*match[0])
        s.expect(result == expect, f"{what}: got {result}, want {expect}")
        s.expect(_unmapped(events) == lost, f"{what}: unmapped pages "
                 f"{_pages_text(_unmapped(events))}, want {_pages_text(lost)}")
    endpoint, brk, nmaps = state[0], state[1], state[2]
    maps = sorted(zip(state[3:3 + 2 * nmaps:2], state[4:4 + 2 * nmaps:2]))
    s.expect(brk == p.brk, f"after that the heap ends at {brk:#x}, want {p.brk:#x}")
    s.expect(maps == sorted(p.maps), f"after that the mappings are "
             f"{[(hex(a), hex(n)) for a, n in maps]}, want {[(hex(a), hex(n)) for a, n in sorted(p.maps)]}")


def _pages_text(numbers_: set[int]) -> str:
    if not numbers_:
        return "none"
    return f"{len(numbers_)} from {min(numbers_) * PAGE:#x} to {(max(numbers_) + 1) * PAGE:#x}"


# --- fault.c ---

REPORT_RE = re.compile(r"vm: (?P<name>\S+)\((?P<ep>-?\d+)\) killed: page fault at 0x(?P<addr>[0-9a-f]{8}), "
                       r"eip 0x(?P<eip>[0-9a-f]{8}), err 0x(?P<err>[0-9a-f]+) \([^()]+\)"
                       r"(?P<oom>, out of memory)?\n")


def _fault_address(rng: random.Random, p: Proc) -> int:
    return rng.choice([
        p.heap_start + rng.randrange(0, max(1, p.brk - p.heap_start)),
        p.brk + rng.randrange(0, 3 * PAGE), p.heap_start - rng.randrange(1, PAGE),
        STACK_TOP - rng.randrange(1, 8 * PAGE), STACK_LOW - rng.randrange(1, PAGE), STACK_TOP,
        *(s + rng.randrange(n + PAGE) for s, n in p.maps[:2]),
        rng.randrange(0, 1 << 32), 0, MMAP_BASE - 1]) & U32


def fault_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "fault"], "the check program did not start")
    for _ in range(10):
        p = Proc(rng)
        p.setup(s)
        for _ in range(12):
            addr = _fault_address(rng, p)
            present = int(rng.random() < 0.15)
            oom = int(rng.random() < 0.12)
            cow = rng.choice([ERR["EFAULT"], ERR["EFAULT"], OK, ERR["ENOMEM"]])
            if rng.random() < 0.6:
                _pagefault(s, rng, p, addr, present, oom, cow)
            else:
                _memrequest(s, rng, p, addr, present, oom, cow)


def _decide(p: Proc | None, addr: int, err: int, present: int, oom: int, cow: int) -> int:
    """What VM must make of a fault: lab 3's rules (handout/lab3.md)."""
    if p is None:
        return ERR["EFAULT"]
    if err & PF_PROT:
        return cow if err & PF_WRITE else ERR["EFAULT"]
    if not p.owns(addr):
        return ERR["EFAULT"]
    if present:
        return OK
    return ERR["ENOMEM"] if oom else OK


def _check_map(s: Session, events: list[tuple[str, int, int, int]], addr: int, mapped: bool,
               what: str) -> None:
    """A new page is allocated, zeroed, then mapped at addr's page, user and
    writable; nothing else is allocated, mapped or freed."""
    touched = [e for e in events if e[0] in "amzf"]
    if not mapped:
        s.expect(not [e for e in touched if e[0] in "mzf"],
                 f"{what}: mapped, zeroed or freed a page ({touched}), want none")
        return
    page = addr & ~(PAGE - 1)
    s.expect([e[:2] for e in touched] == [("a", PAGE_PA), ("z", PAGE_PA), ("m", page)],
             f"{what}: want one new page allocated, zeroed, then mapped at {page:#x}, got "
             f"{[(k, hex(a)) for k, a, _, _ in touched]}")
    maps = [e for e in events if e[0] == "m"]
    if len(maps) != 1:
        return
    _, va, pa, flags = maps[0]
    s.expect(pa == PAGE_PA, f"{what}: mapped {pa:#x} at {va:#x}, want the new page {PAGE_PA:#x}")
    s.expect(flags == PTE_U | PTE_W, f"{what}: mapped with flags {flags:#x}, "
             f"want user and writable ({PTE_U | PTE_W:#x})")


def _check_cow(s: Session, events: list[tuple[str, int, int, int]], p: Proc | None, addr: int,
               err: int, what: str) -> None:
    """cow.c is asked about a write to a present read-only page, once, and
    about nothing else."""
    asked = [e[1:3] for e in events if e[0] == "w"]
    if p is not None and err & PF_PROT and err & PF_WRITE:
        s.expect(asked == [(addr & ~(PAGE - 1), p.endpoint)],
                 f"{what}: want cow_fault() asked once about page {addr & ~(PAGE - 1):#x}, got {asked}")
    else:
        s.expect(not asked, f"{what}: cow_fault() asked ({asked}), but this is no write "
                 "to a present page")


def _pagefault(s: Session, rng: random.Random, p: Proc, addr: int, present: int, oom: int,
               cow: int) -> None:
    source = p.endpoint if rng.random() < 0.95 else p.endpoint + 0x4000
    err = PF_USER | rng.choice([0, PF_WRITE, PF_PROT, PF_PROT | PF_WRITE, 0, PF_WRITE])
    eip = rng.randrange(0x40000000, 0x40100000)
    got = s.ask("P", source, addr, eip, err, present, oom, cow & U32)
    events, rest = _events(numbers(got[:-1]))
    printed = unhex(got[-1])
    what = f"a page fault at {addr:#x} (err {err:#x}{', page present' if present else ''}" \
           f"{', no free page' if oom else ''}, cow_fault() would say {cow}) of a process " \
           f"with heap [{p.heap_start:#x}, {p.brk:#x})"
    owner = p if source == p.endpoint else None
    decision = _decide(owner, addr, err, present, oom, cow)
    calls = [e for e in events if e[0] in "ck"]
    _check_map(s, events, addr, decision == OK and not present and not err & PF_PROT, what)
    _check_cow(s, events, owner, addr, err, what)
    if decision == OK:
        s.expect(calls == [("c", CALLNR["VMCTL_RESUME"], source, 0x5eed5eed)],
                 f"{what}: want the process resumed (VMCTL_RESUME) and nothing else, got {calls}")
        return
    s.expect(calls == [("k", source, 0, 0)], f"{what}: want the process killed, got {calls}")
    m = REPORT_RE.fullmatch(printed)
    s.expect(m is not None, f"{what}: the report {printed!r} is not one line "
             "'vm: NAME(EP) killed: page fault at 0x..., eip 0x..., err 0x. (KIND)'")
    assert m is not None
    s.expect((int(m["ep"]), int(m["addr"], 16), int(m["eip"], 16), int(m["err"], 16)) ==
             (source, addr, eip, err), f"{what}: the report {printed!r} has the wrong numbers")
    s.expect(bool(m["oom"]) == (decision == ERR["ENOMEM"]),
             f"{what}: the report {printed!r} " + ("should" if decision == ERR["ENOMEM"] else "should not")
             + " say out of memory")


def _memrequest(s: Session, rng: random.Random, p: Proc, addr: int, present: int, oom: int,
                cow: int) -> None:
    source = rng.randrange(1, 40) * 0x4000 + rng.randrange(2, 60)
    target = p.endpoint if rng.random() < 0.93 else p.endpoint + 0x4000
    # The kernel's error bits: an absent page read or written, or a
    # present one written (a kernel copy never reads a present page in
    # vain); now and then the bits a user fault would add, which VM
    # ignores.
    err = rng.choice((0, PF_WRITE, PF_PROT | PF_WRITE) if present else (0, PF_WRITE))
    if rng.random() < 0.1:
        err |= PF_USER
    got = s.ask("Q", source, target, addr & ~(PAGE - 1), err, present, oom, cow & U32)
    events, rest = _events(numbers(got[:-1]))
    what = f"a memory request of {source} for {addr & ~(PAGE - 1):#x} of {target}, a process " \
           f"with heap [{p.heap_start:#x}, {p.brk:#x}){', page present' if present else ''}" \
           f"{', no free page' if oom else ''}"
    owner = p if target == p.endpoint else None
    err &= PF_PROT | PF_WRITE
    what += f", err {err:#x}"
    decision = _decide(owner, addr & ~(PAGE - 1), err, present, oom, cow)
    _check_map(s, events, addr, decision == OK and not present and not err & PF_PROT, what)
    _check_cow(s, events, owner, addr, err, what)
    calls = [e for e in events if e[0] in "ck"]
    want = [("c", CALLNR["VMCTL_MEMREQ_DONE"], source, decision & U32)]
    s.expect(calls == want, f"{what}: want VMCTL_MEMREQ_DONE for the requester {source} with "
             f"result {decision}, got {calls}")


# --- ptable.c ---

PT_SUPPORT = ("tests/host/fake_vm.c", "tests/host/hc_panic.c", "lib/string.c", "lib/errstr.c")
TABLE_SPAN = 1 << PDE_SHIFT


class Space:
    """The model of one address space: which page maps which frame, with
    which flags, and which tables exist (by directory index: their page)."""

    def __init__(self, endpoint: int, pagedir: int) -> None:
        self.endpoint = endpoint
        self.pagedir = pagedir
        self.pages: dict[int, tuple[int, int]] = {}
        self.tables: dict[int, int] = {}


def _user_page(rng: random.Random) -> int:
    """A user page near the places where walks go wrong: the first and
    last pages of user space and of a table, the mapping area, the stack."""
    boundary = USER_BASE + TABLE_SPAN * rng.randrange(1, 8)
    return rng.choice([
        USER_BASE + PAGE * rng.randrange(0, 24),
        boundary + PAGE * rng.randrange(-3, 3),
        MMAP_BASE + PAGE * rng.randrange(0, 12),
        STACK_TOP - PAGE * rng.randrange(1, 12),
        USER_END - PAGE * rng.randrange(1, 3),
        USER_BASE + PAGE * rng.randrange(0, (USER_END - USER_BASE) // PAGE),
    ])


def pagetable_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "pagetable"], "the check program did not start")
    for _ in range(8):
        endpoint = rng.randrange(1, 40) * 0x4000 + rng.randrange(2, 60)
        got = numbers(s.ask("D", endpoint))
        space = Space(endpoint, got[0])
        for _ in range(rng.randrange(10, 30)):
            pick = rng.random()
            if pick < 0.45:
                _pt_map(s, rng, space)
            elif pick < 0.6:
                va = rng.choice([*space.pages, _user_page(rng)]) if space.pages else _user_page(rng)
                va += rng.randrange(PAGE) if rng.random() < 0.3 else 0
                got = numbers(s.ask("L", va))
                want = space.pages.get(va & ~(PAGE - 1), (0, 0))[0]
                s.expect(got[0] == want, f"vm_lookup({va:#x}): got {got[0]:#x}, want {want:#x}")
            elif pick < 0.8:
                va = rng.choice([*space.pages, _user_page(rng)]) if space.pages else _user_page(rng)
                _pt_entries(s, space, va)
            else:
                _pt_unmap(s, rng, space)
        _pt_free(s, space)


def _pt_map(s: Session, rng: random.Random, space: Space) -> None:
    va = _user_page(rng)
    if va in space.pages:
        return   # mapping over a present page is VM's bug, not a request
    flags = rng.choice([PTE_U, PTE_U | PTE_W, PTE_U | PTE_W])
    oom = int(rng.random() < 0.12)
    got = numbers(s.ask("M", va, flags, oom))
    result, frame = got[0], got[1]
    events, _ = _events(got[2:])
    what = f"vm_map_page at {va:#x} with flags {flags:#x}" + (" (no page left for a table)" if oom else "")
    index = va >> PDE_SHIFT
    allocs = [e[1] for e in events if e[0] == "a"]
    zeroed = [e[1] for e in events if e[0] == "z"]
    if index in space.tables:
        s.expect(result == OK, f"{what}, its table there already: got {result}, want OK")
        s.expect(not allocs, f"{what}: allocated {len(allocs)} pages, but the table is there already")
    elif oom:
        s.expect(result == ERR["ENOMEM"], f"{what}: got {result}, want ENOMEM")
        return
    else:
        s.expect(result == OK, f"{what}: got {result}, want OK")
        s.expect(len(allocs) == 1, f"{what}: allocated {len(allocs)} pages, want one for the new table")
        s.expect(zeroed == allocs, f"{what}: the new table was not zeroed (page_zero) before use")
        space.tables[index] = allocs[0]
    s.expect(not [e for e in events if e[0] == "f"], f"{what}: freed a page")
    space.pages[va] = (frame, flags)
    _pt_entries(s, space, va)


def _pt_entries(s: Session, space: Space, va: int) -> None:
    """The entries for va as the CPU reads them, against the model."""
    pde, pte, intact = numbers(s.ask("E", va))[:3]
    what = f"after that, the entries for {va:#x}"
    s.expect(intact == 1, f"{what}: the kernel's directory entries or the window slots changed")
    table = space.tables.get(va >> PDE_SHIFT)
    if table is None:
        s.expect(pde == 0, f"{what}: directory entry {pde:#x}, want none (0): no page was mapped "
                 f"in its 4 MiB")
        return
    s.expect(pde == table | PTE_P | PTE_W | PTE_U,
             f"{what}: directory entry {pde:#x}, want the table {table:#x} present, writable and "
             f"user ({table | PTE_P | PTE_W | PTE_U:#x})")
    frame, flags = space.pages.get(va, (0, 0))
    want = frame | flags | PTE_P if frame else 0
    s.expect(pte == want, f"{what}: table entry {pte:#x}, want {want:#x}"
             + ("" if frame else " (nothing mapped there)"))


def _pt_unmap(s: Session, rng: random.Random, space: Space) -> None:
    start = rng.choice([*space.pages, _user_page(rng)]) if space.pages else _user_page(rng)
    start -= PAGE * rng.randrange(0, 3)
    length = PAGE * rng.choice([1, 1, 2, rng.randrange(1, 12), rng.randrange(1, 1200)])
    start = max(USER_BASE, start)
    length = min(length, USER_END - start)
    got = numbers(s.ask("U", start, length))
    events, _ = _events(got)
    what = f"vm_unmap of [{start:#x}, {start + length:#x})"
    gone = {va for va in space.pages if start <= va < start + length}
    frees = [e[1] for e in events if e[0] == "f"]
    want = sorted(space.pages[va][0] for va in gone)
    s.expect(sorted(frees) == want, f"{what}: freed {[hex(f) for f in sorted(frees)]}, want the "
             f"pages mapped there, {[hex(f) for f in want]}")
    calls = [(e[0], e[1], e[2]) if e[0] == "c" else e[:4] for e in events if e[0] in "ct"]
    ep = space.endpoint
    inhibit, changed, uninhibit = (CALLNR["VMCTL_INHIBIT"], CALLNR["VMCTL_TLB_CHANGED"],
                                   CALLNR["VMCTL_UNINHIBIT"])
    s.expect(calls == [("c", inhibit, ep), ("c", changed, ep), ("t", start, length, ep),
                       ("c", uninhibit, ep)],
             f"{what}: want VMCTL_INHIBIT, VMCTL_TLB_CHANGED of exactly that range, VMCTL_UNINHIBIT "
             f"for {ep}, got {calls}")
    order = "".join(e[0] for e in events if e[0] in "cf")
    s.expect(re.fullmatch(r"cf*cc", order) is not None,
             f"{what}: pages freed outside the hold (calls and frees in the order {order})")
    for va in gone:
        del space.pages[va]
    for va in sorted(gone)[:2]:
        _pt_entries(s, space, va)


def _pt_free(s: Session, space: Space) -> None:
    got = numbers(s.ask("F"))
    left, (events, _) = got[0], _events(got[1:])
    frees = sorted(e[1] for e in events if e[0] == "f")
    want = sorted([f for f, _ in space.pages.values()] + list(space.tables.values()) + [space.pagedir])
    s.expect(frees == want, f"space_free: freed {len(frees)} pages, want {len(want)}: every mapped page "
             f"({len(space.pages)}), every table ({len(space.tables)}) and the directory")
    s.expect(left == 0, f"space_free: {left} pages still allocated afterwards")
    s.expect(not [e for e in events if e[0] in "ck"], "space_free: called the kernel, but the "
             "process is gone")


CHECKS: list[HostCheck] = [
    HostCheck(name="host_pagetable", lab=3, points=6, hole="user/servers/vm/ptable.c",
              driver="tests/host/drv_ptable.c", session=pagetable_session, support=PT_SUPPORT,
              description="random maps, lookups and unmaps in a pool of fake physical pages, read "
                          "back as the CPU walks them; freeing a whole address space"),
    HostCheck(name="host_heap", lab=3, points=5, hole="user/servers/vm/heap.c",
              driver="tests/host/drv_heap.c", session=heap_session, support=VM_SUPPORT,
              description="random VM_BRK, VM_MMAP and VM_MUNMAP: rounding, limits, placement, "
                          "what is unmapped"),
    HostCheck(name="host_fault", lab=3, points=5, hole="user/servers/vm/fault.c",
              driver="tests/host/drv_fault.c", session=fault_session, support=VM_SUPPORT,
              description="random page faults and memory requests: which are fixed, how, "
                          "which kill and what the report says"),
]
