"""Finding the submissions in SUBMISSIONS_DIR.

A submission is <student>.tar.gz, or a folder <student>/ that holds exactly
one *.tar.gz (the name of the archive inside does not matter).  A student
id is made of [A-Za-z0-9._-] and does not start with a dot.  Entries that
fit neither form are skipped with a warning; a student who has both forms,
or a folder without exactly one archive, is a bad submission.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from grade.batch_student import Submission

STUDENT_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
SUFFIX = ".tar.gz"


def collect(folder: Path) -> tuple[list[Submission], list[str]]:
    """The submissions by student, and warnings about entries skipped."""
    found: dict[str, list[Submission]] = {}
    skipped: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        name = entry.name
        mode = entry.lstat().st_mode
        student = name[:-len(SUFFIX)] if name.endswith(SUFFIX) else name
        if stat.S_ISREG(mode) and name.endswith(SUFFIX):
            sub = Submission(student, entry, name)
        elif stat.S_ISDIR(mode):
            sub = _from_folder(entry)
        elif stat.S_ISLNK(mode) and (name.endswith(SUFFIX) or entry.is_dir()):
            sub = Submission(student, None, name, f"{name} is a symbolic link; "
                             "copy the submission itself into the folder")
        else:
            skipped.append(f"{name}: not <student>.tar.gz nor a folder <student>/")
            continue
        if not STUDENT_RE.fullmatch(sub.student):
            skipped.append(f"{name}: a student id may only use A-Z a-z 0-9 . _ - "
                           "and may not start with a dot")
            continue
        found.setdefault(sub.student, []).append(sub)
    subs = []
    for student, forms in sorted(found.items()):
        if len(forms) > 1:
            shown = " and ".join(f.shown for f in forms)
            subs.append(Submission(student, None, shown, f"two submissions ({shown}); keep one"))
        else:
            subs.append(forms[0])
    return subs, skipped


def _from_folder(folder: Path) -> Submission:
    student = folder.name
    archives = sorted(p.name for p in folder.iterdir() if p.name.endswith(SUFFIX))
    if len(archives) != 1:
        listed = f": {', '.join(archives)}" if archives else ""
        return Submission(student, None, f"{student}/",
                          f"folder {student}/ must hold exactly one {SUFFIX} file, "
                          f"found {len(archives)}{listed}")
    archive = folder / archives[0]
    shown = f"{student}/{archives[0]}"
    if not stat.S_ISREG(archive.lstat().st_mode):
        return Submission(student, None, shown, f"{shown} is not a regular file")
    return Submission(student, archive, shown)
