"""Telling people how the tests went: result lines on the terminal, group
by group, and the score lines.  The result files are results.py's job."""

from __future__ import annotations

import os
import shlex
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from grade.groups import Group
from grade.testdef import Test
from grade.verdict import Verdict

TAIL_LINES = 30
TAIL_WIDTH = 200     # longer console lines are cut when shown
INDENT = "    "
GREEN = "\033[32m"
RED = "\033[31m"
RESET = "\033[0m"


@dataclass(frozen=True)
class Outcome:
    """One finished test."""
    test: Test
    verdict: Verdict
    seconds: float
    tail: list[str]        # the last console lines
    stderr: str            # what QEMU said on stderr
    log_path: Path
    console: tuple[str, ...] = ()  # every console line, kept only for --repeat

    @property
    def points(self) -> int:
        return self.test.points if self.verdict.passed else 0


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


class Printer:
    """Prints to one stream; safe to call from several threads.

    Results are shown as they come, but group by group: those of a later
    group wait until every test of the earlier groups is shown."""

    def __init__(self, stream: TextIO, groups: list[Group], verbose: bool = False) -> None:
        self._stream = stream
        self._color = use_color(stream)
        self._groups = groups
        self._width = max((len(t.name) for g in groups for t in g.tests), default=0)
        self._verbose = verbose
        self._lock = threading.Lock()
        self._group_of = {t.name: i for i, g in enumerate(groups) for t in g.tests}
        self._left = [len(g.tests) for g in groups]
        self._held: list[list[Outcome]] = [[] for _ in groups]
        self._showing = 0          # the group whose results are printed now
        self._headed: set[int] = set()

    def starting(self, test: Test, command: list[str]) -> None:
        if self._verbose:
            self._write([f"start {test.name}: {_shell_words(command)}"])

    def outcome(self, done: Outcome) -> None:
        with self._lock:
            self._held[self._group_of[done.test.name]].append(done)
            while self._showing < len(self._groups):
                index = self._showing
                if self._held[index] and index not in self._headed:
                    self._headed.add(index)
                    self._put([f"== {self._groups[index].title} =="])
                for held in self._held[index]:
                    self._put(self._lines(held))
                    self._left[index] -= 1
                self._held[index] = []
                if self._left[index]:
                    break
                self._showing += 1

    def score(self, groups: list[Group], outcomes: list[Outcome]) -> None:
        """One line per group, then the total, always last: Score: X/Y."""
        self._write(score_lines(groups, outcomes))

    def _lines(self, done: Outcome) -> list[str]:
        verdict = done.verdict
        test = done.test
        label = "PASS" if verdict.passed else "ERROR" if verdict.error else "FAIL"
        colour = GREEN if verdict.passed else RED
        shown = f"{colour}{label}{RESET}" if self._color else label
        shown += " " * (5 - len(label))
        head = f"{shown} {test.name:<{self._width}}  ({done.points}/{test.points})  "
        head += f"{done.seconds:.1f}s" if verdict.passed else verdict.reason
        out = [head]
        if not verdict.passed or self._verbose:
            out.extend(self._details(done))
        return out

    def _details(self, done: Outcome) -> list[str]:
        out: list[str] = []
        if done.verdict.error or (self._verbose and done.stderr.strip()):
            out.extend(f"{INDENT}stderr: {line}" for line in done.stderr.splitlines()[:10])
        dump = done.verdict.dump
        if dump:
            out.append(f"{INDENT}{done.verdict.dump_title}:")
            out.extend(INDENT + _cut(line) for line in dump)
        tail = [line for line in done.tail if line not in dump]
        if tail:
            if dump:
                out.append(f"{INDENT}the console's last lines:")
            out.extend(INDENT + _cut(line) for line in tail)
        elif not done.verdict.error and not dump:
            out.append(f"{INDENT}(no console output)")
        out.append(f"{INDENT}(log: {done.log_path})")
        return out

    def _write(self, lines: list[str]) -> None:
        with self._lock:
            self._put(lines)

    def _put(self, lines: list[str]) -> None:
        self._stream.write("".join(line + "\n" for line in lines))
        self._stream.flush()


def repeat_lines(runs: list[list[Outcome]]) -> list[str]:
    """grade --repeat: for each test's runs (the first one the reference),
    a line for every later run whose verdict or console differs, then a
    summary line.  Empty when there was one run a test."""
    count = max((len(r) for r in runs), default=1)
    if count < 2:
        return []
    out = [f"== repeat: every test {count} times, each run compared with the first =="]
    differing = 0
    for test_runs in runs:
        first, *others = test_runs
        problems = [f"{first.test.name}: run {n}: {why}"
                    for n, other in enumerate(others, 2)
                    if (why := run_difference(first, other)) is not None]
        out.extend(f"DIFFERS {line}" for line in problems)
        differing += bool(problems)
    out.append(f"repeat: {differing} of {len(runs)} tests differ between runs" if differing
               else f"repeat: no test differs between runs ({len(runs)} tested)")
    return out


def run_difference(first: Outcome, other: Outcome) -> str | None:
    """How other's verdict or console differs from first's, or None."""
    def verdict(o: Outcome) -> str:
        return "PASS" if o.verdict.passed else f"{'ERROR' if o.verdict.error else 'FAIL'} {o.verdict.reason!r}"
    if verdict(first) != verdict(other):
        return f"verdict {verdict(other)} (run 1: {verdict(first)}) (log: {other.log_path})"
    for number, (a, b) in enumerate(zip(first.console, other.console), 1):
        if a != b:
            return f"console line {number}: {_cut(b)!r} (run 1: {_cut(a)!r}) (log: {other.log_path})"
    if len(first.console) != len(other.console):
        return (f"console has {len(other.console)} lines (run 1: {len(first.console)}) "
                f"(log: {other.log_path})")
    return None


def group_scores(groups: list[Group], outcomes: list[Outcome]) -> list[tuple[Group, int, int]]:
    """Each group with its points earned and its points possible."""
    by_name = {o.test.name: o for o in outcomes}
    return [(g, sum(by_name[t.name].points for t in g.tests), sum(t.points for t in g.tests))
            for g in groups]


def score_lines(groups: list[Group], outcomes: list[Outcome]) -> list[str]:
    """"lab 3: 20/30", one line per group, then "Score: X/Y", the total."""
    lines = [f"{g.title}: {got}/{total}" for g, got, total in group_scores(groups, outcomes)]
    got = sum(o.points for o in outcomes)
    total = sum(o.test.points for o in outcomes)
    return lines + [f"Score: {got}/{total}"]


def _cut(line: str) -> str:
    return line if len(line) <= TAIL_WIDTH else line[:TAIL_WIDTH] + "..."


def _shell_words(command: list[str]) -> str:
    return " ".join(shlex.quote(word) for word in command)
