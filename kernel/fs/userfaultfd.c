/* userfaultfd: Linux's fs/userfaultfd.c (the page fills, mm/userfaultfd.c, are
 * kernel/mm/userfaultfd.c). A program registers
 * ranges of its memory with a context; a guest access to a missing page there puts
 * the faulting thread to sleep on the context and queues a UFFD_EVENT_PAGEFAULT
 * message; a handler thread reads it (read, poll, epoll), fills the page
 * (UFFDIO_COPY, UFFDIO_ZEROPAGE) and wakes the faulter, whose access runs again.
 * Closing the descriptor unregisters its ranges and wakes every faulter: their
 * pages then fault in as usual.
 * The non-cooperative events REMOVE, UNMAP and REMAP are queued behind the faults;
 * the call that made them waits until they are read.
 * Left out (not advertised, docs/userfaultfd.md): UFFD_EVENT_FORK, write-protect
 * and minor modes (EINVAL, as a kernel
 * without CONFIG_HAVE_ARCH_USERFAULTFD_WP and _MINOR), memfd and hugetlb ranges,
 * MOVE, POISON
 * and CONTINUE; a kernel access (a read(2) into the page) does not wait but fails
 * with EFAULT, as Linux's does for a UFFD_USER_MODE_ONLY context. */
#include <emu/cred.h>
#include <emu/fs.h>
#include <emu/list.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#define UFFD_FEATURE_INITIALIZED (1ULL << 31) /* UFFDIO_API has run (Linux's) */
/* What emu implements, and so all UFFDIO_API reports. */
#define UFFD_EMU_FEATURES                                                                  \
	(UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EVENT_REMAP |             \
	 UFFD_FEATURE_EVENT_REMOVE | UFFD_FEATURE_EVENT_UNMAP | UFFD_FEATURE_MISSING_SHMEM)
#define UFFD_EMU_IOCTLS \
	((1ULL << _UFFDIO_REGISTER) | (1ULL << _UFFDIO_UNREGISTER) | (1ULL << _UFFDIO_API))
#define UFFD_EMU_RANGE_IOCTLS \
	((1ULL << _UFFDIO_WAKE) | (1ULL << _UFFDIO_COPY) | (1ULL << _UFFDIO_ZEROPAGE))

long sysctl_unprivileged_userfaultfd;

/* A thread asleep on a fault (Linux's userfaultfd_wait_queue). */
struct userfaultfd_wait_queue {
	struct list_head entry; /* in ctx->faults, oldest first */
	struct uffd_msg msg;
	int pid;                /* the faulting thread */
	bool read;              /* its message was read (Linux's fault_wqh) */
};

/* An event and the task that waits until it is read (Linux's event_wqh entry). */
struct userfaultfd_event {
	struct list_head entry;  /* in ctx->events, oldest first */
	struct uffd_msg msg;
	int pid;                 /* who made it */
	bool read;
};

struct userfaultfd_ctx {
	uint64_t features;       /* UFFD_FEATURE_INITIALIZED and what UFFDIO_API asked */
	struct list_head events; /* the non-cooperative events, read or not */
	struct list_head faults; /* the sleeping faulters, read or not (not first: readers
				  * sleep on it, faulters on the context) */
	struct list_head list;   /* all contexts */
	unsigned flags;          /* UFFD_USER_MODE_ONLY */
	struct mm *mm;           /* whose ranges it handles; NULL once that mm is gone */
};

static LIST_HEAD(all_ctxs);

/* Events queued and not yet freed, in every context: with none (the usual case)
 * mmap, munmap, mremap and madvise have nothing to wait for. */
static int nr_events;

static void free_event(struct userfaultfd_event *ev)
{
	list_del(&ev->entry);
	free(ev);
	nr_events--;
}

/* Is the thread of uwq still asleep on this fault? A signal or its death ends the
 * sleep without telling the context: such entries are dropped as they are met. */
static bool uwq_waiting(struct userfaultfd_ctx *ctx, struct userfaultfd_wait_queue *uwq)
{
	struct task *t = find_task(uwq->pid);

	return t && t->state == TASK_SLEEPING && t->restart_block.waiting == WAIT_USERFAULTFD &&
	       t->restart_block.obj == ctx;
}

static void uwq_free(struct userfaultfd_wait_queue *uwq)
{
	list_del(&uwq->entry);
	free(uwq);
}

