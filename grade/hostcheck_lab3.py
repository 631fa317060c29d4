"""Lab 3's host checks: VM's heap and mappings (heap.c) and its fault
decisions (fault.c), each against a model of the rules the hole files'
comments state. See grade/hostcheck.py.
"""

from __future__ import annotations

import random
import re

from grade.hostcheck import REPO_ROOT, HostCheck, Session, header_constants, numbers, unhex

VM_SUPPORT = ("tests/host/fake_vm.c", "lib/string.c", "lib/errstr.c")

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
PTE_U, PTE_W = LAYOUT["PTE_U"], LAYOUT["PTE_W"]
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
            if rng.random() < 0.6:
                _pagefault(s, rng, p, addr, present, oom)
            else:
                _memrequest(s, rng, p, addr, present, oom)


def _decide(p: Proc | None, addr: int, err: int, present: int, oom: int) -> int:
    if p is None or err & PF_PROT or not p.owns(addr):
        return ERR["EFAULT"]
    if present:
        return OK
    return ERR["ENOMEM"] if oom else OK


def _check_map(s: Session, events: list[tuple[str, int, int, int]], addr: int, mapped: bool,
               what: str) -> None:
    maps = [e for e in events if e[0] == "m"]
    if not mapped:
        s.expect(not maps, f"{what}: mapped a page ({maps[0][1]:#x}), want none" if maps else "")
        return
    s.expect(len(maps) == 1, f"{what}: {len(maps)} pages mapped, want one")
    _, va, pa, flags = maps[0]
    s.expect(va == addr & ~(PAGE - 1) and pa == PAGE_PA,
             f"{what}: mapped {pa:#x} at {va:#x}, want the new page at {addr & ~(PAGE - 1):#x}")
    s.expect(flags & (PTE_U | PTE_W) == PTE_U | PTE_W, f"{what}: mapped with flags {flags:#x}, "
             "want user and writable")


def _pagefault(s: Session, rng: random.Random, p: Proc, addr: int, present: int, oom: int) -> None:
    source = p.endpoint if rng.random() < 0.95 else p.endpoint + 0x4000
    err = PF_USER | rng.choice([0, PF_WRITE, PF_PROT, PF_PROT | PF_WRITE, 0, PF_WRITE])
    eip = rng.randrange(0x40000000, 0x40100000)
    got = s.ask("P", source, addr, eip, err, present, oom)
    events, rest = _events(numbers(got[:-1]))
    printed = unhex(got[-1])
    what = f"a page fault at {addr:#x} (err {err:#x}{', page present' if present else ''}" \
           f"{', no free page' if oom else ''}) of a process with heap [{p.heap_start:#x}, {p.brk:#x})"
    decision = _decide(p if source == p.endpoint else None, addr, err, present, oom)
    calls = [e for e in events if e[0] in "ck"]
    _check_map(s, events, addr, decision == OK and not present, what)
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


def _memrequest(s: Session, rng: random.Random, p: Proc, addr: int, present: int, oom: int) -> None:
    source = rng.randrange(1, 40) * 0x4000 + rng.randrange(2, 60)
    target = p.endpoint if rng.random() < 0.93 else p.endpoint + 0x4000
    write = rng.randrange(2)
    got = s.ask("Q", source, target, addr & ~(PAGE - 1), write, present, oom)
    events, rest = _events(numbers(got[:-1]))
    what = f"a memory request for {addr & ~(PAGE - 1):#x} of a process with heap " \
           f"[{p.heap_start:#x}, {p.brk:#x}){', page present' if present else ''}" \
           f"{', no free page' if oom else ''}"
    decision = _decide(p if target == p.endpoint else None, addr & ~(PAGE - 1),
                       PF_WRITE if write else 0, present, oom)
    _check_map(s, events, addr, decision == OK and not present, what)
    calls = [e for e in events if e[0] in "ck"]
    want = [("c", CALLNR["VMCTL_MEMREQ_DONE"], source, decision & U32)]
    s.expect(calls == want, f"{what}: want VMCTL_MEMREQ_DONE for {source} with result {decision}, "
             f"got {calls}")


CHECKS: list[HostCheck] = [
    HostCheck(name="host_heap", lab=3, points=5, hole="user/servers/vm/heap.c",
              driver="tests/host/drv_heap.c", session=heap_session, support=VM_SUPPORT,
              description="random VM_BRK, VM_MMAP and VM_MUNMAP: rounding, limits, placement, "
                          "what is unmapped"),
    HostCheck(name="host_fault", lab=3, points=5, hole="user/servers/vm/fault.c",
              driver="tests/host/drv_fault.c", session=fault_session, support=VM_SUPPORT,
              description="random page faults and memory requests: which are fixed, how, "
                          "which kill and what the report says"),
]
