/* Pipes: Linux's fs/pipe.c. A 64 KiB ring in the kernel; a reader of an empty pipe
 * and a writer of a full one sleep (only that task); EOF once the last writer is
 * gone, EPIPE and SIGPIPE once the last reader is; writes of up to PIPE_BUF bytes
 * are never split. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PIPE_DEF_SIZE 65536   /* 16 pages, as Linux */
#define PIPE_MAX_SIZE 1048576 /* /proc/sys/fs/pipe-max-size */

struct pipe {
	uint8_t *buf;
	size_t size;        /* F_SETPIPE_SZ: a power of two, at least a page */
	size_t head, len;   /* data is buf[head .. head+len), wrapping */
	int readers, writers;
	/* a FIFO (a named pipe, mknod S_IFIFO): the host file it stands for, and the
	 * opens so far of each side (Linux's r_counter, w_counter: an open that waits
	 * for its partner goes on when the other count moves) */
	bool named;
	struct stat st;
	unsigned r_counter, w_counter;
	struct pipe *next_fifo;
};

static struct pipe *fifos; /* the named pipes open now */

/* A FIFO opened O_RDWR is both ends at once (Linux's FMODE_READ | FMODE_WRITE). */
static bool is_reader(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool is_writer(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static size_t total(const struct guest_iov *segs, int nsegs)
{
	size_t n = 0;
	for (int i = 0; i < nsegs; i++)
		n += segs[i].len;
	return n;
}

/* Moves n bytes between the ring at offset pos and the guest segments, starting
 * skip bytes into them. */
static int copy_ring(struct pipe *p, size_t pos, const struct guest_iov *segs, int nsegs,
		     size_t skip, size_t n, bool to_user)
{
	size_t done = 0;

	for (int i = 0; i < nsegs && done < n; i++) {
		if (skip >= segs[i].len) {
			skip -= segs[i].len;
			continue;
		}
		for (size_t off = skip; off < segs[i].len && done < n;) {
			size_t at = (pos + done) % p->size;
			size_t len = segs[i].len - off;
			if (len > n - done)
				len = n - done;
			if (len > p->size - at)
				len = p->size - at;
			int err = to_user ? copy_to_user(segs[i].base + off, p->buf + at, len)
					  : copy_from_user(p->buf + at, segs[i].base + off, len);
			if (err)
				return err;
			off += len;
			done += len;
		}
		skip = 0;
	}
	return 0;
}

long pipe_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct pipe *p = f->pipe;
	size_t want = total(segs, nsegs);

	if (!is_reader(f))
		return -EBADF;
	if (!want)
		return 0;
	if (!p->len) {
		if (!p->writers)
			return 0; /* EOF */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		return wait_event(WAIT_PIPE, p, 0, 0, -ERESTARTSYS);
	}
	size_t n = want < p->len ? want : p->len;
	if (copy_ring(p, p->head, segs, nsegs, 0, n, true))
		return -EFAULT;
	p->head = (p->head + n) % p->size;
	p->len -= n;
	wake_up(WAIT_PIPE, p);
	wake_up_pollers();
	ep_poll_wake(p, POLLOUT | POLLWRNORM);
	return n;
}

/* Blocking writes finish: what fits goes now, the task sleeps, and the restarted
 * call goes on from restart_block.progress until all is written; a signal ends it
 * with what was written, if anything. */
long pipe_write(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct pipe *p = f->pipe;
	size_t want = total(segs, nsegs), done = current->restart_block.progress;
	size_t left = want - done, room = p->size - p->len;

	if (!is_writer(f))
		return -EBADF;
	if (!p->readers) {
		if (done)
			return done;
		send_sig(SIGPIPE, current, false);
		return -EPIPE;
	}
	if (!want)
		return 0;
	if (!room || (want <= PIPE_BUF && room < left)) { /* PIPE_BUF bytes go in one piece */
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		return wait_event(WAIT_PIPE, p, 0, 0, done ? (long)done : -ERESTARTSYS);
	}
	size_t n = left < room ? left : room;
	if (copy_ring(p, p->head + p->len, segs, nsegs, done, n, false))
		return done ? (long)done : -EFAULT;
	p->len += n;
	done += n;
	wake_up(WAIT_PIPE, p);
	wake_up_pollers();
	ep_poll_wake(p, POLLIN | POLLRDNORM);
	if (done < want && !(f->flags & O_NONBLOCK)) {
		current->restart_block.progress = done;
		return wait_event(WAIT_PIPE, p, 0, 0, (long)done);
	}
	return done;
}

static void free_pipe(struct pipe *p)
{
	for (struct pipe **q = &fifos; p->named && *q; q = &(*q)->next_fifo)
		if (*q == p) {
			*q = p->next_fifo;
			break;
		}
	free(p->buf);
	free(p);
}

void pipe_release(struct file *f)
{
	struct pipe *p = f->pipe;

	if (is_writer(f))
		p->writers--;
	if (is_reader(f))
		p->readers--;
	wake_up(WAIT_PIPE, p);
	wake_up_pollers();
	ep_poll_wake(p, 0);
	if (!p->readers && !p->writers)
		free_pipe(p); /* a FIFO's data goes with its last opener, as Linux's */
}

int pipe_stat(struct file *f, void *statbuf)
{
	struct stat st;

	memset(&st, 0, sizeof st);
	st.st_mode = S_IFIFO | 0600;
	st.st_nlink = 1;
	st.st_blksize = 4096;
	st.st_ino = (uintptr_t)f->pipe >> 4;
	if (f->pipe->named) /* the FIFO's own inode, as at open */
		st = f->pipe->st;
	memcpy(statbuf, &st, sizeof st);
	return 0;
}

/* For the deadlock report: why a task waiting on the pipe cannot go on. */
const char *pipe_describe(const void *obj)
{
	const struct pipe *p = obj;
	static char buf[64];

	snprintf(buf, sizeof buf, "%zu bytes in it, %d reader(s), %d writer(s)", p->len,
		 p->readers, p->writers);
	return buf;
}

short pipe_poll(struct file *f, short events)
{
	struct pipe *p = f->pipe;
	short r = 0;

	if (is_writer(f)) {
		if (p->size - p->len >= PIPE_BUF)
			r |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			r |= POLLERR; /* with POLLOUT if there is room, as Linux */
	}
	if (is_reader(f)) {
		if (p->len)
			r |= POLLIN | POLLRDNORM;
		if (!p->writers && !is_writer(f))
			r |= POLLHUP;
	}
	return r & (events | POLLERR | POLLHUP);
}

/* F_GETPIPE_SZ */
long pipe_get_size(struct file *f)
{
	return (long)f->pipe->size;
}

/* F_SETPIPE_SZ: Linux's pipe_set_size, the ring moved into a buffer of the new size.
 * Returns the size given, -EBUSY if the data would not fit, -EPERM past the limit. */
long pipe_set_size(struct file *f, unsigned long want)
{
	struct pipe *p = f->pipe;
	size_t size = PAGE_SIZE;

	if (want > 1UL << 31)
		return -EINVAL;
	while (size < want)
		size <<= 1;
	if (size > PIPE_MAX_SIZE && !capable(current, CAP_SYS_RESOURCE))
		return -EPERM;
	if (size < p->len)
		return -EBUSY;
	uint8_t *buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < p->len; i++)
		buf[i] = p->buf[(p->head + i) % p->size];
	free(p->buf);
	p->buf = buf;
	p->size = size;
	p->head = 0;
	wake_up(WAIT_PIPE, p); /* writers may have room now */
	wake_up_pollers();
	return (long)size;
}