static void prune_faults(struct userfaultfd_ctx *ctx)
{
	struct userfaultfd_wait_queue *uwq, *n;

	list_for_each_entry_safe(uwq, n, &ctx->faults, entry)
		if (!uwq_waiting(ctx, uwq))
			uwq_free(uwq);
}

static struct userfaultfd_wait_queue *first_unread(struct userfaultfd_ctx *ctx)
{
	struct userfaultfd_wait_queue *uwq;

	prune_faults(ctx);
	list_for_each_entry(uwq, &ctx->faults, entry)
		if (!uwq->read)
			return uwq;
	return NULL;
}

static struct userfaultfd_event *first_unread_event(struct userfaultfd_ctx *ctx)
{
	struct userfaultfd_event *ev;

	list_for_each_entry(ev, &ctx->events, entry)
		if (!ev->read)
			return ev;
	return NULL;
}

/* The next message to read: faults first, then events (Linux's
 * userfaultfd_ctx_read); marks it read. NULL if none. */
static const struct uffd_msg *next_message(struct userfaultfd_ctx *ctx)
{
	struct userfaultfd_wait_queue *uwq = first_unread(ctx);
	struct userfaultfd_event *ev;
	struct task *t;

	if (uwq) {
		uwq->read = true;
		return &uwq->msg;
	}
	if (!(ev = first_unread_event(ctx)))
		return NULL;
	ev->read = true;
	if ((t = find_task(ev->pid)))
		wake_up(WAIT_USERFAULTFD, t); /* its call may end now */
	return &ev->msg;
}

/* Readers sleep on the list, faulters on the context. */
static void userfaultfd_changed(struct userfaultfd_ctx *ctx)
{
	wake_up(WAIT_USERFAULTFD, &ctx->faults);
	wake_up_pollers();
	ep_poll_wake(ctx, POLLIN);
}

/* Wakes the faulters in [start, start + len) (len 0: all), Linux's wake_userfault. */
static void wake_userfault(struct userfaultfd_ctx *ctx, uint64_t start, uint64_t len)
{
	struct userfaultfd_wait_queue *uwq, *n;

	list_for_each_entry_safe(uwq, n, &ctx->faults, entry) {
		uint64_t addr = uwq->msg.arg.pagefault.address;
		if (len && (addr < start || addr - start >= len))
			continue;
		if (uwq_waiting(ctx, uwq))
			wake_task(find_task(uwq->pid));
		uwq_free(uwq);
	}
}

enum fault_result handle_userfault(struct vma *vma, uint64_t va, enum access access, bool user)
{
	struct userfaultfd_ctx *ctx = vma->uffd_ctx;
	struct userfaultfd_wait_queue *uwq, *n;

	if ((ctx->features & UFFD_FEATURE_SIGBUS) || !user || !current)
		return FAULT_SIGBUS;
	list_for_each_entry_safe(uwq, n, &ctx->faults, entry)
		if (uwq->pid == current->pid)
			uwq_free(uwq); /* an earlier sleep of this thread, ended by a signal */
	if (!(uwq = calloc(1, sizeof *uwq)))
		return FAULT_OOM;
	uwq->pid = current->pid;
	uwq->msg.event = UFFD_EVENT_PAGEFAULT;
	uwq->msg.arg.pagefault.address = va & PAGE_MASK; /* no UFFD_FEATURE_EXACT_ADDRESS */
	uwq->msg.arg.pagefault.flags = access == ACCESS_WRITE ? UFFD_PAGEFAULT_FLAG_WRITE : 0;
	if (ctx->features & UFFD_FEATURE_THREAD_ID)
		uwq->msg.arg.pagefault.feat.ptid = (uint32_t)task_pid_vnr(current);
	list_add_tail(&uwq->entry, &ctx->faults);
	task_sleep_on(current, WAIT_USERFAULTFD, ctx);
	userfaultfd_changed(ctx);
	return FAULT_RETRY;
}

/* ---- the descriptor ---- */

static long userfaultfd_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct userfaultfd_ctx *ctx = f->private_data;
	struct userfaultfd_wait_queue *uwq;
	long done = 0;

	if (!(ctx->features & UFFD_FEATURE_INITIALIZED))
		return -EINVAL;
	for (int i = 0; i < nsegs; i++) {
		uint64_t addr = segs[i].base;
		size_t left = segs[i].len;
		const struct uffd_msg *msg;
		while (left >= sizeof *msg && (msg = next_message(ctx))) {
			if (copy_to_user(addr, msg, sizeof *msg))
				return done ? done : -EFAULT; /* the message is lost, as Linux's */
			addr += sizeof *msg;
			left -= sizeof *msg;
			done += sizeof *msg;
		}
	}
	if (done)
		return done;
	if (nsegs < 1 || segs[0].len < sizeof uwq->msg)
		return -EINVAL;
	if (file_nonblocking(f))
		return -EAGAIN;
	return wait_event(WAIT_USERFAULTFD, &ctx->faults, 0, 0, -ERESTARTSYS);
}

