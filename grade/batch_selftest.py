#!/usr/bin/env python3
"""Self-tests of tools/handin and grade/batch, on a tiny fake release.

Run: python3 grade/batch_selftest.py [-v]   (about 15 s; no kernel, no QEMU)

The fake release repository has a branch lab1 with one hole file,
kernel/answer.c, a Makefile that "builds" by copying that file to
build/kernel/kernel.elf (or fails, hangs or floods when the file says
so), the real grader with a two-test tests_lab1.py, and tools/handin and
labs/manifest.py from this tree.  A fake QEMU (MICA_QEMU) prints the
"kernel" file as the console, or hangs.  So a student's score depends only
on their hole file, and every step of grade/batch runs for real: archive
checks, bundle clone, hole restore, make, the grader, limits, clean-up.
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import unittest
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from grade import batch_release, sandbox  # noqa: E402

BATCH = ROOT / "grade" / "batch"
HANDIN = ROOT / "tools" / "handin"
GIT_ID = ["-c", "user.name=Self Test", "-c", "user.email=selftest@example.org"]
SECRET = "REFERENCE ONLY: never shown to a student"
PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]
EXPECTED_ISOLATION = sandbox.detect().description

# The hole is assembly (run through the C preprocessor): its .data is the
# "kernel", which the fake QEMU prints.  So a hole can #include, test
# __has_include and .incbin files, as a student's C can.
STUB = '/* lab 1: make the kernel give the answer */\n.data\n.ascii "booted\\nanswer -1\\n"\n'
GOOD = '.data\n.ascii "booted\\nanswer 42\\n"\n'

FAKE_QEMU = """\
import sys, time
kernel = open(sys.argv[sys.argv.index("-kernel") + 1], errors="replace").read()
sys.stdout.write(kernel)
sys.stdout.flush()
if "QEMU_HANG" in kernel:
    time.sleep(300)
sys.exit(1)        # guest status 0, as init's halt
"""

FAKE_BUILD = """\
set -e
src=kernel/answer.c
if grep -q BUILD_ERROR $src; then echo "$src:1:1: error: this does not compile" >&2; exit 1; fi
if grep -q BUILD_HANG $src; then echo hanging; sleep 300; fi
if grep -q BUILD_FLOOD $src; then yes "flood flood flood flood flood flood"; fi
if grep -q BUILD_SLOW $src; then sleep 2; fi
if grep -q BUILD_WAIT $src; then sleep 1; fi
mkdir -p "$1/kernel" "$1/user"
gcc -c -x assembler-with-cpp -o "$1/answer.o" $src
objcopy -O binary --only-section=.data "$1/answer.o" "$1/kernel/kernel.elf"
for p in vm ds init fakeprog; do : > "$1/user/$p"; done
"""

TESTS_LAB1 = """\
from grade.testdef import Test

TESTS: list[Test] = [
    Test("boot", 4, ("fakeprog",), expect=(r"^booted$",), lab=1, timeout=60),
    Test("answer", 6, ("fakeprog",), expect=(r"^answer 42$",), lab=1, timeout=60),
]
"""

LAB_TOML = """\
title = "Fake lab"
handout = "handout/lab1.md"
tests = "grade/tests_lab1.py"
points = 10
holes = ["kernel/answer.c"]
new_files = []
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def cheats(top: Path) -> list[tuple[str, str]]:
    """Students reading files at build time (doc/batch.md), and the
    reference they try to reach: a file of an instructor tree beside the
    batch, named as a student who read the grader would guess it."""
    reference = top / "instructor" / "solutions" / "kernel" / "answer.c"
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_text(f"/* {SECRET} */\n{GOOD}")
    stub = '.ascii "booted\\nanswer -1\\n"'
    classmate = "../../../aaron/work/kernel/answer.c"   # the batch's old job layout
    return [
        ("eve", '#include "/etc/passwd"\n'),
        ("fay", f'.data\n#if __has_include("{reference}")\n#include "{reference}"\n'
                f'#else\n{stub}\n#endif\n'),
        ("gus", f'.data\n.ascii "booted\\n"\n.incbin "{reference}"\n'),
        ("aaron", f"/* BUILD_SLOW */\n{GOOD}"),
        ("abe", f'/* BUILD_WAIT */\n.data\n#if __has_include("{classmate}")\n#include "{classmate}"\n'
                f'#else\n{stub}\n#endif\n'),
    ]


