"""The safecopy table: user/bench/safeperf.c's lines, read and shown.

safeperf prints one line a figure,
    safeperf COLUMN PAGES INSNS CR3_LOADS TLB_FLUSHES COW_REQUESTS
for one call of COLUMN's operation on PAGES pages (the cheapest of
several), and `safeperf vircopy denied` when the kernel refused it
SYS_VIRCOPY. bench/run boots it twice (with and without the kernel's
"nocow"), shows the table, and puts a few of the figures under the
guard (FIGURES): doc/performance.md says what each column measures.
"""

from __future__ import annotations

from dataclasses import dataclass

# The columns in the order shown, each with its heading and the boot
# that measures it ("nocow" on the kernel's command line, or not).
COLUMNS: dict[str, str] = {
    "copy": "copy (nocow)",
    "cow": "cow",
    "cow-resend": "cow-resend",
    "cow-again": "cow-again",
    "cow+write": "cow+write",
    "safemap": "safemap+unmap",
}
NOCOW_COLUMNS = ("copy", "safemap")
PAGES = (0, 1, 2, 4, 8, 16, 32, 50)

# The figures the guard keeps (bench/baseline.json), by column: the
# ends of each column, and where COW starts (COW_MIN_PAGES, 4). The
# other COW columns' small sizes are copies, as cow's are.
FIGURES: dict[str, tuple[int, ...]] = {
    "copy": (0, 1, 50),
    "cow": (1, 4, 50),
    "cow-resend": (50,),
    "cow-again": (50,),
    "cow+write": (50,),
    "safemap": (1, 50),
}


@dataclass(frozen=True)
class Cell:
    insns: int
    cr3_loads: int
    tlb_flushes: int
    cow_requests: int


@dataclass
class Table:
    cells: dict[tuple[str, int], Cell]
    vircopy_denied: bool = False


def parse(lines: list[str]) -> Table:
    """The safeperf lines of a guest's console (others are ignored)."""
    table = Table(cells={})
    for line in lines:
        words = line.split()
        if words == ["safeperf", "vircopy", "denied"]:
            table.vircopy_denied = True
        elif (len(words) == 7 and words[0] == "safeperf" and words[1] in COLUMNS
              and all(w.isdigit() for w in words[2:])):
            pages, *numbers = (int(w) for w in words[2:])
            table.cells[(words[1], pages)] = Cell(*numbers)
    return table


def problems(table: Table) -> list[str]:
    """What makes the table not what it claims to be: a column missing,
    or one whose calls were not what it says (a copy that COW shared:
    the boot lacked "nocow"; a COW column whose 50 pages were not
    shared)."""
    found = []
    for column in COLUMNS:
        missing = [p for p in sizes(column) if (column, p) not in table.cells]
        if missing:
            found.append(f"{column}: no figure for {', '.join(map(str, missing))} pages")
    for (column, pages), cell in table.cells.items():
        if column in NOCOW_COLUMNS and cell.cow_requests != 0:
            found.append(f"{column} {pages}: {cell.cow_requests} COW requests on the nocow boot")
        if column not in NOCOW_COLUMNS and pages == PAGES[-1] and cell.cow_requests != 1:
            found.append(f"{column} {pages}: {cell.cow_requests} COW requests, not 1")
    return found


def sizes(column: str) -> tuple[int, ...]:
    """The page counts a column has: 0 (the grant check alone) only for copy."""
    return PAGES if column == "copy" else PAGES[1:]


def figure_name(column: str, pages: int) -> str:
    return f"safecopy_{column.replace('-', '_').replace('+', '_')}_{pages}p"


def figures(table: Table) -> dict[str, int]:
    """The guarded figures (FIGURES) that the table has."""
    return {figure_name(c, p): table.cells[(c, p)].insns
            for c, chosen in FIGURES.items() for p in chosen if (c, p) in table.cells}


def _cell_text(cell: Cell | None, pages: int) -> str:
    if cell is None:
        return "-"
    per_page = f"{cell.insns // pages}" if pages else "-"
    return f"{cell.insns} {per_page}/p {cell.cr3_loads}/{cell.tlb_flushes}"


def render(table: Table) -> list[str]:
    """The table: a row per size, a column per operation; each cell is
    instructions per call, per page, and CR3 loads/TLB flushes per call."""
    heads = ["pages", *COLUMNS.values()]
    rows = [[str(p), *(_cell_text(table.cells.get((c, p)), p) for c in COLUMNS)]
            for p in PAGES]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    out = ["safecopy between address spaces: instructions per call, per page, "
           "CR3 loads/TLB flushes per call"]
    out.extend("  ".join(text.rjust(w) for text, w in zip(r, widths))
               for r in [heads, *rows])
    if table.vircopy_denied:
        out.append("vircopy: not measured: SYS_VIRCOPY is VM's alone (a user process "
                   "gets ECALLDENIED); the copy column is its path plus the grant check")
    else:
        out.append("vircopy: not measured")
    return out
