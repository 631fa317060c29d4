"""The result files of a grading run: --json, --junit and --gradescope.

Every writer takes the same Results; doc/grader.md describes each format.
Paths are checked with path_problem() before any test runs, so a bad path
costs nothing.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from grade.groups import Group
from grade.report import Outcome, group_scores, score_lines

GRADESCOPE_VISIBILITY = "visible"
# Characters XML 1.0 cannot hold at all, not even escaped.
XML_BAD_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Results:
    lab: int                   # the lab graded (the "lab N" group)
    groups: list[Group]
    outcomes: list[Outcome]    # in the order of the groups' tests
    seconds: float             # wall time of the whole run
    seed: int | None = None    # the run's seed (grade --seed repeats it)

    def group_of(self, outcome: Outcome) -> Group:
        return next(g for g in self.groups if outcome.test in g.tests)

    @property
    def score(self) -> int:
        return sum(o.points for o in self.outcomes)

    @property
    def max_score(self) -> int:
        return sum(o.test.points for o in self.outcomes)


def path_problem(path: Path) -> str | None:
    """Why a result file cannot be written at path, or None if it can."""
    if path.is_dir():
        return f"{path} is a directory"
    parent = path.parent
    if not parent.is_dir():
        return f"directory {parent} does not exist"
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"{path} is not writable"
    elif not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot create files in {parent}"
    return None


def write_json(path: Path, results: Results) -> None:
    tests = [{
        "name": o.test.name,
        "lab": o.test.lab,
        "group": results.group_of(o).title,
        "points": o.points,
        "max_points": o.test.points,
        "passed": o.verdict.passed,
        "error": o.verdict.error,
        "reason": o.verdict.reason,
        "seconds": round(o.seconds, 3),
        "exit_status": o.verdict.exit_status,
        "log_path": str(o.log_path),
        "dump": list(o.verdict.dump),
    } for o in results.outcomes]
    groups = [{"name": g.title, "score": got, "max_score": total}
              for g, got, total in group_scores(results.groups, results.outcomes)]
    outcomes = results.outcomes
    document = {
        "lab": results.lab,
        "seed": results.seed,
        "groups": groups,
        "tests": tests,
        "score": results.score,
        "max_score": results.max_score,
        "passed": sum(1 for o in outcomes if o.verdict.passed),
        "failed": sum(1 for o in outcomes if not o.verdict.passed and not o.verdict.error),
        "errors": sum(1 for o in outcomes if o.verdict.error),
        "total": len(outcomes),
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def write_junit(path: Path, results: Results) -> None:
    """JUnit XML: one testsuite per lab, a testcase per test; a failed
    test has a <failure>, a QEMU failure an <error>."""
    suites = ET.Element("testsuites", name="mica", time=_seconds(results.seconds))
    _counts(suites, results.outcomes)
    for lab in sorted({o.test.lab for o in results.outcomes}):
        of_lab = [o for o in results.outcomes if o.test.lab == lab]
        suite = ET.SubElement(suites, "testsuite", name=f"lab{lab}",
                              time=_seconds(sum(o.seconds for o in of_lab)))
        _counts(suite, of_lab)
        if results.seed is not None:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="seed", value=str(results.seed))
        for o in of_lab:
            case = ET.SubElement(suite, "testcase", classname=f"lab{lab}", name=o.test.name,
                                 time=_seconds(o.seconds))
            if not o.verdict.passed:
                problem = ET.SubElement(case, "error" if o.verdict.error else "failure",
                                        message=_xml_text(o.verdict.reason))
                problem.text = _xml_text(_details(o))
    ET.indent(suites)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def write_gradescope(path: Path, results: Results) -> None:
    """Gradescope's autograder results.json: every test, regression tests
    too, with its group in its name."""
    tests = [{
        "name": f"{_gradescope_group(results, o)} / {o.test.name}",
        "score": o.points,
        "max_score": o.test.points,
        "status": "passed" if o.verdict.passed else "failed",
        "output": f"passed in {o.seconds:.1f}s" if o.verdict.passed else _details(o),
        "visibility": GRADESCOPE_VISIBILITY,
    } for o in results.outcomes]
    document = {
        "score": results.score,
        "execution_time": round(results.seconds),
        "output": "\n".join(_seed_line(results) + score_lines(results.groups, results.outcomes)),
        "visibility": GRADESCOPE_VISIBILITY,
        "tests": tests,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _seed_line(results: Results) -> list[str]:
    if results.seed is None:
        return []
    return [f"Seed: {results.seed} (grade --seed {results.seed} repeats this run)"]


def _gradescope_group(results: Results, outcome: Outcome) -> str:
    """"lab 3" for the lab handed in, "regression lab 1" for earlier ones."""
    lab = f"lab {outcome.test.lab}"
    return lab if outcome.test.lab == results.lab else f"regression {lab}"


def _details(o: Outcome) -> str:
    """Why a test failed and how its console ended."""
    parts = [o.verdict.reason]
    if o.verdict.error and o.stderr.strip():
        parts.append("QEMU said:\n" + "\n".join(o.stderr.splitlines()[:10]))
    if o.verdict.dump:
        title = o.verdict.dump_title
        parts.append(f"{title[:1].upper()}{title[1:]}:\n" + "\n".join(o.verdict.dump))
    tail = "\n".join(line for line in o.tail if line not in o.verdict.dump)
    parts.append(f"Console (last lines):\n{tail}" if tail else "(no console output)")
    return "\n\n".join(parts)


def _counts(element: ET.Element, outcomes: list[Outcome]) -> None:
    element.set("tests", str(len(outcomes)))
    element.set("failures", str(sum(1 for o in outcomes
                                    if not o.verdict.passed and not o.verdict.error)))
    element.set("errors", str(sum(1 for o in outcomes if o.verdict.error)))


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _xml_text(text: str) -> str:
    """text with the characters XML cannot carry shown as \\xNN."""
    return XML_BAD_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
