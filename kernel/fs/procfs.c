/* /proc and /sys made from emu's kernel, never the host's (Linux's fs/proc and the
 * few sysfs files programs read). A file's text is made when it is opened, into a
 * host memfd, so read, lseek, pread, fstat and mmap work on it unchanged, as
 * Linux's seq_file gives a snapshot per open. The host's own /proc and /sys are
 * refused wherever a path reaches them (do_sys_open checks the opened file's
 * filesystem), so nothing of emu's host process shows through. */
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/net_namespace.h>
#include <emu/nsproxy.h>
#include <emu/time_namespace.h>
#include <emu/user_namespace.h>
#include <emu/proc_fs.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/sysctl.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/userfaultfd.h>
#include <emu/utsname.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define NSFS_MAGIC 0x6e736673
#define CGROUP2_SUPER_MAGIC 0x63677270

struct proc_file {
	const char *name;
	void (*show)(FILE *m, struct task *t); /* t: the task of /proc/PID, or NULL */
	/* a writable file: applies the text written (its first line); 0 or -errno */
	long (*store)(struct task *t, const char *line);
	unsigned mode; /* its permission bits as Linux's; 0: 0644 if it has store, else 0444 */
};

/* ---- /proc/PID ---- */

static void show_mounts(FILE *m, struct task *t);
static void show_mountinfo(FILE *m, struct task *t);
static void show_coredump_filter(FILE *m, struct task *t);

static int thread_count(const struct task *t)
{
	int n = 0;

	for (struct task *p = first_task_in_list(); p; p = p->next_task)
		if (p->tgid == t->tgid && p->state != TASK_DEAD)
			n++;
	return n;
}

static char task_state_char(const struct task *t)
{
	if (t->state == TASK_DEAD)
		return 'Z';
	if (t->signal && t->signal->stopped)
		return 'T';
	return t->state == TASK_SLEEPING ? 'S' : 'R';
}

static const char *task_state_name(char c)
{
	switch (c) {
	case 'Z': return "Z (zombie)";
	case 'T': return "T (stopped)";
	case 'S': return "S (sleeping)";
	default: return "R (running)";
	}
}

/* The numbers /proc shows are the reader's pid namespace's: emu has no per-mount
 * procfs, so /proc is as a proc mounted in the reader's namespace shows it
 * (docs/pid_namespaces.md). 0 for one outside it. */
static const struct pid_namespace *proc_ns(void)
{
	return task_active_pid_ns(current);
}

static int parent_tgid(const struct task *t)
{
	return task_ppid_nr_ns(t, proc_ns()); /* 1: emu's init */
}

/* "NSpid:" and the like: t's numbers from the reader's level to its own. */
static void show_ns_levels(FILE *m, const char *name, const struct task *t)
{
	const struct pid_namespace *ns = proc_ns();

	fprintf(m, "%s:", name);
	if (!t || !task_in_pid_ns(t, ns))
		fputs("\t0", m);
	else
		for (unsigned i = ns->level; i <= task_active_pid_ns(t)->level; i++)
			fprintf(m, "\t%d", t->pid_nrs[i]);
	fputc('\n', m);
}

/* A group's or session's leader, for its numbers; NULL once it is reaped. */
static const struct task *task_by_nr(int nr)
{
	for (const struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->pid == nr && !t->reaped)
			return t;
	return NULL;
}

static void count_pte(pte_t *pte, uint64_t va, void *arg)
{
	(*(uint64_t *)arg)++;
}

static void mm_sizes(struct mm *mm, uint64_t *vm_pages, uint64_t *rss_pages)
{
	*vm_pages = *rss_pages = 0;
	if (!mm)
		return;
	for (struct vma *vma = mm->mmap; vma; vma = vma->next)
		*vm_pages += (vma->end - vma->start) >> PAGE_SHIFT;
	pgtable_walk(&mm->pgd, 0, TASK_SIZE, count_pte, rss_pages);
}

static uint64_t sig_handled(const struct task *t, bool ignored)
{
	uint64_t set = 0;

	for (int sig = 1; t->sighand && sig <= NSIG_EMU; sig++) {
		uint64_t h = t->sighand->action[sig - 1].handler;
		if (ignored ? h == (uint64_t)SIG_IGN : h > (uint64_t)SIG_IGN)
			set |= sigbit(sig);
	}
	return set;
}

static unsigned long locked_kb(const struct mm *mm)
{
	uint64_t bytes = 0;

	for (const struct vma *v = mm->mmap; v; v = v->next)
		if (v->flags & VM_LOCKED)
			bytes += v->end - v->start;
	return (unsigned long)(bytes >> 10);
}

/* An id as the reader's user namespace sees it (Linux's proc_pid_status). */
static unsigned uid_seen(uid_t id) { return from_kuid_munged(current_user_ns(), id); }
static unsigned gid_seen(gid_t id) { return from_kgid_munged(current_user_ns(), id); }

static void show_status(FILE *m, struct task *t)
{
	uint64_t vm, rss;
	char state = task_state_char(t);

	mm_sizes(t->mm, &vm, &rss);
	fprintf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		   "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		   "FDSize:\t%d\n",
		t->comm, t->fs ? t->fs->umask : 022, task_state_name(state),
		task_tgid_nr_ns(t, proc_ns()), task_pid_nr_ns(t, proc_ns()), parent_tgid(t),
		uid_seen(t->cred.uid), uid_seen(t->cred.euid), uid_seen(t->cred.suid),
		uid_seen(t->cred.fsuid), gid_seen(t->cred.gid), gid_seen(t->cred.egid),
		gid_seen(t->cred.sgid), gid_seen(t->cred.fsgid), t->files ? t->files->max_fds : 0);
	show_ns_levels(m, "NStgid", t->group_leader);
	show_ns_levels(m, "NSpid", t);
	if (proc_ns()->level == 0) /* a group and session outlive their leaders there */
		fprintf(m, "NSpgid:\t%d\nNSsid:\t%d\n", t->pgid, t->sid);
	else {
		show_ns_levels(m, "NSpgid", task_by_nr(t->pgid));
		show_ns_levels(m, "NSsid", task_by_nr(t->sid));
	}
	if (t->mm)
		fprintf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmRSS:\t%8lu kB\n",
			(unsigned long)vm * 4, (unsigned long)vm * 4, locked_kb(t->mm),
			(unsigned long)rss * 4);
	fprintf(m, "Threads:\t%d\nSigQ:\t0/%d\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
		   "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		thread_count(t), 1024, (unsigned long)t->pending.signal,
		(unsigned long)(t->signal ? t->signal->shared_pending.signal : 0),
		(unsigned long)t->blocked, (unsigned long)sig_handled(t, true),
		(unsigned long)sig_handled(t, false));
	fprintf(m, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\nCapAmb:\t%016lx\n",
		(unsigned long)t->cred.cap_inheritable, (unsigned long)t->cred.cap_permitted,
		(unsigned long)t->cred.cap_effective, (unsigned long)t->cred.cap_bset,
		(unsigned long)t->cred.cap_ambient);
	fprintf(m, "Cpus_allowed:\t%lx\nCpus_allowed_list:\t0-%d\n", (unsigned long)t->cpus_mask,
		sched_nr_cpus() - 1);
	fprintf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		(unsigned long)t->acct.nvcsw, (unsigned long)t->acct.nivcsw);
}

