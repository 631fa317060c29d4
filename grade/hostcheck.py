"""Host checks: a lab's hole files tested on the host, driven from outside.

Anything printed in the guest can be forged by a student's kernel, so part
of every lab's score comes from here. A host check compiles one hole file
(the file the build used: see hole_source) with a driver and fakes of its
neighbours from tests/host/ into a 32-bit host program, the child, and
runs it. The parent, this module, holds no student code: it sends the
child requests chosen at random from a seed it logs, one per line, and
checks every answer against its own model (grade/hostcheck_labN.py). The
child's exit status and anything it says unasked count for nothing; a
check passes only when every request was answered as the model says.

The child is confined (tests/host/hostcheck.c): seccomp's strict mode from
.preinit_array, before any code of the hole file can run; here a hole
object that would run code earlier (constructors, ifuncs, a main or a
reserved name of its own) is refused before linking. It runs with an
empty environment in an empty directory, with a time and an output
limit. The batch and the Gradescope autograder run the whole grader in
grade/sandbox.py's sandbox (the job folder only), so there the child is
inside that too; wrap_command() is the hook for a sandbox around the
child alone (grade/sandbox.py may define wrap_hostcheck(command, workdir)).

A lab declares its checks in grade/hostcheck_labN.py (CHECKS, a list of
HostCheck); tests(lab) turns them into grader tests (grade/testdef.Test
with no programs), which tests_labN.py adds to its TESTS, so they are
selected, reported and scored like the others. doc/grader.md describes
the protocol and how to add one.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import random
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grade.seeded import derive
from grade.testdef import Test

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST_DIR = "tests/host"
# Where a branch ships the host objects of the holes it has compiled
# (prebuilt/labN.a holds the i386 ones the build links, which are built
# with -mregparm=3 and cannot be linked with the host's C library).
HOST_PREBUILT = "prebuilt/host"
CC = "gcc"
ANSWER_LIMIT = 1 << 20          # bytes of one answer line
OUTPUT_LIMIT = 16 << 20         # bytes of all answers
DEFAULT_TIMEOUT = 10.0          # seconds for one child, start to end (under
                                # tests/host/hostcheck.c's CPU_LIMIT, 30 s)
COMPILE_TIMEOUT = 60.0
TRANSCRIPT_TAIL = 12            # request/answer pairs shown on failure
QUOTE = 160

# lib/ names the host C library has too (tests/Makefile's RENAMED, and
# printf as there): the code under test gets them as mica_NAME.
RENAMED = ("vformat", "vsnprintf", "snprintf", "memcpy", "memmove", "memset", "memcmp",
           "strlen", "strnlen", "strcmp", "strncmp", "strchr", "strrchr", "strlcpy",
           "strlcat", "vprintf")
RENAME = [f"-D{name}=mica_{name}" for name in RENAMED] + ["-Dprintf(...)=mica_printf(__VA_ARGS__)"]
WARN = ["-Wall", "-Wextra", "-Werror"]
BASE = ["-m32", "-std=c11", "-O1", "-g0", "-fno-pie", "-fno-stack-protector",
        "-fno-omit-frame-pointer"]

# Sections and symbols that would let a hole object run before the child
# locks itself down, or take over its start.
BAD_SECTION_RE = re.compile(r"^\.(init|fini|preinit_array|ctors|dtors)")
RESERVED_SYMBOL_RE = re.compile(r"^(_.*|main)$")


class CheckFailed(Exception):
    """The code under test gave a wrong answer, or none: the check fails."""


class CheckError(Exception):
    """The check could not be run (no compiler, no seccomp): not the
    student's fault; reported as an ERROR."""


@dataclass(frozen=True)
class HostCheck:
    name: str                     # the grader test's name
    lab: int
    points: int
    hole: str                     # the hole file under test, e.g. "lib/format.c"
    driver: str                   # tests/host/drv_*.c
    session: Callable[[Session, random.Random], None]  # the requests and the model
    support: tuple[str, ...] = ()  # more given sources: fakes, kernel/proc.c, lib/string.c
    description: str = ""
    timeout: float = DEFAULT_TIMEOUT
    min_requests: int = 20        # a session that asks fewer proves nothing


