"""The official files a submission is graded with: branch labN of the
released student repository (written by labs/release), and the hole files
of labs 1..N, the only files taken from a student; for a catch-up handin
(its tree holds prebuilt/labM.a of an earlier lab M), branch labN-catchup,
whose earlier labs come compiled from the reference and count as given,
and lab N's hole files alone (labs/manifest.py, students_holes)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from labs.manifest import ManifestError, branch_name, load_labs, students_holes

RELEASE_TIMEOUT = 1800.0
GIT_TIMEOUT = 300.0
TAIL_LINES = 5


class ReleaseError(Exception):
    """No official tree to grade with; the batch cannot start."""


@dataclass(frozen=True)
class Official:
    repo: str                  # where it came from, as shown to the instructor
    lab: int
    branch: str                # labN or labN-catchup
    commit: str                # that branch's commit
    tree: Path                 # its files, the template of every graded tree
    holes: tuple[str, ...]     # the files taken from a submission (students_holes)
    max_score: int             # the points of labs 1..lab

    @property
    def catch_up(self) -> bool:
        return self.branch.endswith("-catchup")


@dataclass(frozen=True)
class Officials:
    """What a lab-N submission is graded with: branch labN, or for a
    catch-up handin labN-catchup (None when the release has none)."""
    normal: Official
    catch_up: Official | None

    def pick(self, is_catch_up: bool) -> Official | None:
        return self.catch_up if is_catch_up else self.normal


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


def load_officials(repo: Path, lab: int, dest: Path) -> Officials:
    """Branches labN and (if the release has it) labN-catchup of repo,
    exported under dest."""
    normal = load_official(repo, lab, dest / branch_name(lab, False))
    catch_up = None
    if lab > 1 and _has_branch(repo, branch_name(lab, True)):
        catch_up = load_official(repo, lab, dest / branch_name(lab, True), is_catch_up=True)
    return Officials(normal, catch_up)


def load_official(repo: Path, lab: int, dest: Path, is_catch_up: bool = False) -> Official:
    """Export branch lab<lab> (or lab<lab>-catchup) of repo into dest and
    read its lab manifests."""
    if not repo.is_dir():
        raise ReleaseError(f"release repository {repo} is not a directory")
    branch = branch_name(lab, is_catch_up)
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
    return read_official(dest, lab, branch, commit, f"branch {branch} of {repo}")


def read_official(tree: Path, lab: int, branch: str, commit: str, shown: str) -> Official:
    """The official tree of branch (labN or labN-catchup) at tree, checked."""
    try:
        labs = load_labs(tree)
    except ManifestError as err:
        raise ReleaseError(f"{shown}: {err}") from None
    mine = [entry for entry in labs if entry.number <= lab]
    if not mine or mine[-1].number != lab:
        raise ReleaseError(f"{shown} has no labs/lab{lab}/lab.toml")
    for name in ("Makefile", "grade/grade"):
        if not (tree / name).is_file():
            raise ReleaseError(f"{shown} has no {name}")
    if (tree / "solutions").exists():
        raise ReleaseError(f"{shown} holds solutions/: it is not a released branch")
    return Official(repo=shown, lab=lab, branch=branch, commit=commit, tree=tree,
                    holes=students_holes(labs, lab, branch.endswith("-catchup")),
                    max_score=sum(entry.points for entry in mine))


def _has_branch(repo: Path, branch: str) -> bool:
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                           f"refs/heads/{branch}^{{commit}}"], capture_output=True,
                          timeout=GIT_TIMEOUT)
    return done.returncode == 0


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
