"""The mutation check: every plausible mistake in a lab's hole files fails
one of that lab's tests.

A mutant is a student's mistake written as a small patch to the
reference of a hole file, solutions/labN/mutants/NAME.patch:

    Mistake: the alarm cache is never lowered when an earlier alarm is set
    Caught-by: alarm_order

    --- a/solutions/kernel/alarm.c
    +++ b/solutions/kernel/alarm.c
    @@ -30,7 +30,7 @@
    ...

The header says the mistake in a student's words and which of lab N's
grader tests fail with it (one or more, comma-separated; host checks
are grader tests too). The patch is applied with `patch -p1` at the top
of the tree, and may touch only lab N's reference hole files.

For each mutant, in a scratch copy of the tree built with the reference:
apply it; build; refuse it if the patched files compile to the same
code as the reference (a mutant that changes nothing proves nothing);
run its Caught-by tests one by one, host checks first, and it is caught
when one fails (the rest are not run). A
Caught-by list none of whose tests fails is an error even when another
of the lab's tests catches the mutant (the header would be lying), so
the lab's other tests are then run to say which do. A mutant that does
not apply or does not build is an error too: it is stale.

Workers run in parallel, each in its own scratch tree, one QEMU at a
time each.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

NAME_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TARGET_RE = re.compile(r"^\+\+\+ b/(\S+)", re.MULTILINE)
BUILD_TIMEOUT = 600.0
GRADE_TIMEOUT = 900.0


class MutantError(Exception):
    """A mutant file that cannot be used as it is."""


@dataclass(frozen=True)
class Mutant:
    lab: int
    name: str
    path: Path
    mistake: str
    caught_by: tuple[str, ...]
    targets: tuple[str, ...]   # the solutions/ files it patches


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    caught_by: tuple[str, ...]   # the tests that failed with it
    problem: str | None          # why the mutant could not be judged, or lies

    @property
    def caught(self) -> bool:
        return self.problem is None and bool(self.caught_by)


def mutants_dir(root: Path, lab: int) -> Path:
    return root / "solutions" / f"lab{lab}" / "mutants"


def load_mutants(root: Path, lab: int, holes: tuple[str, ...],
                 tests: set[str]) -> list[Mutant]:
    """Lab `lab`'s mutants, checked against its hole files and tests."""
    found = []
    directory = mutants_dir(root, lab)
    if not directory.is_dir():
        return []
    for path in sorted(directory.iterdir()):
        if path.suffix != ".patch":
            raise MutantError(f"{rel(root, path)}: a mutant's name ends in .patch")
        found.append(parse_mutant(root, lab, path, holes, tests))
    return found


def parse_mutant(root: Path, lab: int, path: Path, holes: tuple[str, ...],
                 tests: set[str]) -> Mutant:
    where = rel(root, path)
    name = path.stem
    if not NAME_RE.fullmatch(name):
        raise MutantError(f"{where}: a mutant's name is lower-case words joined by dashes")
    text = path.read_text()
    header = text.split("\n---", 1)[0]
    fields: dict[str, str] = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if sep and key in ("Mistake", "Caught-by"):
            if key in fields:
                raise MutantError(f"{where}: '{key}:' given twice")
            fields[key] = value.strip()
    if not fields.get("Mistake"):
        raise MutantError(f"{where}: no 'Mistake:' line saying the student's mistake")
    caught_by = tuple(t.strip() for t in fields.get("Caught-by", "").split(",") if t.strip())
    if not caught_by:
        raise MutantError(f"{where}: no 'Caught-by:' line naming the tests that catch it")
    for test in caught_by:
        if test not in tests:
            raise MutantError(f"{where}: Caught-by names {test!r}, which is not a lab {lab} test")
    targets = tuple(dict.fromkeys(TARGET_RE.findall(text)))
    if not targets:
        raise MutantError(f"{where}: no patch (a '+++ b/solutions/...' line) in it")
    allowed = {f"solutions/{hole}" for hole in holes}
    for target in targets:
        if target not in allowed:
            raise MutantError(f"{where}: patches {target}, which is not the reference of a "
                              f"lab {lab} hole file")
    return Mutant(lab, name, path, fields["Mistake"], caught_by, targets)


def rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def scratch_tree(root: Path, tree: Path) -> None:
    """A copy of the files of the tree (tracked, or new and not ignored)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        source = root / name
        if not name or not source.is_file():
            continue
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, tree / name)


def object_of(tree: Path, target: str) -> Path:
    """Where the build puts the object of a reference hole file."""
    return tree / "build" / "obj" / (target.removeprefix("solutions/").rsplit(".", 1)[0] + ".o")


def build(tree: Path, goals: tuple[str, ...] = ("all",)) -> str | None:
    """make GOALS in the tree (all of it, or some objects)."""
    try:
        done = subprocess.run(["make", "-C", str(tree), *goals], capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"make took over {BUILD_TIMEOUT:.0f} s"
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        errors = [line for line in lines if "error" in line]
        return (errors or lines or ["make failed"])[0]
    return None


def code_digest(tree: Path, targets: tuple[str, ...]) -> str:
    """What the patched files compile to, without their debug information
    (a mutant that only moves lines changes nothing else)."""
    digest = hashlib.sha256()
    for target in targets:
        obj = object_of(tree, target)
        stripped = obj.with_suffix(".stripped")
        subprocess.run(["objcopy", "--strip-debug", str(obj), str(stripped)], check=True,
                       capture_output=True)
        digest.update(stripped.read_bytes())
        stripped.unlink()
    return digest.hexdigest()


def failing_tests(tree: Path, lab: int, tests: list[str], seed: str) -> list[str] | None:
    """Which of these tests fail in the tree's build (None: no results)."""
    out = tree / "mutant-results.json"
    out.unlink(missing_ok=True)
    try:
        subprocess.run([sys.executable, str(tree / "grade" / "grade"), "-j", "1", "--seed", seed,
                        "--build", str(tree / "build"), "--json", str(out), "--lab", str(lab),
                        *[a for t in tests for a in ("-t", t)]],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=GRADE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    if not out.exists():
        return None
    data = json.loads(out.read_text())
    results = {t["name"]: bool(t["passed"]) for t in data["tests"]}
    if set(results) != set(tests):
        return None
    return [t for t in tests if not results[t]]


def patch(tree: Path, mutant: Mutant, reverse: bool = False) -> str | None:
    done = subprocess.run(["patch", "-p1", "--batch", "--silent", "--no-backup-if-mismatch",
                           *(["--reverse"] if reverse else ["--forward"]), "-d", str(tree),
                           "-i", str(mutant.path)], capture_output=True, text=True)
    if done.returncode != 0:
        return (done.stdout + done.stderr).strip().splitlines()[0] if (done.stdout + done.stderr).strip() \
            else "patch failed"
    return None


class Worker:
    """One scratch tree, built with the reference, judging mutants in turn."""

    def __init__(self, root: Path, tree: Path, seed: str, lab_tests: dict[int, list[str]]):
        self.root = root
        self.tree = tree
        self.seed = seed
        self.lab_tests = lab_tests
        self.reference: dict[tuple[str, ...], str] = {}

    def prepare(self) -> str | None:
        self.tree.mkdir(parents=True)
        scratch_tree(self.root, self.tree)
        return build(self.tree)

    def objects(self, mutant: Mutant) -> tuple[str, ...]:
        return tuple(str(object_of(self.tree, t).relative_to(self.tree)) for t in mutant.targets)

    def judge(self, mutant: Mutant) -> Outcome:
        if mutant.targets not in self.reference:
            # Built from the reference now: an earlier mutant of the same
            # file may have left its own object behind.
            if (error := build(self.tree, self.objects(mutant))) is not None:
                return Outcome(mutant, (), f"the reference does not build: {error}")
            self.reference[mutant.targets] = code_digest(self.tree, mutant.targets)
        if (error := patch(self.tree, mutant)) is not None:
            return Outcome(mutant, (), f"does not apply: {error}")
        try:
            return self.judge_applied(mutant)
        finally:
            if patch(self.tree, mutant, reverse=True) is not None:
                # The scratch tree is no longer the reference: start over.
                for target in mutant.targets:
                    shutil.copy2(self.root / target, self.tree / target)

    def judge_applied(self, mutant: Mutant) -> Outcome:
        # The patched files' objects first: enough to compare the code,
        # and for the host checks, which compile the hole file
        # themselves. The whole system (a relink of every program, for a
        # file of lib/) only when a test must boot it.
        if (error := build(self.tree, self.objects(mutant))) is not None:
            return Outcome(mutant, (), f"does not build: {error}")
        if code_digest(self.tree, mutant.targets) == self.reference[mutant.targets]:
            return Outcome(mutant, (), "compiles to the same code as the reference")
        # One Caught-by test at a time, host checks (quick) first, until
        # one fails: a mutant is caught by the first, and the slow tests
        # a list may also name (a thousand spawns) need not run.
        built = False
        for test in sorted(mutant.caught_by, key=lambda t: not t.startswith("host_")):
            if not test.startswith("host_") and not built:
                if (error := build(self.tree)) is not None:
                    return Outcome(mutant, (), f"does not build: {error}")
                built = True
            failed = failing_tests(self.tree, mutant.lab, [test], self.seed)
            if failed is None:
                return Outcome(mutant, (), f"the grader gave no result for {test}")
            if failed:
                return Outcome(mutant, tuple(failed), None)
        others = [t for t in self.lab_tests[mutant.lab] if t not in mutant.caught_by]
        if not built and (error := build(self.tree)) is not None:
            return Outcome(mutant, (), f"does not build: {error}")
        failed = failing_tests(self.tree, mutant.lab, others, self.seed) if others else []
        if failed is None:
            return Outcome(mutant, (), "the grader gave no results for the lab's tests")
        if failed:
            return Outcome(mutant, tuple(failed),
                           f"Caught-by says {', '.join(mutant.caught_by)}, which pass; "
                           f"caught by {', '.join(failed)}")
        return Outcome(mutant, (), None)


def judge_all(root: Path, work: Path, mutants: list[Mutant], lab_tests: dict[int, list[str]],
              jobs: int, seed: str, progress=None) -> list[Outcome] | str:
    """Judge every mutant with `jobs` workers; an error string if a
    scratch tree cannot be built with the reference."""
    todo: queue.Queue[Mutant] = queue.Queue()
    for mutant in mutants:
        todo.put(mutant)
    outcomes: list[Outcome] = []
    errors: list[str] = []
    lock = threading.Lock()
    workers = [Worker(root, work / f"worker{i}", seed, lab_tests)
               for i in range(max(1, min(jobs, len(mutants))))]

    def run(worker: Worker) -> None:
        if (error := worker.prepare()) is not None:
            with lock:
                errors.append(f"the reference does not build: {error}")
            return
        while True:
            try:
                mutant = todo.get_nowait()
            except queue.Empty:
                return
            outcome = worker.judge(mutant)
            with lock:
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors and len(outcomes) < len(mutants):
        return errors[0]
    order = {m.path: i for i, m in enumerate(mutants)}
    return sorted(outcomes, key=lambda o: order[o.mutant.path])


def describe(outcome: Outcome) -> str:
    m = outcome.mutant
    if outcome.problem is not None:
        return f"lab {m.lab} {m.name}: ERROR {outcome.problem}"
    if outcome.caught:
        return f"lab {m.lab} {m.name}: caught by {', '.join(outcome.caught_by)}"
    return f"lab {m.lab} {m.name}: NOT CAUGHT ({m.mistake})"


def score_lines(outcomes: list[Outcome], labs: list[int]) -> list[str]:
    lines = []
    for lab in labs:
        mine = [o for o in outcomes if o.mutant.lab == lab]
        caught = sum(o.caught for o in mine)
        percent = 100.0 * caught / len(mine) if mine else 0.0
        lines.append(f"lab {lab}: mutation score {caught}/{len(mine)} ({percent:.0f}%)")
    return lines


def default_jobs() -> int:
    return os.cpu_count() or 1
