"""Lab 1's host checks: SYS_UPTIME, alarms, deadlock detection, SENDA,
the rendezvous path.

Each session picks its requests from rng and checks every answer against
a model written here, from the behaviour the handout and the hole files'
comments state (not from the reference code). See grade/hostcheck.py.
"""

from __future__ import annotations

import random

from grade.hostcheck import REPO_ROOT, HostCheck, Session, header_constants, numbers

KERNEL_SUPPORT = ("tests/host/fake_kernel.c", "tests/host/hc_panic.c", "kernel/proc.c",
                  "lib/string.c", "lib/errstr.c")
# The checks of the holes that use IPC without being it (alarms, SENDA)
# get fakes of deliver(), ipc_notify()...; those of the IPC holes link
# the given kernel/ipc.c instead and fake only what lies beyond it.
IPC_USER_SUPPORT = (*KERNEL_SUPPORT, "tests/host/fake_ipc.c")

ERR = header_constants(REPO_ROOT, "include/mica/errno.h")
EP = header_constants(REPO_ROOT, "include/mica/endpoint.h")
PROC = header_constants(REPO_ROOT, "kernel/proc.h")
IPC = header_constants(REPO_ROOT, "include/mica/ipc.h")
OK = 0
ANY = EP["ANY"]
GEN_SIZE = EP["ENDPOINT_GEN_SIZE"]
NR_TASKS = EP["NR_TASKS"]
NR_PROCS = EP["NR_PROCS"]
CLOCK_SLOT = EP["CLOCK"]
RTS_SENDING = PROC["RTS_SENDING"]
RTS_RECEIVING = PROC["RTS_RECEIVING"]
# Reasons a blocked process may have besides its IPC one: the kernel
# sent a page fault on its behalf, VM holds it while it edits its tables.
RTS_ALSO = (PROC["RTS_PAGEFAULT"], PROC["RTS_VMINHIBIT"], PROC["RTS_VMREQUEST"])
AMF_VALID = IPC["AMF_VALID"]
AMF_DONE = IPC["AMF_DONE"]
NR_ASYNC_MAX = IPC["NR_ASYNC_MAX"]
PROC_SYSTEM = header_constants(REPO_ROOT, "include/mica/callnr.h")["PROC_SYSTEM"]
U32 = (1 << 32) - 1


def endpoint(slot: int, gen: int) -> int:
    return gen * GEN_SIZE + slot


def endpoint_in_range(e: int) -> bool:
    """include/mica/endpoint.h's rule: could e name a process at all?"""
    if e in (ANY, EP["NONE"], EP["SELF"]) or e < -NR_TASKS:
        return False
    slot = (e + NR_TASKS) % GEN_SIZE - NR_TASKS
    gen = (e + NR_TASKS) // GEN_SIZE
    if slot >= NR_PROCS:
        return False
    if slot < 0:
        return gen == 0
    return 1 <= gen <= EP["ENDPOINT_MAX_GEN"]


def hello(s: Session, driver: str) -> None:
    s.expect(s.hello[:2] == ["hello", driver], f"the check program did not start ({s.hello[:2]})")


# --- SYS_UPTIME ---

def uptime_session(s: Session, rng: random.Random) -> None:
    hello(s, "uptime")
    for _ in range(24):
        ticks = rng.choice([rng.randrange(1 << 16), rng.randrange(1 << 32),
                            rng.randrange(1 << 32, 1 << 64)])
        hz = rng.choice([100, 250, 1000, rng.randrange(1, 5000)])
        got = numbers(s.ask("U", ticks & U32, ticks >> 32, hz))
        s.expect(got == [OK, ticks & U32, ticks >> 32, hz],
                 f"ticks {ticks} at {hz} Hz: got result, lo, hi, hz {got}, want "
                 f"{[OK, ticks & U32, ticks >> 32, hz]}")


# --- Alarms ---

def alarm_session(s: Session, rng: random.Random) -> None:
    hello(s, "alarm")
    now = rng.choice([rng.randrange(1, 1000), (1 << 32) - rng.randrange(1, 300),
                      rng.randrange(1 << 33, 1 << 40)])
    s.expect(s.ask("I", now >> 32, now & U32) == ["ok"], "setting ticks")
    slots = rng.sample(range(NR_PROCS), 8)
    due: dict[int, int] = {}
    for _ in range(120):
        if rng.random() < 0.45:
            slot = rng.choice(slots)
            delay = rng.choice([0, 1, 2, rng.randrange(1, 20), rng.randrange(1, 400)])
            left = due.get(slot, 0) - now if due.get(slot, 0) > now else 0
            got = numbers(s.ask("S", slot, delay))
            s.expect(got == [OK, left], f"alarm_set(slot {slot}, {delay}) at tick {now}: "
                     f"got result, prev_left {got}, want {[OK, left]}")
            due[slot] = now + delay if delay else 0
        else:
            step = rng.choice([1, 1, 1, 2, rng.randrange(1, 50)])
            now += step
            got = numbers(s.ask("T", step))
            fired = sorted(slot for slot, when in due.items() if when and when <= now)
            count = got[0] if got else -1
            pairs = got[1:]
            s.expect(len(pairs) == 2 * count, "a malformed answer")
            notified = sorted(pairs[0::2])
            s.expect(notified == fired, f"at tick {now} notified slots {notified}, "
                     f"want {fired} (alarms due: {sorted((w, sl) for sl, w in due.items() if w)[:6]})")
            s.expect(all(pairs[1::2]), "an alarm notification not sent from CLOCK")
            for slot in fired:
                due[slot] = 0