/* The 52 fields of proc_pid_stat(5). */
static void show_stat(FILE *m, struct task *t)
{
	uint64_t vm, rss;

	mm_sizes(t->mm, &vm, &rss);
	fprintf(m, "%d (%s) %c %d %d %d 0 -1 4194560 %lu 0 0 0 %ld %ld 0 0 20 %d %d 0 0 %lu %lu "
		   "18446744073709551615 0 0 %lu 0 0 0 %lu %lu 0 0 0 17 0 0 0 0 0 0 0 %lu %lu %lu "
		   "%lu %lu %d\n",
		task_pid_nr_ns(t, proc_ns()), t->comm, task_state_char(t), parent_tgid(t),
		pid_nr_ns(t->pgid, proc_ns()), pid_nr_ns(t->sid, proc_ns()),
		(unsigned long)t->acct.min_flt, to_clock_t(t->acct.utime), to_clock_t(t->acct.stime),
		t->nice, thread_count(t), (unsigned long)vm << PAGE_SHIFT, (unsigned long)rss,
		(unsigned long)(t->mm ? t->mm->start_stack : 0), (unsigned long)t->pending.signal,
		(unsigned long)t->blocked, (unsigned long)(t->mm ? t->mm->start_brk : 0),
		(unsigned long)(t->mm ? t->mm->arg_start : 0), (unsigned long)(t->mm ? t->mm->arg_end : 0),
		(unsigned long)(t->mm ? t->mm->env_start : 0), (unsigned long)(t->mm ? t->mm->env_end : 0),
		t->exit_code);
}

static void show_statm(FILE *m, struct task *t)
{
	uint64_t vm, rss;

	mm_sizes(t->mm, &vm, &rss);
	fprintf(m, "%lu %lu 0 0 0 0 0\n", (unsigned long)vm, (unsigned long)rss);
}

static const char *vma_name(const struct mm *mm, const struct vma *vma)
{
	static char name[PATH_MAX];

	if (vma->obj) { /* a file in a tmpfs: under its mount point */
		snprintf(name, sizeof name, "%s", mobj_name(vma->obj));
		d_path_guest(name, sizeof name);
		return name;
	}
	if (vma->start <= mm->brk && vma->end >= mm->start_brk && mm->brk > mm->start_brk)
		return "[heap]"; /* Linux's test, in show_map_vma */
	if (vma->start <= mm->start_stack && mm->start_stack < vma->end)
		return "[stack]";
	return "";
}

void show_map_head(FILE *m, const struct mm *mm, const struct vma *v)
{
	const char *name = vma_name(mm, v);
	int n = fprintf(m, "%08lx-%08lx %c%c%c%c %08lx 00:00 0", (unsigned long)v->start,
			(unsigned long)v->end, (v->flags & VM_READ) ? 'r' : '-',
			(v->flags & VM_WRITE) ? 'w' : '-', (v->flags & VM_EXEC) ? 'x' : '-',
			(v->flags & VM_MAYSHARE) ? 's' : 'p',
			(unsigned long)(v->obj ? v->pgoff << PAGE_SHIFT : 0));
	if (*name)
		fprintf(m, "%*s%s", n < 73 ? 73 - n : 1, "", name);
	fputc('\n', m);
}

static void show_maps(FILE *m, struct task *t)
{
	if (!t->mm)
		return;
	for (struct vma *v = t->mm->mmap; v; v = v->next)
		show_map_head(m, t->mm, v);
}

/* argv or envp as the program's own memory holds them now (it may rewrite them). */
static void show_user_range(FILE *m, struct task *t, bool env)
{
	if (!t->mm)
		return;
	uint64_t start = env ? t->mm->env_start : t->mm->arg_start;
	uint64_t end = env ? t->mm->env_end : t->mm->arg_end;
	char buf[4096];

	while (start < end) {
		size_t n = end - start < sizeof buf ? end - start : sizeof buf;
		if (access_remote_vm(t->mm, start, buf, (int)n, false) != (int)n)
			return;
		fwrite(buf, 1, n, m);
		start += n;
	}
}

static void show_cmdline(FILE *m, struct task *t) { show_user_range(m, t, false); }
static void show_environ(FILE *m, struct task *t) { show_user_range(m, t, true); }
static void show_comm(FILE *m, struct task *t) { fprintf(m, "%s\n", t->comm); }
static void show_oom_score_adj(FILE *m, struct task *t) { fprintf(m, "%d\n", t->oom_score_adj); }
static void show_timerslack(FILE *m, struct task *t) { fprintf(m, "%lu\n", (unsigned long)t->timer_slack_ns); }

/* The bytes written, newline and all, as Linux's comm_write keeps them. */
static long store_comm(struct task *t, const char *text)
{
	snprintf(t->comm, sizeof t->comm, "%s", text);
	return 0;
}

static long parse_long(const char *line, long lo, long hi, long *v)
{
	char *end;

	*v = strtol(line, &end, 10);
	return end == line || *v < lo || *v > hi ? -EINVAL : 0;
}

static long store_oom_score_adj(struct task *t, const char *line)
{
	long v, err = parse_long(line, -1000, 1000, &v);

	if (err)
		return err;
	if (v < t->oom_score_adj && !capable(current, CAP_SYS_RESOURCE))
		return -EACCES; /* lowering it needs privilege */
	t->oom_score_adj = (int)v;
	return 0;
}

static long store_timerslack(struct task *t, const char *line)
{
	long v, err = parse_long(line, 0, LONG_MAX, &v);

	if (err)
		return err;
	t->timer_slack_ns = v ? (uint64_t)v : t->default_timer_slack_ns;
	return 0;
}

static const struct proc_file pid_files[] = {
	{ "status", show_status, NULL, 0 },
	{ "stat", show_stat, NULL, 0 },
	{ "statm", show_statm, NULL, 0 },
	{ "maps", show_maps, NULL, 0 },
	{ "cmdline", show_cmdline, NULL, 0 },
	{ "environ", show_environ, NULL, 0400 },
	{ "mounts", show_mounts, NULL, 0 },
	{ "coredump_filter", show_coredump_filter, NULL, 0644 },
	{ "comm", show_comm, store_comm, 0 },
	{ "oom_score_adj", show_oom_score_adj, store_oom_score_adj, 0 },
	{ "timerslack_ns", show_timerslack, store_timerslack, 0666 },
	{ "smaps", show_smaps, NULL, 0 },
	{ "smaps_rollup", show_smaps_rollup, NULL, 0 },
	{ "limits", show_limits, NULL, 0 },
	{ "mountinfo", show_mountinfo, NULL, 0 },
	{ "timens_offsets", show_timens_offsets, proc_timens_set_offset, 0644 },
	{ "uid_map", show_uid_map, write_uid_map, 0644 },   /* proc_uid_map.c */
	{ "gid_map", show_gid_map, write_gid_map, 0644 },
	{ "projid_map", show_projid_map, write_projid_map, 0644 },
	{ "setgroups", show_setgroups, write_setgroups, 0644 },
	{ "cgroup", proc_cgroup_show, NULL, 0 },
	{ "mem", NULL, NULL, 0600 },     /* proc_mem.c */
	{ "pagemap", NULL, NULL, 0400 }, /* proc_mem.c */
	{ NULL, NULL, NULL, 0 },
};

/* ---- /proc and /sys files of the whole machine ---- */

static void show_meminfo(FILE *m, struct task *t)
{
	unsigned long total = phys_size() >> 10, free = (frames_free() * PAGE_SIZE) >> 10;

	fprintf(m, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n"
		   "Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
		   "SwapTotal:             0 kB\nSwapFree:              0 kB\n"
		   "HugePages_Total:   %5ld\nHugePages_Free:    %5ld\nHugePages_Rsvd:        0\n"
		   "HugePages_Surp:        0\nHugepagesize:       2048 kB\nHugetlb:        %8lu kB\n",
		total, free, free, hugetlb_total(), hugetlb_free(),
		(unsigned long)(hugetlb_total() * (long)(HPAGE_SIZE >> 10)));
}