long pipe_nread(struct file *f)
{
	return f->pipe->len;
}

/* Splice's side of a pipe (Linux's splice_from_pipe_next and wait_for_space in
 * fs/splice.c). The bytes at the head, once more are there: their number, 0 at EOF,
 * -EAGAIN (nonblock) or a wait. */
long pipe_splice_wait_data(struct file *f, bool nonblock)
{
	struct pipe *p = f->pipe;

	if (p->len)
		return (long)p->len;
	if (!p->writers)
		return 0;
	if (nonblock)
		return -EAGAIN;
	return wait_event(WAIT_PIPE, p, 0, 0, -ERESTARTSYS);
}

/* Room for more: its size, -EPIPE (and SIGPIPE) without readers, -EAGAIN or a wait. */
long pipe_splice_wait_room(struct file *f, bool nonblock)
{
	struct pipe *p = f->pipe;

	if (!p->readers) {
		send_sig(SIGPIPE, current, false);
		return -EPIPE;
	}
	if (p->len < p->size)
		return (long)(p->size - p->len);
	if (nonblock)
		return -EAGAIN;
	return wait_event(WAIT_PIPE, p, 0, 0, -ERESTARTSYS);
}

/* Copies the first n bytes (n <= what is there) to buf without taking them. */
void pipe_splice_peek(struct file *f, void *buf, size_t n)
{
	struct pipe *p = f->pipe;

	size_t first = n < p->size - p->head ? n : p->size - p->head; /* before the wrap */

	memcpy(buf, p->buf + p->head, first);
	memcpy((uint8_t *)buf + first, p->buf, n - first);
}

