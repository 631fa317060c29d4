"""Grade one Gradescope submission (run by run_autograder).

Under $AUTOGRADER_ROOT (default /autograder):
  source/                the zip grade/gradescope/make-zip wrote: bundle.json,
                         grader/ (this file and the modules it uses) and
                         official/labN[-catchup]/ (the released branches)
  submission/            the student's repository (or one folder holding it,
                         or the hole files alone, loose, or the archive
                         `make handin` wrote: handin-labN.tar.gz)
  results/results.json   written here, in Gradescope's format

A submission is graded exactly as the batch grades it (grade/batch_job.py):
the official branch (labN-catchup for a catch-up submission, one that
holds prebuilt/labM.a of an earlier lab), with only that branch's hole
files taken from the submission, built and graded in the sandbox of
grade/sandbox.py.  Time limits: AUTOGRADER_BUILD_TIMEOUT and
AUTOGRADER_GRADE_TIMEOUT, in seconds.  See doc/grader.md.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GRADER = Path(__file__).resolve().parent.parent.parent     # source/grader
sys.path.insert(0, str(GRADER))

from grade import batch_proc  # noqa: E402
from grade.batch_archive import BadSubmission  # noqa: E402
from grade.batch_handin import STUB, Commit, GitMissing, HoleNote  # noqa: E402
from grade.batch_job import Graded, Limits, build_and_grade, fill  # noqa: E402
from grade.batch_release import Official, ReleaseError, read_official  # noqa: E402
from grade.sandbox import Sandbox, SandboxError, detect  # noqa: E402
from labs.manifest import archive_path, branch_name, catch_up  # noqa: E402

ROOT_ENV = "AUTOGRADER_ROOT"
TIMEOUTS = {"AUTOGRADER_BUILD_TIMEOUT": 600.0, "AUTOGRADER_GRADE_TIMEOUT": 1800.0}
HOLE_LIMIT = 1024 * 1024        # bytes; a bigger "source file" is refused
IGNORED_FOLDERS = {"__MACOSX"}  # archive clutter when looking for the repository
HANDIN_GLOB = "handin-lab*.tar.gz"
TOKEN_PREFIX = "mica-gradescope:"


class Refused(Exception):
    """The submission cannot be graded; score 0 with this reason."""


def main() -> int:
    root = Path(os.environ.get(ROOT_ENV) or "/autograder")
    results = root / "results" / "results.json"
    start = time.monotonic()
    try:
        results.parent.mkdir(parents=True, exist_ok=True)
        limits = Limits(*(_timeout(name, limit) for name, limit in TIMEOUTS.items()),
                        make_jobs=os.cpu_count() or 1, grade_jobs=os.cpu_count() or 1)
        lab, officials = _officials(root / "source")
        sandbox = detect()
    except (ValueError, OSError, ReleaseError, SandboxError) as err:
        print(f"autograde: {err}", file=sys.stderr)
        _write(results, _failure(f"The autograder is not set up right: {err}", start, "setup"))
        return 2
    with tempfile.TemporaryDirectory(prefix="mica-autograde-") as tmp:
        document = _grade(root / "submission", Path(tmp), lab, officials, sandbox, limits, start)
    _write(results, document)
    return 0


def _timeout(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ValueError(f"{name}={text!r} must be a number of seconds > 0")
    return value


def _officials(source: Path) -> tuple[int, dict[bool, Official]]:
    """The lab of the zip and its official trees, by "is catch-up"."""
    try:
        bundle = json.loads((source / "bundle.json").read_text(encoding="utf-8"))
        lab, branches = int(bundle["lab"]), dict(bundle["branches"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{source}/bundle.json is missing or bad ({err}): "
                         "make the zip with grade/gradescope/make-zip") from None
    officials = {}
    for is_catch_up in (False, True):
        branch = branch_name(lab, is_catch_up)
        if branch in branches:
            officials[is_catch_up] = read_official(source / "official" / branch, lab, branch,
                                                   str(branches[branch]), f"official/{branch}")
    if False not in officials:
        raise ValueError(f"the zip has no official/lab{lab}")
    return lab, officials


def _grade(submission: Path, tmp: Path, lab: int, officials: dict[bool, Official],
           sandbox: Sandbox, limits: Limits, start: float) -> dict[str, Any]:
    token = f"{TOKEN_PREFIX}{secrets.token_hex(8)}"
    intake = tmp / "intake"
    (intake / "home" / "tmp").mkdir(parents=True)
    env = batch_proc.environment(token, intake / "home")
    env["GIT_LITERAL_PATHSPECS"] = "1"
    header = [f"Isolation: {sandbox.description}"]
    try:
        official, files, notes, said = _take(submission, intake, lab, officials, env)
    except (BadSubmission, Refused) as err:
        return _failure("\n".join([*header, "", f"This submission cannot be graded: {err}"]),
                        start, "submission")
    header[:0] = said + [_graded_on(official)]
    job = sandbox.new_job(tmp)
    fill(job, official.tree, files)
    graded = build_and_grade(job, sandbox, lab, official.max_score, token, limits,
                             gradescope=True)
    notes_text = [*header, *(note.line() for note in notes)]
    _show_instructors(notes_text, graded)
    return _document(notes_text, graded, start)


def _take(submission: Path, intake: Path, lab: int, officials: dict[bool, Official],
          env: dict[str, str]) -> tuple[Official, dict[str, bytes], list[HoleNote], list[str]]:
    """The official tree the submission is graded with, its hole files,
    a note for each, and what was found."""
    archives = sorted(submission.glob(HANDIN_GLOB)) if submission.is_dir() else []
    if len(archives) == 1 and stat.S_ISREG(archives[0].lstat().st_mode):
        (intake / "handin").mkdir()
        try:
            commit = Commit(archives[0], lab, intake / "handin", env)
        except GitMissing as err:
            raise Refused(str(err)) from None
        present = set(commit.entries(*map(archive_path, range(1, lab))))
        official = _pick(officials, catch_up(present, lab), lab)
        files, notes = commit.holes(official.holes)
        return official, files, notes, [f"{archives[0].name}: graded commit {commit.commit}"]
    base = _repository(submission, officials[False].holes)
    present = {p for p in map(archive_path, range(1, lab)) if _hole_file(base, p)[0] is not None}
    official = _pick(officials, catch_up(present, lab), lab)
    files, notes = _folder_holes(submission, base, official.holes)
    return official, files, notes, []


def _pick(officials: dict[bool, Official], is_catch_up: bool, lab: int) -> Official:
    if is_catch_up and True not in officials:
        raise Refused(f"it is a catch-up submission (it holds {archive_path(lab - 1)}), but this "
                      f"assignment has no {branch_name(lab, True)} branch; ask the instructors")
    return officials[is_catch_up]


def _graded_on(official: Official) -> str:
    line = f"Graded on {official.branch} ({official.commit[:12]}) of the release"
    if official.catch_up:
        line += (f"; a catch-up submission: labs 1..{official.lab - 1} come compiled from "
                 "the reference and count as given")
    return line + "."


def _folder_holes(submission: Path, base: Path, holes: tuple[str, ...]
                  ) -> tuple[dict[str, bytes], list[HoleNote]]:
    """The hole files of a folder submission (by path, or loose by a
    unique file name); a note for each."""
    names = [Path(h).name for h in holes]
    files: dict[str, bytes] = {}
    notes = []
    for hole in holes:
        loose = Path(hole).name if names.count(Path(hole).name) == 1 else None
        found, problem = _hole_file(base, hole)
        if found is None and problem is None and loose and base == submission:
            found, problem = _hole_file(base, loose)
        if problem:
            notes.append(HoleNote(hole, False, f"refused ({problem}); {STUB}"))
        elif found is None:
            notes.append(HoleNote(hole, False, f"not in the submission; {STUB}"))
        else:
            files[hole] = found
            notes.append(HoleNote(hole, True))
    return files, notes


def _repository(submission: Path, holes: tuple[str, ...]) -> Path:
    """Where the repository is: the submission itself, or the only folder
    in it (an uploaded archive of the repository), a few levels deep."""
    here = submission
    for _ in range(3):
        if any(os.path.lexists(here / h) for h in holes):
            return here
        try:
            folders = [p for p in here.iterdir() if p.is_dir() and not p.is_symlink()
                       and p.name not in IGNORED_FOLDERS and not p.name.startswith(".")]
        except OSError:
            break
        if len(folders) != 1:
            break
        here = folders[0]
    return submission


def _hole_file(base: Path, relative: str) -> tuple[bytes | None, str | None]:
    """(contents, None) for a safe regular file at base/relative, (None,
    None) if there is none, (None, why) if it is refused."""
    path = base
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            return None, f"{path.relative_to(base)} is a symbolic link"
    if not os.path.lexists(path):
        return None, None
    if not path.resolve().is_relative_to(base.resolve()):
        return None, "outside the submission"
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        return None, "not a regular file"
    if info.st_size > HOLE_LIMIT:
        return None, f"bigger than {HOLE_LIMIT} bytes"
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read(HOLE_LIMIT + 1)[:HOLE_LIMIT], None


def _show_instructors(notes: list[str], graded: Graded) -> None:
    """stdout, which Gradescope shows to instructors only."""
    print("\n".join(notes))
    print(f"status: {graded.status}: {graded.message}")
    for line in graded.build_log_tail + graded.grader_output_tail:
        print(line)


def _document(notes: list[str], graded: Graded, start: float) -> dict[str, Any]:
    """The grader's results.json with the notes in front, or why there is none."""
    document = graded.gradescope
    if document is None:
        if graded.status == "build_failed" or graded.build_log_tail:
            detail = [f"The {graded.message}. Its last lines:", "", *graded.build_log_tail]
            step = "build"
        else:
            detail = [f"Grading did not finish ({graded.status}): {graded.message}.",
                      "Its last lines:", "", *graded.grader_output_tail]
            step = "grading"
        return _failure("\n".join([*notes, "", *detail]), start, step)
    document["output"] = "\n".join(notes) + "\n\n" + str(document.get("output", ""))
    document["execution_time"] = round(time.monotonic() - start)
    return document


def _failure(message: str, start: float, step: str) -> dict[str, Any]:
    """A results.json with score 0 that says why."""
    return {
        "score": 0,
        "execution_time": round(time.monotonic() - start),
        "output": message,
        "visibility": "visible",
        "tests": [{"name": step, "score": 0, "max_score": 0, "status": "failed",
                   "output": message, "visibility": "visible"}],
    }


def _write(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
