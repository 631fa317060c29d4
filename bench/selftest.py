#!/usr/bin/env python3
"""Self-test of the benchmark guard's judgement (bench/guard.py), of
the safecopy table (bench/safeperf.py) and of the reading of
bench/phases' traces (bench/phaselog.py), without QEMU: made-up figures
against a made-up baseline, made-up console lines, a made-up QEMU log.
Run by `make test`."""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import guard, phaselog, safeperf  # noqa: E402

GCC = "gcc (Debian 12.2.0-14+deb12u1) 12.2.0"
BASE = guard.Baseline(compiler=GCC, figures={"kcall_null": 1000, "ipc_sendrec_rt": 500})


class Judge(unittest.TestCase):
    def test_same_passes(self) -> None:
        verdict = guard.judge(BASE, dict(BASE.figures), GCC)
        self.assertTrue(verdict.ok)
        self.assertEqual(verdict.notes, [])

    def test_rise_over_limit_fails(self) -> None:
        verdict = guard.judge(BASE, {"kcall_null": 1021, "ipc_sendrec_rt": 500}, GCC)
        self.assertFalse(verdict.ok)
        self.assertIn("kcall_null", verdict.notes[0])
        self.assertIn("+2.1%", verdict.notes[0])

    def test_rise_at_limit_passes(self) -> None:
        verdict = guard.judge(BASE, {"kcall_null": 1020, "ipc_sendrec_rt": 510}, GCC)
        self.assertTrue(verdict.ok)

    def test_drop_passes_with_a_note(self) -> None:
        verdict = guard.judge(BASE, {"kcall_null": 900, "ipc_sendrec_rt": 500}, GCC)
        self.assertTrue(verdict.ok)
        self.assertEqual(len(verdict.notes), 1)
        self.assertIn("update the baseline", verdict.notes[0])

    def test_missing_figure_fails(self) -> None:
        verdict = guard.judge(BASE, {"kcall_null": 1000}, GCC)
        self.assertFalse(verdict.ok)
        self.assertIn("ipc_sendrec_rt", verdict.notes[0])

    def test_figure_not_in_baseline_fails(self) -> None:
        verdict = guard.judge(BASE, {**BASE.figures, "spawn_exit_wait": 9}, GCC)
        self.assertFalse(verdict.ok)
        self.assertIn("spawn_exit_wait", verdict.notes[0])

    def test_other_compiler_is_reported_not_failed(self) -> None:
        verdict = guard.judge(BASE, {"kcall_null": 5000}, "clang version 16.0.6")
        self.assertTrue(verdict.ok)
        self.assertFalse(verdict.checked)
        self.assertIn("not checked", verdict.notes[0])