/* Takes the first n bytes (n <= what is there): writers and pollers hear of it. */
void pipe_splice_consume(struct file *f, size_t n)
{
	struct pipe *p = f->pipe;

	p->head = (p->head + n) % p->size;
	p->len -= n;
	wake_up(WAIT_PIPE, p);
	wake_up_pollers();
	ep_poll_wake(p, POLLOUT | POLLWRNORM);
}

/* Appends n bytes (n <= the room): readers and pollers hear of it. */
void pipe_splice_fill(struct file *f, const void *buf, size_t n)
{
	struct pipe *p = f->pipe;

	size_t tail = (p->head + p->len) % p->size;
	size_t first = n < p->size - tail ? n : p->size - tail; /* before the wrap */

	memcpy(p->buf + tail, buf, first);
	memcpy(p->buf, (const uint8_t *)buf + first, n - first);
	p->len += n;
	wake_up(WAIT_PIPE, p);
	wake_up_pollers();
	ep_poll_wake(p, POLLIN | POLLRDNORM);
}

/* The same pipe at both ends (splice refuses to splice a pipe to itself). */
bool pipe_same(const struct file *a, const struct file *b)
{
	return a->pipe == b->pipe;
}

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = calloc(1, sizeof *p);

	if (p && !(p->buf = malloc(PIPE_DEF_SIZE))) {
		free(p);
		return NULL;
	}
	if (p)
		p->size = PIPE_DEF_SIZE;
	return p;
}

/* ---- FIFOs (Linux's fifo_open) ---- */

/* An open of a FIFO asleep until its partner comes: the open file is made (and
 * counted as a reader or writer) before it sleeps, as Linux counts it. */
struct fifo_wait {
	int pid;
	struct file *f;
	unsigned counter; /* the partner side's opens when it went to sleep */
	struct fifo_wait *next;
};

static struct fifo_wait *fifo_waits;

/* Opens of tasks that died asleep are given up (Linux's open ends with them). */
static void fifo_reap(void)
{
	for (struct fifo_wait **w = &fifo_waits; *w;) {
		struct task *t = find_task((*w)->pid);
		if (t && t->state != TASK_DEAD) {
			w = &(*w)->next;
			continue;
		}
		struct fifo_wait *dead = *w;
		*w = dead->next;
		fput(dead->f);
		free(dead);
	}
}

static long fifo_install(struct file *f)
{
	int fd = fd_install(f, f->flags & O_CLOEXEC, 0);

	f->flags &= ~O_CLOEXEC;
	if (fd < 0)
		fput(f);
	return fd;
}

static long fifo_sleep(struct file *f, unsigned counter);

