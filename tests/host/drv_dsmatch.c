/*
 * Host check of user/servers/ds/match.c (ds_match).
 *   "M PATTERN KEY": both as hex bytes (without their NUL)
 *   answer: 1 if the pattern matches the key, 0 if not
 */
#include <string.h>

#include "hostcheck.h"
#include "store.h"

const char hc_driver[] = "dsmatch";

void hc_hello_extra(void)
{
}

int hc_handle(int argc, char **argv)
{
	char pattern[DS_KEY_MAX], key[DS_KEY_MAX];
	size_t n;

	if (argc != 3 || strcmp(argv[0], "M") != 0)
		return -1;
	n = hc_bytes(argv[1], pattern, sizeof(pattern) - 1);
	pattern[n] = '\0';
	n = hc_bytes(argv[2], key, sizeof(key) - 1);
	key[n] = '\0';
	hc_put_int(ds_match(pattern, key));
	return 0;
}
