/* emu [options] PROGRAM [ARGS...]: runs an x86-64 Linux program on our own kernel
 * and exits with its status, as a shell would report it. */
#include <emu/arch.h>
#include <emu/exec.h>
#include <emu/explore.h>
#include <emu/fs.h>
#include <emu/init.h>
#include <emu/net.h>
#include <emu/random.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

extern char **environ;

static void usage(FILE *out)
{
	fputs("Usage: emu [options] PROGRAM [ARGS...]\n"
	      "Run an x86-64 Linux program on emu's own kernel, inside Unicorn.\n\n"
	      "  --trace[=CLASSES]  trace system calls (syscall) and kernel events\n"
	      "                     (mm, sched, proc, kernel = all three, all)\n"
	      "  --trace-file FILE  write the trace to FILE instead of stderr\n"
	      "  --timeline FILE    draw the run: FILE.json (Chrome trace events, for Perfetto)\n"
	      "                     and FILE.html (a page that draws it), in virtual time\n"
	      "  -E VAR=VALUE       set VAR in the program's environment\n"
	      "  -U VAR             remove VAR from the program's environment\n"
	      "  -L DIR             look up the dynamic linker and absolute paths under DIR\n"
	      "                     first (as qemu-user's -L; default: $EMU_LD_PREFIX)\n"
	      "  --seed N           seed for getrandom, AT_RANDOM and scheduling (default 0)\n"
	      "  --realtime         use the host's clocks instead of virtual time\n"
	      "  --cpus N           how many CPUs the machine reports (default 1; one host thread\n"
	      "                     runs them all)\n"
	      "  --max-memory SIZE  the guest's physical memory, e.g. 512M or 4G (default 2G);\n"
	      "                     when it runs out the largest process is killed, with a report\n"
	      "  --max-tasks N      tasks that may exist at once (default 4096): fork and clone\n"
	      "                     fail with EAGAIN beyond it, and beyond RLIMIT_NPROC\n"
	      "  --sched SOURCE     who makes the scheduling decisions: random (the default:\n"
	      "                     quanta and picks drawn from --seed), rr (round robin, fixed\n"
	      "                     quanta) or pct:D (PCT: random task priorities and D-1\n"
	      "                     priority change points); see docs/schedules.md\n"
	      "  --pct-steps K      pct: the run's length in steps (translated blocks), where\n"
	      "                     the change points fall (default 1000000)\n"
	      "  --record-schedule FILE  write every scheduling decision to FILE\n"
	      "  --schedule FILE    replay the decisions in FILE (its source and seed too)\n"
	      "  --run-timeout S    end the run after S virtual seconds (status 252)\n"
	      "  --net=host         sockets to addresses outside 127.0.0.0/8 and ::1 use the\n"
	      "                     host's network (not deterministic; default: unreachable)\n"
	      "  --explore N        run PROGRAM under N schedules (seeds) and report the\n"
	      "                     distinct failures; with --jobs J, --seeds A-B,\n"
	      "                     --expect-status X, --expect-stdout FILE (docs/schedules.md)\n"
	      "  --diagnose FILE    shrink the preemptions of the schedule in FILE to those\n"
	      "                     the run's outcome needs and show where they fall\n"
	      "  --record DIR       keep what enters the run from outside in DIR: stdin,\n"
	      "                     --realtime clocks, signals sent to emu, input files\n"
	      "  --replay DIR       run again with the inputs in DIR (and its options and\n"
	      "                     program, unless given); see docs/replay.md\n"
	      "  --help             show this help\n"
	      "  --version          show emu's and Unicorn's versions\n\n"
	      "emu exits with the program's status, or 128+N if it was killed by signal N;\n"
	      "127 if PROGRAM does not exist, 126 if it cannot be run; 253 if every task is\n"
	      "blocked for good, 252 if --run-timeout ran out, 254 if emu itself failed.\n"
	      "Processes still running when the program's own process ends are killed with\n"
	      "it, as a container's init does.\n",
	      out);
}