# --- Deadlock detection ---

def _graph(rng: random.Random, n: int) -> tuple[list[tuple[int, int, int, int]], int, int]:
    """A process table of n slots with a wait-for graph: each process
    runnable, sending to one, or receiving from one or from ANY; some
    slots free, some targets stale or garbage. Long cycles on purpose.
    Returns the slots (endpoint or -1, flags, sendto, getfrom), the
    caller and the endpoint it would block on."""
    gens = [rng.randrange(1, 50) for _ in range(n)]
    eps = [endpoint(i, g) for i, g in enumerate(gens)]
    free = {i for i in range(1, n) if rng.random() < 0.1}
    caller = 0
    targets: list[int] = [-1] * n
    kinds: list[str] = ["run"] * n
    # A chain from the caller's target, which may come back to the caller.
    order = [i for i in rng.sample(range(1, n), n - 1) if i not in free]
    length = rng.randrange(1, max(2, len(order) + 1))
    chain = order[:length]
    for a, b in zip(chain, chain[1:]):
        targets[a] = eps[b]
        kinds[a] = rng.choice(["send", "recv"])
    if chain:
        last = chain[-1]
        end = rng.random()
        if end < 0.4:
            targets[last], kinds[last] = eps[caller], rng.choice(["send", "recv"])
        elif end < 0.55:
            kinds[last] = "any"
        elif end < 0.7 and len(chain) > 1:
            targets[last], kinds[last] = eps[rng.choice(chain[:-1])], "send"   # a cycle without the caller
        elif end < 0.8:
            targets[last], kinds[last] = endpoint(rng.randrange(n), rng.randrange(50, 90)), "send"
    for i in range(1, n):
        if i not in chain and i not in free and rng.random() < 0.5:
            kinds[i] = rng.choice(["send", "recv", "any"])
            targets[i] = eps[rng.randrange(n)]
    table = []
    for i in range(n):
        if i in free:
            table.append((-1, 0, 0, 0))
            continue
        kind = kinds[i]
        flags = {"run": 0, "send": RTS_SENDING, "recv": RTS_RECEIVING, "any": RTS_RECEIVING}[kind]
        if flags and rng.random() < 0.3:
            flags |= rng.choice(RTS_ALSO)   # still waits for the same one
        sendto = targets[i] if kind == "send" else 0
        getfrom = ANY if kind == "any" else targets[i] if kind == "recv" else 0
        table.append((eps[i], flags, sendto, getfrom))
    e = eps[chain[0]] if chain else eps[rng.randrange(1, n)]
    return table, caller, e


def would_deadlock(table: list[tuple[int, int, int, int]], caller: int, e: int) -> int:
    """The model: follow who waits for whom from e; a cycle back to the
    caller is a deadlock, anything else (a free or stale slot, a runnable
    process, RECEIVE from ANY, a loop elsewhere) is not."""
    by_endpoint = {ep: (flags, to, fr) for ep, flags, to, fr in table if ep != -1}
    seen: set[int] = set()
    while e not in seen:
        if e == table[caller][0]:
            return 1
        seen.add(e)
        if e not in by_endpoint:
            return 0
        flags, sendto, getfrom = by_endpoint[e]
        if flags & RTS_SENDING:
            e = sendto
        elif flags & RTS_RECEIVING and getfrom != ANY:
            e = getfrom
        else:
            return 0
    return 0


def deadlock_session(s: Session, rng: random.Random) -> None:
    hello(s, "deadlock")
    cycles = 0
    for _ in range(80):
        n = rng.choice([3, 5, 8, 16, rng.randrange(2, 40)])
        table, caller, e = _graph(rng, n)
        want = would_deadlock(table, caller, e)
        cycles += want
        words: list[object] = ["D", caller, e, n]
        for row in table:
            words.extend(row)
        got = numbers(s.ask(*words))
        s.expect(got == [want], f"would_deadlock on a graph of {n} processes: got {got}, want "
                 f"[{want}] ({'a cycle back to the caller' if want else 'no cycle through the caller'})")
    s.expect(cycles > 0, "the session made no cycle (a model bug)")


# --- SENDA ---

