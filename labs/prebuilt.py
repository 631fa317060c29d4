"""The reference hole files compiled, two archives per lab.

A student branch gets later labs' holes only as objects: prebuilt/labN.a,
one member per hole file, named after its path (kernel/asyn.c is
kernel__asyn.o), which the Makefile extracts and links in place of the
missing source. The objects are compiled by the tree's own Makefile
from solutions/ with the flags every build uses, so they link with a
student's build; their debug information names the hole's own path
(kernel/asyn.c), not solutions/, and no instructor directory.

The host checks of a hole that a branch has compiled (an earlier lab's,
in a catch-up branch) link it into a host program, which the i386
objects cannot go into: they take their arguments in registers
(-mregparm=3), the host's C library on the stack. So prebuilt/host/labN.a
holds each hole that a host check tests, compiled as grade/hostcheck.py
compiles a hole file for its check, names mapped as above.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from manifest import Lab, archive_path, host_archive_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from grade import hostcheck  # noqa: E402


class BuildError(Exception):
    """The reference objects could not be built."""


def build_archives(src: Path, labs: list[Lab], work: Path) -> dict[int, dict[str, Path]]:
    """Compile every lab's holes from src/solutions and pack them; returns
    lab number -> {path in a branch (archive_path, host_archive_path):
    archive under work}."""
    build = (work / "build").resolve()
    targets = {hole: build / "obj" / hole.replace(".c", ".o")
               for lab in labs for hole in lab.holes}
    src_abs = src.resolve()
    hole_cflags = f"-ffile-prefix-map=solutions/= -ffile-prefix-map={src_abs}=."
    command = ["make", "-C", str(src_abs), f"BUILD={build}", f"HOLE_CFLAGS={hole_cflags}",
               *map(str, targets.values())]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
        raise BuildError(f"building the reference objects failed:\n{tail}")
    archives: dict[int, dict[str, Path]] = {}
    for lab in labs:
        i386 = pack([(targets[hole], hostcheck.member_name(hole)) for hole in lab.holes],
                    work / f"members{lab.number}", work / f"lab{lab.number}.a")
        host = pack(host_objects(src_abs, lab, work / f"host{lab.number}"),
                    work / f"host-members{lab.number}", work / f"host-lab{lab.number}.a")
        archives[lab.number] = {archive_path(lab.number): i386, host_archive_path(lab.number): host}
    return archives


def host_objects(src: Path, lab: Lab, work: Path) -> list[tuple[Path, str]]:
    """The holes of lab that its host checks test, compiled for them from
    src/solutions: (object, member name) each."""
    work.mkdir()
    # __FILE__ as the hole's own path (kernel/asyn.c), as in the i386 objects.
    names = (f"-ffile-prefix-map={src}/=", f"-ffile-prefix-map={src}/solutions/=")
    objects = []
    tested = hostcheck.checked_holes(lab.number)
    if not tested <= set(lab.holes):
        # Its object would ship in the branches of the hole's own lab and
        # be graded in place of the student's file.
        raise BuildError(f"lab {lab.number}'s host checks test holes of another lab: "
                         + ", ".join(sorted(tested - set(lab.holes))))
    for hole in sorted(tested):
        obj = work / hostcheck.member_name(hole)
        error = hostcheck.compile_hole(src, hole, src / "solutions" / hole, obj, names)
        if error is not None:
            raise BuildError(f"compiling {hole} for its host checks failed: {error}")
        objects.append((obj, obj.name))
    return objects


def pack(objects: list[tuple[Path, str]], members: Path, archive: Path) -> Path:
    """An archive of these objects, each under its member name."""
    members.mkdir()
    for obj, name in objects:
        shutil.copyfile(obj, members / name)
    # D: deterministic (no dates or owners), so a release is reproducible.
    subprocess.run(["ar", "rcD", str(archive), *(name for _, name in objects)], cwd=members,
                   check=True)
    if b"solutions/" in archive.read_bytes():
        raise BuildError(f"{archive.name} would name solutions/")
    return archive
