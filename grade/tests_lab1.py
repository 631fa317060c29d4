"""Lab 1 tests: booting, IPC and kernel calls.

Each test boots vm, init --run and the listed programs; the programs print
"<name>: ok" when every check inside them passed, and FAIL lines (which
fail the test) for each check that did not.
"""

import os

from grade.testdef import DEFAULT_FAIL, Test

OK_EXIT = r"init: .* exited with status 0"

# The fuzz test's run: a fixed seed and length, so that `make test` does
# the same run every time; `make fuzz SEED= OPS=` and `make replay T=fuzz
# SEED=` set these to run or replay another.
FUZZ_SEED = os.environ.get("MICA_FUZZ_SEED", "20261201")
FUZZ_OPS = os.environ.get("MICA_FUZZ_OPS", "60000")


def iso(mode: str, points: int, description: str, *extra: str,
        fail_on: tuple[str, ...] = (), kernel_args: str = "") -> Test:
    """A test of one isotest scenario (isolation against a hostile process)."""
    return Test(
        name=f"iso_{mode}",
        points=points,
        programs=(f"isotest {mode}",),
        expect=(*extra, rf"isotest {mode}: ok", OK_EXIT),
        fail_on=DEFAULT_FAIL + fail_on,
        kernel_args=kernel_args,
        lab=1,
        description=description,
    )


def ipc(mode: str, points: int, description: str, *extra: str) -> Test:
    """A test of one ipctest scenario."""
    return Test(
        name=f"ipc_{mode}",
        points=points,
        programs=(f"ipctest {mode}",),
        expect=(*extra, rf"ipctest {mode}: ok", OK_EXIT),
        lab=1,
        description=description,
    )


