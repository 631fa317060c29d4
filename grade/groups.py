"""Which tests one grading run covers, and how they are grouped.

A lab branch N is graded as "lab N" (the lab being handed in) plus
"regression" (the tests of labs 1..N-1, which must keep passing).  N is
the highest lab manifest in the tree (labs/manifest.py), or --lab N, which
grades the tree as branch N would.  Tests of labs after N are not run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from grade.testdef import Test

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


class SelectionError(Exception):
    """The requested tests cannot be selected; exit status 2."""


@dataclass(frozen=True)
class Group:
    title: str                 # "lab 3" or "regression (labs 1..2)"
    tests: tuple[Test, ...]


def current_lab(tests: list[Test], use_manifests: bool = True) -> int:
    """The lab this tree is for: its highest lab manifest, or, without
    manifests (labs/ missing, or a stand-in test module), the highest lab
    among the tests."""
    highest = max((t.lab for t in tests), default=1)
    if not use_manifests:
        return highest
    try:
        from labs import manifest
    except ImportError:
        return highest
    try:
        return manifest.current_lab(REPO_ROOT)
    except manifest.ManifestError:
        return highest


def regression_title(lab: int) -> str:
    if lab <= 2:
        return "regression (lab 1)"
    return f"regression (labs 1..{lab - 1})"


def plan(tests: list[Test], lab: int, names: list[str], explicit_lab: bool) -> list[Group]:
    """The groups to run, the current lab first; groups without a selected
    test are left out.  names (from -t) narrows the selection."""
    known = {t.name: t for t in tests}
    for name in names:
        if name not in known:
            raise SelectionError(f"no test named {name!r} (try --list)")
        if known[name].lab > lab:
            raise SelectionError(f"test {name!r} is in lab {known[name].lab}; "
                                 f"lab {lab} grades labs 1..{lab}")
    chosen = [t for t in tests if not names or t.name in names]
    if explicit_lab and not names and not any(t.lab == lab for t in tests):
        raise SelectionError(f"no tests in lab {lab}")
    groups = [Group(f"lab {lab}", tuple(t for t in chosen if t.lab == lab)),
              Group(regression_title(lab), tuple(t for t in chosen if t.lab < lab))]
    groups = [g for g in groups if g.tests]
    if not groups:
        raise SelectionError(f"no tests in labs 1..{lab}" if tests else "no tests declared")
    return groups