class Processes:
    """Processes in slots 0..n-1 with random endpoints and relations,
    and the permission rule (architecture.md: system processes talk to
    anyone, others to their parent and children)."""

    def __init__(self, rng: random.Random, n: int, system: float = 0.5) -> None:
        self.n = n
        self.eps = [endpoint(i, rng.randrange(1, 40)) for i in range(n)]
        self.system = [rng.random() < system for _ in range(n)]
        self.parent = [self.eps[rng.randrange(n)] if rng.random() < 0.7 else 0 for _ in range(n)]

    def setup_words(self) -> list[object]:
        """The "N" request that lays them out."""
        words: list[object] = ["N", self.n]
        for i in range(self.n):
            words += [self.eps[i], PROC_SYSTEM if self.system[i] else 0, self.parent[i]]
        return words

    def may_ipc(self, a: int, b: int) -> bool:
        if self.system[a] or self.system[b]:
            return True
        return self.parent[a] == self.eps[b] or self.parent[b] == self.eps[a]

    def slot_of(self, e: int) -> int | None:
        return self.eps.index(e) if e in self.eps else None


class AsynModel(Processes):
    """What SENDA promises, entry by entry: a valid entry is delivered
    once, to a receiver that accepts its sender, at the SENDA if the
    receiver waits then, else at a later RECEIVE; bad destinations are
    answered at once; a RECEIVE takes one message."""

    def __init__(self, rng: random.Random, n: int) -> None:
        super().__init__(rng, n)
        self.tables: dict[int, list[dict[str, int]]] = {}
        self.waiting: dict[int, int] = {}      # slot -> endpoint it receives from

    def bad_destination(self, sender: int, dst: int) -> int | None:
        """The result an entry gets at once, or None if it can wait."""
        slot = self.slot_of(dst)
        if slot is None:
            return ERR["EDEADSRCDST"] if endpoint_in_range(dst) else ERR["EBADSRCDST"]
        if slot == sender:
            return ERR["EBADSRCDST"]
        if not self.may_ipc(sender, slot):
            return ERR["ECALLDENIED"]
        return None

    def accepts(self, dst: int, sender: int) -> bool:
        want = self.waiting.get(dst)
        return want is not None and (want == ANY or want == self.eps[sender])


def _entries(rng: random.Random, m: AsynModel, sender: int) -> list[tuple[int, int, int]]:
    count = rng.choice([1, 2, 3, 5, rng.randrange(1, 12)])
    out = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.7:
            dst = m.eps[rng.randrange(m.n)]
        elif pick < 0.8:
            dst = endpoint(rng.randrange(m.n), rng.randrange(41, 60))    # stale
        else:
            dst = rng.choice([ANY, 0x12345678, -7, endpoint(NR_PROCS + 3, 1)])   # garbage
        flags = rng.choice([AMF_VALID] * 8 + [0, AMF_VALID | AMF_DONE])
        out.append((dst, flags, rng.randrange(1, 1 << 31)))
    return out


def _check_report(s: Session, m: AsynModel, words: list[int], what: str,
                  receiver: int = -1) -> tuple[list[tuple[int, int, int]], dict[int, list[tuple[int, int]]]]:
    """The deliveries of a report, each checked against the tables, and
    the tables after; returns the deliveries (dst slot, sender slot,
    payload) and the tables. Only a process blocked in RECEIVE may be
    delivered to, or the receiver of the RECEIVE being made."""
    count, rest = words[0], words[1:]
    s.expect(count >= 0 and len(rest) >= 5 * count, "a malformed report")
    deliveries = []
    for i in range(count):
        dst, src_e, payload, intact, not_receiving = rest[5 * i:5 * i + 5]
        sender = m.slot_of(src_e)
        s.expect(sender is not None, f"{what}: a message delivered from {src_e}, not a sender")
        assert sender is not None
        s.expect(not not_receiving or dst == receiver, f"{what}: a message delivered to slot {dst}, which was not receiving")
        s.expect(intact == 1, f"{what}: the message delivered to slot {dst} is not the one in the table")
        deliveries.append((dst, sender, payload))
    tables = rest[5 * count:]
    seen = {}
    i = 0
    while i < len(tables):
        slot, size = tables[i], tables[i + 1]
        seen[slot] = [(tables[i + 2 + 2 * k], tables[i + 3 + 2 * k]) for k in range(size)]
        i += 2 + 2 * size
    return deliveries, seen


def _compare_tables(s: Session, m: AsynModel, seen: dict[int, list[tuple[int, int]]], what: str) -> None:
    for slot, entries in m.tables.items():
        got = seen.get(slot, [])
        s.expect(len(got) == len(entries), f"{what}: slot {slot}'s table has {len(got)} entries")
        for k, entry in enumerate(entries):
            flags, result = got[k]
            want_done = bool(entry["done"])
            s.expect(bool(flags & AMF_DONE) == want_done,
                     f"{what}: slot {slot}'s entry {k} (to {entry['dst']}) "
                     + ("should be marked AMF_DONE" if want_done else "is marked AMF_DONE but was not delivered"))
            if want_done and entry["touched"]:
                s.expect(result == entry["result"], f"{what}: slot {slot}'s entry {k} has result "
                         f"{result}, want {entry['result']}")


def asyn_session(s: Session, rng: random.Random) -> None:
    hello(s, "asyn")
    for _ in range(6):
        m = AsynModel(rng, rng.randrange(3, 7))
        s.expect(s.ask(*m.setup_words()) == ["ok"], "setting up processes")
        for _ in range(18):
            if rng.random() < 0.4:
                _senda(s, m, rng)
            elif rng.random() < 0.85:
                _receive(s, m, rng)
            else:
                slot = rng.randrange(m.n)
                s.expect(s.ask("C", slot) == ["ok"], "cancel")
                m.waiting.pop(slot, None)


