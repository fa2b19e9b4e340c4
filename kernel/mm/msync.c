/* msync: Linux's mm/msync.c. Shared file pages are the host file's own pages, so
 * there is nothing to write back for read() to see; MS_SYNC asks the host to make
 * the file durable, as Linux's vfs_fsync_range. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <sys/mman.h>

SYSCALL_DEFINE3(msync, uint64_t, start, uint64_t, len, int, flags)
{
	struct mm *mm = current->mm;
	uint64_t end;
	int err = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((start & ~PAGE_MASK) || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	if (!range_is_mapped(mm, start, end - start, true))
		return -ENOMEM;
	if (!(flags & MS_SYNC))
		return 0;
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next)
		if ((vma->flags & VM_SHARED) && vma->obj && mobj_sync(vma->obj) < 0)
			err = -EIO;
	return err;
}
