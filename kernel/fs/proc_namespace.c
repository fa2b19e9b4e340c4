/* /proc/PID/mounts and mountinfo (Linux's fs/proc_namespace.c): the mount table,
 * parents before children, with each mount's options and the filesystem's. */
#include <emu/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

/* A path with space, tab, newline and backslash as octal escapes (seq_escape). */
static void show_path(FILE *m, const char *s)
{
	for (; *s; s++)
		if (strchr(" \t\n\\", *s))
			fprintf(m, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, m);
}

static void show_mnt_opts(FILE *m, const struct mount *mnt, bool sb_ro)
{
	static const struct { unsigned flag; const char *name; } opts[] = {
		{ MNT_NOSUID, ",nosuid" }, { MNT_NODEV, ",nodev" }, { MNT_NOEXEC, ",noexec" },
		{ MNT_NOATIME, ",noatime" }, { MNT_NODIRATIME, ",nodiratime" },
		{ MNT_RELATIME, ",relatime" }, { MNT_NOSYMFOLLOW, ",nosymfollow" },
	};

	fputs((mnt->mnt_flags & MNT_READONLY) || sb_ro ? "ro" : "rw", m);
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
		if (mnt->mnt_flags & opts[i].flag)
			fputs(opts[i].name, m);
}

static void show_sb_opts(FILE *m, const struct super_block *sb)
{
	if (sb->s_type->show_options)
		sb->s_type->show_options(m, sb);
}

static void show_vfsmnt(FILE *m, const struct mount *mnt)
{
	fprintf(m, "%s ", mnt->mnt_devname);
	show_path(m, mnt->mnt_mountpoint);
	fprintf(m, " %s ", mnt->mnt_sb->s_type->name);
	show_mnt_opts(m, mnt, mnt->mnt_sb->s_rdonly);
	show_sb_opts(m, mnt->mnt_sb);
	fputs(" 0 0\n", m);
}

static void show_mountinfo(FILE *m, const struct mount *mnt)
{
	const struct super_block *sb = mnt->mnt_sb;
	int parent = mnt->mnt_parent == mnt ? 1 : mnt->mnt_parent->mnt_id;

	fprintf(m, "%d %d %u:%u ", mnt->mnt_id, parent, major(sb->s_dev), minor(sb->s_dev));
	show_path(m, mnt->mnt_root);
	fputc(' ', m);
	show_path(m, mnt->mnt_mountpoint);
	fputc(' ', m);
	show_mnt_opts(m, mnt, false);
	if (mnt->mnt_group_id)
		fprintf(m, " shared:%d", mnt->mnt_group_id);
	if (mnt->mnt_master)
		fprintf(m, " master:%d", mnt->mnt_master);
	if (mnt->unbindable)
		fputs(" unbindable", m);
	fprintf(m, " - %s %s %s", sb->s_type->name, mnt->mnt_devname, sb->s_rdonly ? "ro" : "rw");
	show_sb_opts(m, sb);
	fputc('\n', m);
}

/* mnt, then its children in mount order. */
static void show_tree(FILE *m, const struct mnt_namespace *ns, const struct mount *mnt,
		      bool mountinfo)
{
	if (mountinfo)
		show_mountinfo(m, mnt);
	else
		show_vfsmnt(m, mnt);
	for (const struct mount *c = ns->root; c; c = c->next)
		if (c->mnt_parent == mnt && c != mnt)
			show_tree(m, ns, c, mountinfo);
}

void show_mounts_table(FILE *m, struct mnt_namespace *ns, bool mountinfo)
{
	current_mnt_ns(); /* the initial table exists */
	show_tree(m, ns, ns->root, mountinfo);
}
