/* Process creation: Linux's kernel/fork.c, in its order. fork, vfork, clone and
 * clone3 fill a kernel_clone_args (clone3 checks its struct first:
 * copy_clone_args_from_user, clone3_args_valid); kernel_clone() calls copy_process(),
 * which checks the flags, copies the task (dup_task_struct), then sched_fork,
 * copy_files, copy_fs, copy_sighand, copy_signal, copy_mm, copy_thread (the
 * registers), alloc_pid, the pidfd (after the descriptor table is copied, so the
 * child's table does not hold it), and last the parent, exit signal, thread group
 * and lists; a failure unwinds through the bad_fork_ labels in reverse. kernel_clone
 * then writes CLONE_PARENT_SETTID and wakes the child; the child writes
 * CLONE_CHILD_SETTID itself when it first runs (schedule_tail, kernel/sched.c).
 * copy_creds (a new user namespace), copy_namespaces (kernel/nsproxy.c) and the
 * PID namespace for the child's children (kernel/pid_namespace.c) come before and
 * after the others as in Linux. Left out: ptrace, seccomp, thread
 * pidfds (CLONE_PIDFD with CLONE_THREAD, Linux 6.9). */
#include <emu/arch.h>
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/ipc.h>
#include <emu/mm.h>
#include <emu/nsproxy.h>
#include <emu/pidfd.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <emu/user_namespace.h>
#include <emu/userfaultfd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct kernel_clone_args {
	uint64_t flags;
	uint64_t pidfd;         /* CLONE_PIDFD: where the descriptor's number goes */
	uint64_t child_tid;     /* CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID */
	uint64_t parent_tid;    /* CLONE_PARENT_SETTID */
	int exit_signal;
	uint64_t stack, stack_size, tls;
	const int *set_tid;     /* clone3: the pid asked for, */
	size_t set_tid_size;    /* ... one per pid namespace */
	int cgroup;             /* CLONE_INTO_CGROUP: a directory fd of /sys/fs/cgroup */
};

/* Flags emu implements or may ignore (no tracer for CLONE_PTRACE and CLONE_UNTRACED,
 * no io context for CLONE_IO, no System V semaphores for CLONE_SYSVSEM). */
/* current gets a descriptor table of its own if it shares one (Linux's
 * unshare_fd). 0 or -errno. */
static int copy_files(uint64_t flags, struct task *p);
long unshare_files(void)
{
	struct files_struct *old = current->files;
	int err;

	if (old->refcount == 1)
		return 0;
	if ((err = copy_files(0, current)))
		return err;
	put_files_struct(old);
	return 0;
}

#define CLONE_NEW_ANY (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
		       CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

#define CLONE_SUPPORTED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PIDFD | \
			 CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | \
			 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | \
			 CLONE_CHILD_SETTID | CLONE_IO | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | \
			 CLONE_NEW_ANY)

/* copy_process's checks, before anything is allocated: the EINVAL combinations of
 * clone(2), in Linux's order. */
static int check_clone_flags(uint64_t flags)
{
	/* a shared root and working directory cannot cross into another namespace */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* threads share signal handlers, and shared handlers need a shared mm */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* init's siblings would have no parent to reap them: a pid namespace's init
	 * may not (emu's own init is not a task) */
	if ((flags & CLONE_PARENT) && is_child_reaper(current))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) ||
				       task_active_pid_ns(current) != current->pid_ns_for_children))
		return -EINVAL; /* a thread stays in its process's namespaces */
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;
	if (flags & ~(uint64_t)CLONE_SUPPORTED)
		return -EINVAL;
	return 0;
}

/* The child starts as the parent's task (Linux copies the whole task_struct and
 * then resets what is not inherited; emu copies what is): its name, signal mask and
 * alternate signal stack. The rest starts at zero: nothing pending, no robust list,
 * no timers, no CPU time, no children. */
static struct task *dup_task_struct(const struct task *orig)
{
	struct task *p = task_alloc();

