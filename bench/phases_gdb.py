"""GDB's half of bench/phases: count one operation's instructions by
function. Loaded with `-x` by bench/phases, which sets $op (the kbench
operation's name, e.g. "op_sendrec") and $skip (how many calls to let
pass first, so that the server is warm) beforehand.

It stops at the operation's first instruction in the kbench process
(every user program is linked at 0x40000000, so VM and init run code at
the same address: the stop is conditional on the kernel's ptproc), then
single-steps (QEMU steps with interrupts off) until the operation
returns, recording in which function each instruction was. It prints
the runs (consecutive instructions in one function), in order, then the
total.
"""

from __future__ import annotations

import gdb  # type: ignore[import-not-found]

names: dict[int, str] = {}


def function_at(pc: int) -> str:
    """The function pc is in (symbols of the kernel and of kbench)."""
    if pc not in names:
        text = gdb.execute(f"info symbol {pc:#x}", to_string=True)
        names[pc] = text.split()[0] if "No symbol" not in text else f"{pc:#x}"
    return names[pc]


def main() -> None:
    op = str(gdb.parse_and_eval("$op").format_string()).strip('"')
    skip = int(gdb.parse_and_eval("$skip"))
    gdb.execute(f"break *{op} if $_streq(ptproc->p_name, \"kbench\")", to_string=True)
    gdb.execute(f"ignore $bpnum {skip}", to_string=True)
    gdb.execute("continue", to_string=True)
    gdb.execute("delete", to_string=True)
    esp = int(gdb.parse_and_eval("$esp"))
    ret = int(gdb.parse_and_eval("*(unsigned int *)$esp"))
    runs: list[list] = []
    total = 0
    while True:
        pc = int(gdb.parse_and_eval("$pc"))
        if pc == ret and int(gdb.parse_and_eval("$esp")) == esp + 4:
            break
        name = function_at(pc)
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
        total += 1
        gdb.execute("stepi", to_string=True)
    for name, count in runs:
        print(f"phase {name} {count}")
    print(f"phase total {total}")


main()
