"""Opening a handin archive (written by tools/handin) without trusting it.

An archive must be a gzip-compressed tar holding exactly two regular files,
manifest.json and mica.bundle, each at most MEMBER_LIMIT bytes.  Anything
else (absolute paths, `..`, links, devices, other names, duplicates) is
refused before a byte of it is written.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MEMBER_LIMIT = 200 * 1024 * 1024
ARCHIVE_LIMIT = 2 * MEMBER_LIMIT
MEMBERS = ("manifest.json", "mica.bundle")
MANIFEST_LIMIT = 64 * 1024
FORMAT = 1
COMMIT_RE = re.compile(r"[0-9a-f]{40}")


class BadSubmission(Exception):
    """The archive cannot be graded; the message says why, in one line."""


@dataclass(frozen=True)
class Manifest:
    lab: int
    commit: str
    branch: str | None
    created: str


def extract(archive: Path, dest: Path) -> None:
    """Write the archive's two members into dest, or raise BadSubmission."""
    size = archive.stat().st_size
    if size > ARCHIVE_LIMIT:
        raise BadSubmission(f"archive is {size} bytes, more than {ARCHIVE_LIMIT}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            seen: set[str] = set()
            while (member := tar.next()) is not None:
                name = _check_member(member, seen)
                source = tar.extractfile(member)
                assert source is not None
                with source, open(dest / name, "xb") as out:
                    shutil.copyfileobj(source, out)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        if isinstance(err, OSError) and err.filename is not None:
            raise                     # our own disk, not the archive
        raise BadSubmission(f"not a readable .tar.gz archive ({_why(err)})") from None
    missing = [name for name in MEMBERS if name not in seen]
    if missing:
        raise BadSubmission(f"archive lacks {', '.join(missing)}; make it with `make handin`")


def _check_member(member: tarfile.TarInfo, seen: set[str]) -> str:
    name = member.name
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith(("/", "\\")):
        raise BadSubmission(f"archive member {name!r} has an absolute path")
    if ".." in pure.parts or ".." in name.split("\\"):
        raise BadSubmission(f"archive member {name!r} escapes the archive's directory (..)")
    if member.issym() or member.islnk():
        raise BadSubmission(f"archive member {name!r} is a link (to {member.linkname!r})")
    if not member.isreg():
        raise BadSubmission(f"archive member {name!r} is not a regular file")
    if name not in MEMBERS:
        raise BadSubmission(f"archive member {name!r} is unexpected; "
                            f"only {' and '.join(MEMBERS)} are allowed")
    if name in seen:
        raise BadSubmission(f"archive member {name!r} appears twice")
    if member.size > MEMBER_LIMIT:
        raise BadSubmission(f"archive member {name!r} is {member.size} bytes, "
                            f"more than {MEMBER_LIMIT}")
    seen.add(name)
    return name


def read_manifest(path: Path, lab: int) -> Manifest:
    """The checked manifest.json of an extracted archive, for lab `lab`."""
    if path.stat().st_size > MANIFEST_LIMIT:
        raise BadSubmission(f"manifest.json is bigger than {MANIFEST_LIMIT} bytes")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BadSubmission(f"manifest.json is not valid JSON ({err})") from None
    if not isinstance(data, dict):
        raise BadSubmission("manifest.json is not a JSON object")
    if data.get("format") != FORMAT:
        raise BadSubmission(f"manifest.json: format {data.get('format')!r}, expected {FORMAT}")
    found = data.get("lab")
    if not isinstance(found, int) or isinstance(found, bool):
        raise BadSubmission(f"manifest.json: lab {found!r} is not a number")
    if found != lab:
        raise BadSubmission(f"handin is for lab {found}, not lab {lab}; "
                            f"run `make handin` on the lab{lab} branch")
    commit = data.get("commit")
    if not isinstance(commit, str) or not COMMIT_RE.fullmatch(commit):
        raise BadSubmission(f"manifest.json: commit {commit!r} is not 40 hex digits")
    branch = data.get("branch")
    if branch is not None and not isinstance(branch, str):
        raise BadSubmission("manifest.json: branch must be a string or null")
    created = data.get("created")
    if not isinstance(created, str):
        raise BadSubmission("manifest.json: created must be a string")
    return Manifest(lab=found, commit=commit, branch=branch, created=created)


def _why(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:200]
