"""Turning addresses in Mica's console output into function+offset (file:line).

These kinds of console line carry code addresses:

    NAME: stacktrace: 0x... 0x... [marker]      (kernel or user panic)
    vm: NAME(EP) killed: page fault ..., eip 0x...
    kernel: NAME(EP) killed: ... at eip 0x...
    kernel: dump: NAME(EP): STATE, eip 0x...    (process dump, watchdog.c)
    kernel: panic: vm page fault at 0x..., eip 0x...   (VM's own fault)
    kernel: ... in the kernel at eip 0x...
    and any other line naming a process NAME(EP) before an "eip 0x..."

NAME says which binary the addresses belong to: "kernel" is
build/kernel/kernel.elf, anything else build/user/NAME (the kernel keeps
PROC_NAME_LEN - 1 characters of a name, so a cut name stands for the one
program whose name starts with it). Each such line is followed by lines
that name the code, found with the binutils nm and addr2line.
Stack-trace addresses are return addresses, and a blocked process's eip
is just past its trap instruction, so their line is looked up one byte
back, at the call; a faulting eip is the instruction itself.

The console is the guest's, so anything may be on it: a trace line with
300,000 addresses, a binary nm or addr2line chokes on. At most
MAX_ADDRESSES of a line are explained (a note says how many were left),
addr2line reads them on its standard input (never its command line), and
any failure of the tools leaves the line as it is with one line "trace
not symbolized (why)" after it: symbolizing never stops a grading run.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TRACE_RE = re.compile(r"(?P<who>[A-Za-z0-9_.-]+): stacktrace:(?P<pcs>(?: 0x[0-9a-f]+)*)")
KILLED_RE = re.compile(r"(?:vm|kernel): (?P<who>[A-Za-z0-9_.-]+)\(-?\d+\) killed: .*\beip (?P<pc>0x[0-9a-f]+)")
DUMP_RE = re.compile(r"kernel: dump: (?P<who>[A-Za-z0-9_.-]+)\(-?\d+\): .*\beip (?P<pc>0x[0-9a-f]+)$")
KERNEL_EIP_RE = re.compile(r"kernel: .* in the kernel at eip (?P<pc>0x[0-9a-f]+)")
# VM cannot be sent its own page fault: the kernel panics, naming it.
VM_FAULT_RE = re.compile(r"kernel: panic: (?P<who>vm) page fault at 0x[0-9a-f]+, eip (?P<pc>0x[0-9a-f]+)")
# Any other report that names a process and then an eip: that process's.
PROCESS_EIP_RE = re.compile(r"\b(?P<who>[A-Za-z0-9_.-]+)\(-?\d+\)\W.*\beip (?P<pc>0x[0-9a-f]+)")
NAME_KEPT = 15           # PROC_NAME_LEN - 1: the kernel cuts longer names there

MAX_ADDRESSES = 64       # explained per line; a real trace has 16 (STACKTRACE_MAX)
TOOL_TIMEOUT = 20.0      # seconds for one nm or addr2line run
NOT_SYMBOLIZED = "    (trace not symbolized: {why})"


class SymbolizeError(Exception):
    """nm or addr2line could not do their part."""


@dataclass
class Binary:
    """One ELF file's function symbols, sorted by address."""

    path: Path
    addresses: list[int]
    names: list[str]

    @classmethod
    def load(cls, path: Path) -> "Binary":
        out = _tool(["nm", "-n", "--defined-only", str(path)])
        addresses: list[int] = []
        names: list[str] = []
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                addresses.append(int(parts[0], 16))
                names.append(parts[2])
        return cls(path, addresses, names)

    def in_code(self, pc: int) -> bool:
        """Does pc lie among the functions (from the first to a page past
        the last)? The symbols have no sizes, so this is a fair guess."""
        return bool(self.addresses) and self.addresses[0] <= pc < self.addresses[-1] + 4096

    def function(self, pc: int) -> str:
        i = bisect.bisect_right(self.addresses, pc) - 1
        if i < 0:
            return "?"
        return f"{self.names[i]}+0x{pc - self.addresses[i]:x}"


