/* emu --explore N: runs one program under N schedules (seeds), J at a time, each
 * as its own emu process (fork and exec of /proc/self/exe), so that a crash of one
 * run cannot spoil another. A run's outcome is its exit status and a hash of its
 * stdout; outcomes are grouped, and each failing one is reported with the first
 * seed that shows it and the command line that replays it. */
#include <emu/explore.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXPLORE_RUN_TIMEOUT "10" /* virtual seconds, unless --run-timeout says */
#define MAX_JOBS 256
#define MAX_OUTCOMES 64          /* distinct outcomes kept apart; more are lumped */

struct outcome {
	int status;
	uint64_t stdout_hash;
	bool failed;
	long runs;
	uint64_t first_seed;
	char first_stderr[160]; /* the first line emu or the program wrote on stderr */
};

struct job {
	pid_t pid;
	uint64_t seed;
	int out_fd, err_fd; /* memfds: the run's stdout and stderr */
};

static int parse_seeds(struct explore_options *ex, const char *arg)
{
	char *end;
	unsigned long long a = strtoull(arg, &end, 10), b;

	if (end == arg || *end != '-')
		return -1;
	const char *rest = end + 1;
	b = strtoull(rest, &end, 10);
	if (end == rest || *end || b < a)
		return -1;
	ex->seeds_given = true;
	ex->first_seed = a;
	ex->last_seed = b;
	return 0;
}

int explore_option(struct explore_options *ex, int opt, const char *arg)
{
	char *end;
	long n;

	switch (opt) {
	case 'X':
		n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 1) {
			fprintf(stderr, "emu: --explore takes a number of runs, not '%s'\n", arg);
			return -1;
		}
		ex->runs = n;
		return 0;
	case 'J':
		n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 1 || n > MAX_JOBS) {
			fprintf(stderr, "emu: --jobs takes 1 to %d, not '%s'\n", MAX_JOBS, arg);
			return -1;
		}
		ex->jobs = (int)n;
		return 0;
	case 'D':
		if (parse_seeds(ex, arg) < 0) {
			fprintf(stderr, "emu: --seeds takes A-B (A <= B), not '%s'\n", arg);
			return -1;
		}
		return 0;
	case 'x':
		n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 0 || n > 255) {
			fprintf(stderr, "emu: --expect-status takes 0 to 255, not '%s'\n", arg);
			return -1;
		}
		ex->expect_status = (int)n;
		return 0;
	case 'o':
		ex->expect_stdout = arg;
		return 0;
	}
	return -1;
}

/* A whole file, or a memfd from its start; NULL with *len 0 if it cannot be read. */
static char *read_all(int fd, size_t *len)
{
	struct stat st;
	char *buf;

	*len = 0;
	if (fstat(fd, &st) < 0 || !(buf = malloc((size_t)st.st_size + 1)))
		return NULL;
	ssize_t n = pread(fd, buf, (size_t)st.st_size, 0);
	*len = n > 0 ? (size_t)n : 0;
	buf[*len] = '\0';
	return buf;
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ULL;
	return h;
}

/* The child's command line: emu's own options for this seed, then the program. */
static char **run_argv(const struct explore_options *ex, const char *self, uint64_t pct_steps,
		       uint64_t seed, char **program, char *seed_buf, char *steps_buf)
{
	int n = 0, nprog = 0;

	while (program[nprog])
		nprog++;
	char **argv = calloc((size_t)nprog + 12, sizeof *argv);
	if (!argv)
		abort();
	argv[n++] = (char *)self;
	argv[n++] = "--sched";
	argv[n++] = (char *)ex->sched;
	argv[n++] = "--seed";
	sprintf(seed_buf, "%" PRIu64, seed);
	argv[n++] = seed_buf;
	if (pct_steps) {
		argv[n++] = "--pct-steps";
		sprintf(steps_buf, "%" PRIu64, pct_steps);
		argv[n++] = steps_buf;
	}
	argv[n++] = "--run-timeout";
	argv[n++] = (char *)(ex->run_timeout ? ex->run_timeout : EXPLORE_RUN_TIMEOUT);
	memcpy(argv + n, program, (size_t)nprog * sizeof *argv);
	return argv;
}

/* Starts one run with stdin from /dev/null and stdout, stderr into memfds. */
static int spawn(struct job *job, char **argv)
{
	job->out_fd = memfd_create("explore-out", MFD_CLOEXEC);
	job->err_fd = memfd_create("explore-err", MFD_CLOEXEC);
	if (job->out_fd < 0 || job->err_fd < 0)
		return -1;
	fflush(NULL);
	job->pid = fork();
	if (job->pid < 0)
		return -1;
	if (job->pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(job->out_fd, 1);
		dup2(job->err_fd, 2);
		execv("/proc/self/exe", argv);
		_exit(126);
	}
	return 0;
}

