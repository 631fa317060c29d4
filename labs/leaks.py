"""Checking that a student branch gives nothing of the instructors' away.

A branch leaks if it holds
  - a path that labs/labs.toml keeps for instructors (solutions/, hidden
    tests, the release and batch tools), or
  - a line of text that only the reference side has: a line of an
    answer key, or a statement of the reference code that no given
    source file (outside solutions/ and the holes) also contains, or
  - a prebuilt archive that names solutions/.
The line check is what catches a reference function pasted into a stub,
an answer copied into a handout, or a solutions file moved elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from manifest import SOLUTIONS, covers

MIN_LINE = 24   # shorter lines ("return OK;", "}") are common to everything


def significant_lines(data: bytes, code_only: bool = False) -> set[str]:
    """The lines long enough to mean something, spaces trimmed; with
    code_only, only statements inside functions (indented, not comments),
    which is what a reference has and its stub must not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return set()
    found = set()
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) < MIN_LINE:
            continue
        if code_only and (not line.startswith("\t") or stripped.startswith(("*", "/*", "//"))):
            continue
        found.add(stripped)
    return found


SOURCE = (".c", ".h", ".S")
# A mutant (solutions/labN/mutants/NAME.patch) is a mistake, not an
# answer: its context and removed lines are the reference's, which the
# reference files already make secret, and its added lines are wrong.
MUTANT = ".patch"


def secret_lines(tree: Path, files: list[str], holes: set[str]) -> set[str]:
    """What only the reference side has: every line of the answer keys
    (so an answer key must not repeat a handout's line word for word),
    and the code inside the functions of solutions/ less the statements
    that the given sources (outside solutions/ and the holes, whose
    stubs are what could leak) also have, which are common idioms."""
    answers: set[str] = set()
    code: set[str] = set()
    given: set[str] = set()
    for name in files:
        data = (tree / name).read_bytes()
        if covers(name, SOLUTIONS):
            if name.endswith(SOURCE):
                code |= significant_lines(data, code_only=True)
            elif not name.endswith(MUTANT):
                answers |= significant_lines(data)
        elif name not in holes and name.endswith(SOURCE):
            given |= significant_lines(data)
    return answers | (code - given)


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
        if not found and secret:
            # Also a secret line inside a longer one: a statement quoted
            # in a string (a test's list of mutants) is a leak too.
            text = data.decode("utf-8", "replace")
            found = {line for line in secret if line in text}
        if found:
            problems.append(f"{name}: holds {len(found)} line(s) of reference code or "
                            f"answers, e.g. {sorted(found)[0]!r}")
    return problems
