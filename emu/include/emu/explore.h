/* emu --explore N: one program under many schedules, each run a separate emu
 * process (emu/explore.c). */
#ifndef EMU_EXPLORE_H
#define EMU_EXPLORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct explore_options {
	long runs;                 /* --explore N: seeds 1 to N */
	int jobs;                  /* --jobs J: runs at a time */
	bool seeds_given;          /* --seeds A-B: these seeds instead */
	uint64_t first_seed, last_seed;
	int expect_status;         /* --expect-status X (default 0) */
	const char *expect_stdout; /* --expect-stdout FILE: its bytes exactly */
	const char *sched;         /* --sched, passed on */
	uint64_t pct_steps;        /* --pct-steps, passed on; 0: measured by a first run */
	const char *run_timeout;   /* --run-timeout, passed on; NULL: EXPLORE_RUN_TIMEOUT */
};

/* One of --explore's options (getopt's letter and argument); 0, or -1 reported. */
int explore_option(struct explore_options *ex, int opt, const char *arg);
/* Runs program (argv-style, NULL-terminated) under every seed, prints a summary on
 * stdout and progress on stderr. Returns 0 if no run failed, 1 if one did, 2 if
 * the runs could not be made. self: emu as it was invoked, for the replay lines. */
int explore(const struct explore_options *ex, const char *self, char **program);
/* Runs emu with argv (argv[0] shown, /proc/self/exe run), stdin from /dev/null,
 * stderr dropped: its status as a shell shows it and its stdout (malloc'd). 0, or
 * -1 if it could not be run. */
int explore_run(char **argv, int *status, char **out, size_t *out_len);

/* emu --diagnose FILE PROGRAM ARGS (emu/diagnose.c): shrinks the preemptions of the
 * schedule in FILE, keeping the run's outcome (status and stdout), by delta
 * debugging, and prints those left with their instruction and function. Writes the
 * shrunk schedule to FILE.min. 0, or 2 if it could not. */
int diagnose(const char *file, const char *self, char **program);

#endif
