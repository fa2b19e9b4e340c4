/* Inside the record/replay subsystem (kernel/replay/): the log, the header and the
 * file identities share these; the rest of the kernel uses <emu/record.h>. */
#ifndef EMU_REPLAY_INTERNAL_H
#define EMU_REPLAY_INTERNAL_H
#include <emu/record.h>
#include <stdio.h>

/* One answer of the recording, as loaded for replay. */
struct record_event {
	uint64_t q, syscalls, steps; /* the query's number, and where the run was */
	int64_t value;
	int kind, pid;
	size_t off, len;             /* its bytes in DIR/data */
};

/* record_event with the point's step count given: a signal's is where it cut the
 * quantum (cpu_quantum_cut), not where the scheduler passed it on. */
void record_event_at(enum record_kind kind, uint64_t steps, int64_t value, const void *bytes,
		     size_t len);
int log_create(const char *dir);  /* DIR/events and DIR/data for writing; 0 or -1 */
int log_load(const char *dir);    /* both, read whole for replay; 0 or -1 */
void log_close(void);             /* flushes; reports what the replay left unused */
/* The replay leaves the recording here: says why, once; streams read EOF from now. */
void replay_diverge(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The next signal event still ahead of the replay, or NULL. */
const struct record_event *replay_next_signal(void);
int files_create(const char *dir);
int files_load(const char *dir);
void files_close(void);
/* path joined to dir in buf; NULL if too long */
char *replay_path(char *buf, size_t size, const char *dir, const char *name);
/* One line's text with \\, \n and other control bytes escaped, and back. */
void fput_escaped(FILE *out, const char *s);
char *unescape(const char *s); /* malloc'd */

#endif