int explore_run(char **argv, int *status, char **out, size_t *out_len)
{
	struct job job;
	int wstatus;
	size_t err_len;

	if (spawn(&job, argv) < 0 || waitpid(job.pid, &wstatus, 0) < 0)
		return -1;
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	*out = read_all(job.out_fd, out_len);
	free(read_all(job.err_fd, &err_len));
	close(job.out_fd);
	close(job.err_fd);
	return 0;
}

/* The step count k for PCT: the length, in translated blocks, of a round-robin
 * run, from the trailer of its recorded schedule. 0 if it cannot be had. */
static uint64_t measure_steps(const struct explore_options *ex, const char *self,
			      char **program)
{
	char path[] = "/tmp/emu-explore-XXXXXX", seed_buf[32], steps_buf[32], line[256];
	int fd = mkstemp(path);
	uint64_t steps = 0;

	if (fd < 0)
		return 0;
	close(fd);
	struct explore_options rr = *ex;
	rr.sched = "rr";
	char **argv = run_argv(&rr, self, 0, 0, program, seed_buf, steps_buf);
	int nargs = 0;
	while (argv[nargs])
		nargs++;
	char **with_record = calloc((size_t)nargs + 3, sizeof *with_record);
	with_record[0] = argv[0];
	with_record[1] = "--record-schedule";
	with_record[2] = path;
	memcpy(with_record + 3, argv + 1, (size_t)(nargs - 1) * sizeof *argv);
	struct job job;
	if (spawn(&job, with_record) == 0) {
		int status;
		waitpid(job.pid, &status, 0);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof line, f))
			sscanf(line, "# steps %" SCNu64, &steps);
		if (f)
			fclose(f);
	}
	close(job.out_fd);
	close(job.err_fd);
	unlink(path);
	free(with_record);
	free(argv);
	return steps;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The outcome a finished run adds to, found or made (the last slot lumps the rest). */
static struct outcome *classify(struct outcome *out, int *nout, int status, uint64_t hash,
				bool failed)
{
	for (int i = 0; i < *nout; i++)
		if (out[i].status == status && out[i].stdout_hash == hash)
			return &out[i];
	if (*nout == MAX_OUTCOMES)
		return &out[MAX_OUTCOMES - 1];
	out[*nout] = (struct outcome){ status, hash, failed, 0, 0, "" };
	return &out[(*nout)++];
}

/* A run is over: its outcome is counted; true if it failed. */
static bool finish(const struct explore_options *ex, struct job *job, int wstatus,
		   const char *expected, size_t expected_len, struct outcome *out, int *nout)
{
	size_t out_len, err_len;
	char *stdout_text = read_all(job->out_fd, &out_len);
	char *stderr_text = read_all(job->err_fd, &err_len);
	int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	bool failed = status != ex->expect_status;

	if (expected && (out_len != expected_len || memcmp(stdout_text, expected, out_len)))
		failed = true;
	struct outcome *o = classify(out, nout, status, fnv1a(stdout_text ?: "", out_len), failed);
	/* runs end in any order: the lowest seed is the first, whatever finished first */
	if (!o->runs++ || job->seed < o->first_seed) {
		o->first_seed = job->seed;
		snprintf(o->first_stderr, sizeof o->first_stderr, "%.*s",
			 (int)strcspn(stderr_text ?: "", "\n"), stderr_text ?: "");
	}
	close(job->out_fd);
	close(job->err_fd);
	free(stdout_text);
	free(stderr_text);
	job->pid = 0;
	return failed;
}

static void progress(long done, long total, long failures, double start, bool last)
{
	static double shown;
	double now = now_seconds();

	if (!last && now - shown < 1.0)
		return;
	shown = now;
	fprintf(stderr, "explore: %ld/%ld done, %ld failed, %.1f runs/s%s", done, total, failures,
		done / (now - start > 1e-3 ? now - start : 1e-3),
		isatty(2) && !last ? "\r" : "\n");
}

/* A word for a shell: quoted unless it is plain. */
static void print_shell_word(const char *w)
{
	if (*w && !w[strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "0123456789-_./:=+,@%")]) {
		fputs(w, stdout);
		return;
	}
	putchar('\'');
	for (; *w; w++)
		*w == '\'' ? fputs("'\\''", stdout) : putchar(*w);
	putchar('\'');
}

static void print_replay(const struct explore_options *ex, const char *self, uint64_t steps,
			 uint64_t seed, char **program)
{
	char seed_buf[32], steps_buf[32];
	char **argv = run_argv(ex, self, steps, seed, program, seed_buf, steps_buf);

	fputs("    replay:", stdout);
	for (char **a = argv; *a; a++) {
		putchar(' ');
		print_shell_word(*a);
	}
	putchar('\n');
	free(argv);
}

