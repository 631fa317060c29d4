"""The official files a submission is graded with: branch labN of the
released student repository (written by labs/release), and the hole files
of labs 1..N, the only files taken from a student."""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from labs.manifest import ManifestError, graded_holes, load_labs

RELEASE_TIMEOUT = 1800.0
GIT_TIMEOUT = 300.0
TAIL_LINES = 5


class ReleaseError(Exception):
    """No official tree to grade with; the batch cannot start."""


@dataclass(frozen=True)
class Official:
    repo: Path
    lab: int
    commit: str                # branch labN of repo
    tree: Path                 # its files, the template of every graded tree
    holes: tuple[str, ...]     # the hole files of labs 1..lab
    max_score: int             # the points of labs 1..lab


def make_release(root: Path, out: Path) -> Path:
    """Run labs/release of the instructor tree at root into out."""
    tool = root / "labs" / "release"
    if not tool.is_file():
        raise ReleaseError(f"{tool} not found; give the released repository with --release")
    try:
        done = subprocess.run([str(tool), "--out", str(out)], cwd=root, capture_output=True,
                              text=True, errors="replace", timeout=RELEASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ReleaseError(f"labs/release took more than {RELEASE_TIMEOUT:g}s") from None
    except OSError as err:
        raise ReleaseError(f"cannot run labs/release: {err.strerror or err}") from None
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-TAIL_LINES:]
        raise ReleaseError(f"labs/release failed with status {done.returncode}: "
                           + " | ".join(said))
    return out


def load_official(repo: Path, lab: int, dest: Path) -> Official:
    """Export branch lab<lab> of repo into dest and read its lab manifests."""
    if not repo.is_dir():
        raise ReleaseError(f"release repository {repo} is not a directory")
    branch = f"lab{lab}"
    not_git = f"release repository {repo} is not a git repository"
    gitdir = Path(_git(repo, "rev-parse", "--absolute-git-dir", what=not_git).decode().strip())
    if gitdir not in (repo, repo / ".git"):
        raise ReleaseError(not_git)           # only inside one
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}",
                  what=f"release repository {repo} has no branch {branch}").decode().strip()
    archive = _git(repo, "archive", "--format=tar", commit, what=f"cannot export {branch}")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    try:
        labs = load_labs(dest)
    except ManifestError as err:
        raise ReleaseError(f"branch {branch} of {repo}: {err}") from None
    mine = [entry for entry in labs if entry.number <= lab]
    if not mine or mine[-1].number != lab:
        raise ReleaseError(f"branch {branch} of {repo} has no labs/{branch}/lab.toml")
    for name in ("Makefile", "grade/grade"):
        if not (dest / name).is_file():
            raise ReleaseError(f"branch {branch} of {repo} has no {name}")
    return Official(repo=repo, lab=lab, commit=commit, tree=dest,
                    holes=graded_holes(labs, lab),
                    max_score=sum(entry.points for entry in mine))


def _git(repo: Path, *args: str, what: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ReleaseError(f"{what}: git took more than {GIT_TIMEOUT:g}s") from None
    except OSError as err:
        raise ReleaseError(f"cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        raise ReleaseError(what)
    return done.stdout
