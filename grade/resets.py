"""Explaining a machine reset: the last exceptions before a triple fault.

Every grader run has QEMU log its CPU resets (-d cpu_reset), which is how
a triple fault is told from another reset ("Triple fault" in the log).
What led to it is only in -d int's log, one record per interrupt and
exception with the registers: far too big to keep for every run (one
passing run wrote 65 MB). So a run that ends in a reset is run again,
the same run under -icount, with -d int into the runner's bounded tail,
and the last exception records before the reset are quoted:

     2: v=0e e=0002 i=0 cpl=0 IP=0008:00101234 pc=00101234 SP=0010:...
    EIP=00101234 EFL=00000046 [---Z-P-] CPL=0 ...
    CS =0008 00000000 ffffffff 00cf9a00 DPL=0 CS32 [-R-]
    CR0=80000011 CR2=deadbeef CR3=00200000 CR4=00000010
    check_exception old: 0x8 new 0xe
    Triple fault

as one line each (vector and name, error code, EIP and CR2, the CPU's
mode) with the kernel's function and line under a kernel-mode EIP, and
under a CR2 that falls in the kernel's code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from symbolizer import Symbolizer  # noqa: E402

from grade import qemu, runner  # noqa: E402
from grade.verdict import TRIPLE_FAULT, Verdict  # noqa: E402

RECORD_RE = re.compile(r"^\s*\d+: v=(?P<vector>[0-9a-f]{2}) e=(?P<error>[0-9a-f]{4}) i=(?P<soft>\d) "
                       r"cpl=(?P<cpl>\d) IP=[0-9a-f]{4}:(?P<eip>[0-9a-f]{8})")
REGISTER_RE = re.compile(r"\b(?P<name>CR0|CR2|EFL)=(?P<value>[0-9a-f]+)")
CODE_SEGMENT_RE = re.compile(r"^CS =.*\b(?P<size>CS16|CS32|CS64)\b")
LAST_EXCEPTION_RE = re.compile(r"^check_exception old: 0x(?P<old>[0-9a-f]+) new 0x(?P<new>[0-9a-f]+)")
SHOWN = 4          # exception records quoted
TITLE = "the last exceptions before the reset (the run again, with QEMU -d int)"

EXCEPTIONS = {
    0x00: "divide error", 0x01: "debug", 0x02: "NMI", 0x03: "breakpoint", 0x04: "overflow",
    0x05: "bound range", 0x06: "invalid opcode", 0x07: "device not available",
    0x08: "double fault", 0x0a: "invalid TSS", 0x0b: "segment not present",
    0x0c: "stack fault", 0x0d: "general protection", 0x0e: "page fault", 0x10: "x87 error",
    0x11: "alignment check", 0x12: "machine check", 0x13: "SIMD error",
}


@dataclass
class Record:
    """One interrupt or exception as -d int logged it."""
    vector: int
    error: int
    software: bool      # an int instruction
    cpl: int
    eip: int
    cr0: int = 0
    cr2: int = 0
    eflags: int = 0
    code_size: str = ""


def records(log: str) -> list[Record]:
    """The exception and interrupt records of a -d int log, in order."""
    found: list[Record] = []
    for line in log.splitlines():
        m = RECORD_RE.match(line)
        if m:
            found.append(Record(int(m["vector"], 16), int(m["error"], 16), m["soft"] == "1",
                                int(m["cpl"]), int(m["eip"], 16)))
            continue
        if not found:
            continue
        for reg in REGISTER_RE.finditer(line):
            value = int(reg["value"], 16)
            if reg["name"] == "CR0":
                found[-1].cr0 = value
            elif reg["name"] == "CR2":
                found[-1].cr2 = value
            else:
                found[-1].eflags = value
        segment = CODE_SEGMENT_RE.match(line)
        if segment:
            found[-1].code_size = segment["size"]
    return found


def mode(record: Record) -> str:
    """The CPU's mode when the record was logged, in words."""
    if not record.cr0 & 1:
        return "real mode"
    if record.eflags & (1 << 17):
        return "virtual-8086 mode"
    bits = {"CS16": "16-bit", "CS32": "32-bit", "CS64": "64-bit"}.get(record.code_size, "?-bit")
    paging = "paging on" if record.cr0 & (1 << 31) else "paging off"
    ring = "kernel" if record.cpl == 0 else "user" if record.cpl == 3 else f"ring {record.cpl}"
    return f"protected mode, {bits} code, {paging}, cpl {record.cpl} ({ring})"


