/* /proc and /sys made from emu's kernel, never the host's (Linux's fs/proc and the
 * few sysfs files programs read). A file's text is made when it is opened, into a
 * host memfd, so read, lseek, pread, fstat and mmap work on it unchanged, as
 * Linux's seq_file gives a snapshot per open. The host's own /proc and /sys are
 * refused wherever a path reaches them (do_sys_open checks the opened file's
 * filesystem), so nothing of emu's host process shows through. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/utsname.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572

struct proc_file {
	const char *name;
	void (*show)(FILE *m, struct task *t); /* t: the task of /proc/PID, or NULL */
};

/* ---- /proc/PID ---- */

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

static int parent_tgid(const struct task *t)
{
	return t->parent ? t->parent->tgid : 1; /* emu's init */
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

static void show_status(FILE *m, struct task *t)
{
	uint64_t vm, rss;
	char state = task_state_char(t);

	mm_sizes(t->mm, &vm, &rss);
	fprintf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		   "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		   "FDSize:\t%d\n",
		t->comm, t->fs ? t->fs->umask : 022, task_state_name(state), t->tgid, t->pid,
		parent_tgid(t), t->cred.uid, t->cred.euid, t->cred.suid, t->cred.fsuid, t->cred.gid,
		t->cred.egid, t->cred.sgid, t->cred.fsgid, NR_OPEN_DEFAULT);
	fprintf(m, "NSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->pid, t->pgid, t->sid);
	if (t->mm)
		fprintf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
			(unsigned long)vm * 4, (unsigned long)vm * 4, (unsigned long)rss * 4);
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
		t->pid, t->comm, task_state_char(t), parent_tgid(t), t->pgid, t->sid,
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
	if (vma->obj)
		return mobj_name(vma->obj);
	if (vma->start <= mm->brk && vma->end >= mm->start_brk && mm->brk > mm->start_brk)
		return "[heap]"; /* Linux's test, in show_map_vma */
	if (vma->start <= mm->start_stack && mm->start_stack < vma->end)
		return "[stack]";
	return "";
}

