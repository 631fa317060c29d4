#!/usr/bin/env python3
"""Self-tests of the lab machinery: labs/manifest.py's checks, and
labs/release on a copy of this tree (what branches hold, and that it
refuses to leak). Run by `make test` in the instructors' tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

LABS = Path(__file__).resolve().parent
ROOT = LABS.parent
sys.path.insert(0, str(LABS))

from branches import stub_boot_labs  # noqa: E402
from manifest import ManifestError, catch_up, load_labs, students_holes  # noqa: E402

GOOD_LAB = """\
title = "T"
handout = "handout/lab{n}.md"
tests = "grade/tests_lab{n}.py"
points = 5
holes = ["kernel/h{n}.c"]
new_files = ["handout/lab{n}.md"]
"""


class Manifest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mica-manifest-"))
        for n in (1, 2):
            self.write(f"labs/lab{n}/lab.toml", GOOD_LAB.format(n=n))
            for path in (f"handout/lab{n}.md", f"grade/tests_lab{n}.py",
                         f"kernel/h{n}.c", f"solutions/kernel/h{n}.c"):
                self.write(path, "")

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def write(self, path: str, text: str) -> None:
        (self.tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (self.tmp / path).write_text(text)

    def refused(self, message: str, require_solutions: bool = False) -> None:
        with self.assertRaises(ManifestError) as caught:
            load_labs(self.tmp, require_solutions)
        self.assertIn(message, str(caught.exception))

    def test_good(self) -> None:
        labs = load_labs(self.tmp, require_solutions=True)
        self.assertEqual([lab.holes for lab in labs], [("kernel/h1.c",), ("kernel/h2.c",)])

    def test_malformed(self) -> None:
        self.write("labs/lab2/lab.toml", "title = \n")
        self.refused("labs/lab2/lab.toml: not valid TOML")

    def test_missing_key(self) -> None:
        self.write("labs/lab1/lab.toml", GOOD_LAB.format(n=1).replace("points = 5\n", ""))
        self.refused("labs/lab1/lab.toml: missing key 'points'")

    def test_unknown_key(self) -> None:
        self.write("labs/lab1/lab.toml", GOOD_LAB.format(n=1) + "hidden = 1\n")
        self.refused("unknown key 'hidden'")

    def test_wrong_type(self) -> None:
        self.write("labs/lab1/lab.toml", GOOD_LAB.format(n=1).replace("points = 5", 'points = "5"'))
        self.refused("'points' must be a int")

    def test_hole_missing(self) -> None:
        (self.tmp / "kernel/h2.c").unlink()
        self.refused("labs/lab2/lab.toml: hole file kernel/h2.c is missing")

    def test_reference_missing(self) -> None:
        (self.tmp / "solutions/kernel/h1.c").unlink()
        load_labs(self.tmp)   # fine for a student branch
        self.refused("has no reference at solutions/kernel/h1.c", require_solutions=True)

    def test_hole_in_two_labs(self) -> None:
        self.write("labs/lab2/lab.toml", GOOD_LAB.format(n=2).replace("kernel/h2.c", "kernel/h1.c"))
        self.refused("hole kernel/h1.c already belongs to lab 1")

    def test_escaping_path(self) -> None:
        self.write("labs/lab1/lab.toml", GOOD_LAB.format(n=1).replace('"handout/lab1.md"]', '"../x"]'))
        self.refused("'../x' is not a clean relative path")

    def test_gap(self) -> None:
        shutil.move(self.tmp / "labs/lab2", self.tmp / "labs/lab3")
        self.write("labs/lab3/lab.toml", GOOD_LAB.format(n=3))
        for path in ("handout/lab3.md", "grade/tests_lab3.py", "kernel/h3.c"):
            self.write(path, "")
        self.refused("lab numbers must run 1..N without gaps")


class StubBoot(unittest.TestCase):
    """How labs/check expects a branch to boot: which labs' stub_boot
    lines may stop it (none: it must reach init's prompt)."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mica-stubboot-"))
        self.addCleanup(shutil.rmtree, self.tmp)
        for n in (1, 2, 3):
            extra = f'stub_boot = "lab {n}: exercise [0-9] is not written"\n' if n != 2 else ""
            path = self.tmp / f"labs/lab{n}/lab.toml"
            path.parent.mkdir(parents=True)
            path.write_text(GOOD_LAB.format(n=n) + extra)
            for name in (f"handout/lab{n}.md", f"grade/tests_lab{n}.py", f"kernel/h{n}.c"):
                (self.tmp / name).parent.mkdir(parents=True, exist_ok=True)
                (self.tmp / name).write_text("")
        self.labs = load_labs(self.tmp)

    def expected(self, number: int, catch_up: bool, earlier_filled: bool) -> list[int]:
        return [lab.number for lab in stub_boot_labs(self.labs, number, catch_up, earlier_filled)]

    def test_stub_boot(self) -> None:
        self.assertEqual(self.labs[0].stub_boot, "lab 1: exercise [0-9] is not written")
        self.assertIsNone(self.labs[1].stub_boot)
        # The lab's own stubs, as released and with the earlier labs filled.
        self.assertEqual(self.expected(1, False, False), [1])
        self.assertEqual(self.expected(3, False, True), [3])
        self.assertEqual(self.expected(3, True, False), [3])
        # Lab 2's stubs reach the prompt; lab 1's, still in lab 2 as
        # released, do not; in lab2-catchup lab 1 comes compiled.
        self.assertEqual(self.expected(2, False, False), [1])
        self.assertEqual(self.expected(2, False, True), [])
        self.assertEqual(self.expected(2, True, False), [])
        self.assertEqual(self.expected(3, False, False), [1, 3])

    def test_bad_stub_boot(self) -> None:
        path = self.tmp / "labs/lab2/lab.toml"
        path.write_text(GOOD_LAB.format(n=2) + 'stub_boot = "lab 2: ("\n')
        with self.assertRaises(ManifestError) as caught:
            load_labs(self.tmp)
        self.assertIn("labs/lab2/lab.toml: 'stub_boot' is not a regular expression", str(caught.exception))


class Release(unittest.TestCase):
    """labs/release on a clone of this tree's HEAD."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mica-release-test-"))
        self.tree = self.tmp / "tree"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(self.tree)], check=True)
        labs = load_labs(self.tree, require_solutions=True)
        self.labs = labs

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def release(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(self.tree / "labs" / "release"),
                               "--out", str(self.tmp / "out"), *args],
                              capture_output=True, text=True)

    def commit(self, path: str, line: str) -> None:
        with open(self.tree / path, "a") as f:
            f.write(line + "\n")
        subprocess.run(["git", "-C", str(self.tree), "-c", "user.name=t", "-c", "user.email=t@t",
                        "commit", "-qam", "change"], check=True)

    def show(self, branch: str) -> list[str]:
        return subprocess.run(["git", "-C", str(self.tmp / "out"), "ls-tree", "-r", "--name-only",
                               branch], capture_output=True, text=True, check=True).stdout.split()

    def test_branches(self) -> None:
        done = self.release("--catch-up")
        self.assertEqual(done.returncode, 0, done.stderr)
        lab1, last = self.show("lab1"), self.show(f"lab{len(self.labs)}")
        self.assertFalse([p for p in lab1 + last if p.startswith(("solutions/", ".ci/"))])
        self.assertNotIn("labs/release", last)
        self.assertIn(self.labs[0].holes[0], lab1)
        self.assertNotIn(self.labs[1].holes[0], lab1)
        self.assertNotIn(self.labs[1].handout, lab1)
        self.assertIn("prebuilt/lab2.a", lab1)
        self.assertNotIn("prebuilt/lab2.a", self.show("lab2"))
        self.assertIn("prebuilt/lab1.a", self.show("lab2-catchup"))
        self.assertNotIn(self.labs[0].holes[0], self.show("lab2-catchup"))
        parent = subprocess.run(["git", "-C", str(self.tmp / "out"), "rev-parse", "lab2^"],
                                capture_output=True, text=True).stdout
        lab1_id = subprocess.run(["git", "-C", str(self.tmp / "out"), "rev-parse", "lab1"],
                                 capture_output=True, text=True).stdout
        self.assertEqual(parent, lab1_id)
        # A catch-up branch's manifests load (its earlier holes come
        # compiled), and only lab 2's holes are the student's there.
        branch = self.tmp / "catchup"
        branch.mkdir()
        archive = subprocess.run(["git", "-C", str(self.tmp / "out"), "archive", "lab2-catchup"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(branch)], input=archive, check=True)
        labs = load_labs(branch)
        self.assertTrue(catch_up(set(self.show("lab2-catchup")), 2))
        self.assertFalse(catch_up(set(self.show("lab2")), 2))
        self.assertEqual(students_holes(labs, 2, True), self.labs[1].holes)
        again = self.release()
        self.assertEqual(again.returncode, 2)
        self.assertIn("exists", again.stderr)

    def test_reference_in_a_stub(self) -> None:
        hole = self.labs[0].holes[-1]
        code = (self.tree / "solutions" / hole).read_text().splitlines()
        line = max((l for l in code if l.startswith("\t") and not l.strip().startswith(("*", "/*"))),
                   key=len)
        self.commit(hole, line)
        done = self.release()
        self.assertEqual(done.returncode, 1)
        self.assertIn(f"{hole}: holds 1 line(s) of reference code", done.stderr)
        self.assertFalse((self.tmp / "out").exists())

    def test_reference_quoted_in_a_string(self) -> None:
        """A statement of the reference inside a longer line (a test's
        list of mutants, a string in a script) is a leak too."""
        hole = self.labs[0].holes[-1]
        code = (self.tree / "solutions" / hole).read_text().splitlines()
        line = max((l for l in code if l.startswith("\t") and not l.strip().startswith(("*", "/*"))),
                   key=len).strip()
        self.commit("grade/tests_lab1.py", f"MUTANTS = [({line!r}, 'x')]")
        done = self.release()
        self.assertEqual(done.returncode, 1)
        self.assertIn("grade/tests_lab1.py: holds 1 line(s) of reference code", done.stderr)

    def test_answer_in_a_handout(self) -> None:
        answers = (self.tree / "solutions/lab1/answers.md").read_text().splitlines()
        line = max(answers, key=len)
        self.commit(self.labs[0].handout, line)
        done = self.release()
        self.assertEqual(done.returncode, 1)
        self.assertIn(f"{self.labs[0].handout}: holds", done.stderr)

    def test_not_our_directory(self) -> None:
        (self.tmp / "out").mkdir()
        (self.tmp / "out" / "precious").write_text("x")
        done = self.release("--force")
        self.assertEqual(done.returncode, 2)
        self.assertIn("was not written by labs/release", done.stderr)
        self.assertTrue((self.tmp / "out" / "precious").exists())


if __name__ == "__main__":
    unittest.main()
