"""The lab manifests: labs/labN/lab.toml (one per lab) and labs/labs.toml.

labs/labN/lab.toml describes lab N:

    title     = "Kernel calls and IPC"
    handout   = "handout/lab1.md"          # what students read
    tests     = "grade/tests_lab1.py"      # the grader's tests of this lab
    points    = 76                         # must equal the tests' points
    holes     = ["kernel/notify.c", ...]   # the files students write
    new_files = ["handout/lab1.md", ...]   # files or folders first shipped in lab N
    stub_boot = "lab 1: exercise .* is not written"   # optional, see below
    [passes_with_stubs]                    # tests of lab N that pass before
    boot = "why it passes anyway"          # the holes are filled, and why

stub_boot is for a lab whose stubs keep the system from init's prompt
(with lab 1's IPC unwritten VM and init cannot talk): a regular
expression for the console line with which such a boot names the
missing exercise, and then ends. Without it, the lab's stubs must boot
to the prompt.

A hole file is, in the tree, the student's version (a stub that fails
clearly); the reference lives at solutions/<same path>. In a student
branch a lab's holes may come compiled instead, as prebuilt/labN.a (the
later labs' always, the earlier labs' in a catch-up branch): then the
branch has no source of them. labs/labs.toml names what never leaves the
instructors (instructor_only = [paths]).

Everything here is read by the grader, the release tool, the batch
grader and the CI check; errors are ManifestError with a message that
names the file and the key. For the Makefiles, which cannot read TOML,

    python3 labs/manifest.py holes

prints the hole files of every lab of the tree, one a line.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

LAB_DIR_RE = re.compile(r"lab([1-9][0-9]*)")
HOLE_ROOTS = ("kernel", "user", "lib")
SOLUTIONS = "solutions"
PREBUILT_DIR = "prebuilt"


class ManifestError(Exception):
    """A lab.toml or labs.toml that cannot be used as it is."""


@dataclass(frozen=True)
class Lab:
    number: int
    title: str
    handout: str
    tests: str
    points: int
    holes: tuple[str, ...]
    new_files: tuple[str, ...]
    passes_with_stubs: dict[str, str] = field(default_factory=dict)
    stub_boot: str | None = None

    @property
    def manifest(self) -> str:
        return f"labs/lab{self.number}/lab.toml"


def load_labs(root: Path, require_solutions: bool = False) -> list[Lab]:
    """Every lab of the tree at root, by number, checked; with
    require_solutions, every hole must also have its reference."""
    labs = [load_lab(root, number, require_solutions) for number in _lab_numbers(root)]
    numbers = [lab.number for lab in labs]
    if numbers != list(range(1, len(labs) + 1)):
        raise ManifestError(f"labs/: lab numbers must run 1..N without gaps, found {numbers}")
    owner: dict[str, int] = {}
    for lab in labs:
        for hole in lab.holes:
            if hole in owner:
                raise ManifestError(f"{lab.manifest}: hole {hole} already belongs to lab {owner[hole]}")
            owner[hole] = lab.number
    return labs


def load_lab(root: Path, number: int, require_solutions: bool = False) -> Lab:
    where = f"labs/lab{number}/lab.toml"
    data = _read_toml(root, where)
    known = {"title", "handout", "tests", "points", "holes", "new_files", "passes_with_stubs",
             "stub_boot"}
    for key in data:
        if key not in known:
            raise ManifestError(f"{where}: unknown key {key!r}")

    def need(key: str, kind: type) -> object:
        if key not in data:
            raise ManifestError(f"{where}: missing key {key!r}")
        if not isinstance(data[key], kind) or (kind is int and isinstance(data[key], bool)):
            raise ManifestError(f"{where}: {key!r} must be a {kind.__name__}")
        return data[key]

    def paths(key: str) -> tuple[str, ...]:
        value = need(key, list)
        assert isinstance(value, list)
        for item in value:
            if not isinstance(item, str):
                raise ManifestError(f"{where}: {key!r} must be a list of paths")
            _check_path(where, key, item)
        if len(set(value)) != len(value):
            raise ManifestError(f"{where}: {key!r} names a path twice")
        return tuple(value)

    lab = Lab(
        number=number,
        title=str(need("title", str)),
        handout=_check_path(where, "handout", str(need("handout", str))),
        tests=_check_path(where, "tests", str(need("tests", str))),
        points=int(need("points", int)),  # type: ignore[call-overload]
        holes=paths("holes"),
        new_files=paths("new_files"),
        passes_with_stubs=_reasons(where, data.get("passes_with_stubs", {})),
        stub_boot=_pattern(where, data.get("stub_boot")),
    )
    if lab.points <= 0:
        raise ManifestError(f"{where}: 'points' must be positive")
    compiled = (root / archive_path(number)).is_file()
    for hole in lab.holes:
        if PurePosixPath(hole).parts[0] not in HOLE_ROOTS or not hole.endswith((".c", ".S")):
            raise ManifestError(f"{where}: hole {hole} must be a .c or .S file under "
                                + ", ".join(f"{r}/" for r in HOLE_ROOTS))
        if not compiled and not (root / hole).is_file():
            raise ManifestError(f"{where}: hole file {hole} is missing")
        if require_solutions and not (root / SOLUTIONS / hole).is_file():
            raise ManifestError(f"{where}: hole {hole} has no reference at {SOLUTIONS}/{hole}")
    for path in (lab.handout, lab.tests):
        if not (root / path).is_file():
            raise ManifestError(f"{where}: {path} is missing")
    return lab


def instructor_only(root: Path) -> tuple[str, ...]:
    """The paths labs/labs.toml keeps out of every student branch."""
    where = "labs/labs.toml"
    data = _read_toml(root, where)
    value = data.get("instructor_only")
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ManifestError(f"{where}: 'instructor_only' must be a list of paths")
    for path in value:
        _check_path(where, "instructor_only", path)
    if SOLUTIONS not in value:
        raise ManifestError(f"{where}: 'instructor_only' must name {SOLUTIONS}")
    return tuple(value)


def current_lab(root: Path) -> int:
    """The highest lab whose manifest is in the tree: a lab branch's own
    lab (the instructor tree has them all)."""
    numbers = _lab_numbers(root)
    if not numbers:
        raise ManifestError("labs/: no labN/lab.toml")
    return numbers[-1]


def graded_holes(labs: list[Lab], number: int) -> tuple[str, ...]:
    """The files a lab-`number` submission is graded on: the hole files
    of labs 1..number. Everything else comes from the official branch."""
    return tuple(hole for lab in labs if lab.number <= number for hole in lab.holes)


def archive_path(number: int) -> str:
    """Where a student branch holds lab `number`'s holes compiled."""
    return f"{PREBUILT_DIR}/lab{number}.a"


