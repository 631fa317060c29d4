#!/usr/bin/env python3
"""Self-test and benchmark of grade/similarity.py.

A batch of generated submissions: each hole file is the lab's stub plus
code of its own (random functions from a small C grammar). A few pairs
are planted: one hole file copied with every identifier renamed, the
layout changed and comments added; one copied in part. The test wants
exactly the planted pairs reported, the stub text never counted, and the
whole batch of 500 compared in well under a minute (the time is printed).

    python3 grade/similarity_selftest.py [COUNT]
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grade import similarity  # noqa: E402
from grade.similarity_cli import run  # noqa: E402
from labs.manifest import graded_holes, load_labs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COUNT = 500
TIME_LIMIT = 60.0
OPS = ["+", "-", "*", "&", "|", "^", "<<", ">>"]
CMPS = ["<", ">", "<=", ">=", "==", "!="]


def name(rng: random.Random) -> str:
    return rng.choice("abcdefghijklmnopqrstuvwxyz") + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(rng.randrange(2, 9)))


def expression(rng: random.Random, names: list[str], depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.3:
        return rng.choice(names) if rng.random() < 0.6 else str(rng.randrange(100))
    pick = rng.random()
    if pick < 0.5:
        return f"{expression(rng, names, depth + 1)} {rng.choice(OPS)} {expression(rng, names, depth + 1)}"
    if pick < 0.7:
        return f"{rng.choice(names)}[{expression(rng, names, depth + 1)}]"
    if pick < 0.85:
        return f"{rng.choice(names)}->{rng.choice(names)}"
    return f"{rng.choice(names)}({expression(rng, names, depth + 1)})"


def statements(rng: random.Random, names: list[str], indent: int, count: int) -> list[str]:
    pad = "\t" * indent
    out = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.4 or indent > 3:
            out.append(f"{pad}{rng.choice(names)} = {expression(rng, names)};")
        elif pick < 0.6:
            out.append(f"{pad}if ({expression(rng, names)} {rng.choice(CMPS)} {expression(rng, names)}) {{")
            out += statements(rng, names, indent + 1, rng.randrange(1, 4))
            out.append(f"{pad}}}")
        elif pick < 0.75:
            v = rng.choice(names)
            out.append(f"{pad}for ({v} = 0; {v} < {expression(rng, names)}; {v}++) {{")
            out += statements(rng, names, indent + 1, rng.randrange(1, 4))
            out.append(f"{pad}}}")
        elif pick < 0.9:
            out.append(f"{pad}while ({expression(rng, names)} {rng.choice(CMPS)} 0)")
            out += statements(rng, names, indent + 1, 1)
        else:
            out.append(f"{pad}return {expression(rng, names)};")
    return out


def own_code(rng: random.Random) -> str:
    """A student's code: a few functions nobody else wrote."""
    lines = []
    for _ in range(rng.randrange(3, 6)):
        names = [name(rng) for _ in range(6)]
        lines.append(f"static int {name(rng)}(struct proc *{names[0]}, int {names[1]})")
        lines.append("{")
        lines.append(f"\tint {names[2]}, {names[3]};")
        lines += statements(rng, names, 1, rng.randrange(4, 10))
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def disguise(rng: random.Random, text: str) -> str:
    """text with identifiers renamed, spacing changed, comments added."""
    keep = similarity.C_KEYWORDS | {"proc"}
    renames: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        word = m.group()
        if word in keep:
            return word
        return renames.setdefault(word, "v_" + name(rng))

    out = []
    for line in re.sub(r"\b[A-Za-z_][A-Za-z0-9_]*\b", rename, text).splitlines():
        line = line.replace("\t", "    ").replace(" = ", "=")
        out.append(line)
        if rng.random() < 0.1:
            out.append("/* " + name(rng) + " */")
    return "\n".join(out)


def make_batch(top: Path, count: int, holes: tuple[str, ...], rng: random.Random) -> set[tuple[str, str]]:
    """count submissions under top; returns the planted pairs."""
    stubs = {hole: (ROOT / hole).read_text() for hole in holes}
    texts: list[dict[str, str]] = [{h: stubs[h] + "\n" + own_code(rng) for h in holes} for _ in range(count)]
    planted = set()
    # Copied whole, disguised.
    for a, b in ((0, 1), (10, 11), (100, 250)):
        if b < count:
            hole = rng.choice(holes)
            texts[b][hole] = disguise(rng, texts[a][hole])
            planted.add((f"s{a:03d}", f"s{b:03d}"))
    # Copied in part: the second half of one file's own code.
    if count > 301:
        hole = holes[0]
        mine = texts[300][hole].split("\n")
        texts[301][hole] = stubs[hole] + "\n" + own_code(rng) + "\n" + "\n".join(mine[len(mine) // 2:])
        planted.add(("s300", "s301"))
    # Only the stub: shares everything with nobody.
    for index in (20, 21, 22):
        if index < count:
            texts[index] = dict(stubs)
    for index, files in enumerate(texts):
        sub = top / f"s{index:03d}"
        for hole, text in files.items():
            (sub / hole).parent.mkdir(parents=True, exist_ok=True)
            (sub / hole).write_text(text)
    return planted


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    labs = load_labs(ROOT)
    holes = graded_holes(labs, labs[-1].number)
    rng = random.Random(1)
    problems = []
    with tempfile.TemporaryDirectory(prefix="mica-similarity-") as tmp:
        top = Path(tmp)
        planted = make_batch(top, count, holes, rng)
        start = time.monotonic()
        pairs, subs = run(top, holes, ROOT, 0.5)
        seconds = time.monotonic() - start
        found = {(p.a, p.b) for p in pairs}
        for pair in sorted(planted - found):
            problems.append(f"planted pair {pair} not reported")
        for pair in sorted(found - planted):
            problems.append(f"pair {pair} reported but not planted")
        if pairs:
            shown = similarity.side_by_side(pairs[0], subs)
            print("\n".join(shown[:12]))
            if not any("|" in line for line in shown[2:]):
                problems.append("no shared lines shown side by side")
        if seconds > TIME_LIMIT:
            problems.append(f"{count} submissions took {seconds:.1f}s (limit {TIME_LIMIT:.0f}s)")
    lines = sum(len(f.lines) for s in subs.values() for f in s.files)
    for problem in problems:
        print(f"similarity selftest: PROBLEM {problem}")
    print(f"similarity selftest: {count} submissions, {len(holes)} hole files each, {lines} lines, "
          f"compared in {seconds:.1f}s; {len(found & planted)}/{len(planted)} planted pairs found, "
          f"{len(found - planted)} others: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
