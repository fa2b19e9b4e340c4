/* Process creation: Linux's kernel/fork.c. kernel_clone() checks the flags, then
 * copy_process() builds the child one resource at a time (copy_files, copy_fs,
 * copy_sighand, copy_mm, then the registers), sharing or copying each as its CLONE_
 * flag says; CLONE_THREAD puts the child in the caller's thread group. Left out,
 * as yet: copy_signal (per-group signal state), namespaces, cgroups, ptrace,
 * seccomp, pidfds. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct kernel_clone_args {
	uint64_t flags;
	int exit_signal;
	uint64_t stack, tls, parent_tid, child_tid;
	uint64_t pidfd; /* CLONE_PIDFD: where the descriptor goes */
};

#define CLONE_SUPPORTED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PARENT | \
			 CLONE_THREAD | \
			 CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_SETTLS | CLONE_SYSVSEM | CLONE_DETACHED | \
			 CLONE_PIDFD)

/* The EINVAL combinations of clone(2), checked before anything is allocated. */
static int check_clone_flags(const struct kernel_clone_args *args)
{
	uint64_t flags = args->flags;

	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if (flags & ~(uint64_t)CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CLONE_PARENT) && !current->parent)
		return -EINVAL; /* init's children cannot be siblings of the program */
	if (args->exit_signal < 0 || args->exit_signal > 64)
		return -EINVAL;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_THREAD | CLONE_DETACHED)))
		return -EINVAL; /* a pidfd names a process */
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

/* Linux's dup_mmap: the same vmas, the same frames, no page copied. */
static struct mm *dup_mm(struct mm *old)
{
	struct mm *mm = mm_alloc();
	struct vma **tail;

