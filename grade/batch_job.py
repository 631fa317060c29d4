"""Building and grading one submission: the steps that the batch and the
Gradescope autograder share, so that one handin gets one score.

A job is a private folder (grade/sandbox.py makes it) that holds

  work/    the official tree (a released branch) with the submission's
           hole files written over the stubs; read-only to the job
  build/   make's output and the grader's console logs
  home/    HOME and TMPDIR of every command
  out/     the grader's result files

and its two commands, each in the sandbox, with limits (batch_proc):

  make -C work -jM all BUILD=build STUDENT=1
  grade/grade --lab N --build build --json out/grades.json -jK [--gradescope ...]

The grader that runs is the official tree's, never the submission's.
Everything a student may see is scrubbed of the job's paths.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grade import batch_proc
from grade.sandbox import Job, Sandbox, scrub

OUTPUT_LIMIT = 8 * 1024 * 1024      # more output than this from one command stops it
KEEP = 64 * 1024                    # bytes of output kept for the report
TAIL_LINES = 60
EXCERPT_LINES = 30
LINE_WIDTH = 300
ERROR_LINE_RE = re.compile(r"\berror\b", re.IGNORECASE)
GRADES = "grades.json"
GRADESCOPE = "results.json"


@dataclass(frozen=True)
class Limits:
    build_timeout: float
    grade_timeout: float
    make_jobs: int = 1              # make -j
    grade_jobs: int = 1             # grade/grade -j
    seed: int | None = None         # grade/grade --seed (None: the grader draws one
                                    # and records it in the results)


@dataclass
class Graded:
    """What building and grading one tree gave."""
    status: str = "error"           # graded, build_failed, timeout or error
    message: str = ""
    score: int = 0
    max_score: int = 0
    tests: list[dict[str, Any]] = field(default_factory=list)
    build_log_tail: list[str] = field(default_factory=list)
    grader_output_tail: list[str] = field(default_factory=list)
    gradescope: dict[str, Any] | None = None    # the grader's results.json, when asked for


def fill(job: Job, official: Path, files: dict[str, bytes]) -> None:
    """job/work: the official tree, with files (hole path -> contents)."""
    work = job.path / "work"
    shutil.copytree(official, work, symlinks=True)
    for path, data in files.items():
        target = work / path
        target.unlink(missing_ok=True)
        target.write_bytes(data)


def build_and_grade(job: Job, sandbox: Sandbox, lab: int, max_score: int, token: str,
                    limits: Limits, gradescope: bool = False) -> Graded:
    """Build job/work and grade it as lab `lab`; the result, scrubbed."""
    graded = Graded(max_score=max_score)
    _steps(job, sandbox, lab, token, limits, gradescope, graded)
    for name in ("message", "tests", "build_log_tail", "grader_output_tail", "gradescope"):
        setattr(graded, name, scrub(getattr(graded, name), job.path))
    return graded


def _steps(job: Job, sandbox: Sandbox, lab: int, token: str, limits: Limits,
           gradescope: bool, graded: Graded) -> None:
    view = sandbox.view(job.path)
    env = batch_proc.environment(token, view / "home", sandbox.search_path())

    def run(argv: list[str], timeout: float) -> batch_proc.Done:
        wrapped = sandbox.command(job, argv, view / "work", env)
        return batch_proc.run(wrapped, env=env, cwd=job.path, timeout=timeout,
                              limit=OUTPUT_LIMIT, keep=KEEP)

    made = run(["make", "-C", str(view / "work"), f"-j{limits.make_jobs}", "all",
                f"BUILD={view / 'build'}", "STUDENT=1"], limits.build_timeout)
    if made.code != 0:
        graded.build_log_tail = _lines(made.output)[-TAIL_LINES:]
        graded.status, graded.message = _build_failure(made, limits.build_timeout,
                                                       graded.build_log_tail)
        return
    command = [sandbox.python, "grade/grade", "--lab", str(lab), "--build", str(view / "build"),
               "--json", str(view / "out" / GRADES), "-j", str(limits.grade_jobs)]
    if limits.seed is not None:
        command += ["--seed", str(limits.seed)]
    if gradescope:
        command += ["--gradescope", str(view / "out" / GRADESCOPE)]
    ran = run(command, limits.grade_timeout)
    graded.grader_output_tail = _lines(ran.output)[-TAIL_LINES:]
    _take_grades(ran, job, view, limits.grade_timeout, graded)
    if gradescope and graded.tests:
        graded.gradescope = _read_json(job.path / "out" / GRADESCOPE)
    if graded.status == "graded":
        graded.grader_output_tail = []     # the tests say it all


def _build_failure(made: batch_proc.Done, timeout: float, tail: list[str]) -> tuple[str, str]:
    if made.timed_out:
        return "timeout", f"build took more than {timeout:g}s; stopped"
    if made.overflowed:
        return "build_failed", f"build printed more than {OUTPUT_LIMIT // (1024 * 1024)} MiB; stopped"
    if made.start_error:
        return "error", f"cannot run make: {made.start_error}"
    first = next((line for line in tail if ERROR_LINE_RE.search(line)), "")
    return "build_failed", (f"build failed (make status {made.code})"
                            + (f": {first.strip()[:200]}" if first else ""))


def _take_grades(ran: batch_proc.Done, job: Job, view: Path, timeout: float,
                 graded: Graded) -> None:
    if ran.timed_out:
        graded.status, graded.message = "timeout", f"grading took more than {timeout:g}s; stopped"
        return
    if ran.start_error:
        graded.status, graded.message = "error", f"cannot run the grader: {ran.start_error}"
        return
    document = _report(job.path / "out" / GRADES)
    if ran.code not in (0, 1, 2) or document is None:
        last = graded.grader_output_tail[-1:] or ["(no output)"]
        graded.status = "error"
        graded.message = f"the grader failed (status {ran.code}): {last[0][:200]}"
        return
    graded.tests = [_with_excerpt(test, job, view) for test in document["tests"]]
    graded.score = document["score"]
    graded.max_score = document["max_score"]
    passed = sum(1 for test in graded.tests if test.get("passed") is True)
    errors = sum(1 for test in graded.tests if test.get("error") is True)
    if ran.code == 2:
        graded.status = "error"
        graded.message = (f"QEMU failed in {errors} test(s): grade this student again"
                          if errors else "the grader reported a problem (status 2)")
    else:
        graded.status = "graded"
        graded.message = f"{passed}/{len(graded.tests)} tests passed"


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _report(path: Path) -> dict[str, Any] | None:
    """The grader's --json document, if it is there and has the right shape."""
    document = _read_json(path)
    if (document is None or not isinstance(document.get("tests"), list)
            or not all(isinstance(t, dict) for t in document["tests"])
            or not isinstance(document.get("score"), int)
            or not isinstance(document.get("max_score"), int)):
        return None
    return document


def _with_excerpt(test: dict[str, Any], job: Job, view: Path) -> dict[str, Any]:
    """The grader's entry for one test, with the end of its console log in
    place of the log's path (which is gone when the job is cleaned up)."""
    entry = {key: value for key, value in test.items() if key != "log_path"}
    log = test.get("log_path")
    if test.get("passed") is not True and isinstance(log, str):
        seen = Path(log) if Path(log).is_absolute() else view / "work" / log
        path = (job.path / seen.relative_to(view)).resolve() if seen.is_relative_to(view) else None
        if path is not None and path.is_relative_to(job.path.resolve()) and path.is_file():
            with open(path, "rb") as f:
                f.seek(max(0, path.stat().st_size - KEEP))
                entry.setdefault("console_tail", _lines(f.read())[-EXCERPT_LINES:])
    return entry


def _lines(data: bytes) -> list[str]:
    lines = data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()                  # the end of the last line, not a line
    return [_cut(line) for line in lines]


def _cut(line: str) -> str:
    return line if len(line) <= LINE_WIDTH else line[:LINE_WIDTH] + "..."