@dataclass
class HostResult:
    passed: bool
    reason: str = ""
    error: bool = False
    seconds: float = 0.0
    transcript: list[str] = field(default_factory=list)


_checks: dict[str, HostCheck] = {}


def tests(lab: int) -> list[Test]:
    """Lab `lab`'s host checks as grader tests; remembered for find()."""
    module = importlib.import_module(f"grade.hostcheck_lab{lab}")
    out: list[Test] = []
    for check in module.CHECKS:
        if check.lab != lab:
            raise ValueError(f"host check {check.name} says lab {check.lab} in lab {lab}'s file")
        _checks[check.name] = check
        out.append(Test(name=check.name, points=check.points, programs=(), lab=lab,
                        timeout=check.timeout, description=f"host check of {check.hole}: "
                        + check.description))
    return out


def checked_holes(lab: int) -> set[str]:
    """The hole files that lab `lab`'s host checks test."""
    return {check.hole for check in importlib.import_module(f"grade.hostcheck_lab{lab}").CHECKS}


def find(name: str) -> HostCheck | None:
    """The host check behind a grader test, or None for a QEMU test."""
    return _checks.get(name)


# --- Building the child ---

def member_name(hole: str) -> str:
    """A hole's member in a prebuilt archive (labs/prebuilt.py, the
    Makefile): kernel/calls/do_uptime.c -> kernel__calls__do_uptime.o"""
    return hole.rsplit(".", 1)[0].replace("/", "__") + ".o"


def hole_source(root: Path, build: Path, hole: str) -> Path:
    """What the build took for hole: its host object in
    prebuilt/host/labN.a when the branch ships it compiled (a later lab's
    hole, or an earlier one in a catch-up branch: see the Makefile), else
    the first prerequisite in its dependency file (solutions/ for the
    reference, the tree's file with STUDENT=1 and in a student's branch),
    else the tree's file. A prebuilt object is named ARCHIVE::MEMBER."""
    member = member_name(hole)
    for archive in sorted((root / HOST_PREBUILT).glob("lab*.a")):
        if member in _members(archive):
            return Path(f"{archive}::{member}")
    for archive in sorted((root / "prebuilt").glob("lab*.a")):
        if member in _members(archive):
            raise CheckError(f"{archive.name} has {hole} compiled, but {HOST_PREBUILT}/ "
                             f"has no host object of it (a release older than the grader)")
    dep = build / "obj" / (hole.rsplit(".", 1)[0] + ".d")
    try:   # gcc may wrap the rule after "target: \"; join the lines first
        rule = dep.read_text(errors="replace").replace("\\\n", " ")
        first = rule.split(":", 1)[1].split()[0]
    except (OSError, IndexError):
        return root / hole
    path = Path(first) if Path(first).is_absolute() else root / first
    return path if path.is_file() else root / hole


def _members(archive: Path) -> list[str]:
    return subprocess.run(["ar", "t", str(archive)], capture_output=True, text=True).stdout.split()


def _prebuilt_object(source: Path, out: Path) -> None:
    """Take a prebuilt host object out of its archive."""
    archive, member = str(source).split("::")
    done = subprocess.run(["ar", "p", archive, member], capture_output=True)
    if done.returncode != 0:
        raise CheckError(f"ar could not read {member} from {archive}")
    out.write_bytes(done.stdout)


def hole_flags(root: Path, hole: str) -> list[str]:
    """How a hole file (or a given source compiled as one) is compiled
    for a host check: freestanding, lib/'s names renamed, its headers."""
    return ["-ffreestanding", "-fno-builtin", *RENAME, *_include_flags(root, hole)]


def compile_hole(root: Path, hole: str, source: Path, out: Path,
                 extra: tuple[str, ...] = ()) -> str | None:
    """Compile source as hole for a host check (labs/prebuilt.py makes
    the host objects a release ships this way); the first lines of the
    errors, or None."""
    return _compile(source, out, [*hole_flags(root, hole), *extra])


def _include_flags(root: Path, hole: str) -> list[str]:
    """How the build finds a hole file's headers (see the Makefile)."""
    flags = [f"-I{root / 'include'}", f"-I{root / 'lib'}"]
    if hole.startswith("user/"):
        flags.append(f"-I{root / 'user' / 'lib'}")
    flags.append(f"-iquote{root / Path(hole).parent}")
    return flags


