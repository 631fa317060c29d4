"""`make qemu-gdb`: boot QEMU stopped, its GDB stub on a free port.

    python3 tools/qemugdb.py [--build DIR] [--port N] -- QEMU COMMAND...
    python3 tools/qemugdb.py [--build DIR] [--port N] --test NAME

The first form runs the given QEMU command (the Makefile's, booting to
init's prompt); the second boots grader test NAME exactly as the grader
does (grade.qemu.command_line: the same modules, arguments and CPUs),
with the serial console on this terminal instead. Either way QEMU gets
`-S` and a GDB stub on 127.0.0.1, on port N or a free one
(tools/gdbport.py), and the port goes to BUILD/gdb-port for `make gdb`
while QEMU runs. QEMU ends with this tool, however it ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import gdbport  # noqa: E402
from grade import qemu  # noqa: E402
from grade.registry import RegistryError, load_tests  # noqa: E402
from lifetime import die_with_parent  # noqa: E402

TESTS_ENV = "MICA_TESTS"       # the grader's developer setting, honoured here too


class Failure(Exception):
    """One line for the user, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        build = Path(args.build)
        command = test_command(args.test, build) if args.test else args.command
        return run(command, args.port, Path(args.port_file or gdbport.port_file(build)))
    except (Failure, gdbport.PortError) as err:
        print(f"qemu-gdb: {err}", file=sys.stderr)
        return 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tools/qemugdb.py",
        description="Boot QEMU stopped, waiting for GDB on a free port (make qemu-gdb).")
    parser.add_argument("--build", default="build", metavar="DIR")
    parser.add_argument("--port", type=gdbport.port_argument, default=0, metavar="N",
                        help="the GDB port (default: a free one)")
    parser.add_argument("--port-file", metavar="FILE", help="default: BUILD/gdb-port")
    parser.add_argument("--test", metavar="NAME", help="boot grader test NAME")
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="-- and the QEMU command (without --test)")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if bool(args.test) == bool(args.command):
        parser.error("give either --test NAME or -- QEMU COMMAND")
    return args


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)     # through the finally that stops QEMU


def test_command(name: str, build: Path) -> list[str]:
    """Test name's QEMU command as the grader has it, the console on this
    terminal (with QEMU's Ctrl-a commands) rather than the grader's pipe."""
    if " " in name.strip():
        raise Failure(f"T= names one test here, not {name!r}")
    try:
        tests = load_tests(os.environ.get(TESTS_ENV) or None)
    except RegistryError as err:
        raise Failure(str(err)) from None
    test = next((t for t in tests if t.name == name), None)
    if test is None:
        raise Failure(f"unknown test {name!r} (grade/grade --list lists the tests)")
    for path in qemu.needed_files(test, build):
        if not path.is_file():
            raise Failure(f"{path} not found; run `make` first")
    command = qemu.command_line(test, build)
    command[command.index("-serial") + 1] = "mon:stdio"
    return command


def run(command: list[str], port: int, port_file: Path) -> int:
    gdbport.refuse_if_running(port_file)
    stub = gdbport.reserve(port)
    try:
        chosen = gdbport.port_of(stub)
        full = [*command, "-S", *gdbport.stub_options(stub)]
        try:
            proc = subprocess.Popen(full, pass_fds=[stub.fileno()], preexec_fn=die_with_parent())
        except OSError as err:
            raise Failure(f"{command[0]}: {err.strerror or err}") from None
    finally:
        stub.close()                   # QEMU holds the port now
    record = gdbport.Stub(chosen, proc.pid)
    try:
        gdbport.write_port_file(port_file, record)
        print(f"*** QEMU waits for GDB on 127.0.0.1:{chosen}: run 'make gdb' in another "
              "terminal. Quit: Ctrl-a x", file=sys.stderr, flush=True)
        # The terminal is QEMU's; Ctrl-C there goes to the guest.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        gdbport.remove_port_file(port_file, record)


if __name__ == "__main__":
    sys.exit(main())
