#!/usr/bin/env python3
"""Self-test of the benchmark guard's judgement (bench/guard.py), without
QEMU: made-up figures against a made-up baseline. Run by `make test`."""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import guard  # noqa: E402

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


if __name__ == "__main__":
    unittest.main(verbosity=0)
