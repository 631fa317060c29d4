"""Judging one run: did the test pass, and if not, why.

The checks, first failing one wins:
  QEMU could not run (an infrastructure error, not the kernel's fault),
  the wall-clock backstop, output limit, triple fault or other machine
  reset, hang (the kernel's watchdog ran out of guest time), kernel
  panic, a fail_on line, a missing expected line, a wrong exit status.
A failed run whose console never showed the kernel's boot banner is
"never booted" instead, with the reason above after it and QEMU's stderr
and the end of its log kept in the verdict.
"""

from __future__ import annotations

import re
import signal
from dataclasses import dataclass

from grade import runner
from grade.runner import RunResult
from grade.testdef import PANIC_STATUS, WATCHDOG_STATUS, Test, backstop, budget

PANIC_RE = re.compile(r"kernel: panic:")
# kernel/boot.c's first line (with lab 2's stub formatter, "%u MiB").
BANNER_RE = re.compile(r"^mica: \S+ MiB of RAM")
BANNER = "mica: N MiB of RAM, ..."
# What QEMU's -d cpu_reset log says when the CPU triple-faults.
TRIPLE_FAULT = "Triple fault"
NOT_BOOTED_LINES = 12   # of QEMU's stderr and of its log, each, in a never-booted verdict
# The kernel's process dump (kernel/watchdog.c) and the symbolizer's
# "    at func+off (file:line)" (or why not) under its lines.
DUMP_RE = re.compile(r"kernel: (watchdog|dump): |    at |    \(trace not symbolized")
# The symbolizer's explanation of a fault's eip, on the line after it.
EXPLAINED_RE = re.compile(r"    at \S")
DUMP_MAX = 80      # dump lines a verdict keeps
QUOTE_MAX = 160   # how much of a console line a reason quotes


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reason: str = ""               # empty when passed
    error: bool = False            # infrastructure error: the test could not run
    exit_status: int | None = None  # the guest's status, when QEMU reported one
    dump: tuple[str, ...] = ()     # a hang: the kernel's process dump, symbolized; or
                                   # a reset's or a never-booted run's report
    dump_title: str = "the kernel's process dump"   # what the dump is, for the reader
    reset: bool = False            # the machine reset (a triple fault, most likely)


def guest_status(exit_code: int | None) -> int | None:
    """The status byte the guest wrote to isa-debug-exit, from QEMU's exit
    code (v << 1) | 1; None when QEMU did not exit that way."""
    if exit_code is None or exit_code <= 0 or exit_code % 2 == 0:
        return None
    return exit_code >> 1


def judge(test: Test, run: RunResult) -> Verdict:
    infra = _infrastructure_failure(run)
    if infra is not None:
        return Verdict(False, f"QEMU failed: {infra}", error=True)
    verdict = _judge_booted(test, run)
    if verdict.passed or any(BANNER_RE.match(line) for line in run.lines):
        return verdict
    return Verdict(False, f"never booted: the kernel never printed its boot banner ({BANNER}); "
                          f"then: {verdict.reason}",
                   exit_status=verdict.exit_status, reset=verdict.reset,
                   dump=never_booted_report(run), dump_title="what QEMU said")


def never_booted_report(run: RunResult) -> tuple[str, ...]:
    """QEMU's stderr and the last lines of its log, for a run that never
    reached the boot banner."""
    out: list[str] = []
    stderr = [line for line in run.stderr.splitlines() if line.strip()]
    out.append("its stderr:" if stderr else "its stderr: (empty)")
    out.extend(f"    {line}" for line in stderr[-NOT_BOOTED_LINES:])
    log = [line for line in run.qemu_log.splitlines() if line.strip()]
    out.append("the end of its log (-d cpu_reset):" if log else "its log (-d cpu_reset): (empty)")
    out.extend(f"    {line}" for line in log[-NOT_BOOTED_LINES:])
    return tuple(out)


