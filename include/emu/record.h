/* Record and replay of what enters a run from outside (kernel/replay/, docs/replay.md):
 * bytes read from host streams (stdin, a host pipe or terminal), whether such a
 * stream was ready, host clock readings under --realtime, signals sent to emu from
 * outside, bytes from host sockets, and the identity of each host file read.
 *
 * Every place where such an input enters the kernel is a "query": the queries of a
 * run are numbered in the order they happen, which is deterministic as long as
 * their answers are, so the number says where in the run an answer belongs. With
 * --record the answers are written down (some only when they differ from the
 * usual one); with --replay they are taken from the recording, the host is not
 * asked, and a query the recording does not answer ends the replay's faithful part
 * with a message (divergence), after which streams read as end of file. */
#ifndef EMU_RECORD_H
#define EMU_RECORD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file;
struct guest_iov;

enum record_mode { RECORD_OFF, RECORD_ON, RECORD_REPLAY };
extern enum record_mode record_mode;

/* Kinds of events, as named in the events file. */
enum record_kind {
	REC_STREAM,  /* an inherited descriptor is a host stream (0/1) */
	REC_READ,    /* a read from a host stream: its result and bytes */
	REC_BLOCK,   /* a host stream was not ready (recorded only then) */
	REC_POLL,    /* poll of a host stream: revents */
	REC_WAIT,    /* the idle scheduler's host poll: the pids it woke */
	REC_CLOCK,   /* a host clock reading (--realtime) */
	REC_SIGNAL,  /* a signal from outside, passed on here (recorded only then) */
	REC_NET,     /* bytes from a host socket (--net=host) */
	REC_STAT,    /* fstat of a host stream or inherited descriptor: struct stat */
	REC_IOCTL,   /* a terminal ioctl on one: its result and what it filled */
	REC_EPOLL,   /* an epoll set's host descriptors: ready ones (events, data) */
	REC_CTL,     /* epoll_ctl of a host descriptor: the host's answer */
	REC_NKINDS
};

/* ---- emu/main.c ---- */
/* --record DIR: creates DIR and writes its header (argv[1..optind) are emu's
 * options, argv[optind..] the program's); 0, or -1 after a message. */
int record_open(const char *dir, int argc, char **argv, int optind);
/* --replay DIR in argv (before PROGRAM): loads DIR and rewrites the command line to
 * the recorded one (the options given here follow the recorded ones, and win), and
 * the environment to the recorded one. 1 if replaying, 0 if not, -1 after a message.
 * opts and shortopts: main's getopt tables, to tell options from the program. */
struct option;
int replay_prepare(int *argc, char ***argv, const struct option *opts, const char *shortopts);
void record_finish(void); /* at the end of the run: flushes, reports the replay */

/* ---- the log (kernel/replay/log.c) ---- */
/* Recording: writes the answer to the query being made now. */
void record_event(enum record_kind kind, int64_t value, const void *data, size_t len);
/* Replaying: the answer to the query being made now if the recording has one of
 * this kind (true; *data points at its bytes, valid while the run lasts, and *len
 * says how many), else false. A required answer that is missing is a divergence
 * (reported once). data and len may be NULL. */
bool replay_event(enum record_kind kind, bool required, int64_t *value, const void **data,
		  size_t *len);
uint64_t record_query(void);  /* counts a query; its number */
bool replay_diverged(void);   /* the replay has left the recording */

/* ---- hooks, each a no-op when record_mode is RECORD_OFF (kernel/replay/inputs.c) ---- */
/* Inherited descriptor fd (f, or NULL if closed): whether it is a stream is
 * recorded (stdin always is), and replay uses the recorded answer. */
void record_inherited(int fd, struct file *f);
/* would_block's answer for a host stream: recorded or replayed. */
bool record_would_block(struct file *f, bool write, bool (*ask)(struct file *, bool));
/* A read of a host stream: the replayed result (bytes copied into segs), or the
 * host's, recorded. */
long record_stream_read(struct file *f, const struct guest_iov *segs, int nsegs,
			long (*host_read)(struct file *, const struct guest_iov *, int));
short record_poll(struct file *f, short events, short (*ask)(struct file *, short));
/* What the world says about a file from outside (fstat, a terminal ioctl): ask
 * (f, req, buf) answers 0 or -errno and fills size bytes of buf; recorded, or on
 * replay answered from the recording without asking the host. */
typedef long file_query_fn(struct file *f, unsigned long req, void *buf);
long record_file_query(enum record_kind kind, struct file *f, unsigned long req, void *buf,
		       size_t size, file_query_fn *ask);
/* The idle scheduler's host poll (kernel/sched.c wait_for_host): ask() polls (or,
 * if all, takes every descriptor as ready), wakes the tasks whose descriptors are
 * ready, puts their pids, and the --net=host socks it woke, in woke[] (*nwoke = -1:
 * a host signal interrupted it) and returns what wait_for_host returns; replay wakes
 * the recorded ones instead (wake_host_waiter). */
typedef bool wait_host_fn(bool block, bool all, int *woke, int *nwoke, int cap);
bool record_wait_host(wait_host_fn *ask, bool block);
/* A host answer of items: ask(ctx, buf, room) returns how many (up to room) it put
 * in buf, size bytes each, or -errno; recorded, or replayed without asking. */
typedef long host_items_fn(void *ctx, void *buf, long room);
long record_host_items(enum record_kind kind, void *ctx, void *buf, long room, size_t size,
		       host_items_fn *ask);
uint64_t record_clock(int clock, uint64_t (*ask)(int)); /* a host clock reading */
bool record_skip_sleep(void);  /* replay: --realtime sleeps cost no real time */
int record_host_signal(void);  /* the next signal from outside to pass on now, or 0 */
long record_quantum(long quantum); /* replay: a quantum ends where a signal came */
/* --net=host: one answer of the host's network: ret (-errno, or what the call
 * returns) and the *len bytes the call filled at buf. With --record call it after
 * the host call; when record_net_replaying(), instead of it: it returns the recorded
 * result and puts the recorded bytes at buf (at most room; *len says how many), or,
 * past the recording's end, -ECONNRESET and no bytes. */
long record_net(long ret, void *buf, size_t *len, size_t room);
bool record_net_replaying(void); /* true: do not ask the host, call record_net */

/* ---- files (kernel/replay/files.c) ---- */
/* A host file opened for reading: its identity (size, mtime, FNV-1a hash) is
 * recorded, or compared with the recorded one (a warning when it changed). */
void record_file_opened(int host_fd, int flags);
uint64_t fnv1a64(uint64_t h, const void *data, size_t len);
#define FNV1A64_INIT 0xcbf29ce484222325ULL

#endif
