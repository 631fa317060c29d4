"""The batch command: grade many handins, K at a time.

Exit status: 0 every submission got a result and none needed the
instructor; 1 some entries were skipped or some student's status is
"error" (look at them, then grade them again); 2 the batch could not run
(bad usage, no official tree, unwritable output); 130/143/129 stopped by
SIGINT/SIGTERM/SIGHUP, after killing every process it started.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from types import FrameType

from grade import batch_proc
from grade.batch_collect import collect
from grade.cli import positive_int, seed_number
from grade.batch_job import Limits
from grade.batch_release import ReleaseError, load_officials, make_release
from grade.batch_report import write_html
from grade.batch_results import STATUSES, StudentResult, write_csv, write_student
from grade.batch_student import Settings, Submission, grade_student
from grade.sandbox import SandboxError, detect

ROOT = Path(__file__).resolve().parent.parent
SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}

_tmp_root: Path | None = None
_token_prefix = ""


class UsageError(Exception):
    """Bad options or inputs; exit status 2."""


def main(argv: list[str] | None = None) -> int:
    global _tmp_root, _token_prefix
    args = _parse_args(argv)
    try:
        folder, out = _check_args(args)
        _tmp_root = Path(tempfile.mkdtemp(prefix="mica-batch-"))
        _token_prefix = f"{_tmp_root.name}:"
        _install_signal_handlers()
        if any(c == "," or c.isspace() for c in str(_tmp_root)):
            raise UsageError(f"temporary directory {_tmp_root} must not contain commas or "
                             "spaces (QEMU cannot quote them); set TMPDIR")
        sandbox = detect(sys.executable)
        repo = Path(args.release) if args.release else make_release(ROOT, _tmp_root / "release")
        officials = load_officials(repo.resolve(), args.lab, _tmp_root / "official")
        subs, skipped = collect(folder)
        for warning in skipped:
            print(f"batch: skipped {warning}", file=sys.stderr, flush=True)
        if not subs:
            raise UsageError(f"no submissions in {folder} "
                             "(expected <student>.tar.gz files or <student>/ folders)")
        _make_out(out)
    except (UsageError, ReleaseError, SandboxError) as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"{err.filename or ''}: {err.strerror or err}".lstrip(": "))

    official = officials.normal
    catch_up = (f", catch-up handins on {officials.catch_up.commit[:12]} ({officials.catch_up.branch})"
                if officials.catch_up else "")
    print(f"batch: lab {official.lab}, official tree {official.commit[:12]} ({official.repo})"
          f"{catch_up}; {len(subs)} submission(s), {args.jobs} at a time", flush=True)
    print(f"batch: isolation: {sandbox.description}", flush=True)
    settings = Settings(officials=officials,
                        limits=Limits(build_timeout=args.build_timeout,
                                      grade_timeout=args.grade_timeout, seed=args.seed),
                        sandbox=sandbox, token_prefix=_token_prefix, tmp_root=_tmp_root)
    results = _grade_all(subs, settings, out, args.jobs)
    shutil.rmtree(_tmp_root, ignore_errors=True)
    if args.html:
        write_html(Path(args.html), results, official.lab)
        print(f"batch: report in {args.html}", flush=True)
    counts = Counter(r.status for r in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    print(f"batch: {summary}; results in {out}/grades.csv", flush=True)
    if skipped:
        print(f"batch: {len(skipped)} entries of {folder} were skipped (see above)", file=sys.stderr)
    return 1 if skipped or counts["error"] else 0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="batch", description="Grade many handins (made by `make handin`) in parallel.")
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                        help="holds <student>.tar.gz files or <student>/ folders")
    parser.add_argument("--lab", metavar="N", type=positive_int, required=True,
                        help="the lab being graded")
    parser.add_argument("-j", dest="jobs", metavar="K", type=positive_int, default=1,
                        help="students graded at a time (default 1)")
    parser.add_argument("--out", metavar="DIR", default="batch-results",
                        help="where grades.csv and <student>.json go (default ./batch-results)")
    parser.add_argument("--release", metavar="REPO",
                        help="released student repository (labs/release --out REPO); "
                             "default: run labs/release into a temporary directory")
    parser.add_argument("--seed", metavar="N", type=seed_number,
                        help="grade every submission with this seed (grade --seed N), so a "
                             "regrade draws the same inputs; default: a new one per submission, "
                             "recorded in its results")
    parser.add_argument("--html", metavar="FILE",
                        help="also write a page with the score histogram, each test's pass "
                             "rate and the slowest tests (inline SVG, no network)")
    parser.add_argument("--build-timeout", metavar="S", type=_seconds, default=600.0,
                        help="seconds for one student's build (default 600)")
    parser.add_argument("--grade-timeout", metavar="S", type=_seconds, default=1800.0,
                        help="seconds for one student's grader run (default 1800)")
    return parser.parse_args(argv)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def _check_args(args: argparse.Namespace) -> tuple[Path, Path]:
    folder = Path(args.submissions)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a directory of submissions")
    if args.release is not None and not Path(args.release).is_dir():
        raise UsageError(f"--release {args.release}: not a directory")
    out = Path(args.out)
    if out.resolve() == folder.resolve():
        raise UsageError("--out must not be the submissions directory")
    return folder, out


def _make_out(out: Path) -> None:
    """Create the output folder and check that it takes files."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_csv(out, [])
    except OSError as err:
        raise UsageError(f"--out {out}: cannot write there ({err.strerror})") from None


def _grade_all(subs: list[Submission], settings: Settings, out: Path,
               jobs: int) -> list[StudentResult]:
    """Grade every submission; each result is written as soon as it is known."""
    results: list[StudentResult] = []
    width = max((len(s.student) for s in subs), default=0)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(grade_student, sub, settings) for sub in subs]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            write_student(out, result)
            write_csv(out, results)
            print(f"{result.student:<{width}}  {result.status:<14} "
                  f"{result.score:>4}/{result.max_score:<4} {result.message}", flush=True)
    return results


def _fail(message: str) -> int:
    print(f"batch: {message}", file=sys.stderr)
    if _tmp_root is not None:
        shutil.rmtree(_tmp_root, ignore_errors=True)
    return 2


def _install_signal_handlers() -> None:
    for signum in SIGNAL_EXIT:
        signal.signal(signum, _on_signal)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Kill every job (make, grader, QEMU), clean up, and leave at once:
    the worker threads would otherwise start the next student."""
    batch_proc.kill_all(_token_prefix)
    if _tmp_root is not None:
        shutil.rmtree(_tmp_root, ignore_errors=True)
    name = signal.Signals(signum).name
    os.write(sys.stderr.fileno(), f"\nbatch: {name}: stopped every job\n".encode())
    os._exit(SIGNAL_EXIT[signal.Signals(signum)])

