/*
 * kernel/kernel.h as the kernel suites (test_sched, test_kcall) see it.
 *
 * Those suites link kernel sources compiled for the host (see the
 * Makefile's KERNEL_CFLAGS) and supply, as fakes, the parts of the
 * kernel that those sources call. Including the real kernel.h here makes
 * the compiler check each fake against the kernel's own declaration.
 *
 * Include this after every host header. mica_lib.h comes first, so
 * kernel.h's <format.h> and <errstr.h> are already read (and found in
 * lib/ only after the host's headers: the Makefile adds lib/ with
 * -idirafter for these suites), while its <string.h> is the host's.
 */
#ifndef TESTS_MICA_KERNEL_H
#define TESTS_MICA_KERNEL_H

#include "mica_lib.h"
#include "kernel.h"

#endif
