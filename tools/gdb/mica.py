"""
GDB helpers for Mica, loaded by .gdbinit (`source tools/gdb/mica.py`).

    mica ps                  the process table
    mica pt PROC [ADDR]      a process's page tables, or the walk for ADDR
    mica msg PROC            the messages waiting at or from a process
    mica sym NAME|cur|PROC   load one user program's symbols

PROC is a process name (`vm`) or any GDB expression that gives an
endpoint (`128`, `0x81`, `caller->p_sendto`) or a process (`cur`,
`ptproc`, `&proc_table[5]`). See doc/gdb.md for examples.

Everything is read from the stopped target through the kernel's debug
information (build/kernel/kernel.elf). Flag names and endpoint constants
are read from the kernel's headers when this file is loaded, so a new
RTS_ or MF_ flag shows up by name without changing this file.

Physical memory is mapped 1:1 in the kernel's part of every page
directory (below KERNEL_SPACE_END, 1 GiB), and GDB reads memory through
whatever directory is loaded, so reading physical address X is reading
address X. That is how page tables are walked.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from typing import Iterator, NoReturn, Optional

import gdb


# --------------------------------------------------------------------------
# Constants: from the headers when they can be read, else these defaults.

def _repo_root() -> str:
    """The Mica tree this file belongs to (tools/gdb/mica.py in it)."""
    here = globals().get("__file__")
    if here:
        return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(here))))
    return os.getcwd()


REPO = _repo_root()

_DEFINE = re.compile(
    r"^\s*#\s*define\s+(\w+)\s+\(?\s*(-?(?:0[xX][0-9a-fA-F]+|\d+))[uUlL]*\s*\)?"
    r"\s*(?:/[*/].*)?$")


def read_defines(relpath: str) -> dict[str, int]:
    """The `#define NAME NUMBER` lines of a header, as a dict."""
    found: dict[str, int] = {}
    try:
        with open(os.path.join(REPO, relpath), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = _DEFINE.match(line)
                if m:
                    found[m.group(1)] = int(m.group(2), 0)
    except OSError:
        pass
    return found


_PROC_H = read_defines("kernel/proc.h")
_ENDPOINT_H = read_defines("include/mica/endpoint.h")
_LAYOUT_H = read_defines("include/mica/layout.h")
_IPC_H = read_defines("include/mica/ipc.h")
_VM_H = read_defines("include/mica/vm.h")


def _flags(prefix: str, fallback: dict[str, int]) -> list[tuple[int, str]]:
    """(value, name without prefix) for every single-bit flag NAME, by value."""
    table = {name: value for name, value in _PROC_H.items() if name.startswith(prefix)}
    if not table:
        table = fallback
    return sorted((value, name[len(prefix):]) for name, value in table.items())


RTS_FLAGS = _flags("RTS_", {
    "RTS_SLOT_FREE": 0x01, "RTS_SENDING": 0x02, "RTS_RECEIVING": 0x04,
    "RTS_PAGEFAULT": 0x08, "RTS_EXITING": 0x10, "RTS_TASK": 0x20,
})
MF_FLAGS = _flags("MF_", {
    "MF_REPLY_PEND": 0x01, "MF_DELIVERMSG": 0x02, "MF_KERNEL_MSG": 0x04,
})


def _flag(table: list[tuple[int, str]], name: str) -> int:
    """The value of one flag, 0 if this kernel does not have it."""
    for value, flag_name in table:
        if flag_name == name:
            return value
    return 0


RTS_SLOT_FREE = _flag(RTS_FLAGS, "SLOT_FREE")
RTS_SENDING = _flag(RTS_FLAGS, "SENDING")
RTS_RECEIVING = _flag(RTS_FLAGS, "RECEIVING")
RTS_TASK = _flag(RTS_FLAGS, "TASK")
MF_REPLY_PEND = _flag(MF_FLAGS, "REPLY_PEND")
MF_DELIVERMSG = _flag(MF_FLAGS, "DELIVERMSG")
MF_KERNEL_MSG = _flag(MF_FLAGS, "KERNEL_MSG")
MF_KCALL_RESTART = _flag(MF_FLAGS, "KCALL_RESTART")

GEN_SIZE = _ENDPOINT_H.get("ENDPOINT_GEN_SIZE", 0x4000)
MAX_GEN = (0x7fffff00 // GEN_SIZE) - 1
ANY = _ENDPOINT_H.get("ANY", 0x7ffffff0)
NONE = _ENDPOINT_H.get("NONE", 0x7ffffff1)
SELF = _ENDPOINT_H.get("SELF", 0x7ffffff2)
SPECIAL_ENDPOINTS = {ANY: "ANY", NONE: "NONE", SELF: "SELF"}

USER_BASE = _LAYOUT_H.get("USER_BASE", 0x40000000)
USER_END = _LAYOUT_H.get("USER_END", 0xf0000000)
KERNEL_SPACE_END = _LAYOUT_H.get("KERNEL_SPACE_END", 0x40000000)

# Page-table entry bits (architectural: Intel SDM vol. 3, 4.3).
PAGE_SIZE = 0x1000
PDE_SPAN = 0x400000
PTE_P, PTE_W, PTE_U = 0x001, 0x002, 0x004
PTE_PWT, PTE_PCD, PTE_A, PTE_D = 0x008, 0x010, 0x020, 0x040
PTE_PS, PTE_G = 0x080, 0x100
PTE_BITS = [(PTE_P, "P"), (PTE_W, "W"), (PTE_U, "U"), (PTE_PWT, "PWT"),
            (PTE_PCD, "PCD"), (PTE_A, "A"), (PTE_D, "D"), (PTE_PS, "PS"),
            (PTE_G, "G")]
# Bits that make two pages "the same kind" in a listing: not A and D,
# which the CPU sets page by page.
PTE_KIND = PTE_P | PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_G


def _message_type_names() -> dict[int, str]:
    """Names for m_type values that are requests (replies carry a result)."""
    names: dict[int, str] = {}
    if "NOTIFY_MESSAGE" in _IPC_H:
        names[_IPC_H["NOTIFY_MESSAGE"]] = "NOTIFY_MESSAGE"
    for name, value in _VM_H.items():
        if name.startswith("VM_") and not name.endswith("_MAX"):
            names.setdefault(value, name)
    return names


MESSAGE_TYPES = _message_type_names()
KERNEL_CALLS = {value: name for name, value in read_defines("include/mica/callnr.h").items()
                if name.startswith("SYS_")}
MESSAGE_SIZE = 64
PAYLOAD_WORDS = 14
AMF_VALID = _IPC_H.get("AMF_VALID", 0x1)   # a SENDA entry to deliver
AMF_DONE = _IPC_H.get("AMF_DONE", 0x2)     # the kernel is done with it


# --------------------------------------------------------------------------
# Reading the target.

def fail(message: str) -> NoReturn:
    """Stop the command with a one-line message (no Python traceback)."""
    raise gdb.GdbError(message)


def require_target() -> None:
    """Fail unless GDB is connected to a stopped target."""
    if gdb.selected_inferior().pid == 0 or gdb.selected_thread() is None:
        fail("not connected: start `make qemu-gdb`, then `target remote localhost:PORT`"
             " (`make gdb` does both)")


def kernel_objfile() -> gdb.Objfile:
    """The objfile with the kernel's debug information."""
    for objfile in gdb.objfiles():
        if objfile.lookup_global_symbol("proc_table") is not None:
            return objfile
    fail("no kernel symbols: `file build/kernel/kernel.elf` (built with -g) first")