def _driver_flags(root: Path, hole: str) -> list[str]:
    """Drivers and fakes: host headers first, the kernel's or VM's own
    through -iquote, lib/ after the host's (as tests/Makefile does)."""
    flags = [f"-iquote{root / HOST_DIR}", f"-iquote{root / 'tests'}", f"-I{root / 'include'}"]
    for where in ("kernel", "user/servers/vm", "user/servers/ds", "user/lib"):
        flags.append(f"-iquote{root / where}")
    return flags + [f"-idirafter{root / 'lib'}", f"-idirafter{root / 'user' / 'lib'}"]


def _compile(source: Path, out: Path, flags: list[str]) -> str | None:
    """Compile; the first lines of the errors, or None."""
    command = [CC, *BASE, *WARN, *flags, "-c", str(source), "-o", str(out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_TIMEOUT)
    except FileNotFoundError:
        raise CheckError(f"{CC} not found") from None
    except subprocess.TimeoutExpired:
        return f"compiling {source.name} took over {COMPILE_TIMEOUT:.0f} s"
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if "error" in line] or done.stderr.splitlines()
        return " / ".join(lines[:3]) or f"{CC} failed"
    return None


def refused(obj: Path) -> str | None:
    """Why a hole object may not be linked into a child, or None."""
    done = subprocess.run(["readelf", "-SsW", str(obj)], capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckError(f"readelf failed: {done.stderr.strip()[:QUOTE]}")
    for line in done.stdout.splitlines():
        words = line.replace("[ ", "[").split()
        if len(words) > 2 and words[0].startswith("[") and words[0].endswith("]"):
            if BAD_SECTION_RE.match(words[1]):
                return f"it has a section {words[1]} (code that runs before the check starts)"
        elif len(words) >= 8 and words[0].endswith(":"):
            kind, bind, index, name = words[3], words[4], words[6], words[7]
            if kind == "IFUNC":
                return f"it defines an ifunc {name}"
            if bind in ("GLOBAL", "WEAK") and index != "UND" and RESERVED_SYMBOL_RE.match(name):
                return f"it defines {name}, a name reserved to the C implementation"
    return None


def build(check: HostCheck, root: Path, build_dir: Path, work: Path,
          source: Path | None = None) -> Path:
    """Compile the child of check into work, with source (default: what
    the build used) as the hole file; CheckFailed if it does not compile
    or is refused, CheckError if nothing can."""
    source = source or hole_source(root, build_dir, check.hole)
    hole_obj = work / "hole.o"
    if "::" in str(source):
        _prebuilt_object(source, hole_obj)
        problem = None
    else:
        problem = compile_hole(root, check.hole, source, hole_obj)
    if problem:
        raise CheckFailed(f"{check.hole} does not compile for the host check: {problem}")
    why = refused(hole_obj)
    if why:
        raise CheckFailed(f"{check.hole} refused: {why}")
    given = [(root / HOST_DIR / "hostcheck.c", _driver_flags(root, check.hole)),
             (root / check.driver, _driver_flags(root, check.hole)),
             (root / HOST_DIR / "fake_print.c", _driver_flags(root, check.hole))]
    for extra in check.support:
        if extra.startswith(HOST_DIR + "/"):
            given.append((root / extra, _driver_flags(root, check.hole)))
        else:   # a given source of the system, compiled as the hole is
            given.append((root / extra, hole_flags(root, extra)))
    objects = [_cached_object(src, flags, build_dir / "hostcheck", work) for src, flags in given]
    binary = work / "child"
    # The runtime first: its .preinit_array entry is the first one.
    command = [CC, "-m32", "-static", "-no-pie", "-o", str(binary), *map(str, objects), str(hole_obj)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_TIMEOUT)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if "undefined" in line or "multiple" in line]
        raise CheckFailed(f"{check.hole} does not link with the host check's fakes: "
                          + (" / ".join(_strip_paths(line) for line in lines[:3])
                             or done.stderr.strip()[:QUOTE]))
    return binary


