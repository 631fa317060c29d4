"""Self-tests of the Gradescope bundle (grade/gradescope/), run by
grade/selftest.py.  Each test grades with the zip that make-zip builds
from a small made-up release, unpacked as Gradescope unpacks it (unzip
into AUTOGRADER_ROOT/source, nothing of this tree beside it), and runs
its run_autograder, with grade/fake_qemu.py (from the released tree) as
QEMU.

The made-up release has branches lab2 and lab2-catchup.  Its Makefile
"builds" each hole file by running it through the C preprocessor into
build/user/fakecatN, which the fake QEMU prints; a test passes when it
prints "solved ...".  A hole holding BROKEN fails the build.  In
lab2-catchup, lab 1's hole comes as prebuilt/lab1.a ("solved one").
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
MAKE_ZIP = ROOT / "grade" / "gradescope" / "make-zip"
BATCH = ROOT / "grade" / "batch"
# Student lab branches do not get the autograder bundle (labs/labs.toml).
INSTRUCTORS_ONLY = unittest.skipUnless(MAKE_ZIP.is_file(),
                                       "grade/gradescope is in the instructors' tree only")
FAKE_QEMU = "grade/fake_qemu.py"      # in the graded tree, where the sandbox sees it
GIT_ID = ["-c", "user.name=s", "-c", "user.email=s@example.org"]
PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]

MAKEFILE = """\
BUILD ?= build
one = $(if $(wildcard prebuilt/lab1.a),prebuilt/lab1.a,kernel/one.c)
all:
\t@if grep -qs BROKEN kernel/one.c user/two.c; then echo "kernel/one.c:1: error: BROKEN"; exit 1; fi
\tmkdir -p $(BUILD)/kernel $(BUILD)/user
\ttouch $(BUILD)/kernel/kernel.elf $(BUILD)/user/vm $(BUILD)/user/ds $(BUILD)/user/init
\tgcc -E -P -x c $(one) -o $(BUILD)/user/fakecat1
\tgcc -E -P -x c user/two.c -o $(BUILD)/user/fakecat2
grade: all
\tpython3 grade/grade --build $(BUILD)
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
SOLVED = {"kernel/one.c": "solved one\n", "user/two.c": "solved two\n"}


def make_source(source: Path) -> None:
    """A lab-2 branch as released: the real grader and manifest code,
    made-up labs, no instructors' file."""
    shutil.copytree(ROOT / "grade", source / "grade", ignore=shutil.ignore_patterns(
        "tests_lab*.py", "__pycache__", "batch*", "*selftest*", "gradescope", "sandbox.py"))
    (source / "labs").mkdir()
    shutil.copy(ROOT / "labs" / "manifest.py", source / "labs")
    (source / "tools").mkdir()
    for name in ("symbolizer.py", "seqchart.py", "handin"):
        shutil.copy2(ROOT / "tools" / name, source / "tools")
    (source / "Makefile").write_text(MAKEFILE)
    (source / ".gitignore").write_text("build/\nhandin-lab*.tar.gz\n")
    for n, name, hole, points in LABS:
        write(source / f"labs/lab{n}/lab.toml", LAB_TOML.format(n=n, points=points, hole=hole))
        write(source / f"handout/lab{n}.md", f"# Lab {n}\n")
        write(source / f"grade/tests_lab{n}.py", TESTS.format(n=n, name=name, points=points))
        write(source / hole, f"stub {name}\n")


def make_release(top: Path) -> Path:
    """The made-up student repository: lab2, and lab2-catchup."""
    repo = top / "release"
    make_source(repo)
    git(repo, "init", "-q", "-b", "lab2")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "lab 2")
    git(repo, "checkout", "-q", "-b", "lab2-catchup")
    git(repo, "rm", "-q", "kernel/one.c")
    write(repo / "prebuilt/lab1.a", SOLVED["kernel/one.c"])
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "lab 2 (catch-up)")
    git(repo, "checkout", "-q", "lab2")
    return repo


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *GIT_ID, *args], check=True,
                          capture_output=True, text=True).stdout


