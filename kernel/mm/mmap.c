/* mmap, munmap and brk: Linux's mm/mmap.c, without the parts emu leaves out
 * (RLIMIT_DATA, hugepages, mlock). */
#include <errno.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <emu/xlat.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08 /* Linux 6.11 */
#endif

unsigned prot_to_vm(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* /dev/zero maps as anonymous memory, private or shared (Linux's mmap_zero). */
static bool is_dev_zero(int host_fd)
{
	struct stat st;

	return !fstat(host_fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 5);
}

/* The object a file mapping maps, after Linux's permission checks; *obj stays NULL
 * for /dev/zero's private mappings. VM_MAYWRITE goes to *vm when the file may be
 * written through a shared mapping (mprotect checks it later); a shared mapping of
 * a file open only for reading never may. */
static long file_mapping(int fd, unsigned long prot, unsigned long flags, uint64_t len,
			 unsigned *vm, struct mobj **obj)
{
	struct file *f = fdget(fd);
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	unsigned mode;

	if (!f)
		return -EBADF;
	mode = f->flags & O_ACCMODE;
	if (mode == O_WRONLY || (f->flags & O_PATH))
		return -EACCES;
	if (f->host_fd < 0 || f->f_op)
		return -ENODEV; /* pipes, eventfds, epoll: nothing to map */
	if (shared && (prot & PROT_WRITE) && mode != O_RDWR)
		return -EACCES;
	if (is_dev_zero(f->host_fd) && shared && mode != O_RDWR) {
		*vm &= ~VM_SHARED; /* Linux: a read-only "shared" mapping, anonymous */
		return 0;
	}
	if (is_dev_zero(f->host_fd)) {
		*vm |= VM_MAYWRITE;
		*obj = shared ? mobj_new_shmem(len) : NULL;
		return shared && !*obj ? -ENOMEM : 0;
	}
	if (!shared) {
		*obj = mobj_open_file(f->host_fd, f->path);
		return *obj ? 0 : -errno;
	}
	if (mode == O_RDWR)
		*vm |= VM_MAYWRITE;
	*obj = mobj_open_shared_file(f->host_fd, mode == O_RDWR, f->path);
	return *obj ? 0 : -errno;
}

/* MAP_HUGETLB of anonymous memory: 2 MiB pages (MAP_HUGE_2MB or the default size),
 * length rounded up to them, a 2 MiB-aligned place; *len is rounded. */
static long hugetlb_place(uint64_t addr, uint64_t *len, unsigned long flags)
{
	unsigned size_log = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
	uint64_t at;

	if (!(flags & MAP_ANONYMOUS))
		return -EINVAL; /* not a hugetlbfs file: emu has none */
	if (size_log && size_log != HPAGE_SHIFT)
		return -EINVAL; /* no pool of that size */
	*len = (*len + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1);
	if (!*len || *len > TASK_SIZE)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
		return (addr & (HPAGE_SIZE - 1)) ? -EINVAL : (long)addr;
	addr &= ~(HPAGE_SIZE - 1);
	if (!(at = get_unmapped_area(current->mm, addr, *len + HPAGE_SIZE - PAGE_SIZE)))
		return -ENOMEM;
	return (long)((at + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
}

static long do_mmap(uint64_t addr, uint64_t len, unsigned long prot, unsigned long flags,
		    int fd, uint64_t off)
{
	unsigned type = flags & MAP_TYPE, vm = prot_to_vm(prot);
	struct mobj *obj = NULL;
	long err;

	if (!(flags & MAP_ANONYMOUS) && !fdget(fd))
		return -EBADF; /* Linux looks the file up first (ksys_mmap_pgoff) */
	if (!len || (off & ~PAGE_MASK))
		return -EINVAL;
	if (type == MAP_DROPPABLE) {
		/* private anonymous memory the kernel may free: never locked, grown,
		 * huge, or backed by a file (Linux's do_mmap) */
		if (!(flags & MAP_ANONYMOUS) || (flags & (MAP_LOCKED | MAP_HUGETLB | MAP_GROWSDOWN)))
			return -EINVAL;
		vm |= VM_DROPPABLE | VM_WIPEONFORK | VM_DONTDUMP;
		flags |= MAP_NORESERVE; /* nothing to reserve for pages that may go */
		type = MAP_PRIVATE;
	}
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~(MAP_TYPE | xlat_mask(xlat_mmap_flags))))
		return -EOPNOTSUPP;
	if (flags & MAP_HUGETLB) {
		long at = hugetlb_place(addr, &len, flags);
		if (at < 0)
			return at;
		addr = (uint64_t)at;
		vm |= VM_HUGETLB;
		flags |= MAP_FIXED_NOREPLACE * !(flags & MAP_FIXED); /* the place is chosen */
	}
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    ((addr & ~PAGE_MASK) || addr + len > TASK_SIZE || addr + len < addr))
		return (addr & ~PAGE_MASK) ? -EINVAL : -ENOMEM;
	if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
	    range_is_mapped(current->mm, addr, len, false))
		return -EEXIST;
	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		addr = get_unmapped_area(current->mm, addr & PAGE_MASK, len);
	if (!addr)
		return -ENOMEM;
	if (type == MAP_PRIVATE && (prot & PROT_WRITE) && !(flags & MAP_NORESERVE) &&
	    len > phys_size())
		return -ENOMEM; /* the heuristic overcommit: more than the machine has */
	if (type != MAP_PRIVATE)
		vm |= VM_SHARED | VM_MAYSHARE | ((flags & MAP_ANONYMOUS) ? VM_MAYWRITE : 0);
	if (flags & MAP_LOCKED)
		vm |= VM_LOCKED;
	if (flags & MAP_GROWSDOWN) {
		if ((flags & MAP_ANONYMOUS) && type != MAP_PRIVATE)
			return -EINVAL; /* Linux: shared memory does not grow */
		vm |= VM_GROWSDOWN;
	}
	if (!(flags & MAP_ANONYMOUS) && (err = file_mapping(fd, prot, flags, len, &vm, &obj)))
		return err;
	if ((vm & VM_HUGETLB) && (err = hugetlb_charge(len, false)))
		return err;
	if ((flags & MAP_ANONYMOUS) && type != MAP_PRIVATE && !(obj = mobj_new_shmem(len)))
		err = -ENOMEM;
	else
		err = vma_map(current->mm, addr, len, vm, obj, obj ? off >> PAGE_SHIFT : 0);
	if (obj)
		mobj_put(obj); /* the vma holds its own reference */
	if (err && (vm & VM_HUGETLB))
		hugetlb_uncharge(len); /* no vma took it */
	return err ? err : (long)addr;
}

SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, unsigned long, prot, unsigned long, flags,
		int, fd, uint64_t, off)
{
	return userfaultfd_event_wait(do_mmap(addr, len, prot, flags, fd, off)); /* MAP_FIXED's UNMAP */
}

SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
{
	if ((addr & ~PAGE_MASK) || !len || addr >= TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE - addr)
		return -EINVAL;
	return userfaultfd_event_wait(vma_unmap(current->mm, addr, len));
}

/* brk: the heap is one anonymous vma from start_brk; a failed change returns the
 * old break, as Linux does. */
SYSCALL_DEFINE1(brk, uint64_t, brk)
{
	struct mm *mm = current->mm;
	uint64_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);

	if (brk < mm->start_brk || brk >= TASK_SIZE)
		return mm->brk;
	if (new_end < old_end && vma_unmap(mm, new_end, old_end - new_end))
		return mm->brk;
	if (new_end > old_end) {
		if (range_is_mapped(mm, old_end, new_end - old_end, false) ||
		    new_end + PAGE_SIZE > mm->mmap_base - STACK_SIZE_MAX)
			return mm->brk;
		if (vma_map(mm, old_end, new_end - old_end, VM_READ | VM_WRITE, NULL, 0))
			return mm->brk;
	}
	mm->brk = brk;
	return brk;
}
