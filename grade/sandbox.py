"""Where a submission is built and graded: a sandbox that sees only its
own job folder and the toolchain.

A student's C is compiled on the grading machine, and the compiler reads
whatever the code names: `#include "/etc/passwd"`, `.incbin` of a
reference file, a classmate's tree graded at the same time.  No textual
filter stops that (macros build any path), so every command of a job
(make and the grader, hence gcc, as and QEMU) runs in a sandbox, and the
batch and the Gradescope autograder both use this module.  The isolation
is the strongest of these that works on the machine, tried in order:

  bubblewrap    bwrap with new mount, PID, network, IPC and UTS namespaces,
                and a user namespace (uid 1000 inside): the file system
                holds /usr (and the grader's Python) read-only, a fresh
                /proc, /dev and /tmp, and the job folder at /job, read-only
                but for its build/, home/ and out/.  No /etc, /root, /home,
                no instructor tree, no other job, no network.
  bubblewrap-root  the same without a user namespace (a container that has
                none but lets root make mount namespaces): root inside, with
                every capability dropped.
  user          no namespaces at all, but the grader runs as root: every job
                runs as a uid of its own, owner of its private folder (mode
                0700), so no job reads another's; world-readable files of
                the machine stay readable.
  none          nothing but the private folder (mode 0700); jobs of one batch
                run as the same user.  Only for trusted submissions.

MICA_SANDBOX=<kind> asks for one kind (an error if it does not work
here).  Each result names the kind that was active.  Whatever the kind,
the student-visible text goes through scrub(), which writes the job
folder's real path (and /job) as `<job>`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KIND_ENV = "MICA_SANDBOX"
KINDS = ("bubblewrap", "bubblewrap-root", "user", "none")
INSIDE = Path("/job")                 # the job folder, as the sandbox sees it
SHOWN = "<job>"                       # the job folder, as results show it
WRITABLE = ("build", "home", "out")   # what a job's commands may write
INSIDE_UID = 1000
UID_BASE = 1_500_000_000              # the "user" kind's uids: far above any real account
UID_SPAN = 500_000_000
TOP_LINKS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")   # -> usr/... on merged-/usr systems
CONFIG = ("/etc/ld.so.cache",)        # all of /etc a job sees
PROBE_TIMEOUT = 20.0
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"

DESCRIPTIONS = {
    "bubblewrap": "bubblewrap: private mount, PID, network, IPC and user namespaces; "
                  "the job sees only its own files and the toolchain",
    "bubblewrap-root": "bubblewrap without a user namespace: private mount, PID, network "
                       "and IPC namespaces, capabilities dropped; the job sees only its own "
                       "files and the toolchain",
    "user": "a user of its own per job (no namespaces here): other jobs are unreadable, "
            "world-readable files of the grading machine are readable",
    "none": "none (no namespaces, not root): only a private folder; "
            "submissions can read what the grader can",
}


class SandboxError(Exception):
    """The asked-for isolation does not work here."""


@dataclass(frozen=True)
class Sandbox:
    kind: str
    python: str                           # the Python 3.11+ that runs the grader inside
    toolchain: tuple[str, ...] = ()       # read-only folders beside /usr (bubblewrap kinds)
    bwrap: str = ""

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]

    def search_path(self) -> str:
        """PATH for the job's commands."""
        if self.kind.startswith("bubblewrap"):
            return SAFE_PATH
        return os.environ.get("PATH") or os.defpath

    def view(self, job: Path) -> Path:
        """Where the job folder appears to the job's commands."""
        return INSIDE if self.kind.startswith("bubblewrap") else job

    def new_job(self, parent: Path) -> Job:
        """A private folder for one job under parent (itself private to the
        grader): a random name, mode 0700, owned by the job's uid in the
        "user" kind (parent then lets others through, never list)."""
        path = Path(tempfile.mkdtemp(prefix="job-", dir=parent))
        for name in WRITABLE:
            (path / name).mkdir()
        (path / "home" / "tmp").mkdir()
        uid = None
        if self.kind == "user":
            uid = UID_BASE + secrets.randbelow(UID_SPAN)
            os.chmod(parent, 0o711)
            for name in WRITABLE:
                for here, dirs, files in os.walk(path / name):
                    for entry in [here, *(os.path.join(here, n) for n in dirs + files)]:
                        os.chown(entry, uid, uid, follow_symlinks=False)
            os.chown(path, uid, uid)
        return Job(path=path, uid=uid)

    def command(self, job: Job, argv: list[str], cwd: Path, env: dict[str, str]) -> Wrapped:
        """argv, run in job's sandbox with the working directory cwd (a
        folder of the job, as view() shows it) and the environment env."""
        if not self.kind.startswith("bubblewrap"):
            return Wrapped(argv=argv, cwd=cwd, env=env, uid=job.uid)
        options = [*self._namespaces(), "--die-with-parent", "--new-session",
                   "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr"]
        for name in TOP_LINKS:
            top = Path("/") / name
            if top.is_symlink():
                options += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                options += ["--ro-bind", str(top), str(top)]
        for path in CONFIG:
            options += ["--ro-bind-try", path, path]
        for path in self.toolchain:
            options += ["--ro-bind", path, path]
        options += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                    "--ro-bind", str(job.path), str(INSIDE)]
        for name in WRITABLE:
            options += ["--bind", str(job.path / name), str(INSIDE / name)]
        options += ["--chdir", str(cwd), "--clearenv"]
        for key, value in env.items():
            options += ["--setenv", key, value]
        # The options go through a pipe (--args), so that the sandbox's
        # /proc/1/cmdline does not show the machine's paths.
        return Wrapped(argv=[self.bwrap, "--args", "{fd}", "--", *argv], cwd=job.path, env=env,
                       uid=None, bwrap_options=options)

    def _namespaces(self) -> list[str]:
        common = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                  "--unshare-cgroup-try"]
        if self.kind == "bubblewrap":
            return ["--unshare-user", "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID), *common]
        return common


@dataclass(frozen=True)
class Job:
    path: Path                # the job's private folder
    uid: int | None           # the uid its commands run as ("user" kind)


@dataclass
class Wrapped:
    """A command ready for subprocess: argv (where "{fd}" stands for the
    read end of a pipe that carries bwrap_options), its cwd, env, uid."""
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    uid: int | None
    bwrap_options: list[str] = field(default_factory=list)


def popen(wrapped: Wrapped, **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start a wrapped command (kwargs go to Popen: stdout, session...)."""
    argv = list(wrapped.argv)
    if not wrapped.bwrap_options:
        extra = {"user": wrapped.uid, "group": wrapped.uid, "extra_groups": []} \
            if wrapped.uid is not None else {}
        return subprocess.Popen(argv, cwd=wrapped.cwd, env=wrapped.env, **extra, **kwargs)
    read, write = os.pipe()
    try:
        argv[argv.index("{fd}")] = str(read)
        data = b"".join(option.encode() + b"\0" for option in wrapped.bwrap_options)
        proc = subprocess.Popen(argv, cwd=wrapped.cwd, env=wrapped.env, pass_fds=(read,),
                                **kwargs)
        os.close(read)
        read = -1
        with os.fdopen(write, "wb") as pipe:
            write = -1
            pipe.write(data)
        return proc
    finally:
        for fd in (read, write):
            if fd >= 0:
                os.close(fd)


def detect(python: str | None = None) -> Sandbox:
    """The strongest isolation that works here (or MICA_SANDBOX's)."""
    wanted = os.environ.get(KIND_ENV) or None
    if wanted is not None and wanted not in KINDS:
        raise SandboxError(f"{KIND_ENV}={wanted}: not one of {', '.join(KINDS)}")
    interpreter = _python(python)
    bwrap = shutil.which("bwrap") or ""
    tried: list[str] = []
    for kind in KINDS:
        if wanted is not None and kind != wanted:
            continue
        candidate = Sandbox(kind=kind, python=interpreter, toolchain=_toolchain(interpreter),
                            bwrap=bwrap)
        problem = _probe(candidate)
        if problem is None:
            return candidate
        tried.append(f"{kind}: {problem}")
    raise SandboxError("no isolation works here (" + "; ".join(tried) + ")")


def _python(python: str | None) -> str:
    """A Python 3.11+ that a sandboxed job can run: the system's if it is
    new enough (a Python under /root or a home is not visible there)."""
    for name in ("python3", "python3.13", "python3.12", "python3.11"):
        path = Path("/usr/bin") / name
        if path.is_file() and _new_enough(str(path)):
            return str(path)
    return python or sys.executable


def _new_enough(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 11))"],
                              capture_output=True, timeout=PROBE_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _toolchain(python: str) -> tuple[str, ...]:
    """Folders outside /usr that the job needs read-only: the Python's."""
    prefix = Path(python).resolve().parent.parent
    return () if prefix.is_relative_to("/usr") else (str(prefix),)


def _probe(sandbox: Sandbox) -> str | None:
    """Why this kind does not work here, or None when it does."""
    if sandbox.kind == "none":
        return None
    if sandbox.kind in ("user", "bubblewrap-root") and os.geteuid() != 0:
        return "needs root"
    if sandbox.kind.startswith("bubblewrap") and not sandbox.bwrap:
        return "bwrap not installed (tools/install-deps installs it)"
    # In TMPDIR, where the jobs will be: a job's user must reach it.
    with tempfile.TemporaryDirectory(prefix="mica-sandbox-probe-") as tmp:
        job = sandbox.new_job(Path(tmp))
        wrapped = sandbox.command(job, [sandbox.python, "-c", "print('ok')"],
                                  sandbox.view(job.path) / "home", {"PATH": sandbox.search_path()})
        try:
            proc = popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out, _ = proc.communicate(timeout=PROBE_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as err:
            return f"the probe failed ({err})"
        if proc.returncode != 0 or out.strip() != b"ok":
            said = out.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            return f"the probe failed: {said[0][:200]}"
    return None


def scrub(value: Any, job: Path) -> Any:
    """value (text, or lists and dicts of it) with the job folder's paths,
    real or as the sandbox shows them, written as <job>."""
    if isinstance(value, str):
        return _job_paths(job).sub(SHOWN, value)
    if isinstance(value, list):
        return [scrub(item, job) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, job) for key, item in value.items()}
    return value


def _job_paths(job: Path) -> re.Pattern[str]:
    """The job folder's names, each not followed by more of a file name."""
    names = sorted({str(job), str(job.resolve()), str(INSIDE)}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + r")(?![\w.-])")