/* "512M", "4G", "65536K" or bytes: a page multiple from 16 MiB to 64 GiB, else 0. */
static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20
		  : *end == 'G' || *end == 'g' ? 30 : 0;

	if (end == s || (shift && end[1]) || (!shift && *end) || n > (64ULL << 30) >> shift)
		return 0;
	n <<= shift;
	return n >= (16ULL << 20) ? (size_t)(n & ~4095ULL) : 0;
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

static int exit_status(int wait_status)
{
	if ((wait_status & 0x7f) == 0)
		return (wait_status >> 8) & 0xff;
	return 128 + (wait_status & 0x7f);
}

/* A whole number from lo to hi for option name: 0, or -1 after saying why. */
static int int_option(const char *name, const char *arg, int lo, int hi, int *n)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "emu: %s takes %d to %d, not '%s'\n", name, lo, hi, arg);
		return -1;
	}
	*n = (int)v;
	return 0;
}

/* Long options with no letter of their own (the letters are short options too). */
enum { OPT_TIMELINE = 0x100, OPT_NET };
enum { OPT_RECORD = 0x180, OPT_REPLAY }; /* record and replay (docs/replay.md) */

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "trace", optional_argument, NULL, 't' },
		{ "trace-file", required_argument, NULL, 'f' },
		{ "timeline", required_argument, NULL, OPT_TIMELINE },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "seed", required_argument, NULL, 's' },
		{ "realtime", no_argument, NULL, 'r' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "max-memory", required_argument, NULL, 'm' },
		{ "max-tasks", required_argument, NULL, 'T' },
		{ "sched", required_argument, NULL, 'S' },
		{ "pct-steps", required_argument, NULL, 'K' },
		{ "record-schedule", required_argument, NULL, 'R' },
		{ "schedule", required_argument, NULL, 'P' },
		{ "run-timeout", required_argument, NULL, 'O' },
		{ "net", required_argument, NULL, OPT_NET },
		{ "explore", required_argument, NULL, 'X' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "seeds", required_argument, NULL, 'D' },
		{ "expect-status", required_argument, NULL, 'x' },
		{ "expect-stdout", required_argument, NULL, 'o' },
		{ "diagnose", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *trace_spec = NULL, *trace_file = NULL, *prefix = getenv("EMU_LD_PREFIX");
	const char *record_file = NULL, *replay_file = NULL, *diagnose_file = NULL;
	struct explore_options ex = { .sched = "random", .jobs = 2, .expect_status = 0 };
	const char *timeline = NULL, *record_dir = NULL;
	bool tracing = false;
	char why[256];
	int opt, n;

	/* --replay DIR: the recorded options, program and environment */
	if (replay_prepare(&argc, &argv, options, "+E:U:L:h") < 0)
		return EXIT_USAGE;
	env_init(&program_env);
	while ((opt = getopt_long(argc, argv, "+E:U:L:h", options, NULL)) != -1) {
		switch (opt) {
		case 't': tracing = true; trace_spec = optarg; break;
		case 'f': tracing = true; trace_file = optarg; break;
		case 's':
			prandom_seed(strtoull(optarg, NULL, 0));
			sched_source_seed(strtoull(optarg, NULL, 0));
			break;
		case 'S':
			if (sched_source_parse(optarg) < 0) {
				fprintf(stderr, "emu: --sched takes random, rr or pct:D (D from 1 to 64), "
						"not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			ex.sched = optarg;
			break;
		case 'K':
			ex.pct_steps = strtoull(optarg, NULL, 10);
			sched_set_pct_steps(ex.pct_steps);
			break;
		case 'R': record_file = optarg; break;
		case 'G': diagnose_file = optarg; break;
		case 'P': replay_file = optarg; break;
		case 'O': {
			double secs = strtod(optarg, NULL);
			if (!(secs > 0 && secs < 1e9)) {
				fprintf(stderr, "emu: --run-timeout takes virtual seconds, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			sched_set_run_timeout((uint64_t)(secs * 1e9));
			ex.run_timeout = optarg;
			break;
		}
		case 'X': case 'J': case 'D': case 'x': case 'o':
			if (explore_option(&ex, opt, optarg) < 0)
				return EXIT_USAGE;
			break;
		case OPT_TIMELINE: timeline = optarg; break;
		case OPT_NET: /* --net=host: the only network besides emu's own lo */
			if (strcmp(optarg, "host")) {
				fprintf(stderr, "emu: --net takes host, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			net_host = true;
			break;
		case OPT_RECORD: record_dir = optarg; break;
		case OPT_REPLAY: break; /* replay_prepare's */
		case 'r': ktime_set_realtime(1); break;
		case 'c':
			if (int_option("--cpus", optarg, 1, 64, &n) < 0)
				return EXIT_USAGE;
			sched_set_nr_cpus(n);
			break;
		case 'm': {
			size_t bytes = parse_size(optarg);
			if (!bytes) {
				fprintf(stderr, "emu: --max-memory takes a size from 16M to 64G, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			init_set_guest_memory(bytes);
			break;
		}
		case 'T':
			if (int_option("--max-tasks", optarg, 1, 1000000, &n) < 0)
				return EXIT_USAGE;
			fork_set_max_threads(n);
			break;
		case 'E': env_set(&program_env, optarg); break;
		case 'U': env_unset(&program_env, optarg); break;
		case 'L': prefix = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("emu %s (%s)\n", EMU_VERSION, arch_version()); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs("emu: missing PROGRAM\n", stderr);
		fputs("usage: emu [options] PROGRAM [ARGS...]  (emu --help for more)\n", stderr);
		return EXIT_USAGE;
	}
	if (prefix && *prefix && set_ld_prefix(prefix) < 0) {
		fprintf(stderr, "emu: -L %s: not a directory\n", prefix);
		return EXIT_USAGE;
	}
	/* the runs --explore and --diagnose make are emu processes: -L reaches them
	 * through the environment */
	if ((ex.runs || diagnose_file) && prefix && *prefix)
		setenv("EMU_LD_PREFIX", prefix, 1);
	if ((ex.runs || diagnose_file) && record_dir) {
		fputs("emu: --record keeps one run, not those of --explore or --diagnose\n", stderr);
		return EXIT_USAGE;
	}
	if (ex.runs)
		return explore(&ex, argv[0], argv + optind);
	if (diagnose_file)
		return diagnose(diagnose_file, argv[0], argv + optind);
	if (tracing && open_trace(trace_spec, trace_file) < 0)
		return EXIT_USAGE;
	if (replay_file && sched_replay_open(replay_file) < 0)
		return EXIT_USAGE;
	if (record_file && sched_record_open(record_file) < 0)
		return EXIT_USAGE;
	if (record_dir && record_open(record_dir, argc, argv, optind) < 0)
		return EXIT_USAGE;
	sched_source_start();
	if (timeline && timeline_open(timeline) < 0)
		return EXIT_USAGE;
	struct exec_request req = { .path = argv[optind], .argv = argv + optind, .envp = program_env.vars };
	sched_program(&req); /* a schedule file's program name, arguments and environment */
	int status = start_kernel(&req, why, sizeof why);
	sched_source_finish();
	record_finish();
	free(program_env.vars);
	program_env.vars = NULL;
	if (status < 0) { /* the program never started */
		fprintf(stderr, "emu: %s: %s\n", argv[optind], why);
		return -status;
	}
	if (trace_out)
		fflush(trace_out);
	if (timeline_finish() < 0)
		fputs("emu: the timeline could not be written\n", stderr);
	fflush(stdout);
	if (status == EXIT_DEADLOCK || status == EXIT_RUN_TIMEOUT)
		return status;
	return exit_status(status);
}
