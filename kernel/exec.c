/* Starting programs: Linux's fs/exec.c and fs/binfmt_elf.c, fs/binfmt_script.c.
 * prepare_binprm opens and checks the file (a "#!" script names its interpreter);
 * past the point of no return, load_elf_binary builds a fresh mm (segments, stack,
 * brk), lays out the initial stack and gives the task its first registers. */
#include <emu/arch.h>
#include <emu/binfmt.h>
#include <emu/cred.h>
#include <emu/exec.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/nsproxy.h>
#include <emu/random.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timers.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_BYTES 65536 /* the ELF header and program headers must lie in here */
#define MAX_SCRIPT_DEPTH 4 /* as Linux's BINPRM_MAX_RECURSION */

struct linux_binprm {
	char filename[PATH_MAX]; /* what execve was given (AT_EXECFN, comm) */
	char path[PATH_MAX];     /* the file that runs: after "#!", its interpreter */
	int fd;
	struct inode *inode; /* fd's, its writes denied while it loads and runs */
	uint64_t size;
	struct elf_info info;
	/* the dynamic linker PT_INTERP names (interp_fd -1 for a static program) */
	char interp_path[PATH_MAX];
	int interp_fd;
	struct inode *interp_inode;
	uint64_t interp_size;
	struct elf_info interp_info;
	char why[PATH_MAX + 512];
	bool explain; /* why holds more than the errno says: tell the user once */
	bool nofollow; /* execveat's AT_SYMLINK_NOFOLLOW: a symlink program is ELOOP */
	const char *exe; /* /proc/self/exe as told (a replay), not the file's own */
};

/* Linux's generic_permission for MAY_EXEC, with the task's own credentials (the
 * host checks emu's): the owner's, group's or others' x bit, or any x bit with
 * CAP_DAC_OVERRIDE. */
static bool may_exec(const struct stat *st)
{
	const struct cred *c = &current->cred;
	unsigned mode = st->st_mode;

	if (c->fsuid == st->st_uid)
		mode >>= 6;
	else if (in_group_p(current, st->st_gid))
		mode >>= 3;
	if (mode & S_IXOTH)
		return true;
	return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) && capable(current, CAP_DAC_OVERRIDE);
}

/* Opens path for execution; -errno with Linux's execve errors. With nofollow a
 * last component that is a symlink fails with ELOOP, as Linux's do_open_execat.
 * *inode holds the file's writes denied (deny_write_access) until close_exec. */
static int open_exec(const char *path, uint64_t *size, bool nofollow, struct inode **inode)
{
	int dir = current && current->fs ? current->fs->cwd_fd : AT_FDCWD;
	int fd = openat(dir, path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !may_exec(&st) ||
	    faccessat(dir, path, X_OK, 0) < 0) { /* the host's say: a noexec mount */
		close(fd);
		return -EACCES; /* a directory too, as execve(2) says */
	}
	if (!(*inode = iget(st.st_dev, st.st_ino))) {
		close(fd);
		return -ENOMEM;
	}
	if (deny_write_access(*inode)) {
		iput(*inode);
		*inode = NULL;
		close(fd);
		return -ETXTBSY; /* someone has it open for writing */
	}
	*size = st.st_size;
	record_file_opened(fd, O_RDONLY); /* the program is input too (kernel/replay/) */
	return fd;
}

/* Closes what open_exec opened and allows writes again. */
static void close_exec(int *fd, struct inode **inode)
{
	if (*fd >= 0)
		close(*fd);
	if (*inode) {
		allow_write_access(*inode);
		iput(*inode);
	}
	*fd = -1;
	*inode = NULL;
}

#define BINPRM_BUF_SIZE 256 /* a "#!" line is read up to this, as Linux */

/* "#!interpreter [one argument]": the new argv is interpreter, argument, script, and
 * the old argv without its first element. */
