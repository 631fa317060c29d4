"""The QEMU side of the boot protocol: which QEMU, which files, which flags.

One test boots kernel.elf with the modules
    vm, ds, init --run, <the test's programs in order>
and init runs the programs, then ends QEMU through isa-debug-exit.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from grade.testdef import Test, budget, program_name

QEMU_ENV = "MICA_QEMU"
DEFAULT_QEMU = "qemu-system-i386"

# Modules every boot starts with, before the test's own programs.
BASE_MODULES: tuple[str, ...] = ("vm", "ds", "init --run")
# The same for a boot to init's interactive prompt (make qemu, bench/run).
PROMPT_MODULES: tuple[str, ...] = ("vm", "ds", "init")

MEMORY = "128M"
DEBUG_EXIT_PORT = "0xf4"
# Guest time: one instruction is one nanosecond and idle time passes at
# once, so a run depends only on what the guest does.
ICOUNT = "shift=0,align=off,sleep=off"
# The firmware: qboot, QEMU's minimal one (qboot.rom, also the default
# firmware of -M microvm), instead of SeaBIOS. It loads the multiboot
# kernel and modules through QEMU's option ROM as SeaBIOS does, and the
# kernel finds the same devices, but a short test takes 0.11 s instead of
# 0.19 s. (Unlike SeaBIOS it leaves the local APIC as reset leaves it;
# the kernel sets it up itself, kernel/arch/i386/pic.c.)
FIRMWARE = "qboot.rom"


def kernel_path(build: Path) -> Path:
    return build / "kernel" / "kernel.elf"


def program_path(build: Path, program: str) -> Path:
    return build / "user" / program


def modules(test: Test, prompt: bool = False) -> list[str]:
    """The module list of a test's boot: program names with their arguments.
    With prompt, init offers its prompt instead of running the programs."""
    return [*(PROMPT_MODULES if prompt or test.prompt else BASE_MODULES), *test.programs]


def needed_files(test: Test, build: Path) -> list[Path]:
    """Every build output a test's boot reads."""
    files = [kernel_path(build)]
    files.extend(program_path(build, program_name(m)) for m in modules(test))
    return files


def qemu_prefix() -> list[str]:
    """How to start QEMU: MICA_QEMU if set (a .py file runs under this
    Python, which is how the self-tests slip in a fake), else the real one."""
    command = os.environ.get(QEMU_ENV) or DEFAULT_QEMU
    if command.endswith(".py"):
        return [sys.executable, command]
    return [command]


def qemu_missing() -> str | None:
    """A one-line complaint if the QEMU command cannot be found, else None."""
    configured = os.environ.get(QEMU_ENV)
    command = configured or DEFAULT_QEMU
    if command.endswith(".py"):
        return None if Path(command).is_file() else f"{QEMU_ENV}={command}: no such file"
    if shutil.which(command) is not None:
        return None
    if configured:
        return f"{QEMU_ENV}={command}: command not found"
    return f"{command} not found on PATH (run tools/install-deps)"


def kernel_command_line(test: Test) -> str:
    """The kernel's command line: the watchdog's budget, then the test's own
    words (kernel/boot.c reads watchdog=TICKS, testhooks, keys=...)."""
    return " ".join([f"watchdog={budget(test)}", *test.kernel_args.split()])


def command_line(test: Test, build: Path, prompt: bool = False) -> list[str]:
    """The full QEMU command for one test (see modules() for prompt).
    A prompt boot (make qemu) has no watchdog: it waits for a person."""
    append = test.kernel_args if prompt else kernel_command_line(test)
    initrd = ",".join(_module_arg(build, m) for m in modules(test, prompt))
    return [
        *qemu_prefix(),
        "-M", "pc",
        "-bios", FIRMWARE,
        # No default devices (NIC and its iPXE ROM, VGA and its BIOS,
        # floppy, CD-ROM): the kernel uses none of them, and their
        # firmware's busy waits cost a third of a second a boot in guest
        # time (-icount), more than the rest of a short test.
        "-nodefaults",
        "-m", MEMORY,
        "-smp", str(test.cpus),
        "-display", "none",
        "-monitor", "none",
        "-no-reboot",
        "-serial", "stdio",
        "-device", f"isa-debug-exit,iobase={DEBUG_EXIT_PORT},iosize=0x04",
        "-kernel", str(kernel_path(build)),
        "-initrd", initrd,
        *(["-append", append] if append else []),
        *(["-icount", ICOUNT] if test.icount else []),
    ]


def log_options(interrupts: bool = False) -> Callable[[str], list[str]]:
    """The options that make QEMU log into a file: always its CPU resets
    (-d cpu_reset: "Triple fault", a few KiB a boot), and with interrupts
    every interrupt and exception with the registers (-d int: megabytes,
    for the rerun that explains a reset). For runner.run's qemu_log."""
    items = "int,cpu_reset" if interrupts else "cpu_reset"
    return lambda target: ["-d", items, "-D", target]


def _module_arg(build: Path, module: str) -> str:
    """"ipctest pingpong" -> "build/user/ipctest pingpong"."""
    name, *args = module.split()
    return " ".join([str(program_path(build, name)), *args])
