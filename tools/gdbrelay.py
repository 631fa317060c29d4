"""A relay between GDB and a replaying QEMU that notices when QEMU hangs.

QEMU 7.2 can deadlock in record/replay while it goes backwards: after a
reverse-continue or reverse-step its threads all sleep, it never answers,
and GDB waits for ever. On a loaded machine this happened in most
interactive tries. GDB cannot tell; the relay can, because it sees the
traffic: tools/replay lets GDB connect to the relay, and the relay
connects to QEMU's stub and passes every byte on, unchanged, both ways.

It reads just enough of GDB's remote protocol to know when a backwards
command is waiting for its answer: a packet is `$payload#xx`; GDB asks
QEMU to go back with `bc` (reverse continue, also used by reverse-finish)
and `bs` (reverse step), and QEMU answers with a stop packet. `$` never
appears inside a payload (binary data escapes it), so a `$` from QEMU
means the answer has begun.

While such a question is open the relay samples QEMU's CPU time from
/proc. Going backwards means reloading the start snapshot and replaying
forward, which uses CPU all the way, so a QEMU that has used none for
idle_limit seconds, with no thread even ready to run, is deadlocked; a
question open longer than time_limit is given up too (the answer could
only take that long if something else is wrong). Either way the relay
kills QEMU, closes GDB's connection ("Remote connection closed" in GDB),
and reports it once, with what to do.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REVERSE_PACKETS = {b"bc": "reverse-continue", b"bs": "reverse-step"}
IDLE_LIMIT = 3.0         # seconds without CPU that mean a deadlock
TICK = 0.1               # seconds between two looks at QEMU
CONNECT_WAIT = 5.0       # seconds to reach QEMU's stub when GDB connects


@dataclass(frozen=True)
class Stall:
    """A backwards command that QEMU did not answer."""
    command: str         # "reverse-continue" or "reverse-step"
    seconds: float       # the limit that ran out
    reason: str          # how it was seen, for the message


class Relay:
    """Relay GDB connections on listener to the stub at 127.0.0.1:qemu_port
    and watch the QEMU with pid qemu_pid while a backwards command waits.
    report receives each message meant for the user."""

    def __init__(self, listener: socket.socket, qemu_port: int, qemu_pid: int,
                 time_limit: float, report: Callable[[str], None],
                 idle_limit: float = IDLE_LIMIT) -> None:
        self.listener = listener
        self.qemu_port = qemu_port
        self.qemu_pid = qemu_pid
        self.time_limit = time_limit
        self.idle_limit = idle_limit
        self.report = report
        self.stall: Stall | None = None          # set once QEMU was ended for hanging
        # Called with the command's name as a backwards command goes to QEMU
        # (tools/replay-selftest stops QEMU there, to imitate the deadlock).
        self.on_reverse: Callable[[str], None] | None = None
        self._gdb: socket.socket | None = None
        self._qemu: socket.socket | None = None
        self._selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gdb-relay", daemon=True)
        # GDB -> QEMU packet scanner: inside a packet?, its first bytes.
        self._in_packet = False
        self._head = b""
        # The open backwards command: its name, when it was sent, and the
        # last time QEMU was seen making progress (with its CPU time then).
        self._waiting: str | None = None
        self._sent = 0.0
        self._progress = 0.0
        self._cpu: int | None = None

    def start(self) -> None:
        self._selector.register(self.listener, selectors.EVENT_READ)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._disconnect()
        self._selector.close()
        self.listener.close()

    # --- passing bytes on ----------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            for key, _ in self._selector.select(TICK):
                if key.fileobj is self.listener:
                    self._accept()
                elif key.fileobj is self._gdb:
                    self._pass(from_gdb=True)
                elif key.fileobj is self._qemu:
                    self._pass(from_gdb=False)
            self._watch()

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        if self._gdb is not None:
            conn.close()       # QEMU's stub serves one GDB at a time
            return
        try:
            qemu = socket.create_connection(("127.0.0.1", self.qemu_port), CONNECT_WAIT)
        except OSError as err:
            conn.close()
            self.report(f"cannot reach QEMU's GDB stub ({err.strerror or err}): "
                        "QEMU has probably ended")
            return
        qemu.settimeout(None)
        qemu.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._gdb, self._qemu = conn, qemu
        self._selector.register(conn, selectors.EVENT_READ)
        self._selector.register(qemu, selectors.EVENT_READ)
        self._in_packet, self._head, self._waiting = False, b"", None

    def _pass(self, from_gdb: bool) -> None:
        source, target = (self._gdb, self._qemu) if from_gdb else (self._qemu, self._gdb)
        assert source is not None and target is not None
        try:
            data = source.recv(65536)
            if not data:
                self._disconnect()
                return
            if from_gdb:
                self._scan(data)
            elif b"$" in data:
                self._waiting = None     # QEMU has begun to answer
            target.sendall(data)
        except OSError:
            self._disconnect()

    def _disconnect(self) -> None:
        for sock in (self._gdb, self._qemu):
            if sock is not None:
                try:
                    self._selector.unregister(sock)
                except (KeyError, ValueError):
                    pass
                sock.close()
        self._gdb = self._qemu = None
        self._waiting = None

    def _scan(self, data: bytes) -> None:
        """Follow GDB's packets; note a backwards command when one ends."""
        for byte in data:
            char = bytes([byte])
            if not self._in_packet:
                if char == b"$":
                    self._in_packet, self._head = True, b""
            elif char == b"#":
                self._in_packet = False
                command = REVERSE_PACKETS.get(self._head)
                if command is not None:
                    now = time.monotonic()
                    self._waiting, self._sent, self._progress = command, now, now
                    self._cpu = cpu_ticks(self.qemu_pid)
                    if self.on_reverse is not None:
                        self.on_reverse(command)
            elif len(self._head) < 2:
                self._head += char

    # --- watching QEMU -------------------------------------------------------

    def _watch(self) -> None:
        if self._waiting is None:
            return
        now = time.monotonic()
        cpu = cpu_ticks(self.qemu_pid)
        if cpu is None:
            return               # QEMU has gone; the connection closes by itself
        if cpu != self._cpu or any_runnable(self.qemu_pid):
            self._cpu, self._progress = cpu, now
        if now - self._progress >= self.idle_limit:
            self._give_up(Stall(self._waiting, self.idle_limit,
                                f"QEMU has used no CPU for {self.idle_limit:g} s"))
        elif now - self._sent >= self.time_limit:
            self._give_up(Stall(self._waiting, self.time_limit,
                                f"no answer in {self.time_limit:g} s"))

    def _give_up(self, stall: Stall) -> None:
        self.stall = stall
        try:
            os.kill(self.qemu_pid, signal.SIGKILL)   # a deadlocked QEMU ignores SIGTERM
        except ProcessLookupError:
            pass
        self.report(f"{stall.command} got no answer: {stall.reason}. This is QEMU 7.2's "
                    f"replay deadlock (timeout {stall.seconds:g} s); QEMU (pid "
                    f"{self.qemu_pid}) is ended, so GDB loses its connection.")
        self._disconnect()       # after the report: GDB's prompt comes back below it


def _task_states(pid: int) -> list[str]:
    states = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
            except (OSError, IndexError):
                pass
    except OSError:
        pass
    return states


def cpu_ticks(pid: int) -> int | None:
    """User plus system CPU time of process pid, all threads, in clock
    ticks; None once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[11]) + int(fields[12])     # utime, stime (proc(5))


def any_runnable(pid: int) -> bool:
    """Whether a thread of pid is running or ready to run (state R)."""
    return "R" in _task_states(pid)