static int script_argv(const uint8_t *hdr, size_t n, const char *path, char ***argv)
{
	char line[BINPRM_BUF_SIZE], *interp, *arg, *save;
	size_t len = 0;
	int argc = 0;

	while (2 + len < n && len < sizeof line - 1 && hdr[2 + len] != '\n')
		len++;
	memcpy(line, hdr + 2, len);
	line[len] = '\0';
	interp = strtok_r(line, " \t", &save);
	if (!interp)
		return -ENOEXEC;
	arg = strtok_r(NULL, "", &save);
	while (arg && (*arg == ' ' || *arg == '\t'))
		arg++;
	while ((*argv)[argc])
		argc++;
	char **v = calloc(argc + 4, sizeof *v);
	int i = 0;
	v[i++] = strdup(interp);
	if (arg && *arg)
		v[i++] = strdup(arg);
	v[i++] = strdup(path);
	for (int j = 1; j < argc; j++)
		v[i++] = (*argv)[j];
	if (argc)
		free((*argv)[0]);
	free(*argv);
	*argv = v;
	return 0;
}

/* A PT_INTERP path that lies beyond the first HEADER_BYTES of the file. 0 or -1. */
static int read_interp_path(struct linux_binprm *bprm, uint8_t *buf)
{
	const Elf64_Phdr *ph = &bprm->info.phdr[bprm->info.interp_ph];

	if (pread(bprm->fd, buf, ph->p_filesz, ph->p_offset) != (ssize_t)ph->p_filesz) {
		snprintf(bprm->why, sizeof bprm->why, "cannot read the interpreter path");
		return -1;
	}
	return elf_interp_path(&bprm->info, buf, bprm->why, sizeof bprm->why);
}

/* The dynamic linker a program names, opened and checked before the point of no
 * return (Linux's load_elf_binary): a missing one fails execve with its open error
 * (ENOENT), one that is not an x86-64 ELF with ELIBBAD. A relative PT_INTERP is
 * relative to the working directory, as in Linux; an absolute one is looked up
 * under -L's directory first. */
static int open_interp(struct linux_binprm *bprm, uint8_t *hdr, size_t hdr_size)
{
	char why[256];
	ssize_t n;

	snprintf(bprm->interp_path, sizeof bprm->interp_path, "%s", bprm->info.interp);
	ld_prefix_path(bprm->interp_path);
	bprm->explain = true;
	bprm->interp_fd = open_exec(bprm->interp_path, &bprm->interp_size, false,
				    &bprm->interp_inode);
	if (bprm->interp_fd < 0) {
		int err = bprm->interp_fd;
		snprintf(bprm->why, sizeof bprm->why, "interpreter %s: %s", bprm->info.interp,
			 strerror(-err));
		close_exec(&bprm->fd, &bprm->inode);
		return err;
	}
	n = pread(bprm->interp_fd, hdr, hdr_size, 0);
	if (n < 0 || elf_check(hdr, n, bprm->interp_size, &bprm->interp_info, why, sizeof why)) {
		snprintf(bprm->why, sizeof bprm->why, "interpreter %s: %s", bprm->info.interp,
			 n < 0 ? strerror(errno) : why);
		close_exec(&bprm->interp_fd, &bprm->interp_inode);
		close_exec(&bprm->fd, &bprm->inode);
		return -ELIBBAD;
	}
	bprm->explain = false;
	return 0;
}

