/*
 * Subscription patterns (<mica/ds.h>): a pattern matches a whole key;
 * '*' matches any run of bytes, the empty one included, and every other
 * byte matches itself. There is no escape: keys with '*' in them are
 * matched by '*' like anything else.
 *
 * The walk keeps the last '*' seen and, when the bytes after it stop
 * matching, lets that '*' take one more byte of the key and tries again:
 * linear in the key for each '*', so no pattern can make DS spin (a
 * recursive matcher is exponential on patterns like "*a*a*a*b").
 */
#include "store.h"

int ds_match(const char *pattern, const char *key)
{
	const char *star = NULL;   /* just after the last '*' seen */
	const char *resume = key;  /* where that '*' stopped taking bytes */

	while (*key != '\0') {
		if (*pattern == '*') {
			star = ++pattern;
			resume = key;
		} else if (*pattern == *key) {
			pattern++;
			key++;
		} else if (star != NULL) {
			pattern = star;
			key = ++resume;
		} else {
			return 0;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}
