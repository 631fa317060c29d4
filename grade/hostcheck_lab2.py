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

from grade.hostcheck import CheckError, HostCheck, Session, hexed, numbers, unhex

U32 = (1 << 32) - 1
STRINGS = [b"", b"a", b"mica", b"hello, world", b"0123456789abcdef", b"tab\tand space",
           b"%d is not a conversion here", b"x" * 40]

# lib/stacktrace.h's enum stack_end, in its order.
STACK_END_OK, STACK_END_BAD, STACK_END_DEPTH = 0, 1, 2
END_NAMES = {STACK_END_OK: "STACK_END_OK", STACK_END_BAD: "STACK_END_BAD",
             STACK_END_DEPTH: "STACK_END_DEPTH"}


def end_name(end: int) -> str:
    """A stack_walk() result as its name (a number it does not have, as is)."""
    return END_NAMES.get(end, f"{end} (no enum stack_end)")


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
        self.host_fmt: str | None = None    # what the host is given, if not fmt
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


# Corners every session tries first: the rules the handout spells out,
# each in its sharpest case. An argument is (kind, value): "i" an int,
# "u" an unsigned, "l"/"ul" a long (one word here, the host's is wider),
# "ll"/"ull" 64 bits, "p" a pointer, "s" a string,
# "null" a NULL string shown by the host as the given text, "star" an int
# that only Mica's format consumes (for a * of a non-conversion). A
# corner may give the host a format of its own: Mica copies what is not
# a conversion as written, which the host is told with %%.
Arg = tuple[str, "int | bytes | None"]
CORNERS: list[tuple[str, list[Arg], str | None]] = [
    ("%#x|%#o|%#X|%#o", [("u", 0), ("u", 0), ("u", 0), ("u", 8)], None),
    ("%.0d|%.0x|%#.0o|%.d|%5.0u|", [("i", 0), ("u", 0), ("u", 0), ("i", 0), ("u", 0)], None),
    ("[%.3s][%.5s][%.6s][%s][%8s]", [("null", b""), ("null", b""), ("null", b"(null)"),
                                      ("null", b"(null)"), ("null", b"(null)")], None),
    ("[%.3s][%.0s][%-6.2s][%4s]", [("s", b"abcdef"), ("s", b"abc"), ("s", b"mica"),
                                   ("s", b"mica os")], None),
    ("%05d|%-05d|%05.1d|%08.3d|%+05d|% 06d", [("i", -42)] * 4 + [("i", 42), ("i", 42)], None),
    ("%#08x|%#-8X|%08o|%#010o", [("u", 0xbeef), ("u", 0xbeef), ("u", 0o17), ("u", 0o17)], None),
    ("[%05s][%05c][%-05s][%05p]", [("s", b"ab"), ("i", 0x41), ("s", b"ab"), ("p", 0)], None),
    ("%+d|% d|%+ d|%+u|% x", [("i", 0), ("i", 0), ("i", 5), ("u", 5), ("u", 5)], None),
    ("%d|%i|%d", [("i", -2**31), ("i", 2**31 - 1), ("i", -1)], None),
    ("%lld|%lld|%llu|%lli", [("ll", -2**63), ("ll", -(2**40) - 7), ("ull", 2**64 - 1),
                             ("ll", 2**63 - 1)], None),
    ("%u|%u|%x|%o", [("u", 2**32 - 1), ("u", 2**31), ("u", 2**32 - 1), ("u", 2**32 - 1)], None),
    ("%x|%X|%#x|%#X|%llx|%llX", [("u", 0xabcdef), ("u", 0xabcdef), ("u", 0xfade), ("u", 0xfade),
                                 ("ull", 0xdeadbeefcafe), ("ull", 0xdeadbeefcafe)], None),
    ("%hhd|%hhu|%hd|%hu|%hhx", [("i", 255), ("i", 0x1ff), ("i", 0x18000), ("i", 0x12345),
                                ("i", 0x1234)], None),
    ("%zu|%td|%jd|%ld|%lu|%zd", [("ul", 2**32 - 1), ("l", -3), ("ll", -2**40), ("l", -9),
                                 ("ul", 2**31 + 1), ("l", -2**31)], None),
    ("%p|%+p|%10p|%-10p|% p", [("p", 0), ("p", 0x1234), ("p", 0), ("p", 0xbeef),
                               ("p", 0x40001234)], None),
    ("%5%|%-5%|%%|%05%", [], "%%|%%|%%|%%"),
    ("%c%c|%3c|%-3c|", [("i", 0x41), ("i", 0x7e), ("i", 0x7a), ("i", 0x7a)], None),
    ("%*d|%-*d|%.*d|%05.*d|%.*d", [("i", -6), ("i", 1), ("i", 3), ("i", 2), ("i", -1), ("i", 5),
                                    ("i", -1), ("i", 7), ("i", -1), ("i", 0)], None),
    ("%*s|%.*s|%-*c|", [("i", -5), ("s", b"ab"), ("i", 2), ("s", b"abcdef"), ("i", 3),
                        ("i", 0x71)], None),
    ("%y|%-05.2lly|%ls|%lc|%hs|%d", [("i", 17)], "%%y|%%-05.2lly|%%ls|%%lc|%%hs|%d"),
    ("%*y|%.*q|%d", [("star", 9), ("star", 4), ("i", -17)], "%%*y|%%.*q|%d"),
    ("100%", [], "100%%"),
    ("%d%", [("i", 3)], "%d%%"),
    ("%08.3x%-+6d%s", [("u", 0x1f), ("i", 12), ("s", b"end")], None),
]