/* Opens and checks a program, following "#!" lines. argv may be replaced. */
static int prepare_binprm(struct linux_binprm *bprm, char ***argv)
{
	static uint8_t hdr[HEADER_BYTES];

	for (int depth = 0; depth <= MAX_SCRIPT_DEPTH; depth++) {
		/* the flag is for the program execveat names, not for "#!" interpreters */
		bprm->fd = open_exec(bprm->path, &bprm->size, bprm->nofollow && !depth, &bprm->inode);
		if (bprm->fd < 0) {
			struct stat st;
			int err = bprm->fd;
			bool dir = !stat(bprm->path, &st) && S_ISDIR(st.st_mode);
			snprintf(bprm->why, sizeof bprm->why, "%s",
				 dir ? "Is a directory" : strerror(-err));
			return err;
		}
		ssize_t n = pread(bprm->fd, hdr, sizeof hdr, 0);
		if (n >= 2 && hdr[0] == '#' && hdr[1] == '!') {
			close_exec(&bprm->fd, &bprm->inode); /* the interpreter runs, not the script */
			int err = script_argv(hdr, n, bprm->path, argv);
			if (err)
				return err;
			snprintf(bprm->path, sizeof bprm->path, "%s", (*argv)[0]);
			continue;
		}
		if (n < 0 || elf_check(hdr, n, bprm->size, &bprm->info, bprm->why, sizeof bprm->why)) {
			close_exec(&bprm->fd, &bprm->inode);
			bprm->explain = n >= SELFMAG && !memcmp(hdr, ELFMAG, SELFMAG);
			return -ENOEXEC;
		}
		if (bprm->info.interp_ph < 0)
			return 0;
		if (!bprm->info.interp[0] && read_interp_path(bprm, hdr) < 0) {
			close_exec(&bprm->fd, &bprm->inode);
			return -ENOEXEC;
		}
		return open_interp(bprm, hdr, sizeof hdr);
	}
	snprintf(bprm->why, sizeof bprm->why, "too many levels of #! interpreters");
	return -ELOOP;
}

static int setup_stack(struct mm *mm, const struct elf_info *info)
{
	unsigned vm = VM_READ | VM_WRITE | VM_GROWSDOWN | (info->exec_stack ? VM_EXEC : 0);

	return vma_map(mm, STACK_TOP - STACK_SIZE_MAX, STACK_SIZE_MAX, vm, NULL, 0);
}

/* Maps one ELF file (the program or its interpreter) at bias. 0 or -errno. */
static int map_elf_file(struct mm *mm, int fd, const char *path, const struct elf_info *info,
			uint64_t bias, struct elf_load_result *load)
{
	struct mobj *file = mobj_open_file(fd, path);
	int err;

	if (!file)
		return -errno;
	err = elf_map(mm, file, info, bias, load);
	mobj_put(file);
	return err;
}

/* Linux's load_elf_interp: the dynamic linker goes top-down from the mmap base, as
 * any ET_DYN without an interpreter of its own; the task starts at its entry. */
static int load_elf_interp(struct mm *mm, struct linux_binprm *bprm,
			   struct elf_load_result *load, uint64_t *start)
{
	struct elf_load_result interp;
	uint64_t bias;
	int err = elf_load_bias(mm, &bprm->interp_info, false, &bias);

	if (err || (err = map_elf_file(mm, bprm->interp_fd, bprm->interp_path,
				       &bprm->interp_info, bias, &interp)))
		return err;
	load->interp_base = interp.load_bias;
	*start = interp.entry;
	return 0;
}

static void trace_exec(const struct linux_binprm *bprm, const struct elf_load_result *load,
		       uint64_t start)
{
	if (!trace_on(TRACE_PROC))
		return;
	if (bprm->interp_fd >= 0)
		trace_kernel_line("exec %s: interpreter %s at %#lx, entry %#lx, program entry %#lx, "
				  "load bias %#lx, brk %#lx", bprm->path, bprm->interp_path,
				  (unsigned long)load->interp_base, (unsigned long)start,
				  (unsigned long)load->entry, (unsigned long)load->load_bias,
				  (unsigned long)load->brk);
	else
		trace_kernel_line("exec %s: entry %#lx, load bias %#lx, brk %#lx", bprm->path,
				  (unsigned long)start, (unsigned long)load->load_bias,
				  (unsigned long)load->brk);
}

/* The program's absolute path, for /proc/self/exe: the host's name of the file
 * opened (a relative path names it from the guest's cwd, not emu's). */