	if (!p)
		return NULL;
	memcpy(p->comm, orig->comm, sizeof p->comm);
	p->blocked = orig->blocked;
	p->sas_ss_sp = orig->sas_ss_sp;
	p->sas_ss_size = orig->sas_ss_size;
	p->sas_ss_flags = orig->sas_ss_flags;
	p->cred = orig->cred; /* copy_creds takes its user namespace */
	p->timer_slack_ns = orig->timer_slack_ns;
	p->default_timer_slack_ns = orig->timer_slack_ns; /* the parent's current slack */
	p->no_new_privs = orig->no_new_privs;
	p->tsc_sigsegv = orig->tsc_sigsegv;
	p->oom_score_adj = orig->oom_score_adj;
	return p;
}

/* Linux's copy_creds: the child holds the parent's user namespace, or one of its
 * own with CLONE_NEWUSER (create_user_ns). 0 or -errno. */
static int copy_creds(struct task *p, uint64_t flags)
{
	get_user_ns(p->cred.user_ns);
	if (!(flags & CLONE_NEWUSER))
		return 0;
	int err = create_user_ns(&p->cred);
	if (err)
		put_user_ns(p->cred.user_ns);
	return err;
}

/* CLONE_NEWPID: the namespace the child's children will be made in, which the child
 * is made in too (Linux keeps it in nsproxy; emu in the task, copied as nsproxy is).
 * Privilege is CAP_SYS_ADMIN in the child's user namespace, as copy_namespaces. */