def _corner(fmt: str, args: list[Arg], host_fmt: str | None) -> Case:
    case = Case()
    case.fmt = fmt
    case.host_fmt = host_fmt
    for kind, value in args:
        if kind == "s":
            assert isinstance(value, bytes)
            case.string(value)
        elif kind == "null":
            assert isinstance(value, bytes)
            case.words.append("n")
            case.host.append(ctypes.c_char_p(value))
        else:
            assert isinstance(value, int)
            if kind == "ll":
                case.wide(value, ctypes.c_longlong(value))
            elif kind == "ull":
                case.wide(value, ctypes.c_ulonglong(value))
            elif kind == "p":
                case.word(value, ctypes.c_void_p(value or None))
            elif kind == "u":
                case.word(value, ctypes.c_uint(value & U32))
            elif kind == "l":
                case.word(value, ctypes.c_ssize_t(value))
            elif kind == "ul":
                case.word(value, ctypes.c_size_t(value & U32))
            elif kind == "star":
                case.words.append(str(value & U32))    # Mica's * takes it; the host sees %%
            else:
                case.word(value, ctypes.c_int(value))
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
    fmt = case.fmt if case.host_fmt is None else case.host_fmt
    n = libc.snprintf(buf, ctypes.c_size_t(size), fmt.encode(), *case.host)
    return n, buf.raw[:min(n, size - 1)]


def format_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "format"], "the check program did not start")
    libc = libc_for_model()
    corners = [_corner(*corner) for corner in CORNERS]
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

# A walk to ask for: the memory (address -> word), ebp, low, high, max.
Stack = tuple[dict[int, int], int, int, int, int]


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


def _stack(rng: random.Random, base: int, size: int) -> Stack:
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


def _chain(frames: list[int], last: int = 0) -> dict[int, int]:
    """Frames at the given addresses, each linked to the next, the last
    one's saved ebp `last`; return addresses 0x40000100, 0x40000200, ..."""
    mem: dict[int, int] = {}
    for i, frame in enumerate(frames):
        mem[frame] = frames[i + 1] if i + 1 < len(frames) else last
        mem[frame + 4] = 0x40000000 + 0x100 * (i + 1)
    return mem


def _stack_corners(base: int) -> list[Stack]:
    """The walks the handout's rules decide, each at its edge: (memory,
    ebp, low, high, max). The two near 4 GiB hold no memory at all: a
    walk that reads there before it checks crashes the check program."""
    low, high = base + 0x100, base + 0x1000
    a, b, c = low + 0x40, low + 0x80, low + 0xc0
    return [
        (_chain([a, b, c]), a, low, high, 3),                  # exactly max frames: OK
        (_chain([a, b, c]), a, low, high, 2),                  # one more than max: DEPTH
        (_chain([a, b, c]), a, low, high, 0),                  # max 0: DEPTH, nothing stored
        ({}, 0, low, high, 0),                                 # no frame at all: OK
        (_chain([a, b], b), a, low, high, 16),                 # a frame pointing at itself
        (_chain([a, b, c], a), a, low, high, 16),              # ... or back down
        (_chain([a, b], c + 2), a, low, high, 16),             # a misaligned link
        (_chain([a, b, c], high + 0x10), a, low, high, 3),     # max frames, then a bad link: BAD
        (_chain([a, b], high - 4), a, low, high, 16),          # a frame straddling high
        (_chain([a, b], high), a, low, high, 16),              # a frame at high itself
        (_chain([low - 0x20, a]), low - 0x20, low, high, 16),  # starting below the stack
        (_chain([a, high - 8]), a, low, high, 16),             # the last 8 bytes are a frame
        (_chain([low, a]), low, low, high, 16),                # ... and the first 8
        (_chain([a]), a + 2, low, high, 16),                   # a misaligned start
        ({}, 0xfffffffc, base, 0xffffffff, 16),                # the end would wrap past 4 GiB
        ({}, 0xfffffff8, base, 0xfffffffc, 16),
    ]


def stack_session(s: Session, rng: random.Random) -> None:
    s.expect(s.hello[:2] == ["hello", "stacktrace"] and len(s.hello) == 4,
             "the check program did not start")
    base, size = numbers(s.hello[2:4])
    s.expect(base % 64 == 0 and size >= 4096, "the check program's stack area is unusable")
    size = min(size, 16384)
    corners = _stack_corners(base)
    for index in range(len(corners) + 120):
        mem, ebp, low, high, most = corners[index] if index < len(corners) else _stack(rng, base, size)
        want = walk(mem, ebp, low, high, most)
        words: list[object] = ["W", ebp, low, high, most, len(mem)]
        for addr, value in sorted(mem.items()):
            words += [addr - base, value]
        got = numbers(s.ask(*words))
        end, count, pcs = got[0], got[1], got[2:]
        s.expect([end, pcs] == [want[0], want[1]] and count == len(want[1]),
                 f"walk from {ebp:#x} in [{low:#x}, {high:#x}) with max {most}: got {end_name(end)}, "
                 f"count {count}, pcs {[hex(p) for p in pcs[:6]]}; want {end_name(want[0])}, "
                 f"count {len(want[1])}, pcs {[hex(p) for p in want[1][:6]]}")


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
