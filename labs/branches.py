"""Which files a student lab branch holds, and which labs' stubs in it
keep it from booting to init's prompt.

Branch N is the instructor tree without
  - what labs/labs.toml keeps for instructors (solutions/, the release
    tools, the batch grader...),
  - the files that first appear in a later lab (its handout, tests,
    manifest, test programs),
  - the hole files of later labs, which come as prebuilt/labM.a instead;
with catch_up, the hole files of earlier labs come as objects too, for a
student who starts at lab N without having finished the earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from manifest import Lab, archive_path, branch_name, covers, host_archive_path


@dataclass(frozen=True)
class BranchPlan:
    name: str                 # lab1, lab2-catchup...
    number: int
    files: tuple[str, ...]    # from the instructor tree, unchanged
    prebuilt: tuple[int, ...] # labs whose archive the branch gets


def plan_branch(files: list[str], labs: list[Lab], number: int,
                instructor_only: tuple[str, ...], catch_up: bool = False) -> BranchPlan:
    later = [lab for lab in labs if lab.number > number]
    as_objects = later + ([lab for lab in labs if lab.number < number] if catch_up else [])
    dropped = [*instructor_only,
               *(path for lab in later for path in lab.new_files),
               *(hole for lab in as_objects for hole in lab.holes)]
    kept = tuple(f for f in files if not any(covers(f, entry) for entry in dropped))
    prebuilt = tuple(sorted(lab.number for lab in as_objects))
    return BranchPlan(branch_name(number, catch_up), number, kept, prebuilt)


def stub_boot_labs(labs: list[Lab], number: int, catch_up: bool,
                   earlier_filled: bool) -> list[Lab]:
    """How branch `number` must boot: the labs whose stubs are in it and
    keep the system from init's prompt (they carry stub_boot). With
    some, the boot must print one of their lines and end by itself; with
    none, it must reach the prompt. Lab `number`'s stubs are always in;
    the earlier labs' too in a branch that is not a catch-up one, until
    they are filled (earlier_filled: the student merged their work, or
    labs/check dropped the reference in)."""
    stubs = [lab for lab in labs if lab.number == number
             or (lab.number < number and not catch_up and not earlier_filled)]
    return [lab for lab in stubs if lab.stub_boot is not None]


def branch_paths(plan: BranchPlan) -> list[str]:
    """Every path the branch will hold."""
    return sorted([*plan.files, *(archive_path(n) for n in plan.prebuilt),
                   *(host_archive_path(n) for n in plan.prebuilt)])