class Files(unittest.TestCase):
    def test_save_then_load(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "baseline.json"
            guard.save(BASE, path)
            self.assertEqual(guard.load(path), BASE)

    def test_the_baseline_loads(self) -> None:
        base = guard.load()
        self.assertTrue(base.compiler)
        self.assertTrue(all(v > 0 for v in base.figures.values()))

    def test_table_has_every_figure(self) -> None:
        rows = guard.table(BASE, {"kcall_null": 1100, "new": 7})
        self.assertEqual(len(rows), 4)
        self.assertIn("+10.0%", rows[1])
        self.assertTrue(rows[3].startswith("ipc_sendrec_rt"))

    def test_table_shows_counters(self) -> None:
        rows = guard.table(BASE, {"kcall_null": 1100}, {"kcall_null": "2/0.5"})
        self.assertIn("cr3/tlb per op", rows[0])
        self.assertTrue(rows[1].endswith("  2/0.5"))
        self.assertFalse(rows[2].endswith("/0.5"))


def console(skip: tuple[str, int] | None = None, cow_at_50: int = 1,
            cow_on_copy: int = 0) -> list[str]:
    """What the two safeperf boots print: a figure for every column and
    size (made up: 1000 a page), less skip."""
    lines = ["init: run build/user/safeperf cow", "safeperf vircopy denied"]
    for column in safeperf.COLUMNS:
        for pages in safeperf.sizes(column):
            if (column, pages) == skip:
                continue
            nocow = column in safeperf.NOCOW_COLUMNS
            cow = cow_on_copy if nocow else (cow_at_50 if pages == 50 else 0)
            lines.append(f"safeperf {column} {pages} {700 + 1000 * pages} 2 1 {cow}")
    return lines


class Safeperf(unittest.TestCase):
    def test_parse_reads_every_cell(self) -> None:
        table = safeperf.parse(console())
        self.assertEqual(table.cells[("copy", 50)], safeperf.Cell(50700, 2, 1, 0))
        self.assertTrue(table.vircopy_denied)
        self.assertEqual(safeperf.problems(table), [])

    def test_other_lines_are_ignored(self) -> None:
        table = safeperf.parse(["safeperf copy 1", "safeperf nosuch 1 2 3 4 5",
                                "bench kcall_null 232 insns", "safeperf copy x 1 2 3 4"])
        self.assertEqual(table.cells, {})
        self.assertFalse(table.vircopy_denied)

    def test_missing_figure_is_a_problem(self) -> None:
        found = safeperf.problems(safeperf.parse(console(skip=("cow+write", 8))))
        self.assertEqual(len(found), 1)
        self.assertIn("cow+write: no figure for 8 pages", found[0])

    def test_copy_that_was_shared_is_a_problem(self) -> None:
        found = safeperf.problems(safeperf.parse(console(cow_on_copy=1)))
        self.assertTrue(found)
        self.assertTrue(all("nocow boot" in f for f in found))

    def test_cow_column_without_cow_is_a_problem(self) -> None:
        found = safeperf.problems(safeperf.parse(console(cow_at_50=0)))
        self.assertEqual(len(found), 4)   # the four COW columns
        self.assertIn("0 COW requests", found[0])

    def test_guarded_figures(self) -> None:
        got = safeperf.figures(safeperf.parse(console()))
        want = sum(len(pages) for pages in safeperf.FIGURES.values())
        self.assertEqual(len(got), want)
        self.assertEqual(got["safecopy_cow_write_50p"], 50700)
        self.assertEqual(got["safecopy_copy_0p"], 700)

    def test_render_has_a_row_a_size(self) -> None:
        rows = safeperf.render(safeperf.parse(console()))
        self.assertEqual(len(rows), 2 + len(safeperf.PAGES) + 1)
        self.assertIn("50700 1014/p 2/1", rows[-2])
        self.assertIn("ECALLDENIED", rows[-1])


def log_line(pc: int, cr3: int) -> str:
    """One instruction as QEMU's -d exec,nochain,cpu logs it."""
    return (f"Trace 0: 0x7f185c000100 [00000000/{pc:08x}/000000b0/ff020201] f\n"
            f"EAX=00000000 EBX=00000000 ECX=00000000 EDX=00000000\n"
            f"CR0=80010011 CR2=00000000 CR3={cr3:08x} CR4=00000090\n")


class PhaseLog(unittest.TestCase):
    def test_each_instruction_named_by_its_space(self) -> None:
        log = log_line(0x40000100, 0x2a5000) + log_line(0x1055d0, 0x2a5000) + \
            log_line(0x40000100, 0x205000) + log_line(0x40000104, 0x999000)
        steps = phaselog.logged_steps(log, {0x2a5000: "kbench", 0x205000: "vm"})
        self.assertEqual(steps, [(0x40000100, "kbench"), (0x1055d0, "kernel"),
                                 (0x40000100, "vm"), (0x40000104, "cr3:0x999000")])

    def test_a_trace_line_without_registers_is_not_counted(self) -> None:
        log = "Trace 0: 0x7f [00000000/40000100/000000b0/ff020201] f\n" + \
            log_line(0x40000104, 0x2a5000)
        self.assertEqual(phaselog.logged_steps(log, {0x2a5000: "kbench"}),
                         [(0x40000104, "kbench")])

    def test_a_tick_before_the_operation_is_left_out(self) -> None:
        call = ["kernel:trap_64", "kernel:clock_tick", "kbench:op", "kernel:trap_33"]
        self.assertEqual(phaselog.operation([call], "kbench:op"),
                         ["kbench:op", "kernel:trap_33"])

    def test_the_first_call_no_tick_reached_is_taken(self) -> None:
        ticked = ["kbench:op", "kernel:trap_64", "kernel:trap_33"]
        clean = ["kbench:op", "kernel:trap_33"]
        self.assertEqual(phaselog.operation([ticked, clean], "kbench:op"), clean)
        self.assertEqual(phaselog.operation([ticked, ticked], "kbench:op"), ticked)

    def test_no_call_of_the_operation(self) -> None:
        self.assertIsNone(phaselog.operation([["kernel:trap_33"]], "kbench:op"))
        self.assertIsNone(phaselog.operation([], "kbench:op"))


if __name__ == "__main__":
    unittest.main(verbosity=0)
