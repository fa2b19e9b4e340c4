/* Starting programs: Linux's fs/exec.c and fs/binfmt_elf.c, fs/binfmt_script.c.
 * prepare_binprm opens and checks the file (a "#!" script names its interpreter);
 * past the point of no return, load_elf_binary builds a fresh mm (segments, stack,
 * brk), lays out the initial stack and gives the task its first registers. */
#include <emu/arch.h>
#include <emu/binfmt.h>
#include <emu/exec.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/random.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timers.h>
#include <emu/trace.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_BYTES 65536 /* the ELF header and program headers must lie in here */
#define MAX_SCRIPT_DEPTH 4 /* as Linux's BINPRM_MAX_RECURSION */

struct linux_binprm {
	char path[PATH_MAX];
	int fd;
	uint64_t size;
	struct elf_info info;
	char why[256];
};

/* Opens path for execution; -errno with Linux's execve errors. */
static int open_exec(const char *path, uint64_t *size)
{
	struct stat st;
	int fd = openat(current && current->fs ? current->fs->cwd_fd : AT_FDCWD, path,
			O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EACCES; /* a directory too, as execve(2) says */
	}
	if (faccessat(current && current->fs ? current->fs->cwd_fd : AT_FDCWD, path, X_OK, 0) < 0) {
		close(fd);
		return -EACCES;
	}
	*size = st.st_size;
	return fd;
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

/* Opens and checks a program, following "#!" lines. argv may be replaced. */
static int prepare_binprm(struct linux_binprm *bprm, char ***argv)
{
	static uint8_t hdr[HEADER_BYTES];

	for (int depth = 0; depth <= MAX_SCRIPT_DEPTH; depth++) {
		bprm->fd = open_exec(bprm->path, &bprm->size);
		if (bprm->fd < 0) {
			struct stat st;
			bool dir = !stat(bprm->path, &st) && S_ISDIR(st.st_mode);
			snprintf(bprm->why, sizeof bprm->why, "%s",
				 dir ? "Is a directory" : strerror(-bprm->fd));
			return bprm->fd;
		}
		ssize_t n = pread(bprm->fd, hdr, sizeof hdr, 0);
		if (n >= 2 && hdr[0] == '#' && hdr[1] == '!') {
			close(bprm->fd);
			int err = script_argv(hdr, n, bprm->path, argv);
			if (err)
				return err;
			snprintf(bprm->path, sizeof bprm->path, "%s", (*argv)[0]);
			continue;
		}
		if (n < 0 || elf_check(hdr, n, bprm->size, &bprm->info, bprm->why, sizeof bprm->why)) {
			close(bprm->fd);
			return -ENOEXEC;
		}
		return 0;
	}
	snprintf(bprm->why, sizeof bprm->why, "too many levels of #! interpreters");
	return -ELOOP;
}

static int setup_stack(struct mm *mm, const struct elf_info *info)
{
	unsigned vm = VM_READ | VM_WRITE | VM_GROWSDOWN | (info->exec_stack ? VM_EXEC : 0);

	return vma_map(mm, STACK_TOP - STACK_SIZE_MAX, STACK_SIZE_MAX, vm, NULL, 0);
}

/* Past the point of no return: t gets a new mm and new registers. Caller is t
 * (current): the new stack is written through current's mm. */
static int load_elf_binary(struct task *t, struct linux_binprm *bprm, char *const *argv,
			   char *const *envp)
{
	struct elf_load_result load;
	struct mm *mm = mm_alloc(), *old = t->mm;
	struct exec_args args = {
		.argv = argv, .envp = envp, .execfn = bprm->path, .info = &bprm->info,
		.load = &load, .hwcap = elf_hwcap(),
		.uid = current->cred.uid, .euid = current->cred.euid, .gid = current->cred.gid,
		.egid = current->cred.egid,
	};
	int err;

	if (!mm)
		return -ENOMEM;
	mm->exe_path = realpath(bprm->path, NULL) ?: strdup(bprm->path);
	t->mm = mm;
	switch_mm(mm);
	mmput(old);
	struct mobj *file = mobj_open_file(bprm->fd, bprm->path);
	if (!file)
		return -errno;
	err = elf_map(mm, file, &bprm->info, &load);
	mobj_put(file);
	if (err || (err = setup_stack(mm, &bprm->info)))
		return err;
	mm->start_brk = mm->brk = load.brk;
	prandom_bytes(args.random, sizeof args.random);
	long sp = create_elf_tables(mm, &args);
	if (sp < 0)
		return (int)sp;
	set_task_comm(t, bprm->path);
	trace_kernel(TRACE_PROC, "exec %s: entry %#lx, load bias %#lx, brk %#lx", bprm->path,
		     (unsigned long)load.entry, (unsigned long)load.load_bias,
		     (unsigned long)load.brk);
	return start_thread(t, load.entry, (uint64_t)sp) ? -ENOMEM : 0;
}

/* Caller is start_kernel, with t current. */
int exec_first_program(struct task *t, const struct exec_request *req, char *why,
		       size_t why_size)
{
	struct linux_binprm bprm = { .fd = -1 };
	int argc = 0, err;

	while (req->argv[argc])
		argc++;
	char **argv = calloc(argc + 1, sizeof *argv);
	for (int i = 0; i < argc; i++)
		argv[i] = strdup(req->argv[i]);
	snprintf(bprm.path, sizeof bprm.path, "%s", req->path);
	err = prepare_binprm(&bprm, &argv);
	if (!err) {
		err = load_elf_binary(t, &bprm, argv, req->envp);
		close(bprm.fd);
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

static long do_execve(struct task *t, const char *path, uint64_t uargv, uint64_t uenvp)
{
	struct linux_binprm bprm = { .fd = -1 };
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
	snprintf(bprm.path, sizeof bprm.path, "%s", path);
	err = prepare_binprm(&bprm, &argv);
	if (err) {
		trace_kernel(TRACE_PROC, "execve %s: %s", path, bprm.why);
		free_strings(argv);
		free_strings(envp);
		return err;
	}
	/* the point of no return */
	de_thread(t);
	exec_task_release(t);
	exit_itimers(t->signal); /* POSIX timers go; alarm and setitimer stay */
	err = load_elf_binary(t, &bprm, argv, envp);
	close(bprm.fd);
	free_strings(argv);
	free_strings(envp);
	if (err) {
		do_exit(t, SIGSEGV); /* the old program is gone: Linux kills it too */
		return 0;
	}
	do_close_on_exec(t->files);
	flush_signal_handlers(t);
	t->did_exec = true;
	wake_up(WAIT_VFORK, t); /* a vfork parent may go on */
	t->thread.stop = STOP_PREEMPT; /* run the new registers from the start */
	return 0;
}

SYSCALL_DEFINE3(execve, uint64_t, upath, uint64_t, argv, uint64_t, envp)
{
	char path[PATH_MAX];
	int err = getname(upath, path, 0);

	return err ? err : do_execve(current, path, argv, envp);
}

SYSCALL_DEFINE5(execveat, int, dirfd, uint64_t, upath, uint64_t, argv, uint64_t, envp, int, flags)
{
	char path[PATH_MAX], full[PATH_MAX + 64];
	int dir, err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if ((err = user_path_at(dirfd, upath, flags, path, &dir)))
		return err;
	if (path[0] == '/')
		return do_execve(current, path, argv, envp);
	/* relative to a directory descriptor: name it through /proc/self/fd */
	snprintf(full, sizeof full, "/proc/self/fd/%d%s%s", dir == AT_FDCWD ? current->fs->cwd_fd : dir,
		 path[0] ? "/" : "", path);
	return do_execve(current, full, argv, envp);
}