def kernel_symbol(name: str) -> gdb.Value:
    """The value of a kernel global, even if a user program has one too."""
    symbol = kernel_objfile().lookup_global_symbol(name)
    if symbol is None:
        fail(f"the kernel has no symbol {name}: does kernel.elf match this tree?")
    return symbol.value()


def read_bytes(addr: int, length: int) -> bytes:
    """length bytes at addr, or a one-line failure."""
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, length))
    except gdb.MemoryError:
        fail(f"cannot read {length} bytes at 0x{addr:08x}")


def read_phys_words(phys: int, count: int, what: str) -> tuple[int, ...]:
    """count 32-bit words at a physical address (through the 1:1 map);
    what names them for the error message."""
    if phys + 4 * count > KERNEL_SPACE_END:
        fail(f"the {what} at physical 0x{phys:08x} is above the kernel's 1:1 map")
    try:
        words = gdb.selected_inferior().read_memory(phys, 4 * count)
    except gdb.MemoryError:
        fail(f"cannot read the {what} at physical 0x{phys:08x} (not RAM?)")
    return struct.unpack(f"<{count}I", bytes(words))


def c_string(chars: gdb.Value) -> str:
    """A char array's text up to its NUL."""
    out = []
    low, high = chars.type.range()
    for i in range(low, high + 1):
        c = int(chars[i]) & 0xff
        if c == 0:
            break
        out.append(chr(c) if 32 <= c < 127 else "?")
    return "".join(out)


def decode_flags(value: int, table: list[tuple[int, str]], empty: str) -> str:
    """FLAG|FLAG for the known bits, then any unknown ones in hex."""
    names = [name for bit, name in table if value & bit]
    rest = value & ~sum(bit for bit, _ in table)
    if rest:
        names.append(f"0x{rest:x}")
    return "|".join(names) if names else empty


def endpoint_slot(e: int) -> int:
    """As endpoint_slot() in include/mica/endpoint.h (u32 arithmetic)."""
    return ((e + NR_TASKS) & 0xffffffff) % GEN_SIZE - NR_TASKS


def endpoint_gen(e: int) -> int:
    return ((e + NR_TASKS) & 0xffffffff) // GEN_SIZE


NR_TASKS = _ENDPOINT_H.get("NR_TASKS", 4)   # checked against proc_table below


