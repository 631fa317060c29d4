"""Running one QEMU: start it, collect its console, stop it, clean up.

Each QEMU runs in its own session, so its process group can be killed as a
whole and a Ctrl-C in the terminal reaches only the grader, which then
kills every QEMU it started (kill_all).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

# A guest that floods the console is stopped at either limit, so that
# neither the log file nor the lines kept in memory grow without end.
OUTPUT_LIMIT = 4 * 1024 * 1024   # console bytes kept (and logged) per run
LINE_LIMIT = 50_000              # console lines kept per run
STDERR_LIMIT = 64 * 1024         # QEMU stderr bytes kept per run
# QEMU's own log (-d ... -D) comes through a pipe and only its end is
# kept: -d int writes a register dump per interrupt, 65 MB in one run.
QEMU_LOG_TAIL = 256 * 1024
READ_SIZE = 64 * 1024


@dataclass
class RunResult:
    """What happened to one QEMU run; judging it is verdict.py's job."""
    exit_code: int | None          # QEMU's exit code, negative for a signal
    lines: list[str] = field(default_factory=list)  # console lines, \r stripped
    stderr: str = ""
    seconds: float = 0.0
    timed_out: bool = False        # we killed it when its time ran out
    output_exceeded: bool = False  # we killed it when the console got too big (a limit)
    start_error: str | None = None  # QEMU could not be started at all
    qemu_log: str = ""             # the end of QEMU's -d log, when one was asked for


class Interrupted(Exception):
    """The grader is shutting down; no new QEMU is started."""


_lock = threading.Lock()
_running: dict[int, subprocess.Popen[bytes]] = {}
_stopping = False


def kill_all() -> None:
    """Kill every running QEMU and refuse to start more.  Safe to call from
    a signal handler in the main thread (runs happen in worker threads)."""
    global _stopping
    with _lock:
        _stopping = True
        for pid in list(_running):
            _kill_group(pid)


def run(command: list[str], timeout: float, log_path: Path,
        limit: int = OUTPUT_LIMIT,
        qemu_log: Callable[[str], list[str]] | None = None) -> RunResult:
    """Run command until it exits, times out or floods the console.

    The console (stdout) is written to log_path as it arrives. With
    qemu_log, QEMU also writes its -d log into a pipe: qemu_log(path)
    gives the options that name the pipe's path, the last QEMU_LOG_TAIL
    bytes are kept in the result and written to log_path's .qemu.log.
    """
    try:
        log = open(log_path, "wb")
    except OSError as err:
        return RunResult(exit_code=None, start_error=f"cannot write {log_path}: {err.strerror}")
    debug: Tail | None = None
    pass_fds: tuple[int, ...] = ()
    if qemu_log is not None:
        read_end, write_end = os.pipe()
        debug, pass_fds = Tail(read_end, QEMU_LOG_TAIL), (write_end,)
        command = [*command, *qemu_log(f"/dev/fd/{write_end}")]
    with log:
        start = time.monotonic()
        try:
            proc = _start(command, pass_fds)
        except (OSError, Interrupted) as err:
            if debug is not None:
                debug.close()
            if isinstance(err, Interrupted):
                raise
            return RunResult(exit_code=None, start_error=f"{command[0]}: {err.strerror or err}")
        finally:
            for fd in pass_fds:
                os.close(fd)     # QEMU holds it now: its exit is the log's end
        console = Console(log, limit)
        try:
            result = _collect(proc, console, start + timeout, debug)
        finally:
            _kill_group(proc.pid)      # stragglers too; the leader is not yet reaped
            with _lock:
                _running.pop(proc.pid, None)
            proc.wait()
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
            if debug is not None:
                debug.close()
        console.finish()
        result.lines = console.lines
        result.output_exceeded = console.full
        result.exit_code = None if (result.timed_out or console.full) else proc.returncode
        result.seconds = time.monotonic() - start
        if debug is not None:
            result.qemu_log = debug.text()
            try:
                log_path.with_suffix(".qemu.log").write_text(result.qemu_log, encoding="utf-8")
            except OSError:
                pass
        return result


def _start(command: list[str], pass_fds: tuple[int, ...] = ()) -> subprocess.Popen[bytes]:
    with _lock:
        if _stopping:
            raise Interrupted()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, bufsize=0, start_new_session=True,
                                pass_fds=pass_fds)
        _running[proc.pid] = proc
        return proc


