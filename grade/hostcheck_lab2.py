"""Lab 2's host checks: vformat() and stack_walk().

vformat's answers are checked against the host C library's snprintf,
called through ctypes with the same format and arguments (the handout
asks for C99 and glibc behaviour); stack_walk's against a model of the
walk over a stack this side lays out. See grade/hostcheck.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import re

from grade.hostcheck import CheckError, HostCheck, Session, hexed, numbers, unhex

U32 = (1 << 32) - 1
STRINGS = [b"", b"a", b"mica", b"hello, world", b"0123456789abcdef", b"tab\tand space",
           b"%d is not a conversion here", b"x" * 40]

# lib/stacktrace.h's enum stack_end, in its order.
STACK_END_OK, STACK_END_BAD, STACK_END_DEPTH = 0, 1, 2


# --- vformat ---

def libc_for_model() -> ctypes.CDLL:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name or None)
    except OSError as err:
        raise CheckError(f"cannot load the C library for the model: {err}") from None


class Case:
    """One format with its arguments, as i386 words and as host values."""

    def __init__(self) -> None:
        self.fmt = ""
        self.words: list[str] = []          # protocol words of the arguments
        self.host: list[object] = []        # the same arguments for the host's snprintf
        self.strings: list[bytes] = []

    def word(self, value: int, host: object) -> None:
        self.words.append(str(value & U32))
        self.host.append(host)

    def wide(self, value: int, host: object) -> None:
        self.words += [str(value & U32), str((value >> 32) & U32)]
        self.host.append(host)

    def null_string(self, precision: int | None) -> None:
        """A NULL %s: the handout's rule, "(null)" when the precision is
        absent or at least 6 and nothing otherwise, given to the host as
        that text (so the model does not hang on one glibc's choice)."""
        self.words.append("n")
        shown = b"(null)" if precision is None or precision >= 6 else b""
        self.host.append(ctypes.c_char_p(shown))

    def string(self, data: bytes) -> None:
        self.words.append(f"s{len(self.strings)}")
        self.strings.append(data)
        self.host.append(ctypes.c_char_p(data))


def _signed(bits: int, value: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _number(rng: random.Random, bits: int) -> int:
    return rng.choice([0, 0, 0, 1, rng.randrange(10), rng.randrange(1 << 8), rng.randrange(1 << 16),
                       rng.randrange(1 << bits), (1 << bits) - 1, 1 << (bits - 1),
                       (1 << (bits - 1)) - 1])


def _precision(prec: str, case: Case) -> int | None:
    """The precision a spec's text (and its * argument) gives."""
    if prec == ".*":
        value = int(case.words[-1]) - (1 << 32) if int(case.words[-1]) >> 31 else int(case.words[-1])
        return None if value < 0 else value
    if prec.startswith("."):
        return int(prec[1:] or 0)
    return None


def _spec(rng: random.Random, case: Case) -> str:
    conv = rng.choice("ddiuuoxxXcsspp%")
    flags = "".join(rng.sample("-0+ #", rng.randrange(0, 3)))
    width = rng.choice(["", "", str(rng.randrange(1, 25)), "*"])
    prec = rng.choice(["", "", "", ".", "." + str(rng.randrange(0, 15)), ".*"])
    length = ""
    if conv in "diouxX":
        length = rng.choice(["", "", "", "hh", "h", "l", "ll", "z", "j", "t"])
    if conv == "%":
        return "%%"
    if width == "*":
        w = rng.randrange(-20, 21)
        case.word(w, ctypes.c_int(w))
    if prec == ".*":
        p = rng.randrange(-3, 16)
        case.word(p, ctypes.c_int(p))
    if conv in "di":
        bits = 64 if length in ("ll", "j") else 32
        value = _signed(bits, _number(rng, bits))
        if bits == 64:
            case.wide(value, ctypes.c_longlong(value))
        elif length in ("l", "z", "t"):
            case.word(value, ctypes.c_ssize_t(value))   # as wide as the host's long
        else:
            case.word(value, ctypes.c_int(value))
    elif conv in "ouxX":
        bits = 64 if length in ("ll", "j") else 32
        value = _number(rng, bits)
        if bits == 64:
            case.wide(value, ctypes.c_ulonglong(value))
        elif length in ("l", "z", "t"):
            case.word(value, ctypes.c_size_t(value))    # an i386 value: no sign to extend
        else:
            case.word(value, ctypes.c_uint(value))
    elif conv == "c":
        ch = rng.randrange(32, 127)
        case.word(ch, ctypes.c_int(ch))
    elif conv == "s":
        if rng.random() < 0.25:
            case.null_string(_precision(prec, case))
        else:
            case.string(rng.choice(STRINGS))
    elif conv == "p":
        value = 0 if rng.random() < 0.15 else rng.randrange(1, 1 << 32)
        case.word(value, ctypes.c_void_p(value or None))
    return "%" + flags + width + prec + length + conv


# Corners every session tries first, each with the arguments it takes
# (None: a NULL string; an int: one word).
CORNERS: list[tuple[str, list[int | None]]] = [
    ("%#x|%#o|%#X", [0, 0, 0]), ("%.0d|%.0x|%#.0o", [0, 0, 0]), ("[%.3s][%.6s][%s]", [None, None, None]),
    ("%05d|%-05d|%05.1d", [-42, -42, -42]), ("%+d|% d|%+ d", [0, 0, 0]), ("%hhd|%hu", [255, 0x12345]),
    ("%p|%+p|%10p|%-10p|", [0, 0x1234, 0, 0xbeef]), ("%5%|%-5%|%%", []), ("%c%c", [0x41, 0x7e]),
    ("%*d|%-*d|%.*d", [-6, 1, 3, 2, -1, 5]),
]


def _corner(fmt: str, args: list[int | None]) -> Case:
    case = Case()
    case.fmt = fmt
    specs = [m for m in re.findall(r"%[-+ #0]*\*?[0-9]*(?:\.\*|\.[0-9]*)?(?:hh|h)?[a-zA-Z%]", fmt)]
    values = iter(args)
    for spec in specs:
        conv = spec[-1]
        stars = spec.count("*")
        for _ in range(stars):
            v = next(values)
            assert v is not None
            case.word(v, ctypes.c_int(v))
        if conv == "%":
            continue
        v = next(values)
        if conv == "s":
            prec = spec[spec.index("."):-1] if "." in spec else ""
            case.null_string(_precision(prec, case))
        elif conv == "p":
            assert v is not None
            case.word(v, ctypes.c_void_p(v or None))
        elif conv in "di":
            assert v is not None
            case.word(v, ctypes.c_int(v))
        else:
            assert v is not None
            case.word(v, ctypes.c_uint(v & U32))
    return case


def _case(rng: random.Random) -> Case:
    case = Case()
    parts = []
    for _ in range(rng.randrange(1, 4)):
        parts.append(rng.choice(["", "[", " x=", "ab", "-"]))
        parts.append(_spec(rng, case))
    parts.append(rng.choice(["", "]", "\n"]))
    case.fmt = "".join(parts)
    return case


def host_format(libc: ctypes.CDLL, case: Case) -> tuple[int, bytes]:
    """What the C library prints for case: (return value, output)."""
    size = 4096
    buf = ctypes.create_string_buffer(size)
    n = libc.snprintf(buf, ctypes.c_size_t(size), case.fmt.encode(), *case.host)
    return n, buf.raw[:min(n, size - 1)]


def format_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "format"], "the check program did not start")
    libc = libc_for_model()
    corners = [_corner(fmt, args) for fmt, args in CORNERS]
    for index in range(len(corners) + 250):
        case = corners[index] if index < len(corners) else _case(rng)
        want_n, want = host_format(libc, case)
        got = s.ask("F", hexed(case.fmt), len(case.strings), *map(hexed, case.strings),
                    len(case.words), *case.words)
        s.expect(len(got) == 2, "a malformed answer")
        n = numbers(got[:1])[0]
        out = unhex(got[1]).encode("latin-1")
        s.expect(out == want, f"format {case.fmt!r}: printed {out.decode('latin-1')!r}, "
                 f"want {want.decode('latin-1')!r}")
        s.expect(n == want_n, f"format {case.fmt!r}: returned {n}, want {want_n}")


