"""Checking that a student branch gives nothing of the instructors' away.

A branch leaks if it holds
  - a path that labs/labs.toml keeps for instructors (solutions/, hidden
    tests, the release and batch tools), or
  - a line of text that only the reference side has: any line (of some
    length, spaces trimmed) of a file under solutions/ that no other file
    of the instructor tree also contains, or
  - a prebuilt archive that names solutions/.
The line check is what catches a reference function pasted into a stub,
an answer copied into a handout, or a solutions file moved elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from manifest import SOLUTIONS, covers

MIN_LINE = 24   # shorter lines ("return OK;", "}") are common to everything


def significant_lines(data: bytes) -> set[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return set()
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LINE}


def secret_lines(tree: Path, files: list[str]) -> set[str]:
    """Lines of the solutions/ files that appear in no other file of tree."""
    secret: set[str] = set()
    public: set[str] = set()
    for name in files:
        lines = significant_lines((tree / name).read_bytes())
        (secret if covers(name, SOLUTIONS) else public).update(lines)
    return secret - public


def branch_problems(branch: Path, paths: list[str], instructor_only: tuple[str, ...],
                    secret: set[str]) -> list[str]:
    """What in the branch checked out at branch (holding paths) leaks."""
    problems = []
    for name in paths:
        entry = next((e for e in instructor_only if covers(name, e)), None)
        if entry is not None:
            problems.append(f"{name}: instructors only ({entry} in labs/labs.toml)")
            continue
        data = (branch / name).read_bytes()
        if name.endswith(".a"):
            if SOLUTIONS.encode() + b"/" in data:
                problems.append(f"{name}: names {SOLUTIONS}/")
            continue
        found = significant_lines(data) & secret
        if found:
            problems.append(f"{name}: holds {len(found)} line(s) of reference code or "
                            f"answers, e.g. {sorted(found)[0]!r}")
    return problems