def fake_qemu(top: Path) -> str:
    """MICA_QEMU for the fake release: a path in the graded tree (the only
    place a sandboxed grader can see), named after top, so that every
    process of a job carries top's name in its environment."""
    return f"tools/fakeqemu-{top.name}.py"


def make_release(top: Path) -> Path:
    """The fake released repository, with a branch lab1."""
    repo = top / "release"
    files = {
        "Makefile": "BUILD ?= build\nall:\n\t@sh tools/fakebuild.sh $(BUILD)\n",
        ".gitignore": "build/\nhandin-lab*.tar.gz\n",
        "tools/fakebuild.sh": FAKE_BUILD,
        fake_qemu(top): FAKE_QEMU,
        "grade/tests_lab1.py": TESTS_LAB1,
        "labs/lab1/lab.toml": LAB_TOML,
        "handout/lab1.md": "# Fake lab\n",
        "kernel/answer.c": STUB,
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    # The real grader, with the fake lab's tests instead of the real ones.
    shutil.copytree(ROOT / "grade", repo / "grade", dirs_exist_ok=True, ignore=shutil.ignore_patterns(
        "tests_lab*", "batch*", "*selftest*", "fake*", "__pycache__", "gradescope"))
    for name in ("tools/symbolizer.py", "tools/seqchart.py", "tools/handin", "labs/manifest.py"):
        shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "--quiet", "--initial-branch=lab1")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "lab 1")
    return repo


def student_clone(top: Path, release: Path, name: str) -> Path:
    work = top / "students" / name
    git(top, "clone", "--quiet", "--branch", "lab1", str(release), str(work))
    return work


def handin(work: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(work / "tools" / "handin")], cwd=work,
                          capture_output=True, text=True, timeout=60)