class Symbolizer:
    """Symbolizes console lines against the binaries in a build directory."""

    def __init__(self, build: Path, root: Path | None = None) -> None:
        self.build = build
        self.root = (root or Path.cwd()).resolve()
        self.binaries: dict[str, Binary | None] = {}
        self.available = shutil.which("nm") is not None and shutil.which("addr2line") is not None
        self.fault_pc: int | None = None   # eip of the last kernel exception

    def binary(self, who: str) -> Binary | None:
        if who not in self.binaries:
            path = (self.build / "kernel" / "kernel.elf" if who == "kernel"
                    else self._program(who))
            try:
                self.binaries[who] = Binary.load(path) if path.is_file() else None
            except SymbolizeError:
                self.binaries[who] = None
                raise
        return self.binaries[who]

    def _program(self, who: str) -> Path:
        """build/user/who, or for a name the kernel cut, the one program
        whose name starts with it."""
        path = self.build / "user" / who
        if path.is_file() or len(who) < NAME_KEPT or "/" in who:
            return path
        longer = [p for p in (self.build / "user").glob(f"{who}*") if p.is_file()]
        return longer[0] if len(longer) == 1 else path

    def where(self, binary: Binary, pcs: list[int]) -> list[str]:
        """file:line of each pc, relative to the repository when inside it."""
        out = _tool(["addr2line", "-e", str(binary.path)],
                    "".join(f"{pc:#x}\n" for pc in pcs)).splitlines()
        places = []
        for line in out + ["??:0"] * (len(pcs) - len(out)):
            line = line.split(" (discriminator")[0]
            path, _, number = line.rpartition(":")
            try:
                path = str(Path(path).resolve().relative_to(self.root))
            except ValueError:
                pass
            places.append(f"{path}:{number}")
        return places

    def describe(self, who: str, pcs: list[int], returns: int) -> list[str]:
        """One "func+off (file:line)" per pc, or [] if who's binary is unknown.
        The pcs from index `returns` on are return addresses, whose call is
        the instruction before."""
        binary = self.binary(who) if self.available else None
        if binary is None or not pcs:
            return []
        lookup = [pc - 1 if i >= returns and pc > 0 else pc for i, pc in enumerate(pcs)]
        places = self.where(binary, lookup)
        return [f"{binary.function(pc)} ({place})" for pc, place in zip(lookup, places)]

    def expand(self, line: str) -> list[str]:
        """The lines that explain line's addresses (none for most lines);
        never raises: a failure is one "trace not symbolized" line."""
        try:
            return self._expand(line)
        except Exception as err:  # noqa: BLE001 - whatever the console holds, grading goes on
            return [NOT_SYMBOLIZED.format(why=str(err).splitlines()[0][:120] if str(err) else
                                          type(err).__name__)]

    def _expand(self, line: str) -> list[str]:
        m = TRACE_RE.search(line)
        if m:
            words = m.group("pcs").split()
            pcs = [int(word, 16) for word in words[:MAX_ADDRESSES]]
            # A trace taken at a kernel exception starts with the faulting
            # instruction itself, which the report before it named.
            exact = 1 if m.group("who") == "kernel" and pcs and pcs[0] == self.fault_pc else 0
            names = self.describe(m.group("who"), pcs, returns=exact)
            out = [f"    #{i} 0x{pc:08x} {name}" for i, (pc, name) in enumerate(zip(pcs, names))]
            if len(words) > MAX_ADDRESSES and names:
                out.append(f"    ({len(words) - MAX_ADDRESSES} more addresses not symbolized)")
            return out
        m = DUMP_RE.search(line)
        if m:
            # A blocked process's eip is just past its trap instruction:
            # look it up as a return address, at the trap.
            names = self.describe(m.group("who"), [int(m.group("pc"), 16)], returns=0)
            return [f"    at {name}" for name in names]
        m = KERNEL_EIP_RE.search(line)
        if m:
            self.fault_pc = int(m.group("pc"), 16)
            names = self.describe("kernel", [self.fault_pc], returns=1)
            return [f"    at {name}" for name in names]
        # A faulting eip is the instruction itself.
        m = KILLED_RE.search(line) or VM_FAULT_RE.search(line) or PROCESS_EIP_RE.search(line)
        if m:
            names = self.describe(m.group("who"), [int(m.group("pc"), 16)], returns=1)
            return [f"    at {name}" for name in names]
        return []

    def lines(self, lines: list[str]) -> list[str]:
        """lines with each one's explanation after it."""
        out: list[str] = []
        for line in lines:
            out.append(line)
            out.extend(self.expand(line))
        return out


def _tool(command: list[str], stdin: str | None = None) -> str:
    """Run nm or addr2line; its output, or SymbolizeError."""
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True,
                              errors="replace", timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SymbolizeError(f"{command[0]} took over {TOOL_TIMEOUT:.0f} s") from None
    except OSError as err:
        raise SymbolizeError(f"{command[0]}: {err.strerror or err}") from None
    if done.returncode != 0:
        raise SymbolizeError(f"{command[0]} failed: {done.stderr.strip()[:100]}")
    return done.stdout