class Proc:
    """One slot of proc_table, as read when the snapshot was taken."""

    def __init__(self, index: int, value: gdb.Value) -> None:
        self.index = index                     # in proc_table (bit index)
        self.value = value
        self.slot = int(value["p_nr"])
        self.gen = int(value["p_gen"])
        self.endpoint = int(value["p_endpoint"])
        self.parent = int(value["p_parent"])
        self.name = c_string(value["p_name"])
        self.rts = int(value["p_rts_flags"])
        self.misc = int(value["p_misc_flags"])
        self.priority = int(value["p_priority"])
        self.ticks = int(value["p_ticks"])
        self.cr3 = int(value["p_cr3"])
        self.sendto = int(value["p_sendto"])
        self.getfrom = int(value["p_getfrom"])
        self.msgaddr = int(value["p_msgaddr"])

    @property
    def free(self) -> bool:
        return bool(self.rts & RTS_SLOT_FREE)

    @property
    def is_task(self) -> bool:
        return self.slot < 0

    def label(self) -> str:
        """NAME(EP), as the kernel's own messages name processes."""
        return f"{self.name or '?'}({self.endpoint})"

    def field_address(self, field: str) -> int:
        return int(self.value[field].address)


class Kernel:
    """A snapshot of the process table, read in one go."""

    def __init__(self) -> None:
        global NR_TASKS
        require_target()
        table = kernel_symbol("proc_table")
        try:
            table.fetch_lazy()
        except gdb.MemoryError:
            fail("cannot read proc_table: is the kernel loaded yet?")
        self.table_addr = int(table.address)
        self.proc_size = table.type.target().sizeof
        low, high = table.type.range()
        self.procs = [Proc(i, table[i]) for i in range(low, high + 1)]
        first = self.procs[0]
        if first.slot >= 0 or not first.rts & RTS_TASK:
            fail("the process table is not set up yet (stopped before proc_init?)")
        NR_TASKS = -first.slot
        self.cur_value = kernel_symbol("cur")
        self.ptproc_value = kernel_symbol("ptproc")
        self.cur = self.proc_at(self.cur_value)
        self.ptproc = self.proc_at(self.ptproc_value)

    def index_of(self, addr: int) -> Optional[int]:
        """The proc_table index of a struct proc *, or None."""
        offset = addr - self.table_addr
        if addr == 0 or offset < 0 or offset % self.proc_size != 0:
            return None
        index = offset // self.proc_size
        return index if index < len(self.procs) else None

    def proc_at(self, pointer: gdb.Value) -> Optional[Proc]:
        if pointer.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
            return None   # one per CPU: see running()
        index = self.index_of(int(pointer))
        return None if index is None else self.procs[index]

    def running(self) -> dict[int, int]:
        """proc_table index -> the CPU that runs it.

        Mica runs on one CPU, so this is {cur: 0}. If `cur` becomes an
        array indexed by CPU (struct proc *cur[NR_CPUS]), each entry is
        followed; for any other per-CPU design, change only this function.
        """
        cur_type = self.cur_value.type.strip_typedefs()
        if cur_type.code == gdb.TYPE_CODE_ARRAY:
            low, high = cur_type.range()
            on_cpu = {}
            for cpu in range(low, high + 1):
                index = self.index_of(int(self.cur_value[cpu]))
                if index is not None:
                    on_cpu[index] = cpu
            return on_cpu
        return {} if self.cur is None else {self.cur.index: 0}

    def by_slot(self, slot: int) -> Optional[Proc]:
        index = slot + NR_TASKS
        return self.procs[index] if 0 <= index < len(self.procs) else None

    def live(self, e: int) -> Optional[Proc]:
        """The process endpoint e names now, or None (as proc_lookup)."""
        p = self.by_slot(endpoint_slot(e))
        if p is None or p.free or p.endpoint != e:
            return None
        return p

    def fmt_endpoint(self, e: int) -> str:
        """ANY, NAME(EP), EP(dead) for an endpoint nobody holds now, or
        EP(not an endpoint)."""
        if e in SPECIAL_ENDPOINTS:
            return SPECIAL_ENDPOINTS[e]
        p = self.live(e)
        if p is not None:
            return p.label()
        slot, gen = endpoint_slot(e), endpoint_gen(e)
        if e >= -NR_TASKS and self.by_slot(slot) is not None and (
                gen == 0 if slot < 0 else 1 <= gen <= MAX_GEN):
            return f"{e}(dead)"
        return f"{e}(not an endpoint)"

    def resolve(self, arg: str) -> Proc:
        """The process a command argument names: a process name, or an
        expression giving an endpoint or a struct proc (pointer)."""
        arg = arg.strip()
        if not arg:
            fail("which process? Give a name (vm) or an endpoint (128)")
        named = [p for p in self.procs if not p.free and p.name == arg]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            fail(f"{len(named)} processes are called {arg}: "
                 + ", ".join(p.label() for p in named) + "; give the endpoint")
        try:
            value = gdb.parse_and_eval(arg)
        except gdb.error as e:
            fail(f"no process called '{arg}', and not an expression: {e}")
        try:
            vtype = value.type.strip_typedefs()
            if vtype.code == gdb.TYPE_CODE_PTR and vtype.target().strip_typedefs().tag == "proc":
                return self.resolve_pointer(int(value), arg)
            if vtype.code == gdb.TYPE_CODE_STRUCT and vtype.tag == "proc":
                if value.address is None:
                    fail(f"{arg} is a struct proc that is not in memory")
                return self.resolve_pointer(int(value.address), arg)
            e = int(value)
        except gdb.GdbError:
            raise
        except gdb.error as error:
            fail(f"{arg}: {error}")
        if e >= 0x80000000:
            e -= 0x100000000   # an unsigned expression for a task endpoint
        return self.resolve_endpoint(e)

    def resolve_pointer(self, addr: int, arg: str) -> Proc:
        index = self.index_of(addr)
        if index is None:
            fail(f"{arg} (0x{addr:08x}) does not point at a proc_table entry")
        return self.procs[index]

    def resolve_endpoint(self, e: int) -> Proc:
        if e in SPECIAL_ENDPOINTS:
            fail(f"{SPECIAL_ENDPOINTS[e]} is not a process")
        slot, gen = endpoint_slot(e), endpoint_gen(e)
        p = self.by_slot(slot)
        good_gen = gen == 0 if slot < 0 else 1 <= gen <= MAX_GEN
        if e < -NR_TASKS or p is None or not good_gen:
            hint = ""
            q = self.by_slot(e)
            if 0 <= e < len(self.procs) - NR_TASKS and q is not None and not q.free:
                hint = f"; slot {e} is {q.label()}"
            fail(f"{e} is not an endpoint (endpoint = generation * {GEN_SIZE}"
                 f" + slot){hint}")
        if p.free:
            fail(f"endpoint {e} is stale: slot {slot} is free")
        if p.endpoint != e:
            what = "is stale" if gen < p.gen else "was never issued"
            fail(f"endpoint {e} {what}: slot {slot} holds {p.label()}"
                 f" (generation {p.gen}, not {gen})")
        return p


