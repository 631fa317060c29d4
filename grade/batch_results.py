"""What the batch grader writes: <student>.json as each student finishes,
and grades.csv (rewritten after each student, sorted by student).
The formats are described in doc/batch.md."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = ("graded", "build_failed", "bad_submission", "timeout", "error")
CSV_FIELDS = ("student", "lab", "score", "max_score", "status", "message")
FORMAT = 1


@dataclass
class StudentResult:
    student: str
    lab: int
    status: str = "error"
    score: int = 0
    max_score: int = 0
    message: str = ""
    submission: str = ""                          # the archive, relative to SUBMISSIONS_DIR
    manifest: dict[str, Any] | None = None        # the handin's manifest.json, once checked
    holes: list[dict[str, str]] = field(default_factory=list)   # where each hole came from
    tests: list[dict[str, Any]] = field(default_factory=list)   # the grader's, with excerpts
    build_log_tail: list[str] = field(default_factory=list)
    grader_output_tail: list[str] = field(default_factory=list)
    official_commit: str = ""
    official_branch: str = ""                     # labN, or labN-catchup for a catch-up handin
    isolation: str = ""                           # the sandbox the job ran in (grade/sandbox.py)
    seconds: float = 0.0

    def document(self) -> dict[str, Any]:
        assert self.status in STATUSES, self.status
        return {
            "format": FORMAT,
            "student": self.student,
            "lab": self.lab,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
            "submission": self.submission,
            "manifest": self.manifest,
            "official_commit": self.official_commit,
            "official_branch": self.official_branch,
            "isolation": self.isolation,
            "holes": self.holes,
            "tests": self.tests,
            "build_log_tail": self.build_log_tail,
            "grader_output_tail": self.grader_output_tail,
            "seconds": round(self.seconds, 1),
        }


def write_student(out: Path, result: StudentResult) -> None:
    _replace(out / f"{result.student}.json",
             json.dumps(result.document(), indent=2) + "\n")


def write_csv(out: Path, results: list[StudentResult]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in sorted(results, key=lambda r: r.student):
        writer.writerow((r.student, r.lab, r.score, r.max_score, r.status, " ".join(r.message.split())))
    _replace(out / "grades.csv", text.getvalue())


def _replace(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
