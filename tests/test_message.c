/*
 * Tests for the message layout in include/mica/message.h and its
 * compile-time checks (MESSAGE_FITS and the 64-byte assertion).
 *
 * The layout is checked here at run time, as the host sees it; that the
 * compile-time checks really refuse what they should is checked by
 * running the compiler (HOSTCC, given by the Makefile) on small files
 * that include message.h, for the host and for i386 as the kernel
 * builds it, and looking at whether it fails and what it says.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mica/message.h>

#include "suite.h"

#ifndef HOSTCC
#error "the Makefile defines HOSTCC and MICA_INCLUDE"
#endif

/* --- the layout --- */

START_TEST(test_layout)
{
	message m;

	ck_assert_uint_eq(sizeof(message), MESSAGE_SIZE);
	ck_assert_uint_eq(MESSAGE_SIZE, 64);
	ck_assert_uint_eq(offsetof(message, m_source), 0);
	ck_assert_uint_eq(offsetof(message, m_type), 4);
	ck_assert_uint_eq(offsetof(message, bytes), MESSAGE_SIZE - PAYLOAD_SIZE);
	ck_assert_uint_eq(sizeof m.bytes, PAYLOAD_SIZE);
	ck_assert_uint_eq(sizeof m.raw.w, PAYLOAD_SIZE);
	ck_assert_uint_eq(sizeof m.whoami.name, PROC_NAME_LEN);
	ck_assert_uint_eq(sizeof m.newproc.name, PROC_NAME_LEN);
}
END_TEST

/* Every payload starts right after the header and fits in the rest. */
#define PAYLOAD(f) { #f, offsetof(message, f), sizeof(((message *)0)->f) }

START_TEST(test_payloads)
{
	static const struct { const char *name; size_t off, size; } p[] = {
		PAYLOAD(diag), PAYLOAD(getinfo), PAYLOAD(whoami), PAYLOAD(exit),
		PAYLOAD(uptime), PAYLOAD(alarm), PAYLOAD(vircopy),
		PAYLOAD(newproc), PAYLOAD(endpt), PAYLOAD(halt),
		PAYLOAD(consread), PAYLOAD(testhook), PAYLOAD(vmctl),
		PAYLOAD(vm_spawn), PAYLOAD(vm_wait), PAYLOAD(vm_info),
		PAYLOAD(pagefault), PAYLOAD(exited), PAYLOAD(memreq),
		PAYLOAD(vm_brk), PAYLOAD(vm_mmap), PAYLOAD(vm_hold),
		PAYLOAD(notify), PAYLOAD(raw),
	};
	size_t i;

	for (i = 0; i < sizeof p / sizeof p[0]; i++) {
		ck_assert_msg(p[i].off == 8, "m.%s at %zu", p[i].name, p[i].off);
		ck_assert_msg(p[i].size > 0 && p[i].size <= PAYLOAD_SIZE,
			      "m.%s is %zu bytes", p[i].name, p[i].size);
	}
}
END_TEST

/* A payload written through one view reads back through the bytes. */
START_TEST(test_payload_bytes)
{
	message m;

	memset(&m, 0, sizeof m);
	m.vircopy.len = 0x04030201;
	ck_assert_uint_eq(m.bytes[offsetof(struct mess_vircopy, len)], 1);
	m.raw.w[PAYLOAD_SIZE / 4 - 1] = 0xffffffffu;
	ck_assert_uint_eq(m.bytes[PAYLOAD_SIZE - 1], 0xff);
}
END_TEST

/* --- message.h as a text: every payload in the union is checked --- */

static char *read_header(void)
{
	static char buf[32768];
	FILE *f = fopen(MICA_INCLUDE "/mica/message.h", "r");
	size_t n;

	ck_assert_msg(f != NULL, "cannot open %s/mica/message.h", MICA_INCLUDE);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	ck_assert_uint_lt(n, sizeof buf - 1);
	buf[n] = '\0';
	return buf;
}

/* Each "struct mess_xxx name;" member of the message's union has its
 * MESSAGE_FITS(mess_xxx). */
