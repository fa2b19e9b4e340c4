/* Schedules as a stream of decisions (docs/schedules.md). Every choice the scheduler
 * makes goes through here: which runnable task runs next, how many blocks its
 * quantum lasts, how many single-stepped instructions follow it, and whether a task
 * gives way at a scheduling point (a system call that created or woke a task, or a
 * futex call). One source answers them all (--sched=random, rr or pct:D); the
 * answers may be written to a file (--record-schedule) and read back from one
 * (--schedule), which then overrides the source line by line. */
#include <emu/arch.h>
#include <emu/exec.h>
#include <emu/race_watch.h>
#include <emu/random.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUANTUM_BLOCKS 50000
#define TAIL_MAX 8        /* single-stepped instructions after a quantum: 0 to 7 */
#define PCT_MAX_DEPTH 64
#define PCT_DEFAULT_STEPS 1000000 /* k when neither --pct-steps nor a first run gives it */
/* random: at the i-th scheduling point of a run (one where another task could run)
 * the caller gives way with probability min(1/2, POINT_C/i): about as many times in
 * each doubling of the run (points 8-16, 16-32, ...), POINT_C ln(2) of them, and a
 * run of a million points makes only about 50 such switches. A task put on the CPU
 * while others could run gets, one time in two, a short quantum of 2^e to 2^(e+1)
 * blocks, e uniform in 0..SHORT_EXP_MAX-1, so that thread bodies of any length,
 * even a few blocks, are cut somewhere. */
#define POINT_C 4
#define SHORT_EXP_MAX 15

enum sched_kind { SCHED_RANDOM, SCHED_RR, SCHED_PCT };

static enum sched_kind kind = SCHED_RANDOM;
static int pct_depth = 3;
static uint64_t pct_steps = PCT_DEFAULT_STEPS;
static uint64_t seed;
/* the sources' own generator: the program's getrandom bytes do not depend on the
 * schedule */
static uint64_t rng_state;
/* change_point[i]: the step at which the running task's priority drops to i + 1
 * (below every initial priority); 0 once applied */
static uint64_t change_point[PCT_MAX_DEPTH];
static uint64_t next_seq;

static FILE *record;
static const struct task *gave_way; /* gave way at a point: the next pick is no news */
static bool contended; /* the last pick had two candidates or more */
static uint64_t nr_points; /* scheduling points asked with another task runnable */
static int nr_preempts; /* noted in the recording so far */
static FILE *replay;
static const char *replay_path;
static int replay_lineno;
static bool replay_ended;
/* "fallback continue": where the file has no answer that applies, the running task
 * goes on (no preemption) instead of taking the source's answer (--diagnose) */
static bool replay_continue;

/* splitmix64 over rng_state, as kernel/random.c over its own state */
static uint64_t sched_rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int sched_source_parse(const char *spec)
{
	char *end;

	if (!strcmp(spec, "random")) {
		kind = SCHED_RANDOM;
	} else if (!strcmp(spec, "rr")) {
		kind = SCHED_RR;
	} else if (!strncmp(spec, "pct", 3) && (!spec[3] || spec[3] == ':')) {
		long d = spec[3] ? strtol(spec + 4, &end, 10) : 3;
		if (spec[3] && (end == spec + 4 || *end))
			return -1;
		if (d < 1 || d > PCT_MAX_DEPTH)
			return -1;
		kind = SCHED_PCT;
		pct_depth = (int)d;
	} else {
		return -1;
	}
	return 0;
}

/* The name sched_source_parse reads back, for a schedule file's header. */
static const char *source_name(char *buf, size_t size)
{
	if (kind == SCHED_PCT)
		snprintf(buf, size, "pct:%d", pct_depth);
	else
		snprintf(buf, size, "%s", kind == SCHED_RR ? "rr" : "random");
	return buf;
}

void sched_source_seed(uint64_t s)
{
	seed = s;
}

void sched_set_pct_steps(uint64_t k)
{
	pct_steps = k ? k : 1;
}

/* A header line is at most this long: an argument or a variable escaped. */
#define HEADER_LINE_MAX (4 * 32 * 4096 + 16)

void sched_program(struct exec_request *req)
{
	sched_program_apply(req);
	if (record)
		sched_program_write(record, req);
}

/* A replayed file's header names its source, seed and k: the run must draw the
 * same numbers as the recorded one (getrandom shares the random source's
 * generator), so they replace the command line's. */
