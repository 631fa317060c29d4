"""Similarity of a batch's hole files: which submissions share code.

The method is winnowing (Schleimer, Wilkerson and Aiken, 2003; MOSS
uses it), written here from the paper's description:

1. each hole file is cut into tokens with comments dropped, every
   identifier written as one symbol and every number or string as
   another, so renaming variables or reformatting changes nothing;
2. every run of K tokens (a k-gram) gets a hash;
3. in every window of W consecutive hashes the smallest is kept: the
   fingerprints. Any match of W + K - 1 tokens
   or more is certain to share a fingerprint.

Fingerprints the lab's stubs contain (the handed-out text) are removed,
and so are those that more than COMMON_SHARE of the batch has (idioms
everybody writes). Hole files are compared path by path; two submissions
are reported when, for some hole file, the share of the smaller side's
fingerprints that the other side has too is at least the threshold.
Their shared lines are shown side by side.

Pairs are found through an index from fingerprint to submissions, so the
cost grows with the number of fingerprints shared, not with the square
of the batch: 500 submissions take a few seconds (grade/similarity_selftest.py
measures it).
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

K = 12                 # tokens in a k-gram
W = 8                  # k-grams in a winnowing window
COMMON_SHARE = 0.05    # fingerprints in more of the batch than this are ignored...
COMMON_MIN = 10        # ...once the batch has at least this many submissions
MIN_SHARED = 6         # fewer shared fingerprints than this is never reported

COMMENT_RE = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
STRING_RE = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
NUMBER_RE = re.compile(r"\b(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\b")
TOKEN_RE = re.compile(r"\$?\w+|->|\+\+|--|<<=?|>>=?|[<>=!]=|&&|\|\||[-+*/%&|^]=|\S")

C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while _Bool _Static_assert bool
""".split())
# An identifier that is not a keyword (the $ marks what was put there).
IDENT_RE = re.compile(r"(?<![$\w])(?!(?:" + "|".join(sorted(C_KEYWORDS)) + r")\b)[A-Za-z_]\w*")


@dataclass
class Source:
    """One file: its lines, and each fingerprint with where it starts."""
    path: str
    lines: list[str]
    prints: dict[int, tuple[int, int]] = field(default_factory=dict)  # hash -> (first, last line)


@dataclass
class Submission:
    name: str
    files: list[Source]


@dataclass
class Match:
    """Lines of a and of b that share fingerprints."""
    path_a: str
    lines_a: tuple[int, int]   # first, last (1-based, inclusive)
    path_b: str
    lines_b: tuple[int, int]


@dataclass
class Pair:
    a: str
    b: str
    shared: int
    similarity: float          # the highest share of one hole file's fingerprints
                               # (of the smaller side) that the other has too
    matches: list[Match]


class _Codes(dict[str, int]):
    """A token's number, made once (a lookup is then a C call)."""

    def __missing__(self, token: str) -> int:
        code = self[token] = zlib.crc32(token.encode())
        return code


_codes = _Codes()


def tokens(text: str) -> list[tuple[int, int]]:
    """(code, line) of each normalized token. The work is done by
    regular-expression substitutions, so that it runs at C speed."""
    # Comments go, each replaced by its newlines so the lines stay.
    text = COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)
    text = STRING_RE.sub(" $s ", text)
    text = NUMBER_RE.sub(" $n ", text)
    text = IDENT_RE.sub("$i", text)
    codes: list[int] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), 1):
        found = TOKEN_RE.findall(line)
        codes.extend(map(_codes.__getitem__, found))
        lines.extend([number] * len(found))
    return list(zip(codes, lines))


def winnow(toks: list[tuple[int, int]], k: int = K, w: int = W) -> dict[int, tuple[int, int]]:
    """The fingerprints of a token list: hash -> (first, last line) of
    the k-gram where it first occurs. Each window's minimum is found with
    three rounds of pairwise minimums (w = 8), which keeps the loops in C."""
    codes = [c for c, _ in toks]
    grams = list(map(hash, zip(*(codes[j:] for j in range(k)))))
    if not grams:
        return {}
    mins = grams
    span = 1
    while span < w:
        if len(mins) > span:
            mins = list(map(min, mins[:-span], mins[span:]))
        span *= 2
    first = dict(zip(reversed(grams), range(len(grams) - 1, -1, -1)))
    return {h: (toks[first[h]][1], toks[first[h] + k - 1][1]) for h in set(mins)}


def all_grams(text: str, k: int = K) -> set[int]:
    """Every k-gram hash of a text: what the stub hands out."""
    codes = [c for c, _ in tokens(text)]
    return {hash(tuple(codes[i:i + k])) for i in range(len(codes) - k + 1)}