def host_archive_path(number: int) -> str:
    """... and those of them that a host check tests, compiled for the
    host (grade/hostcheck.py, HOST_PREBUILT)."""
    return f"{PREBUILT_DIR}/host/lab{number}.a"


def catch_up(paths: set[str], number: int) -> bool:
    """Is a lab-`number` tree holding these paths a catch-up one, whose
    earlier labs come compiled (prebuilt/labM.a for an M < number)?"""
    return any(archive_path(m) in paths for m in range(1, number))


def branch_name(number: int, is_catch_up: bool) -> str:
    """The release's branch of lab `number`: lab2, or lab2-catchup."""
    return f"lab{number}" + ("-catchup" if is_catch_up else "")


def students_holes(labs: list[Lab], number: int, is_catch_up: bool) -> tuple[str, ...]:
    """What a lab-`number` submission is graded on: graded_holes, or, in
    a catch-up tree, lab `number`'s holes only (the earlier labs come
    compiled from the reference and count as given)."""
    if is_catch_up:
        return tuple(hole for lab in labs if lab.number == number for hole in lab.holes)
    return graded_holes(labs, number)


def _lab_numbers(root: Path) -> list[int]:
    """The numbers of the labs/labN/lab.toml files in the tree, sorted."""
    return sorted(int(m.group(1)) for p in (root / "labs").glob("lab*/lab.toml")
                  if (m := LAB_DIR_RE.fullmatch(p.parent.name)))


def covers(path: str, entry: str) -> bool:
    """Is path the file entry or inside the folder entry?"""
    return path == entry or path.startswith(entry.rstrip("/") + "/")


def _read_toml(root: Path, where: str) -> dict[str, object]:
    try:
        with open(root / where, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ManifestError(f"{where}: no such file") from None
    except tomllib.TOMLDecodeError as err:
        raise ManifestError(f"{where}: not valid TOML: {err}") from None


def _check_path(where: str, key: str, path: str) -> str:
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or ".." in pure.parts or "\\" in path or str(pure) != path.rstrip("/"):
        raise ManifestError(f"{where}: {key!r}: {path!r} is not a clean relative path")
    return path


def _reasons(where: str, value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        raise ManifestError(f"{where}: 'passes_with_stubs' must map test names to reasons")
    return dict(value)


def _pattern(where: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ManifestError(f"{where}: 'stub_boot' must be a regular expression")
    try:
        re.compile(value)
    except re.error as err:
        raise ManifestError(f"{where}: 'stub_boot' is not a regular expression: {err}") from None
    return value


def main(argv: list[str]) -> int:
    if argv != ["holes"]:
        print("usage: python3 labs/manifest.py holes", file=sys.stderr)
        return 2
    try:
        labs = load_labs(Path(__file__).resolve().parent.parent)
    except ManifestError as err:
        print(f"manifest: {err}", file=sys.stderr)
        return 1
    print("\n".join(hole for lab in labs for hole in lab.holes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
