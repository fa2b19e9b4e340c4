/* Files of emu's /proc kept outside kernel/fs/procfs.c, one idea each
 * (kernel/fs/proc_*.c). Each show function prints the file's text for task t. */
#ifndef EMU_PROC_FS_H
#define EMU_PROC_FS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct task;
struct vma;
struct mm;
void show_smaps(FILE *m, struct task *t);        /* proc_smaps.c */
void show_smaps_rollup(FILE *m, struct task *t); /* proc_smaps.c */
/* maps's line head for vma, padded to where the name starts, as Linux's */
void show_map_head(FILE *m, const struct mm *mm, const struct vma *vma);
void show_limits(FILE *m, struct task *t);       /* proc_limits.c */
/* /proc/PID/fdinfo/N: 0, or -ENOENT when t has no descriptor fd (proc_fdinfo.c) */
int show_fdinfo(FILE *m, struct task *t, int fd);
/* mount ids of /proc/PID/mountinfo, for fdinfo's mnt_id; pipes and emu's anonymous
 * files are on Linux's internal pipefs and anon_inodefs mounts */
enum { MNT_ID_PIPEFS = 16, MNT_ID_ANON = 17, MNT_ID_ROOT = 20, MNT_ID_PROC, MNT_ID_SYSFS,
       MNT_ID_CGROUP = 24 };
/* /proc/PID/ns (proc_ns.c): entry i's name (NULL past the last); an entry's link
 * text "uts:[N]" (0, or -ENOENT); whether a link text is one; its target's status
 * (nsfs: st_ino N); open of an entry: a guest descriptor or -errno */
struct file;
struct ns_common;
const char *proc_ns_entry_name(int i);
int proc_ns_link(struct task *t, const char *name, char *buf, size_t size);
bool is_proc_ns_link(const char *link);
int proc_ns_stat(const char *link, void *statbuf);
int proc_ns_open(struct task *t, const char *name, int flags);
/* t's namespace of entry name, borrowed, or NULL (a task gone) */
struct ns_common *proc_ns_of_task(struct task *t, const char *name);
/* The namespace an open file holds (an ns file from proc_ns_open), or NULL. */
struct ns_common *proc_ns_file_ns(const struct file *f);
#endif
