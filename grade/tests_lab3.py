"""Lab 3 tests: paging and the VM server."""

from grade.testdef import Test

OK_EXIT = r"init: .* exited with status 0"


def mem(mode: str, points: int, description: str, *extra: str, timeout: float = 30.0) -> Test:
    """A test of one memtest scenario."""
    return Test(
        name=f"vm_{mode}",
        points=points,
        programs=(f"memtest {mode}",),
        expect=(*extra, rf"memtest {mode}: ok", OK_EXIT),
        lab=3,
        timeout=timeout,
        description=description,
    )


TESTS: list[Test] = [
    mem("heap", 5, "the heap grows with VM_BRK; zeroed pages by demand; a shrink keeps the page of the "
        "break and gives the rest back at once",
        r"memtest: heap of 4 MiB: \d+ pages by demand"),
    mem("stack", 4, "the stack grows by demand", r"memtest: stack grew by \d+ pages"),
    mem("stray", 4, "a fault outside every region, or a write to the program's text, kills only that process",
        r"vm: memtest\(\d+\) killed: page fault at 0x40[0-9a-f]{6}, .* err 0x6 \(write of a missing page\)",
        r"vm: memtest\(\d+\) killed: page fault at 0xefefe000, ",
        r"vm: memtest\(\d+\) killed: page fault at 0xc0040000, ",
        r"vm: memtest\(\d+\) killed: page fault at 0x40[0-9a-f]{6}, .* err 0x7 \(write to a protected page\)"),
    mem("mmap", 4, "anonymous mappings: zero pages by demand, gone after munmap, the next one left whole; "
        "a reply with nowhere to go kills its receiver, never vanishes",
        r"vm: memtest\(\d+\) killed: page fault at 0xc0000000, ",
        r"kernel: memtest\(\d+\) killed: cannot receive the message from \d+ at 0xc00[0-9a-f]{5}"),
    mem("kcall", 5, "a kernel call into absent memory waits for VM and runs again, message copied once; "
        "refusals fail once; VM never waits for itself",
        # It needs under 20 ticks of guest time; a call restarted forever
        # spins until the watchdog, so the budget is kept small.
        r"memtest: a kernel call waited for VM and ran again", timeout=2.0),
    mem("ipc", 4, "a message for a receive buffer that is not present is delivered"),
    mem("inhibit", 5, "RTS_VMINHIBIT stops a process; SENDA to it is postponed and delivered once",
        r"memtest: a held process got its postponed message once"),
    mem("tlb", 3, "context switches reload CR3 but cause no other TLB flush",
        r"memtest: 100 round trips, \d+ CR3 loads, 0 TLB flushes"),
    mem("cycles", 4, "1000 spawn/exit cycles leave free memory where it started",
        r"memtest: 1000 spawn/exit cycles, (\d+) pages free before and after", timeout=90.0),
]

# Host checks (grade/hostcheck.py): lab 3's hole files compiled and run on
# the host, with the requests chosen and the answers judged outside them.
from grade import hostcheck  # noqa: E402

TESTS += hostcheck.tests(3)

# A test whose expected lines depend on the run's seed (grade/seeded.py).
from grade import seedtest  # noqa: E402
from grade.seeded import seeded_test  # noqa: E402

TESTS.append(seeded_test(
    name="seeded_mem", points=4, program="seedtest mem", lab=3, expect=seedtest.mem_lines,
    description="a heap and a mapping of sizes drawn from the run's seed, filled and read back"))