static char *exe_path_of(const struct linux_binprm *bprm)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (bprm->exe)
		return strdup(bprm->exe);
	snprintf(link, sizeof link, "/proc/self/fd/%d", bprm->fd); /* emu's own */
	n = readlink(link, path, sizeof path - 1);
	if (n <= 0 || path[0] != '/')
		return strdup(bprm->path);
	path[n] = '\0';
	return strdup(path);
}

/* Past the point of no return: t gets a new mm and new registers. Caller is t
 * (current): the new stack is written through current's mm. */
static int load_elf_binary(struct task *t, struct linux_binprm *bprm, char *const *argv,
			   char *const *envp)
{
	struct elf_load_result load = { 0 };
	struct mm *mm = mm_alloc(), *old = t->mm;
	struct exec_args args = {
		.argv = argv, .envp = envp, .execfn = bprm->filename, .info = &bprm->info,
		.load = &load, .hwcap = elf_hwcap(),
		.uid = current->cred.uid, .euid = current->cred.euid, .gid = current->cred.gid,
		.egid = current->cred.egid,
	};
	bool dynamic = bprm->interp_fd >= 0;
	uint64_t bias, start;
	int err;

	if (!mm)
		return -ENOMEM;
	mm->exe_path = exe_path_of(bprm);
	mm->exe_inode = bprm->inode; /* writes stay denied while the program runs */
	bprm->inode = NULL;
	t->mm = mm;
	switch_mm(mm);
	mmput(old);
	if ((err = elf_load_bias(mm, &bprm->info, dynamic, &bias)) ||
	    (err = map_elf_file(mm, bprm->fd, bprm->path, &bprm->info, bias, &load)))
		return err;
	start = load.entry;
	if (dynamic && (err = load_elf_interp(mm, bprm, &load, &start)))
		return err;
	if ((err = setup_stack(mm, &bprm->info)))
		return err;
	mm->start_brk = mm->brk = load.brk;
	/* An ET_DYN without interpreter (static-pie, ld.so run as a program) lies in the
	 * mmap region; Linux (since 6.9) moves its brk out of the way, to its
	 * ELF_ET_DYN_BASE 0x555555554aaa page-aligned up. */
	if (bprm->info.ehdr.e_type == ET_DYN && !dynamic)
		mm->start_brk = mm->brk = ELF_ET_DYN_BASE + PAGE_SIZE;
	prandom_bytes(args.random, sizeof args.random);
	long sp = create_elf_tables(mm, &args);
	if (sp < 0)
		return (int)sp;
	set_task_comm(t, bprm->filename);
	trace_exec(bprm, &load, start);
	timeline_exec(t, bprm->filename);
	return start_thread(t, start, (uint64_t)sp) ? -ENOMEM : 0;
}

/* Closes what prepare_binprm opened. */
static void release_binprm(struct linux_binprm *bprm)
{
	close_exec(&bprm->fd, &bprm->inode);
	close_exec(&bprm->interp_fd, &bprm->interp_inode);
}

