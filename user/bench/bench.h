/*
 * What the benchmark programs share: the instruction counter, the
 * kernel's counters, and the attribute that keeps a measuring function
 * one piece of code.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <libsys.h>

/* Under QEMU -icount shift=0 the time-stamp counter advances by one per
 * guest instruction: a difference of two readings is an instruction
 * count. The low half is enough for anything one figure spans. */
static inline u32_t tsc(void)
{
	u32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

/* The kernel's counters now (CR3 loads and TLB flushes among them). */
static inline struct kstats counters(void)
{
	struct kstats k;

	if (sys_getinfo(GET_KSTATS, &k, sizeof(k), NULL) != (int)sizeof(k))
		panic("GET_KSTATS failed");
	return k;
}

/* Neither inlined nor specialised for one caller (GCC would clone a
 * measuring function for each op; clang does not, and has no noclone),
 * so every operation goes through the same instructions around it. */
#ifdef __clang__
#define ONE_COPY __attribute__((noinline))
#else
#define ONE_COPY __attribute__((noinline, noclone))
#endif

#endif
