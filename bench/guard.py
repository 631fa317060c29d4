"""The benchmark guard: measured instruction counts against the baseline.

Instruction counts under -icount do not depend on the machine or its
load, so a rise is a change in the code, not noise: a figure more than
RISE_LIMIT percent over its baseline fails `make test`. A drop passes and
asks for the baseline to be updated (`bench/run --update`, with the
reason in the commit message), so that the next rise is measured from
it. The counts do depend on the compiler, so the baseline records the one
it was taken with (the first line of `gcc --version`); under another,
the figures are reported and not judged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

RISE_LIMIT = 2.0  # percent
BASELINE = Path(__file__).resolve().parent / "baseline.json"


@dataclass
class Baseline:
    compiler: str
    figures: dict[str, int]


@dataclass
class Verdict:
    ok: bool = True
    checked: bool = True   # False: another compiler, nothing judged
    notes: list[str] = field(default_factory=list)

    def fail(self, note: str) -> None:
        self.ok = False
        self.notes.append(f"FAIL: {note}")


def load(path: Path = BASELINE) -> Baseline:
    data = json.loads(path.read_text())
    return Baseline(compiler=data["compiler"],
                    figures={k: int(v) for k, v in data["figures"].items()})


def save(baseline: Baseline, path: Path = BASELINE) -> None:
    data = {
        "unit": "guest instructions under -icount shift=0 (user/bench/kbench.c, safeperf.c)",
        "compiler": baseline.compiler,
        "figures": baseline.figures,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")


def change(now: int, base: int) -> float:
    """The change from base to now, in percent of base."""
    return (now - base) * 100.0 / base if base else 0.0


def judge(base: Baseline, figures: dict[str, int], compiler: str) -> Verdict:
    """Check measured figures against the baseline."""
    verdict = Verdict()
    if compiler != base.compiler:
        verdict.notes.append(f"compiler {compiler!r}, baseline taken with "
                             f"{base.compiler!r}: figures reported, not checked")
        verdict.checked = False
        return verdict
    for name, was in base.figures.items():
        now = figures.get(name)
        if now is None:
            verdict.fail(f"{name}: in the baseline, not measured")
        elif change(now, was) > RISE_LIMIT:
            verdict.fail(f"{name}: {now} instructions, {change(now, was):+.1f}% over "
                         f"the baseline's {was} (the limit is +{RISE_LIMIT:g}%)")
        elif now < was:
            verdict.notes.append(f"{name}: {now}, down from {was}: welcome; "
                                 "update the baseline (bench/run --update)")
    for name in figures:
        if name not in base.figures:
            verdict.fail(f"{name}: measured, not in the baseline (bench/run --update)")
    return verdict


def table(base: Baseline, figures: dict[str, int],
          counters: dict[str, str] | None = None) -> list[str]:
    """Each figure, its baseline and the change, one row each; with
    counters, a last column of CR3 loads/TLB flushes per operation (not
    judged: a count, not a cost)."""
    counters = counters or {}
    width = max(len(name) for name in [*figures, *base.figures, "figure"])
    head = f"{'figure':<{width}}  {'insns':>7}  {'baseline':>8}  change"
    rows = [head + ("  cr3/tlb per op" if counters else "")]
    for name in [*figures, *(n for n in base.figures if n not in figures)]:
        now, was = figures.get(name), base.figures.get(name)
        now_s = str(now) if now is not None else "-"
        was_s = str(was) if was is not None else "-"
        pct = f"{change(now, was):+.1f}%" if now is not None and was is not None else ""
        row = f"{name:<{width}}  {now_s:>7}  {was_s:>8}  {pct:>6}"
        rows.append(row + (f"  {counters[name]}" if name in counters else ""))
    return rows
