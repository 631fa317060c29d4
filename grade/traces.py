"""grade --trace: a sequence chart for every failing test.

A failing QEMU test is run again, the same run under -icount, with the
kernel's event trace on ("trace" on its command line, kernel/trace.c),
and its IPC is drawn with tools/seqchart.py next to its log: NAME.trace.html
(the chart) and NAME.trace.log (that run's console). A hang report in
the traced run ends with the last events, so a student who sees "hang"
sees who sent what to whom just before.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import seqchart  # noqa: E402

from grade import qemu, runner  # noqa: E402
from grade.testdef import Test, backstop  # noqa: E402


def chart(test: Test, build: Path, log_path: Path) -> Path | None:
    """Run test again with the trace on; the chart's path, or None when
    the run printed no trace (the kernel died before it could)."""
    traced = dataclasses.replace(test, kernel_args=f"{test.kernel_args} trace".strip())
    console = log_path.with_suffix(".trace.log")
    result = runner.run(qemu.command_line(traced, build), backstop(test), console)
    events = seqchart.parse("\n".join(result.lines))
    if not events.events:
        return None
    page = log_path.with_suffix(".trace.html")
    page.write_text(seqchart.page(events, f"{test.name}: {test.description}"))
    return page
