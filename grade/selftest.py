#!/usr/bin/env python3
"""Self-tests of the grader, against grade/fake_qemu.py instead of QEMU.

Run: python3 grade/selftest.py [-v]   (needs neither the kernel nor QEMU)
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from grade import qemu, registry, runner  # noqa: E402
from grade.report import use_color  # noqa: E402
from grade.selftest_gradescope import Gradescope, MakeZip, check_gradescope  # noqa: E402,F401
from grade.runner import Console, RunResult  # noqa: E402
from grade.testdef import DEFAULT_FAIL, Test, problems  # noqa: E402
from grade.verdict import guest_status, judge  # noqa: E402

GRADE = ROOT / "grade" / "grade"
FAKE_QEMU = ROOT / "grade" / "fake_qemu.py"
FAKE_PROGRAMS = ("fakepass", "fakeecho", "fakehang", "fakepanic", "fakereset", "fakenoboot",
                 "fakeflood", "fakelines",
                 "fakestatus3", "fakestatus112", "fakeqemuerror", "fakecrash", "fakechild",
                 "fakewatchdog", "fakeflaky")
JSON_KEYS = {"name", "lab", "group", "points", "max_points", "passed", "error", "reason",
             "seconds", "exit_status", "log_path", "dump"}



def make_build(directory: Path) -> Path:
    """An empty-file build tree with everything the fake tests name."""
    build = directory / "build"
    (build / "kernel").mkdir(parents=True)
    (build / "user").mkdir()
    (build / "kernel" / "kernel.elf").touch()
    for name in ("vm", "ds", "init", *FAKE_PROGRAMS):
        (build / "user" / name).touch()
    return build


def grade(args: list[str], *, tests: str | None = "grade.fake_tests",
          env: dict[str, str] | None = None,
          timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the grader as a user would, with the fake QEMU."""
    return subprocess.run([sys.executable, str(GRADE), *args], env=grade_env(tests, env),
                          capture_output=True, text=True, timeout=timeout)