static void show_cpuinfo(FILE *m, struct task *t)
{
	for (int cpu = 0; cpu < sched_nr_cpus(); cpu++)
		fprintf(m, "processor\t: %d\nvendor_id\t: emu\ncpu family\t: 6\nmodel\t\t: 0\n"
			   "model name\t: emu virtual CPU\ncpu MHz\t\t: 1000.000\nphysical id\t: 0\n"
			   "core id\t\t: %d\ncpu cores\t: %d\nflags\t\t: fpu tsc cx8 cmov mmx fxsr sse sse2\n\n",
			cpu, cpu, sched_nr_cpus());
}

static void show_uptime(FILE *m, struct task *t)
{
	uint64_t ns = timens_add_offset(CLOCK_BOOTTIME, ktime_get_ns()); /* the reader's */

	fprintf(m, "%lu.%02lu %lu.%02lu\n", (unsigned long)(ns / 1000000000),
		(unsigned long)(ns % 1000000000 / 10000000), (unsigned long)(ns / 1000000000),
		(unsigned long)(ns % 1000000000 / 10000000));
}

static void show_loadavg(FILE *m, struct task *t)
{
	fprintf(m, "0.00 0.00 0.00 1/%d %d\n", nr_pids(), nr_pids() + 1);
}

static void show_version(FILE *m, struct task *t)
{
	fprintf(m, "Linux version %s (emu) %s\n", UTS_RELEASE_EMU, UTS_VERSION_EMU);
}

static void show_filesystems(FILE *m, struct task *t)
{
	show_filesystems_table(m); /* kernel/fs/filesystems.c's types */
}

static void show_cpu_list(FILE *m, struct task *t)
{
	if (sched_nr_cpus() == 1)
		fputs("0\n", m);
	else
		fprintf(m, "0-%d\n", sched_nr_cpus() - 1);
}

static long pid_max = 4194304, nr_open = 1048576, core_uses_pid;
char core_pattern[CORENAME_MAX_SIZE] = "core";

static void show_pid_max(FILE *m, struct task *t) { fprintf(m, "%ld\n", pid_max); }
static long store_pid_max(struct task *t, const char *line)
{
	return capable(current, CAP_SYS_ADMIN) ? parse_long(line, 301, 4194304, &pid_max) : -EPERM;
}
/* kernel.ns_last_pid: the reader's namespace's last pid; a write sets where the
 * next fork's search starts (checkpoint/restore and LTP choose pids with it). */
static void show_ns_last_pid(FILE *m, struct task *t)
{
	fprintf(m, "%d\n", task_active_pid_ns(current)->last_pid);
}
static long store_ns_last_pid(struct task *t, const char *line)
{
	long v, err;

	if (!capable(current, CAP_SYS_ADMIN) && !capable(current, CAP_CHECKPOINT_RESTORE))
		return -EPERM;
	if ((err = parse_long(line, 0, pid_max, &v)) == 0)
		task_active_pid_ns(current)->last_pid = (int)v;
	return err;
}
static void show_max_map_count(FILE *m, struct task *t) { fprintf(m, "%d\n", sysctl_max_map_count); }
static long store_max_map_count(struct task *t, const char *line)
{
	long v, err = capable(current, CAP_SYS_ADMIN) ? parse_long(line, 0, INT_MAX, &v) : -EPERM;

	if (!err)
		sysctl_max_map_count = (int)v;
	return err;
}
/* An integer sysctl only root changes (Linux's proc_dointvec_minmax). */
static long store_root_long(long *v, const char *line, long lo, long hi)
{
	return capable(current, CAP_SYS_ADMIN) ? parse_long(line, lo, hi, v) : -EPERM;
}
static void show_unprivileged_userfaultfd(FILE *m, struct task *t)
{
	fprintf(m, "%ld\n", sysctl_unprivileged_userfaultfd);
}
static long store_unprivileged_userfaultfd(struct task *t, const char *line)
{
	return store_root_long(&sysctl_unprivileged_userfaultfd, line, 0, 1);
}
static void show_nr_open(FILE *m, struct task *t) { fprintf(m, "%ld\n", nr_open); }
static long store_nr_open(struct task *t, const char *line)
{
	return store_root_long(&nr_open, line, 1024, 1073741816); /* sysctl_nr_open_max */
}
static void show_core_uses_pid(FILE *m, struct task *t) { fprintf(m, "%ld\n", core_uses_pid); }
static long store_core_uses_pid(struct task *t, const char *line)
{
	return store_root_long(&core_uses_pid, line, LONG_MIN, LONG_MAX);
}
/* net.ipv4.conf.{lo,default}.tag: the reader's network namespace's */
static long *net_tag(int which) { return &current_net()->ipv4_conf_tag[which]; }
static void show_lo_tag(FILE *m, struct task *t) { fprintf(m, "%ld\n", *net_tag(NET_CONF_LO)); }
static void show_default_tag(FILE *m, struct task *t) { fprintf(m, "%ld\n", *net_tag(NET_CONF_DEFAULT)); }
static long store_lo_tag(struct task *t, const char *line)
{
	return store_root_long(net_tag(NET_CONF_LO), line, INT_MIN, INT_MAX);
}
static long store_default_tag(struct task *t, const char *line)
{
	return store_root_long(net_tag(NET_CONF_DEFAULT), line, INT_MIN, INT_MAX);
}
/* vm.nr_hugepages: root sizes the pool MAP_HUGETLB draws from (kernel/mm/hugetlb.c);
 * reads say what memory allowed, as Linux's */
static long store_nr_hugepages(struct task *t, const char *line)
{
	long v = 0, err = store_root_long(&v, line, 0, LONG_MAX);

	if (err >= 0)
		hugetlb_set_pool(v);
	return err;
}
static void show_nr_hugepages(FILE *m, struct task *t) { fprintf(m, "%ld\n", hugetlb_total()); }
static void show_free_hugepages(FILE *m, struct task *t) { fprintf(m, "%ld\n", hugetlb_free()); }
static void show_core_pattern(FILE *m, struct task *t) { fprintf(m, "%s\n", core_pattern); }
static long store_core_pattern(struct task *t, const char *line)
{
	if (!capable(current, CAP_SYS_ADMIN))
		return -EPERM;
	snprintf(core_pattern, sizeof core_pattern, "%.*s", (int)strcspn(line, "\n"), line);
	return 0;
}
static long store_drop_caches(struct task *t, const char *line)
{
	long v;
	return capable(current, CAP_SYS_ADMIN) ? parse_long(line, 1, 4, &v) : -EPERM;
}
/* the mount table (kernel/fs/namespace.c, proc_namespace.c) */
static void show_mounts(FILE *m, struct task *t)
{
	show_mounts_table(m, task_nsproxy(t ? t : current)->mnt_ns, false);
}
static void show_mountinfo(FILE *m, struct task *t)
{
	show_mounts_table(m, task_nsproxy(t ? t : current)->mnt_ns, true);
}

static void show_threads_max(FILE *m, struct task *t) { fprintf(m, "%d\n", fork_max_threads()); }
static void show_osrelease(FILE *m, struct task *t) { fprintf(m, "%s\n", UTS_RELEASE_EMU); }
static void show_ostype(FILE *m, struct task *t) { fprintf(m, "%s\n", UTS_SYSNAME_EMU); }
/* kernel.hostname and kernel.domainname: the reader's UTS namespace's; a write is
 * sethostname's (its permission is the file's mode, as Linux's proc_do_uts_string) */