/* Caller is start_kernel, with t current. */
int exec_first_program(struct task *t, const struct exec_request *req, char *why,
		       size_t why_size)
{
	struct linux_binprm bprm = { .fd = -1, .interp_fd = -1 };
	int argc = 0, err;

	while (req->argv[argc])
		argc++;
	char **argv = calloc(argc + 1, sizeof *argv);
	for (int i = 0; i < argc; i++)
		argv[i] = strdup(req->argv[i]);
	snprintf(bprm.filename, sizeof bprm.filename, "%s", req->name ? req->name : req->path);
	snprintf(bprm.path, sizeof bprm.path, "%s", req->path);
	err = prepare_binprm(&bprm, &argv);
	if (!err && req->name && !strcmp(bprm.path, req->path)) { /* opened: named as told */
		snprintf(bprm.path, sizeof bprm.path, "%s", req->name);
		bprm.exe = req->exe;
	}
	if (!err) {
		err = load_elf_binary(t, &bprm, argv, req->envp);
		release_binprm(&bprm);
		if (err)
			snprintf(bprm.why, sizeof bprm.why, "cannot load: %s", strerror(-err));
	}
	for (int i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	if (!err)
		return 0;
	snprintf(why, why_size, "%s", bprm.why[0] ? bprm.why : strerror(-err));
	return err == -ENOENT || err == -ENOTDIR ? 127 : 126;
}

/* A NULL-terminated array of guest strings, copied into the host. */
/* Linux's limits (fs/exec.c): one string at most 32 pages with its NUL; all the
 * strings and their pointers at most a quarter of the stack limit. */
#define MAX_ARG_STRLEN (32 * 4096)
#define ARG_LIMIT (STACK_SIZE_MAX / 4)

/* argv or envp into the host; *size grows by the space they take on the stack. */
static char **copy_strings(uint64_t uv, size_t *size, long *err)
{
	char **v = calloc(1, sizeof *v), *buf = malloc(MAX_ARG_STRLEN);

	*err = v && buf ? 0 : -ENOMEM;
	for (size_t n = 0; uv && !*err; n++) {
		uint64_t p;
		if (copy_from_user(&p, uv + n * 8, 8)) {
			*err = -EFAULT;
			break;
		}
		if (!p)
			break;
		long len = strncpy_from_user(buf, p, MAX_ARG_STRLEN);
		if (len < 0) {
			*err = len == -ENAMETOOLONG ? -E2BIG : len;
			break;
		}
		*size += (size_t)len + 1 + sizeof(char *);
		if (*size > ARG_LIMIT) {
			*err = -E2BIG;
			break;
		}
		char **grown = realloc(v, (n + 2) * sizeof *v);
		if (!grown || !(grown[n] = strdup(buf))) {
			v = grown ? grown : v;
			*err = -ENOMEM;
			break;
		}
		v = grown;
		v[n + 1] = NULL;
	}
	free(buf);
	return v;
}

static void free_strings(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Descriptors marked close-on-exec go; the others stay open. */
static void do_close_on_exec(struct files_struct *files)
{
	for (int fd = 0; fd < files->max_fds; fd++)
		if (files->fd[fd].file && files->fd[fd].cloexec)
			fd_close(fd);
}

/* Linux's de_thread: execve ends every other thread of the process, and a thread
 * that is not the leader takes over the leader's pid and its place among its
 * parent's children; the old leader goes away. The new program sends SIGCHLD at
 * its end, whatever exit signal clone gave it. */
static void de_thread(struct task *t)
{
	struct task *leader = t->group_leader, *o, *n;

	for_each_thread_safe(leader, o, n)
		if (o != t && o->state != TASK_DEAD)
			do_exit(o, SIGKILL);
	if (leader != t) {
		trace_kernel(TRACE_PROC, "execve: thread %d takes over pid %d", t->pid, leader->pid);
		timeline_exec_takeover(t, leader->pid);
		t->pid = leader->pid;
		t->parent = leader->parent;
		list_replace_init(&leader->sibling, &t->sibling);
		t->group_leader = t;
		leader->group_leader = t;
		leader->exit_signal = -1;
		release_task(leader);
		sched_exec_takeover(leader, t);
	}
	t->exit_signal = SIGCHLD; /* "we have changed execution domain" */
}

/* What a new program does not inherit from the thread that ran the old one. */
static void exec_task_release(struct task *t)
{
	mm_release(t);
	t->robust_list = 0;
	t->rseq = 0;
	t->sas_ss_sp = t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

/* Since Linux 5.18 a program started with no arguments gets one empty argv[0],
 * so that argv[1] is never the first environment string. */
static long empty_argv0(char ***argv)
{
	char **v = calloc(2, sizeof *v);

	if (!v || !(v[0] = strdup(""))) {
		free(v);
		return -ENOMEM;
	}
	free(*argv);
	*argv = v;
	return 0;
}

/* A guest's execve failed. The trace gives every reason; without a trace, a reason
 * the errno alone does not tell (a missing or bad interpreter, an ELF emu cannot
 * run) goes to stderr once per run, since a shell would only say "not found". */
static void report_exec_failure(const struct linux_binprm *bprm)
{
	static bool reported;

	if (trace_on(TRACE_PROC) || (trace_mask && bprm->explain)) {
		if (bprm->why[0])
			trace_kernel_line("execve %s: %s", bprm->filename, bprm->why);
		return;
	}
	if (!bprm->explain || reported)
		return;
	reported = true;
	fprintf(stderr, "emu: execve %s: %s\n", bprm->filename, bprm->why);
}

static long do_execve(struct task *t, const char *path, uint64_t uargv, uint64_t uenvp,
		      bool nofollow)
{
	struct linux_binprm bprm = { .fd = -1, .interp_fd = -1, .nofollow = nofollow };
	long err, err2;
	size_t size = 0;
	char **argv = copy_strings(uargv, &size, &err), **envp = copy_strings(uenvp, &size, &err2);

	if (err || err2) {
		free_strings(argv);
		free_strings(envp);
		return err ? err : err2;
	}
	if (!argv[0] && (err = empty_argv0(&argv))) {
		free_strings(argv);
		free_strings(envp);
		return err;
	}
	snprintf(bprm.filename, sizeof bprm.filename, "%s", path);
	snprintf(bprm.path, sizeof bprm.path, "%s", path);
	err = prepare_binprm(&bprm, &argv);
	if (err) {
		report_exec_failure(&bprm);
		free_strings(argv);
		free_strings(envp);
		return err;
	}
	/* the point of no return */
	de_thread(t);
	exec_task_release(t);
	exit_itimers(t->signal); /* POSIX timers go; alarm and setitimer stay */
	err = load_elf_binary(t, &bprm, argv, envp);
	release_binprm(&bprm);
	free_strings(argv);
	free_strings(envp);
	if (err) {
		do_exit(t, SIGSEGV); /* the old program is gone: Linux kills it too */
		return 0;
	}
	do_close_on_exec(t->files);
	flush_signal_handlers(t);
	t->did_exec = true;
	exec_task_namespaces(); /* it enters time_for_children */
	wake_up(WAIT_VFORK, t); /* a vfork parent may go on */
	t->thread.stop = STOP_PREEMPT; /* run the new registers from the start */
	return 0;
}

SYSCALL_DEFINE3(execve, uint64_t, upath, uint64_t, argv, uint64_t, envp)
{
	char path[PATH_MAX];
	int err = getname(upath, path, 0);

	return err ? err : do_execve(current, path, argv, envp, false);
}

SYSCALL_DEFINE5(execveat, int, dirfd, uint64_t, upath, uint64_t, argv, uint64_t, envp, int, flags)
{
	char path[PATH_MAX], full[PATH_MAX + 64];
	int dir, err;
	bool nofollow;

	/* Linux's order: the name (EFAULT, ENOENT for "" without AT_EMPTY_PATH), then
	 * the flags, then the directory descriptor */
	if ((err = getname(upath, path, flags & AT_EMPTY_PATH)))
		return err;
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if ((dir = host_dirfd(dirfd)) < 0) {
		if (path[0] != '/')
			return dir;
		dir = AT_FDCWD; /* an absolute path ignores dirfd */
	}
	/* AT_EMPTY_PATH runs the descriptor itself: its /proc/self/fd link is no symlink */
	nofollow = (flags & AT_SYMLINK_NOFOLLOW) && path[0];
	if (path[0] == '/')
		return do_execve(current, path, argv, envp, nofollow);
	/* relative to a directory descriptor: name it through /proc/self/fd */
	snprintf(full, sizeof full, "/proc/self/fd/%d%s%s", dir == AT_FDCWD ? current->fs->cwd_fd : dir,
		 path[0] ? "/" : "", path);
	return do_execve(current, full, argv, envp, nofollow);
}
