/* The recording's log of answers (docs/replay.md): DIR/events has one line per
 * answer, "Q KIND PID SYSCALLS STEPS VALUE LEN", and DIR/data the LEN bytes of each,
 * one after another. Q numbers the run's queries (record_query); PID, SYSCALLS
 * (the run's system calls so far) and STEPS (translated blocks so far) say where
 * the run was, for the messages. Replay loads both whole: recordings are small. */
#include <emu/arch.h>
#include <emu/replay.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum record_mode record_mode;

static const char *const kind_names[REC_NKINDS] = {
	[REC_STREAM] = "stream", [REC_READ] = "read", [REC_BLOCK] = "block",
	[REC_POLL] = "poll", [REC_WAIT] = "wait", [REC_CLOCK] = "clock",
	[REC_SIGNAL] = "signal", [REC_NET] = "net", [REC_STAT] = "stat", [REC_IOCTL] = "ioctl",
	[REC_EPOLL] = "epoll", [REC_CTL] = "epoll_ctl",
};

static uint64_t nr_queries;
static FILE *events_out, *data_out;
static struct record_event *events;
static size_t nr_events, cursor, next_signal;
static unsigned char *data;
static size_t data_size;
static bool diverged;

char *replay_path(char *buf, size_t size, const char *dir, const char *name)
{
	return (size_t)snprintf(buf, size, "%s/%s", dir, name) < size ? buf : NULL;
}

uint64_t record_query(void)
{
	return ++nr_queries;
}

bool replay_diverged(void)
{
	return diverged;
}

static int kind_of(const char *name)
{
	for (int k = 0; k < REC_NKINDS; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

int log_create(const char *dir)
{
	char path[4096];

	if (!replay_path(path, sizeof path, dir, "events") || !(events_out = fopen(path, "w")))
		return -1;
	if (!replay_path(path, sizeof path, dir, "data") || !(data_out = fopen(path, "w")))
		return -1;
	setvbuf(events_out, NULL, _IOFBF, 1 << 16);
	return 0;
}

void record_event_at(enum record_kind kind, uint64_t steps, int64_t value, const void *bytes,
		     size_t len)
{
	if (!events_out)
		return;
	fprintf(events_out, "%" PRIu64 " %s %d %" PRIu64 " %" PRIu64 " %" PRId64 " %zu\n",
		nr_queries, kind_names[kind], current ? current->pid : 0, ktime_nr_syscalls(),
		steps, value, len);
	if (len)
		fwrite(bytes, 1, len, data_out);
}

void record_event(enum record_kind kind, int64_t value, const void *bytes, size_t len)
{
	record_event_at(kind, cpu_blocks(), value, bytes, len);
}

/* DIR/data, whole. */
static int load_data(const char *dir)
{
	char path[4096];
	FILE *in = replay_path(path, sizeof path, dir, "data") ? fopen(path, "r") : NULL;
	size_t cap = 0, n;

	if (!in)
		return -1;
	do {
		if (data_size == cap && !(data = realloc(data, cap = cap ? 2 * cap : 1 << 16)))
			abort();
		n = fread(data + data_size, 1, cap - data_size, in);
		data_size += n;
	} while (n);
	fclose(in);
	return 0;
}

static int parse_event(const char *line, struct record_event *e, size_t *off)
{
	char kind[16];

	if (sscanf(line, "%" SCNu64 " %15s %d %" SCNu64 " %" SCNu64 " %" SCNd64 " %zu", &e->q, kind,
		   &e->pid, &e->syscalls, &e->steps, &e->value, &e->len) != 7 ||
	    (e->kind = kind_of(kind)) < 0 || e->len > data_size - *off)
		return -1;
	e->off = *off;
	*off += e->len;
	return 0;
}

int log_load(const char *dir)
{
	char path[4096], line[256];
	size_t cap = 0, off = 0, lineno = 0;
	FILE *in;

	if (load_data(dir) < 0 || !replay_path(path, sizeof path, dir, "events") ||
	    !(in = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, in)) {
		lineno++;
		if (nr_events == cap && !(events = realloc(events, (cap = cap ? 2 * cap : 256) * sizeof *events)))
			abort();
		if (parse_event(line, &events[nr_events], &off) < 0 ||
		    (nr_events && events[nr_events].q < events[nr_events - 1].q)) {
			fprintf(stderr, "emu: --replay: %s, line %zu: not an event of emu's\n", path, lineno);
			fclose(in);
			return -1;
		}
		nr_events++;
	}
	fclose(in);
	replay_next_signal();
	return 0;
}

void replay_diverge(const char *fmt, ...)
{
	va_list ap;

	if (diverged)
		return;
	diverged = true;
	fprintf(stderr, "replay: the run leaves the recording at pid %d, system call %" PRIu64
		", step %" PRIu64 ": ", current ? current->pid : 0, ktime_nr_syscalls(), cpu_blocks());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; from here on host streams read as end of file\n", stderr);
}

static void diverge_at(const struct record_event *e, enum record_kind kind)
{
	if (!e)
		replay_diverge("it asks for %s after the recording's end", kind_names[kind]);
	else
		replay_diverge("it asks for %s where the recording has %s (its %s was at pid %d, "
			       "system call %" PRIu64 ", step %" PRIu64 ")", kind_names[kind],
			       e->q == nr_queries ? kind_names[e->kind] : "nothing",
			       kind_names[e->kind], e->pid, e->syscalls, e->steps);
}

bool replay_event(enum record_kind kind, bool required, int64_t *value, const void **bytes,
		  size_t *len)
{
	const struct record_event *e = cursor < nr_events ? &events[cursor] : NULL;

	if (diverged)
		return false;
	/* an answer the run went past, or one of another kind here */
	if (e && (e->q < nr_queries || (e->q == nr_queries && e->kind != (int)kind))) {
		diverge_at(e, kind);
		return false;
	}
	if (!e || e->q != nr_queries) {
		if (required)
			diverge_at(e, kind);
		return false;
	}
	*value = e->value;
	if (len)
		*len = e->len;
	if (bytes)
		*bytes = data + e->off;
	cursor++;
	return true;
}

const struct record_event *replay_next_signal(void)
{
	if (next_signal < cursor)
		next_signal = cursor;
	while (next_signal < nr_events && events[next_signal].kind != REC_SIGNAL)
		next_signal++;
	return next_signal < nr_events && !diverged ? &events[next_signal] : NULL;
}

void log_close(void)
{
	if (events_out && (fclose(events_out) | fclose(data_out)))
		fputs("emu: --record: the recording could not be written\n", stderr);
	events_out = data_out = NULL;
	if (record_mode == RECORD_REPLAY && !diverged && cursor < nr_events)
		fprintf(stderr, "replay: the run ended before the recording did: %zu of its %zu "
			"events were not used\n", nr_events - cursor, nr_events);
	free(events);
	free(data);
	events = NULL;
	data = NULL;
}