TESTS: list[Test] = [
    Test(
        name="boot",
        points=2,
        programs=("hello a b",),
        expect=(r"^mica: \d+ MiB of RAM", r"hello, world from hello\(\d+\)",
                r"arg 1: a", r"arg 2: b", OK_EXIT, r"init: halting with status 0"),
        lab=1,
        description="the kernel boots, VM starts init, init runs a program with arguments",
    ),
    ipc("pingpong", 5, "SEND and RECEIVE between two processes, 100 round trips",
        r"ipctest: 100 round trips"),
    ipc("sendrec", 5, "SENDREC round trips carry the whole message",
        r"ipctest: 100 sendrec round trips"),
    ipc("anyspecific", 5, "RECEIVE from one endpoint skips others queued before it; the rest come in order"),
    ipc("notify", 5, "NOTIFY never blocks and repeated notifies coalesce",
        r"ipctest: 5 notifies arrived as 1"),
    ipc("sendnb", 4, "SENDNB to a process that is not receiving gives ENOTREADY"),
    ipc("replyrec", 3, "REPLYREC: a reply that cannot go receives nothing; one that goes is "
        "followed by the receive"),
    ipc("senda", 5, "SENDA tables are delivered when the receiver receives",
        r"ipctest: 3 asynchronous messages delivered"),
    ipc("deadlock", 5, "a send or receive that closes a cycle gives ELOCKED",
        r"ipctest: cycles refused with ELOCKED"),
    ipc("endpoints", 5, "garbage endpoints, stale endpoints, slot reuse with a new generation",
        r"ipctest: endpoints \d+ -> \d+ \(slot \d+ reused\)"),
    ipc("forge", 3, "the kernel sets m_source; VM sees through a fake exit notice",
        r"vm: ignoring a false exit notice from \d+"),
    ipc("permission", 3, "processes that are not related may not talk"),
    ipc("badbuf", 4, "bad message buffers give EFAULT and lose no message"),
    ipc("replywait", 4, "a SENDREC waiting for its reply takes nothing else: a NOTIFY and a SENDA entry wait"),
    ipc("cancel", 4, "a process that ends leaves every queue; whoever waits for it in particular is told"),
    Test(
        name="kcall",
        points=6,
        programs=("kcalltest",),
        expect=(r"kcalltest: ok", OK_EXIT),
        lab=1,
        description="kernel calls: unknown and denied numbers, bad message addresses, handler checks",
    ),
    Test(
        name="faults",
        points=6,
        programs=("faulttest",),
        expect=(
            r"vm: faulttest\(\d+\) killed: page fault at 0x00100000, eip 0x4[0-9a-f]{7}, err 0x5 ",
            r"vm: faulttest\(\d+\) killed: page fault at 0x00100000, eip 0x4[0-9a-f]{7}, err 0x7 ",
            r"vm: faulttest\(\d+\) killed: page fault at 0x00000000, .* err 0x5 ",
            r"vm: faulttest\(\d+\) killed: page fault at 0x60000000, .* err 0x4 ",
            r"vm: faulttest\(\d+\) killed: page fault at 0x40000[0-9a-f]{3}, .* err 0x7 ",
            r"vm: faulttest\(\d+\) killed: page fault at 0x00100000, eip 0x00100000, err 0x5 ",
            r"kernel: faulttest\(\d+\) killed: general protection at eip 0x4[0-9a-f]{7}, err 0x0",
            r"kernel: faulttest\(\d+\) killed: general protection at eip 0x4[0-9a-f]{7}, err 0x202",
            r"kernel: faulttest\(\d+\) killed: invalid opcode",
            r"kernel: faulttest\(\d+\) killed: divide error",
            r"faulttest: ok",
            OK_EXIT,
        ),
        lab=1,
        description="a user process touching kernel memory or faulting is killed; the system goes on",
    ),
    Test(
        name="proc",
        points=6,
        programs=("proctest",),
        expect=(r"proctest: 6\d processes at once",
                r"proctest: 200 spawn/exit cycles, (\d+) pages free before and after",
                r"proctest: woke after \d+ ticks while a child spun for \d+",
                r"proctest: ok", OK_EXIT),
        lab=1,
        timeout=60.0,
        description="exit statuses, waiting, a full process table, no lost pages, preemption",
    ),
    Test(
        name="fuzz",
        points=4,
        programs=(f"fuzz {FUZZ_SEED} {FUZZ_OPS}",),
        expect=(rf"fuzz: seed {FUZZ_SEED}: \d+ operations in 3 processes, 0 failures", OK_EXIT),
        fail_on=(r"kernel: panic:", r"^fuzz.*\bFAIL\b", r"kernel: fuzz\(\d+\) killed",
                 r"vm: fuzz\(\d+\) killed"),
        icount=True,
        # about 2,000 operations a second of guest time; twice that room
        budget_ticks=max(12000, int(FUZZ_OPS) // 10),
        lab=1,
        description="seeded random kernel calls, IPC, VM and DS requests and grant tables from three "
                    "unprivileged processes get only documented answers; no message is lost or "
                    "delivered twice",
    ),
    Test(
        name="orphans",
        points=2,
        programs=("orphantest leave",),
        expect=(r"orphantest: leaving 2 children and 2 grandchildren behind", r"orphantest leave: ok",
                r"init: ended 4 processes left behind by \S*orphantest leave", OK_EXIT),
        lab=1,
        description="the children of a process that ends go to init, which ends what a program left behind",
    ),
    Test(
        name="hog",
        points=2,
        programs=("orphantest hog",),
        expect=(r"vm: orphantest\(\d+\) killed: page fault at 0x[0-9a-f]{8}, .*, out of memory",
                r"orphantest: a hog of \d+ pages was killed, the rest went on", r"orphantest hog: ok", OK_EXIT),
        lab=1,
        timeout=60.0,
        description="a process that eats all memory is killed alone; its memory comes back",
    ),
    Test(
        name="shell_jobs",
        points=3,
        programs=("orphantest",),
        prompt=True,
        kernel_args="keys=run_orphantest_spin_&+kill_orphantest+run_orphantest_spin+~halt_3+",
        expect=(r"run: started orphantest spin as \d+", r"kill: orphantest\(\d+\) ended",
                r"run: orphantest spin \(\d+\) was killed", r"\^C", r"run: orphantest spin was killed"),
        exit_status=3,
        lab=1,
        description="the prompt: run in the background, kill by name, Ctrl-C stops the running program",
    ),
    iso("window", 2, "the copy windows are supervisor-only and gone after the copy",
        r"vm: isotest\(\d+\) killed: page fault at 0xf0[0-9a-f]{6}, .* err 0x4 ",
        fail_on=(r"peeker read",)),
    iso("senda", 4, "SENDA delivers exactly once: a read-only table delivers nothing, "
        "a table that loses a page keeps what it delivered",
        fail_on=(r"vm: ignoring a false exit notice",)),
    iso("lostmsg", 3, "a message whose buffer is gone waits for VM, or kills its receiver with a report",
        r"kernel: isotest\(\d+\) killed: cannot receive the message from \d+ at 0x60000000",
        kernel_args="testhooks"),
    iso("forge", 3, "VM obeys page faults, memory requests and exit notices only from the kernel",
        *([r"vm: ignoring a false memory request from \d+", r"vm: ignoring a false page fault from \d+",
           r"vm: ignoring a false exit notice from \d+"] * 2)),
]

# Host checks (grade/hostcheck.py): lab 1's hole files compiled and run on
# the host, with the requests chosen and the answers judged outside them.
from grade import hostcheck  # noqa: E402

TESTS += hostcheck.tests(1)

# A test whose expected lines depend on the run's seed (grade/seeded.py).
from grade import seedtest  # noqa: E402
from grade.seeded import seeded_test  # noqa: E402

TESTS.append(seeded_test(
    name="seeded_ipc", points=4, program="seedtest ipc", lab=1, expect=seedtest.ipc_lines,
    description="values from the run's seed down a chain of SENDRECs and back; a SENDA table summed"))