# --- stack_walk ---

def walk(mem: dict[int, int], ebp: int, low: int, high: int, most: int) -> tuple[int, list[int]]:
    """The model: follow saved ebps; a frame is read only if it is
    aligned and wholly inside [low, high); each frame lies above the one
    before; at most `most` return addresses."""
    pcs: list[int] = []
    while ebp != 0:
        if ebp % 4 or not low <= ebp < high or high - ebp < 8:
            return STACK_END_BAD, pcs
        if len(pcs) == most:
            return STACK_END_DEPTH, pcs
        pcs.append(mem.get(ebp + 4, 0))
        nxt = mem.get(ebp, 0)
        if nxt != 0 and nxt <= ebp:
            return STACK_END_BAD, pcs
        ebp = nxt
    return STACK_END_OK, pcs


def _stack(rng: random.Random, base: int, size: int) -> tuple[dict[int, int], int, int, int, int]:
    """A chain of frames in [base, base + size), maybe corrupt; returns
    the memory, the first ebp, low, high and the most frames asked."""
    low = base + 4 * rng.randrange(0, 64)
    high = base + size - 4 * rng.randrange(0, 64)
    depth = rng.choice([0, 1, 2, 3, 5, 8, rng.randrange(1, 30)])
    most = rng.choice([16, 16, 32, max(1, depth - rng.randrange(0, 3)), rng.randrange(0, 8)])
    addrs = sorted(rng.sample(range(low, high - 8, 4), depth)) if depth else []
    mem: dict[int, int] = {}
    for i, a in enumerate(addrs):
        mem[a] = addrs[i + 1] if i + 1 < len(addrs) else 0
        mem[a + 4] = rng.randrange(0x40000000, 0x40100000)
    ebp = addrs[0] if addrs else 0
    corrupt = rng.random()
    if addrs and corrupt < 0.5 and depth <= most:
        victim = rng.randrange(len(addrs))
        how = rng.randrange(6)
        if how == 0:
            mem[addrs[victim]] = addrs[victim] + 2                       # misaligned
        elif how == 1:
            mem[addrs[victim]] = base + 4 * rng.randrange(0, (low - base) // 4 + 1) if low > base else 4
        elif how == 2:
            mem[addrs[victim]] = high - 4 if high - 4 > addrs[victim] else high   # partly outside
        elif how == 3:
            mem[addrs[victim]] = addrs[victim]                           # a loop
        elif how == 4 and victim > 0:
            mem[addrs[victim]] = addrs[rng.randrange(victim)]            # back down
        else:
            mem[addrs[victim]] = high + 4 * rng.randrange(0, 8)          # above the stack
    if depth == 0 and rng.random() < 0.5:
        ebp = high + 8 if rng.random() < 0.5 else low + 2
    return mem, ebp, low, high, most


def stack_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "stacktrace"] and len(s.hello) == 4,
             "the check program did not start")
    base, size = numbers(s.hello[2:4])
    s.expect(base % 64 == 0 and size >= 4096, "the check program's stack area is unusable")
    size = min(size, 16384)
    for _ in range(120):
        mem, ebp, low, high, most = _stack(rng, base, size)
        want = walk(mem, ebp, low, high, most)
        words: list[object] = ["W", ebp, low, high, most, len(mem)]
        for addr, value in sorted(mem.items()):
            words += [addr - base, value]
        got = numbers(s.ask(*words))
        end, count, pcs = got[0], got[1], got[2:]
        s.expect([end, pcs] == [want[0], want[1]] and count == len(want[1]),
                 f"walk from {ebp:#x} in [{low:#x}, {high:#x}) with max {most}: got end {end}, "
                 f"{count} pcs {[hex(p) for p in pcs[:6]]}, want end {want[0]}, {len(want[1])} pcs "
                 f"{[hex(p) for p in want[1][:6]]}")


CHECKS: list[HostCheck] = [
    HostCheck(name="host_format", lab=2, points=6, hole="lib/format.c",
              driver="tests/host/drv_format.c", session=format_session,
              support=("lib/string.c",),
              description="vformat() on random conversions, flags, widths and precisions, "
                          "against the host C library"),
    HostCheck(name="host_stackwalk", lab=2, points=4, hole="lib/stacktrace.c",
              driver="tests/host/drv_stacktrace.c", session=stack_session,
              support=("lib/string.c",),
              description="stack_walk() over random frame chains, good and corrupt"),
]
