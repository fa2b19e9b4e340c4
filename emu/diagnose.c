/* emu --diagnose FILE PROGRAM ARGS: which preemptions of a failing schedule matter.
 * A recorded schedule notes each preemption ("# preempts PID at RIP: INSN": a pick
 * that passed over a task that could go on, or a point where a task gave way).
 * Delta debugging (Zeller's ddmin) drops preemptions, each candidate replayed with
 * --schedule as its own emu process, as long as the run still ends with the same
 * status and stdout; the preemptions left are printed with the function that the
 * ELF symbol table puts around each one. */
#include <emu/explore.h>
#include <emu/symbols.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TESTS 300 /* replays ddmin may make */

struct schedule {
	char **lines;
	int n;
	int *preempt; /* the lines that are preemptions */
	int npreempt;
};

struct target {
	const char *self;
	char **program;
	int status;     /* the outcome to keep */
	char *out;
	size_t out_len;
	const char *path; /* where candidates are written */
	int tests;
};

static int read_schedule(const char *path, struct schedule *s)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;

	if (!f)
		return -1;
	*s = (struct schedule){ 0 };
	while (getline(&line, &size, f) >= 0) { /* an env line may be long */
		line[strcspn(line, "\n")] = '\0';
		s->lines = realloc(s->lines, (size_t)(s->n + 1) * sizeof *s->lines);
		s->preempt = realloc(s->preempt, (size_t)(s->n + 1) * sizeof *s->preempt);
		if (strstr(line, " # preempts "))
			s->preempt[s->npreempt++] = s->n;
		s->lines[s->n++] = strdup(line);
	}
	free(line);
	fclose(f);
	return 0;
}

static void free_schedule(struct schedule *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s->preempt);
}

static bool is_decision(const char *line, const char *what)
{
	return !strncmp(line, what, strlen(what)) && line[strlen(what)] == ' ';
}

/* The schedule with only the preemptions in keep[] (a flag per preemption): a
 * dropped pick lets the preempted task go on; a dropped point lets it go on too, and
 * the pick and quantum that followed the point are no longer asked for. */
static int write_candidate(const struct schedule *s, const bool *keep, const char *path,
			   bool watch)
{
	FILE *f = fopen(path, "w");
	int skip_pick = 0, skip_quantum = 0;

	if (!f)
		return -1;
	fputs("fallback continue\n", f); /* what no longer applies does not preempt */
	if (watch)
		fputs("watch accesses\n", f); /* the racing accesses, noted in the recording */
	for (int i = 0, p = 0; i < s->n; i++) {
		const char *line = s->lines[i];
		bool is_preempt = p < s->npreempt && s->preempt[p] == i;
		bool kept = is_preempt ? keep[p++] : true;

		if (skip_pick && is_decision(line, "pick")) {
			skip_pick = 0;
			continue;
		}
		if (skip_quantum && is_decision(line, "quantum")) {
			skip_quantum = 0;
			continue;
		}
		if (kept) {
			fprintf(f, "%s\n", line);
		} else if (is_decision(line, "pick")) {
			fprintf(f, "pick %d\n", atoi(strstr(line, " # preempts ") + 12));
		} else {
			fputs("point 0\n", f);
			skip_pick = skip_quantum = 1;
		}
	}
	return fclose(f);
}

/* Replays path under emu: the same status and stdout as the target? */
static bool still_fails(struct target *t, const char *path)
{
	int n = 0, status;
	char *out;
	size_t len;

	while (t->program[n])
		n++;
	char **argv = calloc((size_t)n + 4, sizeof *argv);
	argv[0] = (char *)t->self;
	argv[1] = "--schedule";
	argv[2] = (char *)path;
	memcpy(argv + 3, t->program, (size_t)n * sizeof *argv);
	t->tests++;
	bool same = explore_run(argv, &status, &out, &len) == 0 && status == t->status &&
		    len == t->out_len && !memcmp(out, t->out, len);
	free(out);
	free(argv);
	return same;
}

static bool test_subset(struct target *t, const struct schedule *s, const int *set, int n)
{
	bool *keep = calloc((size_t)s->npreempt + 1, sizeof *keep);

	for (int i = 0; i < n; i++)
		keep[set[i]] = true;
	bool fails = write_candidate(s, keep, t->path, false) == 0 && still_fails(t, t->path);
	free(keep);
	return fails;
}

