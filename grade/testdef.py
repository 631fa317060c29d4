"""The test declaration: what one grader test boots and what it expects.

A lab's test list is a module grade/tests_labN.py that exports
TESTS: list[Test].  See doc/grader.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines matching any of these fail a test unless the test sets its own fail_on.
DEFAULT_FAIL: tuple[str, ...] = (r"kernel: panic:", r"\bFAIL\b")

# The guest status the kernel exits with after a panic.
PANIC_STATUS = 0x70
# ... and when its watchdog stopped a run over its budget (HALT_WATCHDOG).
WATCHDOG_STATUS = 0x72

# Guest time: the kernel's clock ticks HZ times a guest second (kernel/clock.c).
HZ = 100
# The wall-clock backstop of a test, for a kernel that spins with
# interrupts off (the watchdog never runs): the budget's guest seconds
# times this, plus BACKSTOP_MARGIN.  Generous on purpose: under -icount a
# busy guest second can take more than a wall second.
BACKSTOP_FACTOR = 3
BACKSTOP_MARGIN = 2.0

# The status byte goes through QEMU's exit code as (v << 1) | 1, so only
# seven bits of it survive.
MAX_EXIT_STATUS = 127

MAX_CPUS = 8

NAME_RE = re.compile(r"[a-z0-9_]+")

# What may go on the kernel's command line (QEMU -append).
KERNEL_ARGS_RE = re.compile(r"[A-Za-z0-9_=+~& -]*")   # + ~ &: for keys= (kernel/console.c)

# A program module is a file build/user/<program>; keep names path-safe.
PROGRAM_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Test:
    name: str                      # unique, [a-z0-9_]+
    points: int
    programs: tuple[str, ...]      # program modules with args, e.g. ("ipctest pingpong",)
    expect: tuple[str, ...] = ()   # regexes that must each match some console line, in this order
    fail_on: tuple[str, ...] = DEFAULT_FAIL  # regexes that fail the test if any line matches
    exit_status: int = 0           # expected guest status
    timeout: float = 30.0          # seconds of guest time: the budget, unless budget_ticks
    cpus: int = 1
    lab: int = 1                   # which lab it belongs to
    description: str = ""
    kernel_args: str = ""          # the kernel's command line (-append), e.g. "testhooks"
    icount: bool = True            # run in guest time (QEMU -icount): the same run every time
    prompt: bool = False           # boot to init's prompt (feed it with kernel_args "keys=...")
    budget_ticks: int | None = None  # the watchdog's budget in clock ticks; None: timeout * HZ
    no_icount_reason: str = ""     # why a test with icount=False needs the host's time


def budget(test: Test) -> int:
    """The test's guest-time budget in clock ticks (kernel watchdog=TICKS)."""
    return test.budget_ticks if test.budget_ticks is not None else round(test.timeout * HZ)


def backstop(test: Test) -> float:
    """Seconds of wall time after which the grader kills the run itself."""
    return budget(test) / HZ * BACKSTOP_FACTOR + BACKSTOP_MARGIN


def program_name(module: str) -> str:
    """The program file name of a module spec such as "ipctest pingpong"."""
    words = module.split()
    return words[0] if words else ""


def problems(test: object) -> list[str]:
    """Everything wrong with one test declaration, as short messages.

    An empty list means the declaration is usable.  Works on any object so
    that a wrongly typed entry in TESTS gets a message instead of a crash.
    """
    if not isinstance(test, Test):
        return [f"not a Test but {type(test).__name__}: {test!r:.60}"]
    found: list[str] = []

    if not isinstance(test.name, str) or not NAME_RE.fullmatch(test.name):
        found.append(f"name {test.name!r} must match [a-z0-9_]+")
    if not _is_int(test.points) or test.points < 0:
        found.append(f"points must be an integer >= 0, not {test.points!r}")
    if not _is_number(test.timeout) or not test.timeout > 0:
        found.append(f"timeout must be a number > 0, not {test.timeout!r}")
    if not _is_int(test.cpus) or not 1 <= test.cpus <= MAX_CPUS:
        found.append(f"cpus must be 1..{MAX_CPUS}, not {test.cpus!r}")
    if not _is_int(test.lab) or test.lab < 1:
        found.append(f"lab must be an integer >= 1, not {test.lab!r}")
    if not _is_int(test.exit_status) or not 0 <= test.exit_status <= MAX_EXIT_STATUS:
        found.append(f"exit_status must be 0..{MAX_EXIT_STATUS}, not {test.exit_status!r}")
    for flag in ("icount", "prompt"):
        if not isinstance(getattr(test, flag), bool):
            found.append(f"{flag} must be True or False, not {getattr(test, flag)!r}")
    if test.budget_ticks is not None and (not _is_int(test.budget_ticks) or test.budget_ticks < 1):
        found.append(f"budget_ticks must be an integer >= 1 or None, not {test.budget_ticks!r}")
    if not isinstance(test.no_icount_reason, str):
        found.append("no_icount_reason must be a string")
    elif test.icount is False and not test.no_icount_reason.strip():
        found.append("icount=False needs no_icount_reason: why this test must run in the host's time")
    if not isinstance(test.description, str):
        found.append("description must be a string")
    if not isinstance(test.kernel_args, str) or not KERNEL_ARGS_RE.fullmatch(test.kernel_args):
        found.append(f"kernel_args {test.kernel_args!r} may hold only letters, digits, _ = + ~ & - and spaces")
    elif any(word.startswith("watchdog=") for word in test.kernel_args.split()):
        found.append("kernel_args must not set watchdog=: the grader passes budget_ticks")

    if _string_tuple(test.programs, "programs", found):
        for module in test.programs:
            found.extend(_module_problems(module))
    for field in ("expect", "fail_on"):
        patterns = getattr(test, field)
        if _string_tuple(patterns, field, found):
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as err:
                    found.append(f"{field} regex {pattern!r} does not compile: {err}")
    return found


def _module_problems(module: str) -> list[str]:
    if "," in module:
        return [f"program {module!r}: module arguments must not contain commas "
                "(QEMU's -initrd separates modules with commas)"]
    name = program_name(module)
    if not name:
        return ["programs contains an empty entry"]
    if not PROGRAM_RE.fullmatch(name):
        return [f"program {module!r}: name {name!r} must be a plain file name "
                "([A-Za-z0-9_.-], no slashes)"]
    return []


def _string_tuple(value: object, field: str, found: list[str]) -> bool:
    """Check that value is a tuple of strings; note a problem if not."""
    if isinstance(value, str):
        found.append(f"{field} must be a tuple of strings, not a single string "
                     f"(write ({value!r},) with a trailing comma)")
        return False
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        found.append(f"{field} must be a tuple of strings, not {value!r:.60}")
        return False
    return True


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
