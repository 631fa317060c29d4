"""Running one command of a grading job: its own session, a clean
environment, a time limit, an output limit, and nothing left behind.
Commands that touch a student's code come wrapped in the job's sandbox
(grade/sandbox.py); git runs on the host, with the same limits.

Every process a student's job starts carries MICA_BATCH_JOB=<token> in its
environment.  The grader starts each QEMU in a session of its own, so
killing the command's process group is not enough; a sweep of /proc for
the token finds and kills whatever else the job started.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grade.sandbox import Wrapped, popen

TOKEN_VAR = "MICA_BATCH_JOB"
PASSED_THROUGH = ("PATH", "MICA_QEMU")   # MICA_QEMU: the self-test's fake QEMU
READ_SIZE = 64 * 1024
SWEEP_ROUNDS = 20


@dataclass
class Done:
    """How one command ended."""
    code: int | None          # exit status, negative for a signal; None if we stopped it
    output: bytes             # the last `keep` bytes of stdout (and stderr if merged)
    timed_out: bool = False
    overflowed: bool = False  # it wrote more than `limit` bytes and was stopped
    start_error: str = ""     # it could not be started at all


class Stopped(Exception):
    """The batch is shutting down; no new command is started."""


_lock = threading.Lock()
_running: dict[int, str] = {}      # pid -> token
_stopping = False


def environment(token: str, home: Path, search_path: str | None = None) -> dict[str, str]:
    """A small, predictable environment: nothing of the instructor's
    settings (git config, MAKEFLAGS, ...) reaches the job.  home (and
    its tmp/) as the command sees it; search_path replaces PATH."""
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.setdefault("PATH", os.defpath)
    if search_path is not None:
        env["PATH"] = search_path
    tmp = home / "tmp"
    env.update({
        TOKEN_VAR: token,
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
    })
    return env


def run(command: list[str] | Wrapped, *, env: dict[str, str], cwd: Path, timeout: float,
        limit: int, keep: int, merge_stderr: bool = True) -> Done:
    """Run command (on the host, in cwd with env; or as wrapped by a
    sandbox, whose env must carry the same token) to its end, or stop it
    and everything it started when timeout seconds pass or it writes
    more than limit bytes."""
    token = env[TOKEN_VAR]
    wrapped = command if isinstance(command, Wrapped) else Wrapped(command, cwd, env, None)
    try:
        proc = _start(wrapped, merge_stderr)
    except OSError as err:
        return Done(code=None, output=b"",
                    start_error=f"{wrapped.argv[0]}: {err.strerror or err}")
    try:
        done = _collect(proc, time.monotonic() + timeout, limit, keep)
    finally:
        kill_job(proc.pid, token)
        with _lock:
            _running.pop(proc.pid, None)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    if not (done.timed_out or done.overflowed):
        done.code = proc.returncode
    return done


def kill_job(pid: int, token: str) -> None:
    """Kill a command's process group and every process carrying token."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    sweep(lambda value: value == token)


def kill_all(prefix: str) -> None:
    """Kill every job of this batch (token starting with prefix) and start
    no more.  Safe to call from a signal handler in the main thread."""
    global _stopping
    _stopping = True
    for pid in list(_running):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    sweep(lambda value: value.startswith(prefix))
    time.sleep(0.2)     # a child forked just before _stopping may exec only now
    sweep(lambda value: value.startswith(prefix))


def sweep(match: Callable[[str], bool]) -> None:
    """SIGKILL every process whose token matches, until none is left (a
    process may fork while we look)."""
    for _ in range(SWEEP_ROUNDS):
        found = [pid for pid, value in _tokens() if match(value)]
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)


def _tokens() -> list[tuple[int, str]]:
    """(pid, token) of every live process of ours that has a token."""
    found = []
    me = os.getpid()
    key = TOKEN_VAR.encode() + b"="
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as f:
                environ = f.read()
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue            # gone, or not ours
        if state in (b"Z", b"X"):
            continue            # dead; its parent reaps it
        for item in environ.split(b"\0"):
            if item.startswith(key):
                found.append((int(entry.name), item[len(key):].decode(errors="replace")))
    return found


def _start(wrapped: Wrapped, merge_stderr: bool) -> subprocess.Popen[bytes]:
    with _lock:
        if _stopping:
            raise Stopped()
        proc = popen(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT if merge_stderr else subprocess.DEVNULL,
                     start_new_session=True)
        _running[proc.pid] = wrapped.env[TOKEN_VAR]
        return proc


def _collect(proc: subprocess.Popen[bytes], deadline: float, limit: int, keep: int) -> Done:
    """Read the output until end of file, the deadline or the limit; then
    wait for the process until the deadline."""
    assert proc.stdout is not None
    tail: deque[bytes] = deque()
    kept = total = 0
    done = Done(code=None, output=b"")
    os.set_blocking(proc.stdout.fileno(), False)
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                done.timed_out = True
                break
            if not selector.select(remaining):
                continue
            try:
                data = os.read(proc.stdout.fileno(), READ_SIZE)
            except BlockingIOError:
                continue
            if not data:
                break
            total += len(data)
            tail.append(data)
            kept += len(data)
            while kept - len(tail[0]) >= keep:
                kept -= len(tail.popleft())
            if total > limit:
                done.overflowed = True
                break
    done.output = b"".join(tail)[-keep:]
    if not (done.timed_out or done.overflowed):
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            done.timed_out = True
    return done