def handin(top: Path, release: Path, name: str, branch: str, files: dict[str, str]) -> Path:
    """A student's clone of branch with files committed, handed in with
    tools/handin; returns the clone."""
    work = top / "students" / name
    subprocess.run(["git", "clone", "-q", "-b", branch, str(release), str(work)], check=True,
                   capture_output=True)
    for path, text in files.items():
        write(work / path, text)
    git(work, "add", "-A")
    git(work, "commit", "-q", "--allow-empty", "-m", f"{name}'s work")
    done = subprocess.run([sys.executable, "tools/handin"], cwd=work, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return work


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MICA_TESTS", "MICA_SANDBOX", "PYTHONPATH", "MICA_QEMU")}
    env.update(extra)
    return env


def make_zip(release: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(MAKE_ZIP), "--release", str(release), *args,
                           str(out)], capture_output=True, text=True, env=clean_env())


def run_autograder(zip_file: Path, root: Path) -> dict[str, Any]:
    """doc/grader.md's local try-out: unzip as Gradescope does, run."""
    subprocess.run(["unzip", "-q", str(zip_file), "-d", str(root / "source")], check=True)
    env = clean_env(AUTOGRADER_ROOT=str(root), MICA_QEMU=FAKE_QEMU)
    proc = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


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


class Bundle(unittest.TestCase):
    """One release and its zip for every test of a class."""

    top: Path
    release: Path
    zip: Path

    @classmethod
    def setUpClass(cls) -> None:
        holder = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        cls.addClassCleanup(holder.cleanup)
        cls.top = Path(holder.name)
        cls.release = make_release(cls.top)
        cls.zip = cls.top / "autograder-lab2.zip"
        made = make_zip(cls.release, cls.zip, "--lab", "2")
        assert made.returncode == 0, made.stderr

    def autograde(self, fill: Callable[[Path], None]) -> dict[str, Any]:
        root = Path(tempfile.mkdtemp(prefix="ag-", dir=self.top))
        (root / "submission").mkdir()
        fill(root / "submission")
        document = run_autograder(self.zip, root)
        check_gradescope(self, document)
        self.assertNotIn(str(self.top), json.dumps(document))    # no path of the machine
        return document