/* ddmin: a 1-minimal subset of set[0..n) (preemption indices) that keeps the
 * failure, in place; its size. Stops early after MAX_TESTS replays. */
static int ddmin(struct target *t, const struct schedule *s, int *set, int n)
{
	int *sub = malloc(((size_t)n + 1) * sizeof *sub), chunks = 2;

	if (test_subset(t, s, set, 0)) {
		free(sub);
		return 0;
	}
	while (n >= 2 && t->tests < MAX_TESTS) {
		bool reduced = false;
		for (int c = 0; c < chunks && !reduced; c++) {
			int lo = n * c / chunks, hi = n * (c + 1) / chunks, m = 0;
			for (int i = lo; i < hi; i++) /* the chunk alone */
				sub[m++] = set[i];
			if (test_subset(t, s, sub, m)) {
				memcpy(set, sub, (size_t)m * sizeof *set);
				n = m;
				chunks = 2;
				reduced = true;
				break;
			}
			m = 0;
			for (int i = 0; i < n; i++) /* everything but the chunk */
				if (i < lo || i >= hi)
					sub[m++] = set[i];
			if (chunks > 2 && test_subset(t, s, sub, m)) {
				memcpy(set, sub, (size_t)m * sizeof *set);
				n = m;
				chunks = chunks - 1 > 2 ? chunks - 1 : 2;
				reduced = true;
			}
		}
		if (!reduced) {
			if (chunks >= n)
				break;
			chunks = chunks * 2 < n ? chunks * 2 : n;
		}
	}
	free(sub);
	return n;
}

/* "name+0xoff file.c:14" for code at addr, or "name+0xoff" without a line. */
static const char *where(struct symbols *sym, uint64_t addr, char *buf, size_t size)
{
	char fn[160], line[160];

	symbol_at(sym, addr, fn, sizeof fn);
	source_line(sym, addr, line, sizeof line);
	snprintf(buf, size, "%s%s%s", fn, line[0] ? " " : "", line);
	return buf;
}

/* The racing accesses the watched replay noted for preemption n ("# access N WHEN:
 * pid PID wrote|read ADDR SIZE at RIP xCOUNT", kernel/race_watch.c), in code with
 * a source line (with_line) or without; at most max printed, the number left out
 * counted in *hidden. Returns how many were printed. */
static int print_accesses(const struct schedule *s, int n, struct symbols *sym, bool with_line,
			  int max, int *hidden)
{
	int shown = 0;

	for (int i = 0; i < s->n; i++) {
		char when[16], kind[16], obj[160], at[400], line[160];
		int num, pid, size;
		uint64_t addr, rip, count;

		if (sscanf(s->lines[i], "# access %d %15[a-z]: pid %d %15s %" SCNx64 " %d at %" SCNx64
				" x%" SCNu64, &num, when, &pid, kind, &addr, &size, &rip, &count) != 8 ||
		    num != n || !source_line(sym, rip, line, sizeof line)[0] != !with_line)
			continue;
		if (shown == max) {
			(*hidden)++;
			continue;
		}
		shown++;
		printf("       pid %d %s %s (%#" PRIx64 ") at %s", pid, kind,
		       symbol_at(sym, addr, obj, sizeof obj), addr, where(sym, rip, at, sizeof at));
		if (count > 1)
			printf(", %" PRIu64 " times", count);
		printf("%s\n", !strcmp(when, "before") ? ", before the preemption"
				: !strcmp(when, "after") ? ", when it ran again" : ", meanwhile");
	}
	return shown;
}

/* Those in the program's own code (with source lines) first: the rest is mostly the
 * C library's synchronization; shown only when nothing has a line. */
static void print_race(const struct schedule *s, int n, struct symbols *sym)
{
	int hidden = 0;

	if (!print_accesses(s, n, sym, true, s->n, &hidden))
		print_accesses(s, n, sym, false, 8, &hidden);
	else
		print_accesses(s, n, sym, false, 0, &hidden);
	if (hidden)
		printf("       and %d more in code without source lines (in the .min file)\n", hidden);
}

