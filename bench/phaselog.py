"""Reading bench/phases' traces: QEMU's log of one operation's
instructions (-d exec,nochain,cpu, one instruction a block), and the
choice of the call to report when GDB traced two."""

from __future__ import annotations

import re

TRACE = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
CR3 = re.compile(r"CR3=([0-9a-f]+)")
USER_BASE = 0x40000000

# The stubs of the hardware interrupts (kernel/arch/i386/arch.h's
# IRQ_VECTOR(0..15)): a clock tick is no part of the operation, and the
# figures leave out the batches a tick lands in.
IRQ_STUBS = frozenset(f"kernel:trap_{0x40 + irq}" for irq in range(16))


def logged_steps(log: str, spaces: dict[int, str]) -> list[tuple[int, str]]:
    """(pc, program) of each instruction in the text of QEMU's log:
    "kernel" below the user base, else the program of the process whose
    CR3 the registers beside it show (spaces: CR3 to program)."""
    steps: list[tuple[int, str]] = []
    pc = None
    for line in log.splitlines():
        if (m := TRACE.match(line)) is not None:
            pc = int(m.group(1), 16)
        elif pc is not None and (m := CR3.search(line)) is not None:
            cr3 = int(m.group(1), 16)
            steps.append((pc, "kernel" if pc < USER_BASE else spaces.get(cr3, f"cr3:{cr3:#x}")))
            pc = None
    return steps


def operation(traced: list[list[str]], entry: str) -> list[str] | None:
    """The steps (program:function each) of the operation, from the
    traces of calls of it: each from entry (its first function) on, for
    a tick due while GDB held the machine is taken as it goes on, before
    the operation's first instruction; the first trace that no interrupt
    reached, else the first. None when no trace reached entry."""
    calls = [names[names.index(entry):] for names in traced if entry in names]
    if not calls:
        return None
    return next((c for c in calls if IRQ_STUBS.isdisjoint(c)), calls[0])
