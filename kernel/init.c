/* Starting the kernel: the machine, the first task and its program, then the
 * scheduler until that program's process ends (Linux's init/main.c, where
 * start_kernel boots and kernel_init runs the first program). */
#include <emu/arch.h>
#include <emu/exec.h>
#include <emu/fs.h>
#include <emu/init.h>
#include <emu/mm.h>
#include <emu/nsproxy.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t guest_memory = DEFAULT_GUEST_MEMORY;

void init_set_guest_memory(size_t bytes)
{
	guest_memory = bytes;
}

/* As across execve: the program starts with emu's signal mask, and what emu's
 * parent ignored stays ignored (nohup, a shell's trap ''). */
static void inherit_host_signals(struct task *t)
{
	sigset_t mask;

	if (sigprocmask(SIG_SETMASK, NULL, &mask) == 0)
		for (int sig = 1; sig <= NSIG_EMU; sig++)
			if (sig != SIGKILL && sig != SIGSTOP && sigismember(&mask, sig) == 1)
				t->blocked |= sigbit(sig);
	for (int sig = 1; sig < NSIG_EMU; sig++) {
		struct sigaction sa;
		if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN)
			t->sighand->action[sig - 1].handler = (uint64_t)SIG_IGN;
	}
}

/* The program's first task: pid 2, the host's stdin, stdout and stderr. */
static struct task *first_task(void)
{
	struct task *t = task_alloc();

	t->pid = t->tgid = alloc_pid(NULL, 0);
	t->group_leader = t;
	cred_init(&t->cred);
	get_nsproxy(&init_nsproxy);
	t->nsproxy = &init_nsproxy;
	t->timer_slack_ns = t->default_timer_slack_ns = 50000; /* Linux's default, 50 us */
	t->exit_signal = SIGCHLD; /* as a shell's child: CLONE_PARENT passes it on */
	t->pgid = t->sid = t->pid; /* init made it a session and group leader */
	t->files = files_alloc();
	t->fs = fs_alloc();
	t->sighand = sighand_alloc();
	t->signal = signal_alloc();
	sched_fork(t);
	t->sas_ss_flags = SS_DISABLE;
	inherit_host_signals(t);
	signal(SIGPIPE, SIG_IGN); /* a write to a closed host pipe is EPIPE for the guest */
	hostsig_init();
	current = t;
	for (int fd = 0; fd < 3; fd++) {
		int host_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		struct file *f = NULL;
		if (host_fd >= 0) {
			int flags = fcntl(host_fd, F_GETFL);
			f = file_from_host(host_fd, flags < 0 ? 0 : flags, NULL);
			fd_install_at(fd, f, false);
		}
		record_inherited(fd, f); /* a stream from outside? (kernel/replay/) */
	}
	return t;
}

int start_kernel(const struct exec_request *req, char *why, size_t why_size)
{
	int status;

	panic_init();
	umask(0); /* the guest's umask is applied by emu's kernel (fs_struct) */
	frames_init(guest_memory);
	if (arch_init(phys_base(), phys_size()) < 0) {
		snprintf(why, why_size, "the machine did not start");
		return -1;
	}
	struct task *t = first_task();
	status = exec_first_program(t, req, why, why_size);
	if (status)
		return -status;
	trace_execve_first(t, req);
	sched_add(t);
	return schedule_loop();
}
