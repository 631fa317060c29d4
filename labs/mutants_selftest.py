#!/usr/bin/env python3
"""Self-tests of the mutation check (labs/mutants.py): what a mutant file
must say, and how a mutant is judged, in a small fake tree whose
"grader" fails a test when the source holds a marker. No QEMU. Run by
`make test` in the instructors' tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

LABS = Path(__file__).resolve().parent
sys.path.insert(0, str(LABS))

from mutants import MutantError, Worker, judge_all, parse_mutant, score_lines  # noqa: E402

HOLE = "k/h.c"
REFERENCE = "int f(void)\n{\n\treturn 1;\n}\n"

# The fake tree's build: one object per hole, where labs/mutants.py
# looks for it.
MAKEFILE = """\
all: build/obj/k/h.o
build/obj/k/h.o: solutions/k/h.c
\tmkdir -p build/obj/k
\tgcc -c -O2 -o $@ $<
"""

# The fake grader: t_two fails when the hole returns 2, t_three when it
# returns 3; every other test passes.
GRADER = """\
import json, sys
args = sys.argv[1:]
tests = [args[i + 1] for i, a in enumerate(args) if a == "-t"]
out = args[args.index("--json") + 1]
src = open(__file__.rsplit("/", 2)[0] + "/solutions/k/h.c").read()
fails = {"t_two": "return 2" in src, "t_three": "return 3" in src}
json.dump({"tests": [{"name": t, "passed": not fails.get(t, False)} for t in tests]},
          open(out, "w"))
"""


def mutant_text(new: str, caught_by: str = "t_two", mistake: str = "returns the wrong value",
                target: str = "solutions/k/h.c") -> str:
    ref = REFERENCE.splitlines(keepends=True)
    lines = "".join(" " + line for line in ref[:2])
    return (f"Mistake: {mistake}\nCaught-by: {caught_by}\n\n"
            f"--- a/{target}\n+++ b/{target}\n@@ -1,4 +1,4 @@\n{lines}"
            f"-\treturn 1;\n+{new}\n }}\n")


class Parsing(unittest.TestCase):
    def setUp(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="mica-mutants-"))
        (self.root / "solutions/lab1/mutants").mkdir(parents=True)

    def tearDown(self) -> None:
        shutil.rmtree(self.root)

    def parse(self, name: str, text: str):
        path = self.root / "solutions/lab1/mutants" / name
        path.write_text(text)
        return parse_mutant(self.root, 1, path, (HOLE,), {"t_two", "t_three"})

    def refused(self, name: str, text: str, why: str) -> None:
        with self.assertRaises(MutantError) as caught:
            self.parse(name, text)
        self.assertIn(why, str(caught.exception))

    def test_good(self) -> None:
        m = self.parse("wrong-value.patch", mutant_text("\treturn 2;", caught_by="t_two, t_three"))
        self.assertEqual(m.name, "wrong-value")
        self.assertEqual(m.caught_by, ("t_two", "t_three"))
        self.assertEqual(m.targets, ("solutions/k/h.c",))
        self.assertEqual(m.mistake, "returns the wrong value")

    def test_refused(self) -> None:
        self.refused("Bad_Name.patch", mutant_text("\treturn 2;"), "lower-case")
        self.refused("a.patch", mutant_text("\treturn 2;", mistake=""), "Mistake")
        self.refused("a.patch", mutant_text("\treturn 2;", caught_by=""), "Caught-by")
        self.refused("a.patch", mutant_text("\treturn 2;", caught_by="t_nine"), "not a lab 1 test")
        self.refused("a.patch", mutant_text("\treturn 2;", target="solutions/k/other.c"),
                     "not the reference of a lab 1 hole")
        self.refused("a.patch", "Mistake: x\nCaught-by: t_two\n", "no patch")
        self.refused("a.patch", "Mistake: x\nMistake: y\nCaught-by: t_two\n", "twice")


class Judging(unittest.TestCase):
    """Each way a mutant can end, in a fake tree built by make."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.root = Path(tempfile.mkdtemp(prefix="mica-mutants-"))
        root = cls.root
        for path, text in (("Makefile", MAKEFILE), ("grade/grade", GRADER),
                           ("solutions/k/h.c", REFERENCE), ("solutions/lab1/mutants/.keep", "")):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "add", "."], check=True)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.root)

    def mutant(self, name: str, text: str):
        path = self.root / "solutions/lab1/mutants" / f"{name}.patch"
        path.write_text(text)
        return parse_mutant(self.root, 1, path, (HOLE,), {"t_two", "t_three", "t_pass"})

    def test_outcomes(self) -> None:
        mutants = [
            self.mutant("caught", mutant_text("\treturn 2;")),
            self.mutant("wrong-header", mutant_text("\treturn 3;", caught_by="t_two")),
            self.mutant("not-caught", mutant_text("\treturn 4;")),
            self.mutant("same-code", mutant_text("\treturn (1);")),
            self.mutant("no-build", mutant_text("\treturn 2")),
            self.mutant("stale", mutant_text("\treturn 2;").replace("-\treturn 1;", "-\treturn 9;")),
        ]
        work = Path(tempfile.mkdtemp(prefix="mica-mutants-work-"))
        try:
            outcomes = judge_all(self.root, work, mutants, {1: ["t_two", "t_three", "t_pass"]},
                                 2, "1")
            self.assertNotIsInstance(outcomes, str)
            assert not isinstance(outcomes, str)
            got = {o.mutant.name: o for o in outcomes}
            self.assertTrue(got["caught"].caught)
            self.assertEqual(got["caught"].caught_by, ("t_two",))
            self.assertFalse(got["wrong-header"].caught)
            self.assertIn("caught by t_three", got["wrong-header"].problem or "")
            self.assertFalse(got["not-caught"].caught)
            self.assertIsNone(got["not-caught"].problem)
            self.assertIn("same code", got["same-code"].problem or "")
            self.assertIn("does not build", got["no-build"].problem or "")
            self.assertIn("does not apply", got["stale"].problem or "")
            # Each worker's tree is the reference again afterwards.
            for tree in work.iterdir():
                self.assertEqual((tree / "solutions/k/h.c").read_text(), REFERENCE)
            self.assertEqual(score_lines(outcomes, [1]), ["lab 1: mutation score 1/6 (17%)"])
        finally:
            shutil.rmtree(work)

    def test_reference_that_does_not_build(self) -> None:
        work = Path(tempfile.mkdtemp(prefix="mica-mutants-work-"))
        try:
            worker = Worker(self.root, work / "w", "1", {})
            (self.root / "solutions/k/h.c").write_text("int f(void) {")
            try:
                self.assertIsNotNone(worker.prepare())
            finally:
                (self.root / "solutions/k/h.c").write_text(REFERENCE)
        finally:
            shutil.rmtree(work)


if __name__ == "__main__":
    unittest.main(verbosity=1)