START_TEST(test_every_payload_asserted)
{
	const char *text = read_header(), *u, *end, *s;
	char type[64], want[96];
	int members = 0;

	u = strstr(text, "typedef struct {");
	ck_assert_ptr_nonnull(u);
	end = strstr(u, "} message;");
	ck_assert_ptr_nonnull(end);
	for (s = u; (s = strstr(s, "struct mess_")) != NULL && s < end; s++) {
		ck_assert_int_eq(sscanf(s, "struct %63[a-z0-9_]", type), 1);
		snprintf(want, sizeof want, "MESSAGE_FITS(%s)", type);
		ck_assert_msg(strstr(end, want) != NULL, "no %s", want);
		members++;
	}
	ck_assert_int_ge(members, 24);
}
END_TEST

/* --- the compile-time checks, by compiling --- */

/* The flags the kernel compiles with, for -m32 (see the top Makefile). */
#define I386_FLAGS "-m32 -ffreestanding"

/*
 * Compile src (after "#include <mica/message.h>") with extra flags; the
 * compiler's exit status, with its messages in err.
 */
static int compile(const char *src, const char *flags, char *err, size_t errsize)
{
	char cpath[] = "/tmp/mica-message-XXXXXX.c";
	char epath[] = "/tmp/mica-message-XXXXXX";
	char cmd[1024];
	FILE *f;
	int fd, status;
	size_t n;

	fd = mkstemps(cpath, 2);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#include <mica/message.h>\n%s\n", src);
	fclose(f);
	fd = mkstemp(epath);
	ck_assert_int_ge(fd, 0);
	close(fd);

	snprintf(cmd, sizeof cmd,
		 "%s -std=c11 -Wall -Wextra -Werror %s -I'%s' -fsyntax-only '%s' 2>'%s'",
		 HOSTCC, flags, MICA_INCLUDE, cpath, epath);
	status = system(cmd);

	f = fopen(epath, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(err, 1, errsize - 1, f);
	err[n] = '\0';
	fclose(f);
	unlink(cpath);
	unlink(epath);
	ck_assert_msg(status != -1 && WIFEXITED(status), "could not run %s", HOSTCC);
	return WEXITSTATUS(status);
}

static const char *const targets[] = { "", I386_FLAGS };

/* The header itself compiles, for the host and for i386. */
START_TEST(test_header_compiles)
{
	char err[4096];

	ck_assert_msg(compile("", targets[_i], err, sizeof err) == 0,
		      "message.h (%s): %s", targets[_i], err);
}
END_TEST

/* A payload of exactly PAYLOAD_SIZE bytes passes, of one more fails,
 * and the message names the payload. */
START_TEST(test_fits_boundary)
{
	char err[4096];

	ck_assert_msg(compile("struct mess_full { u8_t b[PAYLOAD_SIZE]; };\n"
			      "MESSAGE_FITS(mess_full);", targets[_i],
			      err, sizeof err) == 0,
		      "56 bytes refused (%s): %s", targets[_i], err);
	ck_assert_msg(compile("struct mess_over { u8_t b[PAYLOAD_SIZE + 1]; };\n"
			      "MESSAGE_FITS(mess_over);", targets[_i],
			      err, sizeof err) != 0,
		      "57 bytes accepted (%s)", targets[_i]);
	ck_assert_msg(strstr(err, "mess_over fits") != NULL, "compiler said: %s", err);
}
END_TEST

/* Padding counts: 14 words and a byte take 60 bytes, not 57. */
START_TEST(test_fits_words)
{
	char err[4096];

	ck_assert_int_ne(compile("struct mess_words { u32_t w[14]; u8_t one; };\n"
				 "MESSAGE_FITS(mess_words);", targets[_i],
				 err, sizeof err), 0);
	ck_assert_int_eq(compile("struct mess_words { u32_t w[13]; u16_t a, b; };\n"
				 "MESSAGE_FITS(mess_words);", targets[_i],
				 err, sizeof err), 0);
}
END_TEST

static Suite *message_suite(void)
{
	Suite *s = suite_create("message");
	TCase *tc;

	tc = tcase_create("layout");
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_payloads);
	tcase_add_test(tc, test_payload_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("compile-time checks");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_payload_asserted);
	tcase_add_loop_test(tc, test_header_compiles, 0, 2);
	tcase_add_loop_test(tc, test_fits_boundary, 0, 2);
	tcase_add_loop_test(tc, test_fits_words, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(message_suite());
}