/* A blocking descriptor is EPOLLERR: a fault may be woken before it is read, so
 * readiness could not promise a read that does not block (Linux's rule). */
static short userfaultfd_poll(struct file *f, short events)
{
	struct userfaultfd_ctx *ctx = f->private_data;

	if (!(ctx->features & UFFD_FEATURE_INITIALIZED) || !file_nonblocking(f))
		return POLLERR;
	return first_unread(ctx) || first_unread_event(ctx) ? (POLLIN & events) : 0;
}

/* Registers ctx's mm's vmas in [start, end) with ctx (MISSING mode), or (!on)
 * unregisters those ctx has there. */
static int set_range(struct userfaultfd_ctx *ctx, uint64_t start, uint64_t end, bool on)
{
	return vma_set_userfaultfd(ctx->mm, start, end, ctx, on ? VM_UFFD_MISSING : 0);
}

static void userfaultfd_release(struct file *f)
{
	struct userfaultfd_ctx *ctx = f->private_data;

	struct userfaultfd_event *ev, *n;

	if (ctx->mm)
		set_range(ctx, 0, TASK_SIZE, false);
	wake_userfault(ctx, 0, 0);
	list_for_each_entry_safe(ev, n, &ctx->events, entry) { /* their calls end */
		struct task *t = find_task(ev->pid);
		if (t)
			wake_up(WAIT_USERFAULTFD, t);
		free_event(ev);
	}
	list_del(&ctx->list);
	free(ctx);
	f->private_data = NULL;
}

static void userfaultfd_show_fdinfo(FILE *m, struct file *f)
{
	struct userfaultfd_ctx *ctx = f->private_data;
	struct userfaultfd_wait_queue *uwq;
	unsigned long pending = 0, total = 0;

	prune_faults(ctx);
	list_for_each_entry(uwq, &ctx->faults, entry) {
		pending += !uwq->read;
		total++;
	}
	fprintf(m, "pending:\t%lu\ntotal:\t%lu\nAPI:\t%llx:%x:%llx\n", pending, total,
		(unsigned long long)UFFD_API, (unsigned)(ctx->features & ~UFFD_FEATURE_INITIALIZED),
		(unsigned long long)(UFFD_EMU_IOCTLS | UFFD_EMU_RANGE_IOCTLS));
}

/* ---- ioctls ---- */

