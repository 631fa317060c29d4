"""Lab 2 tests: printf, panic and stack traces.

Console lines are symbolized before they are matched (tools/symbolizer.py),
so a test can expect the functions a stack trace goes through, in order.
Tests that make the kernel panic on purpose boot it with "testhooks" and
expect the panic status 0x70.
"""

from grade.testdef import PANIC_STATUS, Test

OK_EXIT = r"init: .* exited with status 0"
NO_FAIL = (r"\bFAIL\b",)   # for tests whose kernel panics on purpose


def frame(number: int, function: str, path: str) -> str:
    """A symbolized stack-trace line: #N 0xADDR function+0xOFF (path:LINE)."""
    return rf"^    #{number} 0x[0-9a-f]{{8}} {function}(\.[a-z]+\.\d+)?\+0x[0-9a-f]+ \({path}:\d+\)"


TESTS: list[Test] = [
    Test(
        name="user_panic",
        points=6,
        programs=("paniktest",),
        expect=(
            r"^paniktest\(\d+\): panic: deliberate panic: 42 forty-two$",
            r"^paniktest: stacktrace:( 0x4[0-9a-f]{7}){5}$",
            frame(0, "panic_level3", "user/tests/paniktest.c"),
            frame(1, "panic_level2", "user/tests/paniktest.c"),
            frame(2, "panic_level1", "user/tests/paniktest.c"),
            frame(3, "main", "user/tests/paniktest.c"),
            r"^paniktest\(\d+\): panic: with a corrupt frame pointer$",
            r"^paniktest: stacktrace: 0x4[0-9a-f]{7} 0x4[0-9a-f]{7} \(bad frame\)$",
            r"^paniktest\(\d+\): panic: a literal %d and 100%, then x{150,}$",
            r"^paniktest: stacktrace: 0x4[0-9a-f]{7} 0x4[0-9a-f]{7}$",
            frame(0, "main", "user/tests/paniktest.c"),
            frame(1, "_start", "user/lib/crt0.S"),
            r"paniktest: the system goes on",
            r"paniktest: ok",
            OK_EXIT,
        ),
        lab=2,
        description="a user panic names the process, traces three functions, ends only that process; "
                    "a bad frame ends the trace, a long message is cut, never re-read as a format",
    ),
    Test(
        name="kernel_panic",
        points=4,
        programs=("kpanictest panic",),
        kernel_args="testhooks",
        expect=(
            r"^kernel: panic: test hook: deliberate panic, arg 7$",
            r"^kernel: stacktrace:( 0x1[0-9a-f]{5})+$",
            frame(0, "do_testhook", "kernel/calls/do_testhook.c"),
            frame(1, "kcall_run", "kernel/kcall.c"),
            frame(2, "kernel_call", "kernel/kcall.c"),
            frame(3, "trap_from_user", "kernel/arch/i386/trap.c"),
        ),
        fail_on=NO_FAIL,
        exit_status=PANIC_STATUS,
        lab=2,
        description="a kernel panic prints its message and a stack trace, and stops with status 0x70",
    ),
    Test(
        name="kernel_trace",
        points=4,
        programs=("kpanictest trace",),
        kernel_args="testhooks",
        expect=(
            r"^kernel: panic: test hook: three levels down, arg 3$",
            frame(0, "testhook_level3", "kernel/calls/do_testhook.c"),
            frame(1, "testhook_level2", "kernel/calls/do_testhook.c"),
            frame(2, "testhook_level1", "kernel/calls/do_testhook.c"),
            frame(3, "do_testhook", "kernel/calls/do_testhook.c"),
        ),
        fail_on=NO_FAIL,
        exit_status=PANIC_STATUS,
        lab=2,
        description="the kernel's stack trace goes through three known functions in order",
    ),
    Test(
        name="kernel_fault",
        points=4,
        programs=("kpanictest fault",),
        kernel_args="testhooks",
        expect=(
            r"^kernel: page fault in the kernel at eip 0x001[0-9a-f]{5}, error code 0x0, address \(cr2\) 0x3ffff000$",
            r"^    at do_testhook\+0x[0-9a-f]+ \(kernel/calls/do_testhook.c:\d+\)",
            r"^kernel: eax [0-9a-f]{8} ebx [0-9a-f]{8} ecx [0-9a-f]{8} edx [0-9a-f]{8}$",
            r"^kernel: esi [0-9a-f]{8} edi [0-9a-f]{8} ebp [0-9a-f]{8} esp [0-9a-f]{8} eflags [0-9a-f]{8}$",
            r"^kernel: panic: page fault in the kernel$",
            frame(0, "do_testhook", "kernel/calls/do_testhook.c"),
            frame(1, "kcall_run", "kernel/kcall.c"),
        ),
        fail_on=NO_FAIL,
        exit_status=PANIC_STATUS,
        lab=2,
        description="an exception in the kernel reports name, error code, registers, cr2 and a trace",
    ),
    Test(
        name="testhooks_off",
        points=1,
        programs=("kpanictest denied",),
        expect=(r"kpanictest denied: ok", OK_EXIT),
        lab=2,
        description="without 'testhooks' on the kernel command line nobody can crash the kernel",
    ),
    Test(
        name="whole_lines",
        points=4,
        programs=("printtest",),
        expect=(r"^printtest: null string \(null\), unknown %y conversion$",
                r"^printtest: abcd at the top of the stack$",
                r"^printtest: after the partial line$", r"printtest: ok", OK_EXIT),
        kernel_args="testhooks",   # GET_KLOG is for system processes otherwise
        lab=2,
        description="long lines from two processes at once stay whole; an unfinished line is ended; "
                    "NULL %s, unknown conversions, and %.4s reading no further than 4 bytes",
    ),
]

# Host checks (grade/hostcheck.py): lab 2's hole files compiled and run on
# the host, with the requests chosen and the answers judged outside them.
from grade import hostcheck  # noqa: E402

TESTS += hostcheck.tests(2)

# A test whose expected lines depend on the run's seed (grade/seeded.py).
from grade import seedtest  # noqa: E402
from grade.seeded import seeded_test  # noqa: E402

TESTS.append(seeded_test(
    name="seeded_print", points=4, program="seedtest print", lab=2,
    expect=lambda seed: seedtest.print_lines(seed, frame),
    description="printf of conversions drawn from the run's seed; a panic at a drawn depth, traced"))
