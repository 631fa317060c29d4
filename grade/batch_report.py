"""grade/batch --html FILE: one self-contained page about a batch run, for
the instructor: the score histogram, each test's pass rate, the slowest
tests, and the students who did not get graded, as inline SVG charts
(no script, no network, no stylesheet from elsewhere), beside the CSV and
JSON the batch writes anyway.

The page is built from the same StudentResult records the batch writes
as <student>.json, so it says nothing those do not."""

from __future__ import annotations

import html
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from grade.batch_results import StudentResult

BINS = 10            # histogram bars, each a tenth of the maximum score
SLOWEST = 10         # tests in the slowest-tests chart
BAR_HEIGHT = 18
CHART_WIDTH = 640
LABEL_WIDTH = 180


@dataclass(frozen=True)
class TestStats:
    name: str
    runs: int
    passed: int
    mean_seconds: float
    max_seconds: float

    @property
    def rate(self) -> float:
        return self.passed / self.runs if self.runs else 0.0


def histogram(results: list[StudentResult]) -> list[int]:
    """Graded students per tenth of the maximum score; a full score is in
    the last bar."""
    bins = [0] * BINS
    for r in results:
        if r.status == "graded" and r.max_score > 0:
            bins[min(BINS - 1, r.score * BINS // r.max_score)] += 1
    return bins


def test_stats(results: list[StudentResult]) -> list[TestStats]:
    """Every test any graded student ran, in the order first seen."""
    runs: dict[str, list[tuple[bool, float]]] = {}
    for r in results:
        if r.status != "graded":
            continue
        for t in r.tests:
            name = str(t.get("name", "?"))
            runs.setdefault(name, []).append((bool(t.get("passed")), float(t.get("seconds", 0.0))))
    return [TestStats(name, len(rs), sum(p for p, _ in rs), sum(s for _, s in rs) / len(rs),
                      max(s for _, s in rs)) for name, rs in runs.items()]


def _bars(title: str, rows: list[tuple[str, float, str]], scale: float, ident: str) -> str:
    """A horizontal bar chart: (label, value, text) rows, value/scale of
    the chart's width."""
    height = BAR_HEIGHT * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" role="img" '
             f'width="{LABEL_WIDTH + CHART_WIDTH + 80}" height="{height}">',
             f"<title>{html.escape(title)}</title>"]
    for i, (label, value, text) in enumerate(rows):
        y = 24 + i * BAR_HEIGHT
        width = 0 if scale <= 0 else round(CHART_WIDTH * value / scale, 1)
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" '
                     f'font-size="12">{html.escape(label)}</text>')
        parts.append(f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" '
                     f'height="{BAR_HEIGHT - 4}" fill="#4a7fb5"><title>{html.escape(label)}: '
                     f'{html.escape(text)}</title></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 13}" font-size="12">'
                     f"{html.escape(text)}</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def render(results: list[StudentResult], lab: int) -> str:
    graded = [r for r in results if r.status == "graded"]
    bins = histogram(results)
    top = max((r.max_score for r in graded), default=0)
    hist_rows = [(f"{i * 10}-{i * 10 + 9}%" if i < BINS - 1 else "90-100%", float(n),
                  f"{n} student{'s' if n != 1 else ''}") for i, n in enumerate(bins)]
    stats = test_stats(results)
    rate_rows = [(s.name, s.rate, f"{s.passed}/{s.runs} passed ({100 * s.rate:.0f}%)")
                 for s in sorted(stats, key=lambda s: (s.rate, s.name))]
    slow = sorted(stats, key=lambda s: -s.mean_seconds)[:SLOWEST]
    slow_rows = [(s.name, s.mean_seconds, f"{s.mean_seconds:.2f} s mean, {s.max_seconds:.2f} s max")
                 for s in slow]
    statuses = Counter(r.status for r in results)
    not_graded = sorted((r for r in results if r.status != "graded"), key=lambda r: r.student)
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Mica lab {lab}: batch results</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}</style>",
        "</head><body>",
        f"<h1>Lab {lab}: {len(results)} submission{'s' if len(results) != 1 else ''}</h1>",
        "<p>" + ", ".join(f"{n} {html.escape(s)}" for s, n in sorted(statuses.items())) +
        (f"; mean score {mean:.1f} of {top}" if graded else "") + "</p>",
        "<h2>Scores</h2>",
        _bars("Score histogram", hist_rows, float(max(bins, default=0)), "histogram"),
        "<h2>Pass rate of each test</h2>",
        _bars("Pass rates", rate_rows, 1.0, "pass-rates"),
        "<h2>Slowest tests</h2>",
        _bars("Slowest tests", slow_rows, max((s.mean_seconds for s in slow), default=0.0),
              "slowest"),
    ]
    if not_graded:
        sections.append("<h2>Not graded</h2><table><tr><th>student</th><th>status</th>"
                        "<th>why</th></tr>")
        sections += [f"<tr><td>{html.escape(r.student)}</td><td>{html.escape(r.status)}</td>"
                     f"<td>{html.escape(r.message)}</td></tr>" for r in not_graded]
        sections.append("</table>")
    sections.append("</body></html>\n")
    return "\n".join(sections)


def write_html(path: Path, results: list[StudentResult], lab: int) -> None:
    """Write the page so that a reader never sees half of it."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(render(results, lab), encoding="utf-8")
    os.replace(partial, path)