/* Linux's validate_unaligned_range and validate_range. */
static int validate_unaligned_range(uint64_t start, uint64_t len)
{
	if ((len & ~PAGE_MASK) || !len || start < MMAP_MIN_ADDR || start >= TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	return 0;
}

static int validate_range(uint64_t start, uint64_t len)
{
	return (start & ~PAGE_MASK) ? -EINVAL : validate_unaligned_range(start, len);
}

static long userfaultfd_api(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_api api;
	uint64_t features;
	long err = -EINVAL;

	if (copy_from_user(&api, arg, sizeof api))
		return -EFAULT;
	features = api.features;
	if (api.api != UFFD_API)
		goto err_out;
	if ((features & UFFD_FEATURE_EVENT_FORK) && !capable(current, CAP_SYS_PTRACE)) {
		err = -EPERM;
		goto err_out;
	}
	api.features = UFFD_EMU_FEATURES;
	if (features & ~api.features)
		goto err_out;
	api.ioctls = UFFD_EMU_IOCTLS;
	if (copy_to_user(arg, &api, sizeof api))
		return -EFAULT;
	if (ctx->features) /* a second UFFDIO_API */
		goto err_out;
	ctx->features = features | UFFD_FEATURE_INITIALIZED;
	return 0;
err_out:
	memset(&api, 0, sizeof api);
	return copy_to_user(arg, &api, sizeof api) ? -EFAULT : err;
}

/* Linux's vma_can_userfault for MISSING mode: private anonymous memory, or shared
 * memory emu keeps (MAP_SHARED|MAP_ANONYMOUS, System V segments); not memfd or
 * hugetlb (docs/userfaultfd.md). */
static bool vma_can_userfault(const struct vma *vma)
{
	if (vma->flags & VM_HUGETLB)
		return false;
	return vma->obj ? mobj_is_shmem(vma->obj) && (vma->flags & VM_SHARED)
			: !(vma->flags & VM_SHARED);
}

static int vma_check_register(struct userfaultfd_ctx *ctx, const struct vma *vma)
{
	if (!vma_can_userfault(vma))
		return -EINVAL;
	if ((vma->flags & VM_MAYSHARE) && !(vma->flags & VM_MAYWRITE))
		return -EPERM; /* UFFDIO_COPY would write what the mapping may not */
	if (vma->uffd_ctx && vma->uffd_ctx != ctx)
		return -EBUSY;
	return 0;
}

/* The first vma of [start, end), after Linux's checks of the range and mode. */
static long registered_range_start(struct userfaultfd_ctx *ctx, struct uffdio_range *r,
				   struct vma **first)
{
	long err = validate_range(r->start, r->len);

	if (err)
		return err;
	if (!ctx->mm)
		return -ENOMEM; /* Linux's mmget_not_zero failing */
	*first = find_vma(ctx->mm, r->start);
	if (!*first || (*first)->start >= r->start + r->len)
		return -EINVAL;
	return 0;
}

static long userfaultfd_register(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_register reg;
	struct vma *vma;
	uint64_t ioctls = UFFD_EMU_RANGE_IOCTLS;
	long err;

	if (copy_from_user(&reg, arg, sizeof reg - sizeof reg.ioctls))
		return -EFAULT;
	if (!reg.mode || (reg.mode & ~(uint64_t)UFFD_API_REGISTER_MODES))
		return -EINVAL;
	if (reg.mode & (UFFDIO_REGISTER_MODE_WP | UFFDIO_REGISTER_MODE_MINOR))
		return -EINVAL; /* as a kernel without CONFIG_HAVE_ARCH_USERFAULTFD_WP, _MINOR */
	if ((err = registered_range_start(ctx, &reg.range, &vma)))
		return err;
	uint64_t end = reg.range.start + reg.range.len;
	for (; vma && vma->start < end; vma = vma->next)
		if ((err = vma_check_register(ctx, vma)))
			return err;
	if ((err = set_range(ctx, reg.range.start, end, true)))
		return err;
	return copy_to_user(arg + offsetof(struct uffdio_register, ioctls), &ioctls, sizeof ioctls);
}

static long userfaultfd_unregister(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_range r;
	struct vma *vma;
	long err;

	if (copy_from_user(&r, arg, sizeof r))
		return -EFAULT;
	if ((err = registered_range_start(ctx, &r, &vma)))
		return err;
	for (; vma && vma->start < r.start + r.len; vma = vma->next)
		if (!vma_can_userfault(vma))
			return -EINVAL;
	wake_userfault(ctx, r.start, r.len);
	return set_range(ctx, r.start, r.start + r.len, false);
}

static long userfaultfd_wake(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_range r;
	long err;

	if (copy_from_user(&r, arg, sizeof r))
		return -EFAULT;
	if ((err = validate_range(r.start, r.len)))
		return err;
	wake_userfault(ctx, r.start, r.len);
	return 0;
}

/* The tail of UFFDIO_COPY and UFFDIO_ZEROPAGE: the result into the struct's last
 * field, a wake-up unless DONTWAKE, -EAGAIN when only part was done. */
static long mfill_done(struct userfaultfd_ctx *ctx, uint64_t result_addr, long ret,
		       uint64_t dst, uint64_t len, bool dontwake)
{
	if (copy_to_user(result_addr, &ret, sizeof ret))
		return -EFAULT;
	if (ret < 0)
		return ret;
	flush_tlb_all();
	if (!dontwake)
		wake_userfault(ctx, dst, (uint64_t)ret);
	return (uint64_t)ret == len ? 0 : -EAGAIN;
}

static long userfaultfd_copy(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_copy c;
	long err;

	if (copy_from_user(&c, arg, sizeof c - sizeof c.copy))
		return -EFAULT;
	if ((err = validate_unaligned_range(c.src, c.len)) || (err = validate_range(c.dst, c.len)))
		return err;
	if (c.mode & ~(UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP))
		return -EINVAL;
	if (c.mode & UFFDIO_COPY_MODE_WP)
		return -EINVAL; /* no write-protect mode to register */
	if (c.src < c.dst + c.len && c.dst < c.src + c.len)
		return -EINVAL; /* Linux: the ranges may not overlap */
	long ret = ctx->mm ? mfill_atomic(ctx->mm, c.dst, c.src, c.len) : -ESRCH;
	return mfill_done(ctx, arg + offsetof(struct uffdio_copy, copy), ret, c.dst, c.len,
			  c.mode & UFFDIO_COPY_MODE_DONTWAKE);
}

static long userfaultfd_zeropage(struct userfaultfd_ctx *ctx, uint64_t arg)
{
	struct uffdio_zeropage z;
	long err;

	if (copy_from_user(&z, arg, sizeof z - sizeof z.zeropage))
		return -EFAULT;
	if ((err = validate_range(z.range.start, z.range.len)))
		return err;
	if (z.mode & ~UFFDIO_ZEROPAGE_MODE_DONTWAKE)
		return -EINVAL;
	long ret = ctx->mm ? mfill_atomic(ctx->mm, z.range.start, 0, z.range.len) : -ESRCH;
	return mfill_done(ctx, arg + offsetof(struct uffdio_zeropage, zeropage), ret, z.range.start,
			  z.range.len, z.mode & UFFDIO_ZEROPAGE_MODE_DONTWAKE);
}

static long userfaultfd_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct userfaultfd_ctx *ctx = f->private_data;

	if (cmd != UFFDIO_API && !(ctx->features & UFFD_FEATURE_INITIALIZED))
		return -EINVAL;
	switch (cmd) {
	case UFFDIO_API: return userfaultfd_api(ctx, arg);
	case UFFDIO_REGISTER: return userfaultfd_register(ctx, arg);
	case UFFDIO_UNREGISTER: return userfaultfd_unregister(ctx, arg);
	case UFFDIO_WAKE: return userfaultfd_wake(ctx, arg);
	case UFFDIO_COPY: return userfaultfd_copy(ctx, arg);
	case UFFDIO_ZEROPAGE: return userfaultfd_zeropage(ctx, arg);
	default: return -EINVAL; /* WRITEPROTECT, CONTINUE, MOVE, POISON: not built */
	}
}

