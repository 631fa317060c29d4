"""Grading one student's handin, in a directory of its own:

  handin/       the two archive members, checked (batch_archive)
  student.git   a bare clone of the bundle; nothing of it is checked out
  work/         the official tree, with the student's hole files copied in
  build/        make's output, and the grader's console logs
  home/         HOME and TMPDIR of every command

Every command runs through batch_proc (own session, time and output
limits, killed with everything it started).  Whatever goes wrong is this
student's result and never stops the batch.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grade import batch_proc
from grade.batch_archive import BadSubmission, extract, read_manifest
from grade.batch_release import Official
from grade.batch_results import StudentResult

GIT_TIMEOUT = 120.0
OUTPUT_LIMIT = 8 * 1024 * 1024      # more output than this from one command stops it
KEEP = 64 * 1024                    # bytes of output kept for the report
HOLE_LIMIT = 1024 * 1024            # a bigger hole file is not taken
TAIL_LINES = 60
EXCERPT_LINES = 30
LINE_WIDTH = 300
REGULAR_MODES = ("100644", "100755")
ERROR_LINE_RE = re.compile(r"\berror\b", re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    student: str
    archive: Path | None        # None when problem says why there is none
    shown: str                  # how to name it in messages (relative to the folder)
    problem: str = ""


@dataclass(frozen=True)
class Settings:
    official: Official
    build_timeout: float
    grade_timeout: float
    token_prefix: str           # MICA_BATCH_JOB of this batch's processes start with it
    tmp_root: Path
    python: str


class Outcome(Exception):
    """Ends a student's pipeline early with a status and a message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def grade_student(sub: Submission, settings: Settings) -> StudentResult:
    official = settings.official
    result = StudentResult(student=sub.student, lab=official.lab, max_score=official.max_score,
                           submission=sub.shown, official_commit=official.commit)
    start = time.monotonic()
    job = settings.tmp_root / sub.student
    try:
        job.mkdir()
        _pipeline(sub, settings, job, result)
    except BadSubmission as err:
        result.status, result.message = "bad_submission", str(err)
    except Outcome as err:
        result.status, result.message = err.status, str(err)
    except batch_proc.Stopped:
        raise
    except Exception as err:       # a bug or a full disk: this student only
        result.status = "error"
        result.message = f"internal error: {type(err).__name__}: {err}"
        result.grader_output_tail = traceback.format_exc().splitlines()[-TAIL_LINES:]
    finally:
        result.seconds = time.monotonic() - start
        shutil.rmtree(job, ignore_errors=True)
    return result


def _pipeline(sub: Submission, settings: Settings, job: Path, result: StudentResult) -> None:
    if sub.problem or sub.archive is None:
        raise BadSubmission(sub.problem or "no archive")
    official = settings.official
    handin = job / "handin"
    handin.mkdir()
    extract(sub.archive, handin)
    manifest = read_manifest(handin / "manifest.json", official.lab)
    result.manifest = asdict(manifest)
    env = batch_proc.environment(f"{settings.token_prefix}{sub.student}", job / "home")
    env["GIT_LITERAL_PATHSPECS"] = "1"

    def git(*args: str, limit: int = KEEP) -> batch_proc.Done:
        return batch_proc.run(["git", *args], env=env, cwd=job, timeout=GIT_TIMEOUT,
                              limit=limit, keep=limit, merge_stderr=False)

    cloned = git("-c", "transfer.fsckObjects=true", "clone", "--quiet", "--bare",
                 str(handin / "mica.bundle"), str(job / "student.git"))
    if cloned.start_error:
        raise Outcome("error", f"cannot run git: {cloned.start_error}")
    if cloned.code != 0:
        raise BadSubmission("mica.bundle is not a git bundle that can be cloned" + (
            f" (git took more than {GIT_TIMEOUT:g}s)" if cloned.timed_out else ""))
    gitdir = f"--git-dir={job / 'student.git'}"
    if git(gitdir, "cat-file", "-e", f"{manifest.commit}^{{commit}}").code != 0:
        raise BadSubmission(f"commit {manifest.commit} of manifest.json is not in mica.bundle")

    work = job / "work"
    shutil.copytree(official.tree, work, symlinks=True)
    result.holes = _restore_holes(git, gitdir, manifest.commit, official.holes, work)

    build = job / "build"
    made = batch_proc.run(["make", "-C", str(work), "all", f"BUILD={build}", "STUDENT=1"],
                          env=env, cwd=work, timeout=settings.build_timeout,
                          limit=OUTPUT_LIMIT, keep=KEEP)
    if made.code != 0:
        result.build_log_tail = _lines(made.output)[-TAIL_LINES:]
        raise _build_outcome(made, settings.build_timeout, result.build_log_tail)

    report = job / "grades.json"
    graded = batch_proc.run(
        [settings.python, "grade/grade", "--lab", str(official.lab), "--build", str(build),
         "--json", str(report), "-j", "1"],
        env=env, cwd=work, timeout=settings.grade_timeout, limit=OUTPUT_LIMIT, keep=KEEP)
    result.grader_output_tail = _lines(graded.output)[-TAIL_LINES:]
    _take_grades(graded, report, job, work, settings.grade_timeout, result)
    if result.status == "graded":
        result.grader_output_tail = []     # the tests say it all


