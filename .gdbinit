# Mica's GDB setup, loaded by `make gdb` (gdb -nx -x .gdbinit), so nothing
# in ~/.gdbinit or GDB's auto-load settings matters. `make gdb` then
# connects to the QEMU that `make qemu-gdb` started, on the port that it
# wrote to build/gdb-port (tools/gdbport.py); tools/replay loads this
# file too, then connects to its replay.
set confirm off
set pagination off
set architecture i386
set disassembly-flavor att
file build/kernel/kernel.elf

# The mica commands: mica ps, mica pt, mica msg, mica sym (doc/gdb.md;
# `help mica`).
source tools/gdb/mica.py

# Every user program is linked at 0x40000000, so only one program's
# symbols can be loaded at a time: `usersym ipctest` loads those of
# build/user/ipctest (in addition to the kernel's), after removing the
# previous program's. The same as `mica sym ipctest`.
define usersym
  mica sym $arg0
end
document usersym
Load the symbols of user program NAME (build/user/NAME), e.g. usersym vm,
instead of the previous program's. The same as `mica sym NAME`.
end