static int read_replay_header(void)
{
	static char line[HEADER_LINE_MAX];
	long pos = ftell(replay);

	while (fgets(line, sizeof line, replay)) {
		char value[128];
		uint64_t n;
		int taken;

		if (line[0] == '#' || line[0] == '\n') {
			replay_lineno++;
		} else if (sscanf(line, "sched %127s", value) == 1) {
			replay_lineno++;
			if (sched_source_parse(value) < 0) {
				fprintf(stderr, "emu: %s:%d: unknown source '%s'\n", replay_path,
					replay_lineno, value);
				return -1;
			}
		} else if (sscanf(line, "seed %" SCNu64, &n) == 1) {
			replay_lineno++;
			seed = n;
			prandom_seed(n);
		} else if (!strcmp(line, "fallback continue\n")) {
			replay_lineno++;
			replay_continue = true;
		} else if ((taken = sched_program_line(line))) {
			replay_lineno++;
			if (taken < 0) {
				fprintf(stderr, "emu: %s:%d: a string of the program's cannot be read\n",
					replay_path, replay_lineno);
				return -1;
			}
		} else if (!strcmp(line, "watch accesses\n")) {
			replay_lineno++;
			race_watch_enable();
		} else if (sscanf(line, "pct-steps %" SCNu64, &n) == 1) {
			replay_lineno++;
			sched_set_pct_steps(n);
		} else {
			break;
		}
		pos = ftell(replay);
	}
	fseek(replay, pos, SEEK_SET);
	return 0;
}

int sched_replay_open(const char *path)
{
	replay = fopen(path, "r");
	if (!replay) {
		fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
		return -1;
	}
	replay_path = path;
	return read_replay_header();
}

