"""GDB's half of bench/phases: count one operation's instructions by
function. Loaded with `-x` by bench/phases, which sets $op (the kbench
operation's name, e.g. "op_sendrec") and $skip (how many calls to let
pass first, so that the server is warm) beforehand.

It stops at the operation's first instruction in the kbench process
(every user program is linked at 0x40000000, so VM and init run code at
the same address: the stop is conditional on the kernel's ptproc), then
single-steps (QEMU steps with interrupts off, and counts each iteration
of a rep-prefixed instruction, as -icount does) until the operation
returns. It prints one line per instruction, "step PC PROGRAM": PROGRAM
is the process whose table is loaded, for a user address, or "kernel";
bench/phases finds the functions (one ELF cannot give both VM's and
kbench's symbols: they share addresses).
"""

from __future__ import annotations

import gdb  # type: ignore[import-not-found]

USER_BASE = 0x40000000


def program() -> str:
    """The program of the process whose table is loaded."""
    return gdb.parse_and_eval("ptproc->p_name").string()


def main() -> None:
    op = str(gdb.parse_and_eval("$op").format_string()).strip('"')
    skip = int(gdb.parse_and_eval("$skip"))
    gdb.execute(f"break *{op} if $_streq(ptproc->p_name, \"kbench\")", to_string=True)
    gdb.execute(f"ignore $bpnum {skip}", to_string=True)
    gdb.execute("continue", to_string=True)
    gdb.execute("delete", to_string=True)
    esp = int(gdb.parse_and_eval("$esp"))
    ret = int(gdb.parse_and_eval("*(unsigned int *)$esp"))
    while True:
        pc = int(gdb.parse_and_eval("$pc"))
        if pc == ret and int(gdb.parse_and_eval("$esp")) == esp + 4:
            break
        print(f"step {pc:#x} {program() if pc >= USER_BASE else 'kernel'}")
        gdb.execute("stepi", to_string=True)


main()