def _cached_object(source: Path, flags: list[str], cache: Path, work: Path) -> Path:
    """The object of a given source (no student code), compiled once per
    build directory and reused while neither it nor a header it read
    changed (the -MMD dependencies, as make would judge them)."""
    key = hashlib.sha256("\0".join([str(source), *flags]).encode()).hexdigest()[:16]
    obj = cache / f"{source.stem}-{key}.o"
    dep = obj.with_suffix(".d")
    try:
        built = obj.stat().st_mtime
        inputs = dep.read_text().split(":", 1)[1].replace("\\\n", " ").split()
        if all(Path(p).stat().st_mtime < built for p in inputs):
            return obj
    except (OSError, IndexError):
        pass
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = work
    fresh = Path(tempfile.mkstemp(dir=cache, suffix=".o")[1])
    problem = _compile(source, fresh, [*flags, "-MMD", "-MF", str(fresh.with_suffix(".d"))])
    if problem:
        fresh.unlink(missing_ok=True)
        raise CheckError(f"the host check's own {source.name} does not compile: {problem}")
    os.replace(fresh.with_suffix(".d"), dep)
    os.replace(fresh, obj)
    return obj


def _strip_paths(line: str) -> str:
    return re.sub(r"\S*/", "", line)


# --- Running it ---

def wrap_command(command: list[str], workdir: Path) -> list[str]:
    """The hook for a sandbox around the child: grade/sandbox.py, if it
    exists, may wrap the command (e.g. in a namespace without network or
    files). Without it the child runs as it is, confined by seccomp."""
    try:
        sandbox = importlib.import_module("grade.sandbox")
    except ImportError:
        return command
    wrap = getattr(sandbox, "wrap_hostcheck", None)
    return wrap(command, workdir) if callable(wrap) else command