def _senda(s: Session, m: AsynModel, rng: random.Random) -> None:
    sender = rng.choice([i for i in range(m.n) if i not in m.waiting] or [0])
    if sender in m.waiting:
        return
    special = rng.random()
    entries = _entries(rng, m, sender)
    bad = 1 if special < 0.06 else 0
    if 0.06 <= special < 0.1:
        entries = entries * (NR_ASYNC_MAX // len(entries) + 1)
        entries = entries[:NR_ASYNC_MAX + 1]
    words: list[object] = ["A", sender, bad, len(entries)]
    for entry in entries:
        words.extend(entry)
    what = f"SENDA of {len(entries)} entries by slot {sender}"
    got = numbers(s.ask(*words))
    result, report = got[0], got[1:]
    if len(entries) > NR_ASYNC_MAX:
        # Refused, and nothing changes: the table registered before stays.
        s.expect(result == ERR["EINVAL"], f"{what}: got {result}, want EINVAL (more than NR_ASYNC_MAX)")
        deliveries, seen = _check_report(s, m, report, what)
        s.expect(not deliveries, f"{what}: delivered from a refused table")
        _compare_tables(s, m, seen, what)
        return
    if bad:
        s.expect(result == ERR["EFAULT"], f"{what} from an unreadable table: got {result}, want EFAULT")
        m.tables.pop(sender, None)
        deliveries, _ = _check_report(s, m, report, what)
        s.expect(not deliveries, f"{what}: delivered from an unreadable table")
        return
    s.expect(result == OK, f"{what}: got {result}, want OK")
    table = []
    for dst, flags, payload in entries:
        table.append({"dst": dst, "payload": payload, "done": flags & AMF_DONE,
                      "live": flags & AMF_VALID and not flags & AMF_DONE, "touched": 0, "result": 0})
    deliveries, seen = _check_report(s, m, report, what)
    delivered = {(d, p) for d, _, p in deliveries}
    for entry in table:
        if not entry["live"]:
            continue
        bad_result = m.bad_destination(sender, entry["dst"])
        if bad_result is not None:
            entry.update(done=1, live=0, touched=1, result=bad_result)
            continue
        dst = m.slot_of(entry["dst"])
        assert dst is not None
        if m.accepts(dst, sender):
            s.expect((dst, entry["payload"]) in delivered,
                     f"{what}: slot {dst} was waiting for it but did not get entry to {entry['dst']}")
            entry.update(done=1, live=0, touched=1, result=OK)
            del m.waiting[dst]
    s.expect(len(deliveries) == sum(1 for e in table if e["touched"] and e["result"] == OK),
             f"{what}: {len(deliveries)} messages delivered, want one per receiver waiting for it")
    m.tables[sender] = table
    _compare_tables(s, m, seen, what)


def _receive(s: Session, m: AsynModel, rng: random.Random) -> None:
    receiver = rng.randrange(m.n)
    if receiver in m.waiting:
        return
    src = ANY if rng.random() < 0.6 else m.eps[rng.randrange(m.n)]
    what = f"RECEIVE by slot {receiver} from {'ANY' if src == ANY else src}"
    got = numbers(s.ask("R", receiver, src))
    result, report = got[0], got[1:]
    deliveries, seen = _check_report(s, m, report, what, receiver)
    # Candidates: for each sender that src allows, its first live entry
    # for the receiver.
    candidates = {}
    for sender, table in m.tables.items():
        if src != ANY and m.eps[sender] != src:
            continue
        for entry in table:
            if entry["live"] and m.slot_of(entry["dst"]) == receiver:
                candidates[(sender, entry["payload"])] = entry
                break
    if not candidates:
        s.expect(result == 0 and not deliveries, f"{what}: nothing was pending, but got {result} "
                 f"with {len(deliveries)} deliveries")
        m.waiting[receiver] = src
    else:
        s.expect(result == 1 and len(deliveries) == 1,
                 f"{what}: {len(candidates)} messages pending, got {result} with "
                 f"{len(deliveries)} deliveries, want exactly one")
        dst, sender, payload = deliveries[0]
        s.expect(dst == receiver and (sender, payload) in candidates,
                 f"{what}: got a message that is not the first pending one of any sender")
        candidates[(sender, payload)].update(done=1, live=0, touched=1, result=OK)
    _compare_tables(s, m, seen, what)


# --- The rendezvous path ---

SEND, RECEIVE, SENDREC, SENDNB = IPC["SEND"], IPC["RECEIVE"], IPC["SENDREC"], IPC["SENDNB"]
OP_NAMES = {SEND: "SEND", RECEIVE: "RECEIVE", SENDREC: "SENDREC", SENDNB: "SENDNB"}
SUSPEND = header_constants(REPO_ROOT, "kernel/kernel.h")["SUSPEND"]
KERNEL_EP = EP["KERNEL"]
NONE = EP["NONE"]
EAX_UNSET = 0x5eed     # tests/host/drv_rendezvous.c: nobody set eax


class RendezvousModel(Processes):
    """What SEND, RECEIVE, SENDREC and exits promise (the handout and
    rendezvous.c's comment): a message passes when both sides are ready,
    whoever comes first waits; senders to one receiver are served in the
    order they came; a SENDREC takes only its partner's reply; a message
    the kernel sends on a process's behalf arrives from KERNEL and
    leaves the process stopped; an exit wakes whoever waits for the
    process with EDEADSRCDST and leaves no trace in any queue.

    state[i] is ("run",), ("send", dst, word, sendrec, kernel),
    ("recv", src_endpoint), ("reply", partner), ("stopped",) (a page
    fault whose message was taken), or ("dead",)."""

    def __init__(self, rng: random.Random, n: int) -> None:
        super().__init__(rng, n, system=0.6)
        self.state: list[tuple] = [("run",)] * n
        self.queue: list[list[int]] = [[] for _ in range(n)]
        self.eax = [EAX_UNSET] * n
        self.mail: dict[int, tuple[int, int]] = {}     # slot -> (source, word) to copy out
        self.asked: int | None = None                  # the endpoint would_deadlock got

    def target(self, caller: int, e: int) -> tuple[int | None, int]:
        """ipc_target(): the live process e names, or an error."""
        slot = self.slot_of(e)
        if slot is None or self.state[slot][0] == "dead":
            return None, ERR["EDEADSRCDST"] if endpoint_in_range(e) else ERR["EBADSRCDST"]
        if slot == caller:
            return None, ERR["ELOCKED"]
        if not self.may_ipc(caller, slot):
            return None, ERR["ECALLDENIED"]
        return slot, OK

    def accepts(self, dst: int, src_e: int) -> bool:
        st = self.state[dst]
        if st[0] == "recv":
            return st[1] in (ANY, src_e)
        return st[0] == "reply" and self.eps[st[1]] == src_e

    def deliver(self, dst: int, src_e: int, word: int) -> None:
        self.state[dst] = ("run",)
        self.eax[dst] = OK
        self.mail[dst] = (src_e, word)

    def wake(self, slot: int, result: int) -> None:
        self.eax[slot] = result
        self.state[slot] = ("stopped",) if self.state[slot][0] == "send" and self.state[slot][4] else ("run",)

    def send(self, a: int, op: int, e: int, word: int, deadlock: int, bad: bool) -> int:
        if op == SENDREC and bad:
            return ERR["EFAULT"]           # the reply buffer is checked first
        b, err = self.target(a, e)
        if b is None:
            return err
        if bad:
            return ERR["EFAULT"]
        if self.accepts(b, self.eps[a]):
            self.deliver(b, self.eps[a], word)
            if op == SENDREC:
                self.state[a] = ("reply", b)
                return SUSPEND
            return OK
        if op == SENDNB:
            return ERR["ENOTREADY"]
        self.asked = e
        if deadlock:
            return ERR["ELOCKED"]
        self.state[a] = ("send", b, word, op == SENDREC, False)
        self.queue[b].append(a)
        return SUSPEND

    def queued_source(self, sender: int) -> int:
        return KERNEL_EP if self.state[sender][4] else self.eps[sender]

    def receive(self, a: int, e: int, deadlock: int, bad: bool) -> int:
        if bad:
            return ERR["EFAULT"]
        if e != ANY:
            _, err = self.target(a, e)
            if err != OK:
                return err
        for sender in self.queue[a]:
            source = self.queued_source(sender)
            if e in (ANY, source):
                self.queue[a].remove(sender)
                _, _, word, sendrec, kernel = self.state[sender]
                self.deliver(a, source, word)
                if kernel:
                    self.state[sender] = ("stopped",)
                elif sendrec:
                    self.state[sender] = ("reply", a)
                else:
                    self.state[sender] = ("run",)
                    self.eax[sender] = OK
                return OK
        if e != ANY:
            self.asked = e
            if deadlock:
                return ERR["ELOCKED"]
        self.state[a] = ("recv", e)
        return SUSPEND

    def kernel_send(self, a: int, dst: int, word: int) -> int:
        self.eax[a] = EAX_UNSET
        if self.accepts(dst, KERNEL_EP):
            self.deliver(dst, KERNEL_EP, word)
            self.state[a] = ("stopped",)
            return OK
        self.state[a] = ("send", dst, word, False, True)
        self.queue[dst].append(a)
        return SUSPEND

    def exit(self, a: int) -> None:
        st = self.state[a]
        if st[0] == "send":
            self.queue[st[1]].remove(a)
        for sender in self.queue[a]:
            self.wake(sender, ERR["EDEADSRCDST"])
        self.queue[a] = []
        for q in range(self.n):
            st = self.state[q]
            if (st[0] == "recv" and st[1] == self.eps[a]) or (st[0] == "reply" and st[1] == a):
                self.wake(q, ERR["EDEADSRCDST"])
        self.state[a] = ("dead",)
        self.mail.pop(a, None)


def _rendezvous_check(s: Session, m: RendezvousModel, got: list[int], want_r: int | None,
                      what: str) -> None:
    """One answer: the result, who was asked about a deadlock, then every
    process: running or not, its eax, the message it got."""
    if want_r is not None:
        s.expect(got[0] == want_r, f"{what}: got {got[0]} ({_err_name(got[0])}), "
                 f"want {want_r} ({_err_name(want_r)})")
    asked, asked_ep, count = got[1], got[2], got[3]
    if m.asked is None:
        s.expect(asked == 0, f"{what}: would_deadlock() was asked (about {asked_ep}), "
                 "though the caller does not block")
    else:
        s.expect(asked == 1 and asked_ep == m.asked,
                 f"{what}: would_deadlock() asked {asked} times (about {asked_ep}) before "
                 f"blocking on {m.asked}, want once about {m.asked}")
    s.expect(count == m.n and len(got) == 4 + 5 * count, f"{what}: a malformed report")
    for i in range(m.n):
        runnable, eax, source, word, intact = got[4 + 5 * i:9 + 5 * i]
        st = m.state[i]
        want_runnable = -1 if st[0] == "dead" else int(st[0] == "run")
        s.expect(runnable == want_runnable,
                 f"{what}: slot {i} is {['blocked', 'runnable', 'gone'][runnable]}, want it "
                 f"{['blocked (' + st[0] + ')', 'runnable', 'gone'][want_runnable]}")
        if want_runnable == 1:
            s.expect(eax == m.eax[i], f"{what}: slot {i} runs with eax {eax} ({_err_name(eax)}), "
                     f"want {m.eax[i]} ({_err_name(m.eax[i])})")
        mail = m.mail.pop(i, None) if want_runnable == 1 else None
        if mail is None:
            s.expect(source == NONE, f"{what}: slot {i} got a message from {source}, want none")
        else:
            s.expect((source, word & U32) == (mail[0], mail[1]),
                     f"{what}: slot {i} got the message from {source} (word {word & U32}), want "
                     f"the one from {mail[0]} (word {mail[1]})")
            s.expect(intact == 1, f"{what}: slot {i}'s message did not arrive whole")


def _err_name(code: int) -> str:
    names = {v: k for k, v in ERR.items() if k.startswith("E")}
    if code in (OK, SUSPEND, EAX_UNSET):
        return {OK: "OK", SUSPEND: "SUSPEND", EAX_UNSET: "not set"}[code]
    return names.get(code, "a count" if code > 0 else "?")


def rendezvous_session(s: Session, rng: random.Random) -> None:
    hello(s, "rendezvous")
    for _ in range(6):
        m = RendezvousModel(rng, rng.randrange(3, 9))
        s.expect(s.ask(*m.setup_words()) == ["ok"], "setting up processes")
        for _ in range(60):
            if not _rendezvous_step(s, m, rng):
                break


def _rendezvous_step(s: Session, m: RendezvousModel, rng: random.Random) -> bool:
    """One request and its check; False when every process is gone."""
    alive = [i for i in range(m.n) if m.state[i][0] != "dead"]
    if not alive:
        return False
    running = [i for i in alive if m.state[i][0] == "run"]
    stopped = [i for i in alive if m.state[i][0] == "stopped"]
    m.asked = None
    pick = rng.random()
    if stopped and (pick < 0.08 or not running):
        a = rng.choice(stopped)
        m.state[a] = ("run",)
        _rendezvous_check(s, m, numbers(s.ask("U", a)), 0, f"slot {a}'s page fault resolved")
        return True
    if not running or (pick < 0.12 and len(alive) > 2):
        a = rng.choice(alive)
        m.exit(a)
        _rendezvous_check(s, m, numbers(s.ask("X", a)), 0, f"slot {a} exits")
        return True
    a = rng.choice(running)
    others = [i for i in alive if i != a]
    if pick < 0.2 and others:
        dst = rng.choice(others)
        word = rng.randrange(1 << 32)
        want = m.kernel_send(a, dst, word)
        _rendezvous_check(s, m, numbers(s.ask("K", a, m.eps[dst], word)), want,
                          f"the kernel's send for slot {a} to slot {dst}")
        return True
    # Slot 0 is a server: it receives more, and most sends go to it, so
    # that queues of several senders form.
    op = rng.choice([RECEIVE] * 4 if a == 0 else [SEND, SEND, SENDREC, SENDREC, RECEIVE, SENDNB])
    where = rng.random()
    if op == RECEIVE and where < (0.6 if a == 0 else 0.3):
        e = ANY
    elif op != RECEIVE and where < 0.6 and a != 0 and m.state[0][0] != "dead":
        e = m.eps[0]
    elif where < 0.85 and others:
        e = m.eps[rng.choice(others)]
    elif where < 0.9:
        e = m.eps[a]
    elif where < 0.95:
        e = endpoint(rng.randrange(m.n), rng.randrange(41, 60))      # stale
    else:
        e = rng.choice([0x12345678, -7, endpoint(NR_PROCS + 3, 1)])   # garbage
    word = rng.randrange(1 << 32)
    deadlock = int(rng.random() < 0.15)
    bad = rng.random() < 0.05
    m.eax[a] = EAX_UNSET
    want = m.receive(a, e, deadlock, bad) if op == RECEIVE else m.send(a, op, e, word, deadlock, bad)
    if want != SUSPEND:
        m.eax[a] = want
    _rendezvous_check(s, m, numbers(s.ask("O", a, op, e, word, deadlock, int(bad))), want,
                      f"{OP_NAMES[op]} by slot {a} {'from' if op == RECEIVE else 'to'} "
                      + ("ANY" if e == ANY else str(e)) + (" (bad buffer)" if bad else ""))
    return True


# --- The kernel-call path ---

CALLNR = header_constants(REPO_ROOT, "include/mica/callnr.h")
NR_SYS_CALLS = CALLNR["NR_SYS_CALLS"]
MF_KCALL_RESTART = PROC["MF_KCALL_RESTART"]
MF_TRAP_RESTART = PROC["MF_TRAP_RESTART"]
# Where the caller's message is (tests/host/drv_kcall.c): its buffer, a
# read-only page, a page not present until VM supplies it, and three
# addresses that are nobody's.
BUFFER, READ_ONLY, ABSENT, UNMAPPED, KERNEL_ADDR, PAST_END = range(6)


class KcallModel:
    """What a kernel call promises (the handout and kcall.c's comment):
    the message is copied in once; the number, then the call mask are
    checked; the handler runs on the kernel's copy; a replying call's
    message goes back on success; a call with an effect never runs when
    its reply cannot be written; memory VM can supply suspends the call,
    which then runs again from the saved message (or, if the message
    itself could not be read, the trap is made again)."""

    def __init__(self, table: list[tuple[int, int, int]]) -> None:
        self.table = table
        self.absent = True
        self.pending = 0          # the restart flag of a suspended call
        self.saved_token = 0

    def readable(self, where: int) -> bool:
        return where in (BUFFER, READ_ONLY) or (where == ABSENT and not self.absent)

    def writable(self, where: int) -> bool:
        return where == BUFFER or (where == ABSENT and not self.absent)

    def trap(self, nr: int, mask: int, where: int, fixable: int, result: int,
             token: int) -> dict[str, int]:
        out = {"eax": EAX_UNSET, "handled": 0, "nr": -1, "token": 0, "copyins": 0,
               "vm": 0, "replied": 0}
        if not self.readable(where):
            if where == ABSENT and fixable:
                out["vm"] = self.pending = MF_TRAP_RESTART
            else:
                out["eax"] = ERR["EFAULT"]
            return out
        out["copyins"] = 1
        self.saved_token = token
        return self.run(out, nr, mask, where, fixable, result)

    def run(self, out: dict[str, int], nr: int, mask: int, where: int, fixable: int,
            result: int) -> dict[str, int]:
        fix = bool(fixable and self.absent)
        if nr >= NR_SYS_CALLS or not self.table[nr][0]:
            out["eax"] = ERR["EBADREQUEST"]
            return out
        if not mask & (1 << nr):
            out["eax"] = ERR["ECALLDENIED"]
            return out
        _, replies, effect = self.table[nr]
        if effect and not self.writable(where):
            if where == ABSENT and fix:
                out["vm"] = self.pending = MF_KCALL_RESTART
            else:
                out["eax"] = ERR["EFAULT"]
            return out
        out.update(handled=1, nr=nr, token=self.saved_token)
        r = result
        if r == SUSPEND:
            return out
        if replies and r >= OK:
            if self.writable(where):
                out["replied"] = 1
            else:
                r = ERR["EFAULT"]
                fix = fix and where == ABSENT
                if effect:
                    out["eax"] = r
                    return out
        if r == ERR["EFAULT"] and fix:
            out["vm"] = self.pending = MF_KCALL_RESTART
            return out
        out["eax"] = r
        return out


def kcall_session(s: Session, rng: random.Random) -> None:
    hello(s, "kcall")
    words = numbers(s.hello[2:])
    s.expect(len(words) == 3 * NR_SYS_CALLS, "the check program did not list the call table")
    table = [(words[3 * i], words[3 * i + 1], words[3 * i + 2]) for i in range(NR_SYS_CALLS)]
    s.expect(any(t[1] for t in table) and any(t[2] for t in table),
             "the call table has no call that replies or has an effect (a driver bug)")
    replying = [nr for nr in range(NR_SYS_CALLS) if table[nr][1]]
    for _ in range(400):
        m = KcallModel(table)
        nr = rng.choice([rng.randrange(NR_SYS_CALLS)] * 6 + [rng.choice(replying)] * 4 +
                        [NR_SYS_CALLS, NR_SYS_CALLS + 1, 31, 32, 1000, U32])
        mask = rng.choice([U32, U32, 0, 1 << nr if nr < 32 else 0,
                           U32 & ~(1 << nr) if nr < 32 else U32,
                           rng.randrange(1 << 32), (1 << nr) - 1 if nr < 32 else U32])
        where = rng.choice([BUFFER] * 4 + [READ_ONLY, ABSENT, ABSENT, UNMAPPED, KERNEL_ADDR, PAST_END])
        loaded = rng.randrange(4) != 0
        fixable = int(rng.random() < 0.7)
        result = rng.choice([OK, OK, OK, 3, ERR["EINVAL"], ERR["EPERM"], ERR["EFAULT"], SUSPEND])
        token = rng.randrange(1, 1 << 30)
        what = (f"call {nr} (mask {mask:#x}) with its message "
                + ["in its buffer", "in a read-only page", "in a page not present yet",
                   "unmapped", "in the kernel", "across the end of user space"][where]
                + ("" if loaded else ", its table not loaded")
                + (", VM can supply the page" if fixable else "")
                + f", the handler returning {result} ({_err_name(result)})")
        want = m.trap(nr, mask, where, fixable, result, token)
        _kcall_check(s, numbers(s.ask("C", nr, mask, where, int(loaded), fixable, result, token)),
                     want, what)
        for _ in range(2):
            if not m.pending:
                break
            flag, m.pending, m.absent = m.pending, 0, False
            token2 = token + rng.randrange(1, 1000)   # the user changed the message meanwhile
            result = rng.choice([OK, OK, 3, ERR["EINVAL"], ERR["EFAULT"]])
            out = {"eax": EAX_UNSET, "handled": 0, "nr": -1, "token": 0, "copyins": 0,
                   "vm": 0, "replied": 0}
            if flag == MF_TRAP_RESTART:
                want = m.trap(nr, mask, where, fixable, result, token2)
            else:
                want = m.run(out, nr, mask, where, fixable, result)
            _kcall_check(s, numbers(s.ask("R", token2, result)), want,
                         f"{what}; VM made the page present and the user changed the message: "
                         f"the call resumed, its handler now returning {result} ({_err_name(result)})")


def _kcall_check(s: Session, got: list[int], want: dict[str, int], what: str) -> None:
    s.expect(len(got) == 7, f"{what}: a malformed answer")
    eax, handled, nr, token, copyins, vm, replied = got
    vm_names = {0: "none", MF_KCALL_RESTART: "MF_KCALL_RESTART (run the call again)",
                MF_TRAP_RESTART: "MF_TRAP_RESTART (make the trap again)"}
    s.expect(vm == want["vm"], f"{what}: asked VM with restart {vm_names.get(vm, vm)}, want "
             f"{vm_names[want['vm']]}")
    s.expect(copyins == want["copyins"], f"{what}: the message was copied in {copyins} times, "
             f"want {want['copyins']}")
    s.expect(handled == want["handled"], f"{what}: {handled} handlers ran, want {want['handled']}")
    if want["handled"]:
        s.expect(nr == want["nr"], f"{what}: the handler of call {nr} ran, want call {want['nr']}'s")
        s.expect(token == want["token"], f"{what}: the handler was given a message of type {token}, "
                 f"want the kernel's copy, of type {want['token']}")
    s.expect(eax == want["eax"], f"{what}: the caller's eax is {eax} ({_err_name(eax)}), want "
             f"{want['eax']} ({_err_name(want['eax'])})")
    s.expect(replied == want["replied"], f"{what}: " + ("the reply was copied out, but it should not be"
             if replied else "the reply was not copied out to the caller"))


CHECKS: list[HostCheck] = [
    HostCheck(name="host_uptime", lab=1, points=2, hole="kernel/calls/do_uptime.c",
              driver="tests/host/drv_uptime.c", session=uptime_session, support=KERNEL_SUPPORT,
              description="SYS_UPTIME's 64-bit ticks and rate, for random tick counts"),
    HostCheck(name="host_alarm", lab=1, points=4, hole="kernel/alarm.c",
              driver="tests/host/drv_alarm.c", session=alarm_session, support=IPC_USER_SUPPORT,
              description="random alarms set, replaced, cancelled and fired, against a model"),
    HostCheck(name="host_deadlock", lab=1, points=4, hole="kernel/deadlock.c",
              driver="tests/host/drv_deadlock.c", session=deadlock_session, support=KERNEL_SUPPORT,
              description="would_deadlock() over random wait-for graphs with long cycles"),
    HostCheck(name="host_kcall", lab=1, points=5, hole="kernel/kcall.c",
              driver="tests/host/drv_kcall.c", session=kcall_session,
              support=(*KERNEL_SUPPORT, "kernel/calls/table.c"),
              description="random kernel calls (numbers, masks, message addresses, handler results) "
                          "and their restarts after VM, with the given call table"),
    HostCheck(name="host_rendezvous", lab=1, points=6, hole="kernel/rendezvous.c",
              driver="tests/host/drv_rendezvous.c", session=rendezvous_session,
              support=(*KERNEL_SUPPORT, "kernel/ipc.c"),
              description="random SENDs, RECEIVEs, SENDRECs, kernel sends and exits through do_ipc: "
                          "queues in order, every message delivered once, whole, from its true source"),
    HostCheck(name="host_senda", lab=1, points=5, hole="kernel/asyn.c",
              driver="tests/host/drv_asyn.c", session=asyn_session, support=IPC_USER_SUPPORT,
              description="random SENDA tables and RECEIVEs: each message delivered once, "
                          "results in the tables"),
]
