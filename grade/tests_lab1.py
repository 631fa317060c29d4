"""Lab 1 tests.  An example for now; the real list comes with the lab."""

from grade.testdef import Test

TESTS: list[Test] = [
    Test(
        name="boot",
        points=1,
        programs=("hello",),
        expect=(r"hello, world",),
        lab=1,
        description="the kernel boots, init runs hello, and the machine halts",
    ),
]
