/* epoll: Linux's fs/eventpoll.c over emu's own files and host descriptors.
 *
 * An epoll set keeps its items in the order they were added and, as Linux does, a
 * ready list: an item joins it when it is added or modified while ready, or when the
 * file it watches wakes its queue with matching events (ep_poll_wake, called by
 * pipes and eventfds where Linux calls ep_poll_callback). epoll_wait takes items off
 * the ready list, polls each again and reports those with events; a level-triggered
 * item goes back to the end of the list, an edge-triggered one waits for the next
 * wake-up, a one-shot one is disabled until EPOLL_CTL_MOD. So edges, order and
 * one-shot behave as on Linux.
 *
 * Host descriptors (terminals, host pipes and sockets) are watched by a host epoll
 * set that the epoll file owns (its host descriptor, which also answers fstat and
 * fcntl): each item there is a duplicate of the descriptor with the guest's flags, so
 * the host kernel does their edges. A waiting task sleeps as poll does: any change to
 * emu's files wakes it, and the host epoll descriptor is what the scheduler polls. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/sigwait.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/trace.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS_PER_MS 1000000ULL
#define EP_MAX_EVENTS (INT_MAX / (int)sizeof(struct epoll_event))
#define EP_MAX_NESTS 4
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLEXCLUSIVE_OK_BITS \
	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define USER_SPACE_END 0x7ffffffff000ULL

struct eventpoll;

struct epitem {
	struct eventpoll *ep;
	struct file *file;      /* not a reference: the item goes when the file does */
	int fd;                 /* with file, the key (a dup of fd is another item) */
	uint32_t events;        /* as the guest gave them, | EPOLLERR | EPOLLHUP */
	uint64_t data;
	int host_fd;            /* the duplicate in the host set; -1 for emu's own files */
	bool ready;             /* on the ready list */
	struct epitem *next;    /* the set's items, in the order they were added */
	struct epitem *rdnext;  /* the ready list */
};

struct eventpoll {
	struct file *file;      /* the epoll file itself */
	int host_epfd;          /* == file->host_fd: the host set of host descriptors */
	int nr_host_items;
	struct epitem *items;
	struct epitem *rd_head, *rd_tail;
	struct eventpoll *next; /* every epoll set */
};

static struct eventpoll *all_eps;
static long nr_items; /* in every set: nothing to do in ep_poll_wake while 0 */

static const struct file_operations eventpoll_fops;

