"""A stand-in for qemu-system-i386, for the grader's self-tests.

Run the grader with MICA_QEMU=grade/fake_qemu.py.  The fake checks that its
command line follows the boot protocol, prints what real QEMU would show
on the console and exits the way QEMU would.  What happens is chosen by
the program modules after "init --run", taken in order:

  fakepass      prints "fakepass: one", "...: two", "...: three"; continues
  fakeecho ARGS prints "fakeecho: args=ARGS"; continues
  fakehang      prints a line, then sleeps forever
  fakepanic     prints "kernel: panic: x", exits 225 (guest status 0x70)
  fakereset [EIP]  exits 0 (a triple fault under -no-reboot); QEMU's log
                says "Triple fault", and with -d int a page fault at EIP
                (default 0x00101234), a double fault, then the reset
  fakenoboot    a kernel that dies before its boot banner: says
                "fake: no multiboot info" on stderr, then as fakereset
  fakeflood     prints without end
  fakelines     prints short lines without end
  fakecatN      prints its module file (build/user/fakecatN) line by line; continues
  fakestatusN   exits (N << 1) | 1 (guest status N)
  fakeqemuerror prints a QEMU start-up error on stderr, exits 1, no console
  fakecrash     prints an error on stderr, exits 2
  fakechild     leaves a child behind that holds the console pipe; continues
  fakewatchdog  prints the kernel's watchdog report and process dump, exits
                229 (guest status 0x72, HALT_WATCHDOG) as the watchdog does
  fakeflaky     counts its runs in build/user/fakeflaky.runs: prints
                "fakeflaky: run N" (a different console every run) and on
                every third run exits 7 (guest status 3)

The command line may end with -append TEXT (which must start with the
watchdog's "watchdog=TICKS", as the grader's always does), -icount
shift=0,align=off,sleep=off and -d cpu_reset (or int,cpu_reset) -D FILE,
QEMU's log: the fake writes a CPU reset there, as QEMU does at power-on.
Unless a program is fakenoboot, the console starts with the kernel's boot
banner (BANNER).

When every program continued, the fake exits 1 (guest status 0), as init
does.  If MICA_FAKE_PIDDIR is set, every fake process writes a file named
after its pid there, so tests can check that none survives the grader.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import TextIO

_qemu_log: TextIO | None = None   # QEMU's -D log, when asked for
_log_interrupts = False   # -d int,cpu_reset

FIXED_ARGS = [
    "-M", "pc", "-bios", "qboot.rom", "-nodefaults", "-m", "128M", "-smp", None, "-display", "none", "-monitor", "none",
    "-no-reboot", "-serial", "stdio",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    "-kernel", None, "-initrd", None,
]
OPTIONAL_ARGS = {"-append": r"watchdog=[0-9]+( .*)?", "-icount": r"shift=0,align=off,sleep=off",
                 "-d": r"(int,)?cpu_reset", "-D": r"\S+"}
BANNER = "mica: 128 MiB of RAM, {modules} boot modules, 129000 KiB free"


def main(argv: list[str]) -> int:
    _note_pid("fake_qemu")
    problem = _check_command_line(argv)
    if problem:
        return _qemu_error(problem, 1)
    smp = argv[FIXED_ARGS.index("-smp") + 1]
    initrd = argv[FIXED_ARGS.index("-initrd") + 1]
    modules = [m.split() for m in initrd.split(",")]
    names = [os.path.basename(m[0]) for m in modules]
    if names[:3] != ["vm", "ds", "init"] or modules[2][1:] != ["--run"]:
        return _qemu_error(f"bad module list {initrd!r}", 1)

    if any(n in ("fakeqemuerror", "fakecrash") for n in names):
        code = 2 if "fakecrash" in names else 1
        return _qemu_error(f"could not load multiboot module {modules[-1][0]!r}", code)

    append = argv[argv.index("-append") + 1] if "-append" in argv else ""
    ticks = append.split()[0].split("=")[1] if append else "?"
    global _qemu_log, _log_interrupts
    if "-D" in argv:
        _qemu_log = open(argv[argv.index("-D") + 1], "w")
        _log_interrupts = argv[argv.index("-d") + 1].startswith("int,")
    _log("CPU Reset (CPU 0)\nEIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n")

    if "fakenoboot" in names:
        sys.stderr.write("fake: no multiboot info\n")
        return _reset(0x00100010)
    _say(BANNER.format(modules=len(modules)))
    _say(f"fake: smp={smp}\r")
    _say(f"fake: initrd={initrd}")
    for module in modules[3:]:
        if re.fullmatch(r"fakecat[0-9]*", os.path.basename(module[0])):
            _say(Path(module[0]).read_text().rstrip("\n"))
            continue
        if os.path.basename(module[0]) == "fakeflaky":
            status = _flaky(Path(module[0] + ".runs"))
        elif os.path.basename(module[0]) == "fakewatchdog":
            status = _watchdog(ticks, "trace" in append.split())
        else:
            status = _program(os.path.basename(module[0]), module[1:])
        if status is not None:
            return status
    return 1


def _program(name: str, args: list[str]) -> int | None:
    """Act out one program; return an exit code to stop QEMU, or None."""
    status = re.fullmatch(r"fakestatus([0-9]+)", name)
    if status:
        return (int(status.group(1)) << 1) | 1
    if name == "fakepass":
        for word in ("one", "two", "three"):
            _say(f"fakepass: {word}\r")
        sys.stdout.buffer.write(b"fakepass: bytes \xff\xfe\n")
        sys.stdout.flush()
    elif name == "fakeecho":
        _say(f"fakeecho: args={' '.join(args)}")
    elif name == "fakehang":
        _say("fakehang: hanging")
        while True:
            time.sleep(3600)
    elif name == "fakepanic":
        _say("kernel: panic: x")
        return 225
    elif name == "fakereset":
        return _reset(int(args[0], 16) if args else 0x00101234)
    elif name == "fakeflood":
        block = b"flood " * 100 + b"\n"
        try:
            while True:
                sys.stdout.buffer.write(block)
        except BrokenPipeError:
            return 1
    elif name == "fakelines":
        try:
            while True:
                sys.stdout.buffer.write(b"x.\n" * 1000)
        except BrokenPipeError:
            return 1
    elif name == "fakechild":
        child = os.fork()
        if child == 0:
            while True:
                time.sleep(3600)
        _note_pid("fakechild", child)
        _say(f"fakechild: left child {child}")
    else:
        _say(f"fake: unknown program {name}")
    return None


def _watchdog(ticks: str, traced: bool) -> int:
    """What kernel/watchdog.c prints and how it halts; traced (the word
    "trace" on the kernel's command line), the trace's tail after it."""
    _say("fakewatchdog: waiting for a message that never comes")
    _say(f"kernel: watchdog: still running after {ticks} ticks of guest time: hang")
    _say(f"kernel: dump: process table at tick {ticks}:")
    _say("kernel: dump: vm(128): receiving from ANY, eip 0x4000094b")
    _say("kernel: dump: fakewatchdog(130): SENDREC: waiting for the reply from vm(128), eip 0x40000046")
    _say("kernel: dump: no cycle of waits")
    if traced:
        for line in ("proc 128 vm", "proc 130 fakewatchdog", "100 ipc 130 sendrec 128",
                     "110 deliver 130 128 0x202", "120 ipc 128 receive any"):
            _say(f"trace: {line}")
    return (0x72 << 1) | 1


def _reset(eip: int) -> int:
    """A triple fault, as QEMU logs it: with -d int the exceptions before
    it (a page fault, then a double fault), each with its registers."""
    if _log_interrupts:
        for number, (vector, error, old) in enumerate([(0x0e, 0x0002, 0xffffffff), (0x08, 0, 0x0e)]):
            _log(f"check_exception old: {old:#x} new {vector:#x}\n"
                 f"{number:6d}: v={vector:02x} e={error:04x} i=0 cpl=0 IP=0008:{eip:08x} pc={eip:08x} "
                 "SP=0010:0010f000 env->regs[R_EAX]=00000000\n"
                 f"EIP={eip:08x} EFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=0\n"
                 "CS =0008 00000000 ffffffff 00cf9a00 DPL=0 CS32 [-R-]\n"
                 "CR0=80000011 CR2=deadbeef CR3=00200000 CR4=00000010\n")
        _log("check_exception old: 0x8 new 0xe\n")
    _log("Triple fault\n")
    return 0


def _log(text: str) -> None:
    if _qemu_log is not None:
        _qemu_log.write(text)
        _qemu_log.flush()


def _flaky(counter: Path) -> int | None:
    runs = int(counter.read_text()) + 1 if counter.is_file() else 1
    counter.write_text(f"{runs}\n")
    _say(f"fakeflaky: run {runs}")
    return (3 << 1) | 1 if runs % 3 == 0 else None


def _check_command_line(argv: list[str]) -> str | None:
    fixed, extra = argv[:len(FIXED_ARGS)], argv[len(FIXED_ARGS):]
    if len(fixed) != len(FIXED_ARGS):
        return f"expected {len(FIXED_ARGS)} arguments, got {len(argv)}: {argv}"
    for index, (want, got) in enumerate(zip(FIXED_ARGS, fixed)):
        if want is not None and want != got:
            return f"argument {index}: expected {want!r}, got {got!r}"
    allowed = list(OPTIONAL_ARGS)
    while extra:
        if len(extra) < 2 or extra[0] not in allowed:
            return f"unexpected arguments {extra}"
        allowed = allowed[allowed.index(extra[0]) + 1:]   # each once, in this order
        if not re.fullmatch(OPTIONAL_ARGS[extra[0]], extra[1]):
            return f"{extra[0]} {extra[1]!r}: expected /{OPTIONAL_ARGS[extra[0]]}/"
        extra = extra[2:]
    return None


def _qemu_error(message: str, code: int) -> int:
    sys.stderr.write(f"qemu-system-i386: {message}\n")
    return code


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _note_pid(role: str, pid: int | None = None) -> None:
    directory = os.environ.get("MICA_FAKE_PIDDIR")
    if directory:
        pid = os.getpid() if pid is None else pid
        Path(directory, str(pid)).write_text(role + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
