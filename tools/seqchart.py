"""IPC sequence charts from the kernel's event trace.

A kernel booted with "trace" on its command line records IPC and
kernel-call events in a ring (kernel/trace.c) and prints it on the
console when the machine halts, and at the end of a hang report, one
event a line:

    trace: proc EP NAME                 a process the trace names
    trace: T ipc EP OP PEER             EP traps into IPC: OP (send,
                                        receive, sendrec, notify, sendnb,
                                        senda, replyrec) towards PEER
    trace: T deliver SRC DST TYPE       a message from SRC lands in DST
    trace: T kcall EP NR                EP makes kernel call NR
    trace: T kret EP NR RESULT          and gets RESULT back
    trace: T fault EP ADDR ERR          EP page-faults at ADDR
    trace: T exit EP STATUS             EP ends
    trace: dropped N                    the ring lost its N oldest events

T is the guest's time stamp counter: under -icount, guest instructions
since boot. This module reads those lines (parse), and draws them as a
message sequence chart: one lane per process and one for the kernel
(kernel tasks such as CLOCK are drawn on it), one row per event in
order, an arrow per message, kernel call and fault (chart_svg, page), or
as text for the terminal (text).
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grade.hostcheck import header_constants  # noqa: E402

LINE_RE = re.compile(r"trace: (?P<rest>.*?)\s*$")
KERNEL_LANE = "kernel"
LANE_WIDTH = 150
ROW_HEIGHT = 22
TOP = 50


@dataclass(frozen=True)
class Event:
    seq: int          # order in the trace
    time: int         # guest instructions since boot
    kind: str         # ipc, deliver, kcall, kret, fault, exit
    who: int          # the endpoint it happens to (deliver: the source)
    peer: int | None  # deliver: the destination; ipc: the peer
    detail: str       # what the arrow or note says


@dataclass
class Trace:
    names: dict[int, str]
    events: list[Event]
    dropped: int = 0


def _names(root: Path) -> dict[str, dict[int, str]]:
    """Numbers to names, from the headers the kernel is built with."""
    def invert(header: str, prefix: tuple[str, ...]) -> dict[int, str]:
        return {v: k for k, v in header_constants(root, header).items() if k.startswith(prefix)}
    types = invert("include/mica/vm.h", ("VM_",))
    types.update(invert("include/mica/ds.h", ("DS_PUBLISH", "DS_RETRIEVE", "DS_DELETE",
                                              "DS_SUBSCRIBE", "DS_CHECK", "DS_LIST")))
    types[header_constants(root, "include/mica/ipc.h").get("NOTIFY_MESSAGE", -999)] = "NOTIFY"
    return {"type": types, "call": invert("include/mica/callnr.h", ("SYS_",)),
            "err": invert("include/mica/errno.h", ("E",)) | {0: "OK"}}


def parse(console: str, root: Path = ROOT) -> Trace:
    """The trace lines of a console log (other lines are ignored)."""
    names = _names(root)
    trace = Trace({}, [])
    for line in console.splitlines():
        m = LINE_RE.search(line)
        if not m:
            continue
        words = m.group("rest").split()
        try:
            if words[0] == "proc" and len(words) == 3:
                trace.names[int(words[1])] = words[2]
            elif words[0] == "dropped" and len(words) == 2:
                trace.dropped += int(words[1])
            else:
                trace.events.append(_event(len(trace.events), words, names))
        except (ValueError, IndexError, KeyError):
            continue   # a line cut short by the end of the log
    return trace


def _event(seq: int, words: list[str], names: dict[str, dict[int, str]]) -> Event:
    time, kind = int(words[0]), words[1]
    if kind == "ipc":
        return Event(seq, time, kind, int(words[2]), _peer(words[4]), words[3])
    if kind == "deliver":
        t = int(words[4], 0)
        t = t - (1 << 32) if t >= 1 << 31 else t   # m_type is an int
        if t <= 0 and t in names["err"]:   # a reply carries its result as its type
            return Event(seq, time, kind, int(words[2]), int(words[3]), f"reply {names['err'][t]}")
        return Event(seq, time, kind, int(words[2]), int(words[3]), names["type"].get(t, hex(t)))
    if kind == "kcall":
        nr = int(words[3])
        return Event(seq, time, kind, int(words[2]), None, names["call"].get(nr, f"call {nr}"))
    if kind == "kret":
        nr, result = int(words[3]), words[4]
        text = result if not result.lstrip("-").isdigit() else names["err"].get(int(result), result)
        return Event(seq, time, kind, int(words[2]), None,
                     f"{names['call'].get(nr, f'call {nr}')}: {text}")
    if kind == "fault":
        return Event(seq, time, kind, int(words[2]), None, f"page fault {words[3]} err {words[4]}")
    if kind == "exit":
        return Event(seq, time, kind, int(words[2]), None, f"exit {words[3]}")
    raise ValueError(kind)


def _peer(word: str) -> int | None:
    return None if word == "any" else int(word)


def lane_of(trace: Trace, endpoint: int) -> str:
    """The lane an endpoint is drawn on: kernel tasks (negative) share the
    kernel's."""
    return KERNEL_LANE if endpoint < 0 else f"{trace.names.get(endpoint, '?')}({endpoint})"


