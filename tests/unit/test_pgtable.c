/* Page tables (kernel/mm/pgtable.c): lookups, allocation across levels, walks. */
#include "unit.h"
#include <emu/mm.h>

static const uint64_t addrs[] = {
	0x0, 0x1000, 0x200000, 0x40000000, 0x8000000000, 0x555555554000, TASK_SIZE - PAGE_SIZE,
};
#define N (sizeof addrs / sizeof addrs[0])

static void lookup_before_alloc_is_null(void **state)
{
	struct pgtable pt = { 0 };

	assert_null(pte_lookup(&pt, 0x400000));
	pte_t *p = pte_alloc(&pt, 0x400000);
	assert_non_null(p);
	assert_int_equal(*p, 0);
	assert_ptr_equal(pte_lookup(&pt, 0x400000), p);
	assert_ptr_equal(pte_lookup(&pt, 0x400fff), p); /* same page */
	assert_ptr_not_equal(pte_lookup(&pt, 0x401000), p);
	pgtable_free(&pt);
	assert_null(pt.root);
}

struct seen {
	uint64_t va[16];
	int n;
};

static void record(pte_t *pte, uint64_t va, void *arg)
{
	struct seen *s = arg;
	s->va[s->n++] = va;
	assert_int_equal(pte_pfn(*pte), (va >> PAGE_SHIFT) & 0xffff);
}

static void walk_visits_present_ptes_in_order(void **state)
{
	struct pgtable pt = { 0 };
	struct seen s = { .n = 0 };

	for (size_t i = N; i-- > 0;) /* insert in reverse: the walk must still sort */
		*pte_alloc(&pt, addrs[i]) = mk_pte((addrs[i] >> PAGE_SHIFT) & 0xffff, PTE_READ);
	*pte_alloc(&pt, 0x3000) = 0; /* allocated but not present: skipped */
	pgtable_walk(&pt, 0, TASK_SIZE, record, &s);
	assert_int_equal(s.n, N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(s.va[i], addrs[i]);
	s.n = 0;
	pgtable_walk(&pt, 0x1000, 0x40000001, record, &s);
	assert_int_equal(s.n, 3); /* 0x1000, 0x200000, 0x40000000 */
	pgtable_free(&pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_before_alloc_is_null),
		cmocka_unit_test(walk_visits_present_ptes_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