class Session:
    """One child: requests out, answers in, each answer checked."""

    def __init__(self, command: list[str], workdir: Path, deadline: float) -> None:
        self.deadline = deadline
        self.transcript: list[str] = []
        self.asked = 0
        self._received = 0
        self._buffer = bytearray()
        try:
            self._proc = subprocess.Popen(
                wrap_command(command, workdir), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, cwd=workdir, env={"PATH": "/usr/bin:/bin"},
                start_new_session=True)
        except OSError as err:
            raise CheckError(f"cannot start the host check: {err.strerror}") from None
        self._selector = selectors.DefaultSelector()
        assert self._proc.stdout is not None
        self._selector.register(self._proc.stdout, selectors.EVENT_READ)
        self.hello = self._read_line("(start)")

    def ask(self, *words: object) -> list[str]:
        """Send one request; its answer, as words. A child that dies, hangs,
        floods or reports a fatal error fails the check here."""
        request = " ".join(str(w) for w in words)
        self.asked += 1
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(request.encode() + b"\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise CheckFailed(self._died(request)) from None
        return self._read_line(request)

    def expect(self, ok: bool, what: str) -> None:
        """Fail the check unless ok; what says what was wrong."""
        if not ok:
            raise CheckFailed(f"{what} (request {self.asked}: {_cut(self.transcript[-2][4:])})"
                              if len(self.transcript) >= 2 else what)

    def close(self) -> None:
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            os.killpg(self._proc.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        self._proc.wait()
        self._selector.close()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def _read_line(self, request: str) -> list[str]:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise CheckFailed(f"no answer in time (hang?) to request {self.asked}: {_cut(request)}")
            if not self._selector.select(remaining):
                continue
            data = os.read(fd, 65536)
            if not data:
                raise CheckFailed(self._died(request))
            self._received += len(data)
            self._buffer.extend(data)
            if self._received > OUTPUT_LIMIT or (b"\n" not in self._buffer
                                                 and len(self._buffer) > ANSWER_LIMIT):
                raise CheckFailed("output limit reached")
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        text = line.decode("ascii", "replace")
        self.transcript += [f">>> {request}", f"<<< {text}"]
        words = text.split(" ")
        if words[0] == "fatal":
            raise CheckFailed(f"the code under test stopped: {unhex(words[1]) if len(words) > 1 else ''}"
                              f" (request {self.asked}: {_cut(request)})")
        if words[0] == "nosandbox":
            raise CheckError("the host check's sandbox (seccomp strict mode) is not available here")
        return words

    def _died(self, request: str) -> str:
        try:
            code = self._proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            code = None
        how = ("was killed by the sandbox (a forbidden system call)" if code == -9 else
               f"crashed (signal {-code})" if code is not None and code < 0 else
               f"ended (status {code})")
        return f"the check program {how} at request {self.asked}: {_cut(request)}"


def run(check: HostCheck, run_seed: int, build_dir: Path, root: Path = REPO_ROOT,
        source: Path | None = None) -> HostResult:
    """Build and run one host check (source: the hole file to test, by
    default what the build used); never raises."""
    start = time.monotonic()
    seed = derive(run_seed, check.name)
    result = HostResult(passed=False)
    session: Session | None = None
    with tempfile.TemporaryDirectory(prefix=f"mica-hc-{check.name}-") as tmp:
        work = Path(tmp)
        try:
            binary = build(check, root, build_dir, work, source)
            rundir = work / "run"
            rundir.mkdir()
            session = Session([str(binary)], rundir, time.monotonic() + check.timeout)
            check.session(session, random.Random(seed))
            session.expect(session.asked >= check.min_requests,
                           f"the session asked only {session.asked} requests")
            result.passed = True
        except CheckFailed as err:
            result.reason = str(err)
        except CheckError as err:
            result.reason, result.error = str(err), True
        finally:
            if session is not None:
                result.transcript = session.transcript
                session.close()
    result.seconds = time.monotonic() - start
    return result


def write_log(path: Path, check: HostCheck, run_seed: int, result: HostResult) -> None:
    header = [f"host check {check.name} of {check.hole}, seed {derive(run_seed, check.name)} "
              f"(grade --seed {run_seed} -t {check.name} repeats it)",
              "PASS" if result.passed else f"FAIL {result.reason}"]
    text = "\n".join(header + result.transcript) + "\n"
    path.write_text(text[:OUTPUT_LIMIT], encoding="utf-8")


def tail(result: HostResult) -> list[str]:
    """The end of the transcript, for the failure report."""
    return [_cut(line) for line in result.transcript[-2 * TRANSCRIPT_TAIL:]]


# --- Helpers for the lab files ---

def hexed(data: bytes | str) -> str:
    """Bytes as a protocol word: x then two hex digits a byte."""
    raw = data.encode("latin-1") if isinstance(data, str) else data
    return "x" + raw.hex()


def unhex(word: str) -> str:
    """A hex word back to text (latin-1, so every byte shows)."""
    try:
        return bytes.fromhex(word[1:]).decode("latin-1") if word.startswith("x") else word
    except ValueError:
        return word


def numbers(words: list[str]) -> list[int]:
    """Words that must all be numbers; CheckFailed if one is not."""
    try:
        return [int(w) for w in words]
    except ValueError:
        raise CheckFailed(f"a malformed answer: {_cut(' '.join(words))}") from None


def header_constants(root: Path, header: str) -> dict[str, int]:
    """The integer #defines of a header, simple expressions of earlier
    ones included (USER_STACK_TOP - USER_STACK_MAX): the model takes its
    numbers from the same place the code under test does."""
    found: dict[str, int] = {}
    for line in (root / header).read_text().splitlines():
        line = re.sub(r"/\*.*?(\*/|$)", "", line)
        m = re.match(r"#define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*$", line)
        if not m:
            continue
        expr = re.sub(r"\b(0x[0-9a-fA-F]+|[0-9]+)[uUlL]*\b", r"\1", m.group(2))
        expr = re.sub(r"[A-Z_][A-Z0-9_]*", lambda w: str(found.get(w.group(), "?")), expr)
        if re.fullmatch(r"[-+*/() 0-9a-fx<>|&~]+", expr):
            try:
                found[m.group(1)] = int(eval(expr.replace("/", "//"), {"__builtins__": {}}))  # noqa: S307
            except (SyntaxError, ZeroDivisionError, TypeError):
                pass
    return found


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE else text[:QUOTE] + "..."


def have_compiler() -> bool:
    return shutil.which(CC) is not None and shutil.which("readelf") is not None
