/* Futex keys and queues (kernel/futex.c): what keys match, and that waiters wake and
 * move in task-list (pid) order whatever order they queued in. */
#include "unit.h"
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/futex.h>

#define A 0x10000000UL  /* private memory of the one mm */
#define S1 0x20000000UL /* a MAP_SHARED object, mapped here in mm */
#define S2 0x30000000UL /* ... and here in another mm */

long sys_futex(const uint64_t *args);

static struct task *t[4]; /* pids 2 to 5, in the task list in that order */
static struct mm *mm, *mm2;

static int setup(void **state)
{
	struct mobj *obj;

	frames_init(256 * PAGE_SIZE);
	mm = mm_alloc();
	mm2 = mm_alloc();
	obj = mobj_new_shmem(PAGE_SIZE);
	if (!mm || !mm2 || !obj || vma_map(mm, A, PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0) ||
	    vma_map(mm, S1, PAGE_SIZE, VM_READ | VM_WRITE | VM_SHARED, obj, 0) ||
	    vma_map(mm2, S2, PAGE_SIZE, VM_READ | VM_WRITE | VM_SHARED, obj, 0))
		return -1;
	mobj_put(obj);
	for (int i = 0; i < 4; i++) {
		t[i] = task_alloc();
		t[i]->pid = t[i]->tgid = 2 + i;
		t[i]->mm = mm;
		sched_add(t[i]);
	}
	current = t[0];
	return 0;
}

/* t waits on the private word at uaddr, as futex_wait leaves it. */
static void wait_on(struct task *w, uint64_t uaddr)
{
	union futex_key key;

	assert_int_equal(get_futex_key(uaddr, 0, &key), 0);
	w->futex_q = (struct futex_q){ .task = w, .key = key, .bitset = FUTEX_BITSET_MATCH_ANY,
				       .uaddr = uaddr };
	futex_queue(&w->futex_q);
	w->state = TASK_SLEEPING;
	w->restart_block.waiting = WAIT_FUTEX;
}

static long futex(uint64_t uaddr, int op, uint32_t val, uint64_t val2, uint64_t uaddr2)
{
	uint64_t args[6] = { uaddr, (uint64_t)op, val, val2, uaddr2, 0 };
	return sys_futex(args);
}

/* Whatever a test left queued leaves, every task runs again. */
static int clear(void **state)
{
	for (int i = 0; i < 4; i++) {
		futex_unqueue(&t[i]->futex_q);
		wake_task(t[i]);
	}
	return 0;
}

static void test_private_keys(void **state)
{
	union futex_key k1, k2, k3;

	assert_int_equal(get_futex_key(A + 8, 0, &k1), 0);
	assert_int_equal(get_futex_key(A + 8, FLAGS_SHARED, &k2), 0); /* private memory */
	assert_int_equal(get_futex_key(A + 12, 0, &k3), 0);
	assert_true(futex_match(&k1, &k2));
	assert_false(futex_match(&k1, &k3));
	assert_int_equal(get_futex_key(A + 9, 0, &k1), -EINVAL);
	assert_int_equal(get_futex_key(A + PAGE_SIZE, 0, &k1), -EFAULT);
}

/* Two mms that map one object at different addresses meet on it, unless one says
 * FUTEX_PRIVATE_FLAG. */
static void test_shared_keys(void **state)
{
	union futex_key k1, k2, k3;

	assert_int_equal(get_futex_key(S1 + 16, FLAGS_SHARED, &k1), 0);
	assert_int_equal(get_futex_key(S1 + 16, 0, &k3), 0);
	current->mm = mm2;
	assert_int_equal(get_futex_key(S2 + 16, FLAGS_SHARED, &k2), 0);
	current->mm = mm;
	assert_true(futex_match(&k1, &k2));
	assert_false(futex_match(&k1, &k3));
}

static void test_queue_order(void **state)
{
	union futex_key key;
	struct futex_q *q;

	wait_on(t[3], A);
	wait_on(t[1], A);
	wait_on(t[2], A);
	assert_int_equal(get_futex_key(A, 0, &key), 0);
	q = futex_next_waiter(&key, NULL);
	assert_ptr_equal(q, &t[1]->futex_q);
	q = futex_next_waiter(&key, q);
	assert_ptr_equal(q, &t[2]->futex_q);
	q = futex_next_waiter(&key, q);
	assert_ptr_equal(q, &t[3]->futex_q);
	assert_null(futex_next_waiter(&key, q));
}

static void test_wake_in_pid_order(void **state)
{
	wait_on(t[1], A);
	wait_on(t[3], A);
	wait_on(t[2], A);
	assert_int_equal(futex(A, FUTEX_WAKE_PRIVATE, 2, 0, 0), 2);
	assert_int_equal(t[1]->state, TASK_RUNNING);
	assert_int_equal(t[2]->state, TASK_RUNNING);
	assert_int_equal(t[3]->state, TASK_SLEEPING);
	assert_false(futex_unqueue(&t[1]->futex_q)); /* the wake took it off */
	assert_true(futex_unqueue(&t[3]->futex_q));
}

/* A waiter that a signal or its timeout woke stays queued until it runs again, but
 * no wake counts it. */
static void test_wake_skips_the_awake(void **state)
{
	wait_on(t[1], A);
	wake_task(t[1]);
	assert_int_equal(futex(A, FUTEX_WAKE_PRIVATE, 1, 0, 0), 0);
	assert_true(futex_unqueue(&t[1]->futex_q));
}

static void test_requeue(void **state)
{
	union futex_key key2;

	wait_on(t[2], A);
	wait_on(t[3], A);
	wait_on(t[1], A);
	/* wake one, move one to A + 4, leave one */
	assert_int_equal(futex(A, FUTEX_REQUEUE_PRIVATE, 1, 1, A + 4), 2);
	assert_int_equal(t[1]->state, TASK_RUNNING);
	assert_int_equal(get_futex_key(A + 4, 0, &key2), 0);
	assert_true(futex_match(&t[2]->futex_q.key, &key2));
	assert_false(futex_match(&t[3]->futex_q.key, &key2));
	assert_int_equal(futex(A + 4, FUTEX_WAKE_PRIVATE, 5, 0, 0), 1);
	assert_int_equal(t[2]->state, TASK_RUNNING);
	assert_int_equal(futex(A, FUTEX_WAKE_PRIVATE, 5, 0, 0), 1);
	assert_int_equal(t[3]->state, TASK_RUNNING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_keys),
		cmocka_unit_test(test_shared_keys),
		cmocka_unit_test_teardown(test_queue_order, clear),
		cmocka_unit_test_teardown(test_wake_in_pid_order, clear),
		cmocka_unit_test_teardown(test_wake_skips_the_awake, clear),
		cmocka_unit_test_teardown(test_requeue, clear),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