static bool is_file_epoll(const struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/* ---- the ready list ---- */

static void rdlist_append(struct eventpoll *ep, struct epitem *epi)
{
	epi->rdnext = NULL;
	if (ep->rd_tail)
		ep->rd_tail->rdnext = epi;
	else
		ep->rd_head = epi;
	ep->rd_tail = epi;
	epi->ready = true;
}

static void rdlist_remove(struct eventpoll *ep, struct epitem *epi)
{
	struct epitem *prev = NULL;

	if (!epi->ready)
		return;
	for (struct epitem *it = ep->rd_head; it; prev = it, it = it->rdnext) {
		if (it != epi)
			continue;
		if (prev)
			prev->rdnext = it->rdnext;
		else
			ep->rd_head = it->rdnext;
		if (ep->rd_tail == it)
			ep->rd_tail = prev;
		break;
	}
	epi->ready = false;
	epi->rdnext = NULL;
}

/* ---- polling the watched files ---- */

/* Linux's ep_item_poll: what the file has, of what the item asks for. */
static uint32_t ep_item_poll(struct epitem *epi)
{
	if (!(epi->events & ~EP_PRIVATE_BITS))
		return 0; /* a one-shot item that fired */
	return (uint16_t)vfs_poll(epi->file, (short)(epi->events & 0xffff)) & epi->events;
}

/* The queue an item of emu's own files waits on (ep_poll_wake's first argument). */
static const void *item_queue(const struct epitem *epi)
{
	return epi->file->pipe ? (const void *)epi->file->pipe : epi->file->private_data;
}

/* Does a wake-up with key reach this item's queue? A pipe's readers wait on its
 * read queue (woken by writes), its writers on the write queue (woken by reads). */
static bool item_hears(const struct epitem *epi, unsigned key)
{
	if (!key || !epi->file->pipe)
		return true;
	if ((epi->file->flags & O_ACCMODE) == O_WRONLY)
		return key & (POLLOUT | POLLWRNORM);
	return key & (POLLIN | POLLRDNORM);
}

/* Linux's ep_poll_callback for every set: a matching wake-up queues the item. */
void ep_poll_wake(const void *queue, unsigned key)
{
	bool queued = false;

	if (!nr_items)
		return;
	for (struct eventpoll *ep = all_eps; ep; ep = ep->next) {
		bool ep_queued = false;
		for (struct epitem *epi = ep->items; epi; epi = epi->next) {
			if (epi->host_fd >= 0 || item_queue(epi) != queue || !item_hears(epi, key))
				continue;
			if (!(epi->events & ~EP_PRIVATE_BITS))
				continue; /* disabled (one-shot) */
			if (key && !(key & epi->events))
				continue;
			if (!epi->ready) {
				rdlist_append(ep, epi);
				ep_queued = true;
			}
		}
		if (ep_queued) {
			queued = true;
			ep_poll_wake(ep, POLLIN); /* sets that watch this one (nested epoll) */
		}
	}
	if (queued)
		wake_up_pollers();
}

/* ---- items ---- */

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *epi = ep->items; epi; epi = epi->next)
		if (epi->file == f && epi->fd == fd)
			return epi;
	return NULL;
}

static int host_ctl(struct epitem *epi, int op)
{
	struct epoll_event ev = { .events = epi->events, .data.ptr = epi };

	return epoll_ctl(epi->ep->host_epfd, op, epi->host_fd, &ev) < 0 ? -errno : 0;
}

static long host_ctl_ask(struct file *f, unsigned long op, void *epi)
{
	return host_ctl(epi, (int)op);
}

/* Adding or changing a host descriptor: whether the host takes it (a stream it
 * cannot poll) is input; on replay the recording answers (kernel/replay/). */
static int host_ctl_recorded(struct epitem *epi, int op)
{
	return (int)record_file_query(REC_CTL, epi->file, op, epi, 0, host_ctl_ask);
}

static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	struct epitem **link = &ep->items;

	while (*link != epi)
		link = &(*link)->next;
	*link = epi->next;
	rdlist_remove(ep, epi);
	if (epi->host_fd >= 0) {
		host_ctl(epi, EPOLL_CTL_DEL);
		close(epi->host_fd);
		ep->nr_host_items--;
	}
	nr_items--;
	free(epi);
}

static int ep_insert(struct eventpoll *ep, struct file *f, int fd, const struct epoll_event *ev)
{
	struct epitem *epi = calloc(1, sizeof *epi);
	struct epitem **link = &ep->items;

	if (!epi)
		return -ENOMEM;
	epi->ep = ep;
	epi->file = f;
	epi->fd = fd;
	epi->events = ev->events | EPOLLERR | EPOLLHUP;
	epi->data = ev->data.u64;
	epi->host_fd = -1;
	if (!f->pipe && !f->f_op) {
		int err;
		epi->host_fd = fcntl(f->host_fd, F_DUPFD_CLOEXEC, 3);
		if (epi->host_fd < 0) {
			err = -errno;
			free(epi);
			return err;
		}
		if ((err = host_ctl_recorded(epi, EPOLL_CTL_ADD))) {
			close(epi->host_fd);
			free(epi);
			return err;
		}
		ep->nr_host_items++;
	}
	while (*link)
		link = &(*link)->next;
	*link = epi;
	nr_items++;
	if (epi->host_fd < 0 && ep_item_poll(epi)) {
		rdlist_append(ep, epi);
		ep_poll_wake(ep, POLLIN);
		wake_up_pollers();
	}
	return 0;
}

