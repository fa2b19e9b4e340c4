/* userfaultfd (kernel/fs/userfaultfd.c; the page fills in kernel/mm/userfaultfd.c,
 * as Linux's files): a descriptor through which a thread of the program answers
 * the page faults of registered ranges. */
#ifndef EMU_USERFAULTFD_H
#define EMU_USERFAULTFD_H
#include <stdbool.h>
#include <stdint.h>
#include <emu/mm.h>

/* vm.unprivileged_userfaultfd: 0 (Linux's default) lets only CAP_SYS_PTRACE make a
 * userfaultfd that handles kernel faults; UFFD_USER_MODE_ONLY needs nothing. */
extern long sysctl_unprivileged_userfaultfd;

/* vma's missing pages are a userfaultfd's to fill (MISSING mode). */
static inline bool userfaultfd_missing(const struct vma *vma)
{
	return vma->uffd_ctx && (vma->flags & VM_UFFD_MISSING);
}

/* The page at va of such a vma is missing: not in the page table, nor (shared
 * memory) in its object, where another mapping may have put it. */
static inline bool userfaultfd_page_missing(const struct vma *vma, uint64_t va)
{
	return !vma->obj ||
	       !mobj_find_page(vma->obj, vma->pgoff + ((va - vma->start) >> PAGE_SHIFT));
}

/* A fault on a missing page of vma at va. A user access queues a message for the
 * handler and puts current to sleep (FAULT_RETRY: the access runs again when it
 * wakes); a kernel access, or a context with UFFD_FEATURE_SIGBUS, is FAULT_SIGBUS. */
enum fault_result handle_userfault(struct vma *vma, uint64_t va, enum access access, bool user);

/* The non-cooperative events (each for the contexts that asked for it): vma is
 * losing [start, end) to madvise (UFFD_EVENT_REMOVE); [start, end) of mm is being
 * unmapped (UFFD_EVENT_UNMAP); a range ctx registered moved from from to to
 * (UFFD_EVENT_REMAP, and true: the new range stays registered). They are queued;
 * the call then ends with userfaultfd_event_wait, as Linux's caller waits until its
 * events are read. */
void userfaultfd_remove(struct vma *vma, uint64_t start, uint64_t end);
void userfaultfd_unmap(struct mm *mm, uint64_t start, uint64_t end);
bool userfaultfd_remap(struct userfaultfd_ctx *ctx, uint64_t from, uint64_t to, uint64_t len);
/* ret, once current's events are read (EMU_RESTART while it sleeps for that). */
long userfaultfd_event_wait(long ret);

/* Linux's mfill_atomic (kernel/mm/userfaultfd.c): pages at dst of mm, a registered
 * vma, from src's (src 0: zeroes), page by page; the bytes done, or the first
 * page's error (-ENOENT outside a registered vma, -EEXIST where a page is). */
long mfill_atomic(struct mm *mm, uint64_t dst, uint64_t src, uint64_t len);

/* A child's copy of a registered vma is not registered (no UFFD_EVENT_FORK). */
void dup_userfaultfd(struct vma *copy);
/* mm is going away: its contexts forget it. */
void userfaultfd_exit_mmap(struct mm *mm);
bool is_userfaultfd_dev(int host_fd); /* the host's /dev/userfaultfd? */
/* /dev/userfaultfd's ioctl (USERFAULTFD_IOC_NEW): a new context, its fd or -errno. */
long userfaultfd_dev_ioctl(unsigned cmd, uint64_t arg);

#endif