def _judge_booted(test: Test, run: RunResult) -> Verdict:
    if run.timed_out:
        return Verdict(False, f"timeout (wall clock backstop) after {backstop(test):g}s: the "
                              "kernel's watchdog never stopped it (interrupts off?)")
    if run.output_exceeded:
        return Verdict(False, f"output limit reached ({_limits()}); QEMU stopped, log cut there")
    if run.exit_code == 0:
        # -no-reboot makes any reset an exit; QEMU's log says which it was.
        if not run.qemu_log or TRIPLE_FAULT in run.qemu_log:
            return Verdict(False, "triple fault (machine reset)", reset=True)
        return Verdict(False, "machine reset, not a triple fault (the kernel reset the machine)",
                       reset=True)

    status = guest_status(run.exit_code)
    if status == WATCHDOG_STATUS and test.exit_status != WATCHDOG_STATUS:
        return Verdict(False, f"hang: still running after {budget(test)} ticks of guest time "
                              "(the kernel's dump follows)",
                       exit_status=status, dump=hang_dump(run.lines))
    failed = (_panic(test, run.lines, status) or _fail_on(test, run.lines)
              or _missing_expected(test, run.lines))
    if failed:
        return Verdict(False, failed, exit_status=status)
    if status != test.exit_status:
        return Verdict(False, f"exit status {status}, expected {test.exit_status}",
                       exit_status=status)
    return Verdict(True, exit_status=status)


def hang_dump(lines: list[str]) -> tuple[str, ...]:
    """The watchdog's report: the lines from its last "kernel: watchdog:"
    line that belong to the dump."""
    start = max((i for i, line in enumerate(lines) if line.startswith("kernel: watchdog: ")),
                default=None)
    if start is None:
        return ()
    dump = [line for line in lines[start:] if DUMP_RE.match(line)]
    return tuple(dump[:DUMP_MAX])


def _limits() -> str:
    return f"{runner.OUTPUT_LIMIT // (1024 * 1024)} MiB or {runner.LINE_LIMIT} lines of console"


def _infrastructure_failure(run: RunResult) -> str | None:
    """Why QEMU itself failed, or None if it ran the guest."""
    if run.start_error is not None:
        return run.start_error
    code = run.exit_code
    if code is None:
        return None                      # we stopped it: timeout or flood
    if code < 0:
        return f"killed by signal {_signal_name(-code)}"
    if code != 0 and code % 2 == 0:
        return _first_line(run.stderr) or f"exit code {code}"
    if code == 1 and not run.lines:
        # QEMU's own startup errors exit 1 too, the same as guest status 0;
        # tell them apart by an error message and no console output at all.
        return _first_line(run.stderr, skip_warnings=True)
    return None


def _panic(test: Test, lines: list[str], status: int | None) -> str | None:
    if test.exit_status == PANIC_STATUS:
        return None                      # this test expects the panic
    for number, line in enumerate(lines, 1):
        if PANIC_RE.search(line):
            return f"kernel panic at line {number}: {_quote(line)}{_explained(lines, number)}"
    if status == PANIC_STATUS:
        return f"kernel panic (guest status {PANIC_STATUS:#x})"
    return None


def _explained(lines: list[str], number: int) -> str:
    """Where the symbolizer says line `number` (1-based) points, as
    " (at FUNCTION+OFF (FILE:LINE))", or "" when it added nothing."""
    after = lines[number] if number < len(lines) else ""
    return f" ({after.strip()})" if EXPLAINED_RE.match(after) else ""


def _fail_on(test: Test, lines: list[str]) -> str | None:
    patterns = [(p, re.compile(p)) for p in test.fail_on]
    for number, line in enumerate(lines, 1):
        for pattern, regex in patterns:
            if regex.search(line):
                return f"line {number} matches fail_on /{pattern}/: {_quote(line)}"
    return None


def _missing_expected(test: Test, lines: list[str]) -> str | None:
    """Match the expect regexes in order, each on a line after the previous
    one's line; describe the first that finds none."""
    start = 0
    previous: tuple[str, int] | None = None
    for pattern in test.expect:
        regex = re.compile(pattern)
        found = _search(regex, lines, start)
        if found is None:
            return _describe_missing(pattern, regex, lines, previous)
        previous = (pattern, found)
        start = found + 1
    return None


def _describe_missing(pattern: str, regex: re.Pattern[str], lines: list[str],
                      previous: tuple[str, int] | None) -> str:
    if previous is None:
        return f"expected /{pattern}/ not found"
    prev_pattern, prev_index = previous
    reason = (f"expected /{pattern}/ not found after line {prev_index + 1} "
              f"(matched /{prev_pattern}/)")
    earlier = _search(regex, lines[:prev_index + 1], 0)
    if earlier is not None:
        reason += f"; it appears earlier, at line {earlier + 1}"
    return reason


def _search(regex: re.Pattern[str], lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if regex.search(lines[index]):
            return index
    return None


def _first_line(text: str, skip_warnings: bool = False) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line and not (skip_warnings and "warning:" in line):
            return line
    return None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _quote(line: str) -> str:
    line = line.strip()
    if len(line) > QUOTE_MAX:
        line = line[:QUOTE_MAX] + "..."
    return repr(line)
