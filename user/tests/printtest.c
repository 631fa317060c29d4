/*
 * Console output stays whole per line: two processes print long lines
 * at the same time, and one leaves a line unfinished while the other
 * prints. The parent reads the console back from the kernel log
 * (GET_KLOG) and checks every line. A %.4s of four bytes with no NUL
 * after them, just below the unmapped guard page above the stack, must
 * read those four and no more. Ends "printtest: ok".
 */
#include "check.h"

#define LINES 12
#define WIDTH 300

/* Print LINES lines of WIDTH copies of c, spinning between them so the
 * two writers are preempted in the middle of their work. */
static int writer(char c)
{
	char text[WIDTH + 1];
	volatile int spin;
	int i;

	memset(text, c, WIDTH);
	text[WIDTH] = '\0';
	for (i = 0; i < LINES; i++) {
		printf("[%c] %s\n", c, text);
		for (spin = 0; spin < 200000; spin++)
			;
	}
	return 0;
}

/* Does every "[c] " line in the log hold exactly WIDTH c's? */
static int check_lines(const char *log, int n, char c, int *count)
{
	int i = 0, j, bad = 0;

	*count = 0;
	while (i < n) {
		for (j = i; j < n && log[j] != '\n'; j++)
			;
		if (j - i >= 4 && log[i] == '[' && log[i + 1] == c && log[i + 2] == ']') {
			int k, len = j - i - 4 - (log[j - 1] == '\r');

			(*count)++;
			if (len != WIDTH)
				bad++;
			for (k = 0; k < len; k++)
				bad += log[i + 4 + k] != c;
		}
		i = j + 1;
	}
	return bad;
}

/* Does text contain s? */
static int contains(const char *text, const char *s)
{
	size_t n = strlen(s);

	for (; *text != '\0'; text++)
		if (strncmp(text, s, n) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static char log[CONSOLE_LOG_MAX];
	endpoint_t a, b;
	int n, count;

	if (argc == 3 && strcmp(argv[1], "writer") == 0)
		return writer(argv[2][0]);
	if (argc == 2 && strcmp(argv[1], "unterminated") == 0) {
		/* The top of the stack page holds our command line, read
		 * already; the page above is never mapped. */
		char *top = (char *)USER_STACK_TOP - 4;

		memcpy(top, "abcd", 4);
		printf("printtest: %.4s at the top of the stack\n", top);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "partial") == 0) {
		printf("partial line without an end");
		return 0;
	}
	{
		/* Hidden from gcc's format checks, which would refuse both. */
		const char *volatile nothing = NULL;
		const char *volatile format = "printtest: null string %s, unknown %y conversion\n";

		printf(format, nothing);
	}
	a = start_helper("printtest writer p");
	b = start_helper("printtest writer q");
	finish_helper("writer p", a, 0);
	finish_helper("writer q", b, 0);
	n = sys_getinfo(GET_KLOG, log, sizeof(log), NULL);
	CHECK("log read", n > 0);
	CHECK_EQ("whole p lines", check_lines(log, n, 'p', &count), 0);
	CHECK_EQ("p lines seen", count, LINES);
	CHECK_EQ("whole q lines", check_lines(log, n, 'q', &count), 0);
	CHECK_EQ("q lines seen", count, LINES);

	/* A precision bounds what %s reads, not only what it prints. */
	a = start_helper("printtest unterminated");
	finish_helper("unterminated", a, 0);

	/* An unfinished line is ended before anyone else's text. */
	a = start_helper("printtest partial");
	finish_helper("partial", a, 0);
	printf("printtest: after the partial line\n");
	n = sys_getinfo(GET_KLOG, log, sizeof(log) - 1, NULL);
	log[n > 0 ? n : 0] = '\0';
	CHECK("line ended", contains(log, "without an end\nprinttest: after"));
	return test_done("printtest");
}
