#!/usr/bin/env python3
"""Self-test of the host checks (grade/hostcheck.py): every check passes
on the reference and fails on the stub, on a plausible mistake (a small
patch to the reference) and on each way of cheating tried here: a
constructor that reports success, a child that prints answers it made
up, one that tries to run another program, one that hangs, one that
floods. Needs gcc with 32-bit support; runs in a few seconds.

    python3 grade/hostcheck_selftest.py
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grade import hostcheck  # noqa: E402
from grade.hostcheck import HostCheck, HostResult  # noqa: E402

ROOT = hostcheck.REPO_ROOT
SEED = 20240601

# (check, text in the reference, replacement): one student mistake each.
MUTANTS: list[tuple[str, str, str]] = [
    ("host_uptime", "m->uptime.ticks_hi = (u32_t)(ticks >> 32);", "m->uptime.ticks_hi = 0;"),
    ("host_alarm", "if (p->p_alarm <= ticks) {", "if (p->p_alarm == ticks) {"),
    ("host_alarm", "*prev_left = p->p_alarm > ticks ? (u32_t)(p->p_alarm - ticks) : 0;",
     "*prev_left = 0;"),
    # Looks one step ahead only: the target, and whom the target waits for.
    ("host_deadlock", "for (hops = 0; hops < NR_SLOTS; hops++) {", "for (hops = 0; hops < 2; hops++) {"),
    ("host_deadlock", "else if ((p->p_rts_flags & RTS_RECEIVING) && p->p_getfrom != ANY)",
     "else if (0)"),
    ("host_senda", "\t\tif (only != NULL && delivered > 0) {\n\t\t\t/* One per RECEIVE",
     "\t\tif (0) {\n\t\t\t/* One per RECEIVE"),
    ("host_senda", "\t\te.flags |= AMF_DONE;\n", "\n"),
    ("host_senda", "if (dst != NULL && !may_ipc(sender, dst)) {", "if (0) {"),
    ("host_format", "if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {",
     "if (sp->zero && !sp->left && sp->width > len) {"),
    ("host_format", "return sp->alt && mag != 0 ? \"0x\" : \"\";", "return sp->alt ? \"0x\" : \"\";"),
    ("host_format", "s = sp->prec < 0 || sp->prec >= 6 ? \"(null)\" : \"\";", "s = \"(null)\";"),
    ("host_stackwalk", "if (next != 0 && next <= ebp)", "if (next != 0 && next < ebp)"),
    ("host_stackwalk", "return ebp % 4 == 0 && ebp >= low && ebp < high && high - ebp >= 8;",
     "return ebp % 4 == 0 && ebp >= low && ebp < high;"),
    ("host_heap", "vm_unmap(p, page_up(want), page_up(p->brk) - page_up(want));",
     "vm_unmap(p, want & ~(PAGE_SIZE - 1), page_up(p->brk) - (want & ~(PAGE_SIZE - 1)));"),
    ("host_heap", "if (want < p->heap_start || want > USER_HEAP_END)",
     "if (want < p->heap_start || want >= USER_HEAP_END)"),
    ("host_heap", "return start + len <= USER_STACK_LOW && start + len > start ? start : 0;",
     "return start;"),
    ("host_fault", "if ((err & PF_PROT) || !region_allows(p, addr))",
     "if ((err & PF_PROT & 0) || !region_allows(p, addr))"),
    ("host_fault", "\tif (vm_lookup(p->pagedir, page) != 0)\n\t\treturn OK;", ""),
]

# Cheats, each a whole lib/format.c: none may pass host_format.
CHEATS: dict[str, str] = {
    "a constructor that says all passed and exits 0": r'''
#include "format.h"
int write(int, const void *, unsigned);
void _exit(int);
__attribute__((constructor)) static void win(void) { write(1, "all passed\n", 11); _exit(0); }
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap) { (void)out; (void)arg; (void)fmt; (void)ap; return 0; }
''',
    "a constructor hidden in .init_array by hand": r'''
#include "format.h"
static void win(void) { }
__attribute__((section(".init_array"), used)) static void (*p)(void) = win;
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap) { (void)out; (void)arg; (void)fmt; (void)ap; return 0; }
''',
    "its own main": r'''
#include "format.h"
int main(void) { return 0; }
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap) { (void)out; (void)arg; (void)fmt; (void)ap; return 0; }
''',
    "answers made up and written straight to the pipe": r'''
#include "format.h"
static long sys3(long n, long a, long b, long c) { long r; __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory"); return r; }
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
{ (void)out; (void)arg; (void)fmt; (void)ap; for (int i = 0; i < 200; i++) sys3(4, 1, (long)"0 x\n", 4); return 0; }
''',
    "running the grader's model through execve": r'''
#include "format.h"
static long sys3(long n, long a, long b, long c) { long r; __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory"); return r; }
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
{ static char *argv[] = { "/usr/bin/python3", 0 }; (void)out; (void)arg; (void)fmt; (void)ap; sys3(11, (long)argv[0], (long)argv, 0); return 0; }
''',
    "a hang": r'''
#include "format.h"
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap) { (void)out; (void)arg; (void)fmt; (void)ap; for (;;) { } }
''',
    "a flood": r'''
#include "format.h"
static long sys3(long n, long a, long b, long c) { long r; __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory"); return r; }
int vformat(format_putc_fn out, void *arg, const char *fmt, va_list ap)
{ static char junk[65536]; (void)out; (void)arg; (void)fmt; (void)ap; for (;;) sys3(4, 1, (long)junk, sizeof(junk)); }
''',
}


def all_checks() -> dict[str, HostCheck]:
    for lab in (1, 2, 3):
        hostcheck.tests(lab)
    return {name: hostcheck.find(name) for name in sorted(hostcheck._checks)}  # type: ignore[misc]


def run_with(check: HostCheck, text: str | None, tmp: Path, tag: str,
             timeout: float | None = None) -> HostResult:
    """Run check on the reference (text None) or on text as the hole file."""
    source = ROOT / "solutions" / check.hole
    if text is not None:
        source = tmp / tag / Path(check.hole).name
        source.parent.mkdir(parents=True)
        source.write_text(text)
    if timeout is not None:
        check = dataclasses.replace(check, timeout=timeout)
    return hostcheck.run(check, SEED, tmp / "build", source=source)


def prebuilt_objects(checks: dict[str, HostCheck]) -> list[str]:
    """A hole that a branch ships compiled (prebuilt/host/labN.a, made as
    labs/prebuilt.py makes it) is checked as that object: here, each
    reference compiled so; and an i386 object alone is an error."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "prebuilt" / "host").mkdir(parents=True)
        members = []
        for check in checks.values():
            reference = ROOT / "solutions" / check.hole
            member = hostcheck.member_name(check.hole)
            if reference.is_file() and member not in members:
                error = hostcheck.compile_hole(ROOT, check.hole, reference,
                                               tmp / "prebuilt" / member)
                if error is not None:
                    problems.append(f"{check.hole} does not compile for the host: {error}")
                    continue
                members.append(member)
        if not members:
            print("hostcheck selftest: no solutions/: prebuilt objects not tried")
            return problems
        subprocess.run(["ar", "rcs", "host/lab9.a", *members], cwd=tmp / "prebuilt", check=True)
        for name, check in checks.items():
            source = hostcheck.hole_source(tmp, tmp / "build", check.hole)
            if "::" not in str(source):
                continue    # no reference of it here
            result = hostcheck.run(check, SEED, tmp / "build", source=source)
            print(f"{name:15} prebuilt host object of the reference: "
                  + ("PASS" if result.passed else result.reason[:120]))
            if not result.passed:
                problems.append(f"{name} prebuilt: {result.reason}")
        # A branch with the i386 archive but no host one: said so.
        shutil.rmtree(tmp / "prebuilt" / "host")
        subprocess.run(["ar", "rcs", "lab9.a", *members], cwd=tmp / "prebuilt", check=True)
        check = next(iter(checks.values()))
        try:
            hostcheck.hole_source(tmp, tmp / "build", check.hole)
            problems.append("an i386 prebuilt object without its host object was taken")
        except hostcheck.CheckError as err:
            if "no host object" not in str(err):
                problems.append(f"an i386 prebuilt object alone: {err}")
    return problems


