"""Self-tests of the Gradescope bundle (grade/gradescope/), run by
grade/selftest.py: run_autograder on a small made-up lab branch, with
AUTOGRADER_ROOT in a temporary folder and grade/fake_qemu.py as QEMU.

The made-up branch is at lab 2.  Its Makefile "builds" each hole file by
copying it to build/user/fakecatN, which the fake QEMU prints; a test
passes when it prints "solved ...".  A hole holding BROKEN fails the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
RUN_AUTOGRADER = ROOT / "grade" / "gradescope" / "run_autograder"
FAKE_QEMU = ROOT / "grade" / "fake_qemu.py"
# Student lab branches do not get the autograder bundle (labs/labs.toml).
INSTRUCTORS_ONLY = unittest.skipUnless(RUN_AUTOGRADER.is_file(),
                                       "grade/gradescope is in the instructors' tree only")

MAKEFILE = """\
all:
\t@if grep -q BROKEN kernel/one.c user/two.c; then echo "kernel/one.c:1: error: BROKEN"; exit 1; fi
\tmkdir -p build/kernel build/user
\ttouch build/kernel/kernel.elf build/user/vm build/user/init
\tcp kernel/one.c build/user/fakecat1
\tcp user/two.c build/user/fakecat2
"""

LAB_TOML = """\
title = "Lab {n}"
handout = "handout/lab{n}.md"
tests = "grade/tests_lab{n}.py"
points = {points}
holes = ["{hole}"]
new_files = []
"""

TESTS = """\
from grade.testdef import Test
TESTS = [Test("{name}", {points}, ("fakecat{n}",), expect=(r"^solved {name}$",), lab={n})]
"""

GRADESCOPE_TEST_KEYS = {"name": str, "score": int, "max_score": int, "status": str,
                        "output": str, "visibility": str}

LABS = ((1, "one", "kernel/one.c", 3), (2, "two", "user/two.c", 5))


def make_source(source: Path) -> None:
    """A lab-2 branch: the real grader and manifest code, made-up labs."""
    shutil.copytree(ROOT / "grade", source / "grade",
                    ignore=shutil.ignore_patterns("tests_lab*.py", "__pycache__"))
    (source / "labs").mkdir()
    shutil.copy(ROOT / "labs" / "manifest.py", source / "labs")
    (source / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "symbolizer.py", source / "tools")
    (source / "Makefile").write_text(MAKEFILE)
    for n, name, hole, points in LABS:
        write(source / f"labs/lab{n}/lab.toml", LAB_TOML.format(n=n, points=points, hole=hole))
        write(source / f"handout/lab{n}.md", f"# Lab {n}\n")
        write(source / f"grade/tests_lab{n}.py", TESTS.format(n=n, name=name, points=points))
        write(source / hole, f"stub {name}\n")
    # A reference that must never be built in place of the student's code.
    write(source / "solutions/kernel/one.c", "solved one\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def check_gradescope(case: unittest.TestCase, doc: dict[str, Any]) -> None:
    """doc follows Gradescope's results.json format, and its scores add up."""
    case.assertEqual(set(doc), {"score", "execution_time", "output", "visibility", "tests"})
    case.assertIsInstance(doc["score"], (int, float))
    case.assertIsInstance(doc["execution_time"], (int, float))
    case.assertIsInstance(doc["output"], str)
    case.assertIn(doc["visibility"], ("hidden", "after_due_date", "after_published", "visible"))
    case.assertIsInstance(doc["tests"], list)
    for test in doc["tests"]:
        case.assertEqual(set(test), set(GRADESCOPE_TEST_KEYS), test)
        for key, kind in GRADESCOPE_TEST_KEYS.items():
            case.assertIsInstance(test[key], kind, (key, test))
        case.assertIn(test["status"], ("passed", "failed"))
        case.assertEqual(test["score"], test["max_score"] if test["status"] == "passed" else 0)
    case.assertEqual(doc["score"], sum(t["score"] for t in doc["tests"]))
    case.assertEqual(len({t["name"] for t in doc["tests"]}), len(doc["tests"]))


