/* Where the outside enters the kernel. Each hook is one query (record_query): with
 * --record it asks the host and writes the answer down, with --replay it answers
 * from the recording and leaves the host alone (stdin is never read), and once a
 * replay has left the recording it gives the answers that end the run quietly:
 * streams at end of file, every descriptor ready, the host's clocks. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/replay.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

/* A recorded result as a system call returns it: -errno, or at most max (the bytes
 * or items the recording holds for it); anything else is a damaged recording. */
static bool result_ok(int64_t v, int64_t max)
{
	if (v >= -4095 && v <= max)
		return true;
	replay_diverge("the recording is damaged (a result of %" PRId64 ")", v);
	return false;
}

void record_inherited(int fd, struct file *f)
{
	int64_t stream;

	if (record_mode == RECORD_OFF)
		return;
	record_query();
	if (f)
		f->from_outside = true;
	if (record_mode == RECORD_ON) {
		if (f && fd == 0)
			f->may_block = true; /* stdin is input even when it is a file */
		record_event(REC_STREAM, f ? f->may_block : -1, NULL, 0);
	} else if (replay_event(REC_STREAM, true, &stream, NULL, NULL) && f && stream >= 0) {
		f->may_block = stream > 0;
	}
}

bool record_would_block(struct file *f, bool write, bool (*ask)(struct file *, bool))
{
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ask(f, write);
	record_query();
	if (record_mode == RECORD_REPLAY)
		return replay_event(REC_BLOCK, false, &v, NULL, NULL);
	if (!ask(f, write))
		return false;
	record_event(REC_BLOCK, 1, NULL, 0);
	return true;
}

/* The bytes a read put into segs, gathered to be recorded. */
static void record_read_bytes(const struct guest_iov *segs, int nsegs, long r)
{
	char *buf = malloc(r > 0 ? r : 1), *p = buf;
	long left = r;

	if (!buf)
		abort();
	for (int i = 0; i < nsegs && left > 0; i++) {
		size_t n = segs[i].len < (uint64_t)left ? segs[i].len : (size_t)left;
		if (copy_from_user(p, segs[i].base, n))
			memset(p, 0, n);
		p += n;
		left -= n;
	}
	record_event(REC_READ, r, buf, r > 0 ? r : 0);
	free(buf);
}

static long replay_read(const struct guest_iov *segs, int nsegs)
{
	const char *p;
	size_t len, room = 0;
	int64_t r;

	if (!replay_event(REC_READ, true, &r, (const void **)&p, &len))
		return 0; /* the recording has no more: end of file */
	for (int i = 0; i < nsegs; i++)
		room += segs[i].len;
	if (!result_ok(r, (int64_t)(len < room ? len : room)))
		return 0;
	for (int i = 0; i < nsegs && len; i++) {
		size_t n = segs[i].len < len ? segs[i].len : len;
		if (copy_to_user(segs[i].base, p, n))
			return -EFAULT;
		p += n;
		len -= n;
	}
	return r;
}

long record_stream_read(struct file *f, const struct guest_iov *segs, int nsegs,
			long (*host_read)(struct file *, const struct guest_iov *, int))
{
	if (record_mode == RECORD_OFF)
		return host_read(f, segs, nsegs);
	record_query();
	if (record_mode == RECORD_REPLAY)
		return replay_read(segs, nsegs);
	long r = host_read(f, segs, nsegs);
	record_read_bytes(segs, nsegs, r);
	return r;
}

short record_poll(struct file *f, short events, short (*ask)(struct file *, short))
{
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ask(f, events);
	record_query();
	if (record_mode == RECORD_REPLAY) {
		if (replay_event(REC_POLL, false, &v, NULL, NULL))
			return (short)v;
		/* nothing recorded: nothing was ready; or left the recording: ready, at EOF */
		return replay_diverged() ? events & (POLLIN | POLLOUT) : 0;
	}
	short revents = ask(f, events);
	if (revents) /* a program that polls in a loop mostly finds nothing: not kept */
		record_event(REC_POLL, revents, NULL, 0);
	return revents;
}

long record_file_query(enum record_kind kind, struct file *f, unsigned long req, void *buf,
		       size_t size, file_query_fn *ask)
{
	const void *bytes;
	size_t len;
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ask(f, req, buf);
	record_query();
	if (record_mode == RECORD_REPLAY) {
		if (!replay_event(kind, true, &v, &bytes, &len) || !result_ok(v, 0))
			return ask(f, req, buf);
		memcpy(buf, bytes, len < size ? len : size);
		if (len < size)
			memset((char *)buf + len, 0, size - len);
		return v;
	}
	long r = ask(f, req, buf);
	record_event(kind, r, r ? NULL : buf, r ? 0 : size);
	return r;
}