static long fifo_open_restart(struct restart_block *restart)
{
	struct fifo_wait *w = NULL;

	for (struct fifo_wait **p = &fifo_waits; *p; p = &(*p)->next)
		if ((*p)->pid == current->pid) {
			w = *p;
			*p = w->next;
			break;
		}
	if (!w)
		return -EINTR;
	struct file *f = w->f;
	struct pipe *p = f->pipe;
	unsigned counter = w->counter;
	free(w);
	if (counter != (is_reader(f) ? p->w_counter : p->r_counter))
		return fifo_install(f); /* the partner came (it may be gone again: Linux too) */
	if (signal_pending(current)) {
		fput(f);
		return -ERESTARTSYS;
	}
	return fifo_sleep(f, counter);
}

static long fifo_sleep(struct file *f, unsigned counter)
{
	long ret = wait_event(WAIT_PIPE, f->pipe, 0, 0, -ERESTARTSYS);
	struct fifo_wait *w;

	if (ret != EMU_RESTART || !(w = calloc(1, sizeof *w))) {
		if (ret == EMU_RESTART)
			wake_task(current), ret = -ENOMEM;
		fput(f);
		return ret;
	}
	*w = (struct fifo_wait){ current->pid, f, counter, fifo_waits };
	fifo_waits = w;
	current->restart_block.fn = fifo_open_restart;
	return EMU_RESTART;
}

long fifo_open(const void *statbuf, int flags, const char *path)
{
	const struct stat *st = statbuf;
	int acc = flags & O_ACCMODE;
	struct pipe *p;
	struct file *f;

	fifo_reap();
	for (p = fifos; p && (p->st.st_dev != st->st_dev || p->st.st_ino != st->st_ino);)
		p = p->next_fifo;
	if (acc == O_WRONLY && (flags & O_NONBLOCK) && (!p || !p->readers))
		return -ENXIO; /* no reader, and it will not wait for one */
	if (!p) {
		if (!(p = pipe_alloc()))
			return -ENOMEM;
		p->named = true;
		p->st = *st;
		p->next_fifo = fifos;
		fifos = p;
	}
	f = file_from_host(-1, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY), path);
	if (!f) {
		if (!p->readers && !p->writers)
			free_pipe(p);
		return -ENOMEM;
	}
	f->pipe = p;
	if (is_reader(f))
		p->readers++, p->r_counter++;
	if (is_writer(f))
		p->writers++, p->w_counter++;
	wake_up(WAIT_PIPE, p); /* an open waiting for this side goes on */
	wake_up_pollers();
	if (acc == O_RDONLY && !p->writers && !(flags & O_NONBLOCK))
		return fifo_sleep(f, p->w_counter);
	if (acc == O_WRONLY && !p->readers)
		return fifo_sleep(f, p->r_counter);
	return fifo_install(f);
}

static long do_pipe2(uint64_t ufds, int flags)
{
	struct pipe *p;
	struct file *r, *w;
	int fds[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	p = pipe_alloc();
	r = file_from_host(-1, O_RDONLY | (flags & O_NONBLOCK), "pipe");
	w = file_from_host(-1, O_WRONLY | (flags & O_NONBLOCK), "pipe");
	if (!p || !r || !w) {
		if (p)
			free(p->buf);
		free(p);
		free(r);
		free(w);
		return -ENOMEM;
	}
	r->pipe = w->pipe = p;
	p->readers = p->writers = 1;
	fds[0] = fd_install(r, flags & O_CLOEXEC, 0);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(w, flags & O_CLOEXEC, 0);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			fd_close(fds[0]);
		else
			fput(r);
		fput(w);
		return -EMFILE;
	}
	if (copy_to_user(ufds, fds, sizeof fds)) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	trace_kernel(TRACE_PROC, "pipe: fds %d and %d", fds[0], fds[1]);
	return 0;
}

SYSCALL_DEFINE1(pipe, uint64_t, fds)
{
	return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, uint64_t, fds, int, flags)
{
	return do_pipe2(fds, flags);
}