static void show_maps(FILE *m, struct task *t)
{
	if (!t->mm)
		return;
	for (struct vma *v = t->mm->mmap; v; v = v->next) {
		const char *name = vma_name(t->mm, v);
		int n = fprintf(m, "%08lx-%08lx %c%c%c%c %08lx 00:00 0", (unsigned long)v->start,
				(unsigned long)v->end, (v->flags & VM_READ) ? 'r' : '-',
				(v->flags & VM_WRITE) ? 'w' : '-', (v->flags & VM_EXEC) ? 'x' : '-',
				(v->flags & VM_SHARED) ? 's' : 'p',
				(unsigned long)(v->obj ? v->pgoff << PAGE_SHIFT : 0));
		if (*name)
			fprintf(m, "%*s%s", n < 73 ? 73 - n : 1, "", name);
		fputc('\n', m);
	}
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
static void show_oom_score_adj(FILE *m, struct task *t) { fputs("0\n", m); }

static const struct proc_file pid_files[] = {
	{ "status", show_status }, { "stat", show_stat },       { "statm", show_statm },
	{ "maps", show_maps },     { "cmdline", show_cmdline }, { "environ", show_environ },
	{ "comm", show_comm },     { "oom_score_adj", show_oom_score_adj },
	{ NULL, NULL },
};

/* ---- /proc and /sys files of the whole machine ---- */

static void show_meminfo(FILE *m, struct task *t)
{
	unsigned long total = phys_size() >> 10, free = (frames_free() * PAGE_SIZE) >> 10;

	fprintf(m, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n"
		   "Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
		   "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		total, free, free);
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
	uint64_t ns = ktime_get_ns();

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
	fputs("nodev\tproc\nnodev\tsysfs\nnodev\ttmpfs\nnodev\tpipefs\n\text4\n", m);
}

static void show_cpu_list(FILE *m, struct task *t)
{
	if (sched_nr_cpus() == 1)
		fputs("0\n", m);
	else
		fprintf(m, "0-%d\n", sched_nr_cpus() - 1);
}

static void show_pid_max(FILE *m, struct task *t) { fputs("4194304\n", m); }
static void show_threads_max(FILE *m, struct task *t) { fprintf(m, "%d\n", fork_max_threads()); }
static void show_osrelease(FILE *m, struct task *t) { fprintf(m, "%s\n", UTS_RELEASE_EMU); }
static void show_ostype(FILE *m, struct task *t) { fprintf(m, "%s\n", UTS_SYSNAME_EMU); }
static void show_hostname(FILE *m, struct task *t) { fprintf(m, "%s\n", UTS_NODENAME_EMU); }
static void show_zero(FILE *m, struct task *t) { fputs("0\n", m); }

static const struct proc_file proc_files[] = {
	{ "meminfo", show_meminfo },
	{ "cpuinfo", show_cpuinfo },
	{ "uptime", show_uptime },
	{ "loadavg", show_loadavg },
	{ "version", show_version },
	{ "filesystems", show_filesystems },
	{ "sys/kernel/pid_max", show_pid_max },
	{ "sys/kernel/threads-max", show_threads_max },
	{ "sys/kernel/osrelease", show_osrelease },
	{ "sys/kernel/ostype", show_ostype },
	{ "sys/kernel/hostname", show_hostname },
	{ "sys/kernel/tainted", show_zero },
	{ "sys/vm/overcommit_memory", show_zero },
	{ NULL, NULL },
};

static const struct proc_file sys_files[] = {
	{ "devices/system/cpu/online", show_cpu_list },
	{ "devices/system/cpu/possible", show_cpu_list },
	{ "devices/system/cpu/present", show_cpu_list },
	{ NULL, NULL },
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
		if (end == rel || *end != '/' || pid <= 0)
			return NULL;
	}
	if (!strncmp(end, "/task/", 6)) {
		long tid = strtol(end + 6, &end, 10);
		if (*end != '/')
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
static int materialize(const struct proc_file *f, struct task *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int fd;

	if (!m)
		return -ENOMEM;
	f->show(m, t);
	fclose(m);
	fd = memfd_create(f->name, MFD_CLOEXEC);
	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len) || lseek(fd, 0, SEEK_SET) < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	free(buf);
	return fd;
}

/* Removes "." and empty components and folds "x/.." in place: "/proc//self/./maps"
 * is "/proc/self/maps". */
static void normalize(char *path)
{
	char *out = path, *in = path;

	while (*in) {
		while (*in == '/')
			in++;
		char *comp = in;
		while (*in && *in != '/')
			in++;
		size_t n = in - comp;
		if (n == 1 && comp[0] == '.')
			continue;
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			while (out > path && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, comp, n);
		out += n;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

bool is_procfs_path(char *path)
{
	char norm[PATH_MAX];

	if (path[0] != '/')
		return false;
	snprintf(norm, sizeof norm, "%s", path); /* a host path keeps its ".." for the host */
	normalize(norm);
	if (strcmp(norm, "/proc") && strncmp(norm, "/proc/", 6) && strcmp(norm, "/sys") &&
	    strncmp(norm, "/sys/", 5))
		return false;
	strcpy(path, norm);
	return true;
}

int procfs_open(const char *path, int flags)
{
	const struct proc_file *f = NULL;
	struct task *t = NULL;
	const char *rest;

	if (!strncmp(path, "/sys/", 5)) {
		f = find_file(sys_files, path + 5);
	} else if (!strncmp(path, "/proc/", 6)) {
		f = find_file(proc_files, path + 6);
		if (!f && (t = proc_task(path + 6, &rest)))
			f = find_file(pid_files, rest);
	}
	if (!f)
		return -ENOENT; /* directories are not listed yet */
	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	return materialize(f, t);
}

bool is_host_procfs(int host_fd)
{
	struct statfs st;

	return !fstatfs(host_fd, &st) && (st.f_type == PROC_SUPER_MAGIC || st.f_type == SYSFS_MAGIC);
}