def lanes(trace: Trace) -> list[str]:
    """The kernel first, then processes in the order they appear."""
    order = [KERNEL_LANE]
    for e in trace.events:
        for ep in (e.who, e.peer if e.kind == "deliver" else None):
            if ep is not None and lane_of(trace, ep) not in order:
                order.append(lane_of(trace, ep))
    return order


def arrow(trace: Trace, e: Event) -> tuple[str, str] | None:
    """The lanes an event's arrow goes from and to, or None for a note."""
    if e.kind == "deliver":
        return lane_of(trace, e.who), lane_of(trace, e.peer if e.peer is not None else -1)
    if e.kind in ("kcall", "fault"):
        return lane_of(trace, e.who), KERNEL_LANE
    if e.kind == "kret":
        return KERNEL_LANE, lane_of(trace, e.who)
    return None


def text(trace: Trace) -> str:
    """One line an event: time, from -> to, what."""
    out = [f"(the {trace.dropped} oldest events were lost)"] if trace.dropped else []
    for e in trace.events:
        ends = arrow(trace, e)
        if ends is not None:
            where = f"{ends[0]} -> {ends[1]}"
        elif e.kind == "ipc":
            where = f"{lane_of(trace, e.who)}: {e.detail} " + (
                "any" if e.peer is None else lane_of(trace, e.peer))
        else:
            where = f"{lane_of(trace, e.who)}:"
        out.append(f"{e.time:>12}  {where:<40} {e.detail if e.kind != 'ipc' else ''}".rstrip())
    return "\n".join(out) + "\n"


def chart_svg(trace: Trace) -> str:
    """The chart as SVG. Each lane is a <g class="lane" data-lane=...>;
    each arrow a <g class="arrow" data-seq data-from data-to>; each note a
    <g class="note" data-seq data-lane>: what the tests read."""
    names = lanes(trace)
    x = {name: 80 + i * LANE_WIDTH for i, name in enumerate(names)}
    height = TOP + ROW_HEIGHT * (len(trace.events) + 1)
    width = 80 + LANE_WIDTH * len(names)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">',
             '<defs><marker id="head" markerWidth="8" markerHeight="8" refX="7" refY="4" '
             'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker></defs>',
             f'<rect width="{width}" height="{height}" fill="#fff"/>']
    for name in names:
        parts.append(f'<g class="lane" data-lane="{html.escape(name)}">'
                     f'<text x="{x[name]}" y="20" text-anchor="middle" font-weight="bold">'
                     f'{html.escape(name)}</text>'
                     f'<line x1="{x[name]}" y1="28" x2="{x[name]}" y2="{height - 10}" '
                     f'stroke="#999" stroke-dasharray="4 3"/></g>')
    for row, e in enumerate(trace.events):
        y = TOP + row * ROW_HEIGHT
        ends = arrow(trace, e)
        label = html.escape(e.detail)
        if ends is not None:
            a, b = x[ends[0]], x[ends[1]]
            colour = {"deliver": "#1f5fa8", "kcall": "#2e7d32", "kret": "#2e7d32",
                      "fault": "#c62828"}[e.kind]
            bend = f"M{a},{y} C{a + 40},{y - 16} {a + 40},{y + 16} {a + 2},{y + 4}" if a == b \
                else f"M{a},{y} L{b},{y}"
            parts.append(f'<g class="arrow" data-seq="{e.seq}" data-kind="{e.kind}" '
                         f'data-from="{html.escape(ends[0])}" data-to="{html.escape(ends[1])}">'
                         f'<path d="{bend}" fill="none" stroke="{colour}" stroke-width="1.5" '
                         f'marker-end="url(#head)"/>'
                         f'<text x="{(a + b) / 2}" y="{y - 4}" text-anchor="middle" '
                         f'fill="{colour}">{label}</text>'
                         f'<title>{e.time}: {label}</title></g>')
        else:
            lane = lane_of(trace, e.who)
            note = label if e.kind != "ipc" else html.escape(
                f"{e.detail} {'any' if e.peer is None else lane_of(trace, e.peer)}")
            parts.append(f'<g class="note" data-seq="{e.seq}" data-kind="{e.kind}" '
                         f'data-lane="{html.escape(lane)}"><circle cx="{x[lane]}" cy="{y}" r="3" '
                         f'fill="#555"/><text x="{x[lane] + 6}" y="{y + 4}" fill="#555">{note}'
                         f'</text><title>{e.time}</title></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def page(trace: Trace, title: str) -> str:
    """A self-contained HTML page with the chart and the text form."""
    lost = f"<p>The {trace.dropped} oldest events were lost (the ring is full).</p>" \
        if trace.dropped else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body>\n"
            f"<h1>{html.escape(title)}</h1>\n{lost}\n{chart_svg(trace)}\n"
            f"<pre>{html.escape(text(trace))}</pre>\n</body></html>\n")
