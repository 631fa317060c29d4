"""Telling people and programs how the tests went: result lines on the
terminal and the --json file."""

from __future__ import annotations

import json
import os
import shlex
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

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

    @property
    def points(self) -> int:
        return self.test.points if self.verdict.passed else 0


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


class Printer:
    """Prints to one stream; safe to call from several threads."""

    def __init__(self, stream: TextIO, tests: list[Test], verbose: bool = False) -> None:
        self._stream = stream
        self._color = use_color(stream)
        self._width = max((len(t.name) for t in tests), default=0)
        self._verbose = verbose
        self._lock = threading.Lock()

    def starting(self, test: Test, command: list[str]) -> None:
        if self._verbose:
            self._write([f"start {test.name}: {_shell_words(command)}"])

    def outcome(self, done: Outcome) -> None:
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
        self._write(out)

    def score(self, outcomes: list[Outcome]) -> None:
        got = sum(o.points for o in outcomes)
        total = sum(o.test.points for o in outcomes)
        self._write([f"Score: {got}/{total}"])

    def _details(self, done: Outcome) -> list[str]:
        out: list[str] = []
        if done.verdict.error or (self._verbose and done.stderr.strip()):
            out.extend(f"{INDENT}stderr: {line}" for line in done.stderr.splitlines()[:10])
        if done.tail:
            out.extend(INDENT + _cut(line) for line in done.tail)
        elif not done.verdict.error:
            out.append(f"{INDENT}(no console output)")
        out.append(f"{INDENT}(log: {done.log_path})")
        return out

    def _write(self, lines: list[str]) -> None:
        with self._lock:
            self._stream.write("".join(line + "\n" for line in lines))
            self._stream.flush()


def write_json(path: Path, outcomes: list[Outcome]) -> None:
    """The results as JSON; see doc/grader.md for the schema."""
    tests = [{
        "name": o.test.name,
        "lab": o.test.lab,
        "points": o.points,
        "max_points": o.test.points,
        "passed": o.verdict.passed,
        "error": o.verdict.error,
        "reason": o.verdict.reason,
        "seconds": round(o.seconds, 3),
        "exit_status": o.verdict.exit_status,
        "log_path": str(o.log_path),
    } for o in outcomes]
    document = {
        "tests": tests,
        "score": sum(o.points for o in outcomes),
        "max_score": sum(o.test.points for o in outcomes),
        "passed": sum(1 for o in outcomes if o.verdict.passed),
        "failed": sum(1 for o in outcomes if not o.verdict.passed and not o.verdict.error),
        "errors": sum(1 for o in outcomes if o.verdict.error),
        "total": len(outcomes),
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _cut(line: str) -> str:
    return line if len(line) <= TAIL_WIDTH else line[:TAIL_WIDTH] + "..."


def _shell_words(command: list[str]) -> str:
    return " ".join(shlex.quote(word) for word in command)
