# Mica: build, run, debug and test. `make help` lists the targets.
#
# Everything is built with the host gcc in 32-bit freestanding mode; no
# cross compiler is needed. Objects go to build/, with header
# dependencies tracked (-MMD), so an incremental build is quick.

# STUDENT=1 builds the students' versions of the hole files (see below)
# into a build directory of its own.
STUDENT ?=
BUILD   := build$(if $(STUDENT),-student)
# The compiler: an i686-elf- cross toolchain when there is one (what
# macOS and Apple-silicon users install from Homebrew), else the host's
# gcc in 32-bit mode; make CC=clang LD=ld.lld builds with clang and LLD.
CROSS   ?= $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-)
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
AR      := $(CROSS)ar
PYTHON  := python3
QEMU    := qemu-system-i386
GDB     := gdb
CPUS    ?= 1
MEM     ?= 128M
# GDB ports: each qemu-gdb or replay run gets a free port of its own on
# 127.0.0.1 (tools/gdbport.py), unless PORT=N is given on the command line
# (a PORT in the environment does not count: containers often set one).
GDBPORT := $(if $(filter command line,$(origin PORT)),$(PORT))
J       ?= $(shell nproc 2>/dev/null || echo 2)

GCCINC  := $(shell $(CC) -print-file-name=include)
# -mregparm=3: the first three arguments of every call travel in eax,
# edx and ecx, not on the stack (2-12% off every figure in
# doc/performance.md). Kernel and user code alike: lib/ is linked into
# both. The assembly that calls C or is called from it (boot.S, entry.S,
# crt0.S) follows it; the stack traces walk ebp and do not care.
CFLAGS  := -m32 -march=i686 -std=c11 -O2 -g -ffreestanding -fno-builtin \
	-fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -mregparm=3 \
	-fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 \
	-nostdinc -isystem $(GCCINC) -Iinclude -Ilib \
	-Wall -Wextra -Werror -MMD -MP
ASFLAGS := -m32 -g -Iinclude -MMD -MP
# GNU ld 2.39 and later warn of the kernel's RWX segment; older ones and
# LLD do not know the option that silences it.
LDFLAGS := -m elf_i386 -nostdlib -z noexecstack \
	$(if $(shell $(LD) --help 2>/dev/null | grep -e --no-warn-rwx-segments),--no-warn-rwx-segments)

# Hole files (labs/labN/lab.toml) are the parts students write. In the
# tree a hole file is the student's version, a stub; the reference is at
# the same path under solutions/, and is what gets compiled unless
# STUDENT=1. It is compiled with -iquote of the stub's directory, so its
# #include "..." lines find the same headers.
HOLES := $(if $(STUDENT),,$(patsubst solutions/%,%,$(shell find solutions -name '*.c' 2>/dev/null)))
# A reference names its hole's path, not solutions/'s, in its debug
# information and __FILE__, as a student's file does: stack traces
# through the kernel-call path (lab 1's kcall.c) read the same in both.
HOLE_CFLAGS ?= -ffile-prefix-map=solutions/=

# In a student lab branch, the hole files of later labs come compiled, in
# prebuilt/labN.a: one object per hole, named after its path
# (kernel/asyn.c is kernel__asyn.o). They are linked like the others.
PREBUILT := $(wildcard prebuilt/lab*.a)
members = $(patsubst %.o,%.c,$(subst __,/,$(shell $(AR) t $(1))))
PREBUILT_SRCS := $(foreach a,$(PREBUILT),$(call members,$(a)))

# The sources matching wildcard pattern $(1), with the prebuilt ones.
srcs = $(sort $(wildcard $(1)) $(filter $(subst *,%,$(1)),$(PREBUILT_SRCS)))