class MicaCommand(gdb.Command):
    """Mica kernel helpers: mica ps, mica pt, mica msg, mica sym (help mica NAME)."""

    def __init__(self) -> None:
        super().__init__("mica", gdb.COMMAND_USER, gdb.COMPLETE_COMMAND, True)

    def invoke(self, arg: str, from_tty: bool) -> None:
        gdb.execute("help mica")


class MicaSubcommand(gdb.Command):
    """A `mica NAME` command whose errors are one line."""

    name = ""
    # True: the whole argument is one word (an expression may have spaces).
    whole_argument = False

    def __init__(self) -> None:
        super().__init__(f"mica {self.name}", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        try:
            if self.whole_argument:
                argv = [arg.strip()] if arg.strip() else []
            else:
                argv = gdb.string_to_argv(arg)
            self.run(argv)
        except gdb.GdbError as e:
            raise gdb.GdbError(f"mica {self.name}: {e}") from None
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"mica {self.name}: cannot read memory: {e}") from None
        except gdb.error as e:
            raise gdb.GdbError(f"mica {self.name}: {e}") from None

    def run(self, argv: list[str]) -> None:
        raise NotImplementedError

    def complete(self, text: str, word: str) -> list[str]:
        """Process names, when the target can be read."""
        try:
            k = Kernel()
        except (gdb.GdbError, gdb.error):
            return []
        names = sorted({p.name for p in k.procs if not p.free and p.name})
        return [n for n in names if n.startswith(word or "")]


# --------------------------------------------------------------------------
# mica ps

class PsCommand(MicaSubcommand):
    """The process table: mica ps

Every slot in use, kernel tasks first. Columns: slot, endpoint, name,
parent endpoint, RTS flags (why it cannot run; "ready" if none), misc
flags, priority, ticks used, CPU running it (0 for cur, since Mica is
single-CPU; "-" otherwise), page directory, and what it waits for.
cur is the process that entered the kernel, ptproc the one whose page
table is loaded."""

    name = "ps"

    def run(self, argv: list[str]) -> None:
        if argv:
            fail("takes no arguments")
        k = Kernel()
        on_cpu = k.running()
        rows = [["SLOT", "EP", "NAME", "PARENT", "RTS", "MISC", "PRI", "TICKS",
                 "CPU", "CR3", "WAITS FOR"]]
        marks = [""]
        for p in k.procs:
            if p.free:
                continue
            rows.append([
                str(p.slot),
                str(p.endpoint),
                p.name,
                str(p.parent) if not p.is_task else "-",
                decode_flags(p.rts, RTS_FLAGS, "ready"),
                decode_flags(p.misc, MF_FLAGS, "-"),
                str(p.priority),
                str(p.ticks),
                str(on_cpu[p.index]) if p.index in on_cpu else "-",
                f"0x{p.cr3:08x}" if p.cr3 else "-",
                waits_for(k, p),
            ])
            mark = []
            if p is k.cur:
                mark.append("cur")
            if p is k.ptproc:
                mark.append("ptproc")
            marks.append(" <- " + ", ".join(mark) if mark else "")
        right = {0, 1, 3, 6, 7}   # numbers
        widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
        for row, mark in zip(rows, marks):
            cells = [cell.rjust(widths[c]) if c in right else cell.ljust(widths[c])
                     for c, cell in enumerate(row)]
            print(("  ".join(cells).rstrip() + mark).rstrip())
        if k.cur is None:
            print("cur is NULL (no process has run yet)")