static int by_first_seed(const void *a, const void *b)
{
	uint64_t x = ((const struct outcome *)a)->first_seed, y = ((const struct outcome *)b)->first_seed;

	return x < y ? -1 : x > y;
}

/* The table, in the order of first seeds, so that it does not depend on which runs
 * ended first. */
static void summary(const struct explore_options *ex, const char *self, uint64_t steps,
		    char **program, struct outcome *out, int nout, long total,
		    double seconds)
{
	long failures = 0;

	qsort(out, (size_t)nout, sizeof *out, by_first_seed);

	printf("explore: %ld runs of %s under --sched=%s, seeds %" PRIu64 "-%" PRIu64
	       ", %.1f s (%.1f runs/s)\n", total, program[0], ex->sched, ex->first_seed,
	       ex->last_seed, seconds, total / (seconds > 1e-3 ? seconds : 1e-3));
	printf("  %6s  %6s  %-16s  %10s  %s\n", "runs", "status", "stdout hash", "first seed",
	       "result");
	for (int i = 0; i < nout; i++) {
		printf("  %6ld  %6d  %016" PRIx64 "  %10" PRIu64 "  %s\n", out[i].runs,
		       out[i].status, out[i].stdout_hash, out[i].first_seed,
		       out[i].failed ? "FAIL" : "ok");
		failures += out[i].failed ? out[i].runs : 0;
	}
	if (!failures) {
		printf("explore: no run failed\n");
		return;
	}
	printf("explore: %ld of %ld runs failed\n", failures, total);
	for (int i = 0; i < nout; i++) {
		if (!out[i].failed)
			continue;
		printf("  status %d, stdout %016" PRIx64 ": %ld runs, first seed %" PRIu64 "\n",
		       out[i].status, out[i].stdout_hash, out[i].runs, out[i].first_seed);
		if (out[i].first_stderr[0])
			printf("    stderr: %s\n", out[i].first_stderr);
		print_replay(ex, self, steps, out[i].first_seed, program);
	}
}

int explore(const struct explore_options *given, const char *self, char **program)
{
	struct explore_options ex = *given;
	struct job jobs[MAX_JOBS] = { 0 };
	struct outcome out[MAX_OUTCOMES];
	char *expected = NULL, seed_buf[32], steps_buf[32];
	size_t expected_len = 0;
	int nout = 0, running = 0;
	long done = 0, failures = 0;

	if (!program[0]) {
		fputs("emu: --explore: missing PROGRAM\n", stderr);
		return 2;
	}
	if (!ex.seeds_given) {
		ex.first_seed = 1;
		ex.last_seed = (uint64_t)ex.runs;
	}
	if (ex.expect_stdout) {
		int fd = open(ex.expect_stdout, O_RDONLY);
		if (fd < 0 || !(expected = read_all(fd, &expected_len))) {
			fprintf(stderr, "emu: %s: %s\n", ex.expect_stdout, strerror(errno));
			return 2;
		}
		close(fd);
	}
	uint64_t steps = ex.pct_steps;
	if (!strncmp(ex.sched, "pct", 3) && !steps) {
		steps = measure_steps(&ex, self, program);
		if (steps)
			fprintf(stderr, "explore: a round-robin run took %" PRIu64 " steps: "
					"--pct-steps %" PRIu64 "\n", steps, steps);
	}
	long total = (long)(ex.last_seed - ex.first_seed + 1);
	uint64_t next = ex.first_seed;
	double start = now_seconds();
	while (done < total) {
		for (int j = 0; j < ex.jobs && running < ex.jobs && next <= ex.last_seed; j++) {
			if (jobs[j].pid)
				continue;
			char **argv = run_argv(&ex, self, steps, next, program, seed_buf, steps_buf);
			jobs[j].seed = next++;
			if (spawn(&jobs[j], argv) < 0) {
				perror("emu: --explore");
				free(argv);
				return 2;
			}
			free(argv);
			running++;
		}
		int wstatus;
		pid_t pid = waitpid(-1, &wstatus, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			perror("emu: --explore: waitpid");
			return 2;
		}
		for (int j = 0; j < ex.jobs; j++) {
			if (jobs[j].pid != pid)
				continue;
			failures += finish(&ex, &jobs[j], wstatus, expected, expected_len, out, &nout);
			running--;
			done++;
			progress(done, total, failures, start, done == total);
		}
	}
	summary(&ex, self, steps, program, out, nout, total, now_seconds() - start);
	free(expected);
	return failures ? 1 : 0;
}