static int copy_pid_ns_for_children(uint64_t flags, struct task *p)
{
	int err;

	if ((flags & CLONE_NEWPID) && !ns_capable_task(p, p->cred.user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	p->pid_ns_for_children = copy_pid_ns(flags & CLONE_NEWPID, p->cred.user_ns,
					     current->pid_ns_for_children, &err);
	return err;
}

static int copy_files(uint64_t flags, struct task *p)
{
	struct files_struct *old = current->files;

	if (flags & CLONE_FILES) {
		old->refcount++;
		p->files = old;
		return 0;
	}
	p->files = files_alloc(); /* Linux's dup_fd */
	if (!p->files)
		return -ENOMEM;
	if (expand_files(p->files, old->max_fds - 1)) {
		put_files_struct(p->files);
		p->files = NULL;
		return -ENOMEM;
	}
	for (int fd = 0; fd < old->max_fds; fd++) {
		if (old->fd[fd].file)
			fget(old->fd[fd].file);
		p->files->fd[fd] = old->fd[fd];
	}
	return 0;
}

static int copy_fs(uint64_t flags, struct task *p)
{
	struct fs_struct *fs;

	if (flags & CLONE_FS) {
		current->fs->refcount++;
		p->fs = current->fs;
		return 0;
	}
	fs = calloc(1, sizeof *fs); /* Linux's copy_fs_struct */
	if (!fs)
		return -ENOMEM;
	fs->refcount = 1;
	fs->umask = current->fs->umask;
	memcpy(fs->proc_cwd, current->fs->proc_cwd, sizeof fs->proc_cwd);
	fs->cwd_fd = fcntl(current->fs->cwd_fd, F_DUPFD_CLOEXEC, 3);
	if (fs->cwd_fd < 0) {
		int err = -errno;
		free(fs);
		return err;
	}
	p->fs = fs;
	return 0;
}

/* CLONE_CLEAR_SIGHAND: handled signals go back to their default in the child;
 * ignored ones stay ignored (Linux's flush_signal_handlers(p, 0)). */
static void clear_signal_handlers(struct sighand_struct *sighand)
{
	for (int i = 0; i < NSIG_EMU; i++) {
		struct k_sigaction *ka = &sighand->action[i];
		if (ka->handler != (uint64_t)SIG_IGN)
			ka->handler = (uint64_t)SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
}

static int copy_sighand(uint64_t flags, struct task *p)
{
	if (flags & CLONE_SIGHAND) {
		current->sighand->refcount++;
		p->sighand = current->sighand;
		return 0;
	}
	p->sighand = sighand_alloc();
	if (!p->sighand)
		return -ENOMEM;
	memcpy(p->sighand->action, current->sighand->action, sizeof p->sighand->action);
	if (flags & CLONE_CLEAR_SIGHAND)
		clear_signal_handlers(p->sighand);
	return 0;
}

/* Threads share it; a new process starts with nothing pending and no timer. */
static int copy_signal(uint64_t flags, struct task *p)
{
	if (flags & CLONE_THREAD) {
		current->signal->refcount++;
		p->signal = current->signal;
		return 0;
	}
	p->signal = signal_alloc();
	if (!p->signal)
		return -ENOMEM;
	memcpy(p->signal->rlim, current->signal->rlim, sizeof p->signal->rlim);
	return 0;
}

/* Copies one present pte into the child. A private writable page becomes
 * read-only in both: the first write copies it (do_wp_page). */
struct dup_arg {
	struct mm *child;
	const struct vma *vma;
	bool failed;
};

static void dup_pte(pte_t *pte, uint64_t va, void *arg)
{
	struct dup_arg *d = arg;
	pte_t *dst = pte_alloc(&d->child->pgd, va);

	if (!dst) {
		d->failed = true;
		return;
	}
	if (!(d->vma->flags & VM_SHARED))
		*pte &= ~PTE_WRITE;
	frame_get(pte_pfn(*pte));
	*dst = *pte;
}

/* Guard markers are copied as they are (Linux's copy_pte_range keeps them). */
static void dup_guard(pte_t *pte, uint64_t va, void *arg)
{
	struct dup_arg *d = arg;
	pte_t *dst = pte_alloc(&d->child->pgd, va);

	if (!dst)
		d->failed = true;
	else
		*dst = *pte;
}

/* Linux's dup_mmap: the same vmas, the same frames, no page copied. */
static struct mm *dup_mm(struct mm *old)
{
	struct mm *mm = mm_alloc();
	struct vma **tail, *last = NULL;

	if (!mm)
		return NULL;
	*mm = *old;
	mm->users = 1;
	mm->faults_zero = mm->faults_file = mm->cow_copies = mm->cow_reuses = 0;
	mm->pgd.root = NULL;
	mm->mmap = mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->exe_path = strdup(old->exe_path ? old->exe_path : "");
	if (mm->exe_inode) { /* the child runs the program too (Linux's dup_mm_exe_file) */
		ihold(mm->exe_inode);
		deny_write_access(mm->exe_inode); /* cannot fail: already denied */
	}
	tail = &mm->mmap;
	for (struct vma *vma = old->mmap; vma; vma = vma->next) {
		if (vma->flags & VM_DONTCOPY)
			continue;
		struct vma *copy = malloc(sizeof *copy);
		struct dup_arg arg = { mm, vma, false };
		if (!copy) {
			mmput(mm);
			return NULL;
		}
		*copy = *vma;
		copy->next = NULL;
		copy->prev = last;
		last = copy;
		if (copy->obj)
			mobj_get(copy->obj);
		dup_userfaultfd(copy);
		if (copy->flags & VM_HUGETLB) /* balanced by the child's vma_free */
			hugetlb_charge(copy->end - copy->start, true);
		*tail = copy;
		tail = &copy->next;
		mm->map_count++;
		if (!(vma->flags & VM_WIPEONFORK)) /* the child's pages fault in as zeroes */
			pgtable_walk(&old->pgd, vma->start, vma->end, dup_pte, &arg);
		if (old->has_guards)
			pgtable_walk_guards(&old->pgd, vma->start, vma->end, dup_guard, &arg);
		if (arg.failed) {
			mmput(mm);
			return NULL;
		}
	}
	flush_tlb_all(); /* the parent's writable entries just became read-only */
	return mm;
}

static int copy_mm(uint64_t flags, struct task *p)
{
	if (flags & CLONE_VM) {
		current->mm->users++;
		p->mm = current->mm;
		trace_kernel(TRACE_PROC, "copy_mm: shared (CLONE_VM)");
		return 0;
	}
	p->mm = dup_mm(current->mm);
	trace_kernel(TRACE_PROC, "copy_mm: page table copied, private pages now copy-on-write");
	return p->mm ? 0 : -ENOMEM;
}

/* CLONE_PIDFD, once the pid exists: a descriptor in the parent's table (the child's
 * was copied before, unless shared), its number written for the parent. The
 * descriptor, or -errno. */
static int copy_pidfd(const struct kernel_clone_args *args, const struct task *p, int pid)
{
	int pidfd = pidfd_create(pid, p->pid_gen, 0);

	if (pidfd < 0)
		return pidfd;
	if (copy_to_user(args->pidfd, &pidfd, sizeof pidfd)) {
		fd_close(pidfd);
		return -EFAULT;
	}
	return pidfd;
}

/* A forked child keeps the parent's rseq area; a thread (CLONE_VM) registers its
 * own (Linux's rseq_fork). */
static void rseq_fork(struct task *p, uint64_t flags)
{
	if (flags & CLONE_VM)
		return;
	p->rseq = current->rseq;
	p->rseq_len = current->rseq_len;
	p->rseq_sig = current->rseq_sig;
}

/* The pid, thread group and parent, and onto the lists: from here the child is
 * part of the process tree. CLONE_PARENT makes it the caller's sibling, with the
 * exit signal the caller's process has; a thread's parent is its process's and it
 * sends no signal when it ends. */
static void attach_task(struct task *p, const struct kernel_clone_args *args)
{
	uint64_t flags = args->flags;

	attach_pid(p, p->pid_ns_for_children);
	if (flags & CLONE_THREAD) {
		p->group_leader = current->group_leader;
		p->tgid = current->tgid;
	} else {
		p->group_leader = p;
		p->tgid = p->pid;
	}
	if (flags & (CLONE_PARENT | CLONE_THREAD)) {
		p->parent = current->parent;
		p->exit_signal = (flags & CLONE_THREAD) ? -1 : current->group_leader->exit_signal;
	} else {
		p->parent = current;
		p->exit_signal = args->exit_signal;
	}
	rseq_fork(p, flags);
	p->pgid = current->pgid;
	p->sid = current->sid;
	if (thread_group_leader(p)) {
		if (p->parent) /* init's children are on no list: init reaps them at once */
			list_add_tail(&p->sibling, &p->parent->children);
	} else {
		list_add_tail(&p->thread_group, &p->group_leader->thread_group);
	}
}

/* Builds the child, not yet runnable. Returns it, or NULL with *retval = -errno. */
/* --max-tasks: the tasks that may exist at once (Linux's max_threads, the
 * threads-max sysctl). */
static int max_threads = DEFAULT_MAX_THREADS;

void fork_set_max_threads(int n)
{
	max_threads = n;
}

int fork_max_threads(void)
{
	return max_threads;
}

/* RLIMIT_NPROC and threads-max, as copy_process checks them: zombies count until
 * they are reaped; root is exempt from the per-user limit. EAGAIN when over. */
static int check_task_limits(void)
{
	int all = 0, mine = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->reaped)
			continue;
		all++;
		mine += t->cred.uid == current->cred.uid;
	}
	if ((unsigned long)mine >= rlimit_nproc() && current->cred.uid != 0 &&
	    !capable(current, CAP_SYS_RESOURCE) && !capable(current, CAP_SYS_ADMIN))
		return -EAGAIN;
	return all >= max_threads ? -EAGAIN : 0;
}

static struct task *copy_process(const struct kernel_clone_args *args, int *retval)
{
	uint64_t flags = args->flags;
	struct task *p;
	int pid, err;

	if ((err = check_clone_flags(flags)))
		goto fork_out;
	err = -ERESTARTNOINTR; /* signals that came first are delivered first */
	if (signal_pending(current))
		goto fork_out;
	if ((err = check_task_limits()))
		goto fork_out;
	err = -ENOMEM;
	if (!(p = dup_task_struct(current)))
		goto fork_out;
	if ((err = copy_creds(p, flags)))
		goto bad_fork_free;
	p->set_child_tid = (flags & CLONE_CHILD_SETTID) ? args->child_tid : 0;
	p->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? args->child_tid : 0;
	sched_fork(p);
	if ((err = copy_files(flags, p)))
		goto bad_fork_cleanup_count;
	if ((err = copy_fs(flags, p)))
		goto bad_fork_cleanup_files;
	if ((err = copy_sighand(flags, p)))
		goto bad_fork_cleanup_fs;
	if ((err = copy_signal(flags, p)))
		goto bad_fork_cleanup_sighand;
	if ((err = copy_mm(flags, p)))
		goto bad_fork_cleanup_signal;
	if ((err = copy_namespaces(flags, p)))
		goto bad_fork_cleanup_mm;
	if ((err = copy_pid_ns_for_children(flags, p)))
		goto bad_fork_cleanup_namespaces;
	err = -ENOMEM;
	if (copy_thread(p, args->stack, flags & CLONE_SETTLS, args->tls))
		goto bad_fork_cleanup_pid_ns;
	err = pid = alloc_pid(p->pid_ns_for_children, p, args->set_tid, args->set_tid_size);
	if (err < 0)
		goto bad_fork_cleanup_thread;
	/* the group, and pids.max (Linux checks after the pidfd, which emu cannot
	 * take back: no descriptor is made for a fork that fails here) */
	if ((err = cgroup_can_fork(p, flags & CLONE_INTO_CGROUP, flags & CLONE_THREAD, args->cgroup)))
		goto bad_fork_free_pid;
	if ((flags & CLONE_PIDFD) && (err = copy_pidfd(args, p, pid)) < 0)
		goto bad_fork_free_pid;
	/* nothing fails from here on: the pidfd needs no bad_fork_put_pidfd */
	/* sharing the mm, it would share the stack too (not so for vfork, which waits) */
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		p->sas_ss_sp = p->sas_ss_size = 0;
		p->sas_ss_flags = SS_DISABLE;
	}
	attach_task(p, args);
	return p;

bad_fork_free_pid:
	put_pid_nrs(p); /* not attached yet: nobody sees its numbers */
bad_fork_cleanup_thread:
	exit_thread(p);
bad_fork_cleanup_pid_ns:
	put_pid_ns(p->pid_ns_for_children);
bad_fork_cleanup_namespaces:
	exit_task_namespaces(p);
bad_fork_cleanup_mm:
	mmput(p->mm);
bad_fork_cleanup_signal:
	put_signal(p->signal);
bad_fork_cleanup_sighand:
	put_sighand(p->sighand);
bad_fork_cleanup_fs:
	put_fs_struct(p->fs);
bad_fork_cleanup_files:
	put_files_struct(p->files);
bad_fork_cleanup_count:
	put_user_ns(p->cred.user_ns);
bad_fork_free:
	free(p);
fork_out:
	*retval = err;
	return NULL;
}