static int ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *ev)
{
	epi->events = ev->events | EPOLLERR | EPOLLHUP;
	epi->data = ev->data.u64;
	if (epi->host_fd >= 0)
		return host_ctl_recorded(epi, EPOLL_CTL_MOD);
	if (ep_item_poll(epi) && !epi->ready) {
		rdlist_append(ep, epi);
		ep_poll_wake(ep, POLLIN);
		wake_up_pollers();
	}
	return 0;
}

/* A file's last reference is gone: it leaves every set (Linux's eventpoll_release). */
void eventpoll_release(struct file *f)
{
	if (!nr_items)
		return;
	for (struct eventpoll *ep = all_eps; ep; ep = ep->next)
		for (struct epitem *epi = ep->items, *next; epi; epi = next) {
			next = epi->next;
			if (epi->file == f)
				ep_remove(ep, epi);
		}
}

/* Would adding target to ep make a loop, or nest sets deeper than Linux allows? */
static bool ep_loop_check(const struct eventpoll *target, const struct eventpoll *ep, int depth)
{
	if (target == ep || depth > EP_MAX_NESTS)
		return true;
	for (struct epitem *epi = target->items; epi; epi = epi->next)
		if (is_file_epoll(epi->file) &&
		    ep_loop_check(epi->file->private_data, ep, depth + 1))
			return true;
	return false;
}

/* ---- the epoll file ---- */

/* Ready items are those on the ready list that still have events (the others leave
 * it, as in Linux's ep_read_events_proc), and the host set's. */
