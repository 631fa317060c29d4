"""Tests for the grader's self-tests, run against grade/fake_qemu.py.

Selected with MICA_TESTS=grade.fake_tests (or --tests-module).  The
comment on each says the verdict selftest.py expects.
"""

from grade.testdef import PANIC_STATUS, WATCHDOG_STATUS, Test

TESTS: list[Test] = [
    # pass; also checks \r stripping, -smp and the module list on the console
    Test("pass", 3, ("fakepass",),
         expect=(r"^fake: smp=1$", r"^fake: initrd=\S*/user/vm,\S*/user/ds,\S*/user/init --run,\S*/user/fakepass$",
                 r"^fakepass: one$", r"two", r"^fakepass: three$",
                 "^fakepass: bytes \ufffd\ufffd$")),
    # pass; arguments reach the module list, cpus reaches -smp
    Test("args", 2, ("fakeecho a  b", "fakepass"), cpus=2,
         expect=(r"^fake: smp=2$", r"/user/fakeecho a b,", r"^fakeecho: args=a b$", r"three")),
    # fail: the second expected line never comes
    Test("missing", 1, ("fakepass",), expect=(r"one", r"four")),
    # fail: both lines are there, but in the other order
    Test("order", 1, ("fakepass",), expect=(r"three", r"one")),
    # fail: a fail_on pattern of the test's own
    Test("failon", 1, ("fakepass",), expect=(r"one",), fail_on=(r"tw[o]",)),
    # fail: the default fail_on catches FAIL
    Test("defaultfail", 1, ("fakeecho test FAIL here",)),
    # fail: hangs where the watchdog cannot see it (interrupts off), so the
    # wall-clock backstop kills it after 2.03 s (1 tick is 0.01 s; times 3, plus 2 s)
    Test("hang", 1, ("fakehang",), budget_ticks=1),
    # fail: the kernel's watchdog stopped it: the verdict "hang", with the dump
    Test("watchdog", 1, ("fakewatchdog",), budget_ticks=50),
    # pass: a test that wants the watchdog (as a panic test wants the panic)
    Test("wantwatchdog", 1, ("fakewatchdog",), budget_ticks=50, exit_status=WATCHDOG_STATUS,
         expect=(r"^kernel: dump: fakewatchdog\(130\): SENDREC",)),
    # pass: runs in the host's time, with its reason
    Test("hosttime", 1, ("fakepass",), icount=False, no_icount_reason="a self-test of the option"),
    # fail: panic line and status 0x70
    Test("panic", 1, ("fakepass", "fakepanic"), expect=(r"one",)),
    # fail: status 0x70 without a panic line
    Test("panicstatus", 1, (f"fakestatus{PANIC_STATUS}",)),
    # pass: a test that wants the panic
    Test("wantpanic", 1, ("fakepanic",), exit_status=PANIC_STATUS, fail_on=(),
         expect=(r"kernel: panic: x",)),
    # fail: triple fault; the report quotes the exceptions of the run again with -d int
    Test("reset", 1, ("fakepass", "fakereset")),
    # fail: never booted (no boot banner), then a triple fault; stderr and QEMU's log
    Test("noboot", 1, ("fakenoboot",)),
    # fail: exit status 3, expected 0
    Test("status", 1, ("fakepass", "fakestatus3")),
    # pass: exit status 3 expected
    Test("status3", 1, ("fakestatus3",), exit_status=3),
    # fail: output limit (bytes)
    Test("flood", 1, ("fakeflood",), timeout=60.0),
    # fail: output limit (lines)
    Test("lines", 1, ("fakelines",), timeout=60.0),
    # error: QEMU cannot start (exit 1, message, no console)
    Test("qemuerror", 1, ("fakeqemuerror",)),
    # error: QEMU exits with an even code
    Test("qemucrash", 1, ("fakecrash",)),
    # pass, promptly: a leftover child holding the pipe neither delays nor survives
    Test("child", 1, ("fakechild", "fakepass"), timeout=20.0, expect=(r"three",)),
    # pass: no expectations at all, different lab
    Test("lab2", 0, ("fakepass",), lab=2),
]