static void trace_fork(const struct task *p, uint64_t flags)
{
	trace_kernel(TRACE_PROC, "copy_process: pid %d from pid %d, %s, files %s, fs %s, mm %s, "
		     "handlers %s, tid pointers: set %s, clear %s", p->pid, current->pid,
		     (flags & CLONE_THREAD) ? "a thread of its process" : "a new process",
		     (flags & CLONE_FILES) ? "shared" : "copied",
		     (flags & CLONE_FS) ? "shared" : "copied",
		     (flags & CLONE_VM) ? "shared" : "copy-on-write",
		     (flags & CLONE_SIGHAND) ? "shared" : "copied",
		     (flags & CLONE_CHILD_SETTID) ? "child" :
		     (flags & CLONE_PARENT_SETTID) ? "parent" : "none",
		     (flags & CLONE_CHILD_CLEARTID) ? "yes" : "no");
}

/* The main fork routine: copies the process, starts it and, for vfork, waits until
 * it execs or exits. The child's pid, or -errno. Caller: a system call of current. */
static long kernel_clone(const struct kernel_clone_args *args)
{
	uint64_t flags = args->flags;
	struct task *p;
	int err;

	/* clone(2) returns the pidfd through parent_tid: the two cannot share it */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) &&
	    args->pidfd == args->parent_tid)
		return -EINVAL;
	p = copy_process(args, &err);
	if (!p)
		return err;
	trace_fork(p, flags);
	timeline_clone(p);
	int nr = task_pid_vnr(p); /* as the caller's namespace numbers it */
	if (flags & CLONE_PARENT_SETTID) /* the mm is copied already: the child does not see it */
		copy_to_user(args->parent_tid, &nr, sizeof nr); /* unchecked, as Linux */
	sched_add(p); /* wake_up_new_task */
	cgroup_post_fork(p);
	if (flags & CLONE_VFORK)
		task_sleep_on(current, WAIT_VFORK, p); /* until the child execs or exits */
	return nr;
}

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args kargs = { .exit_signal = SIGCHLD };
	return kernel_clone(&kargs);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args kargs = { .flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD };
	return kernel_clone(&kargs);
}