static void show_hostname(FILE *m, struct task *t) { fprintf(m, "%s\n", utsname()->nodename); }
static void show_domainname(FILE *m, struct task *t) { fprintf(m, "%s\n", utsname()->domainname); }
static long store_uts(char *field, const char *line)
{
	size_t n = strcspn(line, "\n");

	if (n > __NEW_UTS_LEN)
		n = __NEW_UTS_LEN;
	memcpy(field, line, n);
	memset(field + n, 0, __NEW_UTS_LEN + 1 - n);
	return 0;
}
static long store_hostname(struct task *t, const char *line) { return store_uts(utsname()->nodename, line); }
static long store_domainname(struct task *t, const char *line) { return store_uts(utsname()->domainname, line); }
static void show_zero(FILE *m, struct task *t) { fputs("0\n", m); }
static void show_pipe_max_size(FILE *m, struct task *t) { fputs("1048576\n", m); }
static void show_pipe_pages_soft(FILE *m, struct task *t) { fputs("16384\n", m); }
static void show_coredump_filter(FILE *m, struct task *t) { fputs("00000033\n", m); }

static const struct proc_file proc_files[] = {
	{ "meminfo", show_meminfo, NULL, 0 },
	{ "cpuinfo", show_cpuinfo, NULL, 0 },
	{ "uptime", show_uptime, NULL, 0 },
	{ "loadavg", show_loadavg, NULL, 0 },
	{ "version", show_version, NULL, 0 },
	{ "filesystems", show_filesystems, NULL, 0 },
	{ "mounts", show_mounts, NULL, 0 },
	{ "sys/kernel/pid_max", show_pid_max, store_pid_max, 0 },
	{ "sys/kernel/threads-max", show_threads_max, NULL, 0644 },
	{ "sys/kernel/ns_last_pid", show_ns_last_pid, store_ns_last_pid, 0666 },
	{ "sys/kernel/osrelease", show_osrelease, NULL, 0 },
	{ "sys/kernel/ostype", show_ostype, NULL, 0 },
	{ "sys/kernel/hostname", show_hostname, store_hostname, 0 },
	{ "sys/kernel/domainname", show_domainname, store_domainname, 0 },
	{ "sys/kernel/tainted", show_zero, NULL, 0644 },
	{ "sys/kernel/core_pattern", show_core_pattern, store_core_pattern, 0 },
	{ "sys/kernel/core_uses_pid", show_core_uses_pid, store_core_uses_pid, 0 },
	{ "sys/vm/overcommit_memory", show_zero, NULL, 0644 },
	{ "sys/vm/max_map_count", show_max_map_count, store_max_map_count, 0 },
	{ "sys/vm/unprivileged_userfaultfd", show_unprivileged_userfaultfd,
	  store_unprivileged_userfaultfd, 0 },
	{ "sys/vm/drop_caches", show_zero, store_drop_caches, 0200 },
	{ "sys/vm/nr_hugepages", show_nr_hugepages, store_nr_hugepages, 0 },
	{ "sys/fs/pipe-max-size", show_pipe_max_size, NULL, 0644 },
	{ "sys/fs/nr_open", show_nr_open, store_nr_open, 0 },
	{ "sys/net/ipv4/conf/default/tag", show_default_tag, store_default_tag, 0 },
	{ "sys/net/ipv4/conf/lo/tag", show_lo_tag, store_lo_tag, 0 },
	{ "sys/fs/pipe-user-pages-soft", show_pipe_pages_soft, NULL, 0644 },
	{ NULL, NULL, NULL, 0 },
};

static const struct proc_file sys_files[] = {
	{ "devices/system/cpu/online", show_cpu_list, NULL, 0 },
	{ "devices/system/cpu/possible", show_cpu_list, NULL, 0 },
	{ "devices/system/cpu/present", show_cpu_list, NULL, 0 },
	/* KSM, as a kernel with CONFIG_KSM whose ksmd is not running: emu takes
	 * MADV_MERGEABLE and merges nothing (LTP's madvise02 looks for the directory) */
	{ "kernel/mm/ksm/run", show_zero, NULL, 0644 },
	{ "kernel/mm/ksm/pages_shared", show_zero, NULL, 0 },
	{ "kernel/mm/ksm/pages_sharing", show_zero, NULL, 0 },
	{ "kernel/mm/ksm/full_scans", show_zero, NULL, 0 },
	/* the one huge page size, 2 MiB (LTP looks for the directory first) */
	{ "kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", show_nr_hugepages, store_nr_hugepages, 0 },
	{ "kernel/mm/hugepages/hugepages-2048kB/free_hugepages", show_free_hugepages, NULL, 0 },
	{ NULL, NULL, NULL, 0 },
};

/* ---- lookup ---- */

static const struct proc_file *find_file(const struct proc_file *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

/* "self/x", "thread-self/x", "PID/x", "PID/task/TID/x": the task and "x". */
static struct task *proc_task(const char *rel, const char **rest)
{
	char *end;
	long pid;

	if (!strncmp(rel, "self/", 5)) {
		pid = current->tgid;
		end = (char *)rel + 4;
	} else if (!strncmp(rel, "thread-self/", 12)) {
		pid = current->pid;
		end = (char *)rel + 11;
	} else {
		pid = strtol(rel, &end, 10);
		if (end == rel || *end != '/' || pid <= 0 || pid > INT_MAX)
			return NULL;
		if (!(pid = pid_from_vnr((int)pid))) /* the reader's namespace names it */
			return NULL;
	}
	if (!strncmp(end, "/task/", 6) && end[6] >= '0' && end[6] <= '9') {
		long tid = strtol(end + 6, &end, 10);
		if (*end != '/' || tid > INT_MAX || !(tid = pid_from_vnr((int)tid)))
			return NULL;
		struct task *t = find_task((int)tid);
		if (!t || t->tgid != pid)
			return NULL;
		*rest = end + 1;
		return t;
	}
	*rest = end + 1;
	return find_task((int)pid);
}

/* The text of a file, in a fresh host memfd at offset 0. */
static int memfd_text(const char *name, char *buf, size_t len);

static int materialize(const struct proc_file *f, struct task *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return -ENOMEM;
	f->show(m, t);
	fclose(m);
	return memfd_text(f->name, buf, len);
}

/* /proc/PID/fdinfo/N's text, in a fresh host memfd. */
static int materialize_fdinfo(struct task *t, const char *num)
{
	char *buf = NULL, *end;
	size_t len = 0;
	long fd = strtol(num, &end, 10);
	FILE *m;

	if (*end || end == num || fd < 0 || fd > INT_MAX)
		return -ENOENT;
	if (!(m = open_memstream(&buf, &len)))
		return -ENOMEM;
	int err = show_fdinfo(m, t, (int)fd);
	fclose(m);
	if (err) {
		free(buf);
		return err;
	}
	return memfd_text("fdinfo", buf, len);
}

/* A host memfd holding buf (freed here), at offset 0, or -ENOMEM. */
static int memfd_text(const char *name, char *buf, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len) || lseek(fd, 0, SEEK_SET) < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	free(buf);
	return fd;
}

bool is_procfs_path(char *path)
{
	char norm[PATH_MAX];

	if (path[0] != '/')
		return false;
	size_t len = strlen(path);
	/* "x/" and "x/." ask for a directory: the slash stays (strip_slash takes it) */
	bool dir = path[len - 1] == '/' || (len >= 2 && !strcmp(path + len - 2, "/."));

	snprintf(norm, sizeof norm, "%s", path); /* a host path keeps its ".." for the host */
	normalize_path(norm);
	if (strcmp(norm, "/proc") && strncmp(norm, "/proc/", 6) && strcmp(norm, "/sys") &&
	    strncmp(norm, "/sys/", 5))
		return false;
	size_t n = strlen(norm);
	memcpy(path, norm, n);
	if (dir && n + 1 < PATH_MAX)
		path[n++] = '/';
	path[n] = '\0';
	return true;
}

/* "exe/x", "status/x": a path that goes on past a file is ENOTDIR. */
static bool past_a_file(const char *rest)
{
	size_t n = strcspn(rest, "/");
	char name[64];

	if (!rest[n] || n >= sizeof name)
		return false;
	snprintf(name, sizeof name, "%.*s", (int)n, rest);
	return !strcmp(name, "exe") || find_file(pid_files, name);
}

