/* Frames (kernel/mm/frame.c): allocation, zeroing, reference counts, reuse. */
#include "unit.h"
#include <emu/mm.h>

#define NR 16

static int setup(void **state)
{
	frames_init(NR * PAGE_SIZE);
	return 0;
}

static void frames_are_distinct_and_zeroed(void **state)
{
	pfn_t a = frame_alloc(), b = frame_alloc();

	assert_true(a != 0 && b != 0 && a != b);
	assert_int_equal(frame_refcount(a), 1);
	const uint8_t *p = frame_ptr(a);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(p[i], 0);
	frame_put(a);
	frame_put(b);
}

static void refcounts_free_at_zero_and_reuse_zeroed(void **state)
{
	size_t free_before = frames_free();
	pfn_t a = frame_alloc();

	memset(frame_ptr(a), 0xab, PAGE_SIZE);
	frame_get(a);
	assert_int_equal(frame_refcount(a), 2);
	frame_put(a);
	assert_int_equal(frame_refcount(a), 1);
	assert_int_equal(frames_free(), free_before - 1);
	frame_put(a);
	assert_int_equal(frames_free(), free_before);
	pfn_t b = frame_alloc(); /* the most recently freed frame comes back, cleared */
	assert_int_equal(b, a);
	assert_int_equal(((uint8_t *)frame_ptr(b))[100], 0);
	frame_put(b);
}

static void exhaustion_returns_zero(void **state)
{
	pfn_t got[NR];
	int n = 0;

	while (n < NR && (got[n] = frame_alloc()))
		n++;
	assert_int_equal(n, NR - 1); /* frame 0 is never handed out */
	assert_int_equal(frame_alloc(), 0);
	assert_int_equal(frames_free(), 0);
	while (n--)
		frame_put(got[n]);
	assert_int_equal(frames_free(), NR - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_are_distinct_and_zeroed),
		cmocka_unit_test(refcounts_free_at_zero_and_reuse_zeroed),
		cmocka_unit_test(exhaustion_returns_zero),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