def main() -> int:
    if not hostcheck.have_compiler():
        print("hostcheck selftest: gcc or readelf missing", file=sys.stderr)
        return 2
    start = time.monotonic()
    checks = all_checks()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mica-hc-selftest-") as tmp_name, \
            ThreadPoolExecutor(max_workers=2) as pool:
        tmp = Path(tmp_name)
        jobs = []
        for name, check in checks.items():
            jobs.append(("reference", name, True, pool.submit(run_with, check, None, tmp, f"ref-{name}")))
            stub = (ROOT / check.hole).read_text()
            jobs.append(("stub", name, False, pool.submit(run_with, check, stub, tmp, f"stub-{name}")))
        for index, (name, old, new) in enumerate(MUTANTS):
            reference = (ROOT / "solutions" / checks[name].hole).read_text()
            if old not in reference:
                problems.append(f"mutant {index} of {name}: {old!r} is not in the reference")
                continue
            jobs.append((f"mutant {index} ({new.strip()[:40]!r})", name, False,
                         pool.submit(run_with, checks[name], reference.replace(old, new, 1), tmp,
                                     f"mutant{index}")))
        for index, (what, text) in enumerate(CHEATS.items()):
            jobs.append((f"cheat: {what}", "host_format", False,
                         pool.submit(run_with, checks["host_format"], text, tmp, f"cheat{index}", 3.0)))
        for label, name, should_pass, future in jobs:
            result = future.result()
            shown = "PASS" if result.passed else ("ERROR " if result.error else "FAIL ") + result.reason
            print(f"{name:15} {label}: {shown[:150]}")
            if result.passed != should_pass or result.error:
                problems.append(f"{name} {label}: " + ("passed" if result.passed else shown))
    # The same seed gives the same requests; another seed, others.
    check = checks["host_deadlock"]
    with tempfile.TemporaryDirectory() as tmp_name:
        first = run_with(check, None, Path(tmp_name), "a").transcript
        again = run_with(check, None, Path(tmp_name), "b").transcript
        other = hostcheck.run(check, SEED + 1, Path(tmp_name), source=ROOT / "solutions" / check.hole)
    if first != again:
        problems.append("the same seed gave different requests")
    if first == other.transcript:
        problems.append("another seed gave the same requests")
    problems += prebuilt_objects(checks)
    for problem in problems:
        print(f"hostcheck selftest: PROBLEM {problem}")
    print(f"hostcheck selftest: {len(jobs)} runs in {time.monotonic() - start:.1f}s, "
          + ("ok" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
