/*
 * Host check of lib/stacktrace.c: stack_walk() over a stack the parent
 * lays out in this program's memory (its first answer says where).
 *   hello: ... BASE SIZE            the stack area, in bytes
 *   "W EBP LOW HIGH MAX N [OFFSET VALUE]*N"
 *       the area is cleared, VALUE written at BASE + OFFSET (words), then
 *       stack_walk(EBP, LOW, HIGH, pcs, MAX, &count)
 *   answer: END COUNT PCS[0..COUNT-1]
 * The program is 32-bit, so these addresses are real pointers.
 */
#include <string.h>

#include <mica/types.h>

#include "hostcheck.h"
#include "stacktrace.h"

#define AREA_WORDS 4096
#define MAX_PCS 64

const char hc_driver[] = "stacktrace";

static u32_t area[AREA_WORDS] __attribute__((aligned(64)));

void hc_hello_extra(void)
{
	hc_put_u64((u32_t)(uintptr_t)area);
	hc_put_u64(sizeof(area));
}

int hc_handle(int argc, char **argv)
{
	u32_t pcs[MAX_PCS];
	int max, n, i, count = -1;
	enum stack_end end;

	if (argc < 6 || strcmp(argv[0], "W") != 0)
		return -1;
	max = (int)hc_int(argv[4]);
	n = (int)hc_int(argv[5]);
	if (max < 0 || max > MAX_PCS || n < 0 || argc != 6 + 2 * n)
		return -1;
	memset(area, 0, sizeof(area));
	for (i = 0; i < n; i++) {
		u32_t off = hc_u32(argv[6 + 2 * i]);

		if (off % 4 != 0 || off >= sizeof(area))
			return -1;
		area[off / 4] = hc_u32(argv[7 + 2 * i]);
	}
	memset(pcs, 0xcc, sizeof(pcs));
	end = stack_walk(hc_u32(argv[1]), hc_u32(argv[2]), hc_u32(argv[3]), pcs, max, &count);
	hc_put_int((int)end);
	hc_put_int(count);
	for (i = 0; i < count && i < MAX_PCS; i++)
		hc_put_u64(pcs[i]);
	return 0;
}
