"""Children that do not outlive the tool that started them.

A QEMU left behind by a tool that was killed keeps its GDB port and the
lock on its snapshot image, so the next replay of the same test cannot
start. A `finally` that stops QEMU covers the exits that run Python code
(normal return, an exception, SIGTERM and SIGHUP turned into SystemExit),
but not SIGKILL or a crash. For those, Linux offers the parent-death
signal: prctl(PR_SET_PDEATHSIG, SIGKILL), set in the child between fork
and exec, makes the kernel kill the child when its parent thread ends,
however it ends.

    proc = subprocess.Popen(command, preexec_fn=die_with_parent())

The parent must start the child from its main thread (the signal follows
the thread that forked, not the process). Elsewhere than Linux
die_with_parent() returns None and only the `finally` paths remain.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from typing import Callable

PR_SET_PDEATHSIG = 1       # <linux/prctl.h>


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up in the parent: the child, between fork and
    exec, should only call it, not load libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return function


_PRCTL = _prctl()


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGKILL when this process
    ends, or None where that cannot be arranged."""
    prctl = _PRCTL
    if prctl is None:
        return None
    parent = os.getpid()

    def arrange() -> None:
        if prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            os._exit(126)
        # The parent may have died before the prctl: then nobody would
        # send the signal, so act on it now.
        if os.getppid() != parent:
            os._exit(126)

    return arrange
