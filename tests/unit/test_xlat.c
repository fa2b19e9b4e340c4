/* Flag names (kernel/trace/xlat.c) and trace class parsing (kernel/trace/trace.c). */
#include "unit.h"
#include <emu/trace.h>
#include <emu/xlat.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>

static char buf[256];

static void flags_by_name(void **state)
{
	assert_string_equal(xlat_flags(xlat_prot, PROT_READ | PROT_WRITE, "PROT_NONE", buf, sizeof buf),
			    "PROT_READ|PROT_WRITE");
	assert_string_equal(xlat_flags(xlat_prot, 0, "PROT_NONE", buf, sizeof buf), "PROT_NONE");
	assert_string_equal(xlat_flags(xlat_open_flags, O_CREAT | O_CLOEXEC, NULL, buf, sizeof buf),
			    "O_CREAT|O_CLOEXEC");
	assert_string_equal(xlat_flags(xlat_mmap_flags, MAP_ANONYMOUS | 0x40000000, NULL, buf, sizeof buf),
			    "MAP_ANONYMOUS|0x40000000");
	assert_string_equal(xlat_flags(xlat_mmap_flags, 0, NULL, buf, sizeof buf), "0");
	/* O_SYNC contains O_DSYNC's bit: the whole name wins */
	assert_string_equal(xlat_flags(xlat_open_flags, O_SYNC, NULL, buf, sizeof buf), "O_SYNC");
}

static void names_and_masks(void **state)
{
	assert_string_equal(xlat_name(xlat_errno, ENOENT), "ENOENT");
	assert_string_equal(xlat_name(xlat_clocks, CLOCK_MONOTONIC), "CLOCK_MONOTONIC");
	assert_null(xlat_name(xlat_clocks, 999));
	assert_int_equal(xlat_mask(xlat_prot) & (PROT_READ | PROT_WRITE | PROT_EXEC),
			 PROT_READ | PROT_WRITE | PROT_EXEC);
	assert_int_equal(xlat_mask(xlat_mmap_flags) & MAP_TYPE, 0); /* the type bits are apart */
}

static void trace_classes(void **state)
{
	assert_int_equal(trace_parse("syscall"), TRACE_SYSCALL);
	assert_int_equal(trace_parse("syscall,mm"), TRACE_SYSCALL | TRACE_MM);
	assert_int_equal(trace_parse("kernel"), TRACE_KERNEL);
	assert_int_equal(trace_parse("syscall,bogus"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags_by_name),
		cmocka_unit_test(names_and_masks),
		cmocka_unit_test(trace_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