static const struct file_operations userfaultfd_fops = {
	.show_fdinfo = userfaultfd_show_fdinfo,
	.read = userfaultfd_read,
	.poll = userfaultfd_poll,
	.release = userfaultfd_release,
	.unlocked_ioctl = userfaultfd_ioctl,
};

/* ---- the mm's side ---- */


static void queue_event(struct userfaultfd_ctx *ctx, const struct uffd_msg *msg)
{
	struct userfaultfd_event *ev = calloc(1, sizeof *ev);

	if (!ev || !current)
		return free(ev); /* out of memory: the event is lost, the call goes on */
	ev->msg = *msg;
	ev->pid = current->pid;
	list_add_tail(&ev->entry, &ctx->events);
	nr_events++;
	userfaultfd_changed(ctx);
}

void userfaultfd_remove(struct vma *vma, uint64_t start, uint64_t end)
{
	struct uffd_msg msg = { .event = UFFD_EVENT_REMOVE };

	if (!vma->uffd_ctx || !(vma->uffd_ctx->features & UFFD_FEATURE_EVENT_REMOVE))
		return;
	msg.arg.remove.start = start > vma->start ? start : vma->start;
	msg.arg.remove.end = end < vma->end ? end : vma->end;
	queue_event(vma->uffd_ctx, &msg);
}

/* One message per context for the whole range (Linux's has_unmap_ctx). */
void userfaultfd_unmap(struct mm *mm, uint64_t start, uint64_t end)
{
	struct uffd_msg msg = { .event = UFFD_EVENT_UNMAP };

	if (list_empty(&all_ctxs))
		return; /* every mmap comes here: no userfaultfd, nothing to tell */
	msg.arg.remove.start = start;
	msg.arg.remove.end = end;
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next) {
		struct userfaultfd_ctx *ctx = vma->uffd_ctx;
		bool seen = false;
		if (!ctx || !(ctx->features & UFFD_FEATURE_EVENT_UNMAP))
			continue;
		for (struct vma *v = find_vma(mm, start); v != vma; v = v->next)
			seen |= v->uffd_ctx == ctx;
		if (!seen)
			queue_event(ctx, &msg);
	}
}

