/* emu [options] PROGRAM [ARGS...]: runs a static x86-64 Linux program on our own
 * kernel and exits with its status, as a shell would report it. */
#include <emu/cpu.h>
#include <emu/exec.h>
#include <emu/fs.h>
#include <emu/hostsig.h>
#include <emu/mm.h>
#include <emu/random.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#define GUEST_MEMORY (2UL << 30)
#define EXIT_USAGE 2

extern char **environ;

static void usage(FILE *out)
{
	fputs("Usage: emu [options] PROGRAM [ARGS...]\n"
	      "Run a static x86-64 Linux program on emu's own kernel, inside Unicorn.\n\n"
	      "  --trace[=CLASSES]  trace system calls (syscall) and kernel events\n"
	      "                     (mm, sched, proc, kernel = all three, all)\n"
	      "  --trace-file FILE  write the trace to FILE instead of stderr\n"
	      "  -E VAR=VALUE       set VAR in the program's environment\n"
	      "  -U VAR             remove VAR from the program's environment\n"
	      "  --seed N           seed for getrandom, AT_RANDOM and scheduling (default 0)\n"
	      "  --realtime         use the host's clocks instead of virtual time\n"
	      "  --cpus N           how many CPUs the machine reports (default 1; one host thread\n"
	      "                     runs them all)\n"
	      "  --help             show this help\n"
	      "  --version          show emu's and Unicorn's versions\n\n"
	      "emu exits with the program's status, or 128+N if it was killed by signal N;\n"
	      "127 if PROGRAM does not exist, 126 if it cannot be run.\n",
	      out);
}

/* The environment: the host's, edited by -E and -U in order. */
struct env {
	char **vars;
	int n;
};
static struct env program_env; /* global, so an early exit leaves nothing unreachable */

static void env_unset(struct env *env, const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < env->n; i++) {
		if (!strncmp(env->vars[i], name, len) && env->vars[i][len] == '=') {
			memmove(&env->vars[i], &env->vars[i + 1], (env->n - i) * sizeof(char *));
			env->n--;
			i--;
		}
	}
}

static void env_set(struct env *env, char *assignment)
{
	char name[256];
	size_t len = strcspn(assignment, "=");

	snprintf(name, sizeof name, "%.*s", (int)len, assignment);
	env_unset(env, name);
	env->vars = realloc(env->vars, (env->n + 2) * sizeof(char *));
	env->vars[env->n++] = assignment;
	env->vars[env->n] = NULL;
}

static void env_init(struct env *env)
{
	int n = 0;

	while (environ[n])
		n++;
	env->vars = calloc(n + 1, sizeof(char *));
	memcpy(env->vars, environ, n * sizeof(char *));
	env->n = n;
}

static int open_trace(const char *spec, const char *file)
{
	int mask = trace_parse(spec ? spec : "syscall");

	if (mask < 0) {
		fprintf(stderr, "emu: unknown trace class in '%s'\n", spec);
		return -1;
	}
	trace_mask = mask;
	trace_out = file ? fopen(file, "w") : stderr;
	if (!trace_out) {
		perror(file);
		return -1;
	}
	return 0;
}

/* The program's first task: pid 2, the host's stdin, stdout and stderr. */
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

static struct task *first_task(void)
{
	struct task *t = task_alloc();

	t->pid = t->tgid = alloc_pid();
	t->group_leader = t;
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
		if (host_fd < 0)
			continue;
		int flags = fcntl(host_fd, F_GETFL);
		fd_install_at(fd, file_from_host(host_fd, flags < 0 ? 0 : flags, NULL), false);
	}
	return t;
}

static int exit_status(int wait_status)
{
	if ((wait_status & 0x7f) == 0)
		return (wait_status >> 8) & 0xff;
	return 128 + (wait_status & 0x7f);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "trace", optional_argument, NULL, 't' },
		{ "trace-file", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "realtime", no_argument, NULL, 'r' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *trace_spec = NULL, *trace_file = NULL;
	bool tracing = false;
	char why[256];
	int opt;

	env_init(&program_env);
	while ((opt = getopt_long(argc, argv, "+E:U:h", options, NULL)) != -1) {
		switch (opt) {
		case 't': tracing = true; trace_spec = optarg; break;
		case 'f': tracing = true; trace_file = optarg; break;
		case 's': prandom_seed(strtoull(optarg, NULL, 0)); break;
		case 'r': ktime_set_realtime(1); break;
		case 'c': {
			long n = strtol(optarg, NULL, 10);
			if (n < 1 || n > 64) {
				fprintf(stderr, "emu: --cpus takes 1 to 64, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			sched_set_nr_cpus((int)n);
			break;
		}
		case 'E': env_set(&program_env, optarg); break;
		case 'U': env_unset(&program_env, optarg); break;
		case 'h': usage(stdout); return 0;
		case 'V': {
			unsigned major, minor, v = uc_version(&major, &minor);
			printf("emu %s (Unicorn %u.%u.%u)\n", EMU_VERSION, major, minor, (v >> 8) & 0xff);
			return 0;
		}
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs("emu: missing PROGRAM\n", stderr);
		fputs("usage: emu [options] PROGRAM [ARGS...]  (emu --help for more)\n", stderr);
		return EXIT_USAGE;
	}
	if (tracing && open_trace(trace_spec, trace_file) < 0)
		return EXIT_USAGE;
	umask(0); /* the guest's umask is applied by emu's kernel (fs_struct) */
	frames_init(GUEST_MEMORY);
	if (cpu_init() < 0)
		return 1;
	struct task *t = first_task();
	struct exec_request req = { argv[optind], argv + optind, program_env.vars };
	int status = exec_first_program(t, &req, why, sizeof why);
	free(program_env.vars); /* the program has its own copy on its stack now */
	program_env.vars = NULL;
	if (status) {
		fprintf(stderr, "emu: %s: %s\n", argv[optind], why);
		return status;
	}
	sched_add(t);
	status = schedule_loop();
	if (trace_out)
		fflush(trace_out);
	fflush(stdout);
	return status == 253 ? 253 : exit_status(status);
}
