/* Basic types shared by the kernel, user space and host-side tests. */
#ifndef MICA_TYPES_H
#define MICA_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8_t;
typedef uint16_t u16_t;
typedef uint32_t u32_t;
typedef uint64_t u64_t;
typedef int32_t i32_t;

typedef int endpoint_t;      /* a process's name in IPC: slot + generation */
typedef uint32_t vir_bytes;  /* a virtual address or size in some address space */
typedef uint32_t phys_bytes; /* a physical address or size */

#endif