def commit_and_handin(top: Path, release: Path, name: str,
                      changes: dict[str, str | None]) -> Path:
    """A student's clone with changes committed (None deletes), handed in."""
    work = student_clone(top, release, name)
    for path, text in changes.items():
        if text is None:
            (work / path).unlink()
        else:
            (work / path).write_text(text)
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", f"{name}'s work")
    done = handin(work)
    assert done.returncode == 0, done.stderr
    return work / "handin-lab1.tar.gz"


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def write_tar(path: Path, entries: list[tuple[tarfile.TarInfo, bytes | None]]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def regular(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def link(name: str, target: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def manifest(lab: int = 1, commit: str | None = None, base: bytes = b"") -> bytes:
    data = json.loads(base)
    data["lab"] = lab
    if commit is not None:
        data["commit"] = commit
    return json.dumps(data).encode()


def leftovers(marker: str) -> list[str]:
    """Live processes whose environment mentions marker (the name of our
    temp folder: in TMPDIR, or in MICA_QEMU inside a sandbox)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry.name}/environ").read_bytes()
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            cmdline = Path(f"/proc/{entry.name}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ and stat.rsplit(")", 1)[1].split()[0] not in "ZX":
            words = cmdline.split(b"\0")
            found.append(f"{entry.name}: {b' '.join(words).decode(errors='replace')}")
    return found


def batch_env(tmp: Path, top: Path, sandbox: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)
    env["MICA_QEMU"] = fake_qemu(top)
    env.pop("MICA_TESTS", None)
    env.pop("MICA_SANDBOX", None)
    if sandbox:
        env["MICA_SANDBOX"] = sandbox
    return env


class ReportPage(HTMLParser):
    """The bars of each chart of grade/batch_report.py's page (by the
    chart's id, each bar's tooltip) and the text of its table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: dict[str, list[str]] = {}
        self.cells: list[str] = []
        self._chart = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self._chart = dict(attrs).get("id") or ""
            self.bars[self._chart] = []
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in[-2:] == ["rect", "title"]:
            self.bars[self._chart].append(data)
        elif self._in and self._in[-1] == "td":
            self.cells.append(data)


class Batch(unittest.TestCase):
    """One batch run over every kind of submission."""

    top: Path
    tmp_holder: tempfile.TemporaryDirectory[str]
    release: Path
    proc: subprocess.CompletedProcess[str]
    rows: dict[str, dict[str, str]]
    out: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp_holder = tempfile.TemporaryDirectory(prefix="batch-selftest-")
        top = cls.top = Path(cls.tmp_holder.name)
        cls.release = release = make_release(top)
        subs = top / "subs"
        subs.mkdir()
        good = commit_and_handin(top, release, "alice", {"kernel/answer.c": GOOD})
        shutil.copy(good, subs / "alice.tar.gz")
        base = members(good)
        # bob changes the tests and the build, not the hole: that earns nothing.
        (subs / "bob").mkdir()
        cheat = TESTS_LAB1.replace("^answer 42$", "^booted$").replace("6,", "600,")
        shutil.copy(commit_and_handin(top, release, "bob", {"grade/tests_lab1.py": cheat}),
                    subs / "bob" / "whatever.tar.gz")
        for name, text in (("grace", "/* BUILD_ERROR */\n"), ("heidi", "/* BUILD_HANG */\n"),
                           ("ivan", "/* BUILD_FLOOD */\n"),
                           ("judy", '.data\n.ascii "booted\\nQEMU_HANG\\n"\n'),
                           ("oscar", None), *cheats(top)):
            shutil.copy(commit_and_handin(top, release, name, {"kernel/answer.c": text}),
                        subs / f"{name}.tar.gz")
        man, bundle = base["manifest.json"], base["mica.bundle"]
        write_tar(subs / "erin.tar.gz", [regular("manifest.json", manifest(2, base=man)),
                                         regular("mica.bundle", bundle)])
        (subs / "carol.tar.gz").write_text("this is not an archive\n")
        write_tar(subs / "dave.tar.gz", [regular("manifest.json", man),
                                         regular("mica.bundle", bundle),
                                         regular("../../../../escaped.txt", b"out!")])
        write_tar(subs / "abs.tar.gz", [regular(str(top / "absolute.txt"), b"out!"),
                                        regular("manifest.json", man)])
        write_tar(subs / "frank.tar.gz", [link("manifest.json", "/etc/passwd", tarfile.SYMTYPE),
                                          regular("mica.bundle", bundle)])
        write_tar(subs / "hank.tar.gz", [regular("mica.bundle", bundle),
                                         link("manifest.json", "mica.bundle", tarfile.LNKTYPE)])
        huge = tarfile.TarInfo("mica.bundle")
        huge.size = 300 * 1024 * 1024         # the header says so; the data is not there
        (subs / "ken.tar.gz").write_bytes(gzip.compress(huge.tobuf()))
        write_tar(subs / "peggy.tar.gz", [regular("manifest.json", man),
                                          regular("mica.bundle", b"not a bundle\n")])
        write_tar(subs / "quinn.tar.gz", [regular("manifest.json", manifest(commit="0" * 40,
                                                                            base=man)),
                                          regular("mica.bundle", bundle)])
        (subs / "mallory").mkdir()
        shutil.copy(good, subs / "mallory" / "one.tar.gz")
        shutil.copy(good, subs / "mallory" / "two.tar.gz")
        shutil.copy(good, subs / "bad name.tar.gz")
        (subs / "notes.txt").write_text("not a submission\n")

        cls.batch_tmp = top / "tmp"
        cls.batch_tmp.mkdir()
        cls.out = top / "out"
        cls.proc = subprocess.run(
            [sys.executable, str(BATCH), str(subs), "--lab", "1", "-j", "6",
             "--release", str(release), "--out", str(cls.out), "--html", str(top / "report.html"),
             "--build-timeout", "4", "--grade-timeout", "8"],
            env=batch_env(cls.batch_tmp, top), capture_output=True, text=True, timeout=120)
        with open(cls.out / "grades.csv", newline="") as f:
            cls.rows = {row["student"]: row for row in csv.DictReader(f)}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp_holder.cleanup()

    def student(self, name: str) -> dict[str, Any]:
        return json.loads((self.out / f"{name}.json").read_text())

    def assert_row(self, name: str, status: str, score: int, message: str = "") -> None:
        row = self.rows[name]
        self.assertEqual((row["status"], int(row["score"]), row["lab"], row["max_score"]),
                         (status, score, "1", "10"), row)
        self.assertIn(message, row["message"])
        self.assertEqual(self.student(name)["status"], status)

    def test_exit_and_skipped(self) -> None:
        self.assertEqual(self.proc.returncode, 1, self.proc.stderr)   # "bad name" was skipped
        self.assertIn("skipped bad name.tar.gz", self.proc.stderr)
        self.assertIn("skipped notes.txt", self.proc.stderr)
        self.assertNotIn("bad name", self.rows)

    def test_html_report(self) -> None:
        """The page's charts say what the JSON says: one histogram bar per
        tenth, as many students in them as were graded, full scores in the
        last; one pass-rate bar per test; the ungraded listed."""
        page = ReportPage()
        page.feed((self.top / "report.html").read_text())
        graded = [r for r in self.rows.values() if r["status"] == "graded"]
        bars = page.bars["histogram"]
        self.assertEqual(len(bars), 10)
        counts = [int(title.split(": ")[1].split()[0]) for title in bars]
        self.assertEqual(sum(counts), len(graded))
        self.assertEqual(counts[-1], sum(1 for r in graded if r["score"] == r["max_score"]))
        tests = {t["name"] for r in graded for t in self.student(r["student"])["tests"]}
        self.assertEqual({title.split(": ")[0] for title in page.bars["pass-rates"]}, tests)
        self.assertTrue(page.bars["slowest"])
        for name, row in self.rows.items():
            if row["status"] != "graded":
                self.assertIn(name, page.cells)
        self.assertNotIn("<script", (self.top / "report.html").read_text())
        self.assertNotRegex((self.top / "report.html").read_text(), r"(src|href)=\"https?:")

    def test_csv_sorted_and_complete(self) -> None:
        names = ["aaron", "abe", "abs", "alice", "bob", "carol", "dave", "erin", "eve", "fay",
                 "frank", "grace", "gus", "hank", "heidi", "ivan", "judy", "ken", "mallory",
                 "oscar", "peggy", "quinn"]
        text = (self.out / "grades.csv").read_text().splitlines()
        self.assertEqual(text[0], "student,lab,score,max_score,status,message")
        self.assertEqual([line.split(",")[0] for line in text[1:]], names)
        for name in names:
            self.assertTrue((self.out / f"{name}.json").is_file(), name)

    def test_good_submission(self) -> None:
        self.assert_row("alice", "graded", 10, "2/2 tests passed")
        result = self.student("alice")
        self.assertEqual([t["name"] for t in result["tests"]], ["boot", "answer"])
        self.assertTrue(all(t["passed"] for t in result["tests"]))
        self.assertEqual(result["holes"], [{"path": "kernel/answer.c", "from": "submission",
                                            "note": ""}])
        self.assertEqual(result["manifest"]["branch"], "lab1")
        self.assertEqual(result["official_commit"], git(self.release, "rev-parse", "lab1"))

    def test_only_hole_files_count(self) -> None:
        self.assert_row("bob", "graded", 4, "1/2 tests passed")
        answer = self.student("bob")["tests"][1]
        self.assertEqual((answer["name"], answer["max_points"]), ("answer", 6))
        self.assertIn("answer -1", answer["console_tail"])
        self.assertIn("not found", answer["reason"])

    def test_missing_hole_keeps_stub(self) -> None:
        self.assert_row("oscar", "graded", 4)
        self.assertIn("not in the submission", self.student("oscar")["holes"][0]["note"])

    def test_build_failure(self) -> None:
        self.assert_row("grace", "build_failed", 0, "error: this does not compile")
        self.assertTrue(any("does not compile" in line
                            for line in self.student("grace")["build_log_tail"]))

    def test_build_hang(self) -> None:
        self.assert_row("heidi", "timeout", 0, "build took more than 4s")

    def test_build_flood(self) -> None:
        self.assert_row("ivan", "build_failed", 0, "printed more than 8 MiB")
        self.assertLessEqual(len(json.dumps(self.student("ivan"))), 100_000)

    def test_grader_hang(self) -> None:
        self.assert_row("judy", "timeout", 0, "grading took more than 8s")

    def test_bad_archives(self) -> None:
        self.assert_row("carol", "bad_submission", 0, "not a readable .tar.gz")
        self.assert_row("erin", "bad_submission", 0, "handin is for lab 2, not lab 1")
        self.assert_row("dave", "bad_submission", 0, "'../../../../escaped.txt' escapes")
        self.assert_row("abs", "bad_submission", 0, "has an absolute path")
        self.assert_row("frank", "bad_submission", 0, "'manifest.json' is a link")
        self.assert_row("hank", "bad_submission", 0, "'manifest.json' is a link")
        self.assert_row("ken", "bad_submission", 0, "more than 209715200")
        self.assert_row("peggy", "bad_submission", 0, "not a git bundle")
        self.assert_row("quinn", "bad_submission", 0, "is not in mica.bundle")
        self.assert_row("mallory", "bad_submission", 0, "exactly one .tar.gz file, found 2")

    def test_nothing_escaped(self) -> None:
        found = [p for p in self.top.rglob("*") if p.name in ("escaped.txt", "absolute.txt")]
        self.assertEqual(found, [])

    def test_nothing_left_behind(self) -> None:
        self.assertEqual(leftovers(self.top.name), [])
        self.assertEqual(list(self.batch_tmp.iterdir()), [])

    def test_reading_the_machine(self) -> None:
        """#include "/etc/passwd" cannot put the file in the build log."""
        self.assert_row("eve", "build_failed", 0, "/etc/passwd: No such file")
        self.assertNotIn(PASSWD_LINE, json.dumps(self.student("eve")))
        # Had it been read, the assembler would quote its lines.
        self.assertFalse([line for line in self.student("eve")["build_log_tail"]
                          if line.startswith("/etc/passwd:")])

    def test_guessed_reference(self) -> None:
        """__has_include of the instructors' solutions/ finds nothing."""
        self.assert_row("fay", "graded", 4, "1/2 tests passed")

    def test_incbin_reference(self) -> None:
        """.incbin of a reference file fails; nothing of it is returned."""
        self.assert_row("gus", "build_failed", 0)
        self.assertNotIn(SECRET, json.dumps(self.student("gus")))

    def test_classmate(self) -> None:
        """A classmate graded at the same time (aaron) is out of reach."""
        self.assert_row("aaron", "graded", 10)
        self.assert_row("abe", "graded", 4, "1/2 tests passed")

    def test_isolation_and_paths(self) -> None:
        """Each result names its isolation; none shows the machine's paths."""
        for name in ("alice", "grace", "eve", "judy"):
            document = self.student(name)
            self.assertTrue(document["isolation"].startswith(EXPECTED_ISOLATION), document)
            text = json.dumps(document)
            self.assertNotIn(str(self.top), text)
            self.assertNotIn("/job/", text)
        self.assertTrue(any("<job>/work" in line for line in self.student("grace")["build_log_tail"]))
        self.assertIn(f"isolation: {EXPECTED_ISOLATION}", self.proc.stdout)


class Interrupt(unittest.TestCase):
    """Ctrl-C in the middle of a build and of a QEMU run kills them all."""

    def test_sigint(self) -> None:
        with tempfile.TemporaryDirectory(prefix="batch-selftest-") as name:
            top = Path(name)
            release = make_release(top)
            subs = top / "subs"
            subs.mkdir()
            for student, text in (("heidi", "/* BUILD_HANG */\n"),
                                  ("judy", '.data\n.ascii "booted\\nQEMU_HANG\\n"\n')):
                shutil.copy(commit_and_handin(top, release, student, {"kernel/answer.c": text}),
                            subs / f"{student}.tar.gz")
            tmp = top / "tmp"
            tmp.mkdir()
            proc = subprocess.Popen(
                [sys.executable, str(BATCH), str(subs), "--lab", "1", "-j", "2",
                 "--release", str(release), "--out", str(top / "out")],
                env=batch_env(tmp, top), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)
            try:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    running = " ".join(leftovers(top.name))
                    if "sleep 300" in running and "fakeqemu-" in running:
                        break
                    time.sleep(0.05)
                else:
                    self.fail(f"the hanging build and QEMU never started: {running}")
                proc.send_signal(signal.SIGINT)
                _, err = proc.communicate(timeout=20)
            finally:
                proc.kill()
            self.assertEqual(proc.returncode, 130, err)
            self.assertIn("SIGINT: stopped every job", err)
            self.assertEqual(leftovers(top.name), [])
            self.assertEqual(list(tmp.iterdir()), [])


class Isolation(unittest.TestCase):
    """grade/sandbox.py itself: what a job's command can reach."""

    def setUp(self) -> None:
        holder = tempfile.TemporaryDirectory(prefix="sandbox-selftest-")
        self.addCleanup(holder.cleanup)
        self.top = Path(holder.name)

    def two_jobs(self, box: sandbox.Sandbox) -> tuple[sandbox.Job, Path]:
        """Job A, and the path of a secret in job B (graded at the same time)."""
        mine, other = box.new_job(self.top), box.new_job(self.top)
        (mine.path / "work").mkdir()
        secret = other.path / "build" / "answer.c"
        secret.write_text(SECRET)
        if other.uid is not None:
            os.chown(secret, other.uid, other.uid)
        return mine, secret

    def run_in(self, box: sandbox.Sandbox, job: sandbox.Job, script: str) -> str:
        view = box.view(job.path)
        wrapped = box.command(job, ["sh", "-c", script], view / "work",
                              {"PATH": box.search_path(), "HOME": str(view / "home")})
        proc = sandbox.popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out, _ = proc.communicate(timeout=30)
        return out.decode(errors="replace")

    def test_bubblewrap(self) -> None:
        box = sandbox.detect()
        if not box.kind.startswith("bubblewrap"):
            self.skipTest(f"bubblewrap does not work here ({box.kind} is used)")
        job, secret = self.two_jobs(box)
        said = self.run_in(box, job, f"""
            cat {secret} /etc/passwd {ROOT / 'README.md'} 2>/dev/null || echo unreadable
            ls / | tr '\\n' ' '; echo
            touch /job/work/x 2>/dev/null || echo read-only
            touch /job/build/x && echo writable
            ls /root /home 2>/dev/null || echo hidden""")
        self.assertNotIn(SECRET, said)
        self.assertEqual(said.split("\n")[0], "unreadable")
        self.assertLessEqual(set(said.split("\n")[1].split()),
                             {"bin", "dev", "etc", "job", "lib", "lib32", "lib64", "libx32",
                              "proc", "sbin", "tmp", "usr"} |
                             {Path(p).parts[1] for p in box.toolchain})
        self.assertEqual(said.split("\n")[2:5], ["read-only", "writable", "hidden"])

    def test_user_per_job(self) -> None:
        if os.geteuid() != 0:
            self.skipTest("the user kind needs root")
        box = sandbox.Sandbox(kind="user", python=sandbox.detect().python)
        job, secret = self.two_jobs(box)
        said = self.run_in(box, job, f"cat {secret} 2>/dev/null || echo unreadable; id -u; "
                                     f"touch {job.path}/build/x && echo writable")
        self.assertEqual(said.split(), ["unreadable", str(job.uid), "writable"])
        self.assertNotIn(SECRET, said)

    def test_batch_as_user_per_job(self) -> None:
        """The fallback where namespaces are missing grades end to end."""
        if os.geteuid() != 0:
            self.skipTest("the user kind needs root")
        release = make_release(self.top)
        subs = self.top / "subs"
        subs.mkdir()
        shutil.copy(commit_and_handin(self.top, release, "alice", {"kernel/answer.c": GOOD}),
                    subs / "alice.tar.gz")
        tmp = self.top / "tmp"
        tmp.mkdir()
        os.chmod(self.top, 0o711)      # the jobs' users must reach TMPDIR, as in /tmp
        done = subprocess.run([sys.executable, str(BATCH), str(subs), "--lab", "1", "--release",
                               str(release), "--out", str(self.top / "out")], text=True,
                              env=batch_env(tmp, self.top, "user"), capture_output=True,
                              timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        result = json.loads((self.top / "out" / "alice.json").read_text())
        self.assertEqual((result["status"], result["score"]), ("graded", 10), result)
        self.assertTrue(result["isolation"].startswith("a user of its own"))
        self.assertEqual(list(tmp.iterdir()), [])

    def test_choice(self) -> None:
        with mock.patch.dict(os.environ, {"MICA_SANDBOX": "bogus"}):
            with self.assertRaisesRegex(sandbox.SandboxError, "not one of bubblewrap"):
                sandbox.detect()
        with mock.patch.dict(os.environ, {"MICA_SANDBOX": "none"}):
            self.assertEqual(sandbox.detect().kind, "none")
        shown = sandbox.scrub({"a": [f"{self.top}/job-x/work/k.c:1: error", "/job/build/x",
                                     "/jobs"]}, self.top / "job-x")
        self.assertEqual(shown, {"a": ["<job>/work/k.c:1: error", "<job>/build/x", "/jobs"]})


class Handin(unittest.TestCase):
    """tools/handin: refuses uncommitted work, writes the two members."""

    def setUp(self) -> None:
        holder = tempfile.TemporaryDirectory(prefix="handin-selftest-")
        self.addCleanup(holder.cleanup)
        self.top = Path(holder.name)
        self.work = student_clone(self.top, make_release(self.top), "sam")

    def test_archive(self) -> None:
        done = handin(self.work)
        self.assertEqual(done.returncode, 0, done.stderr)
        head = git(self.work, "rev-parse", "HEAD")
        self.assertIn(f"commit {head}", done.stdout)
        archive = self.work / "handin-lab1.tar.gz"
        got = members(archive)
        self.assertEqual(sorted(got), ["manifest.json", "mica.bundle"])
        data = json.loads(got["manifest.json"])
        self.assertEqual({k: data[k] for k in ("lab", "commit", "branch", "format")},
                         {"lab": 1, "commit": head, "branch": "lab1", "format": 1})
        self.assertRegex(data["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        bundle = self.top / "x.bundle"
        bundle.write_bytes(got["mica.bundle"])
        git(self.work, "bundle", "verify", "--quiet", str(bundle))
        self.assertEqual(git(self.work, "status", "--porcelain"), "")   # the archive is ignored
        self.assertEqual(handin(self.work).returncode, 0)                # and does not block

    def test_detached_head(self) -> None:
        git(self.work, "checkout", "--quiet", "--detach")
        self.assertEqual(handin(self.work).returncode, 0)
        data = json.loads(members(self.work / "handin-lab1.tar.gz")["manifest.json"])
        self.assertIsNone(data["branch"])

    def test_refuses_uncommitted(self) -> None:
        for change in ("modified", "staged", "untracked"):
            with self.subTest(change):
                name = "kernel/answer.c" if change != "untracked" else "new.c"
                path = self.work / name
                path.write_text("changed\n")
                if change == "staged":
                    git(self.work, "add", "kernel/answer.c")
                done = handin(self.work)
                self.assertEqual(done.returncode, 1)
                self.assertIn("uncommitted work", done.stderr)
                self.assertIn(f"1 file(s): {name};", done.stderr)
                self.assertEqual(len(done.stderr.splitlines()), 1)
                self.assertFalse((self.work / "handin-lab1.tar.gz").exists())
                git(self.work, "reset", "--quiet", "--hard")
                (self.work / "new.c").unlink(missing_ok=True)


class Usage(unittest.TestCase):
    """Bad options and inputs: one line, exit status 2."""

    def run_batch(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(BATCH), *args], capture_output=True,
                              text=True, timeout=60)

    def test_errors(self) -> None:
        with tempfile.TemporaryDirectory(prefix="batch-selftest-") as name:
            top = Path(name)
            release = make_release(top)
            (top / "empty").mkdir()
            out = str(top / "out")
            cases = {
                "is not a directory": [str(top / "none"), "--lab", "1", "--out", out],
                "no branch lab2": [name, "--lab", "2", "--release", str(release), "--out", out],
                "is not a git repository": [name, "--lab", "1", "--release", name, "--out", out],
                "must be at least 1": [name, "--lab", "1", "-j", "0"],
                "more than 0 seconds": [name, "--lab", "1", "--build-timeout", "-1"],
                "must not be the submissions": [name, "--lab", "1", "--out", name],
                "no submissions in": [str(top / "empty"), "--lab", "1", "--release", str(release),
                                      "--out", out],
            }
            for message, args in cases.items():
                with self.subTest(message):
                    done = self.run_batch(*args)
                    self.assertEqual(done.returncode, 2, done.stderr)
                    self.assertIn(message, done.stderr)
                    self.assertEqual(done.stdout, "")
            self.assertFalse(Path(out).exists())

    def test_default_release_runs_labs_release(self) -> None:
        with tempfile.TemporaryDirectory(prefix="batch-selftest-") as name:
            top = Path(name)
            release = make_release(top)
            tool = top / "instructor" / "labs" / "release"
            tool.parent.mkdir(parents=True)
            tool.write_text(textwrap.dedent(f"""\
                #!/bin/sh
                [ "$1" = --out ] && git clone --quiet --bare {release} "$2"
                """))
            tool.chmod(0o755)
            made = batch_release.make_release(top / "instructor", top / "made")
            official = batch_release.load_official(made, 1, top / "tree")
            self.assertEqual((official.holes, official.max_score), (("kernel/answer.c",), 10))
            tool.write_text("#!/bin/sh\necho 'release: no solutions' >&2\nexit 1\n")
            with self.assertRaisesRegex(batch_release.ReleaseError, "no solutions"):
                batch_release.make_release(top / "instructor", top / "made2")


if __name__ == "__main__":
    unittest.main()
