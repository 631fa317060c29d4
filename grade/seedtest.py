"""What user/tests/seedtest.c prints for a seed: the same generator and
the same arithmetic, here in Python (keep the two in step). The lines of
`seedtest print` are formatted by the host C library, as the lab 2 host
check does (grade/hostcheck_lab2.py)."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable

M32 = (1 << 32) - 1
OK_EXIT = r"init: .* exited with status 0"
WORDS = [b"mica", b"", b"seed", b"hello, world"]


class XorShift:
    """seedtest.c's next()."""

    def __init__(self, seed: int) -> None:
        self.state = seed & M32 or 0x9E3779B9

    def next(self) -> int:
        x = self.state
        x ^= (x << 13) & M32
        x ^= x >> 17
        x ^= (x << 5) & M32
        self.state = x
        return x


def _signed(v: int, bits: int = 32) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def ipc_lines(seed: int) -> tuple[str, ...]:
    rng = XorShift(seed)
    count = 2 + rng.next() % 4
    digest = 0
    for _ in range(4):
        x = rng.next()
        down = [x]
        for index in range(1, count + 1):
            down.append((down[-1] * 2654435761 + index) & M32)
        answer = down[-1]
        for index in range(count - 1, 0, -1):
            answer ^= index << 8
        digest = (digest * 31 + answer) & M32
    n = 3 + rng.next() % 5
    total = sum(rng.next() for _ in range(n)) & M32
    return (rf"^seedtest ipc: chain of {count} relays: 0x{digest:08x}$",
            rf"^seedtest ipc: senda of {n}: 0x{total:08x}$", r"^seedtest ipc: ok$", OK_EXIT)


def _print_case(k: int, kind: int, v: int) -> tuple[str, list[object]]:
    """seedtest.c's print_case(): the format and the host's arguments."""
    c_int, c_uint = ctypes.c_int, ctypes.c_uint
    w = v % 13 - 6
    big = ((v << 32) | (v ^ 0x5BD1E995)) & ((1 << 64) - 1)
    cases: list[tuple[str, list[object]]] = [
        ("[%d]", [c_int(_signed(v))]),
        ("[%-9u|%9u]", [c_uint(v), c_uint(v >> 7)]),
        ("[%#x %#o]", [c_uint(v), c_uint(v & 0o777)]),
        ("[%08X]", [c_uint(v >> (v % 24))]),
        ("[%+d % d]", [c_int(_signed(v)), c_int(-(v >> 3))]),
        ("[%.5d|%-6.3x]", [c_int(v % 1000), c_uint(v % 4096)]),
        ("[%*d]", [c_int(w), c_int(v % 100000)]),
        ("[%s|%.3s|%6s]", [ctypes.c_char_p(WORDS[v % 4]), ctypes.c_char_p(WORDS[(v >> 2) % 4]),
                           ctypes.c_char_p(WORDS[(v >> 4) % 4])]),
        ("[%c%c]", [c_int(ord("a") + v % 26), c_int(ord("A") + (v >> 5) % 26)]),
        ("[%lld %llx]", [ctypes.c_longlong(_signed(big, 64)), ctypes.c_ulonglong(big)]),
        ("[%p]", [ctypes.c_void_p(v | 1)]),
        ("[%hhd %hu %%]", [c_int(_signed(v)), c_uint(v)]),
    ]
    fmt, args = cases[kind % 12]
    return f"seedtest print {k}: {fmt}", args


def print_lines(seed: int, frame: Callable[[int, str, str], str]) -> tuple[str, ...]:
    """The lines of `seedtest print`; frame(n, function, path) is the
    regex of a symbolized stack-trace line (grade/tests_lab2.py's)."""
    # Lab 2's file: not in a lab 1 branch, where this is never called.
    from grade.hostcheck_lab2 import Case, host_format, libc_for_model

    rng = XorShift(seed)
    libc = libc_for_model()
    lines = []
    for k in range(8):
        kind = rng.next()
        fmt, args = _print_case(k, kind, rng.next())
        case = Case()
        case.fmt, case.host = fmt, args
        _, text = host_format(libc, case)
        lines.append("^" + re.escape(text.decode("latin-1")) + "$")
    depth = 1 + rng.next() % 5
    parsed = seed & M32 or 0x9E3779B9
    lines.append(rf"^seedtest\(\d+\): panic: seed {parsed} reached the bottom$")
    lines.append(r"^seedtest: stacktrace:( 0x4[0-9a-f]{7})+$")
    lines += [frame(i, "dive", "user/tests/seedtest.c") for i in range(depth + 1)]
    lines += [frame(depth + 1, "main", "user/tests/seedtest.c"), r"^seedtest print: ok$", OK_EXIT]
    return tuple(lines)


def mem_lines(seed: int) -> tuple[str, ...]:
    rng = XorShift(seed)
    pages = 8 + rng.next() % 24
    words = [0] * (pages * 1024)
    for i in range(pages):
        at = i * 1024 + rng.next() % 1024
        words[at] = rng.next()
    total = 0
    for w in words:
        total = (total * 33 + w) & M32
    length = (1 + rng.next() % 7) * 4096 + 123
    data = bytearray(length)
    for i in range(0, length, 97):
        data[i] = rng.next() & 0xFF
    mapped = 0
    for b in data:
        mapped = (mapped * 31 + b) & M32
    return (rf"^seedtest mem: heap of {pages} pages: 0x{total:08x}$",
            rf"^seedtest mem: mapping of {length} bytes: 0x{mapped:08x}$", r"^seedtest mem: ok$", OK_EXIT)
