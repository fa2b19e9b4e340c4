/* poll, ppoll, select and pselect6 over pipes and host descriptors (Linux's
 * fs/select.c). Nothing ready: the task sleeps until a pipe changes, a host
 * descriptor becomes ready (the scheduler polls the host when idle) or the timeout
 * passes, then runs the call again; the deadline is kept across those restarts. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/sigwait.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#define NS_PER_SEC 1000000000ULL

/* Fills revents; returns how many are ready. */
static int poll_once(struct pollfd *fds, unsigned n)
{
	int ready = 0;

	for (unsigned i = 0; i < n; i++) {
		struct file *f = fds[i].fd >= 0 ? fdget(fds[i].fd) : NULL;
		fds[i].revents = fds[i].fd < 0 ? 0 : f ? vfs_poll(f, fds[i].events | POLLERR | POLLHUP)
						       : POLLNVAL;
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/* Nothing is ready: 0 once the deadline has passed, else sleeps until it,
 * listening to the host descriptors among fds. */
static long poll_sleep(const struct pollfd *fds, unsigned n, uint64_t deadline)
{
	/* EINTR whatever SA_RESTART says */
	long ret = wait_event(WAIT_POLL, NULL, deadline, 0, -ERESTARTNOHAND);

	if (ret != EMU_RESTART)
		return ret;
	current->nr_host_waits = 0;
	for (unsigned i = 0; i < n && current->nr_host_waits < POLL_HOST_MAX; i++) {
		struct file *f = fds[i].fd >= 0 ? fdget(fds[i].fd) : NULL;
		if (f && !f->pipe && !sock_from_file(f)) { /* a socket wakes pollers itself */
			current->host_waits[current->nr_host_waits].fd = f->host_fd;
			current->host_waits[current->nr_host_waits++].events = fds[i].events;
		}
	}
	return EMU_RESTART;
}

static long do_poll(uint64_t ufds, unsigned n, int64_t timeout_ns)
{
	uint64_t deadline = poll_deadline(timeout_ns);
	struct pollfd *fds;
	long ret;

	if (n > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	fds = calloc(n ? n : 1, sizeof *fds);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, n * sizeof *fds)) {
		free(fds);
		return -EFAULT;
	}
	ret = poll_once(fds, n);
	if (!ret)
		ret = poll_sleep(fds, n, deadline);
	if (ret >= 0 && copy_to_user(ufds, fds, n * sizeof *fds))
		ret = -EFAULT;
	free(fds);
	return ret;
}

SYSCALL_DEFINE3(poll, uint64_t, fds, unsigned, nfds, int, timeout_ms)
{
	long r = do_poll(fds, nfds, timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000);

	/* with a timeout, Linux restarts poll through its restart block (same deadline) */
	return r == -ERESTARTNOHAND && timeout_ms >= 0 ? -ERESTART_RESTARTBLOCK : r;
}

SYSCALL_DEFINE5(ppoll, uint64_t, fds, unsigned, nfds, uint64_t, utsp, uint64_t, sigmask,
		size_t, sigsetsize)
{
	int64_t timeout;
	long err;

	if ((err = get_user_timeout(utsp, &timeout)) || (err = set_user_sigmask(sigmask, sigsetsize)))
		return err;
	return restore_user_sigmask(sigmask, do_poll(fds, nfds, timeout));
}

/* select's three bit sets, turned into a poll over the descriptors they name. */
static long do_select(int n, uint64_t uin, uint64_t uout, uint64_t uex, int64_t timeout_ns)
{
	fd_set in, out, ex;
	struct pollfd fds[FD_SETSIZE];
	unsigned count = 0;
	size_t bytes;

	if (n < 0)
		return -EINVAL;
	if (n > current->files->max_fds) /* Linux reads only the bits its table has */
		n = current->files->max_fds;
	if (n > FD_SETSIZE)
		n = FD_SETSIZE;
	bytes = (n + 7) / 8;
	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_ZERO(&ex);
	if ((uin && copy_from_user(&in, uin, bytes)) || (uout && copy_from_user(&out, uout, bytes)) ||
	    (uex && copy_from_user(&ex, uex, bytes)))
		return -EFAULT;
	for (int fd = 0; fd < n; fd++) {
		short ev = (FD_ISSET(fd, &in) ? POLLIN : 0) | (FD_ISSET(fd, &out) ? POLLOUT : 0) |
			   (FD_ISSET(fd, &ex) ? POLLPRI : 0);
		if (!ev)
			continue;
		if (!fdget(fd))
			return -EBADF;
		fds[count++] = (struct pollfd){ fd, ev, 0 };
	}
	uint64_t deadline = poll_deadline(timeout_ns);
	long ready = poll_once(fds, count);
	if (!ready && (ready = poll_sleep(fds, count, deadline)))
		return ready;
	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_ZERO(&ex);
	ready = 0;
	for (unsigned i = 0; i < count; i++) {
		short r = fds[i].revents, ev = fds[i].events;
		int fd = fds[i].fd;
		if ((r & (POLLIN | POLLHUP | POLLERR)) && (ev & POLLIN)) {
			FD_SET(fd, &in);
			ready++;
		}
		if ((r & (POLLOUT | POLLERR)) && (ev & POLLOUT)) {
			FD_SET(fd, &out);
			ready++;
		}
		if ((r & POLLPRI) && (ev & POLLPRI)) {
			FD_SET(fd, &ex);
			ready++;
		}
	}
	if ((uin && copy_to_user(uin, &in, bytes)) || (uout && copy_to_user(uout, &out, bytes)) ||
	    (uex && copy_to_user(uex, &ex, bytes)))
		return -EFAULT;
	return ready;
}

SYSCALL_DEFINE5(select, int, n, uint64_t, in, uint64_t, out, uint64_t, ex, uint64_t, utv)
{
	struct timeval tv;

	if (!utv)
		return do_select(n, in, out, ex, -1);
	if (copy_from_user(&tv, utv, sizeof tv))
		return -EFAULT;
	if (tv.tv_sec < 0 || tv.tv_usec < 0)
		return -EINVAL;
	/* microseconds past a second carry over, as Linux's poll_select_set_timeout */
	uint64_t sec = (uint64_t)tv.tv_sec + (uint64_t)tv.tv_usec / 1000000;
	uint64_t ns = sec >= KTIME_MAX / NS_PER_SEC ? KTIME_MAX
						   : sec * NS_PER_SEC + (uint64_t)tv.tv_usec % 1000000 * 1000;
	return do_select(n, in, out, ex, (int64_t)ns);
}

SYSCALL_DEFINE6(pselect6, int, n, uint64_t, in, uint64_t, out, uint64_t, ex, uint64_t, utsp,
		uint64_t, sig)
{
	struct { uint64_t set, size; } ss = { 0, 0 };
	int64_t timeout;
	long err;

	if ((err = get_user_timeout(utsp, &timeout)))
		return err;
	if (sig && copy_from_user(&ss, sig, sizeof ss))
		return -EFAULT;
	if ((err = set_user_sigmask(ss.set, ss.size)))
		return err;
	return restore_user_sigmask(ss.set, do_select(n, in, out, ex, timeout));
}