/* clone(2) takes the low 32 bits of its flags: the exit signal is the low byte and
 * is not checked (an invalid one is simply never sent). */
SYSCALL_DEFINE5(clone, uint64_t, clone_flags, uint64_t, newsp, uint64_t, parent_tidptr,
		uint64_t, child_tidptr, uint64_t, tls)
{
	struct kernel_clone_args kargs = {
		.flags = (uint32_t)clone_flags & ~(uint64_t)CSIGNAL,
		.pidfd = parent_tidptr, /* clone(2) has no room for both */
		.child_tid = child_tidptr,
		.parent_tid = parent_tidptr,
		.exit_signal = (int)(clone_flags & CSIGNAL),
		.stack = newsp,
		.tls = tls,
	};
	return kernel_clone(&kargs);
}

_Static_assert(sizeof(struct clone_args) == CLONE_ARGS_SIZE_VER2, "clone3's struct as emu knows it");

/* clone3's checks of its struct: E2BIG for a larger struct with unknown non-zero
 * fields, EINVAL for bad sizes and values, EFAULT. */
static int copy_clone_args_from_user(struct kernel_clone_args *kargs, int *kset_tid,
				     uint64_t uargs, size_t usize)
{
	struct clone_args args;
	int err;

	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if ((err = copy_struct_from_user(&args, sizeof args, uargs, usize)))
		return err;
	if (args.set_tid_size > MAX_PID_NS_LEVEL)
		return -EINVAL;
	if ((!args.set_tid && args.set_tid_size > 0) || (args.set_tid && args.set_tid_size == 0))
		return -EINVAL;
	if ((args.exit_signal & ~(uint64_t)CSIGNAL) || args.exit_signal > NSIG_EMU)
		return -EINVAL; /* the high bits must be clear and the signal valid */
	if ((args.flags & CLONE_INTO_CGROUP) &&
	    (args.cgroup > INT32_MAX || usize < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	*kargs = (struct kernel_clone_args){
		.flags = args.flags, .pidfd = args.pidfd, .child_tid = args.child_tid,
		.parent_tid = args.parent_tid, .exit_signal = (int)args.exit_signal,
		.stack = args.stack, .stack_size = args.stack_size, .tls = args.tls,
		.set_tid = kset_tid, .set_tid_size = args.set_tid_size, .cgroup = (int)args.cgroup,
	};
	if (args.set_tid && copy_from_user(kset_tid, args.set_tid, args.set_tid_size * sizeof(int)))
		return -EFAULT;
	return 0;
}

/* A stack is given as its lowest address and size, both or neither, within user
 * memory; the child starts at its top (the stack grows down). */
static bool clone3_stack_valid(struct kernel_clone_args *kargs)
{
	if (!kargs->stack)
		return kargs->stack_size == 0;
	if (!kargs->stack_size)
		return false;
	if (kargs->stack_size > TASK_SIZE || kargs->stack > TASK_SIZE - kargs->stack_size)
		return false; /* Linux's access_ok */
	kargs->stack += kargs->stack_size;
	return true;
}

static bool clone3_args_valid(struct kernel_clone_args *kargs)
{
	if (kargs->flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return false; /* unknown flags */
	/* CLONE_DETACHED and the signal byte are free for new uses in clone3, except
	 * CLONE_NEWTIME, which lives in that byte */
	if (kargs->flags & (CLONE_DETACHED | (CSIGNAL & ~(uint64_t)CLONE_NEWTIME)))
		return false;
	if ((kargs->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return false;
	if ((kargs->flags & (CLONE_THREAD | CLONE_PARENT)) && kargs->exit_signal)
		return false; /* their exit signal is not the caller's to choose */
	return clone3_stack_valid(kargs);
}

SYSCALL_DEFINE2(clone3, uint64_t, uargs, size_t, size)
{
	struct kernel_clone_args kargs;
	int set_tid[MAX_PID_NS_LEVEL];
	int err = copy_clone_args_from_user(&kargs, set_tid, uargs, size);

	if (err)
		return err;
	if (!clone3_args_valid(&kargs))
		return -EINVAL;
	return kernel_clone(&kargs);
}

SYSCALL_DEFINE1(set_tid_address, uint64_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return task_pid_vnr(current);
}


/* unshare(CLONE_NEWUSER)'s new credentials (Linux's unshare_userns), not yet
 * current's: 0 or -errno; *new holds its own reference. */
static int unshare_userns(uint64_t flags, struct cred *new)
{
	*new = current->cred;
	get_user_ns(new->user_ns);
	if (!(flags & CLONE_NEWUSER))
		return 0;
	int err = create_user_ns(new);
	if (err)
		put_user_ns(new->user_ns);
	return err;
}

/* Linux's unshare_fs: a working directory of its own if it is shared. */
static int unshare_fs(uint64_t flags)
{
	struct fs_struct *old = current->fs;
	int err;

	if (!(flags & CLONE_FS) || old->refcount == 1)
		return 0;
	if ((err = copy_fs(0, current)))
		return err;
	put_fs_struct(old);
	return 0;
}

/* The flags unshare implies (Linux's ksys_unshare): a new user namespace is for the
 * whole process and its own fs; a new mount namespace needs its own fs. */
static uint64_t unshare_implied(uint64_t flags)
{
	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	if (flags & CLONE_NEWIPC) /* the old namespace's SEM_UNDO adjustments end */
		flags |= CLONE_SYSVSEM;
	return flags;
}

/* unshare(CLONE_NEWPID): the caller stays where it is; its next child is the first
 * task, pid 1, of a new namespace (Linux's unshare_nsproxy_namespaces), with
 * CAP_SYS_ADMIN in user_ns, the caller's user namespace after the unshare. */
static int unshare_pid_ns(struct user_namespace *user_ns)
{
	int err;
	struct pid_namespace *ns;

	if (!ns_capable_task(current, user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (!(ns = copy_pid_ns(true, user_ns, current->pid_ns_for_children, &err)))
		return err;
	put_pid_ns(current->pid_ns_for_children);
	current->pid_ns_for_children = ns;
	return 0;
}

/* unshare: Linux's ksys_unshare: a private descriptor table (CLONE_FILES) and
 * fs_struct (CLONE_FS), new namespaces of each CLONE_NEW* kind (CLONE_NEWPID for the
 * caller's next children). The new credentials and nsproxy are made first and
 * become current's together. */
SYSCALL_DEFINE1(unshare, uint64_t, flags)
{
	struct nsproxy *new_ns;
	struct cred new_cred;
	int err;

	if (flags & ~(uint64_t)(CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM |
				CLONE_FILES | CLONE_SYSVSEM | CLONE_NEW_ANY))
		return -EINVAL;
	flags = unshare_implied(flags);
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && !list_empty(&current->thread_group))
		return -EINVAL; /* only a single-threaded process may */
	if ((err = unshare_fs(flags)))
		return err;
	if ((flags & CLONE_FILES) && (err = unshare_files()))
		return err;
	if ((err = unshare_userns(flags, &new_cred)))
		return err;
	if ((err = unshare_nsproxy_namespaces(flags, &new_ns, new_cred.user_ns))) {
		put_user_ns(new_cred.user_ns);
		return err;
	}
	if ((flags & CLONE_NEWPID) && (err = unshare_pid_ns(new_cred.user_ns))) {
		if (new_ns)
			put_nsproxy(new_ns);
		put_user_ns(new_cred.user_ns);
		return err;
	}
	/* Linux's exit_sem: a process no longer sharing its undo list applies it (a
	 * thread of a process sharing it only lets go of it: emu keeps it per process) */
	if ((flags & CLONE_SYSVSEM) && list_empty(&current->thread_group))
		exit_sem(current->tgid);
	struct user_namespace *old_user = current->cred.user_ns;
	current->cred = new_cred;
	put_user_ns(old_user);
	if (new_ns)
		switch_task_namespaces(current, new_ns);
	return 0;
}