/* ---- directories: a snapshot of entries in a private host directory ---- */

enum entry_type { ENT_FILE, ENT_DIR, ENT_LINK };

struct proc_node {
	enum entry_type type;
	unsigned mode;  /* permission bits */
	struct task *t; /* of /proc/PID/..., or NULL */
	char link[PATH_MAX]; /* ENT_LINK: where it leads when followed (a /proc path or host path) */
	const struct file *file; /* ENT_LINK of fd/N: the open file */
};

static char snap_root[64]; /* /tmp/emu-proc-XXXXXX, removed at exit */

static void remove_snapshots(void)
{
	remove_host_tree(snap_root);
}

/* A fresh empty host directory for one snapshot, or NULL. */
static const char *new_snapshot(void)
{
	static char dir[96];
	static unsigned long n;

	if (!snap_root[0]) {
		strcpy(snap_root, "/tmp/emu-proc-XXXXXX");
		if (!mkdtemp(snap_root)) {
			snap_root[0] = '\0';
			return NULL;
		}
		atexit(remove_snapshots);
	}
	snprintf(dir, sizeof dir, "%s/%lu", snap_root, n++);
	return mkdir(dir, 0700) ? NULL : dir;
}

static void add_entry(const char *dir, const char *name, enum entry_type type, const char *target)
{
	char p[PATH_MAX];
	int fd;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	if (type == ENT_DIR)
		mkdir(p, 0555);
	else if (type == ENT_LINK)
		symlink(target, p);
	else if ((fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0444)) >= 0)
		close(fd);
}

static void add_table(const char *dir, const struct proc_file *table, const char *prefix)
{
	size_t n = strlen(prefix);

	for (; table->name; table++) {
		if (strncmp(table->name, prefix, n))
			continue;
		const char *rest = table->name + n, *slash = strchr(rest, '/');
		char sub[64];
		if (!slash) {
			add_entry(dir, rest, ENT_FILE, NULL);
		} else {
			snprintf(sub, sizeof sub, "%.*s", (int)(slash - rest), rest);
			add_entry(dir, sub, ENT_DIR, NULL); /* EEXIST after the first: fine */
		}
	}
}

static void list_root(const char *dir)
{
	char name[16];

	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t == t->group_leader && !t->reaped && task_in_pid_ns(t, proc_ns())) {
			snprintf(name, sizeof name, "%d", task_tgid_vnr(t));
			add_entry(dir, name, ENT_DIR, NULL);
		}
	snprintf(name, sizeof name, "%d", task_tgid_vnr(current));
	add_entry(dir, "self", ENT_LINK, name);
	add_entry(dir, "thread-self", ENT_LINK, name);
	add_table(dir, proc_files, "");
}

static void list_pid(const char *dir, struct task *t)
{
	add_table(dir, pid_files, "");
	add_entry(dir, "task", ENT_DIR, NULL);
	add_entry(dir, "fd", ENT_DIR, NULL);
	add_entry(dir, "fdinfo", ENT_DIR, NULL);
	add_entry(dir, "ns", ENT_DIR, NULL);
	add_entry(dir, "exe", ENT_LINK, t->mm && t->mm->exe_path ? t->mm->exe_path : "");
	add_entry(dir, "root", ENT_LINK, "/");
	add_entry(dir, "cwd", ENT_LINK, "/"); /* the listing shows names; stat follows */
}

static void list_ns(const char *dir, struct task *t)
{
	char link[64];
	const char *name;

	for (int i = 0; (name = proc_ns_entry_name(i)); i++)
		if (!proc_ns_link(t, name, link, sizeof link))
			add_entry(dir, name, ENT_LINK, link);
}

static void list_tasks(const char *dir, struct task *leader)
{
	char name[16];

	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->tgid == leader->tgid && t->state != TASK_DEAD) {
			snprintf(name, sizeof name, "%d", task_pid_vnr(t));
			add_entry(dir, name, ENT_DIR, NULL);
		}
}

/* The descriptor an open in current's table gets next (its own listing holds it). */
static int first_free_fd(void)
{
	for (int fd = 0; fd < current->files->max_fds; fd++)
		if (!current->files->fd[fd].file)
			return fd;
	return -1;
}

static void list_fds(const char *dir, struct task *t)
{
	char name[16], target[PATH_MAX];
	int next = -1;

	/* its own listing holds the descriptor being opened for it, as Linux's does */
	for (int fd = 0; t->files == current->files && fd < t->files->max_fds && next < 0; fd++)
		if (!t->files->fd[fd].file)
			next = fd;
	if (next >= 0) {
		snprintf(name, sizeof name, "%d", next);
		snprintf(target, sizeof target, "/proc/%d/fd", task_tgid_vnr(t));
		add_entry(dir, name, ENT_LINK, target);
	}
	for (int fd = 0; t->files && fd < t->files->max_fds; fd++) {
		struct file *f = t->files->fd[fd].file;
		if (!f || fd_link_target(f, target, sizeof target) < 0)
			continue;
		snprintf(name, sizeof name, "%d", fd);
		add_entry(dir, name, ENT_LINK, target);
	}
}

/* Whether rel ("" or "sys/kernel") is a directory of table's entries. */
static bool table_dir(const struct proc_file *table, const char *rel)
{
	size_t n = strlen(rel);

	if (!n)
		return true;
	for (; table->name; table++)
		if (!strncmp(table->name, rel, n) && table->name[n] == '/')
			return true;
	return false;
}

static void list_fdinfo(const char *dir, struct task *t)
{
	char name[16];

	for (int fd = 0; t->files && fd < t->files->max_fds; fd++)
		if (t->files->fd[fd].file || (t->files == current->files && fd == first_free_fd()))
			snprintf(name, sizeof name, "%d", fd), add_entry(dir, name, ENT_FILE, NULL);
}

static void add_cgroup_entry(void *dir, const char *name, bool is_dir)
{
	add_entry(dir, name, is_dir ? ENT_DIR : ENT_FILE, NULL);
}

/* /sys/fs and /sys/fs/cgroup/...: the second is emu's cgroup2 (kernel/cgroup/). */
static bool sys_cgroup_dir(const char *rel, const char **crel)
{
	if (strncmp(rel, "fs/cgroup", 9) || (rel[9] && rel[9] != '/'))
		return false;
	*crel = rel + 9 + (rel[9] == '/'); /* below /sys/fs/cgroup, in rel itself */
	return cgroup_lookup(*crel);
}

