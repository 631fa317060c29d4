/*
 * Shared by every test_*.c. Each suite file builds one Check Suite and
 * its main() is just "return run_suite(foo_suite());".
 */
#ifndef TESTS_SUITE_H
#define TESTS_SUITE_H

#include <stdlib.h>

#include <check.h>

/*
 * Run every test in s and return main's exit status. CK_ENV takes the
 * verbosity from $CK_VERBOSITY (the Makefile sets "normal", which prints
 * the summary line and every failure); unset, it also means normal.
 * Forking comes from $CK_FORK, so a crashing test is reported as an
 * error instead of killing the whole suite.
 */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