# Flags that mean "waits for VM" (0 when this kernel has no such flag).
VM_WAITS = [(_flag(RTS_FLAGS, "PAGEFAULT"), "VM: page fault"),
            (_flag(RTS_FLAGS, "VMREQUEST"), "VM: memory request"),
            (_flag(RTS_FLAGS, "VMINHIBIT"), "VM: editing its tables")]


def waits_for(k: Kernel, p: Proc) -> str:
    """What a blocked process waits for, from its IPC state."""
    parts = [text for bit, text in VM_WAITS if bit and p.rts & bit]
    if p.rts & RTS_SENDING:
        parts.append(f"send to {k.fmt_endpoint(p.sendto)}")
    if p.rts & RTS_RECEIVING:
        parts.append(f"receive from {k.fmt_endpoint(p.getfrom)}")
    elif p.misc & MF_REPLY_PEND and p.rts & RTS_SENDING:
        parts.append("then the reply")
    return ", ".join(parts) if parts else "-"


# --------------------------------------------------------------------------
# mica pt

def perms(flags: int) -> str:
    """r-x/rwx (i386 without PAE has no no-execute bit), then U or S."""
    text = "rwx" if flags & PTE_W else "r-x"
    text += " U" if flags & PTE_U else " S"
    for bit, name in ((PTE_G, "G"), (PTE_PCD, "PCD"), (PTE_PWT, "PWT")):
        if flags & bit:
            text += " " + name
    return text


def entry_bits(entry: int) -> str:
    names = [name for bit, name in PTE_BITS if entry & bit]
    return " ".join(names) if names else "-"