LIB_SRCS    := $(call srcs,lib/*.c)
KERNEL_SRCS := $(call srcs,kernel/*.c kernel/calls/*.c kernel/arch/i386/*.c) \
	$(wildcard kernel/arch/i386/*.S)
ULIB_SRCS   := $(call srcs,user/lib/*.c) $(wildcard user/lib/*.S)
VM_SRCS     := $(call srcs,user/servers/vm/*.c)
DS_SRCS     := $(call srcs,user/servers/ds/*.c)
INIT_SRCS   := $(call srcs,user/init/*.c)
TEST_SRCS   := $(wildcard user/tests/*.c)
BENCH_SRCS  := $(wildcard user/bench/*.c)

OBJ := $(BUILD)/obj
obj = $(patsubst %.c,$(OBJ)/%.o,$(patsubst %.S,$(OBJ)/%.o,$(1)))

KERNEL_OBJS := $(call obj,$(KERNEL_SRCS)) $(call obj,$(LIB_SRCS))
ULIB_OBJS   := $(call obj,$(ULIB_SRCS)) $(call obj,$(LIB_SRCS))
TEST_PROGS  := $(patsubst user/tests/%.c,$(BUILD)/user/%,$(TEST_SRCS))
BENCH_PROGS := $(patsubst user/bench/%.c,$(BUILD)/user/%,$(BENCH_SRCS))
PROGRAMS    := $(BUILD)/user/vm $(BUILD)/user/ds $(BUILD)/user/init $(TEST_PROGS) $(BENCH_PROGS)

# The modules `make qemu` boots: vm, ds (the data store), then init
# (the prompt), then the programs init's `run` can start.
BOOT_PROGS  ?= $(notdir $(TEST_PROGS))
INITRD      := $(BUILD)/user/vm,$(BUILD)/user/ds,$(BUILD)/user/init$(foreach p,$(BOOT_PROGS),,$(BUILD)/user/$(p))

QEMUOPTS = -M pc -bios qboot.rom -m $(MEM) -smp $(CPUS) -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel $(BUILD)/kernel/kernel.elf -initrd "$(INITRD)"

# Keep test objects (make would delete them as intermediates).
.SECONDARY:

.PHONY: all qemu qemu-gdb gdb check grade test test-system test-clang test-tools test-labs bench clean \
	deps doctor help handin replay fuzz trace
all: $(BUILD)/kernel/kernel.elf $(PROGRAMS)

# V=1 shows the full commands.
Q := $(if $(V),,@)

# Objects depend on this file too: a change of flags (the calling
# convention above) must not link old objects with new ones.
$(OBJ)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(OBJ)/%.o: %.S Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

$(call obj,$(HOLES)): $(OBJ)/%.o: solutions/%.c Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (reference)")
	$(Q)$(CC) $(CFLAGS) $(HOLE_CFLAGS) -iquote $(dir $*) -c -o $@ $<

define prebuilt_rule
$$(call obj,$$(call members,$(1))): $$(OBJ)/%.o: $(1)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(AR) p $(1) $$(subst /,__,$$*).o > $$@
endef
$(foreach a,$(PREBUILT),$(eval $(call prebuilt_rule,$(a))))

$(BUILD)/kernel/kernel.elf: $(KERNEL_OBJS) kernel/arch/i386/kernel.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -T kernel/arch/i386/kernel.ld -o $@ $(KERNEL_OBJS)

$(BUILD)/user/libsys.a: $(ULIB_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(OBJ)/user/%.o: CFLAGS += -Iuser/lib

USER_LINK = @$(if $(Q),echo "  LD      $@";) $(LD) $(LDFLAGS) -T user/lib/user.ld -o $@ $(filter %.o,$^) $(BUILD)/user/libsys.a

$(BUILD)/user/vm: $(call obj,$(VM_SRCS)) $(BUILD)/user/libsys.a user/lib/user.ld
	$(USER_LINK)

$(BUILD)/user/ds: $(call obj,$(DS_SRCS)) $(BUILD)/user/libsys.a user/lib/user.ld
	$(USER_LINK)

$(BUILD)/user/init: $(call obj,$(INIT_SRCS)) $(BUILD)/user/libsys.a user/lib/user.ld
	$(USER_LINK)

$(BUILD)/user/%: $(OBJ)/user/tests/%.o $(BUILD)/user/libsys.a user/lib/user.ld
	$(USER_LINK)

$(BUILD)/user/%: $(OBJ)/user/bench/%.o $(BUILD)/user/libsys.a user/lib/user.ld
	$(USER_LINK)

deps:
	@tools/install-deps

# What this machine lacks for Mica, and how to get it here.
doctor:
	@$(PYTHON) tools/doctor

# The console goes through tools/symbolize, which explains the addresses
# in stack traces and fault reports as they appear.
qemu: deps all
	@echo "*** Mica on the serial console. Quit: Ctrl-a x"
	@$(QEMU) $(QEMUOPTS) -serial mon:stdio | tools/symbolize --build $(BUILD)

# QEMU stopped, waiting for GDB; the port goes to $(BUILD)/gdb-port while
# it runs. T=name boots grader test name's modules and arguments instead.
qemu-gdb: deps all
	@$(PYTHON) tools/qemugdb.py --build $(BUILD) $(if $(GDBPORT),--port $(GDBPORT)) \
		$(if $(T),--test "$(T)",-- $(QEMU) $(QEMUOPTS) -serial mon:stdio) \
		| tools/symbolize --build $(BUILD)

# GDB on the QEMU of `make qemu-gdb`, found through $(BUILD)/gdb-port.
gdb:
	@$(PYTHON) tools/gdbport.py --build $(BUILD) --gdb "$(GDB)" $(if $(GDBPORT),--port $(GDBPORT))

check: deps
	$(MAKE) -C tests STUDENT=$(STUDENT)

grade: deps all
	$(PYTHON) grade/grade -j $(J) --build $(BUILD) $(if $(T),$(foreach t,$(T),-t $(t)))

# Pack the committed work for submission (handin-labN.tar.gz).
handin:
	$(PYTHON) tools/handin

# Record test T and replay it under GDB, which can then run backwards.
# SEED= picks the fuzz test's seed (make replay T=fuzz SEED=n).
replay: deps all
	$(if $(SEED),MICA_FUZZ_SEED=$(SEED)) $(PYTHON) tools/replay --build $(BUILD) $(if $(GDBPORT),--port $(GDBPORT)) $(T)

# Test T with the kernel's event trace on: its IPC as a sequence chart,
# $(BUILD)/trace/T.html, and as text on the terminal.
trace: deps all
	$(PYTHON) tools/trace --build $(BUILD) $(T)

# The fuzzer as long as asked, with progress (user/tests/fuzz.c).
fuzz: deps all
	$(PYTHON) tools/fuzz --build $(BUILD) $(if $(SEED),--seed $(SEED)) $(if $(OPS),--ops $(OPS))

# The instruction-count table against bench/baseline.json (bench/run
# --update writes a new one; say why in the commit message).
bench: deps all
	$(PYTHON) bench/run --build $(BUILD) --cc $(CC)

# make test: make check; test-system, the steps that run the build (the
# grading, the bench guard, the replay's self-test); in the instructors'
# tree test-clang, the same system built with clang and graded; test-tools, the
# tools' self-tests, the same whatever the hole files hold (in the
# instructors' tree also the batch grader's); last, in the instructors'
# tree, every lab as students get it (labs/check), beside test-tools:
# each leaves a core idle much of the time (Python, builds), which the
# other fills; make keeps each one's output together where it can
# (--output-sync, GNU make 4.0 and later). Student branches
# lack the batch grader and labs/. make test grades with one fixed seed, so that CI does the same
# run every time (make grade draws a new one each time; grade --seed N
# repeats it).
# Where the build takes the hole files from the tree (a lab branch, or
# STUDENT=1), they are the student's, stubs until written: the Check
# suites of hole files report without failing (tests/Makefile), the
# current lab's tests give its score, and the earlier labs' count once
# they pass (grade --lab-score-only). make grade is the command that
# fails until the lab's tests pass. RESULTS=FILE also writes the grading
# results as JSON (labs/check reads them).
TEST_SEED ?= 20261201
test: deps all
	$(MAKE) -C tests STUDENT=$(STUDENT)
	@$(MAKE) --no-print-directory test-system
	$(if $(HOLES),@$(MAKE) --no-print-directory test-clang)
	@$(MAKE) --no-print-directory -j2 $(SYNC_OUTPUT) test-tools test-labs

SYNC_OUTPUT := $(if $(filter output-sync,$(.FEATURES)),--output-sync=target)

test-labs:
	$(if $(wildcard labs/check),$(PYTHON) labs/check -j $(J),@:)

# Run beside each other by make -j2, whose jobserver their own makes
# (started from Python, which does not pass it on) must not look for.
test-tools test-labs: override PYTHON := env -u MAKEFLAGS -u MFLAGS $(PYTHON)

test-system: deps all
	$(PYTHON) grade/grade -j $(J) --build $(BUILD) --seed $(TEST_SEED) \
		$(if $(HOLES),,--lab-score-only) $(if $(RESULTS),--json $(RESULTS))
	$(if $(HOLES),$(PYTHON) bench/run --build $(BUILD) --cc $(CC) --check)
	$(PYTHON) tools/replay-selftest --build $(BUILD)
	$(if $(HOLES),$(PYTHON) tools/trace-selftest --build $(BUILD) RealTrace)

# The same system built with clang and LLD into build-clang, and graded
# (the tests that boot it: the host checks build the hole files with the
# host's gcc whatever built the system): what builds and passes with one
# compiler must with the other.
test-clang: deps
	@$(MAKE) --no-print-directory BUILD=build-clang CC=clang LD=ld.lld all
	$(PYTHON) grade/grade -j $(J) --build build-clang --seed $(TEST_SEED) --boots-only \
		$(if $(HOLES),,--lab-score-only)

test-tools:
	$(PYTHON) tools/badinput.py --check
	$(PYTHON) grade/selftest.py
	$(if $(wildcard grade/hostcheck_selftest.py),$(PYTHON) grade/hostcheck_selftest.py)
	$(if $(wildcard grade/batch_selftest.py),$(PYTHON) grade/batch_selftest.py)
	$(if $(wildcard grade/similarity_selftest.py),$(PYTHON) grade/similarity_selftest.py 40)
	$(PYTHON) bench/selftest.py
	$(PYTHON) tools/doctor-selftest
	$(PYTHON) tools/trace-selftest Chart
	$(if $(wildcard labs/mutants_selftest.py),$(PYTHON) labs/mutants_selftest.py)
	$(if $(wildcard labs/selftest.py),$(PYTHON) labs/selftest.py)

clean:
	rm -rf $(BUILD) build-clang

help:
	@echo "make          build the kernel and the user programs"
	@echo "make qemu     boot Mica with the console on this terminal (Ctrl-a x quits)"
	@echo "make qemu-gdb boot and wait for GDB; then 'make gdb' elsewhere (T=name: one test's boot)"
	@echo "make gdb     GDB connected to the running qemu-gdb (its port is in $(BUILD)/gdb-port)"
	@echo "make doctor   what this machine lacks for Mica, and how to get it"
	@echo "make check    host-side unit tests (Check)"
	@echo "make grade    the in-QEMU tests with points (T=name for one)"
	@echo "make bench    instruction counts of kernel paths under -icount"
	@echo "make test     everything CI runs"
	@echo "make handin   pack your committed work for submission"
	@echo "make replay T=name  record a test, then replay it under GDB (reverse debugging; PORT=N)"
	@echo "make fuzz [SEED=n] [OPS=n]  the fuzzer, as long as asked, with progress"
	@echo "make trace T=name  test T's IPC as a sequence chart (build/trace/T.html)"
	@echo "make STUDENT=1 ...  (instructors) build and test the students' stubs"

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