	if (!mm)
		return NULL;
	*mm = *old;
	mm->users = 1;
	mm->faults_zero = mm->faults_file = mm->cow_copies = mm->cow_reuses = 0;
	mm->pgd.root = NULL;
	mm->mmap = NULL;
	mm->exe_path = strdup(old->exe_path ? old->exe_path : "");
	tail = &mm->mmap;
	for (struct vma *vma = old->mmap; vma; vma = vma->next) {
		struct vma *copy = malloc(sizeof *copy);
		struct dup_arg arg = { mm, vma, false };
		if (!copy) {
			mmput(mm);
			return NULL;
		}
		*copy = *vma;
		copy->next = NULL;
		if (copy->obj)
			mobj_get(copy->obj);
		*tail = copy;
		tail = &copy->next;
		pgtable_walk(&old->pgd, vma->start, vma->end, dup_pte, &arg);
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

static int copy_files(uint64_t flags, struct task *p)
{
	struct files_struct *old = current->files;

	if (flags & CLONE_FILES) {
		old->refcount++;
		p->files = old;
		return 0;
	}
	p->files = files_alloc();
	if (!p->files)
		return -ENOMEM;
	for (int fd = 0; fd < old->max_fds; fd++) {
		if (old->fd[fd].file)
			fget(old->fd[fd].file);
		p->files->fd[fd] = old->fd[fd];
	}
	return 0;
}

static int copy_fs(uint64_t flags, struct task *p)
{
	if (flags & CLONE_FS) {
		current->fs->refcount++;
		p->fs = current->fs;
		return 0;
	}
	p->fs = calloc(1, sizeof *p->fs);
	if (!p->fs)
		return -ENOMEM;
	p->fs->refcount = 1;
	p->fs->umask = current->fs->umask;
	p->fs->cwd_fd = fcntl(current->fs->cwd_fd, F_DUPFD_CLOEXEC, 3);
	return p->fs->cwd_fd < 0 ? -errno : 0;
}

/* A value written into the memory of mm (the child's, for CLONE_CHILD_SETTID). */
static int put_user_in(struct task *t, uint64_t addr, int value)
{
	struct task *saved = current;
	int err;

	current = t;
	err = copy_to_user(addr, &value, sizeof value);
	current = saved;
	return err;
}

static void free_child(struct task *p)
{
	mmput(p->mm);
	put_files_struct(p->files);
	put_fs_struct(p->fs);
	put_sighand(p->sighand);
	put_signal(p->signal);
	exit_thread(p);
	free(p);
}

static struct task *copy_process(const struct kernel_clone_args *args, int *err)
{
	uint64_t flags = args->flags;
	struct task *p = task_alloc();

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(p->comm, current->comm, sizeof p->comm);
	/* a thread's parent is its group's; it sends no signal when it ends */
	p->parent = (flags & (CLONE_PARENT | CLONE_THREAD)) ? current->parent : current;
	p->exit_signal = (flags & CLONE_THREAD) ? -1 : args->exit_signal;
	p->blocked = current->blocked;
	sched_fork(p);
	p->sas_ss_sp = current->sas_ss_sp; /* a thread gets none (Linux clears it for CLONE_VM) */
	p->sas_ss_size = current->sas_ss_size;
	p->sas_ss_flags = current->sas_ss_flags;
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM)
		p->sas_ss_sp = p->sas_ss_size = 0;
	if ((*err = copy_files(flags, p)) || (*err = copy_fs(flags, p)) ||
	    (*err = copy_sighand(flags, p)) || (*err = copy_signal(flags, p)) ||
	    (*err = copy_mm(flags, p)) ||
	    (*err = copy_thread(p, args->stack, flags & CLONE_SETTLS, args->tls) ? -ENOMEM : 0)) {
		free_child(p);
		return NULL;
	}
	p->pid = p->tgid = alloc_pid();
	p->group_leader = p;
	if (flags & CLONE_THREAD) {
		p->tgid = current->tgid;
		p->group_leader = current->group_leader;
	}
	p->pgid = current->pgid;
	p->sid = current->sid;
	p->robust_list = 0;
	if (!(flags & CLONE_VM)) { /* a forked child keeps rseq; a thread registers its own */
		p->rseq = current->rseq;
		p->rseq_len = current->rseq_len;
		p->rseq_sig = current->rseq_sig;
	}
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;
	if (flags & CLONE_CHILD_SETTID)
		put_user_in(p, args->child_tid, p->pid);
	if (flags & CLONE_PARENT_SETTID) /* the mm is copied already: the child does not see it */
		put_user_in(current, args->parent_tid, p->pid);
	return p;
}

static long kernel_clone(const struct kernel_clone_args *args)
{
	int err = check_clone_flags(args);
	struct task *p;

	if (err)
		return err;
	int pidfd = -1;
	if (args->flags & CLONE_PIDFD) { /* made first: nothing to undo in the child */
		if ((pidfd = pidfd_create(0, 0)) < 0)
			return pidfd;
		if (copy_to_user(args->pidfd, &pidfd, sizeof pidfd)) {
			fd_close(pidfd);
			return -EFAULT;
		}
	}
	p = copy_process(args, &err);
	if (!p) {
		if (pidfd >= 0)
			fd_close(pidfd);
		return err;
	}
	if (pidfd >= 0)
		pidfd_set_pid(pidfd, p->pid);
	trace_kernel(TRACE_PROC, "copy_process: pid %d from pid %d, %s, files %s, fs %s, mm %s, "
		     "handlers %s, tid pointers: set %s, clear %s", p->pid, current->pid,
		     (args->flags & CLONE_THREAD) ? "a thread of its process" : "a new process",
		     (args->flags & CLONE_FILES) ? "shared" : "copied",
		     (args->flags & CLONE_FS) ? "shared" : "copied",
		     (args->flags & CLONE_VM) ? "shared" : "copy-on-write",
		     (args->flags & CLONE_SIGHAND) ? "shared" : "copied",
		     (args->flags & CLONE_CHILD_SETTID) ? "child" :
		     (args->flags & CLONE_PARENT_SETTID) ? "parent" : "none",
		     (args->flags & CLONE_CHILD_CLEARTID) ? "yes" : "no");
	sched_add(p);
	if (args->flags & CLONE_VFORK)
		task_sleep_on(current, WAIT_VFORK, p); /* until the child execs or exits */
	return p->pid;
}

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args ka = { .exit_signal = SIGCHLD };
	return kernel_clone(&ka);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args ka = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
	return kernel_clone(&ka);
}

SYSCALL_DEFINE5(clone, uint64_t, flags, uint64_t, stack, uint64_t, parent_tid, uint64_t, child_tid,
		uint64_t, tls)
{
	struct kernel_clone_args ka = {
		.flags = flags & ~(uint64_t)CSIGNAL, .exit_signal = (int)(flags & CSIGNAL),
		.stack = stack, .tls = tls, .parent_tid = parent_tid, .child_tid = child_tid,
		.pidfd = parent_tid, /* clone(2) has no room for both */
	};
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
		return -EINVAL;
	return kernel_clone(&ka);
}

/* struct clone_args of clone3(2): 64 bytes, 80 with set_tid, 88 with cgroup. */
SYSCALL_DEFINE2(clone3, uint64_t, uargs, size_t, size)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
		 tls, set_tid, set_tid_size, cgroup; } ca = { 0 };

	if (size < 64 || size > 4096)
		return -EINVAL;
	if (copy_from_user(&ca, uargs, size < sizeof ca ? size : sizeof ca))
		return -EFAULT;
	if (ca.exit_signal > 64 || (ca.flags & CSIGNAL) || ca.set_tid || ca.set_tid_size)
		return -EINVAL;
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	struct kernel_clone_args ka = {
		.flags = ca.flags, .exit_signal = (int)ca.exit_signal,
		.stack = ca.stack ? ca.stack + ca.stack_size : 0, .tls = ca.tls,
		.parent_tid = ca.parent_tid, .child_tid = ca.child_tid, .pidfd = ca.pidfd,
	};
	return kernel_clone(&ka);
}

SYSCALL_DEFINE1(set_tid_address, uint64_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
