"""How GDB finds a QEMU's GDB stub: the port, the port file, the command.

Every QEMU that waits for GDB (`make qemu-gdb`, tools/replay) gets a port
of its own, chosen when it starts. Ports used to come from the user id,
so two users who were both root (containers, shared lab machines)
collided.

Choosing a port: reserve() binds a listening socket to 127.0.0.1, on
port 0 (the kernel picks one that no socket uses) or on the port the
user asked for. QEMU does not bind the port itself: it inherits that
socket (`-chardev socket,fd=N`, see stub_options), so nothing can take
the port between the choice and QEMU's start, and no other machine can
reach the stub.

The port file: `make qemu-gdb` writes BUILD/gdb-port ("PORT PID", PID
being QEMU's) while its QEMU runs, and `make gdb` reads it through
`python3 tools/gdbport.py`, which starts GDB connected to that port or
says why it cannot (no qemu-gdb running, or it has ended).
"""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PORT_FILE = "gdb-port"     # in the build directory
GDB = "gdb"
REMOTE_TIMEOUT = 10        # seconds GDB waits for each reply (its default, 2, is short under load)


class PortError(Exception):
    """A port that cannot be had, or a port file that does not lead to a
    running QEMU: one line for the user."""


# --- choosing the port -------------------------------------------------------

def reserve(port: int = 0) -> socket.socket:
    """A socket listening on 127.0.0.1:port; port 0 picks a free one.
    The caller hands it to QEMU (stub_options) and then closes its copy."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A port left in TIME_WAIT by the previous session may be taken again;
    # Linux still refuses a port that another socket listens on.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(1)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise PortError(f"port {port} is already in use; leave PORT= (--port) out "
                            "to get a free one") \
                from None
        raise PortError(f"cannot listen on 127.0.0.1:{port}: {err.strerror}") from None
    sock.set_inheritable(True)
    return sock


def port_argument(text: str) -> int:
    """A --port value (argparse type): a port a user may ask for."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1024 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1024..65535, not {value}")
    return value


def port_of(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


def stub_options(sock: socket.socket) -> list[str]:
    """QEMU options for a GDB stub on the reserved socket, which QEMU must
    inherit (subprocess: pass_fds=[sock.fileno()]). The same attributes
    as QEMU's own `-gdb tcp:...` gives its socket."""
    return ["-chardev", f"socket,id=gdb,fd={sock.fileno()},server=on,wait=off,nodelay=on",
            "-gdb", "chardev:gdb"]


# --- the port file -----------------------------------------------------------

@dataclass(frozen=True)
class Stub:
    port: int
    pid: int       # the QEMU that listens on port


def port_file(build: Path) -> Path:
    return build / PORT_FILE


def refuse_if_running(path: Path) -> None:
    """PortError if a live QEMU owns the port file at path. A file left by
    a QEMU that has ended is simply replaced."""
    try:
        running = read_port_file(path)
    except PortError:
        return
    raise PortError(f"a `make qemu-gdb` already runs for this build (QEMU pid {running.pid}, "
                    f"port {running.port}); end it first (Ctrl-a x in its terminal)")


def write_port_file(path: Path, stub: Stub) -> None:
    """Write the port file, refusing when a live QEMU already owns it."""
    refuse_if_running(path)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(f"{stub.port} {stub.pid}\n")
    temporary.replace(path)   # `make gdb` never reads half a file


def remove_port_file(path: Path, stub: Stub) -> None:
    """Remove the port file if it is still this stub's."""
    try:
        if parse(path.read_text()) == stub:
            path.unlink()
    except (OSError, ValueError):
        pass


def read_port_file(path: Path) -> Stub:
    """The stub a running `make qemu-gdb` wrote to path, or PortError."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise PortError(f"no `make qemu-gdb` is running for {path.parent}/ ({path} does not "
                        "exist); start it in another terminal first") from None
    except OSError as err:
        raise PortError(f"cannot read {path}: {err.strerror}") from None
    try:
        stub = parse(text)
    except ValueError:
        raise PortError(f"{path} is not a port file (expected 'PORT PID'); "
                        "start `make qemu-gdb` again") from None
    if not alive(stub.pid):
        raise PortError(f"the `make qemu-gdb` that wrote {path} has ended (QEMU pid "
                        f"{stub.pid} is gone); start it again")
    return stub


def parse(text: str) -> Stub:
    port, pid = (int(field) for field in text.split())
    if not 0 < port < 65536 or pid <= 0:
        raise ValueError(text)
    return Stub(port, pid)


def alive(pid: int) -> bool:
    """Whether process pid exists and has not ended (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)      # no /proc: ask the kernel
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


# --- GDB ---------------------------------------------------------------------

def gdb_command(build: Path, port: int, gdb: str = GDB) -> list[str]:
    """GDB with Mica's .gdbinit, this build's kernel and the stub on port."""
    command = [gdb, "-q", "-nx", "-x", str(REPO_ROOT / ".gdbinit"),
               "-ex", f"set remotetimeout {REMOTE_TIMEOUT}"]
    kernel = (build / "kernel" / "kernel.elf").resolve()
    if kernel != (REPO_ROOT / "build" / "kernel" / "kernel.elf").resolve():
        command += ["-ex", f"file {kernel}"]   # .gdbinit loads build/'s kernel
    return [*command, "-ex", f"target remote 127.0.0.1:{port}"]


def main(argv: list[str] | None = None) -> int:
    """`make gdb`: GDB connected to the QEMU of `make qemu-gdb`."""
    parser = argparse.ArgumentParser(
        prog="tools/gdbport.py",
        description="Start GDB on the QEMU that `make qemu-gdb` started for this build.")
    parser.add_argument("--build", default="build", metavar="DIR")
    parser.add_argument("--port-file", metavar="FILE", help="default: BUILD/gdb-port")
    parser.add_argument("--port", type=port_argument, metavar="N",
                        help="connect to port N, without reading the port file")
    parser.add_argument("--gdb", default=GDB, metavar="COMMAND",
                        help="GDB and options of its own, as one string (default: gdb)")
    parser.add_argument("gdb_args", nargs=argparse.REMAINDER,
                        help="more GDB arguments, after --")
    args = parser.parse_args(argv)
    build = Path(args.build)
    path = Path(args.port_file) if args.port_file else port_file(build)
    try:
        port = args.port or read_port_file(path).port
    except PortError as err:
        print(f"make gdb: {err}", file=sys.stderr)
        return 1
    extra = args.gdb_args[1:] if args.gdb_args[:1] == ["--"] else args.gdb_args
    gdb, *options = shlex.split(args.gdb) or [GDB]
    command = [*gdb_command(build, port, gdb), *options, *extra]
    sys.stdout.flush()
    try:
        os.execvp(command[0], command)
    except OSError as err:
        print(f"make gdb: {command[0]}: {err.strerror}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
