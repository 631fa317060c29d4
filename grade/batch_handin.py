"""The hole files of a handin archive (tools/handin's format), taken
without trusting it: the archive's two members checked (batch_archive),
its bundle cloned bare with transfer.fsckObjects (nothing is checked out,
so no hook or attribute of the student's runs), and each hole file read
from the handed-in commit as a blob.  Used by the batch and by the
Gradescope autograder, so a handin is read the same way by both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grade import batch_proc
from grade.batch_archive import BadSubmission, Manifest, extract, read_manifest

GIT_TIMEOUT = 120.0
KEEP = 64 * 1024                    # bytes of git's output kept
HOLE_LIMIT = 1024 * 1024            # a bigger hole file is not taken
REGULAR_MODES = ("100644", "100755")
STUB = "the official stub was graded"


class GitMissing(Exception):
    """git cannot be run at all (the grading machine's problem)."""


@dataclass(frozen=True)
class HoleNote:
    """Where the graded copy of one hole file came from, and why."""
    path: str
    taken: bool                     # from the submission, or the official stub
    note: str = ""

    def document(self) -> dict[str, str]:
        return {"path": self.path, "from": "submission" if self.taken else "official stub",
                "note": self.note}

    def line(self) -> str:
        return f"{self.path}: " + ("taken from the submission" if self.taken else self.note)


class Commit:
    """The handed-in commit, in a bare clone of the handin's bundle."""

    def __init__(self, archive: Path, lab: int, folder: Path, env: dict[str, str]) -> None:
        """Check archive (for lab `lab`) and clone it into folder (which
        must exist and be empty); BadSubmission says what is wrong."""
        self.env = env
        self.folder = folder
        handin = folder / "handin"
        handin.mkdir()
        extract(archive, handin)
        self.manifest: Manifest = read_manifest(handin / "manifest.json", lab)
        gitdir = folder / "student.git"
        cloned = self._git("-c", "transfer.fsckObjects=true", "clone", "--quiet", "--bare",
                           str(handin / "mica.bundle"), str(gitdir), gitdir=False)
        if cloned.start_error:
            raise GitMissing(f"cannot run git: {cloned.start_error}")
        if cloned.code != 0:
            raise BadSubmission("mica.bundle is not a git bundle that can be cloned" + (
                f" (git took more than {GIT_TIMEOUT:g}s)" if cloned.timed_out else ""))
        if self._git("cat-file", "-e", f"{self.commit}^{{commit}}").code != 0:
            raise BadSubmission(f"commit {self.commit} of manifest.json is not in mica.bundle")

    @property
    def commit(self) -> str:
        return self.manifest.commit

    def manifest_document(self) -> dict[str, Any]:
        return asdict(self.manifest)

    def entries(self, *paths: str) -> dict[str, tuple[str, str, str]]:
        """path -> (mode, kind, object id) of those of these paths that
        the commit has."""
        listed = self._git("ls-tree", "-z", "--full-tree", self.commit, "--", *paths)
        if listed.code != 0:
            raise BadSubmission(f"cannot list the files of commit {self.commit}")
        found: dict[str, tuple[str, str, str]] = {}
        for record in listed.output.decode("utf-8", "replace").split("\0"):
            if "\t" in record:
                info, path = record.split("\t", 1)
                mode, kind, sha = info.split()
                found[path] = (mode, kind, sha)
        return found

    def holes(self, holes: tuple[str, ...]) -> tuple[dict[str, bytes], list[HoleNote]]:
        """The contents of each hole file the commit has as a regular file
        of at most HOLE_LIMIT bytes, and a note for every hole."""
        entries = self.entries(*holes)
        files: dict[str, bytes] = {}
        notes = []
        for hole in holes:
            problem = ""
            if hole not in entries:
                problem = "not in the submission"
            elif entries[hole][0] not in REGULAR_MODES or entries[hole][1] != "blob":
                problem = f"not a regular file (git mode {entries[hole][0]})"
            else:
                blob = self._git("cat-file", "blob", entries[hole][2], limit=HOLE_LIMIT)
                if blob.overflowed:
                    problem = f"bigger than {HOLE_LIMIT} bytes"
                elif blob.code != 0:
                    problem = "cannot be read from the bundle"
                else:
                    files[hole] = blob.output
            notes.append(HoleNote(hole, not problem, f"{problem}; {STUB}" if problem else ""))
        return files, notes

    def _git(self, *args: str, limit: int = KEEP, gitdir: bool = True) -> batch_proc.Done:
        where = [f"--git-dir={self.folder / 'student.git'}"] if gitdir else []
        return batch_proc.run(["git", *where, *args], env=self.env, cwd=self.folder,
                              timeout=GIT_TIMEOUT, limit=limit, keep=limit, merge_stderr=False)