def _collect(proc: subprocess.Popen[bytes], console: Console, deadline: float,
             debug: Tail | None = None) -> RunResult:
    """Read stdout, stderr (and QEMU's log) until QEMU exits, the deadline
    passes or the console limit is hit.  Returns a result without lines
    or exit code."""
    assert proc.stdout is not None and proc.stderr is not None
    result = RunResult(exit_code=None)
    errors = StderrText(STDERR_LIMIT)
    pidfd = _pidfd(proc.pid)
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ, console)
        selector.register(proc.stderr, selectors.EVENT_READ, errors)
        for pipe in (proc.stdout, proc.stderr):
            os.set_blocking(pipe.fileno(), False)
        if debug is not None:
            selector.register(debug.fd, selectors.EVENT_READ, debug)
            os.set_blocking(debug.fd, False)
        if pidfd is not None:
            selector.register(pidfd, selectors.EVENT_READ, None)
        open_pipes = 2 if debug is None else 3
        exited = False
        # With a pidfd, run until QEMU exits; without one, until both pipes
        # close (QEMU's exit closes them) and then wait for it below.
        while not exited and not console.full and (pidfd is not None or open_pipes):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                result.timed_out = True
                break
            for key, _ in selector.select(remaining):
                if key.data is None:
                    exited = True     # drain below, after the pipes
                elif _read(key.fd, key.data) is False:
                    selector.unregister(key.fileobj)
                    open_pipes -= 1
        if exited:
            # QEMU is gone: take what it left in the pipes, but don't wait for
            # an end of file that a leftover child holding a pipe would delay.
            for key in list(selector.get_map().values()):
                while key.data is not None and not console.full and _read(key.fd, key.data):
                    pass
    if pidfd is not None:
        os.close(pidfd)
    elif not (result.timed_out or console.full):
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            result.timed_out = True
    result.stderr = errors.text()
    return result


def _read(fd: int, sink: Console | StderrText | Tail) -> bool | None:
    """One read from a non-blocking pipe into sink: True if data came,
    False at end of file, None if nothing is waiting."""
    try:
        data = os.read(fd, READ_SIZE)
    except BlockingIOError:
        return None
    if not data:
        return False
    sink.feed(data)
    return True


class Console:
    """The serial console of one run: kept as lines, copied to the log as it
    arrives, cut off at limit bytes or after line_limit lines."""

    def __init__(self, log: BinaryIO, limit: int, line_limit: int = LINE_LIMIT) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.full = False
        self._log = log
        self._limit = limit
        self._line_limit = line_limit
        self._newlines = 0
        self._partial = bytearray()

    def feed(self, data: bytes) -> None:
        room = self._limit - self.size
        if len(data) > room:
            data = data[:room]
            self.full = True
        newlines = data.count(b"\n")
        if self._newlines + newlines > self._line_limit:
            # Keep up to and including the end of the last allowed line.
            cut = -1
            for _ in range(self._line_limit - self._newlines):
                cut = data.index(b"\n", cut + 1)
            data = data[:cut + 1]
            newlines = self._line_limit - self._newlines
            self.full = True
        self._newlines += newlines
        self.size += len(data)
        self._log.write(data)
        self._log.flush()
        self._partial.extend(data)
        if b"\n" in data:
            *complete, rest = self._partial.split(b"\n")
            self.lines.extend(_decode(line) for line in complete)
            self._partial = rest

    def finish(self) -> None:
        if self._partial:
            self.lines.append(_decode(self._partial))
            self._partial = bytearray()


class StderrText:
    """QEMU's stderr, kept up to a limit; the rest is read and dropped so
    that QEMU never blocks on a full pipe."""

    def __init__(self, limit: int) -> None:
        self._data = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> None:
        room = max(0, self._limit - len(self._data))
        self._data.extend(data[:room])

    def text(self) -> str:
        return self._data.decode("utf-8", "replace")


class Tail:
    """The read end of a pipe whose last `limit` bytes are kept."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd = fd
        self._data = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> None:
        self._data.extend(data)
        if len(self._data) > 2 * self._limit:     # trim now and then, not every read
            del self._data[:-self._limit]

    def text(self) -> str:
        return bytes(self._data[-self._limit:]).decode("utf-8", "replace")

    def close(self) -> None:
        os.close(self.fd)


def _decode(line: bytes | bytearray) -> str:
    return bytes(line).decode("utf-8", "replace").rstrip("\r")


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when pid exits, where supported."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
