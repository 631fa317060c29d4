"""The grade command: choose tests, check the setup, run, report.

Exit status: 0 all selected tests passed, 1 some failed, 2 the grader could
not do its job (bad usage, bad test declarations, missing build or QEMU, or
QEMU failing to run), 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.

With --lab-score-only (make test on a lab branch, where the current lab's
holes are the student's, stubs until written) the lab's own tests give
its score but not the exit status, and the regression tests count only
once the lab's own tests pass: the lab's holes run under the earlier
labs' tests too (lab 2's vformat prints every line a lab 1 test checks;
a lab's stubs may keep the system from init's prompt), so until then a
regression failure may be the stubs'.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from types import FrameType

from grade import hostcheck, qemu, resets, runner, seeded, traces
from grade.groups import Group, SelectionError, current_lab, plan
from grade.registry import RegistryError, load_tests
from grade.report import TAIL_LINES, Outcome, Printer, repeat_lines
from grade.results import Results, path_problem, write_gradescope, write_json, write_junit
from grade.testdef import Test, backstop, budget
from grade.verdict import Verdict, judge

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from symbolizer import Symbolizer  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTS_ENV = "MICA_TESTS"
SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
Writer = Callable[[Path, Results], None]


class SetupError(Exception):
    """Something to fix before grading can start; exit status 2."""


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    _install_signal_handlers()
    try:
        module = args.tests_module or os.environ.get(TESTS_ENV)
        tests = load_tests(module)
        lab = args.lab or current_lab(tests, use_manifests=not module)
        groups = plan(tests, lab, args.test, explicit_lab=args.lab is not None)
        if args.boots_only:
            groups = [Group(g.title, tuple(t for t in g.tests if hostcheck.find(t.name) is None))
                      for g in groups]
            groups = [g for g in groups if g.tests]
        selected = [t for g in groups for t in g.tests]
        if args.list:
            _list(selected)
            return 0
        writers = _writers(args)
        build = _build_dir(args.build)
        _check_setup(selected, build)
        log_dir = _log_dir(args.keep_logs, build)
    except (RegistryError, SelectionError, SetupError) as err:
        print(f"grade: {err}", file=sys.stderr)
        return 2

    start = time.monotonic()
    seed = args.seed if args.seed is not None else seeded.new_run_seed()
    print(f"grade: seed {seed} (grade --seed {seed} repeats this run)", flush=True)
    printer = Printer(sys.stdout, groups, args.verbose)
    runs = _run_all(selected, build, log_dir, args.jobs, printer, seed, args.repeat, args.trace)
    outcomes = [test_runs[0] for test_runs in runs]
    repeated = repeat_lines(runs)
    if repeated:
        print("\n".join(repeated), flush=True)
    counted = outcomes
    if args.lab_score_only:
        counted, notes = _counted(outcomes, lab)
        if notes:
            print("\n".join(notes), flush=True)
    printer.score(groups, outcomes)
    results = Results(lab, groups, outcomes, time.monotonic() - start, seed)
    for path, write in writers:
        try:
            write(path, results)
        except OSError as err:
            print(f"grade: cannot write {path}: {err.strerror}", file=sys.stderr)
            return 2
    if any(o.verdict.error for o in counted):
        return 2
    differ = repeated and not repeated[-1].startswith("repeat: no test differs")
    return 0 if all(o.verdict.passed for o in counted) and not differ else 1


def _counted(outcomes: list[Outcome], lab: int) -> tuple[list[Outcome], list[str]]:
    """--lab-score-only: the outcomes that decide the exit status, and the
    lines that say which do not."""
    own = [o for o in outcomes if o.test.lab == lab]
    earlier = [o for o in outcomes if o.test.lab < lab]
    if not own:
        return earlier, []
    notes = [f"grade: lab {lab}'s own tests give its score, not the exit status "
             "(--lab-score-only); make grade counts them"]
    if all(o.verdict.passed for o in own):
        return earlier, notes
    failed = sum(not o.verdict.passed for o in earlier)
    if failed:
        notes.append(f"grade: {failed} regression test(s) failed, not counted until lab {lab}'s "
                     f"tests pass: lab {lab}'s holes run under them too")
    return [], notes


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="grade", description="Boot Mica under QEMU once per test and grade the console.")
    parser.add_argument("-j", dest="jobs", metavar="N", type=positive_int,
                        default=os.cpu_count() or 1,
                        help="QEMU runs at a time (default: number of CPUs)")
    parser.add_argument("-t", dest="test", metavar="NAME", action="append", default=[],
                        help="run this test (repeatable; default: all)")
    parser.add_argument("--lab", metavar="N", type=positive_int,
                        help="grade as lab N's branch: lab N, and labs 1..N-1 as regression "
                             "(default: the highest lab in labs/)")
    parser.add_argument("--build", metavar="DIR",
                        help="build directory (default: build at the top of the repository)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--junit", metavar="FILE", help="also write JUnit XML to FILE")
    parser.add_argument("--gradescope", metavar="FILE",
                        help="also write Gradescope's results.json to FILE")
    parser.add_argument("--seed", metavar="N", type=seed_number,
                        help="the run's seed, which draws the inputs of the host checks and "
                             "seeded tests (default: a new one, printed first)")
    parser.add_argument("--lab-score-only", action="store_true",
                        help="the lab's own tests give its score but not the exit status; the "
                             "regression tests count once they pass (make test on a lab branch)")
    parser.add_argument("--repeat", metavar="N", type=positive_int, default=1,
                        help="run each test N times and report every run whose verdict or "
                             "console differs from the first's")
    parser.add_argument("--boots-only", action="store_true",
                        help="only the tests that boot Mica, not the host checks (which build "
                             "the hole files with the host's gcc, whatever built the system)")
    parser.add_argument("--trace", action="store_true",
                        help="run each failing test again with the kernel's event trace and draw "
                             "its IPC as a sequence chart beside its log (NAME.trace.html)")
    parser.add_argument("--list", action="store_true", help="list the tests and exit")
    parser.add_argument("--keep-logs", metavar="DIR",
                        help="write console logs to DIR (default: BUILD/grade)")
    parser.add_argument("-v", dest="verbose", action="store_true",
                        help="show QEMU commands, and details of passing tests too")
    # Developer option: take the tests from this module instead of the lab files.
    parser.add_argument("--tests-module", metavar="MODULE", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def seed_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 1 << seeded.SEED_BITS:
        raise argparse.ArgumentTypeError(f"must be 0..{(1 << seeded.SEED_BITS) - 1}, not {value}")
    return value


def _writers(args: argparse.Namespace) -> list[tuple[Path, Writer]]:
    """The result files asked for, each path checked before any test runs."""
    asked = [(args.json, "--json", write_json), (args.junit, "--junit", write_junit),
             (args.gradescope, "--gradescope", write_gradescope)]
    writers: list[tuple[Path, Writer]] = []
    seen: dict[Path, str] = {}
    for arg, option, write in asked:
        if arg is None:
            continue
        path = Path(arg)
        problem = path_problem(path)
        if problem:
            raise SetupError(f"{option} {arg}: {problem}")
        key = path.resolve()
        if key in seen:
            raise SetupError(f"{seen[key]} and {option} name the same file {arg}")
        seen[key] = option
        writers.append((path, write))
    return writers


def _list(tests: list[Test]) -> None:
    width = max(len(t.name) for t in tests)
    for t in tests:
        extra = f"  cpus={t.cpus}" if t.cpus != 1 else ""
        clock = f"{budget(t)} ticks" if t.icount else f"{budget(t)} ticks, host time"
        print(f"{t.name:<{width}}  lab {t.lab}  {t.points:>3} pts  "
              f"{clock}{extra}  {t.description}".rstrip())


def _build_dir(arg: str | None) -> Path:
    path = Path(arg) if arg else REPO_ROOT / "build"
    if path.is_absolute():
        try:
            if path.is_relative_to(Path.cwd()):
                return Path(os.path.relpath(path))
        except OSError:
            pass
    return path


def _check_setup(tests: list[Test], build: Path) -> None:
    text = str(build)
    if "," in text or any(c.isspace() for c in text):
        raise SetupError(f"build directory {text!r} must not contain commas or spaces "
                         "(QEMU's -initrd cannot quote them)")
    missing_qemu = qemu.qemu_missing()
    if missing_qemu:
        raise SetupError(missing_qemu)
    needed: dict[Path, None] = {}
    for test in tests:
        if hostcheck.find(test.name) is None:
            needed.update(dict.fromkeys(qemu.needed_files(test, build)))
    missing = [path for path in needed if not path.is_file()]
    if missing:
        more = f" (and {len(missing) - 1} more files)" if len(missing) > 1 else ""
        raise SetupError(f"{missing[0]} not found{more}; run `make` first")


def _log_dir(arg: str | None, build: Path) -> Path:
    path = Path(arg) if arg else build / "grade"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SetupError(f"cannot create log directory {path}: {err.strerror}") from None
    return path


def _run_all(tests: list[Test], build: Path, log_dir: Path, jobs: int,
             printer: Printer, seed: int, repeat: int = 1,
             trace: bool = False) -> list[list[Outcome]]:
    """Run each test repeat times, printing each test's first run as it
    finishes; for each test in order, its runs in order."""
    done: dict[tuple[str, int], Outcome] = {}
    # The biggest budgets start first, so that the longest runs (the
    # fuzzer) are not left alone at the end while the other workers idle.
    by_budget = sorted(tests, key=budget, reverse=True)
    with ThreadPoolExecutor(max_workers=min(jobs, len(tests) * repeat)) as pool:
        futures: dict[Future[Outcome], int] = {
            pool.submit(_run_one, test, build, log_dir, printer, seed, run, repeat > 1,
                        trace and run == 1): run
            for run in range(1, repeat + 1) for test in by_budget}
        for future in as_completed(futures):
            outcome = future.result()
            if futures[future] == 1:
                printer.outcome(outcome)
            done[outcome.test.name, futures[future]] = outcome
    return [[done[test.name, run] for run in range(1, repeat + 1)] for test in tests]


def _run_one(test: Test, build: Path, log_dir: Path, printer: Printer, seed: int,
             run: int = 1, keep_console: bool = False, trace: bool = False) -> Outcome:
    """One run of one test; the first run's log is NAME.log, run k's NAME.runK.log.
    With trace, a failing test's sequence chart is drawn (grade/traces.py)."""
    log_path = log_dir / (f"{test.name}.log" if run == 1 else f"{test.name}.run{run}.log")
    check = hostcheck.find(test.name)
    if check is not None:
        return _run_host(test, check, build, log_path, seed, keep_console)
    declared, test = test, seeded.concrete(test, seed)
    command = qemu.command_line(test, build)
    printer.starting(test, command)
    # The kernel's watchdog ends a hang in guest time; the wall clock is
    # only a backstop for a kernel that never takes its clock interrupt.
    # QEMU logs CPU resets, which tells a triple fault from other resets.
    result = runner.run(command, backstop(test), log_path, qemu_log=qemu.log_options())
    # Stack traces, fault reports and the hang dump are judged and shown
    # with their addresses explained (function+offset, file:line).
    symbolizer = Symbolizer(build, REPO_ROOT)
    result.lines = symbolizer.lines(result.lines)
    verdict = judge(test, result)
    if verdict.reset:
        # The same run again, logging every exception, to say why.
        verdict = resets.with_report(verdict, resets.rerun(command, backstop(test), log_path,
                                                           symbolizer))
    tail = result.lines[-TAIL_LINES:]
    if trace and not verdict.passed:
        chart = traces.chart(test, build, log_path)
        tail = [*tail, f"(sequence chart: {chart})" if chart else
                "(sequence chart: the traced run printed no trace)"]
    return Outcome(test=declared, verdict=verdict, seconds=result.seconds,
                   tail=tail, stderr=result.stderr, log_path=log_path,
                   console=tuple(result.lines) if keep_console else ())


def _run_host(test: Test, check: hostcheck.HostCheck, build: Path, log_path: Path,
              seed: int, keep_console: bool = False) -> Outcome:
    """A host check instead of a boot: only answers it verified count."""
    result = hostcheck.run(check, seed, build)
    try:
        hostcheck.write_log(log_path, check, seed, result)
    except OSError:
        pass
    verdict = Verdict(result.passed, result.reason, error=result.error)
    tail = hostcheck.tail(result)
    return Outcome(test=test, verdict=verdict, seconds=result.seconds, tail=tail, stderr="",
                   log_path=log_path, console=tuple(tail) if keep_console else ())


def _install_signal_handlers() -> None:
    for signum in SIGNAL_EXIT:
        signal.signal(signum, _on_signal)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Kill every QEMU, then leave at once: worker threads would otherwise
    keep the process alive and start the next QEMU."""
    runner.kill_all()
    name = signal.Signals(signum).name
    message = f"\ngrade: {name}: stopped all QEMU runs\n"
    try:
        sys.stdout.flush()
    except (OSError, RuntimeError, ValueError):
        pass
    os.write(sys.stderr.fileno(), message.encode())
    os._exit(SIGNAL_EXIT[signal.Signals(signum)])
