"""The reference hole files compiled, one archive per lab.

A student branch gets later labs' holes only as objects: prebuilt/labN.a,
one member per hole file, named after its path (kernel/asyn.c is
kernel__asyn.o), which the Makefile extracts and links in place of the
missing source. The objects are compiled by the tree's own Makefile
from solutions/ with the flags every build uses, so they link with a
student's build; their debug information names the hole's own path
(kernel/asyn.c), not solutions/, and no instructor directory.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from manifest import Lab, archive_path


def member_name(hole: str) -> str:
    """kernel/calls/do_uptime.c -> kernel__calls__do_uptime.o"""
    return hole.removesuffix(".c").replace("/", "__") + ".o"


class BuildError(Exception):
    """The reference objects could not be built."""


def build_archives(src: Path, labs: list[Lab], work: Path) -> dict[int, Path]:
    """Compile every lab's holes from src/solutions and pack them; returns
    lab number -> archive under work."""
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
    archives: dict[int, Path] = {}
    for lab in labs:
        members = work / f"members{lab.number}"
        members.mkdir()
        names = []
        for hole in lab.holes:
            name = member_name(hole)
            shutil.copyfile(targets[hole], members / name)
            names.append(name)
        archive = work / f"lab{lab.number}.a"
        # D: deterministic (no dates or owners), so a release is reproducible.
        subprocess.run(["ar", "rcD", str(archive), *names], cwd=members, check=True)
        if b"solutions/" in archive.read_bytes():
            raise BuildError(f"{archive_path(lab.number)} would name solutions/")
        archives[lab.number] = archive
    return archives