@INSTRUCTORS_ONLY
class Gradescope(Bundle):
    """run_autograder of the real zip, one submission each."""

    def test_zip_holds_only_the_bundle_and_the_release(self) -> None:
        names = subprocess.run(["unzip", "-Z1", str(self.zip)], capture_output=True,
                               text=True, check=True).stdout.split()
        tops = {name.split("/")[0] for name in names}
        self.assertEqual(tops, {"setup.sh", "run_autograder", "bundle.json", "grader", "official"})
        self.assertIn("official/lab2/kernel/one.c", names)
        self.assertIn("official/lab2-catchup/prebuilt/lab1.a", names)
        self.assertNotIn("official/lab2-catchup/kernel/one.c", names)
        self.assertFalse([n for n in names if "solutions/" in n or "gradescope/make-zip" in n])
        self.assertIn("bubblewrap", (ROOT / "grade/gradescope/setup.sh").read_text())

    def test_full_marks_from_a_repository_in_a_folder(self) -> None:
        def fill(submission: Path) -> None:
            repo = submission / "mica-lab2"
            for path, text in SOLVED.items():
                write(repo / path, text)
            # Edits outside the hole files are ignored.
            write(repo / "grade/tests_lab2.py", TESTS.format(n=2, name="two", points=500))
            write(repo / "Makefile", "all:\n\ttrue\n")
        document = self.autograde(fill)
        tests = {t["name"]: t for t in document["tests"]}
        self.assertEqual(set(tests), {"lab 2 / two", "regression lab 1 / one"})
        self.assertEqual(document["score"], 8)
        self.assertIn("kernel/one.c: taken from the submission", document["output"])
        self.assertIn("Graded on lab2 (", document["output"])
        self.assertIn("Isolation: ", document["output"])
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
        self.assertIn("user/two.c: not in the submission; the official stub was graded",
                      document["output"])

    def test_loose_hole_file(self) -> None:
        document = self.autograde(lambda s: write(s / "two.c", "solved two\n"))
        self.assertEqual(document["score"], 5)

    def test_handin_archive(self) -> None:
        work = handin(self.top, self.release, "hal", "lab2", SOLVED)
        document = self.autograde(
            lambda s: shutil.copy(work / "handin-lab2.tar.gz", s / "handin-lab2.tar.gz"))
        self.assertEqual(document["score"], 8)
        self.assertIn("handin-lab2.tar.gz: graded commit ", document["output"])

    def test_build_failure(self) -> None:
        def fill(submission: Path) -> None:
            write(submission / "kernel/one.c", "BROKEN\n")
            write(submission / "user/two.c", "solved two\n")
        document = self.autograde(fill)
        self.assertEqual(document["score"], 0)
        self.assertIn("build failed (make status 2)", document["output"])
        self.assertIn("kernel/one.c:1: error: BROKEN", document["output"])

    def test_reading_the_machine(self) -> None:
        """The build runs sandboxed: /etc/passwd is not there to include."""
        document = self.autograde(lambda s: write(s / "kernel/one.c", '#include "/etc/passwd"\n'))
        self.assertEqual(document["score"], 0)
        self.assertIn("/etc/passwd: No such file", document["output"])
        self.assertNotIn(PASSWD_LINE, json.dumps(document))


    def test_same_score_everywhere(self) -> None:
        """A class of handins gets one score each from `make grade` in the
        student's clone, the batch, and the Gradescope zip; a catch-up
        handin is graded with its earlier labs given."""
        class_ = {
            "cat": ("lab2-catchup", {"user/two.c": SOLVED["user/two.c"]}),   # lab 1 given
            "dan": ("lab2", SOLVED),
            "liz": ("lab2", {"kernel/one.c": SOLVED["kernel/one.c"]}),       # lab 2 not done
        }
        expected = {"cat": 8, "dan": 8, "liz": 3}
        subs = self.top / "subs"
        subs.mkdir()
        scores: dict[str, dict[str, int]] = {"make grade": {}, "batch": {}, "gradescope": {}}
        for name, (branch, files) in class_.items():
            work = handin(self.top, self.release, name, branch, files)
            made = subprocess.run(["make", "-s", "grade"], cwd=work, capture_output=True,
                                  text=True, env=clean_env(MICA_QEMU=FAKE_QEMU), timeout=120)
            found = re.findall(r"^Score: (\d+)/8$", made.stdout, re.MULTILINE)
            self.assertTrue(found, made.stdout + made.stderr)
            scores["make grade"][name] = int(found[-1])
            shutil.copy(work / "handin-lab2.tar.gz", subs / f"{name}.tar.gz")
            document = self.autograde(lambda s, w=work: shutil.copy(w / "handin-lab2.tar.gz", s))
            scores["gradescope"][name] = document["score"]
        out = self.top / "batch-out"
        ran = subprocess.run([sys.executable, str(BATCH), str(subs), "--lab", "2", "-j", "2",
                              "--release", str(self.release), "--out", str(out)],
                             capture_output=True, text=True, timeout=120,
                             env=clean_env(MICA_QEMU=FAKE_QEMU))
        self.assertEqual(ran.returncode, 0, ran.stdout + ran.stderr)
        with open(out / "grades.csv", newline="") as f:
            scores["batch"] = {row["student"]: int(row["score"]) for row in csv.DictReader(f)}
        for grader, found in scores.items():
            self.assertEqual(found, expected, grader)
        cat = json.loads((out / "cat.json").read_text())
        self.assertEqual(cat["official_branch"], "lab2-catchup")
        self.assertEqual([h["path"] for h in cat["holes"]], ["user/two.c"])


@INSTRUCTORS_ONLY
class MakeZip(Bundle):
    """make-zip's refusals: one line, exit status 2."""

    def test_refusals(self) -> None:
        out = self.top / "a.zip"
        cases = {"has no branch lab3": ("--lab", "3"),
                 "the following arguments are required: --lab": ()}
        for message, args in cases.items():
            with self.subTest(message):
                done = make_zip(self.release, out, *args)
                self.assertEqual(done.returncode, 2)
                self.assertIn(message, done.stderr)
        done = make_zip(self.release, self.top / "no" / "a.zip", "--lab", "2")
        self.assertIn("existing directory", done.stderr)
        git(self.release, "checkout", "-q", "-b", "leaky")
        write(self.release / "solutions/kernel/one.c", "solved one\n")
        git(self.release, "add", ".")
        git(self.release, "commit", "-q", "-m", "oops")
        git(self.release, "branch", "-q", "-f", "lab2", "leaky")
        git(self.release, "checkout", "-q", "lab2")
        done = make_zip(self.release, out, "--lab", "2")
        self.assertEqual(done.returncode, 2)
        self.assertIn("holds solutions/", done.stderr)
        self.assertFalse(out.exists())