/* The preemptions a recorded schedule notes, one a line, with their functions and
 * source lines, and the accesses that race around each. */
static void print_preemptions(const struct schedule *s, const char *elf_path)
{
	struct symbols *sym = symbols_open(elf_path);

	for (int p = 0; p < s->npreempt; p++) {
		const char *line = s->lines[s->preempt[p]];
		const char *note = strstr(line, " # preempts ") + 12;
		int pid = atoi(note);
		uint64_t rip = 0;
		char at[400], insn[128] = "";
		const char *at_rip = strstr(note, " at ");

		if (at_rip)
			sscanf(at_rip, " at %" SCNx64 ": %127[^\n]", &rip, insn);
		printf("  %d. line %d, %.*s: pid %d preempted at %#" PRIx64 " <%s>: %s\n", p + 1,
		       s->preempt[p] + 1, (int)strcspn(line, " "), line, pid, rip,
		       where(sym, rip, at, sizeof at), insn);
		print_race(s, p + 1, sym);
	}
	symbols_close(sym);
}

/* Runs program under schedule with --record-schedule record: the outcome. */
static int record_run(struct target *t, const char *schedule, const char *record)
{
	int n = 0;

	while (t->program[n])
		n++;
	char **argv = calloc((size_t)n + 6, sizeof *argv);
	argv[0] = (char *)t->self;
	argv[1] = "--schedule";
	argv[2] = (char *)schedule;
	argv[3] = "--record-schedule";
	argv[4] = (char *)record;
	memcpy(argv + 5, t->program, (size_t)n * sizeof *argv);
	int err = explore_run(argv, &t->status, &t->out, &t->out_len);
	free(argv);
	return err;
}

int diagnose(const char *file, const char *self, char **program)
{
	char base[] = "/tmp/emu-diagnose-XXXXXX", cand[] = "/tmp/emu-diagnose-XXXXXX";
	struct target t = { .self = self, .program = program, .path = cand };
	struct schedule s, min;
	int fd1 = mkstemp(base), fd2 = mkstemp(cand), ret = 2;

	if (!program[0] || fd1 < 0 || fd2 < 0) {
		fputs("emu: --diagnose FILE PROGRAM [ARGS...]\n", stderr);
		return 2;
	}
	close(fd1);
	close(fd2);
	/* the file as it replays now, with every preemption noted */
	if (record_run(&t, file, base) < 0 || read_schedule(base, &s) < 0) {
		fprintf(stderr, "emu: --diagnose: cannot replay %s\n", file);
		goto out;
	}
	printf("diagnose: %s replays with status %d and %zu bytes of stdout; %d preemptions\n",
	       file, t.status, t.out_len, s.npreempt);
	int *set = malloc(((size_t)s.npreempt + 1) * sizeof *set);
	for (int i = 0; i < s.npreempt; i++)
		set[i] = i;
	int n = ddmin(&t, &s, set, s.npreempt);
	bool *keep = calloc((size_t)s.npreempt + 1, sizeof *keep);
	for (int i = 0; i < n; i++)
		keep[set[i]] = true;
	char min_path[4096];
	snprintf(min_path, sizeof min_path, "%s.min", file);
	free(t.out);
	t.out = NULL;
	if (write_candidate(&s, keep, cand, true) < 0 || record_run(&t, cand, min_path) < 0 ||
	    read_schedule(min_path, &min) < 0) {
		fprintf(stderr, "emu: --diagnose: cannot write %s\n", min_path);
	} else {
		printf("diagnose: %d replays; %d of its %d preemptions keep the outcome; the shrunk run "
		       "(status %d) preempts %d times:\n", t.tests, n, s.npreempt, t.status,
		       min.npreempt);
		print_preemptions(&min, program[0]);
		printf("diagnose: replay it with: %s --schedule %s", self, min_path);
		for (char **a = program; *a; a++)
			printf(" %s", *a);
		putchar('\n');
		free_schedule(&min);
		ret = 0;
	}
	free(keep);
	free(set);
	free_schedule(&s);
out:
	free(t.out);
	unlink(base);
	unlink(cand);
	return ret;
}