@INSTRUCTORS_ONLY
class Gradescope(unittest.TestCase):
    """run_autograder end to end, one submission each."""

    def autograde(self, fill: Callable[[Path], None]) -> dict[str, Any]:
        tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        self.addCleanup(tmp.cleanup)
        root = Path(tmp.name)
        make_source(root / "source")
        (root / "submission").mkdir()
        fill(root / "submission")
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), MICA_QEMU=str(FAKE_QEMU),
                   MICA_TESTS="grade.fake_tests")
        proc = subprocess.run(["sh", str(RUN_AUTOGRADER)], env=env, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        document = json.loads((root / "results" / "results.json").read_text())
        check_gradescope(self, document)
        self.assertTrue((root / "source" / "kernel" / "one.c").read_text() == "stub one\n")
        return document

    def test_full_marks_from_a_repository_in_a_folder(self) -> None:
        def fill(submission: Path) -> None:
            repo = submission / "mica-lab2"
            write(repo / "kernel/one.c", "solved one\n")
            write(repo / "user/two.c", "solved two\n")
            # Edits outside the hole files are ignored.
            write(repo / "grade/tests_lab2.py", TESTS.format(n=2, name="two", points=500))
            write(repo / "Makefile", "all:\n\ttrue\n")
        document = self.autograde(fill)
        tests = {t["name"]: t for t in document["tests"]}
        self.assertEqual(set(tests), {"lab 2 / two", "regression lab 1 / one"})
        self.assertEqual(document["score"], 8)
        self.assertEqual(sum(t["max_score"] for t in document["tests"]), 8)
        self.assertIn("kernel/one.c: taken from the submission", document["output"])
        self.assertTrue(document["output"].endswith("Score: 8/8"))

    def test_symlinks_refused_and_missing_files_keep_the_stub(self) -> None:
        def fill(submission: Path) -> None:
            outside = submission.parent / "elsewhere.c"
            outside.write_text("solved one\n")
            (submission / "kernel").mkdir()
            (submission / "kernel" / "one.c").symlink_to(outside)
            (submission / "notes.txt").write_text("no user/two.c here\n")
        document = self.autograde(fill)
        self.assertEqual(document["score"], 0)
        self.assertIn("kernel/one.c: refused (kernel/one.c is a symbolic link)", document["output"])
        self.assertIn("user/two.c: not in the submission; graded with the stub", document["output"])
        self.assertTrue(all(t["status"] == "failed" for t in document["tests"]))

    def test_loose_hole_file(self) -> None:
        document = self.autograde(lambda s: write(s / "two.c", "solved two\n"))
        self.assertEqual(document["score"], 5)

    def test_handin_archive(self) -> None:
        def fill(submission: Path) -> None:
            repo = submission.parent / "student"
            write(repo / "kernel/one.c", "solved one\n")
            write(repo / "user/two.c", "solved two\n")
            git = ["git", "-C", str(repo), "-c", "user.name=s", "-c", "user.email=s@example.org"]
            for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "done"],
                         ["bundle", "create", "-q", str(repo / "mica.bundle"), "HEAD"]):
                subprocess.run(git + args, check=True, capture_output=True)
            with tarfile.open(submission / "handin-lab2.tar.gz", "w:gz") as tar:
                tar.add(repo / "mica.bundle", arcname="mica.bundle")
        document = self.autograde(fill)
        self.assertEqual(document["score"], 8)
        self.assertIn("handin-lab2.tar.gz: graded the commit it holds", document["output"])

    def test_build_failure(self) -> None:
        def fill(submission: Path) -> None:
            write(submission / "kernel/one.c", "BROKEN\n")
            write(submission / "user/two.c", "solved two\n")
        document = self.autograde(fill)
        self.assertEqual(document["score"], 0)
        self.assertIn("The build failed (make exit status 2)", document["output"])
        self.assertIn("kernel/one.c:1: error: BROKEN", document["output"])


@INSTRUCTORS_ONLY
class MakeZip(unittest.TestCase):
    """grade/gradescope/make-zip on a small repository."""

    def test_zip(self) -> None:
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp:
            repo = Path(tmp) / "repo"
            shutil.copytree(ROOT / "grade" / "gradescope", repo / "grade" / "gradescope",
                            ignore=shutil.ignore_patterns("__pycache__"))
            write(repo / "labs/lab1/lab.toml", "title = 'x'\n")
            write(repo / "kernel/one.c", "stub one\n")
            git = ["git", "-C", str(repo), "-c", "user.name=i", "-c", "user.email=i@example.org"]
            for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "lab1"],
                         ["branch", "lab1"]):
                subprocess.run(git + args, check=True, capture_output=True)
            tool = [sys.executable, str(repo / "grade" / "gradescope" / "make-zip")]
            out = Path(tmp) / "autograder.zip"
            proc = subprocess.run(tool + ["lab1", str(out)], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with zipfile.ZipFile(out) as made:
                names = made.namelist()
                self.assertIn("kernel/one.c", names)
                self.assertEqual(made.read("setup.sh"), (ROOT / "grade/gradescope/setup.sh").read_bytes())
                self.assertEqual(made.getinfo("run_autograder").external_attr >> 16 & 0o111, 0o111)
            for args, message in ((["nosuch", str(out)], "no branch or commit named 'nosuch'"),
                                  (["lab1", str(Path(tmp) / "no" / "a.zip")], "existing directory"),
                                  (["lab1"], "usage:")):
                proc = subprocess.run(tool + args, capture_output=True, text=True)
                self.assertEqual(proc.returncode, 2)
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                self.assertIn(message, proc.stderr)
            write(repo / "solutions/kernel/one.c", "solved\n")
            for args in (["add", "."], ["commit", "-q", "-m", "solved"]):
                subprocess.run(git + args, check=True, capture_output=True)
            proc = subprocess.run(tool + ["HEAD", str(out)], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("holds solutions/", proc.stderr)