int sched_record_open(const char *path)
{
	record = fopen(path, "w");
	if (!record) {
		fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

void sched_source_start(void)
{
	char name[32];

	rng_state = seed ^ 0x5ced5ced5ced5cedULL;
	/* the paper's d-1 change points, each a step drawn from 1..k */
	for (int i = 0; kind == SCHED_PCT && i < pct_depth - 1; i++)
		change_point[i] = 1 + sched_rng() % pct_steps;
	if (!record)
		return;
	fprintf(record, "# emu schedule v1: one decision a line, in the order the scheduler "
			"asked (docs/schedules.md)\n");
	fprintf(record, "sched %s\nseed %" PRIu64 "\n", source_name(name, sizeof name), seed);
	if (kind == SCHED_PCT)
		fprintf(record, "pct-steps %" PRIu64 "\n", pct_steps);
}

void sched_record_comment(const char *fmt, ...)
{
	va_list ap;

	if (!record)
		return;
	fputs("# ", record);
	va_start(ap, fmt);
	vfprintf(record, fmt, ap);
	va_end(ap);
	fputc('\n', record);
}

void sched_source_finish(void)
{
	race_watch_finish();
	if (record) {
		fprintf(record, "# steps %" PRIu64 "\n", cpu_blocks());
		fclose(record);
		record = NULL;
	}
	if (replay) {
		fclose(replay);
		replay = NULL;
	}
}

/* PCT: distinct random priorities, all above the change points' 1..d-1. The low
 * bits are the creation order, which makes them distinct. */
void sched_source_task_new(struct task *t)
{
	race_watch_task_new(t);
	t->sched_prio = ((sched_rng() >> 24) + 1) << 24 | (next_seq++ & 0xffffff);
}

/* The next decision line of a replayed file, if it is one of what; NULL at its
 * end. A line of another kind is reported and passed over. */
static const char *replay_next(const char *what, char *line, size_t size)
{
	while (replay && fgets(line, (int)size, replay)) {
		size_t len = strlen(what);

		replay_lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		if (!strncmp(line, what, len) && line[len] == ' ')
			return line + len + 1;
		fprintf(stderr, "emu: %s:%d: '%s' where the scheduler asks for a %s: skipped\n",
			replay_path, replay_lineno, line, what);
		return NULL;
	}
	if (replay && !replay_ended) {
		replay_ended = true;
		fprintf(stderr, "emu: %s: the schedule ends at line %d; the rest of the run "
				"takes the default choices\n", replay_path, replay_lineno);
	}
	return NULL;
}

/* A number from the replayed file for what, within lo..hi; else def. */
static uint64_t replay_number(const char *what, uint64_t def, uint64_t lo, uint64_t hi)
{
	char line[512], *end;
	const char *arg = replay_next(what, line, sizeof line);

	if (!arg)
		return def;
	uint64_t n = strtoull(arg, &end, 10);
	if (end == arg || n < lo || n > hi) {
		fprintf(stderr, "emu: %s:%d: '%s': not a %s from %" PRIu64 " to %" PRIu64
				": skipped\n", replay_path, replay_lineno, line, what, lo, hi);
		return def;
	}
	return n;
}

/* The task that just ran passed a change point: its priority drops below all. */
static void pct_apply_change_points(struct task *prev)
{
	uint64_t now = cpu_blocks();

	for (int i = 0; i < pct_depth - 1; i++) {
		if (change_point[i] && change_point[i] <= now) {
			change_point[i] = 0;
			if (prev)
				prev->sched_prio = (uint64_t)i + 1;
		}
	}
}

static int pct_highest(struct task *const *cand, int n)
{
	int best = 0;

	for (int i = 1; i < n; i++)
		if (cand[i]->sched_prio > cand[best]->sched_prio)
			best = i;
	return best;
}

/* For the reader and --diagnose: t is preempted; where it stands, as " at RIP:
 * INSTRUCTION". Loads t's registers and address space; only a recording run asks. */
static void record_where(struct task *t)
{
	struct pt_regs regs;
	char insn[96];

	race_watch_preempted(t, ++nr_preempts);
	switch_to(t);
	switch_mm(t->mm);
	cpu_get_regs(&regs);
	fprintf(record, " at %#" PRIx64 ": %s", regs.rip, cpu_disasm(regs.rip, insn, sizeof insn));
}

static bool is_candidate(const struct task *t, struct task *const *cand, int n)
{
	for (int i = 0; i < n; i++)
		if (cand[i] == t)
			return true;
	return false;
}

/* random: uniform among the candidates; after prev gave way at a point, among the
 * others (prev, when it is a candidate, is the last one). */
static int random_pick(const struct task *prev, bool after_point, struct task *const *cand, int n)
{
	if (after_point && cand[n - 1] == prev)
		n--;
	return (int)(sched_rng() % (uint64_t)n);
}

struct task *sched_choose(struct task *prev, struct task *const *cand, int n)
{
	bool after_point = prev && prev == gave_way;
	int i = 0;

	gave_way = NULL;
	if (kind == SCHED_PCT)
		pct_apply_change_points(prev);
	contended = n >= 2;
	if (n < 2)
		return n ? cand[0] : NULL;
	if (kind == SCHED_RANDOM)
		i = random_pick(prev, after_point, cand, n);
	else if (kind == SCHED_PCT)
		i = pct_highest(cand, n);
	if (replay) {
		char line[512];
		const char *arg = replay_next("pick", line, sizeof line);
		int pid = arg ? atoi(arg) : 0, j;

		for (j = 0; arg && j < n && cand[j]->pid != pid; j++)
			;
		if (arg && j == n)
			fprintf(stderr, "emu: %s:%d: '%s': pid %d cannot run now: skipped\n",
				replay_path, replay_lineno, line, pid);
		if (arg && j < n)
			i = j;
		else if (replay_continue && prev && is_candidate(prev, cand, n))
			for (i = 0; cand[i] != prev; i++)
				;
	}
	if (record) {
		fprintf(record, "pick %d from", cand[i]->pid);
		for (int j = 0; j < n; j++)
			fprintf(record, " %d", cand[j]->pid);
		/* the task that ran could go on and another was chosen: a preemption */
		if (prev && !after_point && cand[i] != prev && is_candidate(prev, cand, n)) {
			fprintf(record, " # preempts %d", prev->pid);
			record_where(prev);
		}
		fputc('\n', record);
	}
	return cand[i];
}

long sched_quantum(void)
{
	uint64_t q = QUANTUM_BLOCKS;

	if (kind == SCHED_RANDOM) {
		/* --seed varies the quantum so that races show different interleavings */
		q = QUANTUM_BLOCKS / 2 + sched_rng() % QUANTUM_BLOCKS;
		if (contended && sched_rng() % 2) {
			uint64_t e = sched_rng() % SHORT_EXP_MAX;
			q = (1ULL << e) + sched_rng() % (1ULL << e);
		}
	} else if (kind == SCHED_PCT) {
		/* the quantum ends at the next change point, so that it falls on its step */
		uint64_t now = cpu_blocks();
		for (int i = 0; i < pct_depth - 1; i++)
			if (change_point[i] > now && change_point[i] - now < q)
				q = change_point[i] - now;
	}
	if (replay)
		q = replay_number("quantum", q, 1, UINT32_MAX);
	if (record)
		fprintf(record, "quantum %" PRIu64 "\n", q);
	return (long)q;
}

/* How many single instructions run past the quantum's last block: preemption may
 * then fall between any two instructions, not only at block boundaries, so that
 * a read-modify-write that is one block can be interrupted (a race can show). */
int sched_quantum_tail(void)
{
	uint64_t steps = 0;

	if (kind != SCHED_RR)
		steps = sched_rng() % TAIL_MAX;
	if (replay)
		steps = replay_number("tail", steps, 0, 1000);
	if (record)
		fprintf(record, "tail %" PRIu64 "\n", steps);
	return (int)steps;
}

/* PCT: another runnable task has a higher priority than t. */
static bool cand_outranks(const struct task *t, struct task *const *others, int n)
{
	for (int i = 0; i < n; i++)
		if (others[i]->sched_prio > t->sched_prio)
			return true;
	return false;
}

/* random: give way at this point? (see POINT_C) */
static bool random_point(void)
{
	uint64_t i = ++nr_points;

	return sched_rng() % (i > 2 * POINT_C ? i : 2 * POINT_C) < POINT_C;
}

bool sched_source_point(struct task *t, struct task *const *others, int n)
{
	bool yield = false;

	if (!n)
		return false;
	/* rr switches only when a quantum ends */
	if (kind == SCHED_PCT)
		yield = cand_outranks(t, others, n);
	else if (kind == SCHED_RANDOM)
		yield = random_point();
	if (replay)
		yield = replay_number("point", replay_continue ? 0 : yield, 0, 1);
	if (yield)
		gave_way = t;
	if (record) {
		fprintf(record, "point %d", yield);
		if (yield) {
			fprintf(record, " # preempts %d", t->pid);
			record_where(t);
		}
		fputc('\n', record);
	}
	return yield;
}
