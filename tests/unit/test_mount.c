/* The mount table (kernel/fs/namespace.c): emu's rows, the longest-prefix match,
 * and copy_mnt_ns's private copy for CLONE_NEWNS. */
#include "unit.h"
#include <emu/mount.h>
#include <linux/sched.h>
#include <stdlib.h>

static int count(const struct mnt_namespace *ns)
{
	int n = 0;

	for (const struct mount *m = ns->root; m; m = m->next)
		n++;
	return n;
}

static struct mount *at(struct mnt_namespace *ns, const char *path)
{
	for (struct mount *m = ns->root; m; m = m->next)
		if (!strcmp(m->mnt_mountpoint, path))
			return m;
	return NULL;
}

static void init_namespace_has_emus_rows(void **state)
{
	struct mnt_namespace *ns = current_mnt_ns();

	assert_int_equal(ns->ns.inum, PROC_MNT_INIT_INO);
	assert_int_equal(count(ns), 5); /* /, /proc, /sys, /dev/shm, /sys/fs/cgroup */
	assert_int_equal(ns->nr_redirects, 0);
	assert_int_equal(at(ns, "/")->mnt_id, 20);
	assert_ptr_equal(at(ns, "/proc")->mnt_parent, ns->root);
	assert_string_equal(at(ns, "/sys")->mnt_sb->s_type->name, "sysfs");
	assert_ptr_equal(at(ns, "/sys/fs/cgroup")->mnt_parent, at(ns, "/sys"));
	assert_true(at(ns, "/sys")->mnt_sb->s_rdonly);
}

static void longest_prefix_wins(void **state)
{
	struct mnt_namespace *ns = current_mnt_ns();

	assert_ptr_equal(lookup_mnt_path(ns, "/proc/self/maps", false), at(ns, "/proc"));
	assert_ptr_equal(lookup_mnt_path(ns, "/process", false), ns->root); /* not /proc */
	assert_ptr_equal(lookup_mnt_path(ns, "/dev/shm", false), at(ns, "/dev/shm"));
	assert_null(lookup_mnt_path(ns, "/proc", true)); /* emu's rows redirect nothing */
}

static struct mount *add_bind(struct mnt_namespace *ns, const char *point, const char *target)
{
	struct mount *m = alloc_mnt(ns->root->mnt_sb, target, point, "src");

	assert_non_null(m);
	m->target = strdup(target);
	m->redirects = true;
	attach_mnt(ns, m, lookup_mnt_path(ns, point, false));
	return m;
}

static void copy_is_private(void **state)
{
	struct mnt_namespace *init = current_mnt_ns();
	struct mount *b = add_bind(init, "/mnt/a", "/srv/a");
	struct mnt_namespace *ns, *same;

	assert_int_equal(copy_mnt_ns(0, init, NULL, &same), 0);
	assert_ptr_equal(same, init); /* without CLONE_NEWNS: shared */
	put_mnt_ns(same);
	assert_int_equal(copy_mnt_ns(CLONE_NEWNS, init, NULL, &ns), 0);
	assert_int_not_equal(ns->ns.inum, init->ns.inum);
	assert_int_equal(count(ns), 6);
	assert_int_equal(ns->nr_redirects, 1);
	struct mount *c = at(ns, "/mnt/a");
	assert_non_null(c);
	assert_ptr_not_equal(c, b);
	assert_int_equal(c->mnt_id, b->mnt_id);
	assert_ptr_equal(c->mnt_parent, ns->root); /* the copy's own root */
	assert_ptr_equal(c->mnt_sb, b->mnt_sb);    /* one filesystem, two mounts */
	add_bind(ns, "/mnt/b", "/srv/b");          /* seen in the copy only */
	assert_non_null(at(ns, "/mnt/b"));
	assert_null(at(init, "/mnt/b"));
	assert_int_equal(b->mnt_sb->s_count, 5); /* the row, b, their copies, the new one */
	put_mnt_ns(ns);
	assert_int_equal(b->mnt_sb->s_count, 2);
	detach_mnt(init, b);
	free_mnt(b);
	assert_int_equal(init->nr_redirects, 0);
	assert_int_equal(count(init), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_namespace_has_emus_rows),
		cmocka_unit_test(longest_prefix_wins),
		cmocka_unit_test(copy_is_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
