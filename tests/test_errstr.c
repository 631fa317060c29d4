/* Tests for lib/errstr.c: every code in <mica/errno.h> has its name. */
#include <limits.h>
#include <string.h>

#include <mica/errno.h>

#include "suite.h"
#include "mica_lib.h"

#define CODE(name) { name, #name }

static const struct {
	int err;
	const char *name;
} codes[] = {
	CODE(OK),
	CODE(EPERM),
	CODE(ENOENT),
	CODE(ESRCH),
	CODE(EINTR),
	CODE(EIO),
	CODE(E2BIG),
	CODE(ENOEXEC),
	CODE(ECHILD),
	CODE(EAGAIN),
	CODE(ENOMEM),
	CODE(EFAULT),
	CODE(EBUSY),
	CODE(EEXIST),
	CODE(EINVAL),
	CODE(ENOSPC),
	CODE(ERANGE),
	CODE(ENAMETOOLONG),
	CODE(ENOSYS),
	CODE(ELOCKED),
	CODE(EBADREQUEST),
	CODE(ECALLDENIED),
	CODE(EDEADSRCDST),
	CODE(ENOTREADY),
	CODE(EBADSRCDST),
	CODE(EBADCALL),
	CODE(ENOGRANTS),
	CODE(EGRANTID),
	CODE(EGRANTUNUSED),
	CODE(EGRANTSTALE),
	CODE(EGRANTEE),
	CODE(EGRANTACCESS),
	CODE(EGRANTBOUNDS),
	CODE(EGRANTDEPTH),
	CODE(EGRANTLOOP),
	CODE(EGRANTMAGIC),
	CODE(EGRANTBAD),
};

#define NCODES ((int)(sizeof codes / sizeof codes[0]))

/* Is err one of the codes in the table? */
static int known(int err)
{
	int i;

	for (i = 0; i < NCODES; i++)
		if (codes[i].err == err)
			return 1;
	return 0;
}

START_TEST(test_every_code)
{
	ck_assert_str_eq(errstr(codes[_i].err), codes[_i].name);
}
END_TEST

START_TEST(test_spot_checks)
{
	ck_assert_str_eq(errstr(OK), "OK");
	ck_assert_str_eq(errstr(0), "OK");
	ck_assert_str_eq(errstr(-14), "EFAULT");
	ck_assert_str_eq(errstr(-101), "ELOCKED");
	ck_assert_str_eq(errstr(-ERRNO_MAX), "EGRANTBAD");
}
END_TEST

START_TEST(test_unknown)
{
	static const int junk[] = {
		-6, -9, -13, -55, -100, -103, -109, -ERRNO_MAX - 1, -1000, 1, 14,
		ERRNO_MAX, INT_MIN, INT_MAX,
	};
	size_t i;

	for (i = 0; i < sizeof junk / sizeof junk[0]; i++)
		ck_assert_str_eq(errstr(junk[i]), "EUNKNOWN");
}
END_TEST

/* Around the whole range, anything not in the table is unknown. */
START_TEST(test_range)
{
	int err;

	for (err = -ERRNO_MAX - 10; err <= 10; err++)
		if (!known(err))
			ck_assert_msg(strcmp(errstr(err), "EUNKNOWN") == 0,
				      "errstr(%d) = %s", err, errstr(err));
}
END_TEST

static Suite *errstr_suite(void)
{
	Suite *s = suite_create("errstr");
	TCase *tc = tcase_create("errstr");

	tcase_add_loop_test(tc, test_every_code, 0, NCODES);
	tcase_add_test(tc, test_spot_checks);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(errstr_suite());
}
