/* vmas, faults and user copies (kernel/mm/vma.c, fault.c, uaccess.c). */
#include "unit.h"
#include <emu/mm.h>
#include <emu/task.h>
#include <errno.h>

#define A 0x10000000UL

static struct mm *mm;

static int setup(void **state)
{
	frames_init(256 * PAGE_SIZE);
	current = task_alloc();
	return 0;
}

static int fresh_mm(void **state)
{
	mm = current->mm = mm_alloc();
	return 0;
}

static int drop_mm(void **state)
{
	mmput(mm);
	current->mm = NULL;
	return 0;
}

static int count_vmas(void)
{
	int n = 0;
	for (struct vma *v = mm->mmap; v; v = v->next)
		n++;
	return n;
}

static void unmap_in_the_middle_splits(void **state)
{
	assert_int_equal(vma_map(mm, A, 3 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0), 0);
	assert_int_equal(count_vmas(), 1);
	assert_int_equal(vma_unmap(mm, A + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(count_vmas(), 2);
	assert_non_null(vma_at(mm, A));
	assert_null(vma_at(mm, A + PAGE_SIZE));
	assert_non_null(vma_at(mm, A + 2 * PAGE_SIZE));
	assert_true(range_is_mapped(mm, A, 3 * PAGE_SIZE, false));
	assert_false(range_is_mapped(mm, A, 3 * PAGE_SIZE, true));
}

static void neighbours_merge(void **state)
{
	vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	vma_map(mm, A + PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	assert_int_equal(count_vmas(), 1);
	vma_map(mm, A + 2 * PAGE_SIZE, PAGE_SIZE, VM_READ, NULL, 0); /* other flags: no merge */
	assert_int_equal(count_vmas(), 2);
}

static void protect_splits_then_merges_back(void **state)
{
	vma_map(mm, A, 4 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	assert_int_equal(vma_protect(mm, A + PAGE_SIZE, PAGE_SIZE, VM_READ), 0);
	assert_int_equal(count_vmas(), 3);
	assert_int_equal(vma_at(mm, A + PAGE_SIZE)->flags & VM_WRITE, 0);
	assert_int_equal(vma_protect(mm, A + PAGE_SIZE, PAGE_SIZE, VM_READ | VM_WRITE), 0);
	assert_int_equal(count_vmas(), 1);
	assert_int_equal(vma_protect(mm, A + 8 * PAGE_SIZE, PAGE_SIZE, VM_READ), -ENOMEM);
}

static void unmapped_area_is_top_down_and_honours_hints(void **state)
{
	uint64_t a = get_unmapped_area(mm, 0, 2 * PAGE_SIZE);
	assert_int_equal(a, MMAP_BASE - 2 * PAGE_SIZE);
	vma_map(mm, a, 2 * PAGE_SIZE, VM_READ, NULL, 0);
	assert_int_equal(get_unmapped_area(mm, 0, PAGE_SIZE), a - PAGE_SIZE);
	assert_int_equal(get_unmapped_area(mm, A, PAGE_SIZE), A);       /* free hint */
	assert_int_equal(get_unmapped_area(mm, a, PAGE_SIZE), a - PAGE_SIZE); /* taken hint */
}

static void faults_follow_the_vma(void **state)
{
	pte_t pte;

	vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	vma_map(mm, A + PAGE_SIZE, PAGE_SIZE, VM_READ, NULL, 0);
	assert_int_equal(handle_mm_fault(mm, A, ACCESS_READ, &pte), FAULT_OK);
	assert_true(pte & PTE_PRESENT);
	assert_false(pte & PTE_WRITE); /* a read maps the shared zero page, read-only */
	pfn_t zero = pte_pfn(pte);
	assert_int_equal(handle_mm_fault(mm, A, ACCESS_WRITE, &pte), FAULT_OK);
	assert_true(pte & PTE_WRITE); /* the first write copies it: ours alone */
	assert_int_not_equal(pte_pfn(pte), zero);
	assert_int_equal(handle_mm_fault(mm, A + PAGE_SIZE, ACCESS_READ, &pte), FAULT_OK);
	assert_int_equal(pte_pfn(pte), zero); /* one zero page for every read */
	assert_int_equal(handle_mm_fault(mm, A + PAGE_SIZE, ACCESS_WRITE, &pte), FAULT_ACCERR);
	assert_int_equal(handle_mm_fault(mm, A + PAGE_SIZE, ACCESS_EXEC, &pte), FAULT_ACCERR);
	assert_int_equal(handle_mm_fault(mm, A + 2 * PAGE_SIZE, ACCESS_READ, &pte), FAULT_MAPERR);
	assert_int_equal(mm->faults_zero, 2);
	assert_int_equal(mm->cow_copies, 1);
}

/* What fork's copy_mm will do: share the frame read-only between two mms. */
static void copy_on_write(void **state)
{
	pte_t pte;
	struct mm *child = mm_alloc();

	vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	vma_map(child, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	handle_mm_fault(mm, A, ACCESS_WRITE, &pte);
	pfn_t shared = pte_pfn(pte);
	memcpy(frame_ptr(shared), "parent", 7);
	pte_t ro = mk_pte(shared, PTE_READ);
	*pte_lookup(&mm->pgd, A) = ro;
	*pte_alloc(&child->pgd, A) = ro;
	frame_get(shared);

	assert_int_equal(handle_mm_fault(child, A, ACCESS_WRITE, &pte), FAULT_OK);
	pfn_t copy = pte_pfn(pte);
	assert_int_not_equal(copy, shared);
	assert_string_equal(frame_ptr(copy), "parent");
	assert_int_equal(frame_refcount(shared), 1);
	assert_int_equal(child->cow_copies, 1);
	/* the parent is now the only user: its write reuses the frame */
	assert_int_equal(handle_mm_fault(mm, A, ACCESS_WRITE, &pte), FAULT_OK);
	assert_int_equal(pte_pfn(pte), shared);
	assert_int_equal(mm->cow_reuses, 1);
	mmput(child);
}

static void user_copies(void **state)
{
	char buf[32];

	vma_map(mm, A, 2 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	uint64_t edge = A + PAGE_SIZE - 3; /* crosses into the second page */
	assert_int_equal(copy_to_user(edge, "abcdefg", 8), 0);
	assert_int_equal(copy_from_user(buf, edge, 8), 0);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(strncpy_from_user(buf, edge, sizeof buf), 7);
	assert_int_equal(strncpy_from_user(buf, edge, 4), -ENAMETOOLONG);
	assert_int_equal(copy_to_user(A + 2 * PAGE_SIZE - 4, "12345678", 8), -EFAULT);
	assert_int_equal(copy_from_user(buf, 0x8, 4), -EFAULT);
	assert_int_equal(copy_from_user(buf, TASK_SIZE, 4), -EFAULT);
	assert_int_equal(clear_user(A, 16), 0);
	assert_int_equal(copy_from_user(buf, A, 1), 0);
	assert_int_equal(buf[0], 0);
}

static void user_copy_respects_protection(void **state)
{
	char c = 'x';

	vma_map(mm, A, PAGE_SIZE, VM_READ, NULL, 0);
	assert_int_equal(copy_from_user(&c, A, 1), 0);
	assert_int_equal(copy_to_user(A, &c, 1), -EFAULT);
}

/* access_remote_vm: another mm than current's (a new child's, a PI waiter's),
 * with the same rules; it stops where that memory ends. */
static void remote_access(void **state)
{
	struct mm *other = mm_alloc();
	char mine[] = "mine", theirs[] = "theirs", buf[8];

	vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	vma_map(other, A, 2 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	assert_int_equal(copy_to_user(A, mine, sizeof mine), 0);
	assert_int_equal(access_remote_vm(other, A, theirs, sizeof theirs, true), sizeof theirs);
	assert_int_equal(access_remote_vm(other, A, buf, sizeof theirs, false), sizeof theirs);
	assert_string_equal(buf, "theirs");
	assert_int_equal(copy_from_user(buf, A, sizeof mine), 0);
	assert_string_equal(buf, "mine");
	assert_int_equal(access_remote_vm(other, A + 2 * PAGE_SIZE - 3, buf, 8, false), 3);
	assert_int_equal(access_remote_vm(other, 0x8, buf, 4, false), 0);
	mmput(other);
}

/* copy_struct_from_user (clone3's struct): a smaller struct is zero-filled, a
 * larger one must be zero past what the kernel knows. */
static void struct_copies(void **state)
{
	uint64_t k[3] = { 9, 9, 9 }, u[5] = { 1, 2, 0, 0, 0 };

	vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	copy_to_user(A, u, sizeof u);
	assert_int_equal(copy_struct_from_user(k, sizeof k, A, 8), 0);
	assert_true(k[0] == 1 && k[1] == 0 && k[2] == 0);
	assert_int_equal(copy_struct_from_user(k, sizeof k, A, sizeof u), 0);
	assert_true(k[1] == 2);
	u[4] = 5;
	copy_to_user(A, u, sizeof u);
	assert_int_equal(copy_struct_from_user(k, sizeof k, A, sizeof u), -E2BIG);
	assert_int_equal(copy_struct_from_user(k, sizeof k, A + PAGE_SIZE - 16, 64), -EFAULT);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fresh_mm, drop_mm)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(unmap_in_the_middle_splits),
		T(neighbours_merge),
		T(protect_splits_then_merges_back),
		T(unmapped_area_is_top_down_and_honours_hints),
		T(faults_follow_the_vma),
		T(copy_on_write),
		T(user_copies),
		T(user_copy_respects_protection),
		T(remote_access),
		T(struct_copies),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