/* Whether the host set has a ready descriptor: 1 or 0. */
static long host_set_ready(void *ctx, void *unused, long room)
{
	struct pollfd p = { ((struct eventpoll *)ctx)->host_epfd, POLLIN, 0 };

	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static bool ep_events_available(struct eventpoll *ep)
{
	for (struct epitem *epi = ep->rd_head, *next; epi; epi = next) {
		next = epi->rdnext;
		if (ep_item_poll(epi))
			return true;
		rdlist_remove(ep, epi);
	}
	/* host descriptors' readiness comes from outside (kernel/replay/) */
	return ep->nr_host_items && record_host_items(REC_EPOLL, ep, NULL, 0, 0, host_set_ready) > 0;
}

static short ep_eventpoll_poll(struct file *f, short events)
{
	return ep_events_available(f->private_data) ? (events & (POLLIN | POLLRDNORM)) : 0;
}

static long ep_eventpoll_rw(struct file *f, const struct guest_iov *segs, int nsegs)
{
	return -EINVAL;
}

static void ep_eventpoll_release(struct file *f)
{
	struct eventpoll *ep = f->private_data, **link = &all_eps;

	while (ep->items)
		ep_remove(ep, ep->items);
	while (*link != ep)
		link = &(*link)->next;
	*link = ep->next;
	free(ep);
	f->private_data = NULL; /* fput closes the host set */
}

/* Linux's ep_show_fdinfo: one line per watched descriptor. */
static void ep_show_fdinfo(FILE *m, struct file *f)
{
	struct eventpoll *ep = f->private_data;
	struct stat st;

	for (struct epitem *epi = ep->items; epi; epi = epi->next) {
		if (epi->file->pipe)
			pipe_stat(epi->file, &st);
		else if (fstat(epi->file->host_fd, &st) < 0)
			memset(&st, 0, sizeof st);
		fprintf(m, "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x\n", epi->fd,
			(unsigned)epi->events, (unsigned long long)epi->data, 0LL,
			(unsigned long)st.st_ino, (unsigned)st.st_dev);
	}
}

static const struct file_operations eventpoll_fops = {
	.show_fdinfo = ep_show_fdinfo,
	.read = ep_eventpoll_rw,
	.write = ep_eventpoll_rw,
	.poll = ep_eventpoll_poll,
	.release = ep_eventpoll_release,
};

static long do_epoll_create(int flags)
{
	struct eventpoll *ep;
	struct file *f;
	int host, fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = calloc(1, sizeof *ep);
	if (!ep)
		return -ENOMEM;
	host = epoll_create1(EPOLL_CLOEXEC);
	if (host < 0) {
		free(ep);
		return -errno;
	}
	f = file_from_host(host, O_RDWR, "anon_inode:[eventpoll]");
	if (!f) {
		free(ep);
		close(host);
		return -ENOMEM;
	}
	f->f_op = &eventpoll_fops;
	f->private_data = ep;
	ep->file = f;
	ep->host_epfd = host;
	ep->next = all_eps;
	all_eps = ep;
	fd = fd_install(f, flags & EPOLL_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(epoll_create, int, size)
{
	return size <= 0 ? -EINVAL : do_epoll_create(0);
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return do_epoll_create(flags);
}

/* Checks in the order of Linux's do_epoll_ctl, so a bad call fails as it does there. */
SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, uint64_t, uevent)
{
	struct epoll_event ev = { 0 };
	struct file *f, *tf;
	struct eventpoll *ep;
	struct epitem *epi;
	struct stat st;
	bool has_event = op != EPOLL_CTL_DEL;

	if (has_event && copy_from_user(&ev, uevent, sizeof ev))
		return -EFAULT;
	if (!(f = fdget(epfd)) || !(tf = fdget(fd)))
		return -EBADF;
	/* files without a poll operation: regular files and directories */
	if (!tf->pipe && !tf->f_op && !fstat(tf->host_fd, &st) &&
	    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return -EPERM;
	if (f == tf || !is_file_epoll(f))
		return -EINVAL;
	if (has_event && (ev.events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (is_file_epoll(tf) || (ev.events & ~EPOLLEXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	ep = f->private_data;
	if (op == EPOLL_CTL_ADD && is_file_epoll(tf) &&
	    ep_loop_check(tf->private_data, ep, 1))
		return -ELOOP;
	epi = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		return epi ? -EEXIST : ep_insert(ep, tf, fd, &ev);
	case EPOLL_CTL_DEL:
		if (!epi)
			return -ENOENT;
		ep_remove(ep, epi);
		return 0;
	case EPOLL_CTL_MOD:
		if (!epi)
			return -ENOENT;
		if (epi->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		return ep_modify(ep, epi, &ev);
	default:
		return -EINVAL;
	}
}

/* Up to room ready host descriptors, as the guest sees them: its events and its
 * data (the item's, not the host's pointer to it). */
static long host_set_events(void *ctx, void *buf, long room)
{
	struct epoll_event host[64], *out = buf;
	int n = epoll_wait(((struct eventpoll *)ctx)->host_epfd, host, room, 0);

	for (int i = 0; i < n; i++) {
		struct epitem *epi = host[i].data.ptr;
		out[i] = (struct epoll_event){ .events = host[i].events, .data.u64 = epi->data };
	}
	return n < 0 ? -errno : n;
}

/* Linux's ep_send_events: the ready list first, then the host set. */
static long ep_send_events(struct eventpoll *ep, uint64_t uevents, int maxevents)
{
	struct epitem *tx = ep->rd_head, *epi;
	long res = 0;

	ep->rd_head = ep->rd_tail = NULL;
	while (tx && res < maxevents) {
		epi = tx;
		tx = epi->rdnext;
		epi->ready = false;
		epi->rdnext = NULL;
		uint32_t revents = ep_item_poll(epi);
		if (!revents)
			continue;
		struct epoll_event ev = { .events = revents, .data.u64 = epi->data };
		if (copy_to_user(uevents + res * sizeof ev, &ev, sizeof ev)) {
			epi->rdnext = tx; /* back in front of what is left */
			epi->ready = true;
			tx = epi;
			if (!res)
				res = -EFAULT;
			break;
		}
		res++;
		if (epi->events & EPOLLONESHOT)
			epi->events &= EP_PRIVATE_BITS;
		else if (!(epi->events & EPOLLET))
			rdlist_append(ep, epi);
	}
	if (tx) { /* what was not looked at goes back in front */
		struct epitem *last = tx;
		while (last->rdnext)
			last = last->rdnext;
		last->rdnext = ep->rd_head;
		if (!ep->rd_head)
			ep->rd_tail = last;
		ep->rd_head = tx;
	}
	if (res >= 0 && res < maxevents && ep->nr_host_items) {
		int room = maxevents - (int)res > 64 ? 64 : maxevents - (int)res;
		struct epoll_event ready[64];
		/* what the host set has ready is input from outside (kernel/replay/) */
		long n = record_host_items(REC_EPOLL, ep, ready, room, sizeof *ready, host_set_events);
		for (long i = 0; i < n; i++) {
			if (copy_to_user(uevents + res * sizeof *ready, &ready[i], sizeof *ready))
				return res ? res : -EFAULT;
			res++;
		}
	}
	return res;
}

/* Linux's ep_poll: events if there are some, else 0 once the time is up, EINTR if a
 * signal is pending (epoll_wait is never restarted, whatever SA_RESTART says), else
 * sleep until a file changes and run again. */
static long do_epoll_wait(int epfd, uint64_t uevents, int maxevents, int64_t timeout_ns)
{
	struct file *f;
	struct eventpoll *ep;
	uint64_t deadline;
	long res;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (uevents >= USER_SPACE_END ||
	    USER_SPACE_END - uevents < (uint64_t)maxevents * sizeof(struct epoll_event))
		return -EFAULT;
	if (!(f = fdget(epfd)))
		return -EBADF;
	if (!is_file_epoll(f))
		return -EINVAL;
	ep = f->private_data;
	deadline = poll_deadline(timeout_ns);
	if ((res = ep_send_events(ep, uevents, maxevents)))
		return res;
	res = wait_event(WAIT_POLL, NULL, deadline, 0, -EINTR);
	if (res == EMU_RESTART) {
		current->nr_host_waits = 0;
		if (ep->nr_host_items) {
			current->host_waits[0].fd = ep->host_epfd;
			current->host_waits[0].events = POLLIN;
			current->nr_host_waits = 1;
		}
	}
	return res;
}

SYSCALL_DEFINE4(epoll_wait, int, epfd, uint64_t, events, int, maxevents, int, timeout_ms)
{
	return do_epoll_wait(epfd, events, maxevents,
			     timeout_ms < 0 ? -1 : (int64_t)timeout_ms * (int64_t)NS_PER_MS);
}

/* The mask is in force while the call waits; when a signal interrupts it (EINTR), the
 * old mask comes back only after the handler, as Linux's restore_saved_sigmask_unless. */
static long epoll_pwait_common(int epfd, uint64_t events, int maxevents, int64_t timeout_ns,
			       uint64_t sigmask, size_t sigsetsize)
{
	long err, ret;

	if ((err = set_user_sigmask(sigmask, sigsetsize)))
		return err;
	ret = do_epoll_wait(epfd, events, maxevents, timeout_ns);
	if (ret == -EINTR)
		return ret;
	return restore_user_sigmask(sigmask, ret);
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, uint64_t, events, int, maxevents, int, timeout_ms,
		uint64_t, sigmask, size_t, sigsetsize)
{
	return epoll_pwait_common(epfd, events, maxevents,
				  timeout_ms < 0 ? -1 : (int64_t)timeout_ms * (int64_t)NS_PER_MS,
				  sigmask, sigsetsize);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, uint64_t, events, int, maxevents, uint64_t, utsp,
		uint64_t, sigmask, size_t, sigsetsize)
{
	int64_t timeout;
	long err = get_user_timeout(utsp, &timeout);

	return err ? err : epoll_pwait_common(epfd, events, maxevents, timeout, sigmask, sigsetsize);
}