def describe(log: str, explain_kernel_pc: Callable[[int, bool], str | None]) -> list[str]:
    """The report of a reset from a -d int log: one line per exception
    record (the last SHOWN), each kernel-mode EIP explained by
    explain_kernel_pc(pc, is_cr2) (None: nothing to add), then how it
    ended. Empty when the log holds no record."""
    cut = log.rfind(TRIPLE_FAULT)
    before = log[:cut] if cut >= 0 else log
    shown = [r for r in records(before) if r.vector < 0x20 and not r.software][-SHOWN:]
    if not shown:
        return []
    out: list[str] = []
    for record in shown:
        name = EXCEPTIONS.get(record.vector, "reserved")
        line = (f"vector {record.vector:#04x} ({name}), error code {record.error:#x}, "
                f"eip {record.eip:#010x}")
        if record.vector == 0x0e:
            line += f", cr2 {record.cr2:#010x}"
        out.append(f"{line}; {mode(record)}")
        if record.cpl == 0:
            where = explain_kernel_pc(record.eip, False)
            if where:
                out.append(f"    at {where}")
            code = explain_kernel_pc(record.cr2, True) if record.vector == 0x0e else None
            if code:
                out.append(f"    cr2 is code: {code}")
        else:
            out.append("    (user mode: the eip is a program's, not the kernel's)")
    last = [m for line in before.splitlines() if (m := LAST_EXCEPTION_RE.match(line))]
    if cut >= 0 and last and int(last[-1]["old"], 16) == 0x08:
        new = int(last[-1]["new"], 16)
        out.append(f"then a {EXCEPTIONS.get(new, 'reserved')} ({new:#04x}) while delivering the "
                   "double fault: triple fault, the CPU resets")
    elif cut >= 0:
        out.append("then: triple fault, the CPU resets")
    return out


def kernel_explainer(symbolizer: Symbolizer) -> Callable[[int, bool], str | None]:
    """describe()'s explain_kernel_pc from a tools/symbolizer.py
    Symbolizer: function+offset (file:line) of a kernel address; for a
    CR2, only when it lies in the kernel's code."""
    def explain(pc: int, is_cr2: bool) -> str | None:
        try:
            binary = symbolizer.binary("kernel") if symbolizer.available else None
            if binary is None or (is_cr2 and not binary.in_code(pc)):
                return None
            names = symbolizer.describe("kernel", [pc], returns=1)
        except Exception:  # noqa: BLE001 - a report without names is still a report
            return None
        return names[0] if names else None
    return explain


def rerun(command: list[str], timeout: float, log_path: Path, symbolizer: Symbolizer) -> list[str]:
    """Run a test's command again with -d int (the same run, in guest
    time) and describe how it reset; the rerun's console and the tail of
    its log go beside log_path (NAME.int.log, NAME.int.qemu.log)."""
    again = runner.run(command, timeout, log_path.with_suffix(".int.log"),
                       qemu_log=qemu.log_options(interrupts=True))
    report = describe(again.qemu_log, kernel_explainer(symbolizer))
    if report:
        return report
    how = "it did not reset" if again.exit_code != 0 else "no exception was logged before it"
    return [f"(the run again with -d int says nothing: {how})"]


def with_report(verdict: Verdict, report: list[str]) -> Verdict:
    """verdict with a reset's report as (or after) its dump."""
    if verdict.dump:
        return replace(verdict, dump=(*verdict.dump, f"{TITLE}:", *(f"    {line}" for line in report)))
    return replace(verdict, dump=tuple(report), dump_title=TITLE)
