"""Grading one student's handin, in a private job folder of its own
(grade/sandbox.py makes it; no other job can see it):

  handin/       the two archive members, checked (batch_archive)
  student.git   a bare clone of the bundle; nothing of it is checked out
  work/ build/ home/ out/   the graded tree and its outputs (batch_job)

The handed-in commit picks the official branch: labN-catchup when it
holds prebuilt/labM.a of an earlier lab (a catch-up handin), else labN.
Its hole files (of that branch) are copied over the official stubs, and
batch_job builds and grades the tree in the sandbox.  Whatever goes wrong
is this student's result and never stops the batch.
"""

from __future__ import annotations

import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from grade import batch_proc
from grade.batch_archive import BadSubmission
from grade.batch_handin import Commit, GitMissing
from grade.batch_job import TAIL_LINES, Limits, build_and_grade, fill
from grade.batch_release import Officials
from grade.batch_results import StudentResult
from grade.sandbox import Job, Sandbox, scrub
from labs.manifest import archive_path, branch_name, catch_up


@dataclass(frozen=True)
class Submission:
    student: str
    archive: Path | None        # None when problem says why there is none
    shown: str                  # how to name it in messages (relative to the folder)
    problem: str = ""


@dataclass(frozen=True)
class Settings:
    officials: Officials
    limits: Limits
    sandbox: Sandbox
    token_prefix: str           # MICA_BATCH_JOB of this batch's processes start with it
    tmp_root: Path


class Outcome(Exception):
    """Ends a student's pipeline early with a status and a message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def grade_student(sub: Submission, settings: Settings) -> StudentResult:
    official = settings.officials.normal
    result = StudentResult(student=sub.student, lab=official.lab, max_score=official.max_score,
                           submission=sub.shown, official_commit=official.commit,
                           official_branch=official.branch,
                           isolation=settings.sandbox.description)
    start = time.monotonic()
    job = None
    try:
        job = settings.sandbox.new_job(settings.tmp_root)
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
        if job is not None:
            result.message = scrub(result.message, job.path)
            result.grader_output_tail = scrub(result.grader_output_tail, job.path)
            shutil.rmtree(job.path, ignore_errors=True)
    return result


def _pipeline(sub: Submission, settings: Settings, job: Job, result: StudentResult) -> None:
    if sub.problem or sub.archive is None:
        raise BadSubmission(sub.problem or "no archive")
    officials = settings.officials
    lab = officials.normal.lab
    token = f"{settings.token_prefix}{sub.student}"
    env = batch_proc.environment(token, job.path / "home")
    env["GIT_LITERAL_PATHSPECS"] = "1"
    intake = job.path / "intake"
    intake.mkdir(mode=0o700)
    try:
        commit = Commit(sub.archive, lab, intake, env)
    except GitMissing as err:
        raise Outcome("error", str(err)) from None
    result.manifest = commit.manifest_document()
    is_catch_up = catch_up(set(commit.entries(*map(archive_path, range(1, lab)))), lab)
    official = officials.pick(is_catch_up)
    if official is None:
        raise Outcome("error", f"a catch-up handin (its commit holds {archive_path(lab - 1)}), "
                               f"but the release has no branch {branch_name(lab, True)}: "
                               "grade it with the release the student worked from")
    result.official_commit, result.official_branch = official.commit, official.branch
    files, notes = commit.holes(official.holes)
    result.holes = [note.document() for note in notes]
    fill(job, official.tree, files)
    graded = build_and_grade(job, settings.sandbox, lab, official.max_score, token,
                             settings.limits)
    result.build_log_tail = graded.build_log_tail
    result.grader_output_tail = graded.grader_output_tail
    result.tests = graded.tests
    result.score, result.max_score = graded.score, graded.max_score
    result.status, result.message = graded.status, graded.message
