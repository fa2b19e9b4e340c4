/* Intrusive lists (include/emu/list.h), the subset of Linux's list.h that the
 * process tree uses: children, sibling and thread_group. */
#include "unit.h"
#include <emu/list.h>

struct item {
	int v;
	struct list_head node;
};

/* The values of the list at head, in order, as digits: "312". */
static const char *values(struct list_head *head)
{
	static char s[16];
	struct item *it;
	int n = 0;

	list_for_each_entry(it, head, node)
		s[n++] = (char)('0' + it->v);
	s[n] = '\0';
	return s;
}

static void add_is_a_stack_add_tail_a_queue(void **state)
{
	LIST_HEAD(head);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 };

	assert_true(list_empty(&head));
	assert_string_equal(values(&head), "");
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add(&c.node, &head);
	assert_false(list_empty(&head));
	assert_string_equal(values(&head), "312");
	assert_ptr_equal(list_first_entry(&head, struct item, node), &c);
}

static void del_unlinks_one(void **state)
{
	LIST_HEAD(head);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 };

	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add_tail(&c.node, &head);
	list_del(&b.node);
	assert_null(b.node.next);
	assert_string_equal(values(&head), "13");
	list_del_init(&a.node);
	assert_true(list_empty(&a.node));
	list_del_init(&a.node); /* a second time: nothing happens */
	assert_string_equal(values(&head), "3");
	list_del(&c.node);
	assert_true(list_empty(&head));
}

static void safe_walk_may_delete(void **state)
{
	LIST_HEAD(head);
	LIST_HEAD(other);
	struct item items[5], *it, *n;

	for (int i = 0; i < 5; i++) {
		items[i].v = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_entry_safe(it, n, &head, node)
		if (it->v % 2) { /* as forget_original_parent moves children */
			list_del(&it->node);
			list_add_tail(&it->node, &other);
		}
	assert_string_equal(values(&head), "024");
	assert_string_equal(values(&other), "13");
}

static void replace_takes_the_place(void **state)
{
	LIST_HEAD(head);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 }, d = { .v = 4 };

	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add_tail(&c.node, &head);
	list_replace_init(&b.node, &d.node); /* as de_thread's new leader */
	assert_string_equal(values(&head), "143");
	assert_true(list_empty(&b.node));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_is_a_stack_add_tail_a_queue),
		cmocka_unit_test(del_unlinks_one),
		cmocka_unit_test(safe_walk_may_delete),
		cmocka_unit_test(replace_takes_the_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
