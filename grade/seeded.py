"""Tests whose expected lines depend on the run's seed.

A seeded test's programs carry "{seed}" where the grader puts a number
drawn from the run's seed (grade --seed N repeats a run), and its
expected lines are computed from that number when the test runs, so a
kernel that prints the lines a test looks for without doing the work
cannot know them in advance. The declared Test shows the lines for
seed 0 (what --list and the checks of declarations see).
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Callable

from grade.testdef import Test

PLACEHOLDER = "{seed}"
SEED_BITS = 32
Expectation = Callable[[int], tuple[str, ...]]

_expectations: dict[str, Expectation] = {}


def new_run_seed() -> int:
    return secrets.randbits(SEED_BITS)


def derive(run_seed: int, name: str) -> int:
    """The seed one test or host check gets from the run's seed."""
    digest = hashlib.sha256(f"{run_seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def seeded_test(*, name: str, points: int, program: str, lab: int, description: str,
                expect: Expectation, timeout: float = 30.0) -> Test:
    """A test of `program {seed}` whose expected lines expect(seed) gives."""
    _expectations[name] = expect
    return Test(name=name, points=points, programs=(f"{program} {PLACEHOLDER}",),
                expect=expect(0), lab=lab, timeout=timeout, description=description)


def concrete(test: Test, run_seed: int) -> Test:
    """test as it runs with run_seed: the seed in its programs, and its
    expected lines for that seed. Other tests come back unchanged."""
    if not any(PLACEHOLDER in p for p in test.programs):
        return test
    seed = derive(run_seed, test.name)
    programs = tuple(p.replace(PLACEHOLDER, str(seed)) for p in test.programs)
    expect = _expectations[test.name](seed) if test.name in _expectations else test.expect
    return dataclasses.replace(test, programs=programs, expect=expect)