def grade_env(tests: str | None, extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MICA_TESTS", None)
    env["MICA_QEMU"] = str(FAKE_QEMU)
    if tests:
        env["MICA_TESTS"] = tests
    env.update(extra or {})
    return env


def alive(pid: int) -> bool:
    """Whether pid is a live process (a zombie counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def fake_pids(piddir: Path) -> list[int]:
    return [int(p.name) for p in piddir.iterdir()]


def wait_until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def write_module(directory: Path, name: str, body: str) -> None:
    source = "from grade.testdef import Test\n" + textwrap.dedent(body)
    (directory / f"{name}.py").write_text(source)


class FakeSuite(unittest.TestCase):
    """All of grade/fake_tests.py in one parallel grader run."""

    tmp: tempfile.TemporaryDirectory[str]
    proc: subprocess.CompletedProcess[str]
    results: dict[str, dict[str, Any]]
    document: dict[str, Any]
    piddir: Path
    build: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        top = Path(cls.tmp.name)
        cls.build = make_build(top)
        cls.piddir = top / "pids"
        cls.piddir.mkdir()
        json_path = top / "results.json"
        cls.junit = top / "junit.xml"
        cls.gradescope = top / "gradescope.json"
        cls.proc = grade(["-j", "8", "--seed", "4242", "--build", str(cls.build), "--json", str(json_path),
                          "--junit", str(cls.junit), "--gradescope", str(cls.gradescope)],
                         env={"MICA_FAKE_PIDDIR": str(cls.piddir)})
        cls.document = json.loads(json_path.read_text())
        cls.results = {t["name"]: t for t in cls.document["tests"]}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def check(self, name: str, passed: bool, reason: str = "", error: bool = False) -> dict[str, Any]:
        result = self.results[name]
        self.assertEqual(result["passed"], passed, result)
        self.assertEqual(result["error"], error, result)
        self.assertIn(reason, result["reason"])
        if passed:
            self.assertEqual(result["reason"], "")
            self.assertEqual(result["points"], result["max_points"])
        else:
            self.assertEqual(result["points"], 0)
        return result

    def test_pass(self) -> None:
        result = self.check("pass", True)
        self.assertEqual(result["exit_status"], 0)
        self.assertEqual(result["points"], 3)

    def test_arguments_and_cpus(self) -> None:
        self.check("args", True)

    def test_missing_expected_line(self) -> None:
        self.check("missing", False, "expected /four/ not found after line 4 (matched /one/)")

    def test_out_of_order_lines(self) -> None:
        self.check("order", False, "expected /one/ not found after line 6 (matched /three/)")
        self.assertIn("appears earlier, at line 4", self.results["order"]["reason"])

    def test_fail_on(self) -> None:
        self.check("failon", False, "line 5 matches fail_on /tw[o]/: 'fakepass: two'")

    def test_default_fail_on(self) -> None:
        self.check("defaultfail", False, r"matches fail_on /\bFAIL\b/")

    def test_wall_clock_backstop(self) -> None:
        result = self.check("hang", False, "timeout (wall clock backstop) after 2.03s: the "
                                           "kernel's watchdog never stopped it")
        self.assertGreaterEqual(result["seconds"], 2.0)
        self.assertLess(result["seconds"], 6.0)
        self.assertIsNone(result["exit_status"])
        self.assertEqual(result["dump"], [])

    def test_watchdog_hang(self) -> None:
        result = self.check("watchdog", False, "hang: still running after 50 ticks of guest time")
        self.assertEqual(result["exit_status"], 0x72)
        dump = [line for line in result["dump"] if not line.startswith("    ")]
        self.assertEqual(dump, [
            "kernel: watchdog: still running after 50 ticks of guest time: hang",
            "kernel: dump: process table at tick 50:",
            "kernel: dump: vm(128): receiving from ANY, eip 0x4000094b",
            "kernel: dump: fakewatchdog(130): SENDREC: waiting for the reply from vm(128), eip 0x40000046",
            "kernel: dump: no cycle of waits"])
        # The terminal shows the dump under the verdict, the console after it.
        self.assertRegex(self.proc.stdout, r"(?m)^FAIL  watchdog +\(0/1\)  hang: .*\n"
                                           r"    the kernel's process dump:\n"
                                           r"    kernel: watchdog: still running after 50 ticks")
        gradescope = json.loads(self.gradescope.read_text())
        output = next(t["output"] for t in gradescope["tests"] if t["name"].endswith("/ watchdog"))
        self.assertIn("The kernel's process dump:\nkernel: watchdog:", output)

    def test_expected_watchdog(self) -> None:
        self.assertEqual(self.check("wantwatchdog", True)["exit_status"], 0x72)

    def test_host_time_with_reason(self) -> None:
        self.check("hosttime", True)

    def test_panic(self) -> None:
        self.check("panic", False, "kernel panic at line 8: 'kernel: panic: x'")

    def test_panic_status_without_line(self) -> None:
        self.check("panicstatus", False, "kernel panic (guest status 0x70)")

    def test_expected_panic(self) -> None:
        self.assertEqual(self.check("wantpanic", True)["exit_status"], 0x70)

    def test_triple_fault(self) -> None:
        """The reason, then the exceptions before the reset, from the run
        again with -d int; QEMU's logs of both runs are kept."""
        result = self.check("reset", False, "triple fault (machine reset)")
        self.assertEqual(result["dump"], [
            "vector 0x0e (page fault), error code 0x2, eip 0x00101234, cr2 0xdeadbeef; "
            "protected mode, 32-bit code, paging on, cpl 0 (kernel)",
            "vector 0x08 (double fault), error code 0x0, eip 0x00101234; "
            "protected mode, 32-bit code, paging on, cpl 0 (kernel)",
            "then a page fault (0x0e) while delivering the double fault: triple fault, the CPU resets"])
        self.assertRegex(self.proc.stdout, r"(?m)^FAIL  reset +\(0/1\)  triple fault \(machine reset\)\n"
                                           r"    the last exceptions before the reset \(the run again, "
                                           r"with QEMU -d int\):\n    vector 0x0e \(page fault\)")
        self.assertIn("Triple fault", (self.build / "grade" / "reset.qemu.log").read_text())
        self.assertIn("v=0e", (self.build / "grade" / "reset.int.qemu.log").read_text())
        self.assertNotIn("v=0e", (self.build / "grade" / "reset.qemu.log").read_text())

    def test_never_booted(self) -> None:
        result = self.check("noboot", False, "never booted: the kernel never printed its boot banner "
                                             "(mica: N MiB of RAM, ...); then: triple fault (machine reset)")
        dump = result["dump"]
        self.assertEqual(dump[:4], ["its stderr:", "    fake: no multiboot info",
                                    "the end of its log (-d cpu_reset):", "    CPU Reset (CPU 0)"])
        self.assertIn("    Triple fault", dump)
        title = dump.index("the last exceptions before the reset (the run again, with QEMU -d int):")
        self.assertTrue(dump[title + 1].startswith("    vector 0x0e (page fault), error code 0x2, "
                                                   "eip 0x00100010"), dump)
        self.assertRegex(self.proc.stdout, r"(?m)^FAIL  noboot .*\n    what QEMU said:\n    its stderr:\n")

    def test_wrong_exit_status(self) -> None:
        result = self.check("status", False, "exit status 3, expected 0")
        self.assertEqual(result["exit_status"], 3)

    def test_expected_exit_status(self) -> None:
        self.check("status3", True)

    def test_output_flood(self) -> None:
        result = self.check("flood", False, "output limit reached (4 MiB or ")
        self.assertEqual(Path(result["log_path"]).stat().st_size, runner.OUTPUT_LIMIT)
        self.assertIsNone(result["exit_status"])

    def test_line_flood(self) -> None:
        result = self.check("lines", False, "output limit reached")
        log = Path(result["log_path"]).read_bytes()
        self.assertEqual(log.count(b"\n"), runner.LINE_LIMIT)
        self.assertTrue(log.endswith(b"x.\n"))

    def test_qemu_start_failure(self) -> None:
        self.check("qemuerror", False, "QEMU failed: qemu-system-i386: could not load", error=True)

    def test_qemu_even_exit_code(self) -> None:
        self.check("qemucrash", False, "QEMU failed: qemu-system-i386:", error=True)

    def test_leftover_child_neither_delays_nor_survives(self) -> None:
        result = self.check("child", True)
        self.assertLess(result["seconds"], 5.0)

    def test_no_fake_qemu_survives(self) -> None:
        pids = fake_pids(self.piddir)
        self.assertGreaterEqual(len(pids), len(self.results))   # every fake, and the child
        self.assertTrue(wait_until(lambda: not any(alive(p) for p in pids), 5),
                        [p for p in pids if alive(p)])

    def test_json_document(self) -> None:
        doc = self.document
        names = [t["name"] for t in doc["tests"]]
        from grade import fake_tests
        # The lab's own tests first, then the regression tests, each in declaration order.
        self.assertEqual(names, [t.name for t in fake_tests.TESTS if t.lab == 2]
                         + [t.name for t in fake_tests.TESTS if t.lab == 1])
        for test in doc["tests"]:
            self.assertEqual(set(test), JSON_KEYS)
        self.assertEqual(self.results["lab2"]["lab"], 2)
        self.assertEqual(doc["score"], sum(t["points"] for t in doc["tests"]))
        self.assertEqual(doc["max_score"], sum(t.points for t in fake_tests.TESTS))
        self.assertEqual(doc["total"], len(names))
        self.assertEqual(doc["passed"] + doc["failed"] + doc["errors"], doc["total"])
        self.assertEqual(doc["errors"], 2)
        self.assertTrue(self.results["pass"]["log_path"].endswith("/grade/pass.log"))
        # The fake tests have no manifests: their highest lab, 2, is current.
        self.assertEqual(doc["lab"], 2)
        self.assertEqual([g["name"] for g in doc["groups"]], ["lab 2", "regression (lab 1)"])
        self.assertEqual(sum(g["score"] for g in doc["groups"]), doc["score"])
        self.assertEqual(sum(g["max_score"] for g in doc["groups"]), doc["max_score"])
        self.assertEqual(self.results["lab2"]["group"], "lab 2")
        self.assertEqual(self.results["pass"]["group"], "regression (lab 1)")

    def test_junit(self) -> None:
        root = ET.parse(self.junit).getroot()
        self.assertEqual(root.tag, "testsuites")
        suites = {s.get("name"): s for s in root}
        self.assertEqual(list(suites), ["lab1", "lab2"])
        self.assertEqual(int(root.get("tests", "")), self.document["total"])
        self.assertEqual(int(root.get("errors", "")), 2)
        cases = {c.get("name"): c for c in root.iter("testcase")}
        self.assertEqual(set(cases), set(self.results))
        self.assertEqual(cases["pass"].get("classname"), "lab1")
        self.assertEqual(list(cases["pass"]), [])
        failure = cases["status"].find("failure")
        assert failure is not None
        self.assertEqual(failure.get("message"), "exit status 3, expected 0")
        self.assertIn("fakepass: three", failure.text or "")
        self.assertIsNotNone(cases["qemuerror"].find("error"))
        for case in cases.values():
            float(case.get("time", ""))

    def test_gradescope(self) -> None:
        doc = json.loads(self.gradescope.read_text())
        check_gradescope(self, doc)
        self.assertEqual(doc["score"], self.document["score"])
        tests = {t["name"]: t for t in doc["tests"]}
        self.assertEqual(tests["lab 2 / lab2"]["status"], "passed")
        failed = tests["regression lab 1 / status"]
        self.assertEqual((failed["status"], failed["score"], failed["max_score"]), ("failed", 0, 1))
        self.assertIn("exit status 3, expected 0", failed["output"])
        self.assertNotIn("process dump", failed["output"])
        self.assertIn("fakepass: three", failed["output"])
        self.assertTrue(doc["output"].endswith(f"Score: {doc['score']}/{self.document['max_score']}"))
        self.assertTrue(doc["output"].startswith("Seed: 4242 (grade --seed 4242 repeats this run)\n"))

    def test_seed_in_json_and_junit(self) -> None:
        self.assertEqual(self.document["seed"], 4242)
        root = ET.parse(self.junit).getroot()
        for suite in root:
            seeds = [p.get("value") for p in suite.iter("property") if p.get("name") == "seed"]
            self.assertEqual(seeds, ["4242"])

    def test_logs(self) -> None:
        log = (self.build / "grade" / "pass.log").read_bytes()
        self.assertIn(b"fake: smp=1\r\n", log)       # the console as it came
        self.assertIn(b"fakepass: bytes \xff\xfe\n", log)

    def test_output(self) -> None:
        out = self.proc.stdout
        self.assertEqual(self.proc.returncode, 2, self.proc.stderr)   # errors among the tests
        self.assertNotIn("\033", out)                               # not a terminal: no colour
        self.assertRegex(out, r"(?m)^PASS  pass +\(3/3\)  \d+\.\ds$")
        self.assertRegex(out, r"(?m)^FAIL  status +\(0/1\)  exit status 3, expected 0\n"
                              r"(    .*\n)*    fakepass: three\n")
        self.assertRegex(out, r"(?m)^ERROR qemuerror +\(0/1\)  QEMU failed: ")
        score = self.document["score"]
        groups = self.document["groups"]
        self.assertTrue(out.endswith(
            "".join(f"{g['name']}: {g['score']}/{g['max_score']}\n" for g in groups)
            + f"Score: {score}/{self.document['max_score']}\n"))
        # The lab's own group comes first, then the regression tests.
        self.assertTrue(out.startswith("grade: seed 4242 (grade --seed 4242 repeats this run)\n"
                                       "== lab 2 ==\nPASS  lab2 "), out[:200])
        self.assertEqual(out.count("== regression (lab 1) ==\n"), 1)


class Cli(unittest.TestCase):
    """Selection, setup checks and exit statuses."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        self.addCleanup(tmp.cleanup)
        self.top = Path(tmp.name)
        self.build = make_build(self.top)

    def test_all_passed_exits_0(self) -> None:
        proc = grade(["-t", "pass", "-t", "status3", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertTrue(proc.stdout.endswith("Score: 4/4\n"))

    def test_a_failure_exits_1(self) -> None:
        proc = grade(["-t", "pass", "-t", "status", "-j", "1", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertTrue(proc.stdout.endswith("Score: 3/4\n"))

    def test_unknown_test_name(self) -> None:
        proc = grade(["-t", "pass", "-t", "nosuch", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, "grade: no test named 'nosuch' (try --list)\n")

    def test_lab_selection(self) -> None:
        from grade import fake_tests
        lab1 = [t.name for t in fake_tests.TESTS if t.lab == 1]
        proc = grade(["--lab", "2", "--list"])
        self.assertEqual(proc.returncode, 0)
        self.assertEqual([line.split()[0] for line in proc.stdout.splitlines()], ["lab2", *lab1])
        proc = grade(["--lab", "1", "--list"])
        self.assertEqual([line.split()[0] for line in proc.stdout.splitlines()], lab1)
        proc = grade(["--lab", "7", "--build", str(self.build)])
        self.assertEqual((proc.returncode, proc.stderr), (2, "grade: no tests in lab 7\n"))
        proc = grade(["--lab", "1", "-t", "lab2", "--list"])
        self.assertEqual((proc.returncode, proc.stderr),
                         (2, "grade: test 'lab2' is in lab 2; lab 1 grades labs 1..1\n"))

    def test_lab_groups(self) -> None:
        proc = grade(["--lab", "1", "-t", "pass", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"^grade: seed \d+ .*\n== lab 1 ==\nPASS  pass .*\nlab 1: 3/3\nScore: 3/3\n$")
        proc = grade(["-t", "pass", "-t", "lab2", "-t", "status", "-j", "3",
                      "--build", str(self.build)])
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stdout, r"^grade: seed \d+ .*\n== lab 2 ==\nPASS  lab2 .*\n== regression \(lab 1\) ==\n")
        self.assertTrue(proc.stdout.endswith("lab 2: 0/0\nregression (lab 1): 3/4\nScore: 3/4\n"))

    def test_bad_result_paths(self) -> None:
        cases = {
            ("--json", str(self.top / "nodir" / "r.json")): "does not exist",
            ("--junit", str(self.top)): "is a directory",
            ("--gradescope", ""): "is a directory",
        }
        for (option, path), message in cases.items():
            with self.subTest(option=option, path=path):
                proc = grade([option, path, "-t", "hang", "--build", str(self.build)], timeout=10)
                self.assertEqual(proc.returncode, 2)
                self.assertEqual(proc.stdout, "")       # failed before any test ran
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                self.assertIn(f"grade: {option} {path}: ", proc.stderr)
                self.assertIn(message, proc.stderr)
        same = str(self.top / "r.json")
        proc = grade(["--json", same, "--gradescope", same, "--build", str(self.build)])
        self.assertEqual((proc.returncode, proc.stderr),
                         (2, f"grade: --json and --gradescope name the same file {same}\n"))

    def test_list_of_the_real_labs(self) -> None:
        proc = grade(["--list"], tests=None)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"(?m)^boot +lab 1 +\d+ pts")

    def test_missing_build_file(self) -> None:
        (self.build / "user" / "fakepass").unlink()
        proc = grade(["-t", "pass", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.splitlines()), 1)
        self.assertIn(f"{self.build}/user/fakepass not found", proc.stderr)
        self.assertIn("make", proc.stderr)

    def test_lab_score_only(self) -> None:
        """make test on a lab branch: the lab's own tests give a score, and
        the regression tests the exit status once the lab's tests pass."""
        write_module(self.top, "score_only", """
            TESTS = [
                Test("own", 1, ("fakepass", "fakestatus3"), lab=2),
                Test("ownok", 1, ("fakepass",), lab=2),
                Test("old", 1, ("fakepass",), lab=1),
                Test("broken", 1, ("fakepass", "fakestatus3"), lab=1),
            ]
        """)
        def run(*names: str, score_only: bool = True) -> subprocess.CompletedProcess[str]:
            return grade([*(a for n in names for a in ("-t", n)), "--build", str(self.build),
                          *(["--lab-score-only"] if score_only else [])],
                         tests="score_only", env={"PYTHONPATH": str(self.top)})
        proc = run("own", "old", "broken")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("\ngrade: lab 2's own tests give its score, not the exit status", proc.stdout)
        self.assertIn("\ngrade: 1 regression test(s) failed, not counted until lab 2's tests "
                      "pass", proc.stdout)
        self.assertTrue(proc.stdout.endswith("lab 2: 0/1\nregression (lab 1): 1/2\nScore: 1/3\n"),
                        proc.stdout)
        proc = run("ownok", "old", "broken")
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertNotIn("not counted", proc.stdout)
        proc = run("own", "ownok", "old", "broken")     # one own test failing is enough
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        proc = run("own", "old", score_only=False)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertNotIn("not the exit status", proc.stdout)

    def test_missing_kernel(self) -> None:
        (self.build / "kernel" / "kernel.elf").unlink()
        proc = grade(["-t", "pass", "--build", str(self.build)])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("kernel/kernel.elf not found", proc.stderr)

    def test_missing_qemu(self) -> None:
        env = grade_env(None, {"PATH": str(self.top)})
        del env["MICA_QEMU"]
        proc = subprocess.run([sys.executable, str(GRADE), "--build", str(self.build)],
                              env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, "grade: qemu-system-i386 not found on PATH "
                                      "(run tools/install-deps)\n")

    def test_bad_seed(self) -> None:
        for bad in ("-1", "x", str(1 << 32)):
            proc = grade(["--seed", bad, "--list"])
            self.assertEqual(proc.returncode, 2)
            self.assertIn("--seed", proc.stderr)

    def test_bad_job_count(self) -> None:
        proc = grade(["-j", "0", "--list"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("must be at least 1", proc.stderr)

    def test_repeat(self) -> None:
        """--repeat N: every run compared with the first; a flaky test is named."""
        write_module(self.top, "flaky_tests", """
            TESTS = [Test("flaky", 1, ("fakeflaky",)), Test("steady", 1, ("fakepass",))]
        """)
        env = {"PYTHONPATH": str(self.top)}
        proc = grade(["--repeat", "3", "-j", "1", "--build", str(self.build)],
                     tests="flaky_tests", env=env)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        lines = proc.stdout.splitlines()
        start = lines.index("== repeat: every test 3 times, each run compared with the first ==")
        self.assertEqual(len([line for line in lines if line.startswith("DIFFERS ")]), 2, proc.stdout)
        self.assertRegex(lines[start + 1], r"^DIFFERS flaky: run 2: console line 4: "
                                           r"'fakeflaky: run 2' \(run 1: 'fakeflaky: run 1'\)")
        self.assertRegex(lines[start + 2], r"^DIFFERS flaky: run 3: verdict FAIL "
                                           r"'exit status 3, expected 0' \(run 1: PASS\)")
        self.assertEqual(lines[start + 3], "repeat: 1 of 2 tests differ between runs")
        self.assertEqual(lines[-1], "Score: 2/2")          # the first runs are scored
        self.assertTrue((self.build / "grade" / "flaky.run3.log").is_file())
        proc = grade(["--repeat", "2", "-t", "steady", "--build", str(self.build)],
                     tests="flaky_tests", env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("\nrepeat: no test differs between runs (1 tested)\nlab 1: 1/1\n",
                      proc.stdout)

    def test_trace(self) -> None:
        """--trace: a failing test runs again traced and gets a chart; a
        passing one does not."""
        logs = self.top / "tracelogs"
        proc = grade(["-t", "watchdog", "-t", "pass", "--build", str(self.build), "--trace",
                      "--keep-logs", str(logs)])
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(f"(sequence chart: {logs / 'watchdog.trace.html'})", proc.stdout)
        page = (logs / "watchdog.trace.html").read_text()
        self.assertIn('data-lane="fakewatchdog(130)"', page)
        self.assertIn('data-from="fakewatchdog(130)" data-to="vm(128)"', page)
        self.assertFalse((logs / "pass.trace.html").exists())

    def test_keep_logs(self) -> None:
        logs = self.top / "logs"
        proc = grade(["-t", "pass", "--build", str(self.build), "--keep-logs", str(logs)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(b"fakepass: three", (logs / "pass.log").read_bytes())


class InvalidDefinitions(unittest.TestCase):
    """Bad test lists are refused with one line and exit status 2."""

    CASES: dict[str, tuple[str, str]] = {
        "duplicate": ('TESTS = [Test("a", 1, ("x",)), Test("a", 1, ("y",))]',
                      "test name 'a' declared twice"),
        "name": ('TESTS = [Test("Bad-Name", 1, ("x",))]',
                 "test 'Bad-Name': name 'Bad-Name' must match [a-z0-9_]+"),
        "regex": ('TESTS = [Test("a", 1, ("x",), expect=("(",))]',
                  "test 'a': expect regex '(' does not compile"),
        "comma": ('TESTS = [Test("a", 1, ("x a,b",))]', "must not contain commas"),
        "string": ('TESTS = [Test("a", 1, ("x"))]', "not a single string"),
        "slash": ('TESTS = [Test("a", 1, ("../x",))]', "plain file name"),
        "points": ('TESTS = [Test("a", -1, ("x",))]', "points must be an integer >= 0"),
        "timeout": ('TESTS = [Test("a", 1, ("x",), timeout=0)]', "timeout must be a number > 0"),
        "budget": ('TESTS = [Test("a", 1, ("x",), budget_ticks=0)]', "budget_ticks must be an integer >= 1"),
        "icount": ('TESTS = [Test("a", 1, ("x",), icount=False)]', "icount=False needs no_icount_reason"),
        "watchdog": ('TESTS = [Test("a", 1, ("x",), kernel_args="watchdog=5")]', "must not set watchdog="),
        "cpus": ('TESTS = [Test("a", 1, ("x",), cpus=9)]', "cpus must be 1..8"),
        "status": ('TESTS = [Test("a", 1, ("x",), exit_status=300)]', "exit_status must be 0..127"),
        "several": ('TESTS = [Test("a", -1, ("x",), cpus=0)]', "(and 1 more)"),
        "notatest": ('TESTS = [("a", 1)]', "TESTS[0]: not a Test"),
        "syntax": ('TESTS = [Test("a", 1, ("x",)]', "cannot load bad_syntax: SyntaxError"),
        "typeerror": ('TESTS = [Test("a", 1, ("x",), expected=("y",))]',
                      "cannot load bad_typeerror: TypeError"),
        "notests": ('tests = []', "bad_notests: must define TESTS"),
    }

    def test_cases(self) -> None:
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp:
            for case, (body, message) in self.CASES.items():
                write_module(Path(tmp), f"bad_{case}", body)
            for case, (body, message) in self.CASES.items():
                with self.subTest(case=case):
                    proc = grade(["--list"], tests=f"bad_{case}", env={"PYTHONPATH": tmp})
                    self.assertEqual(proc.returncode, 2, proc.stdout)
                    self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                    self.assertTrue(proc.stderr.startswith("grade: "), proc.stderr)
                    self.assertIn(message, proc.stderr)

    def test_unknown_module(self) -> None:
        proc = grade(["--list"], tests="no_such_tests_module")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, "grade: no test module named 'no_such_tests_module'\n")

    def test_lab_file_must_match_lab(self) -> None:
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp:
            write_module(Path(tmp), "labmismatch", 'TESTS = [Test("a", 1, ("x",))]')
            sys.path.insert(0, tmp)
            self.addCleanup(sys.path.remove, tmp)
            source = registry.Source("labmismatch", "grade/tests_lab2.py", 2)
            with self.assertRaisesRegex(registry.RegistryError, r"lab is 1 .*\(add lab=2\)"):
                registry._load(source)

    def test_default_declaration_is_valid(self) -> None:
        test = Test("boot", 1, ("hello",), expect=(r"hello, world",))
        self.assertEqual(problems(test), [])
        self.assertEqual(test.fail_on, DEFAULT_FAIL)


class Interrupt(unittest.TestCase):
    """A signal to the grader stops it, and every QEMU with it."""

    def interrupt(self, signum: int, expected_exit: int) -> None:
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp:
            top = Path(tmp)
            build = make_build(top)
            piddir = top / "pids"
            piddir.mkdir()
            write_module(top, "long_hangs", """
                TESTS = [Test(f"hang{i}", 1, ("fakehang",), timeout=60) for i in range(3)]
            """)
            env = grade_env("long_hangs", {"PYTHONPATH": tmp, "MICA_FAKE_PIDDIR": str(piddir)})
            # Its own process group, like a shell job: Ctrl-C signals the group.
            proc = subprocess.Popen([sys.executable, str(GRADE), "-j", "2", "--build", str(build)],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, start_new_session=True)
            try:
                started = wait_until(lambda: len(fake_pids(piddir)) == 2, 20)
                self.assertTrue(started, "the fake QEMUs did not start")
                os.killpg(proc.pid, signum)
                out, err = proc.communicate(timeout=20)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            self.assertEqual(proc.returncode, expected_exit, out + err)
            self.assertIn("stopped all QEMU runs", err)
            pids = fake_pids(piddir)
            self.assertEqual(len(pids), 2, "a new QEMU started after the signal")
            self.assertTrue(wait_until(lambda: not any(alive(p) for p in pids), 5),
                            [p for p in pids if alive(p)])

    def test_ctrl_c(self) -> None:
        self.interrupt(signal.SIGINT, 130)

    def test_sigterm(self) -> None:
        self.interrupt(signal.SIGTERM, 143)


class RealHang(unittest.TestCase):
    """The watchdog in the real kernel under real QEMU: user/tests/hangtest
    waits for a message that never comes; the run must end by the kernel's
    watchdog in guest time (at once: idle time passes at once under
    -icount), with the verdict "hang" and a symbolized dump.  Here rather
    than in a lab's test list, which holds only tests a correct kernel
    passes (labs/check runs every one on the reference and the stubs).
    Not on a lab branch, where the kernel runs the student's hole files
    (stubs at first, which may keep init from ever running or print
    formats as written): these checks judge the grader, not those files,
    and run in the instructors' tree, on the reference."""

    BUILD = ROOT / "build"

    def setUp(self) -> None:
        if not (ROOT / "solutions").is_dir():
            self.skipTest("a lab branch: the kernel here runs your hole files; these checks "
                          "of the grader need the reference (the instructors' tree)")
        needed = [self.BUILD / "kernel" / "kernel.elf", self.BUILD / "user" / "hangtest"]
        if any(not path.is_file() for path in needed) or qemu.qemu_missing() is not None:
            self.skipTest("needs `make` and qemu-system-i386")
        tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        self.addCleanup(tmp.cleanup)
        self.top = Path(tmp.name)
        write_module(self.top, "real_hang", """
            TESTS = [Test("hang", 1, ("hangtest",), budget_ticks=100, expect=(r"never comes",))]
        """)

    def test_hang_is_reported_with_the_dump(self) -> None:
        env = grade_env("real_hang", {"PYTHONPATH": str(self.top)})
        del env["MICA_QEMU"]
        results = self.top / "results.json"
        start = time.monotonic()
        proc = subprocess.run([sys.executable, str(GRADE), "--build", str(self.BUILD),
                               "--keep-logs", str(self.top), "--json", str(results)],
                              env=env, capture_output=True, text=True, timeout=60)
        self.assertLess(time.monotonic() - start, 20)   # not the backstop's 5 s plus a boot
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        test = json.loads(results.read_text())["tests"][0]
        self.assertEqual(test["reason"], "hang: still running after 100 ticks of guest time "
                                         "(the kernel's dump follows)")
        self.assertEqual(test["exit_status"], 0x72)
        dump = "\n".join(test["dump"])
        self.assertRegex(dump, r"^kernel: watchdog: still running after 100 ticks of guest time: hang\n"
                               r"kernel: dump: process table at tick 100:\n")
        self.assertRegex(dump, r"\nkernel: dump: vm\(\d+\): receiving from ANY, eip 0x[0-9a-f]{8}\n")
        self.assertRegex(dump, r"\nkernel: dump: init\(\d+\): .*, eip 0x[0-9a-f]{8}\n")
        self.assertRegex(dump, r"\nkernel: dump: hangtest\(\d+\): receiving from ANY, "
                               r"eip 0x[0-9a-f]{8}\n    at main\+0x[0-9a-f]+ \(user/\S+:\d+\)")
        self.assertTrue(dump.endswith("\nkernel: dump: no cycle of waits"), dump)
        self.assertIn("    the kernel's process dump:\n    kernel: watchdog:", proc.stdout)

    def test_ctrl_p_prints_the_dump(self) -> None:
        """Ctrl-P at init's prompt: the dump at once, and the prompt goes on."""
        command = qemu.command_line(Test("prompt", 0, ()), self.BUILD, prompt=True)
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            out = b""
            while b"mica> " not in out:
                chunk = proc.stdout.read1(4096)
                self.assertTrue(chunk, out)
                out += chunk
            proc.stdin.write(b"\x10halt 5\r")
            proc.stdin.flush()
            out += proc.stdout.read()
            self.assertEqual(proc.wait(20), (5 << 1) | 1, out)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            proc.stdin.close()
            proc.stdout.close()
        text = out.decode(errors="replace").replace("\r", "")
        self.assertRegex(text, r"\nkernel: dump: process table at tick \d+:\n"
                               r"kernel: dump: vm\(\d+\): receiving from ANY, eip 0x[0-9a-f]{8}\n"
                               r"kernel: dump: init\(\d+\): .*, eip 0x[0-9a-f]{8}\n"
                               r"kernel: dump: ds\(\d+\): receiving from ANY, eip 0x[0-9a-f]{8}\n"
                               r"kernel: dump: no cycle of waits\n")
        self.assertNotIn("kernel: watchdog:", text)     # a prompt boot has no watchdog


# A multiboot kernel that prints the boot banner on COM1 and then runs
# ud2 with an empty IDT: invalid opcode, general protection (no gate),
# double fault, general protection again: a triple fault.
TRIPLE_FAULT_KERNEL = r"""
	.section .multiboot, "a"
	.align 4
	.long 0x1badb002, 0, -0x1badb002
	.text
	.globl _start
_start:
	movl $stack_top, %esp
	movl $banner, %esi
	movw $0x3f8, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	lidt no_idt
	call deliberate_fault
3:	jmp 3b
	.globl deliberate_fault
	.type deliberate_fault, @function
deliberate_fault:
	pushl %ebp
	movl %esp, %ebp
	ud2
	.data
banner:	.asciz "mica: 127 MiB of RAM, 2 boot modules, 1 KiB free\n"
no_idt:	.word 0
	.long 0
	.bss
	.space 4096
stack_top:
"""
TRIPLE_FAULT_LAYOUT = "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.multiboot) *(.text) } " \
                      ".data : { *(.data) } .bss : { *(.bss) } }\n"


class RealTripleFault(unittest.TestCase):
    """A real triple fault under real QEMU, through the grader: the
    verdict, and the exceptions of the run again with -d int, the eip
    named in the kernel's code. The kernel is a few instructions built
    here, never the tree's."""

    def test_triple_fault_is_explained(self) -> None:
        if qemu.qemu_missing() is not None or not all(shutil.which(t) for t in ("gcc", "ld", "nm")):
            self.skipTest("needs qemu-system-i386, gcc and ld")
        tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        self.addCleanup(tmp.cleanup)
        top = Path(tmp.name)
        build = make_build(top)
        (top / "tf.S").write_text(TRIPLE_FAULT_KERNEL)
        (top / "tf.ld").write_text(TRIPLE_FAULT_LAYOUT)
        kernel = build / "kernel" / "kernel.elf"
        for command in (["gcc", "-m32", "-g", "-c", str(top / "tf.S"), "-o", str(top / "tf.o")],
                        ["ld", "-m", "elf_i386", "--no-warn-rwx-segments", "-T", str(top / "tf.ld"),
                         "-o", str(kernel), str(top / "tf.o")]):
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                self.skipTest(f"cannot build the test kernel: {done.stderr.strip()[:100]}")
        write_module(top, "real_reset", """
            TESTS = [Test("reset", 1, ("fakepass",))]
        """)
        env = grade_env("real_reset", {"PYTHONPATH": str(top)})
        del env["MICA_QEMU"]
        results = top / "results.json"
        proc = subprocess.run([sys.executable, str(GRADE), "--build", str(build), "--json", str(results)],
                              env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        test = json.loads(results.read_text())["tests"][0]
        self.assertEqual(test["reason"], "triple fault (machine reset)")
        mode = "protected mode, 32-bit code, paging off, cpl 0 (kernel)"
        self.assertEqual(len(test["dump"]), 7, test["dump"])
        self.assertRegex(test["dump"][0], rf"^vector 0x06 \(invalid opcode\), error code 0x0, "
                                          rf"eip 0x[0-9a-f]{{8}}; {re.escape(mode)}$")
        self.assertRegex(test["dump"][1], r"^    at deliberate_fault\+0x3 \(\S*tf\.S:\d+\)$")
        self.assertRegex(test["dump"][2], r"^vector 0x0d \(general protection\), error code 0x32, ")
        self.assertRegex(test["dump"][4], r"^vector 0x08 \(double fault\), error code 0x0, ")
        self.assertEqual(test["dump"][6], "then a general protection (0x0d) while delivering the "
                                          "double fault: triple fault, the CPU resets")


class Verdicts(unittest.TestCase):
    """judge() on made-up runs: precedence and the exit status protocol."""

    TEST = Test("t", 5, ("p",), expect=(r"^a$", r"^b$"))
    BANNER = "mica: 127 MiB of RAM, 3 boot modules, 129380 KiB free"

    def verdict(self, lines: list[str], exit_code: int | None = 1, **flags: Any) -> str:
        """The reason for a run whose console starts with the boot banner."""
        run = RunResult(exit_code=exit_code, lines=[self.BANNER, *lines], **flags)
        return judge(self.TEST, run).reason

    def test_guest_status(self) -> None:
        self.assertEqual([guest_status(c) for c in (1, 3, 7, 225)], [0, 1, 3, 0x70])
        self.assertEqual([guest_status(c) for c in (0, 2, -9, None)], [None] * 4)

    def test_precedence(self) -> None:
        panic = "kernel: panic: oops"
        self.assertEqual(self.verdict(["x"], start_error="boom"), "QEMU failed: boom")
        self.assertIn("timeout (wall clock backstop) after 92s",
                      self.verdict([panic], None, timed_out=True))
        self.assertEqual(self.verdict(["kernel: watchdog: x", panic], 0x72 << 1 | 1),
                         "hang: still running after 3000 ticks of guest time (the kernel's dump follows)")
        self.assertIn("output limit reached", self.verdict([panic], None, output_exceeded=True))
        self.assertEqual(self.verdict([panic], 0), "triple fault (machine reset)")
        self.assertIn("kernel panic", self.verdict(["FAIL", panic], 3))
        self.assertIn("fail_on", self.verdict(["b", "FAIL"], 3))
        self.assertIn("expected /^b$/", self.verdict(["a"], 3))
        self.assertEqual(self.verdict(["a", "b"], 3), "exit status 1, expected 0")
        self.assertEqual(self.verdict(["a", "b"], 1), "")

    def test_resets(self) -> None:
        """QEMU's -d cpu_reset log tells a triple fault from another reset."""
        self.assertEqual(self.verdict(["a"], 0, qemu_log="CPU Reset (CPU 0)\nTriple fault\n"),
                         "triple fault (machine reset)")
        self.assertEqual(self.verdict(["a"], 0, qemu_log="CPU Reset (CPU 0)\n"),
                         "machine reset, not a triple fault (the kernel reset the machine)")
        run = RunResult(exit_code=0, lines=[self.BANNER], qemu_log="Triple fault\n")
        self.assertTrue(judge(self.TEST, run).reset)
        self.assertFalse(judge(self.TEST, RunResult(exit_code=3, lines=[self.BANNER])).reset)

    def test_never_booted(self) -> None:
        """No boot banner: its own verdict, with what QEMU said; a test
        that passes is not failed for it, and lab 2's stub banner counts."""
        run = RunResult(exit_code=None, timed_out=True, lines=["SeaBIOS noise"],
                        stderr="qemu-system-i386: warning: host is slow\n",
                        qemu_log="CPU Reset (CPU 0)\n" + "".join(f"line {n}\n" for n in range(20)))
        verdict = judge(self.TEST, run)
        self.assertRegex(verdict.reason, r"^never booted: the kernel never printed its boot banner "
                                         r"\(mica: N MiB of RAM, \.\.\.\); then: timeout \(wall clock")
        self.assertEqual(verdict.dump_title, "what QEMU said")
        self.assertEqual(verdict.dump[:2], ("its stderr:", "    qemu-system-i386: warning: host is slow"))
        self.assertEqual(verdict.dump[2], "the end of its log (-d cpu_reset):")
        self.assertEqual(verdict.dump[3:], tuple(f"    line {n}" for n in range(8, 20)))
        bare = judge(self.TEST, RunResult(exit_code=0))
        self.assertTrue(bare.reason.startswith("never booted: ") and bare.reset, bare)
        self.assertEqual(bare.dump, ("its stderr: (empty)", "its log (-d cpu_reset): (empty)"))
        self.assertTrue(judge(Test("t", 1, ("p",)), RunResult(exit_code=1)).passed)
        stub = RunResult(exit_code=3, lines=["mica: %u MiB of RAM, %d boot modules, %u KiB free"])
        self.assertEqual(judge(self.TEST, stub).reason, "expected /^a$/ not found")

    def test_same_line_does_not_match_twice(self) -> None:
        test = Test("t", 1, ("p",), expect=("x", "x"))
        self.assertFalse(judge(test, RunResult(exit_code=1, lines=["x"])).passed)
        self.assertTrue(judge(test, RunResult(exit_code=1, lines=["x", "x"])).passed)

    def test_qemu_errors(self) -> None:
        result = judge(self.TEST, RunResult(exit_code=-11, lines=["a", "b"]))
        self.assertEqual((result.error, result.reason), (True, "QEMU failed: killed by signal SIGSEGV"))
        result = judge(self.TEST, RunResult(exit_code=4, stderr="\nbad thing\n"))
        self.assertEqual(result.reason, "QEMU failed: bad thing")
        # Exit 1 with only a warning and no console is the guest saying 0.
        result = judge(Test("t", 1, ("p",)),
                       RunResult(exit_code=1, stderr="qemu-system-i386: warning: slow\n"))
        self.assertTrue(result.passed, result)


class Units(unittest.TestCase):

    def test_console_lines(self) -> None:
        console = Console(io.BytesIO(), limit=100)
        for chunk in (b"one\r", b"\ntw", b"o\n\nthr\xff", b"ee"):
            console.feed(chunk)
        console.finish()
        self.assertEqual(console.lines, ["one", "two", "", "thr\ufffdee"])
        self.assertFalse(console.full)

    def test_console_limit(self) -> None:
        log = io.BytesIO()
        console = Console(log, limit=10)
        console.feed(b"12345\n")
        console.feed(b"6789\nabc\n")
        self.assertTrue(console.full)
        self.assertEqual(log.getvalue(), b"12345\n6789")

    def test_console_line_limit(self) -> None:
        log = io.BytesIO()
        console = Console(log, limit=100, line_limit=3)
        console.feed(b"a\nb")
        self.assertFalse(console.full)
        console.feed(b"\nc\nd\ne\n")
        console.finish()
        self.assertTrue(console.full)
        self.assertEqual(console.lines, ["a", "b", "c"])
        self.assertEqual(log.getvalue(), b"a\nb\nc\n")

    def test_xml_text(self) -> None:
        from grade.results import _xml_text
        self.assertEqual(_xml_text("a\x1b[31mb\x00\tc\u00e9\ufffd"), "a\\x1b[31mb\\x00\tc\u00e9\ufffd")

    def test_runner_without_pidfd(self) -> None:
        """Where pidfds are missing the runner waits for the pipes to close."""
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp, \
                mock.patch.object(runner, "_pidfd", lambda pid: None), \
                mock.patch.dict(os.environ, {"MICA_QEMU": str(FAKE_QEMU)}):
            build = make_build(Path(tmp))
            passing = qemu.command_line(Test("a", 1, ("fakepass",)), build)
            result = runner.run(passing, 20, Path(tmp, "a.log"))
            self.assertEqual(result.exit_code, 1)
            self.assertIn("fakepass: three", result.lines)
            hanging = qemu.command_line(Test("b", 1, ("fakehang",)), build)
            result = runner.run(hanging, 0.5, Path(tmp, "b.log"))
            self.assertTrue(result.timed_out)
            self.assertIsNone(result.exit_code)

    def test_colour(self) -> None:
        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True
        saved = os.environ.pop("NO_COLOR", None)
        try:
            self.assertTrue(use_color(Terminal()))
            os.environ["NO_COLOR"] = ""
            self.assertFalse(use_color(Terminal()))
            self.assertFalse(use_color(io.StringIO()))
        finally:
            os.environ.pop("NO_COLOR", None)
            if saved is not None:
                os.environ["NO_COLOR"] = saved


class Seeds(unittest.TestCase):
    """Seeded tests: the lines one seed expects fail another's run."""

    def test_lines_of_one_seed_fail_another(self) -> None:
        from grade import seeded
        tests = {t.name: t for t in registry.load_tests()}
        # A lab branch has the seeded tests of its labs only.
        for test in (tests[name] for name in ("seeded_ipc", "seeded_mem") if name in tests):
            one, other = seeded.concrete(test, 1), seeded.concrete(test, 2)
            self.assertNotEqual(one.programs, other.programs)
            self.assertEqual(one, seeded.concrete(test, 1))
            # A console that prints the lines seed 1 wants, made from the
            # patterns themselves: it passes seed 1 and fails seed 2.
            lines = [p.strip("^$").replace("\\(\\d+\\)", "(7)").replace(".*", "x") for p in one.expect]
            run = RunResult(exit_code=1, lines=lines)
            self.assertTrue(judge(one, run).passed, judge(one, run).reason)
            self.assertFalse(judge(other, run).passed)


class Symbolizing(unittest.TestCase):
    """tools/symbolizer.py on consoles a student's kernel may print."""

    def setUp(self) -> None:
        sys.path.insert(0, str(ROOT / "tools"))
        from symbolizer import MAX_ADDRESSES, Symbolizer
        self.cap = MAX_ADDRESSES
        self.tmp = tempfile.TemporaryDirectory()
        build = make_build(Path(self.tmp.name))
        # Any ELF file will do for nm and addr2line.
        (build / "kernel" / "kernel.elf").unlink()
        (build / "kernel" / "kernel.elf").symlink_to(Path(sys.executable).resolve())
        self.symbolizer = Symbolizer(build, ROOT)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def test_300000_addresses(self) -> None:
        line = "kernel: stacktrace:" + " 0x00101234" * 300_000
        start = time.monotonic()
        out = self.symbolizer.lines([line])
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(out[0], line)
        if self.symbolizer.available:
            self.assertEqual(len(out), 1 + self.cap + 1)
            self.assertTrue(out[1].startswith("    #0 0x00101234 "))
            self.assertEqual(out[-1], f"    ({300_000 - self.cap} more addresses not symbolized)")

    def test_tool_failure_is_not_an_error(self) -> None:
        too_long = OSError(7, "Argument list too long")
        with mock.patch("subprocess.run", side_effect=too_long):
            self.symbolizer.available = True
            out = self.symbolizer.lines(["kernel: stacktrace: 0x00101234", "plain line"])
        self.assertEqual(out, ["kernel: stacktrace: 0x00101234",
                               "    (trace not symbolized: nm: Argument list too long)", "plain line"])


# Tiny programs standing in for the kernel and three user programs: each
# has one function of its own at a known line, so a symbolized address
# says which binary it was looked up in.
SYMBOL_PROGRAMS = {
    "kernel/kernel.elf": "kernel_function",
    "user/vm": "vm_function",
    "user/init": "init_function",
    "user/longprogramname2": "long_named_function",  # the kernel keeps 15 characters
}


def build_symbol_programs(build: Path) -> dict[str, int] | None:
    """Compile SYMBOL_PROGRAMS into build; each function's address, or
    None when there is no 32-bit compiler or binutils here."""
    if not all(shutil.which(tool) for tool in ("gcc", "nm", "addr2line")):
        return None
    addresses: dict[str, int] = {}
    for path, function in SYMBOL_PROGRAMS.items():
        source = build / f"{function}.c"
        source.write_text(f"int {function}(int *p)\n{{\n\treturn *p;\n}}\n\n"
                          "void entry(void)\n{\n}\n")
        out = build / path
        out.unlink(missing_ok=True)
        done = subprocess.run(["gcc", "-m32", "-g", "-O0", "-nostdlib", "-static", "-fno-pie",
                               "-no-pie", "-Wl,-e,entry", "-o", str(out), str(source)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return None
        listing = subprocess.run(["nm", str(out)], capture_output=True, text=True).stdout
        addresses[function] = next(int(line.split()[0], 16) for line in listing.splitlines()
                                   if line.endswith(f" {function}"))
    return addresses


class UserSymbols(unittest.TestCase):
    """A user program's fault, panic and trace addresses are explained
    with that program's symbols, on the console and in the report."""

    def setUp(self) -> None:
        sys.path.insert(0, str(ROOT / "tools"))
        tmp = tempfile.TemporaryDirectory(prefix="grade-selftest-")
        self.addCleanup(tmp.cleanup)
        self.top = Path(tmp.name)
        self.build = make_build(self.top)
        found = build_symbol_programs(self.build)
        if found is None:
            self.skipTest("no gcc -m32, nm or addr2line")
        self.at = found

    def explain(self, line: str) -> list[str]:
        from symbolizer import Symbolizer
        return Symbolizer(self.build, ROOT).expand(line)

    def assert_at(self, line: str, function: str, offset: int = 0) -> None:
        """line is explained as `function` (+offset), in its own source."""
        out = self.explain(line)
        self.assertEqual(len(out), 1, out)
        self.assertRegex(out[0], rf"^    (at|#0 0x[0-9a-f]{{8}}) {function}\+0x{offset:x} "
                                 rf"\(\S*{function}\.c:[234]\)$")

    def test_each_report_uses_its_programs_symbols(self) -> None:
        at = self.at
        # VM's own page fault: the kernel panics, naming VM.
        self.assert_at(f"kernel: panic: vm page fault at 0x00000000, eip {at['vm_function'] + 6:#010x}, "
                       "err 0x4", "vm_function", 6)
        # A process VM killed, and one the kernel killed.
        self.assert_at(f"vm: init(129) killed: page fault at 0x00000000, eip {at['init_function'] + 6:#010x},"
                       " err 0x4 (read, not present)", "init_function", 6)
        self.assert_at(f"kernel: vm(128) killed: general protection at eip {at['vm_function']:#010x}, err 0x0",
                       "vm_function")
        # Any other report naming a process before an eip.
        self.assert_at(f"kernel: panic: init(129): bad state, eip {at['init_function']:#010x}",
                       "init_function")
        # A user panic's trace: return addresses, looked up at the call.
        self.assert_at(f"vm: stacktrace: {at['vm_function'] + 7:#x}", "vm_function", 6)
        # The kernel's stay the kernel's.
        self.assert_at(f"kernel: page fault in the kernel at eip {at['kernel_function']:#010x}, error code 0x0",
                       "kernel_function")
        # A name the kernel cut to 15 characters is its program's.
        self.assert_at(f"vm: longprogramname(131) killed: page fault at 0x00000000, eip "
                       f"{at['long_named_function']:#010x}, err 0x4", "long_named_function")
        # No binary of that name: nothing is made up.
        self.assertEqual(self.explain("vm: nosuch(131) killed: page fault at 0x0, eip 0x40000000, err 0x4"), [])
        self.assertEqual(self.explain("kernel: vm(128) killed: cannot receive the message from 7 at 0x40001000"),
                         [])

    def test_the_report_says_where_vm_faulted(self) -> None:
        """A kernel panic because VM faulted: the failure's reason names
        the function in VM, not only the raw eip."""
        eip = self.at["vm_function"] + 6
        (self.build / "user" / "fakecat1").write_text(
            f"kernel: panic: vm page fault at 0x00000000, eip {eip:#010x}, err 0x4\n")
        write_module(self.top, "vm_fault_tests", """
            TESTS = [Test("vmfault", 1, ("fakecat1",), expect=("never printed",))]
        """)
        proc = grade(["-t", "vmfault", "--build", str(self.build)], tests="vm_fault_tests",
                     env={"PYTHONPATH": str(self.top)})
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, r"FAIL  vmfault  \(0/1\)  kernel panic at line 4: "
                                      r"'kernel: panic: vm page fault at 0x00000000, eip 0x[0-9a-f]{8}, "
                                      r"err 0x4' \(at vm_function\+0x6 \(\S*vm_function\.c:3\)\)\n")
        self.assertRegex(proc.stdout, r"\n    kernel: panic: vm page fault .*\n        at vm_function\+0x6 ")


    def test_a_triple_fault_names_the_kernel_function(self) -> None:
        """The reset report's eip is symbolized against kernel.elf."""
        eip = self.at["kernel_function"] + 3
        write_module(self.top, "reset_tests", f"""
            TESTS = [Test("reset", 1, ("fakereset {eip:#x}",))]
        """)
        proc = grade(["-t", "reset", "--build", str(self.build)], tests="reset_tests",
                     env={"PYTHONPATH": str(self.top)})
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, rf"\n    vector 0x0e \(page fault\), error code 0x2, eip {eip:#010x}, "
                                      rf"cr2 0xdeadbeef; protected mode, 32-bit code, paging on, cpl 0 "
                                      rf"\(kernel\)\n        at kernel_function\+0x3 \(\S*kernel_function\.c:[234]\)\n")


if __name__ == "__main__":
    unittest.main()