def user_mappings(cr3: int) -> Iterator[tuple[int, int, int, int]]:
    """(virtual, physical, size, effective flags) of each present user
    page or 4 MiB page of the directory at cr3, in address order."""
    pdes = read_phys_words(cr3, 1024, "page directory")
    for pdi in range(USER_BASE // PDE_SPAN, USER_END // PDE_SPAN):
        pde = pdes[pdi]
        if not pde & PTE_P:
            continue
        base = pdi * PDE_SPAN
        if pde & PTE_PS:
            yield base, pde & 0xffc00000, PDE_SPAN, pde & PTE_KIND
            continue
        ptes = read_phys_words(pde & 0xfffff000, 1024, f"page table of PDE {pdi}")
        for pti, pte in enumerate(ptes):
            if pte & PTE_P:
                # W and U hold only if both levels allow them.
                flags = (pte & PTE_KIND) & (pde | ~(PTE_W | PTE_U))
                yield base + pti * PAGE_SIZE, pte & 0xfffff000, PAGE_SIZE, flags


@dataclass
class Run:
    """Pages contiguous in virtual and physical memory, same size and flags."""
    start: int      # virtual
    end: int        # virtual, exclusive
    phys: int       # physical address of start
    size: int       # PAGE_SIZE or PDE_SPAN
    flags: int
    count: int


def coalesce(mappings: Iterator[tuple[int, int, int, int]]) -> list[Run]:
    runs: list[Run] = []
    for virt, phys, size, flags in mappings:
        last = runs[-1] if runs else None
        if (last is not None and virt == last.end and phys == last.phys + (virt - last.start)
                and size == last.size and flags == last.flags):
            last.end += size
            last.count += 1
        else:
            runs.append(Run(virt, virt + size, phys, size, flags, 1))
    return runs


class PtCommand(MicaSubcommand):
    """A process's page tables: mica pt PROC [ADDR]

PROC is a process name or an endpoint (any expression: 128, $ep, cur).
Without ADDR: every present user mapping (0x40000000-0xefffffff), with
runs of pages contiguous in both virtual and physical memory and with the
same flags shown as one range, and 4 MiB (PS) directory entries.
Permissions are those the CPU applies (W and U need both levels): rwx or
r-x (i386 has no no-execute bit), U (user) or S (supervisor only).
With ADDR (any expression): the directory and table entries that
translate ADDR, and where the walk stops if a level is not present."""

    name = "pt"

    def run(self, argv: list[str]) -> None:
        if len(argv) not in (1, 2):
            fail("usage: mica pt PROC [ADDR] (quote an expression with spaces)")
        k = Kernel()
        p = k.resolve(argv[0])
        if p.cr3 == 0:
            fail(f"{p.label()} has no page directory"
                 + (" (kernel task)" if p.is_task else ""))
        if len(argv) == 2:
            walk(p, eval_address(argv[1]))
        else:
            list_mappings(k, p)


def eval_address(text: str) -> int:
    """An expression's value as an address: a function or an array gives
    its own address (`mica pt vm main`)."""
    try:
        value = gdb.parse_and_eval(text)
        if value.type.strip_typedefs().code in (gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
            value = value.address
        return int(value) & 0xffffffff
    except gdb.error as e:
        fail(f"bad address '{text}': {e}")


def list_mappings(k: Kernel, p: Proc) -> None:
    loaded = " (loaded)" if p is k.ptproc else ""
    print(f"{p.label()}: page directory at phys 0x{p.cr3:08x}{loaded}")
    runs = coalesce(user_mappings(p.cr3))
    if not runs:
        print("  no user mappings")
        return
    pages = 0
    for run in runs:
        plural = "s" if run.count > 1 else ""
        if run.size == PDE_SPAN:
            what = f"{run.count} x 4 MiB page{plural}"
        else:
            what = f"{run.count} page{plural}"
            pages += run.count
        phys_end = run.phys + (run.end - run.start)
        print(f"  0x{run.start:08x}-0x{run.end:08x} -> phys 0x{run.phys:08x}-0x{phys_end:08x}"
              f"  {perms(run.flags):<6}  {what}")
    print(f"  {pages} pages ({pages * 4} KiB) in {len(runs)} ranges")


def walk(p: Proc, addr: int) -> None:
    """The two-level i386 walk for addr, entry by entry."""
    pdi, pti = addr >> 22, (addr >> 12) & 0x3ff
    print(f"{p.label()}: 0x{addr:08x}, page directory at phys 0x{p.cr3:08x}")
    pde_addr = p.cr3 + 4 * pdi
    (pde,) = read_phys_words(pde_addr, 1, "page-directory entry")
    table = "" if pde & PTE_PS or not pde & PTE_P else f" -> page table at 0x{pde & 0xfffff000:08x}"
    print(f"  PDE {pdi:4d} at phys 0x{pde_addr:08x} = 0x{pde:08x}  {entry_bits(pde)}{table}")
    if not pde & PTE_P:
        print(f"  not present: the walk stops (nothing mapped at"
              f" 0x{pdi * PDE_SPAN:08x}-0x{(pdi + 1) * PDE_SPAN - 1:08x})")
        return
    if pde & PTE_PS:
        phys = (pde & 0xffc00000) | (addr & (PDE_SPAN - 1))
        print(f"  4 MiB page at phys 0x{pde & 0xffc00000:08x}")
        print(f"  0x{addr:08x} -> phys 0x{phys:08x}  {perms(pde)}")
        return
    pte_addr = (pde & 0xfffff000) + 4 * pti
    (pte,) = read_phys_words(pte_addr, 1, "page-table entry")
    page = f" -> page at 0x{pte & 0xfffff000:08x}" if pte & PTE_P else ""
    print(f"  PTE {pti:4d} at phys 0x{pte_addr:08x} = 0x{pte:08x}  {entry_bits(pte)}{page}")
    if not pte & PTE_P:
        print(f"  not present: the walk stops (page 0x{addr & 0xfffff000:08x} is not mapped)")
        return
    phys = (pte & 0xfffff000) | (addr & 0xfff)
    flags = pte & (pde | ~(PTE_W | PTE_U))
    print(f"  0x{addr:08x} -> phys 0x{phys:08x}  {perms(flags)}")


def translate(cr3: int, addr: int) -> Optional[int]:
    """The physical address of addr in the directory at cr3, or None."""
    (pde,) = read_phys_words(cr3 + 4 * (addr >> 22), 1, "page-directory entry")
    if not pde & PTE_P:
        return None
    if pde & PTE_PS:
        return (pde & 0xffc00000) | (addr & (PDE_SPAN - 1))
    (pte,) = read_phys_words((pde & 0xfffff000) + 4 * ((addr >> 12) & 0x3ff), 1,
                             "page-table entry")
    if not pte & PTE_P:
        return None
    return (pte & 0xfffff000) | (addr & 0xfff)


def read_user(p: Proc, addr: int, length: int) -> Optional[bytes]:
    """length bytes at addr in p's address space, or None if unmapped."""
    out = b""
    while length > 0:
        phys = translate(p.cr3, addr)
        if phys is None:
            return None
        chunk = min(length, PAGE_SIZE - (addr & 0xfff))
        out += read_bytes(phys, chunk)
        addr, length = addr + chunk, length - chunk
    return out


# --------------------------------------------------------------------------
# mica msg

def message_lines(k: Kernel, raw: bytes, indent: str,
                  source_note: Optional[str] = None) -> list[str]:
    """A message: source, type, and the 14 payload words in hex. A message
    not delivered yet has no true m_source (delivery writes it): then
    source_note says so instead."""
    source, mtype, *words = struct.unpack(f"<ii{PAYLOAD_WORDS}I", raw[:MESSAGE_SIZE])
    source_text = source_note or k.fmt_endpoint(source)
    type_name = MESSAGE_TYPES.get(mtype)
    type_text = f"{mtype} (0x{mtype & 0xffffffff:x}" + (f", {type_name})" if type_name else ")")
    half = PAYLOAD_WORDS // 2
    return [
        f"{indent}m_source {source_text}  m_type {type_text}",
        f"{indent}w[0-{half - 1}]  " + " ".join(f"{w:08x}" for w in words[:half]),
        f"{indent}w[{half}-{PAYLOAD_WORDS - 1}] " + " ".join(f"{w:08x}" for w in words[half:]),
    ]


def proc_message(k: Kernel, p: Proc, field: str, indent: str = "    ") -> list[str]:
    notes = {"p_sendmsg": "(set on delivery)", "p_kcall_msg": "(unused by kernel calls)"}
    raw = read_bytes(p.field_address(field), MESSAGE_SIZE)
    return message_lines(k, raw, indent, notes.get(field))


def bitmap_indices(value: gdb.Value) -> list[int]:
    """The set bits of a u32_t[] bitmap, bit i of the map = index i."""
    low, high = value.type.range()
    found = []
    for w in range(low, high + 1):
        word = int(value[w])
        for bit in range(32):
            if word >> bit & 1:
                found.append(w * 32 + bit)
    return found


class MsgCommand(MicaSubcommand):
    """Messages waiting at or from a process: mica msg PROC

Shows: its own message if it is sending (p_sendmsg, with the target); a
message the kernel will copy out before it next runs (MF_DELIVERMSG,
p_delivermsg); the processes queued sending to it (p_caller_q), with
their messages; pending notifications (p_notify_pending, by source); and
senders with SENDA messages for it (p_asyn_pending), with the entries of
their tables addressed to it."""

    name = "msg"
    whole_argument = True

    def run(self, argv: list[str]) -> None:
        if len(argv) != 1:
            fail("usage: mica msg PROC")
        k = Kernel()
        p = k.resolve(argv[0])
        print(f"{p.label()}: {decode_flags(p.rts, RTS_FLAGS, 'ready')},"
              f" misc {decode_flags(p.misc, MF_FLAGS, '-')}")
        self.own_state(k, p)
        self.callers(k, p)
        self.notifications(k, p)
        self.asyn(k, p)

    def own_state(self, k: Kernel, p: Proc) -> None:
        if p.rts & RTS_SENDING:
            how = "SENDREC, the reply will follow" if p.misc & MF_REPLY_PEND else "SEND"
            if p.misc & MF_KERNEL_MSG:
                how = "made by the kernel on its behalf"
            print(f"  sending to {k.fmt_endpoint(p.sendto)} ({how}): p_sendmsg")
            for line in proc_message(k, p, "p_sendmsg"):
                print(line)
        if p.rts & RTS_RECEIVING:
            print(f"  receiving from {k.fmt_endpoint(p.getfrom)} into 0x{p.msgaddr:08x}")
        if p.misc & MF_DELIVERMSG:
            print(f"  to be copied to 0x{p.msgaddr:08x} before it runs: p_delivermsg")
            for line in proc_message(k, p, "p_delivermsg"):
                print(line)
        if MF_KCALL_RESTART and p.misc & MF_KCALL_RESTART and _has_field(p, "p_kcall_msg"):
            nr = int(p.value["p_kcall_nr"])
            name = KERNEL_CALLS.get(nr, "unknown")
            print(f"  suspended kernel call {nr} ({name}), to be run again: p_kcall_msg")
            for line in proc_message(k, p, "p_kcall_msg"):
                print(line)

    def callers(self, k: Kernel, p: Proc) -> None:
        queued = []
        pointer = int(p.value["p_caller_q"])
        while pointer != 0:
            index = k.index_of(pointer)
            if index is None:
                print(f"  p_caller_q: bad link 0x{pointer:08x} after {len(queued)} entries")
                break
            if len(queued) > len(k.procs):
                print("  p_caller_q: the list loops")
                break
            queued.append(k.procs[index])
            pointer = int(k.procs[index].value["p_q_link"])
        if not queued:
            print("  no senders queued (p_caller_q empty)")
            return
        print(f"  {len(queued)} queued sender(s) (p_caller_q, in order):")
        for q in queued:
            remark = " SENDREC" if q.misc & MF_REPLY_PEND else ""
            if q.misc & MF_KERNEL_MSG:
                remark = " (from the kernel)"
            if not q.rts & RTS_SENDING or q.sendto != p.endpoint:
                remark += f"  !! not sending to it (sendto {k.fmt_endpoint(q.sendto)})"
            print(f"    {q.label()}{remark}")
            for line in proc_message(k, q, "p_sendmsg", "      "):
                print(line)

    def notifications(self, k: Kernel, p: Proc) -> None:
        sources = bitmap_indices(p.value["p_notify_pending"])
        if not sources:
            print("  no notifications pending")
            return
        names = [k.procs[i].label() if i < len(k.procs) else f"bit {i}" for i in sources]
        print("  notifications pending from: " + ", ".join(names))

    def asyn(self, k: Kernel, p: Proc) -> None:
        senders = bitmap_indices(p.value["p_asyn_pending"])
        if not senders:
            print("  no SENDA senders pending")
            return
        entry_size = _type_size("asynmsg_t", 16 + MESSAGE_SIZE)
        for i in senders:
            if i >= len(k.procs):
                print(f"  SENDA pending: bit {i} is outside the table")
                continue
            s = k.procs[i]
            size = int(s.value["p_asynsize"])
            table = int(s.value["p_asyntab"])
            print(f"  SENDA pending from {s.label()}: table at 0x{table:08x}, {size} entries")
            for n in range(size):
                raw = read_user(s, table + n * entry_size, entry_size)
                if raw is None:
                    print(f"    entry {n}: not mapped")
                    break
                flags, dst, _result, _ = struct.unpack("<IiiI", raw[:16])
                if flags & AMF_VALID and not flags & AMF_DONE and dst == p.endpoint:
                    print(f"    entry {n}:")
                    for line in message_lines(k, raw[16:], "      ", "(set on delivery)"):
                        print(line)


def _has_field(p: Proc, name: str) -> bool:
    return any(f.name == name for f in p.value.type.strip_typedefs().fields())


def _type_size(name: str, default: int) -> int:
    try:
        return gdb.lookup_type(name).sizeof
    except gdb.error:
        return default


# --------------------------------------------------------------------------
# mica sym

def user_dir() -> str:
    """build/user, next to the kernel.elf GDB has loaded."""
    for objfile in gdb.objfiles():
        if objfile.is_valid() and (objfile.filename or "").endswith("kernel.elf"):
            build = os.path.dirname(os.path.dirname(objfile.filename))
            return os.path.join(build, "user")
    return os.path.join(REPO, "build", "user")


def loaded_user_objfiles() -> list[gdb.Objfile]:
    folder = os.path.realpath(user_dir())
    return [o for o in gdb.objfiles()
            if o.is_valid() and o.filename
            and os.path.dirname(os.path.realpath(o.filename)) == folder]


class SymCommand(MicaSubcommand):
    """Load one user program's symbols: mica sym NAME | cur | PROC | -

  mica sym ipctest   symbols of build/user/ipctest
  mica sym cur       of the program the current process (cur) runs
  mica sym 130     of the program a process runs (name or endpoint)
  mica sym -         unload them
  mica sym           say which program's symbols are loaded
Every program is linked at 0x40000000, so the symbols of the program
loaded before are removed first. The kernel's stay. `usersym NAME` is the
same as `mica sym NAME`."""

    name = "sym"
    whole_argument = True

    def run(self, argv: list[str]) -> None:
        if len(argv) > 1:
            fail("usage: mica sym [NAME | cur | PROC | -]")
        if not argv:
            loaded = loaded_user_objfiles()
            print("user symbols: " + (", ".join(os.path.basename(o.filename) for o in loaded)
                                      if loaded else "none"))
            return
        if argv[0] == "-":
            removed = remove_user_symbols()
            print("removed the symbols of " + (", ".join(removed) if removed else "nothing"))
            return
        program = self.program_name(argv[0])
        path = os.path.join(user_dir(), program)
        if not os.path.isfile(path):
            fail(f"no program {path} (make builds build/user/*)")
        removed = remove_user_symbols()
        gdb.execute(f"add-symbol-file {gdb_quote(path)}", to_string=True)
        note = f" (instead of {', '.join(removed)})" if removed else ""
        print(f"symbols of {os.path.relpath(path)} loaded{note}")

    def program_name(self, arg: str) -> str:
        """A file name in build/user, or the program a process runs."""
        path = os.path.join(user_dir(), arg)
        if arg != "cur" and os.path.isfile(path):
            return arg
        try:
            k = Kernel()
            p = k.cur if arg == "cur" else k.resolve(arg)
        except gdb.GdbError as e:
            if arg == "cur":
                raise
            if re.fullmatch(r"[A-Za-z_][\w.-]*", arg):   # a name, not an expression
                fail(f"no program {os.path.relpath(path)}, and no process called {arg}")
            fail(f"no program {os.path.relpath(path)}, nor a process: {e}")
        if p is None:
            fail("cur is NULL: no process has run yet")
        if p.is_task:
            fail(f"{p.label()} is a kernel task: its code is the kernel's")
        return p.name

    def complete(self, text: str, word: str) -> list[str]:
        try:
            names = sorted(f for f in os.listdir(user_dir())
                           if not f.endswith(".a") and not f.startswith("."))
        except OSError:
            names = []
        return [n for n in ["cur"] + names if n.startswith(word or "")]


def remove_user_symbols() -> list[str]:
    """Remove every user program's symbols; their names."""
    removed = []
    for objfile in loaded_user_objfiles():
        path = objfile.filename    # None once removed
        gdb.execute(f"remove-symbol-file {gdb_quote(path)}", to_string=True)
        removed.append(os.path.basename(path))
    return removed


def gdb_quote(path: str) -> str:
    """A file name as GDB's argument parser reads it back."""
    if re.fullmatch(r"[\w./+-]+", path):
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


MicaCommand()
PsCommand()
PtCommand()
MsgCommand()
SymCommand()