def load(name: str, root: Path, holes: tuple[str, ...], stub: set[int]) -> Submission:
    """A submission's hole files under root, without the stubs' text."""
    files = []
    for hole in holes:
        path = root / hole
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > (1 << 20):
                continue
            text = path.read_text(errors="replace")
        except OSError:
            continue
        prints = {h: where for h, where in winnow(tokens(text)).items() if h not in stub}
        files.append(Source(hole, text.splitlines(), prints))
    return Submission(name, files)


def compare(subs: list[Submission], threshold: float) -> list[Pair]:
    """The pairs of which some hole file reaches threshold, most similar
    first. Hole files are compared path by path (each is its own
    exercise), the share counted on the smaller of the two files."""
    owners: dict[tuple[str, int], list[int]] = defaultdict(list)
    sizes: dict[tuple[int, str], int] = {}
    for index, sub in enumerate(subs):
        for f in sub.files:
            sizes[(index, f.path)] = len(f.prints)
            for h in f.prints:
                owners[(f.path, h)].append(index)
    limit = max(2, int(COMMON_SHARE * len(subs))) if len(subs) >= COMMON_MIN else len(subs)
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    ignored: set[tuple[str, int]] = set()
    for key, who in owners.items():
        if len(who) > limit:
            ignored.add(key)
            continue
        for i in range(len(who)):
            for j in range(i + 1, len(who)):
                counts[(who[i], who[j], key[0])] += 1
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (i, j, path), shared in counts.items():
        smaller = min(sizes[(i, path)], sizes[(j, path)])
        if shared < MIN_SHARED or smaller == 0:
            continue
        share = shared / smaller
        old = best.get((i, j), (0.0, 0))
        best[(i, j)] = (max(old[0], share), old[1] + shared)
    pairs = [Pair(subs[i].name, subs[j].name, shared, share, _matches(subs[i], subs[j], ignored))
             for (i, j), (share, shared) in best.items() if share >= threshold]
    pairs.sort(key=lambda p: (-p.similarity, -p.shared, p.a, p.b))
    return pairs


def _matches(a: Submission, b: Submission, ignored: set[tuple[str, int]]) -> list[Match]:
    """Shared fingerprints as runs of lines, in a's order: consecutive
    fingerprints of one file that stay close on both sides are one match."""
    where_b = {(f.path, h): span for f in b.files for h, span in f.prints.items()}
    hits = []
    for f in a.files:
        for h, span in f.prints.items():
            if (f.path, h) in where_b and (f.path, h) not in ignored:
                hits.append((f.path, span, where_b[(f.path, h)]))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    out: list[Match] = []
    for path, span_a, span_b in hits:
        last = out[-1] if out else None
        if (last and last.path_a == path and span_a[0] <= last.lines_a[1] + 2
                and last.lines_b[0] - 3 <= span_b[0] <= last.lines_b[1] + 3):
            last.lines_a = (last.lines_a[0], max(last.lines_a[1], span_a[1]))
            last.lines_b = (min(last.lines_b[0], span_b[0]), max(last.lines_b[1], span_b[1]))
        else:
            out.append(Match(path, span_a, path, span_b))
    return out


def side_by_side(pair: Pair, subs: dict[str, Submission], width: int = 60,
                 most: int = 40) -> list[str]:
    """The shared lines of a pair, a's on the left, b's on the right."""
    def text(sub: Submission, path: str, span: tuple[int, int]) -> list[str]:
        lines = next(f.lines for f in sub.files if f.path == path)
        return lines[span[0] - 1:span[1]]

    out = [f"{pair.a} ~ {pair.b}: {pair.similarity:.0%} ({pair.shared} fingerprints shared)"]
    shown = 0
    for m in pair.matches:
        left = text(subs[pair.a], m.path_a, m.lines_a)
        right = text(subs[pair.b], m.path_b, m.lines_b)
        out.append(f"  {m.path_a}:{m.lines_a[0]}-{m.lines_a[1]}".ljust(width + 4)
                   + f"| {m.path_b}:{m.lines_b[0]}-{m.lines_b[1]}")
        for k in range(max(len(left), len(right))):
            l = left[k].expandtabs(4) if k < len(left) else ""
            r = right[k].expandtabs(4) if k < len(right) else ""
            out.append(f"    {l[:width]:<{width}}| {r[:width]}")
            shown += 1
            if shown >= most:
                out.append("    ...")
                return out
    return out


def as_json(pair: Pair, subs: dict[str, Submission]) -> dict[str, object]:
    def text(sub: Submission, path: str, span: tuple[int, int]) -> list[str]:
        lines = next(f.lines for f in sub.files if f.path == path)
        return lines[span[0] - 1:span[1]]

    return {
        "a": pair.a, "b": pair.b, "similarity": round(pair.similarity, 4), "shared": pair.shared,
        "matches": [{"a": {"path": m.path_a, "lines": list(m.lines_a),
                           "text": text(subs[pair.a], m.path_a, m.lines_a)},
                     "b": {"path": m.path_b, "lines": list(m.lines_b),
                           "text": text(subs[pair.b], m.path_b, m.lines_b)}}
                    for m in pair.matches],
    }