long record_host_items(enum record_kind kind, void *ctx, void *buf, long room, size_t size,
		       host_items_fn *ask)
{
	const void *bytes;
	size_t len;
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ask(ctx, buf, room);
	record_query();
	if (record_mode == RECORD_REPLAY) {
		if (replay_event(kind, false, &v, &bytes, &len)) {
			int64_t max = size ? (int64_t)(len / size < (size_t)room ? len / size : (size_t)room) : 1;
			if (!result_ok(v, max))
				return 0;
			memcpy(buf, bytes, v > 0 ? v * size : 0);
			return v;
		}
		return replay_diverged() ? ask(ctx, buf, room) : 0; /* 0: none was ready */
	}
	long n = ask(ctx, buf, room);
	if (n) /* none ready, the usual answer, is not kept */
		record_event(kind, n, buf, n > 0 ? n * size : 0);
	return n;
}

#define WAIT_MAX 256

/* After the replay left the recording: the first time, every waiter wakes (its
 * stream is at end of file now); after that the host is asked, without waiting,
 * so that a waiter that finds nothing (an epoll of the host's) neither spins nor
 * hangs: the run goes on, or ends as a deadlock, reported. */
static bool wait_host_diverged(wait_host_fn *ask)
{
	static bool woke_all;
	int woke[WAIT_MAX], n;
	bool all = !woke_all;

	woke_all = true;
	return ask(false, all, woke, &n, WAIT_MAX);
}

static bool replay_wait_host(wait_host_fn *ask, bool block)
{
	const char *pids; /* 32-bit pids and socks (wake_host_waiter), not aligned in DIR/data */
	size_t len;
	int64_t v;

	if (replay_diverged())
		return wait_host_diverged(ask);
	if (!replay_event(REC_WAIT, block, &v, (const void **)&pids, &len))
		return replay_diverged() ? wait_host_diverged(ask) : false;
	for (size_t i = 0; v > 0 && i + sizeof(int32_t) <= len; i += sizeof(int32_t)) {
		int32_t who;
		memcpy(&who, pids + i, sizeof who);
		wake_host_waiter(who);
	}
	return true;
}

bool record_wait_host(wait_host_fn *ask, bool block)
{
	int woke[WAIT_MAX], n = 0;
	int32_t pids[WAIT_MAX];

	if (record_mode == RECORD_OFF)
		return ask(block, false, woke, &n, WAIT_MAX);
	record_query();
	if (record_mode == RECORD_REPLAY)
		return replay_wait_host(ask, block);
	bool ret = ask(block, false, woke, &n, WAIT_MAX);
	if (!ret)
		return false;
	for (int i = 0; i < n; i++)
		pids[i] = woke[i];
	record_event(REC_WAIT, n, pids, n > 0 ? n * sizeof *pids : 0);
	return true;
}

uint64_t record_clock(int clock, uint64_t (*ask)(int))
{
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ask(clock);
	record_query();
	if (record_mode == RECORD_REPLAY)
		return replay_event(REC_CLOCK, true, &v, NULL, NULL) ? (uint64_t)v : ask(clock);
	uint64_t ns = ask(clock);
	record_event(REC_CLOCK, (int64_t)ns, NULL, 0);
	return ns;
}

bool record_skip_sleep(void)
{
	return record_mode == RECORD_REPLAY && !replay_diverged();
}

int record_host_signal(void)
{
	int64_t sig;

	record_query();
	if (record_mode == RECORD_ON) {
		int s = host_signal_pending ? hostsig_take() : 0;
		if (s)
			record_event_at(REC_SIGNAL, cpu_quantum_cut(), s, NULL, 0);
		return s;
	}
	if (host_signal_pending && (sig = hostsig_take())) {
		replay_diverge("%s came from outside", signal_name((int)sig));
		return (int)sig;
	}
	if (!replay_event(REC_SIGNAL, false, &sig, NULL, NULL))
		return 0;
	if (sig >= 1 && sig <= 64)
		return (int)sig;
	replay_diverge("the recording is damaged (signal %" PRId64 ")", sig);
	return 0;
}

long record_quantum(long quantum)
{
	const struct record_event *e;
	uint64_t now = cpu_blocks();

	if (record_mode != RECORD_REPLAY || !(e = replay_next_signal()))
		return quantum;
	/* the recorded run's quantum was cut there when the signal came */
	return e->steps > now && e->steps - now < (uint64_t)quantum ? (long)(e->steps - now) : quantum;
}

long record_net(long ret, void *buf, size_t *len, size_t room)
{
	const void *bytes;
	size_t n;
	int64_t v;

	if (record_mode == RECORD_OFF)
		return ret;
	record_query();
	if (record_mode == RECORD_ON) {
		record_event(REC_NET, ret, buf, *len);
		return ret;
	}
	*len = 0;
	/* the socket's host side is not there: it fails as a connection reset would */
	if (!replay_event(REC_NET, true, &v, &bytes, &n))
		return -ECONNRESET;
	if (v < -4095 || n > room) {
		replay_diverge("the recording is damaged (a network answer of %zu bytes)", n);
		return -ECONNRESET;
	}
	if (n)
		memcpy(buf, bytes, n);
	*len = n;
	return v;
}

bool record_net_replaying(void)
{
	return record_mode == RECORD_REPLAY;
}
