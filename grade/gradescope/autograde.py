#!/usr/bin/env python3
"""Grade one Gradescope submission (run by grade/gradescope/run_autograder).

Under $AUTOGRADER_ROOT (default /autograder):
  source/                the official lab branch as released; its lab is N
  submission/            the student's repository (or one folder holding it,
                         or the hole files alone, loose, or the archive
                         `make handin` wrote: handin-labN.tar.gz)
  results/results.json   written here, in Gradescope's format

Only the hole files of labs 1..N are taken from the submission; all the
rest (Makefile, grader, tests, headers) comes from source, so a student
who edits anything else gains nothing.  The build and the grading run in
a copy, with a time limit each (AUTOGRADER_BUILD_TIMEOUT and
AUTOGRADER_GRADE_TIMEOUT, in seconds).  See doc/grader.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT_ENV = "AUTOGRADER_ROOT"
TIMEOUTS = {"AUTOGRADER_BUILD_TIMEOUT": 600.0, "AUTOGRADER_GRADE_TIMEOUT": 1800.0}
HOLE_LIMIT = 1024 * 1024        # bytes; a bigger "source file" is refused
TAIL_LINES = 60
SKIPPED = {".git", "build", "build-student", "solutions"}   # never copied from source
IGNORED_FOLDERS = {"__MACOSX"}  # archive clutter when looking for the repository
HANDIN_GLOB = "handin-lab*.tar.gz"
BUNDLE_MEMBER = "mica.bundle"
BUNDLE_LIMIT = 256 * 1024 * 1024


def main() -> int:
    root = Path(os.environ.get(ROOT_ENV) or "/autograder")
    results = root / "results" / "results.json"
    start = time.monotonic()
    try:
        build_timeout, grade_timeout = (_timeout(name, limit) for name, limit in TIMEOUTS.items())
        results.parent.mkdir(parents=True, exist_ok=True)
        lab, holes = _lab_and_holes(root / "source")
    except (ValueError, OSError) as err:
        print(f"autograde: {err}", file=sys.stderr)
        _write(results, _failure(f"The autograder is not set up right: {err}", start, "setup"))
        return 2
    with tempfile.TemporaryDirectory(prefix="mica-autograde-") as tmp:
        work = Path(tmp) / "mica"
        shutil.copytree(root / "source", work, symlinks=True, ignore=_skip_at(root / "source"))
        submission, notes = _unpack_handin(root / "submission", Path(tmp))
        notes += _overlay(submission, work, holes)
        print("\n".join(notes))
        status, log = _run(["make", "-j", str(os.cpu_count() or 1), "all"], work, build_timeout)
        if status != 0:
            why = "timed out" if status is None else f"failed (make exit status {status})"
            _write(results, _failure("\n".join(
                notes + ["", f"The build {why}. Its last lines:", "", _tail(log)]), start))
            return 0
        results.unlink(missing_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "MICA_TESTS"}
        command = [sys.executable, "grade/grade", "--lab", str(lab), "--build", "build",
                   "--gradescope", str(results.resolve())]
        status, log = _run(command, work, grade_timeout, env)
    _finish(results, notes, status, log, start)
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


def _lab_and_holes(source: Path) -> tuple[int, list[str]]:
    """The official branch's lab N and the hole files of labs 1..N."""
    sys.path.insert(0, str(source))
    try:
        from labs.manifest import ManifestError, current_lab, graded_holes, load_labs
    except ImportError:
        raise ValueError(f"{source}/labs/manifest.py is missing") from None
    try:
        lab = current_lab(source)
        return lab, list(graded_holes(load_labs(source), lab))
    except ManifestError as err:
        raise ValueError(str(err)) from None


def _skip_at(top: Path) -> Callable[[str, list[str]], list[str]]:
    """A copytree filter that leaves out SKIPPED, at the top only."""
    def skip(directory: str, names: list[str]) -> list[str]:
        return [n for n in names if n in SKIPPED] if Path(directory) == top else []
    return skip


def _unpack_handin(submission: Path, tmp: Path) -> tuple[Path, list[str]]:
    """The checkout of the handin archive in the submission, if it holds
    one (and only one); otherwise the submission itself."""
    archives = sorted(submission.glob(HANDIN_GLOB)) if submission.is_dir() else []
    if len(archives) != 1 or not archives[0].is_file() or archives[0].is_symlink():
        return submission, []
    archive = archives[0]
    bundle = tmp / BUNDLE_MEMBER
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(BUNDLE_MEMBER)
            packed = tar.extractfile(member) if member.isfile() else None
            if packed is None or member.size > BUNDLE_LIMIT:
                raise ValueError(f"{BUNDLE_MEMBER} is not a file of at most {BUNDLE_LIMIT} bytes")
            with packed, open(bundle, "wb") as out:
                shutil.copyfileobj(packed, out)
        subprocess.run(["git", "clone", "-q", str(bundle), str(tmp / "handin")], check=True,
                       capture_output=True, timeout=300)
    except (OSError, KeyError, ValueError, tarfile.TarError, subprocess.SubprocessError) as err:
        return submission, [f"{archive.name}: cannot be unpacked ({err}); graded the folder instead"]
    return tmp / "handin", [f"{archive.name}: graded the commit it holds"]


def _overlay(submission: Path, work: Path, holes: list[str]) -> list[str]:
    """Copy the submission's hole files over the official stubs; say what
    happened to each."""
    base = _repository(submission, holes)
    names = [Path(h).name for h in holes]
    notes = []
    for hole in holes:
        loose = Path(hole).name if names.count(Path(hole).name) == 1 else None
        found, problem = _hole_file(base, hole)
        if found is None and problem is None and loose and base == submission:
            found, problem = _hole_file(base, loose)
        if problem:
            notes.append(f"{hole}: refused ({problem}); graded with the stub")
        elif found is None:
            notes.append(f"{hole}: not in the submission; graded with the stub")
        else:
            (work / hole).write_bytes(found)
            notes.append(f"{hole}: taken from the submission")
    return notes


def _repository(submission: Path, holes: list[str]) -> Path:
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


def _run(command: list[str], cwd: Path, timeout: float,
         env: dict[str, str] | None = None) -> tuple[int | None, str]:
    """Run command, echoing its output; (exit status or None on timeout,
    output).  On timeout its whole process group is killed."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            status: int | None = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            status = None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    print(text, end="")
    return status, text


def _finish(results: Path, notes: list[str], status: int | None, log: str, start: float) -> None:
    """Put the notes in front of the grader's results.json, or report why
    there is none."""
    try:
        document = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        why = "timed out" if status is None else f"stopped with exit status {status}"
        document = _failure("\n".join(
            notes + ["", f"The grader {why} without results. Its last lines:", "", _tail(log)]),
            start, "grading")
    else:
        document["output"] = "\n".join(notes) + "\n\n" + document.get("output", "")
        document["execution_time"] = round(time.monotonic() - start)
    _write(results, document)


def _failure(message: str, start: float, step: str = "build") -> dict[str, object]:
    """A results.json with score 0 that says why."""
    return {
        "score": 0,
        "execution_time": round(time.monotonic() - start),
        "output": message,
        "visibility": "visible",
        "tests": [{"name": step, "score": 0, "max_score": 0, "status": "failed",
                   "output": message, "visibility": "visible"}],
    }


def _tail(text: str) -> str:
    return "\n".join(text.splitlines()[-TAIL_LINES:])


def _write(path: Path, document: dict[str, object]) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
