"""Finding the test lists and checking the declarations in them.

Normally every grade/tests_labN.py module is loaded.  For the grader's own
self-tests another module can stand in for all of them (--tests-module or
the MICA_TESTS environment variable).
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from grade.testdef import Test, problems

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE = "grade"
LAB_FILE_RE = re.compile(r"tests_lab([0-9]+)\.py")


class RegistryError(Exception):
    """A test list that cannot be loaded or holds an invalid declaration."""


@dataclass(frozen=True)
class Source:
    module: str            # importable module name
    where: str             # how to name it in messages
    lab: int | None        # the lab the file name promises, if any


def load_tests(module_name: str | None = None) -> list[Test]:
    """All declared tests, checked, in declaration order.

    module_name replaces the lab files by one module (a developer option).
    """
    if module_name:
        sources = [Source(module_name, module_name, None)]
    else:
        sources = lab_sources()
    tests: list[Test] = []
    seen: dict[str, str] = {}
    for source in sources:
        for test in _load(source):
            where = seen.get(test.name)
            if where is not None:
                raise RegistryError(
                    f"test name {test.name!r} declared twice ({where} and {source.where})")
            seen[test.name] = source.where
            tests.append(test)
    return tests


def lab_sources() -> list[Source]:
    """The grade/tests_labN.py files, by lab number."""
    found: list[Source] = []
    for path in PACKAGE_DIR.iterdir():
        match = LAB_FILE_RE.fullmatch(path.name)
        if match:
            found.append(Source(f"{PACKAGE}.{path.stem}", _display(path),
                                int(match.group(1))))
    found.sort(key=lambda s: s.lab or 0)
    return found


def _load(source: Source) -> list[Test]:
    module = _import(source)
    declared = getattr(module, "TESTS", None)
    if not isinstance(declared, (list, tuple)):
        raise RegistryError(f"{source.where}: must define TESTS as a list of Test")
    for index, test in enumerate(declared):
        found = problems(test)
        if source.lab is not None and not found and test.lab != source.lab:
            found.append(f"lab is {test.lab} but the test is declared in the lab "
                         f"{source.lab} file (add lab={source.lab})")
        if found:
            label = getattr(test, "name", None)
            what = f"test {label!r}" if isinstance(label, str) else f"TESTS[{index}]"
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise RegistryError(f"{source.where}: {what}: {found[0]}{more}")
    return list(declared)


def _import(source: Source) -> ModuleType:
    try:
        return importlib.import_module(source.module)
    except ModuleNotFoundError as err:
        if err.name and source.module.startswith(err.name):
            raise RegistryError(f"no test module named {source.module!r}") from None
        raise RegistryError(f"cannot load {source.where}: {_describe(err)}") from None
    except Exception as err:  # a broken test file: report it, don't crash
        raise RegistryError(f"cannot load {source.where}: {_describe(err)}") from None


def _describe(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _display(path: Path) -> str:
    """path relative to the working directory when it is below it."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)
