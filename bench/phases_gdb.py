"""GDB's half of bench/phases: have QEMU log one operation's instructions.
Loaded with `-x` by bench/phases, which sets $op (the kbench operation's
name, e.g. "op_sendrec"), $skip (how many calls to let pass first, so
that the server is warm) and $logs (the directory of the logs)
beforehand.

It stops at the operation's first instruction in the kbench process
(every user program is linked at 0x40000000, so VM and init run code at
the same address: the stop is conditional on the kernel's ptproc), turns
on QEMU's log of every instruction executed, with the registers
(`monitor one-insn-per-tb on`, called `singlestep on` before QEMU 8.1;
`monitor log exec,nochain,cpu`), lets the
operation run to its return, and turns the log off; twice, the calls
one after the other, into LOGS/call1.log and LOGS/call2.log (a clock
tick can land in one of them, not in both). QEMU's log, not
GDB's stepi, is the trace: stepping through QEMU's gdbstub passed over
runs of instructions unseen (the round trip's call traced 730 by stepi,
779 in QEMU's log, its figure 778 and the empty call's return), and the
log counts each iteration of a rep-prefixed instruction, as -icount
does. A monitor command QEMU does not know answers with a message
instead of failing; so each answer is checked, and one that is not
empty ends the trace.

It then prints "space CR3 NAME" for each process with a page table, so
that bench/phases can name the program of a user address by the CR3 the
log shows beside it.
"""

from __future__ import annotations

import gdb  # type: ignore[import-not-found]


def spaces() -> None:
    """A line for each process's table: its CR3 and its name."""
    table = gdb.parse_and_eval("proc_table")
    first, last = table.type.range()
    for i in range(first, last + 1):
        p = table[i]
        cr3 = int(p["p_cr3"])
        if cr3 != 0:
            print(f"space {cr3:#x} {p['p_name'].string()}")


def string(name: str) -> str:
    """The value of GDB's convenience variable name, a string."""
    return str(gdb.parse_and_eval(name).format_string()).strip('"')


def monitor(command: str) -> str:
    """Have QEMU's monitor run command; its answer (empty when it did)."""
    return gdb.execute(f"monitor {command}", to_string=True).strip()


def checked(command: str) -> None:
    """Run a monitor command that must succeed in silence."""
    answer = monitor(command)
    if answer:
        raise gdb.GdbError(f"QEMU's monitor answered {command!r} with: {answer}")


def one_instruction_a_block() -> None:
    """Make QEMU translate one instruction a block, so that its log has
    a line for each instruction: the command's name since QEMU 8.1,
    then its older name."""
    if monitor("one-insn-per-tb on"):
        checked("singlestep on")


def trace_call(log: str) -> None:
    """Stopped at the operation's entry: log its instructions up to its
    return."""
    esp = int(gdb.parse_and_eval("$esp"))
    ret = int(gdb.parse_and_eval("*(unsigned int *)$esp"))
    spaces()
    gdb.execute(f"break *{ret:#x} if $esp == {esp + 4:#x} && $_streq(ptproc->p_name, \"kbench\")",
                to_string=True)
    checked(f"logfile {log}")
    checked("log exec,nochain,cpu")
    gdb.execute("continue", to_string=True)
    checked("log none")
    gdb.execute("delete $bpnum", to_string=True)
    spaces()
    print(f"traced {log}")


def main() -> None:
    op = string("$op")
    logs = string("$logs")
    gdb.execute(f"break *{op} if $_streq(ptproc->p_name, \"kbench\")", to_string=True)
    entry = int(gdb.parse_and_eval("$bpnum"))
    gdb.execute(f"ignore {entry} {int(gdb.parse_and_eval('$skip'))}", to_string=True)
    gdb.execute("continue", to_string=True)
    one_instruction_a_block()
    for call in (1, 2):
        gdb.execute(f"disable {entry}", to_string=True)
        trace_call(f"{logs}/call{call}.log")
        gdb.execute(f"enable {entry}", to_string=True)
        if call == 1:
            gdb.execute("continue", to_string=True)


main()