bool userfaultfd_remap(struct userfaultfd_ctx *ctx, uint64_t from, uint64_t to, uint64_t len)
{
	struct uffd_msg msg = { .event = UFFD_EVENT_REMAP };

	if (!ctx || !(ctx->features & UFFD_FEATURE_EVENT_REMAP))
		return false;
	if (from != to) {
		msg.arg.remap.from = from;
		msg.arg.remap.to = to;
		msg.arg.remap.len = len;
		queue_event(ctx, &msg);
	}
	return true;
}

/* Whether current has events not yet read; the read ones go. */
static bool events_unread(void)
{
	struct userfaultfd_ctx *ctx;
	struct userfaultfd_event *ev, *n;
	bool unread = false;

	list_for_each_entry(ctx, &all_ctxs, list)
		list_for_each_entry_safe(ev, n, &ctx->events, entry) {
			if (ev->pid != current->pid)
				continue;
			if (!ev->read) {
				unread = true;
				continue;
			}
			free_event(ev);
		}
	return unread;
}

static long event_wait_restart(struct restart_block *restart)
{
	return userfaultfd_event_wait(restart->userfaultfd_event.ret);
}

/* Linux's userfaultfd_event_wait_completion, killable only: a signal for a handler
 * waits too. */
long userfaultfd_event_wait(long ret)
{
	struct restart_block *restart = &current->restart_block;

	if (!nr_events || !events_unread())
		return ret;
	restart->fn = event_wait_restart;
	restart->userfaultfd_event.ret = ret;
	task_sleep_on(current, WAIT_USERFAULTFD, current);
	return EMU_RESTART;
}

void dup_userfaultfd(struct vma *copy)
{
	copy->uffd_ctx = NULL;
	copy->flags &= ~VM_UFFD_MISSING;
}

void userfaultfd_exit_mmap(struct mm *mm)
{
	struct userfaultfd_ctx *ctx;

	list_for_each_entry(ctx, &all_ctxs, list)
		if (ctx->mm == mm)
			ctx->mm = NULL;
}

/* ---- making one ---- */

static long new_userfaultfd(int flags)
{
	struct userfaultfd_ctx *ctx;
	long fd;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
		return -EINVAL;
	if (!(ctx = calloc(1, sizeof *ctx)))
		return -ENOMEM;
	INIT_LIST_HEAD(&ctx->faults);
	INIT_LIST_HEAD(&ctx->events);
	INIT_LIST_HEAD(&ctx->list); /* the release of a failed one unlinks nothing */
	ctx->flags = flags & UFFD_USER_MODE_ONLY;
	ctx->mm = current->mm;
	/* a host eventfd answers fstat and fcntl (O_NONBLOCK), as for eventfd */
	fd = anon_inode_getfd("anon_inode:[userfaultfd]", &userfaultfd_fops, ctx,
			      eventfd(0, EFD_CLOEXEC | (flags & O_NONBLOCK ? EFD_NONBLOCK : 0)),
			      O_RDONLY | (flags & O_NONBLOCK), flags & O_CLOEXEC);
	if (fd >= 0)
		list_add(&ctx->list, &all_ctxs);
	return fd;
}

/* Linux's userfaultfd_syscall_allowed: user-mode faults always; kernel faults for
 * CAP_SYS_PTRACE or when vm.unprivileged_userfaultfd says so. */
static bool userfaultfd_syscall_allowed(int flags)
{
	return (flags & UFFD_USER_MODE_ONLY) || capable(current, CAP_SYS_PTRACE) ||
	       sysctl_unprivileged_userfaultfd;
}

SYSCALL_DEFINE1(userfaultfd, int, flags)
{
	if (!userfaultfd_syscall_allowed(flags))
		return -EPERM;
	return new_userfaultfd(flags);
}

/* The host's /dev/userfaultfd, which an open of that name reaches (its mode says
 * who may): the same character device. */
bool is_userfaultfd_dev(int host_fd)
{
	struct stat st, dev;

	return host_fd >= 0 && !fstat(host_fd, &st) && S_ISCHR(st.st_mode) &&
	       !stat("/dev/userfaultfd", &dev) && S_ISCHR(dev.st_mode) && st.st_rdev == dev.st_rdev;
}

/* /dev/userfaultfd: whoever may open it may make contexts that handle kernel faults
 * (its mode is the control), so only the flags are checked. */
long userfaultfd_dev_ioctl(unsigned cmd, uint64_t arg)
{
	if (cmd != USERFAULTFD_IOC_NEW)
		return -EINVAL;
	return new_userfaultfd((int)arg);
}