/* The directory at rel (under /proc/, or under /sys/ when sys), or -ENOENT. */
static int open_dir(const char *rel, bool sys)
{
	const char *dir, *rest = "", *crel;
	struct task *t = NULL;
	char with_slash[PATH_MAX];
	bool cgroup = sys && sys_cgroup_dir(rel, &crel);

	if (sys && !table_dir(sys_files, rel) && strcmp(rel, "fs") && !cgroup)
		return -ENOENT;
	if (!(dir = new_snapshot()))
		return -ENOMEM;
	snprintf(with_slash, sizeof with_slash, "%s/", rel);
	if (cgroup)
		cgroupfs_list(crel, add_cgroup_entry, (void *)dir);
	else if (sys && !strcmp(rel, "fs"))
		add_entry(dir, "cgroup", ENT_DIR, NULL);
	else if (sys && !*rel)
		add_table(dir, sys_files, ""), add_entry(dir, "fs", ENT_DIR, NULL);
	else if (sys)
		add_table(dir, sys_files, *rel ? with_slash : "");
	else if (!*rel)
		list_root(dir);
	else if (table_dir(proc_files, rel))
		add_table(dir, proc_files, with_slash);
	else if (!(t = proc_task(with_slash, &rest)))
		return -ENOENT;
	else if (!*rest)
		list_pid(dir, t);
	else if (!strcmp(rest, "task/"))
		list_tasks(dir, t->group_leader);
	else if (!strcmp(rest, "fd/"))
		list_fds(dir, t);
	else if (!strcmp(rest, "fdinfo/"))
		list_fdinfo(dir, t);
	else if (!strcmp(rest, "ns/"))
		list_ns(dir, t);
	else
		return -ENOENT;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* /proc/PID/fd/N: the same open file, as Linux reopens it (host files only). */
static int reopen_fd(struct task *t, const char *rest, int flags)
{
	char *end, link[64];
	long fd = strtol(rest + 3, &end, 10);

	if (*end || fd < 0 || !t->files || fd >= t->files->max_fds || !t->files->fd[fd].file)
		return -ENOENT;
	struct file *f = t->files->fd[fd].file;
	if (f->host_fd < 0 || f->f_op)
		return -ENXIO; /* a pipe or emu's own file: procfs_open shares it */
	snprintf(link, sizeof link, "/proc/self/fd/%d", f->host_fd);
	int host = open(link, (flags & ~O_CREAT) | O_CLOEXEC);
	return host < 0 ? -errno : host;
}

/* Copies path without its trailing slash (is_procfs_path's mark): whether it had one. */
static bool strip_slash(char *out, const char *path)
{
	size_t n = strlen(path);
	bool slash = n > 1 && path[n - 1] == '/';

	snprintf(out, PATH_MAX, "%.*s", (int)(n - slash), path);
	return slash;
}

static int proc_node(const char *path, struct proc_node *n);

/* Follows the links of path's last component that stay in /proc (self,
 * thread-self, a cwd there), as Linux resolves them at open: a /proc/self
 * descriptor inherited by a child still names the parent. */
static void follow_proc_links(char *path)
{
	struct proc_node n;
	char rest[PATH_MAX];

	/* "/proc/self/..." is "/proc/PID/...": what the open file names */
	if (!strncmp(path, "/proc/self/", 11) || !strncmp(path, "/proc/thread-self/", 18)) {
		bool thread = path[6] == 't';
		char head[64];
		snprintf(rest, sizeof rest, "%s", path + (thread ? 17 : 10));
		if (thread)
			snprintf(head, sizeof head, "/proc/%d/task/%d", task_tgid_vnr(current),
				 task_pid_vnr(current));
		else
			snprintf(head, sizeof head, "/proc/%d", task_tgid_vnr(current));
		if (strlen(head) + strlen(rest) < PATH_MAX)
			strcat(strcpy(path, head), rest);
	}

	for (int i = 0; i < 8 && !proc_node(path, &n) && n.type == ENT_LINK &&
			!strncmp(n.link, "/proc/", 6); i++)
		strcpy(path, n.link);
}

/* The entry of every writable file of /sys/fs/cgroup: procfs_write hands the
 * write to kernel/cgroup/cgroupfs.c by the file's path. */
static const struct proc_file cgroup_entry = { "cgroup", NULL, NULL, 0 };

/* A file or directory of /sys/fs/cgroup (crel below it), as open_entry. */
static int open_cgroup(const char *rel, const char *crel, int flags,
		       const struct proc_file **entry)
{
	bool dir;
	unsigned mode;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (cgroupfs_node(crel, &dir, &mode))
		return (flags & O_CREAT) ? -EACCES : -ENOENT; /* kernfs makes no files */
	if (dir)
		return (flags & (O_WRONLY | O_RDWR)) ? -EISDIR : open_dir(rel, true);
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (!(m = open_memstream(&buf, &len)))
		return -ENOMEM;
	int err = cgroupfs_show(crel, flags, m);
	fclose(m);
	if (err) {
		free(buf);
		return err;
	}
	if ((flags & O_ACCMODE) != O_RDONLY)
		*entry = &cgroup_entry;
	return memfd_text("cgroup", buf, len);
}

/* A host descriptor for path, and the entry that writes go to (or NULL). */
static int open_entry(const char *path, int flags, const struct proc_file **entry,
		      struct task **task)
{
	const struct proc_file *f = NULL;
	struct task *t = NULL;
	const char *rest = "";
	bool sys = !strncmp(path, "/sys", 4);
	const char *rel = path + (sys ? 4 : 5);

	rel += *rel == '/';
	if (sys && is_cgroup_path(path, &rest))
		return open_cgroup(rel, rest, flags, entry);
	if (sys)
		f = find_file(sys_files, rel);
	else if (!(f = find_file(proc_files, rel)) && (t = proc_task(rel, &rest)))
		f = find_file(pid_files, rest);
	if (!f && t && past_a_file(rest))
		return -ENOTDIR;
	if (!f && t && !strncmp(rest, "fd/", 3) && strchr(rest + 3, '/') == NULL && rest[3])
		return reopen_fd(t, rest, flags);
	if (!f && t && !strncmp(rest, "fdinfo/", 7) && rest[7]) {
		if (flags & O_DIRECTORY)
			return -ENOTDIR;
		return (flags & O_ACCMODE) != O_RDONLY ? -EACCES : materialize_fdinfo(t, rest + 7);
	}
	if (!f)
		return (flags & (O_WRONLY | O_RDWR)) ? -EISDIR : open_dir(rel, sys);
	if ((flags & O_DIRECTORY))
		return -ENOTDIR;
	if (!f->show) {
		*entry = f;
		*task = t;
		return -EXDEV; /* procfs_open hands it to proc_mem.c */
	}
	if ((flags & O_ACCMODE) != O_RDONLY && !f->store && !capable(current, CAP_DAC_OVERRIDE))
		return -EACCES; /* mode 0444; root may open it, and its writes fail */
	*entry = f;
	*task = t;
	return materialize(f, t);
}

/* /proc/PID/fd/N of a pipe or another of emu's own files: Linux opens the same
 * object anew; emu shares the open file (its offset and flags with it). */
static int reopen_own_file(const char *path, int flags)
{
	const char *rel = path + 6, *rest;
	char with[PATH_MAX], *end;
	struct task *t;

	snprintf(with, sizeof with, "%s", rel);
	if (!(t = proc_task(with, &rest)) || strncmp(rest, "fd/", 3) || !t->files)
		return -ENXIO;
	long fd = strtol(rest + 3, &end, 10);
	if (*end || fd < 0 || fd >= t->files->max_fds || !t->files->fd[fd].file)
		return -ENOENT;
	struct file *f = t->files->fd[fd].file;
	if ((flags & O_ACCMODE) != (f->flags & O_ACCMODE) && (f->flags & O_ACCMODE) != O_RDWR)
		return -EACCES; /* another access than the open file has */
	fget(f);
	int nfd = fd_install(f, flags & O_CLOEXEC, 0);
	if (nfd < 0)
		fput(f);
	return nfd;
}

/* /proc/PID/ns/NAME: the namespace's file (proc_ns.c), or -ENXIO for another path. */
static int open_ns_entry(const char *path, int flags)
{
	const char *rest;
	char with[PATH_MAX];
	struct task *t;

	snprintf(with, sizeof with, "%s", path + 6);
	if (strncmp(path, "/proc/", 6) || !(t = proc_task(with, &rest)) || strncmp(rest, "ns/", 3) ||
	    strchr(rest + 3, '/'))
		return -ENXIO;
	if (flags & O_NOFOLLOW)
		return -ELOOP;
	return proc_ns_open(t, rest + 3, flags);
}

int procfs_open(const char *name, int flags)
{
	const struct proc_file *entry = NULL;
	struct task *t = NULL;
	char path[PATH_MAX];

	if (strip_slash(path, name))
		flags |= O_DIRECTORY;
	if (!(flags & O_NOFOLLOW))
		follow_proc_links(path);
	int nsfd = open_ns_entry(path, flags);
	if (nsfd != -ENXIO)
		return nsfd;
	int host = open_entry(path, flags, &entry, &t);

	if (host == -ENXIO && !strncmp(path, "/proc/", 6))
		return reopen_own_file(path, flags);
	if (host == -EXDEV)
		return proc_mem_open(t, !strcmp(entry->name, "pagemap"), flags, path);
	if (host < 0)
		return host;
	struct file *f = file_from_host(host, flags & ~(O_CREAT | O_TRUNC | O_CLOEXEC), path);
	if (!f) {
		close(host);
		return -ENOMEM;
	}
	f->procfs = !strstr(path, "/fd/") || entry; /* a reopened host file is that file */
	if (entry && (flags & O_ACCMODE) != O_RDONLY) {
		f->proc_entry = entry;
		f->proc_pid = t ? t->pid : 0;
	}
	int fd = fd_install(f, flags & O_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

/* Each write is one value, wherever the file offset stands (Linux's proc handlers
 * parse the buffer of that write): the bytes just written are read back. */
long procfs_write(struct file *f, size_t written)
{
	const struct proc_file *entry = f->proc_entry;
	struct task *t = f->proc_pid ? find_task(f->proc_pid) : NULL;
	char line[256];
	off_t end = lseek(f->host_fd, 0, SEEK_CUR);
	size_t want = written < sizeof line - 1 ? written : sizeof line - 1;
	ssize_t n = end < (off_t)written ? -1 : pread(f->host_fd, line, want, end - (off_t)written);

	if (n < 0)
		return -EIO;
	line[n] = '\0';
	const char *crel;
	if (is_cgroup_path(f->path, &crel))
		return cgroupfs_write(crel, line);
	if (f->proc_pid && !t)
		return -ESRCH;
	return entry->store ? entry->store(t, line) : -EINVAL;
}

long procfs_readlink(const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	const char *rel = path + 5;

	if (strip_slash(path, name)) {
		struct stat st;
		int err = procfs_stat(name, true, &st);
		return err ? err : -EINVAL; /* "link/" is what it leads to */
	}
	if (strncmp(path, "/proc/", 6))
		return -EINVAL;
	rel++;
	if (!strcmp(rel, "self") || !strcmp(rel, "thread-self")) {
		int n = rel[0] == 's' ? snprintf(buf, size, "%d", task_tgid_vnr(current))
				      : snprintf(buf, size, "%d/task/%d", task_tgid_vnr(current),
						 task_pid_vnr(current));
		return n;
	}
	struct proc_node n;
	int err = proc_node(path, &n);
	if (err)
		return err;
	if (n.type != ENT_LINK)
		return -EINVAL;
	if (n.file)
		return fd_link_target(n.file, buf, size);
	return snprintf(buf, size, "%s", n.link);
}

bool is_host_procfs(int host_fd)
{
	struct statfs st;

	return !fstatfs(host_fd, &st) && (st.f_type == PROC_SUPER_MAGIC || st.f_type == SYSFS_MAGIC);
}

/* ---- the status of a path: stat, access, chdir, statfs ---- */


static unsigned file_mode(const struct proc_file *f)
{
	return f->mode ? f->mode : f->store ? 0644 : 0444;
}

/* /proc/PID's entry rest ("", "fd", "fd/3", "exe", "status"): 0 or -errno. */
static int pid_node(struct task *t, const char *rest, struct proc_node *n)
{
	const struct proc_file *f;

	n->t = t;
	n->type = ENT_DIR;
	n->mode = 0555;
	if (!*rest || !strcmp(rest, "task") || !strcmp(rest, "fdinfo"))
		return 0;
	if (!strcmp(rest, "fd")) {
		n->mode = 0500;
		return 0;
	}
	if (!strcmp(rest, "ns")) {
		n->mode = 0511;
		return 0;
	}
	if (!strncmp(rest, "ns/", 3)) { /* proc_ns.c */
		n->type = ENT_LINK;
		n->mode = 0777;
		return proc_ns_link(t, rest + 3, n->link, sizeof n->link);
	}
	n->type = ENT_LINK;
	n->mode = 0777;
	if (!strcmp(rest, "exe"))
		return snprintf(n->link, sizeof n->link, "%s", t->mm && t->mm->exe_path ? t->mm->exe_path : ""), 0;
	if (!strcmp(rest, "root"))
		return strcpy(n->link, "/"), 0;
	if (!strcmp(rest, "cwd")) {
		if (!t->fs)
			return -ENOENT;
		if (t->fs->proc_cwd[0])
			return strcpy(n->link, t->fs->proc_cwd), 0;
		char fdlink[64];
		snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", t->fs->cwd_fd);
		ssize_t len = readlink(fdlink, n->link, sizeof n->link - 1);
		n->link[len > 0 ? len : 0] = '\0';
		d_path_guest(n->link, sizeof n->link);
		return 0;
	}
	if (!strncmp(rest, "fdinfo/", 7)) {
		char *end;
		long fd = strtol(rest + 7, &end, 10);
		if (*end || end == rest + 7 || fd < 0 || !t->files || fd >= t->files->max_fds ||
		    !t->files->fd[fd].file)
			return -ENOENT;
		n->type = ENT_FILE;
		n->mode = 0444;
		return 0;
	}
	if (!strncmp(rest, "fd/", 3)) {
		char *end;
		long fd = strtol(rest + 3, &end, 10);
		if (*end || end == rest + 3 || fd < 0 || !t->files || fd >= t->files->max_fds ||
		    !(n->file = t->files->fd[fd].file))
			return -ENOENT;
		unsigned acc = n->file->flags & O_ACCMODE;
		n->mode = 0100 | (acc != O_WRONLY ? 0400 : 0) | (acc != O_RDONLY ? 0200 : 0);
		return 0;
	}
	if ((f = find_file(pid_files, rest))) {
		n->type = ENT_FILE;
		n->mode = file_mode(f);
		return 0;
	}
	return past_a_file(rest) ? -ENOTDIR : -ENOENT;
}

/* What an absolute /proc or /sys path names, without following its last link. */
static int proc_node(const char *path, struct proc_node *n)
{
	bool sys = !strncmp(path, "/sys", 4);
	const char *rel = path + (sys ? 4 : 5), *rest;
	const struct proc_file *f, *table = sys ? sys_files : proc_files;
	char with[PATH_MAX];
	struct task *t;

	memset(n, 0, sizeof *n);
	rel += *rel == '/';
	if (sys && (!strcmp(rel, "fs") || is_cgroup_path(path, &rest))) {
		bool dir = true;
		n->mode = 0755;
		if (strcmp(rel, "fs") && cgroupfs_node(rest, &dir, &n->mode))
			return -ENOENT;
		n->type = dir ? ENT_DIR : ENT_FILE;
		return 0;
	}
	if ((f = find_file(table, rel))) {
		n->type = ENT_FILE;
		n->mode = file_mode(f);
		return 0;
	}
	if (table_dir(table, rel)) {
		n->type = ENT_DIR;
		n->mode = sys ? 0755 : 0555;
		return 0;
	}
	if (sys)
		return -ENOENT;
	if (!strcmp(rel, "self") || !strcmp(rel, "thread-self")) {
		n->type = ENT_LINK;
		n->mode = 0777;
		if (rel[0] == 's')
			snprintf(n->link, sizeof n->link, "/proc/%d", task_tgid_vnr(current));
		else
			snprintf(n->link, sizeof n->link, "/proc/%d/task/%d", task_tgid_vnr(current),
				 task_pid_vnr(current));
		return 0;
	}
	snprintf(with, sizeof with, "%s/", rel);
	if (!(t = proc_task(with, &rest)) || t->reaped)
		return -ENOENT;
	snprintf(with, sizeof with, "%s", rest);
	if (*with && with[strlen(with) - 1] == '/')
		with[strlen(with) - 1] = '\0';
	return pid_node(t, with, n);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h | 1;
}

/* The host status of an open file /proc/PID/fd/N leads to. */
static int file_stat(const struct file *f, struct stat *st)
{
	if (f->pipe)
		return pipe_stat((struct file *)f, st), 0;
	if (f->procfs)
		return procfs_stat(f->path, true, st);
	return fstat(f->host_fd, st) < 0 ? -errno : 0;
}

int procfs_stat(const char *name, bool follow, void *statbuf)
{
	struct stat *st = statbuf;
	struct proc_node n;
	char path[PATH_MAX];

	if (is_proc_ns_link(name)) /* an open namespace file's own name */
		return proc_ns_stat(name, st);
	bool slash = strip_slash(path, name);
	int err = proc_node(path, &n);

	if (err)
		return err;
	if (slash) {
		if ((err = procfs_stat(path, true, st)))
			return err;
		return S_ISDIR(st->st_mode) ? 0 : -ENOTDIR;
	}
	if (follow && n.type == ENT_LINK) {
		if (n.file)
			return file_stat(n.file, st);
		if (is_proc_ns_link(n.link))
			return proc_ns_stat(n.link, st);
		if (!strncmp(n.link, "/proc", 5) && is_procfs_path(n.link))
			return procfs_stat(n.link, true, st);
		return n.link[0] && !stat(n.link, st) ? 0 : n.link[0] ? -errno : -ENOENT;
	}
	memset(st, 0, sizeof *st);
	st->st_mode = n.mode | (n.type == ENT_DIR ? S_IFDIR : n.type == ENT_LINK ? S_IFLNK : S_IFREG);
	/* sysctl directories say 1, as Linux's */
	st->st_nlink = n.type == ENT_DIR && strncmp(path, "/proc/sys", 9) ? 2 : 1;
	st->st_uid = n.t ? n.t->cred.euid : 0;
	st->st_gid = n.t ? n.t->cred.egid : 0;
	const char *crel;
	bool cgroup = is_cgroup_path(path, &crel);
	/* 0:21 proc, 0:22 sysfs, 0:24 cgroup2 (mount_table) */
	st->st_dev = cgroup ? 0x18 : strncmp(path, "/sys", 4) ? 0x15 : 0x16;
	if (n.t) { /* /proc/self/x and /proc/PID/x are one inode */
		char canon[PATH_MAX];
		const char *rest = strchr(path + 6, '/');
		snprintf(canon, sizeof canon, "%d%s", n.t->pid, rest ? rest : "");
		st->st_ino = name_hash(canon);
	} else
		st->st_ino = strcmp(path, "/proc") && strcmp(path, "/sys") && strcmp(path, "/sys/fs/cgroup")
				     ? name_hash(path) : 1; /* a filesystem's root is inode 1 */
	st->st_blksize = strncmp(path, "/sys", 4) ? 1024 : 4096;
	st->st_size = !strncmp(path, "/sys", 4) && !cgroup && n.type == ENT_FILE ? 4096 : 0;
	uint64_t boot = ktime_get_real_ns() - ktime_get_ns(); /* emu's boot, on its clocks */
	st->st_atim = st->st_mtim = st->st_ctim =
		(struct timespec){ (time_t)(boot / 1000000000), (long)(boot % 1000000000) };
	return 0;
}

int procfs_access(const char *path, int mode, bool follow)
{
	struct stat st;
	int err = procfs_stat(path, follow, &st);

	if (err || mode == F_OK)
		return err;
	if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111))
		return -EACCES; /* no execute bit: not even root */
	/* root reads and writes any file, but sysctl's permission is its mode alone */
	if (capable(current, CAP_DAC_OVERRIDE) && strncmp(path, "/proc/sys/", 10))
		return 0;
	unsigned bits = current->cred.fsuid == st.st_uid ? (st.st_mode >> 6) & 7
			: current->cred.fsgid == st.st_gid ? (st.st_mode >> 3) & 7 : st.st_mode & 7;
	return (mode & ~bits & 7) ? -EACCES : 0;
}

/* A link's target, a guest path, as the host names it (through the mounts). */
static void host_name(char *path)
{
	struct mount *mnt;

	if (current_mnt_ns()->nr_redirects && mnt_redirect(AT_FDCWD, path, &mnt) < 0)
		path[0] = '\0';
}

int procfs_resolve_dir(char *path)
{
	struct proc_node n;
	char p[PATH_MAX];
	int err;

	strip_slash(p, path);
	follow_proc_links(p);
	if ((err = proc_node(p, &n)))
		return err;
	if (n.type == ENT_LINK && n.file) {
		if (n.file->host_fd < 0 || n.file->f_op || n.file->procfs)
			return -ENOTDIR;
		if ((err = fd_link_target(n.file, path, PATH_MAX - 1)) < 0)
			return err;
		path[err] = '\0';
		host_name(path);
		return LOOKUP_HOST;
	}
	if (n.type == ENT_LINK) {
		snprintf(path, PATH_MAX, "%s", n.link); /* exe, root, a host cwd */
		host_name(path);
		return n.link[0] ? LOOKUP_HOST : -ENOENT;
	}
	strcpy(path, p);
	return n.type == ENT_DIR ? LOOKUP_PROC : -ENOTDIR;
}

int procfs_open_dir(const char *path)
{
	struct proc_node n;
	int err = proc_node(path, &n);
	bool sys = !strncmp(path, "/sys", 4);

	if (err)
		return err;
	if (n.type != ENT_DIR)
		return -ENOTDIR;
	const char *rel = path + (sys ? 4 : 5);
	return open_dir(rel + (*rel == '/'), sys);
}

int procfs_statfs(const char *path, void *statfsbuf)
{
	struct statfs *st = statfsbuf;
	struct stat dummy;
	int err = procfs_stat(path, true, &dummy);

	if (err)
		return err;
	memset(st, 0, sizeof *st);
	const char *crel;
	bool cgroup = is_cgroup_path(path, &crel);

	st->f_type = cgroup ? CGROUP2_SUPER_MAGIC : strncmp(path, "/sys", 4) ? PROC_SUPER_MAGIC : SYSFS_MAGIC;
	struct proc_node n;
	char p[PATH_MAX];
	strip_slash(p, path);
	/* a namespace file, open or through its /proc link, is on nsfs */
	if (is_proc_ns_link(path) || (!proc_node(p, &n) && n.type == ENT_LINK && is_proc_ns_link(n.link)))
		st->f_type = NSFS_MAGIC;
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_flags = ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RELATIME |
		      (strncmp(path, "/sys", 4) || cgroup ? 0 : ST_RDONLY);
	return 0;
}

bool procfs_host_target(char *path)
{
	struct proc_node n;
	char p[PATH_MAX];

	if (strip_slash(p, path) || proc_node(p, &n) || n.type != ENT_LINK)
		return false;
	if (n.file) {
		if (n.file->host_fd < 0 || n.file->f_op || n.file->procfs)
			return false;
		snprintf(path, PATH_MAX, "/proc/self/fd/%d", n.file->host_fd); /* emu's own */
		return true;
	}
	if (!n.link[0] || !strncmp(n.link, "/proc/", 6) || is_proc_ns_link(n.link))
		return false;
	snprintf(path, PATH_MAX, "%s", n.link);
	host_name(path);
	return true;
}

void procfs_drop_snapshot(int host_fd)
{
	char link[64], path[PATH_MAX];
	size_t root = strlen(snap_root);
	ssize_t n;

	if (!root)
		return;
	snprintf(link, sizeof link, "/proc/self/fd/%d", host_fd); /* emu's own descriptor */
	if ((n = readlink(link, path, sizeof path - 1)) < 0)
		return;
	path[n] = '\0';
	if (!strncmp(path, snap_root, root) && path[root] == '/')
		remove_host_tree(path);
}