def _restore_holes(git: Callable[..., batch_proc.Done], gitdir: str, commit: str, holes: tuple[str, ...],
                   work: Path) -> list[dict[str, str]]:
    """Copy each hole file of the student's commit over the official stub;
    a hole that is missing, not a regular file or too big keeps the stub."""
    listed = git(gitdir, "ls-tree", "-z", "--full-tree", commit, "--", *holes)
    if listed.code != 0:
        raise BadSubmission(f"cannot list the files of commit {commit}")
    entries: dict[str, tuple[str, str, str]] = {}
    for record in listed.output.decode("utf-8", "replace").split("\0"):
        if "\t" in record:
            info, path = record.split("\t", 1)
            mode, kind, sha = info.split()
            entries[path] = (mode, kind, sha)
    used = []
    for hole in holes:
        note = ""
        if hole not in entries:
            note = "not in the submission; the official stub was graded"
        elif entries[hole][0] not in REGULAR_MODES or entries[hole][1] != "blob":
            note = f"not a regular file (git mode {entries[hole][0]}); the official stub was graded"
        else:
            blob = git(gitdir, "cat-file", "blob", entries[hole][2], limit=HOLE_LIMIT)
            if blob.overflowed:
                note = f"bigger than {HOLE_LIMIT} bytes; the official stub was graded"
            elif blob.code != 0:
                note = "cannot be read from the bundle; the official stub was graded"
            else:
                target = work / hole
                target.unlink(missing_ok=True)
                target.write_bytes(blob.output)
        used.append({"path": hole, "from": "official stub" if note else "submission",
                     "note": note})
    return used


def _build_outcome(made: batch_proc.Done, timeout: float, tail: list[str]) -> Outcome:
    if made.timed_out:
        return Outcome("timeout", f"build took more than {timeout:g}s; stopped")
    if made.overflowed:
        return Outcome("build_failed",
                       f"build printed more than {OUTPUT_LIMIT // (1024 * 1024)} MiB; stopped")
    if made.start_error:
        return Outcome("error", f"cannot run make: {made.start_error}")
    first = next((line for line in tail if ERROR_LINE_RE.search(line)), "")
    return Outcome("build_failed", f"build failed (make status {made.code})"
                   + (f": {first.strip()[:200]}" if first else ""))


def _take_grades(graded: batch_proc.Done, report: Path, job: Path, work: Path,
                 timeout: float, result: StudentResult) -> None:
    if graded.timed_out:
        raise Outcome("timeout", f"grading took more than {timeout:g}s; stopped")
    if graded.start_error:
        raise Outcome("error", f"cannot run the grader: {graded.start_error}")
    document = _read_report(report)
    if graded.code not in (0, 1, 2) or document is None:
        last = result.grader_output_tail[-1:] or ["(no output)"]
        raise Outcome("error", f"the grader failed (status {graded.code}): {last[0][:200]}")
    result.tests = [_with_excerpt(test, job, work) for test in document["tests"]]
    result.score = document["score"]
    result.max_score = document["max_score"]
    passed = sum(1 for test in result.tests if test.get("passed") is True)
    errors = sum(1 for test in result.tests if test.get("error") is True)
    if graded.code == 2:
        result.status = "error"
        result.message = (f"QEMU failed in {errors} test(s): grade this student again"
                          if errors else "the grader reported a problem (status 2)")
    else:
        result.status = "graded"
        result.message = f"{passed}/{len(result.tests)} tests passed"


def _read_report(path: Path) -> dict[str, Any] | None:
    """The grader's --json document, if it is there and has the right shape."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(document, dict) or not isinstance(document.get("tests"), list)
            or not all(isinstance(t, dict) for t in document["tests"])
            or not isinstance(document.get("score"), int)
            or not isinstance(document.get("max_score"), int)):
        return None
    return document


def _with_excerpt(test: dict[str, Any], job: Path, work: Path) -> dict[str, Any]:
    """The grader's entry for one test, with the end of its console log in
    place of the log's path (which is gone when the job is cleaned up)."""
    entry = {key: value for key, value in test.items() if key != "log_path"}
    log = test.get("log_path")
    if test.get("passed") is not True and isinstance(log, str):
        path = (work / log).resolve()
        if path.is_relative_to(job.resolve()) and path.is_file():
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
